package org.enclave.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code enclave-audit-verifier.jar}, run as an auditor runs it: {@code java -jar}.
 */
class VerifierJarIT {

  private static final Path JAR = Path.of(System.getProperty("verifier.jar"));
  private static final String KEY = TestLog.SIGNER.verifier().verifierKey();

  @TempDir Path dir;

  @Test
  void isSelfContainedWithoutStaleSignatures() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> names = Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();

      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo(VerifierMain.class.getName());
      assertThat(names)
          .contains(
              "org/enclave/audit/verify/VerifierMain.class",
              "org/bouncycastle/crypto/signers/Ed25519Signer.class",
              "org/postgresql/Driver.class",
              "META-INF/services/java.sql.Driver");
      assertThat(names).noneMatch(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"));
    }
  }

  @Test
  void verifiesAGoodDumpAndFailsATamperedOne() throws Exception {
    TestLog log = TestLog.of(50, 25, 50);
    Path good = TestLog.write(dir, log.lines());
    log.rewrite(30, TestLog.data(999));
    Path tampered = TestLog.write(dir, log.lines());

    Result ok = java("verify", "--key", KEY, good.toString());
    Result failed = java("verify", "--key", KEY, tampered.toString());

    assertThat(ok.exit()).as(ok.output()).isEqualTo(0);
    assertThat(ok.output()).endsWith("OK\n");
    assertThat(failed.exit()).isEqualTo(1);
    assertThat(failed.output()).startsWith("FAIL at index 30: ");
  }

  @Test
  void usageErrorsExitWithTwo() throws Exception {
    assertThat(java().exit()).isEqualTo(2);
    assertThat(java("help").exit()).isEqualTo(0);
  }

  private record Result(int exit, String output) {}

  private static Result java(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }
}

package org.enclave.api.sharedtask.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.enclave.api.sharedtask.persistence.ProgramEntity.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What an uploaded scoring program must be before it is recorded. */
class ProgramFilesTest {

  private static Optional<String> check(Kind kind, byte[] bytes) throws IOException {
    return ProgramFiles.contentProblem(kind, () -> new ByteArrayInputStream(bytes));
  }

  static byte[] jar(String mainClass) throws IOException {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (mainClass != null) {
      m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(out, m)) {
      jar.putNextEntry(new ZipEntry("org/example/Score.class"));
      jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
      jar.closeEntry();
    }
    return out.toByteArray();
  }

  @Test
  void aUtf8ScriptIsAccepted() throws IOException {
    byte[] script = "# café\nimport json\nprint('ok')\n".getBytes(StandardCharsets.UTF_8);

    assertThat(check(Kind.PYTHON, script)).isEmpty();
  }

  @Test
  void scriptsMustBeNonEmptyUtf8Text() throws IOException {
    assertThat(check(Kind.PYTHON, new byte[0]))
        .hasValueSatisfying(m -> assertThat(m).contains("empty"));
    assertThat(check(Kind.PYTHON, "print('caf\u00e9')".getBytes(StandardCharsets.ISO_8859_1)))
        .hasValueSatisfying(m -> assertThat(m).contains("not UTF-8"));
    assertThat(check(Kind.PYTHON, new byte[] {'a', 0, 'b'}))
        .hasValueSatisfying(m -> assertThat(m).contains("NUL byte"));
  }

  @Test
  void aJarNamingItsMainClassIsAccepted() throws IOException {
    assertThat(check(Kind.JAR, jar("org.example.Score"))).isEmpty();
  }

  @Test
  void aJarWithoutMainClassIsRejected() throws IOException {
    assertThat(check(Kind.JAR, jar(null)))
        .hasValueSatisfying(m -> assertThat(m).contains("names no Main-Class"));
  }

  @Test
  void aZipWithoutManifestIsRejected() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("Score.class"));
      zip.write(1);
      zip.closeEntry();
    }

    assertThat(check(Kind.JAR, out.toByteArray()))
        .hasValueSatisfying(m -> assertThat(m).contains("no META-INF/MANIFEST.MF"));
  }

  @Test
  void somethingElseIsNotAJar() throws IOException {
    assertThat(check(Kind.JAR, "print('hi')".getBytes(StandardCharsets.UTF_8)))
        .hasValueSatisfying(m -> assertThat(m).contains("not a jar"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "../score.py", "/score.py", "score .py", ".score.py", "score.txt"})
  void badScriptNamesAreRefused(String name) {
    assertThat(ProgramFiles.nameProblem(Kind.PYTHON, name)).isPresent();
  }

  @Test
  void namesEndInTheKindsExtension() {
    assertThat(ProgramFiles.nameProblem(Kind.PYTHON, "score_v2.py")).isEmpty();
    assertThat(ProgramFiles.nameProblem(Kind.JAR, "scorer-1.0.jar")).isEmpty();
    assertThat(ProgramFiles.nameProblem(Kind.JAR, "score.py"))
        .hasValueSatisfying(m -> assertThat(m).contains("ends in .jar"));
  }
}

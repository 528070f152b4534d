package org.enclave.infra.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code enclave_exports}, the Python kernel's helper, runs the workspace's {@code enclave export}
 * command with the files, the justification and the returned request; a refusal raises with what
 * the command said. Run against a stand-in {@code enclave} on PATH that records its arguments.
 */
class PythonExportsHelperTest {
  @TempDir Path dir;

  private String python(String code, String exit) throws Exception {
    Path module = dir.resolve("enclave_exports.py");
    try (InputStream in = SandboxFiles.class.getResourceAsStream("python/enclave_exports.py")) {
      Files.write(module, in.readAllBytes());
    }
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path enclave = bin.resolve("enclave");
    Files.writeString(
        enclave,
        "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]' \"$a\"; done > \""
            + dir.resolve("argv")
            + "\"\necho 'export request r1 is submitted'\necho 'refused: too large' >&2\nexit "
            + exit
            + "\n");
    Files.setPosixFilePermissions(enclave, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder pb =
        new ProcessBuilder(List.of("python3", "-c", code)).redirectErrorStream(true);
    pb.environment().put("PYTHONPATH", dir.toString());
    pb.environment().put("PATH", bin + ":/usr/bin:/bin");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  private String argv() throws IOException {
    return Files.readString(dir.resolve("argv"));
  }

  @Test
  void exportRunsTheCommandWithTheFilesJustificationAndResubmission() throws Exception {
    String out =
        python(
            "import enclave_exports as e\n"
                + "e.export(['results/t.csv', 'fig 1.png'], 'Table 2; \"why\"', resubmits='r0')\n",
            "0");
    assertThat(out).contains("export request r1 is submitted");
    assertThat(argv())
        .isEqualTo(
            "[export][request][results/t.csv][fig 1.png][--justification][Table 2; \"why\"]"
                + "[--resubmits][r0]");
    python("import enclave_exports as e\ne.export('one.csv', 'j')\n", "0");
    assertThat(argv()).isEqualTo("[export][request][one.csv][--justification][j]");
    python("import enclave_exports as e\nprint(e.exports())\n", "0");
    assertThat(argv()).isEqualTo("[export][list]");
  }

  @Test
  void aRefusalRaisesWithWhatTheCommandSaid() throws Exception {
    String out =
        python(
            "import enclave_exports as e\n"
                + "try:\n  e.withdraw('r1')\nexcept e.ExportRefused as x:\n  print('raised:', x)\n",
            "1");
    assertThat(out).contains("raised: refused: too large");
    assertThat(argv()).isEqualTo("[export][withdraw][r1]");
  }
}

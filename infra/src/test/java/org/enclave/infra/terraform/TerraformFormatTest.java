package org.enclave.infra.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code terraform fmt -check}: the one Terraform command that needs no provider (ADR 0006,
 * decision 8). It fails rather than skips without the binary, so a machine without Terraform cannot
 * pass the build by not checking.
 */
class TerraformFormatTest {
  private static final String INSTALL =
      "install Terraform 1.11 as /usr/local/bin/terraform (or on the PATH): "
          + "https://developer.hashicorp.com/terraform/install, or Debian's apt repository at "
          + "https://apt.releases.hashicorp.com (apt-get install terraform)";

  @Test
  void everyTerraformFileIsFormatted() throws Exception {
    Path terraform = terraformBinary();
    ProcessBuilder builder =
        new ProcessBuilder(
                terraform.toString(),
                "fmt",
                "-check",
                "-recursive",
                "-diff",
                TerraformRepo.terraform().toString())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    // No CLI configuration: fmt reads none, and a developer's ~/.terraformrc cannot change it.
    builder.environment().put("TF_CLI_CONFIG_FILE", "/dev/null");
    Process process = builder.start();
    // Read before waiting: a diff larger than the pipe's buffer would block fmt otherwise.
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean done = process.waitFor(2, TimeUnit.MINUTES);
    if (!done) {
      process.destroyForcibly();
    }
    assertThat(done).as("terraform fmt did not finish in 2 minutes").isTrue();
    assertThat(process.exitValue())
        .as(
            "terraform fmt -check -recursive terraform/ lists files that are not formatted; "
                + "run `TF_CLI_CONFIG_FILE=/dev/null terraform fmt -recursive terraform/`:%n%s",
            output)
        .isZero();
  }

  private static Path terraformBinary() {
    Path standard = Path.of("/usr/local/bin/terraform");
    if (Files.isExecutable(standard)) {
      return standard;
    }
    String path = System.getenv().getOrDefault("PATH", "");
    try (Stream<String> dirs = Stream.of(path.split(File.pathSeparator))) {
      List<Path> found =
          dirs.filter(d -> !d.isEmpty())
              .map(d -> Path.of(d, "terraform"))
              .filter(Files::isExecutable)
              .toList();
      if (found.isEmpty()) {
        throw new AssertionError("terraform is not installed: " + INSTALL);
      }
      return found.get(0);
    }
  }
}

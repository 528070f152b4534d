package org.enclave.workspace.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.enclave.workspace.runtime.client.S3Fixture;
import org.junit.jupiter.api.Test;

/** The shipped bin/enclave launcher running the packaged jar against a real S3 server. */
class CliLauncherIT {
  @Test
  void theLauncherRunsTheCliFromTheRuntimeJar() throws Exception {
    Path jar = RuntimeJar.path("runtime.jar");
    Path launcher = RuntimeJar.path("runtime.dist").resolve("bin/enclave");
    assertThat(RuntimeJar.executable(launcher)).as("%s is executable", launcher).isTrue();

    try (S3Fixture s3 = new S3Fixture()) {
      s3.bucket("clpsych-synthetic.v1");
      s3.put("clpsych-synthetic.v1", "README.md", "synthetic posts\n");
      Map<String, String> env = new HashMap<>(s3.environment());
      env.put("ENCLAVE_RUNTIME_JAR", jar.toString());

      RuntimeJar.Result datasets =
          RuntimeJar.run(List.of(launcher.toString(), "datasets"), env, 60);
      assertThat(datasets.status()).as(datasets.output()).isZero();
      assertThat(datasets.output()).contains("clpsych-synthetic.v1");

      RuntimeJar.Result cat =
          RuntimeJar.run(
              List.of(launcher.toString(), "cat", "clpsych-synthetic.v1", "README.md"), env, 60);
      assertThat(cat.status()).isZero();
      assertThat(cat.output()).isEqualTo("synthetic posts\n");

      RuntimeJar.Result missing =
          RuntimeJar.run(
              List.of(launcher.toString(), "cat", "clpsych-synthetic.v1", "nope"), env, 60);
      assertThat(missing.status()).isEqualTo(1);
      assertThat(missing.output()).startsWith("enclave: NoSuchKey: ");

      env.put("ENCLAVE_RUNTIME_JAR", "/nonexistent/enclave-runtime.jar");
      RuntimeJar.Result noJar = RuntimeJar.run(List.of(launcher.toString(), "datasets"), env, 60);
      assertThat(noJar.status()).isEqualTo(1);
      assertThat(noJar.output())
          .contains("the runtime jar /nonexistent/enclave-runtime.jar is missing");
    }
  }
}

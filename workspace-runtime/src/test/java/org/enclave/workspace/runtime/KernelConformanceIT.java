package org.enclave.workspace.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.enclave.workspace.runtime.client.S3Fixture;
import org.junit.jupiter.api.Test;

/**
 * The packaged kernel under a real Jupyter client (Debian python3-jupyter-client), started from the
 * shipped kernel.json, with the enclave client reading from a real S3 server.
 */
class KernelConformanceIT {
  @Test
  void theKernelSpeaksTheJupyterProtocol() throws Exception {
    Path jar = RuntimeJar.path("runtime.jar");
    Path kernelJson = RuntimeJar.path("runtime.dist").resolve("kernels/enclave-groovy/kernel.json");
    Path driver = RuntimeJar.path("runtime.python-driver");
    String python = System.getProperty("runtime.python", "/usr/bin/python3");

    if (!RuntimeJar.executable(Path.of(python))) {
      fail(python + " is missing: install the Debian packages python3 and python3-jupyter-client");
    }
    RuntimeJar.Result probe =
        RuntimeJar.run(List.of(python, "-c", "import jupyter_client"), Map.of(), 60);
    if (probe.status() != 0) {
      fail(
          "jupyter_client cannot be imported by "
              + python
              + ": install the Debian package python3-jupyter-client\n"
              + probe.output());
    }

    try (S3Fixture s3 = new S3Fixture()) {
      s3.bucket("clpsych-synthetic.v1");
      s3.put(
          "clpsych-synthetic.v1",
          "train/posts.jsonl",
          "{\"post_id\": \"p1\", \"text\": \"first\"}\n{\"post_id\": \"p2\", \"text\": \"second\"}\n");
      RuntimeJar.Result r =
          RuntimeJar.run(
              List.of(
                  python,
                  driver.toString(),
                  "--jar",
                  jar.toString(),
                  "--kernel-json",
                  kernelJson.toString(),
                  "--bucket",
                  "clpsych-synthetic.v1",
                  "--key",
                  "train/posts.jsonl"),
              s3.environment(),
              240);
      assertThat(r.status()).as("the conformance driver's output:%n%s", r.output()).isZero();
      assertThat(r.output()).contains("all checks passed");
    }
  }
}

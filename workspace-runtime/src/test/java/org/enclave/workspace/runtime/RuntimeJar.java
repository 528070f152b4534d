package org.enclave.workspace.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged runtime, as the integration tests find it (failsafe's system properties). */
final class RuntimeJar {
  private RuntimeJar() {}

  static Path path(String property) {
    String value = System.getProperty(property);
    assertThat(value).as("system property %s (set by the build)", property).isNotBlank();
    Path p = Path.of(value);
    assertThat(p).as("%s: run 'verify' so that the jar is packaged first", property).exists();
    return p;
  }

  record Result(int status, String output) {}

  /** Runs a command to its end, output and errors together. */
  static Result run(List<String> command, Map<String, String> env, long timeoutSeconds)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("ENCLAVE_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not end in " + timeoutSeconds + " s");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  static boolean executable(Path p) {
    return Files.isExecutable(p);
  }
}

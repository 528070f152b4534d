package org.enclave.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.enclave.infra.workspace.ExecRequest;
import org.enclave.infra.workspace.ExecResult;
import org.enclave.infra.workspace.WorkspaceProvider;

/**
 * Works in a running workspace as its user would: files written into the home, and scripts run
 * there with {@code enclave} as the shipped launcher runs it, from the packaged runtime jar.
 */
public final class WorkspaceShell {
  /** The packaged workspace runtime ({@code ./mvnw -pl workspace-runtime package}). */
  public static final Path RUNTIME_JAR = Path.of("../workspace-runtime/target/enclave-runtime.jar");

  private WorkspaceShell() {}

  /** Writes {@code bytes} to {@code $HOME/name} in the workspace. */
  public static void put(WorkspaceProvider provider, String ws, String name, byte[] bytes) {
    ExecResult r =
        provider.exec(
            ws,
            new ExecRequest(
                List.of("sh", "-c", "cat > \"$HOME/" + name + "\""),
                bytes,
                Duration.ofSeconds(60)));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
  }

  /** Runs a script in the workspace's home; {@code enclave} runs the runtime jar put there. */
  public static ExecResult sh(WorkspaceProvider provider, String ws, String script) {
    String enclave =
        "enclave() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar \"$HOME/enclave-runtime.jar\""
            + " \"$@\"; }; cd \"$HOME\" && ";
    return provider.exec(
        ws, ExecRequest.shell(enclave + script).withTimeout(Duration.ofSeconds(120)));
  }
}

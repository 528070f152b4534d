package org.enclave.infra.workspace;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A command to run inside a workspace.
 *
 * @param command the program and its arguments, looked up on the workspace's PATH
 * @param stdin bytes fed to the command's standard input, then closed
 * @param timeout how long the command may run; after that it and whatever it started are killed
 */
public record ExecRequest(List<String> command, byte[] stdin, Duration timeout) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);

  public ExecRequest {
    if (command == null || command.isEmpty()) {
      throw new WorkspaceException(WorkspaceException.Reason.INVALID_SPEC, "command is empty");
    }
    command = List.copyOf(command);
    stdin = stdin == null ? new byte[0] : stdin.clone();
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new WorkspaceException(WorkspaceException.Reason.INVALID_SPEC, "timeout must be > 0");
    }
  }

  public static ExecRequest of(String... command) {
    return new ExecRequest(List.of(command), null, null);
  }

  /** {@code sh -c script} inside the workspace. */
  public static ExecRequest shell(String script) {
    return of("sh", "-c", script);
  }

  public ExecRequest withStdin(String text) {
    return new ExecRequest(command, text.getBytes(StandardCharsets.UTF_8), timeout);
  }

  public ExecRequest withTimeout(Duration newTimeout) {
    return new ExecRequest(command, stdin, newTimeout);
  }

  @Override
  public byte[] stdin() {
    return stdin.clone();
  }
}

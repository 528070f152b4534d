package org.enclave.infra.workspace;

/**
 * What a command run inside a workspace did.
 *
 * @param exitCode its exit code; 128 + n when killed by signal n (so 137 after a timeout)
 * @param stdout its standard output (UTF-8), cut at {@link #MAX_OUTPUT_CHARS}
 * @param stderr its standard error (UTF-8), cut likewise
 * @param timedOut whether it was killed because it ran past its timeout
 */
public record ExecResult(int exitCode, String stdout, String stderr, boolean timedOut) {
  /** Output kept per stream; the rest is read and dropped. */
  public static final int MAX_OUTPUT_CHARS = 1 << 20;

  public boolean succeeded() {
    return exitCode == 0 && !timedOut;
  }
}

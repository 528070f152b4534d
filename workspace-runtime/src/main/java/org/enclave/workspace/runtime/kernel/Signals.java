package org.enclave.workspace.runtime.kernel;

/**
 * SIGINT interrupts the running cell instead of ending the JVM: Jupyter interrupts kernels whose
 * spec asks for {@code "interrupt_mode": "signal"} (the default) that way.
 */
final class Signals {
  private Signals() {}

  static void onInterrupt(Runnable action) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> action.run());
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      System.err.println(
          "enclave kernel: SIGINT cannot be handled here; interrupts work by message");
    }
  }
}

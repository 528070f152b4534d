package org.enclave.infra.workspace;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Ends a sandbox: asks every process in its pid namespace to terminate, waits the grace period,
 * then kills the namespace's init, which makes the kernel kill whatever is left inside. Works on
 * sandboxes started by an earlier control-plane process, since it needs only the record.
 */
final class SandboxStopper {
  private static final Duration KILL_WAIT = Duration.ofSeconds(30);

  private final Duration grace;

  SandboxStopper(Duration grace) {
    this.grace = grace;
  }

  void stop(SandboxRecord record) {
    Procs.ProcessId init = record.init();
    if (init != null && init.isAlive()) {
      Optional<String> namespace = Procs.pidNamespace(init.pid());
      if (namespace.isPresent() && init.isAlive()) {
        String ns = namespace.get();
        others(ns, init).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
        await(() -> others(ns, init).isEmpty(), grace);
        if (init.isAlive()) {
          ProcessHandle.of(init.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
        await(() -> !init.isAlive() && Procs.membersOf(ns).isEmpty(), KILL_WAIT);
      }
    }
    Procs.ProcessId outer = record.outer();
    if (outer.isAlive()) {
      // With the init gone the outer bwrap exits by itself; if the init never came, kill it.
      await(() -> !outer.isAlive(), init == null ? Duration.ZERO : KILL_WAIT);
      if (outer.isAlive()) {
        ProcessHandle.of(outer.pid())
            .ifPresent(
                handle -> {
                  handle.descendants().forEach(ProcessHandle::destroyForcibly);
                  handle.destroyForcibly();
                });
        await(() -> !outer.isAlive(), KILL_WAIT);
      }
    }
  }

  private static List<Long> others(String namespace, Procs.ProcessId init) {
    return Procs.membersOf(namespace).stream().filter(pid -> pid != init.pid()).toList();
  }

  static boolean await(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return condition.getAsBoolean();
      }
    }
    return true;
  }
}

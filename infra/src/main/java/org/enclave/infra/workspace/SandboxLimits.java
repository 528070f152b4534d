package org.enclave.infra.workspace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.enclave.infra.workspace.LimitEnforcement.Limit;
import org.enclave.infra.workspace.LimitEnforcement.Mechanism;

/**
 * What enforces each limit of a sandbox, and the {@code prlimit} options that go with it: the
 * cgroups it was placed in, and resource limits where a cgroup is missing (saying how much less
 * they cover) or on top.
 */
final class SandboxLimits {
  private final List<LimitEnforcement> limits = new ArrayList<>();
  private final List<String> rlimits = new ArrayList<>();

  private SandboxLimits() {}

  /**
   * The limits of a sandbox placed in {@code placement}.
   *
   * @param privileged whether the sandbox's processes run as a uid other than the control plane's
   * @param uidOfItsOwn whether that uid belongs to this sandbox alone, so that the per-user process
   *     limit (RLIMIT_NPROC) is a limit of this sandbox
   */
  static SandboxLimits of(
      WorkspaceLimits requested,
      Cgroups.Placement placement,
      boolean privileged,
      boolean uidOfItsOwn) {
    SandboxLimits result = new SandboxLimits();
    result.limits.add(placement.limits().get(Limit.CPU));

    LimitEnforcement memory = placement.limits().get(Limit.MEMORY);
    if (!memory.enforced()) {
      long bytes = requested.memoryMiB() * 1024 * 1024;
      result.rlimits.add("--as=" + bytes + ":" + bytes);
      memory =
          new LimitEnforcement(
              Limit.MEMORY,
              memory.requested(),
              Mechanism.RLIMIT,
              "address space of each process (RLIMIT_AS), not the sandbox's total; "
                  + memory.note());
    }
    result.limits.add(memory);
    result.limits.add(result.pids(requested, placement, privileged, uidOfItsOwn));

    result.add(
        new LimitEnforcement(
            Limit.OPEN_FILES,
            Cgroups.requested(Limit.OPEN_FILES, requested),
            Mechanism.RLIMIT,
            "per process (RLIMIT_NOFILE)"),
        "--nofile=" + requested.openFiles() + ":" + requested.openFiles());
    return result;
  }

  private LimitEnforcement pids(
      WorkspaceLimits requested,
      Cgroups.Placement placement,
      boolean privileged,
      boolean uidOfItsOwn) {
    LimitEnforcement pids = placement.limits().get(Limit.PIDS);
    String nproc = "--nproc=" + requested.pids() + ":" + requested.pids();
    if (privileged && uidOfItsOwn) {
      // The uid is the sandbox's own: the per-user process limit is a per-sandbox limit.
      rlimits.add(nproc);
      return pids.enforced()
          ? pids
          : new LimitEnforcement(
              Limit.PIDS,
              pids.requested(),
              Mechanism.RLIMIT,
              "processes and threads of the sandbox's own uid (RLIMIT_NPROC)");
    }
    if (pids.enforced()) {
      return pids;
    }
    if (privileged) {
      rlimits.add(nproc);
      return new LimitEnforcement(
          Limit.PIDS,
          pids.requested(),
          Mechanism.RLIMIT,
          "processes and threads of the sandboxes' shared uid, all of them together (RLIMIT_NPROC); "
              + pids.note());
    }
    return new LimitEnforcement(
        Limit.PIDS,
        pids.requested(),
        Mechanism.NONE,
        pids.note() + "; RLIMIT_NPROC would count the control plane's processes too (same uid)");
  }

  /** Adds a limit and the {@code prlimit} options that enforce it. */
  SandboxLimits add(LimitEnforcement limit, String... prlimitOptions) {
    limits.add(limit);
    rlimits.addAll(List.of(prlimitOptions));
    return this;
  }

  List<LimitEnforcement> limits() {
    return List.copyOf(limits);
  }

  List<String> rlimits() {
    return List.copyOf(rlimits);
  }

  /** A placement in no cgroup: every cgroup limit is {@link Mechanism#NONE}, for {@code why}. */
  static Cgroups.Placement unplaced(WorkspaceLimits limits, String why) {
    Map<Limit, LimitEnforcement> result = new LinkedHashMap<>();
    for (Limit limit : List.of(Limit.CPU, Limit.MEMORY, Limit.PIDS)) {
      result.put(
          limit,
          new LimitEnforcement(limit, Cgroups.requested(limit, limits), Mechanism.NONE, why));
    }
    return new Cgroups.Placement(List.of(), List.of(), result);
  }
}

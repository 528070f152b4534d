package org.enclave.api.sharedtask.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Shared tasks: limits on submitted and gold files, and the scorer's gold cache. */
@ConfigMapping(prefix = "enclave.shared-tasks")
public interface SharedTaskConfig {

  /** Largest submission file, in bytes; a larger one is refused before it is read whole. */
  @WithDefault("67108864")
  long maxSubmissionBytes();

  /** Largest gold file, in bytes. */
  @WithDefault("1073741824")
  long maxGoldBytes();

  /** Most data rows a submission or gold file may have. */
  @WithDefault("10000000")
  long maxRows();

  /** How many occurrences of each kind of problem a rejection lists (all are counted). */
  @WithDefault("50")
  int occurrencesPerProblem();

  /** Parsed gold labels kept in memory for scoring, by task and gold version. */
  @WithDefault("4")
  int goldCacheEntries();

  /** Organizers' scoring programs, run per submission in a sandbox with no network. */
  Programs programs();

  /** Where and within which bounds scoring programs run (docs/scoring-programs.md). */
  interface Programs {
    /** Whether this control plane runs scoring programs at all. */
    @WithDefault("true")
    boolean enabled();

    /** Where runs keep their files while they run; nothing is left there afterwards. */
    Path root();

    /** The host uid programs run as when the control plane runs as root (no other user's). */
    @WithDefault("1099000")
    long runUid();

    /** The cgroup, under the control plane's own, that holds the runs' cgroups. */
    @WithDefault("enclave-programs")
    String cgroupName();

    /** Largest program upload, in bytes. */
    @WithDefault("67108864")
    long maxProgramBytes();

    /** Time limit of a run when the upload names none, in seconds. */
    @WithDefault("60")
    int defaultTimeLimitSeconds();

    /** Largest time limit an organizer may ask for, in seconds. */
    @WithDefault("600")
    int maxTimeLimitSeconds();

    /** Memory limit of a run when the upload names none, in MiB. */
    @WithDefault("1024")
    int defaultMemoryMiB();

    /** Largest memory limit an organizer may ask for, in MiB. */
    @WithDefault("4096")
    int maxMemoryMiB();

    /** Largest file a program may write, {@code scores.json} included, in bytes. */
    @WithDefault("1048576")
    long maxOutputBytes();

    /** Processes and threads a run may have. */
    @WithDefault("256")
    int pids();
  }
}

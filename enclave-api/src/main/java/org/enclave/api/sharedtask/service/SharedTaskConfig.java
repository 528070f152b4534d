package org.enclave.api.sharedtask.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}

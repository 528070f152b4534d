package org.enclave.api.sharedtask.scoring;

/** Whether a larger or a smaller value of a metric is better. */
public enum Direction {
  HIGHER_IS_BETTER,
  LOWER_IS_BETTER
}

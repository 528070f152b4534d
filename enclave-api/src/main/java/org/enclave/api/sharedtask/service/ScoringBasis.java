package org.enclave.api.sharedtask.service;

import java.util.UUID;
import org.enclave.api.sharedtask.persistence.ProgramEntity;
import org.enclave.api.sharedtask.scoring.Direction;

/**
 * What a scoring run scores against: the task's suite and primary metric, one gold version and, for
 * a task scored by its organizers' program, one version of that program. Two evaluations with equal
 * bases are interchangeable.
 *
 * @param program null for built-in suites
 */
record ScoringBasis(
    UUID taskId,
    String taskName,
    String suite,
    String primaryMetric,
    Direction direction,
    int goldVersion,
    String goldKey,
    Program program) {

  /** One version of a task's scoring program: what to run, and its limits. */
  record Program(
      int version,
      ProgramEntity.Kind kind,
      String fileName,
      String objectKey,
      int timeLimitSeconds,
      int memoryMiB) {

    static Program of(ProgramEntity p) {
      return new Program(
          p.version, p.kind, p.fileName, p.objectKey, p.timeLimitSeconds, p.memoryMiB);
    }
  }
}

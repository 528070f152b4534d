package org.enclave.api.sharedtask.service;

import java.util.UUID;

/**
 * What a scoring run scores against: the task's suite, one gold version and, for a task scored by
 * its organizers' program, one version of that program. Two evaluations with equal bases are
 * interchangeable.
 *
 * @param programVersion null for built-in suites
 */
record ScoringBasis(
    UUID taskId,
    String taskName,
    String suite,
    int goldVersion,
    String goldKey,
    Integer programVersion) {}

package org.enclave.api.sharedtask.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.sharedtask.persistence.GoldEntity;
import org.enclave.api.sharedtask.persistence.GoldRepository;
import org.enclave.api.sharedtask.persistence.ScoreEntity;
import org.enclave.api.sharedtask.persistence.ScoreRepository;
import org.enclave.api.sharedtask.persistence.ScoringRunEntity;
import org.enclave.api.sharedtask.persistence.ScoringRunRepository;
import org.enclave.api.sharedtask.persistence.SharedTaskEntity;
import org.enclave.api.sharedtask.persistence.SubmissionEntity;
import org.enclave.api.sharedtask.scoring.MetricSuite;
import org.enclave.api.sharedtask.scoring.Scores;
import org.enclave.api.sharedtask.scoring.submission.ParseResult;
import org.enclave.infra.storage.ObjectStore;

/**
 * Scores stored submissions with a built-in suite, inside the control plane: reads the submission
 * from the object store, validates it against the run's gold and records the scores (or why it
 * could not be scored) and an audit record. Runs in the caller's transaction.
 */
@ApplicationScoped
public class Scorer {
  /** The audit actor of scores: the scorer, on behalf of whoever caused the scoring. */
  static final String ACTION = "task.submission.score";

  @Inject ObjectStore store;
  @Inject GoldLabels goldLabels;
  @Inject GoldRepository gold;
  @Inject ScoringRunRepository runs;
  @Inject ScoreRepository scores;
  @Inject ScoreCodec codec;
  @Inject AuditRecorder audit;
  @Inject Clock clock;

  /** The parsed gold labels of a scoring run. */
  Object goldOf(SharedTaskEntity task, int run) {
    ScoringRunEntity r = runs.find(task.id, run).orElseThrow();
    GoldEntity g = gold.findVersion(task.id, r.goldVersion).orElseThrow();
    return goldLabels.parsed(task.id, g.version, task.suite, g.objectKey);
  }

  /** Scores {@code s} in {@code run} and records the result. */
  ScoreEntity score(EnclavePrincipal who, SharedTaskEntity task, SubmissionEntity s, int run) {
    MetricSuite<Object, Object> suite = Suites.require(task.suite);
    Object goldLabels = goldOf(task, run);
    ParseResult<Object> parsed =
        Suites.readSubmission(
            suite,
            Suites.Source.stored(store, s.objectKey, "submission " + s.id + " is missing"),
            s.format,
            goldLabels,
            this.goldLabels.submissionLimits());
    ScoreEntity e = new ScoreEntity();
    e.id = new ScoreEntity.Key(s.id, run);
    e.taskId = task.id;
    e.scoredAt = Instant.now(clock);
    String reason;
    if (parsed.accepted()) {
      Scores result = Suites.score(suite, goldLabels, parsed.value());
      e.status = ScoreEntity.Status.SCORED;
      double primary = result.value(task.primaryMetric);
      e.primaryValue = Double.isNaN(primary) ? null : primary;
      e.scores = codec.encode(result);
      reason = "run " + run + ": " + task.primaryMetric + " = " + e.primaryValue;
    } else {
      e.status = ScoreEntity.Status.FAILED;
      e.detail = FileProblems.summary(parsed.report());
      reason = "run " + run + ": does not validate against this run's gold: " + e.detail;
    }
    scores.persist(e);
    Target target = Target.of("task-submission", s.id).team(s.teamId).dataset(task.datasetId);
    if (s.workspaceId != null) {
      target = target.workspace(s.workspaceId);
    }
    if (e.status == ScoreEntity.Status.SCORED) {
      audit.allowed(who, ACTION, target, reason);
    } else {
      audit.failed(who, ACTION, target, reason);
    }
    return e;
  }
}

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
import org.enclave.api.sharedtask.persistence.ProgramEntity;
import org.enclave.api.sharedtask.persistence.ProgramRepository;
import org.enclave.api.sharedtask.persistence.ScoreEntity;
import org.enclave.api.sharedtask.persistence.ScoreRepository;
import org.enclave.api.sharedtask.persistence.ScoringRunEntity;
import org.enclave.api.sharedtask.persistence.ScoringRunRepository;
import org.enclave.api.sharedtask.persistence.SharedTaskEntity;
import org.enclave.api.sharedtask.persistence.SubmissionEntity;
import org.enclave.api.sharedtask.scoring.Scores;
import org.enclave.infra.storage.ObjectStore;

/**
 * Scores stored submissions: evaluates the submission from the object store against the run's basis
 * and records the scores (or why it could not be scored) and an audit record. Runs in the caller's
 * transaction.
 */
@ApplicationScoped
public class Scorer {
  /** The audit actor of scores: the scorer, on behalf of whoever caused the scoring. */
  static final String ACTION = "task.submission.score";

  @Inject ObjectStore store;
  @Inject Evaluator evaluator;
  @Inject GoldRepository gold;
  @Inject ProgramRepository programs;
  @Inject ScoringRunRepository runs;
  @Inject ScoreRepository scores;
  @Inject ScoreCodec codec;
  @Inject AuditRecorder audit;
  @Inject Clock clock;

  /** What {@code run} of the task scores against. */
  ScoringBasis basis(SharedTaskEntity task, int run) {
    ScoringRunEntity r = runs.find(task.id, run).orElseThrow();
    return basis(
        task,
        gold.findVersion(task.id, r.goldVersion).orElseThrow(),
        r.programVersion == null
            ? null
            : programs.findVersion(task.id, r.programVersion).orElseThrow());
  }

  /** The basis of a run against {@code g} and {@code p} (null for a built-in suite). */
  static ScoringBasis basis(SharedTaskEntity task, GoldEntity g, ProgramEntity p) {
    return basis(task, g.version, g.objectKey, p);
  }

  /** The basis of a run against gold version {@code goldVersion}, stored at {@code goldKey}. */
  static ScoringBasis basis(
      SharedTaskEntity task, int goldVersion, String goldKey, ProgramEntity p) {
    return new ScoringBasis(
        task.id,
        task.name,
        task.suite,
        task.primaryMetric,
        task.direction,
        goldVersion,
        goldKey,
        p == null ? null : ScoringBasis.Program.of(p));
  }

  /** Scores {@code s} in {@code run} and records the result. */
  ScoreEntity score(EnclavePrincipal who, SharedTaskEntity task, SubmissionEntity s, int run) {
    return record(who, task, s, run, evaluate(basis(task, run), s));
  }

  /** Evaluates a stored submission against {@code basis}. */
  Evaluation evaluate(ScoringBasis basis, SubmissionEntity s) {
    return evaluator.evaluate(basis, s.format, Suites.Source.ofObject(store, s.objectKey));
  }

  /** Records what evaluating {@code s} in {@code run} gave, and audits it. */
  ScoreEntity record(
      EnclavePrincipal who,
      SharedTaskEntity task,
      SubmissionEntity s,
      int run,
      Evaluation evaluation) {
    ScoreEntity e = new ScoreEntity();
    e.id = new ScoreEntity.Key(s.id, run);
    e.taskId = task.id;
    e.scoredAt = Instant.now(clock);
    String reason;
    if (evaluation instanceof Evaluation.Scored scored) {
      Scores result = scored.scores();
      e.status = ScoreEntity.Status.SCORED;
      double primary = result.value(task.primaryMetric);
      e.primaryValue = Double.isNaN(primary) ? null : primary;
      e.scores = codec.encode(result);
      reason = "run " + run + ": " + task.primaryMetric + " = " + e.primaryValue;
    } else if (evaluation instanceof Evaluation.Rejected rejected) {
      e.status = ScoreEntity.Status.FAILED;
      e.detail = rejected.summary();
      reason = "run " + run + ": does not validate against this run's gold: " + e.detail;
    } else {
      Evaluation.Failed failed = (Evaluation.Failed) evaluation;
      e.status = ScoreEntity.Status.FAILED;
      e.detail = failed.detail();
      e.log = failed.log();
      reason = "run " + run + ": " + e.detail;
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

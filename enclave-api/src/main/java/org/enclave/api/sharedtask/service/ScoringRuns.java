package org.enclave.api.sharedtask.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.Authorizer.Resource;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.api.sharedtask.model.TaskModels.ScoringRunResponse;
import org.enclave.api.sharedtask.persistence.GoldRepository;
import org.enclave.api.sharedtask.persistence.ScoreEntity;
import org.enclave.api.sharedtask.persistence.ScoreRepository;
import org.enclave.api.sharedtask.persistence.ScoringRunEntity;
import org.enclave.api.sharedtask.persistence.ScoringRunRepository;
import org.enclave.api.sharedtask.persistence.SharedTaskEntity;
import org.enclave.api.sharedtask.persistence.SharedTaskRepository;
import org.enclave.api.sharedtask.persistence.SubmissionEntity;
import org.enclave.api.sharedtask.persistence.SubmissionRepository;

/**
 * Scoring runs: each scores every submission of the task against one gold version and becomes the
 * task's current run; leaderboards and teams see the current run, organizers every run.
 */
@ApplicationScoped
public class ScoringRuns {
  @Inject SharedTaskRepository tasks;
  @Inject ScoringRunRepository runs;
  @Inject SubmissionRepository submissions;
  @Inject ScoreRepository scores;
  @Inject GoldRepository gold;
  @Inject Scorer scorer;
  @Inject TaskLookup lookup;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject Clock clock;

  /**
   * Starts a run against {@code goldVersion} and scores every submission in it; the caller holds
   * the task's row lock (no submission is recorded meanwhile).
   */
  ScoringRunResponse start(
      EnclavePrincipal who, SharedTaskEntity task, int goldVersion, String reason) {
    ScoringRunEntity r = new ScoringRunEntity();
    r.id = new ScoringRunEntity.Key(task.id, task.currentRun + 1);
    r.goldVersion = goldVersion;
    r.reason = reason;
    r.startedAt = Instant.now(clock);
    r.startedBy = who.username();
    runs.persist(r);
    runs.flush();
    task.currentRun = r.id.run();
    audit.allowed(
        who,
        "task.scoring-run",
        Target.of("task", task.id).dataset(task.datasetId),
        "run " + r.id.run() + " against gold version " + goldVersion + ": " + reason);
    for (SubmissionEntity s : submissions.listForTask(task.id)) {
      scorer.score(who, task, s, r.id.run());
    }
    return view(task, r);
  }

  /** Re-scores every submission against the latest gold, as a new run (a scorer fix, say). */
  @Transactional
  public ScoringRunResponse rescore(EnclavePrincipal who, UUID taskId, String reason) {
    lookup.require(taskId);
    authorizer.authorize(who, Operation.TASK_MANAGE, resource(taskId));
    SharedTaskEntity task = tasks.lockForUpdate(taskId).orElseThrow();
    int latest = gold.latestVersion(taskId);
    if (latest == 0) {
      throw new EnclaveException(
          ErrorCode.GOLD_MISSING, "task " + task.name + " has no gold labels to score against");
    }
    return start(who, task, latest, reason);
  }

  @Transactional
  public List<ScoringRunResponse> list(EnclavePrincipal who, UUID taskId) {
    SharedTaskEntity task = lookup.require(taskId);
    authorizer.authorize(who, Operation.TASK_INSPECT, resource(taskId));
    return runs.listForTask(taskId).stream().map(r -> view(task, r)).toList();
  }

  private ScoringRunResponse view(SharedTaskEntity task, ScoringRunEntity r) {
    int run = r.id.run();
    return new ScoringRunResponse(
        run,
        r.goldVersion,
        r.reason,
        r.startedAt,
        r.startedBy,
        scores.countInRun(task.id, run, ScoreEntity.Status.SCORED),
        scores.countInRun(task.id, run, ScoreEntity.Status.FAILED),
        run == task.currentRun);
  }

  private static Resource resource(UUID taskId) {
    return Resource.task("task", taskId, taskId, null);
  }
}

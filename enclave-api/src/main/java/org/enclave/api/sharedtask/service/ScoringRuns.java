package org.enclave.api.sharedtask.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.api.sharedtask.model.TaskModels.ScoringRunResponse;
import org.enclave.api.sharedtask.persistence.GoldEntity;
import org.enclave.api.sharedtask.persistence.GoldRepository;
import org.enclave.api.sharedtask.persistence.ProgramRepository;
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
  @Inject ProgramRepository programs;
  @Inject Scorer scorer;
  @Inject TaskLookup lookup;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject Clock clock;

  /**
   * Evaluations made before a run starts, outside any transaction, against one basis: a scoring
   * program may take its whole time limit per submission, far too long to hold the task's lock and
   * a transaction open. Used only if the run's basis turns out to be the same.
   */
  record Ahead(ScoringBasis basis, Map<UUID, Evaluation> evaluations) {
    static final Ahead NONE = new Ahead(null, Map.of());

    Evaluation of(ScoringBasis runBasis, UUID submission) {
      return runBasis.equals(basis) ? evaluations.get(submission) : null;
    }
  }

  /**
   * For a task scored by a program: evaluates every submission recorded now against {@code basis},
   * one after another, outside any transaction. Built-in suites are evaluated in the run itself
   * ({@link Ahead#NONE}).
   */
  Ahead evaluateAhead(ScoringBasis basis) {
    if (basis == null || basis.program() == null) {
      return Ahead.NONE;
    }
    List<SubmissionEntity> all =
        QuarkusTransaction.requiringNew().call(() -> submissions.listForTask(basis.taskId()));
    Map<UUID, Evaluation> done = new HashMap<>();
    for (SubmissionEntity s : all) {
      done.put(s.id, scorer.evaluate(basis, s));
    }
    return new Ahead(basis, done);
  }

  /**
   * Starts a run against {@code goldVersion} (and {@code programVersion}, for a task scored by a
   * program) and scores every submission in it, taking evaluations from {@code ahead} where they
   * match; the caller holds the task's row lock (no submission is recorded meanwhile).
   */
  ScoringRunResponse start(
      EnclavePrincipal who,
      SharedTaskEntity task,
      int goldVersion,
      Integer programVersion,
      String reason,
      Ahead ahead) {
    ScoringRunEntity r = new ScoringRunEntity();
    r.id = new ScoringRunEntity.Key(task.id, task.currentRun + 1);
    r.goldVersion = goldVersion;
    r.programVersion = programVersion;
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
        "run "
            + r.id.run()
            + " against gold version "
            + goldVersion
            + (programVersion == null ? "" : " with scoring program version " + programVersion)
            + ": "
            + reason);
    ScoringBasis basis = scorer.basis(task, r.id.run());
    for (SubmissionEntity s : submissions.listForTask(task.id)) {
      Evaluation e = ahead.of(basis, s.id);
      scorer.record(who, task, s, r.id.run(), e != null ? e : scorer.evaluate(basis, s));
    }
    return view(task, r);
  }

  /**
   * What a new run of the task would score against: its latest gold and, for a task scored by a
   * program, its latest program; empty while either is missing. Call inside a transaction.
   */
  Optional<ScoringBasis> latestBasis(SharedTaskEntity task) {
    Optional<GoldEntity> g = gold.findVersion(task.id, gold.latestVersion(task.id));
    if (g.isEmpty()) {
      return Optional.empty();
    }
    if (!Suites.isProgram(task.suite)) {
      return Optional.of(Scorer.basis(task, g.get(), null));
    }
    return programs.latest(task.id).map(p -> Scorer.basis(task, g.get(), p));
  }

  /**
   * Why the task has no basis to score against ({@link #latestBasis} is empty): its gold or, for a
   * task scored by a program, its program is not uploaded. {@code what} says what cannot happen.
   */
  EnclaveException notScorable(SharedTaskEntity task, String what) {
    if (gold.latestVersion(task.id) == 0) {
      return new EnclaveException(
          ErrorCode.GOLD_MISSING,
          "task " + task.name + " " + what + ": its gold labels are not uploaded");
    }
    return new EnclaveException(
        ErrorCode.PROGRAM_MISSING,
        "task " + task.name + " " + what + ": its scoring program is not uploaded");
  }

  /** Starts a run against {@link #latestBasis}, if there is one; call with the task locked. */
  Optional<ScoringRunResponse> startLatest(
      EnclavePrincipal who, SharedTaskEntity task, String reason, Ahead ahead) {
    return latestBasis(task)
        .map(
            b ->
                start(
                    who,
                    task,
                    b.goldVersion(),
                    b.program() == null ? null : b.program().version(),
                    reason,
                    ahead));
  }

  /**
   * Re-scores every submission against the latest gold (and scoring program), as a new run (a
   * scorer fix, say). A program's evaluations run before the run is started, outside the task's
   * lock.
   */
  public ScoringRunResponse rescore(EnclavePrincipal who, UUID taskId, String reason) {
    ScoringBasis next =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  SharedTaskEntity task = lookup.require(taskId);
                  authorizer.authorize(who, Operation.TASK_MANAGE, TaskLookup.resource(taskId));
                  return latestBasis(task)
                      .orElseThrow(() -> notScorable(task, "has nothing to score against"));
                });
    Ahead ahead = evaluateAhead(next);
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                startLatest(who, tasks.lockForUpdate(taskId).orElseThrow(), reason, ahead)
                    .orElseThrow());
  }

  @Transactional
  public List<ScoringRunResponse> list(EnclavePrincipal who, UUID taskId) {
    SharedTaskEntity task = lookup.require(taskId);
    authorizer.authorize(who, Operation.TASK_INSPECT, TaskLookup.resource(taskId));
    return runs.listForTask(taskId).stream().map(r -> view(task, r)).toList();
  }

  private ScoringRunResponse view(SharedTaskEntity task, ScoringRunEntity r) {
    int run = r.id.run();
    return new ScoringRunResponse(
        run,
        r.goldVersion,
        r.programVersion,
        r.reason,
        r.startedAt,
        r.startedBy,
        scores.countInRun(task.id, run, ScoreEntity.Status.SCORED),
        scores.countInRun(task.id, run, ScoreEntity.Status.FAILED),
        run == task.currentRun);
  }
}

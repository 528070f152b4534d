package org.enclave.api.sharedtask.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.broker.BrokerCatalog;
import org.enclave.api.broker.BucketAccess;
import org.enclave.api.broker.WorkspaceIdentity;
import org.enclave.api.broker.s3.S3Exception;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.governance.persistence.DatasetRepository;
import org.enclave.api.governance.persistence.DatasetVersionRepository;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.Authorizer.Resource;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.api.sharedtask.model.SubmissionModels.QuotaView;
import org.enclave.api.sharedtask.model.SubmissionModels.SubmissionResponse;
import org.enclave.api.sharedtask.persistence.PhaseEntity;
import org.enclave.api.sharedtask.persistence.PhaseRepository;
import org.enclave.api.sharedtask.persistence.QuotaLock;
import org.enclave.api.sharedtask.persistence.ScoreRepository;
import org.enclave.api.sharedtask.persistence.SharedTaskEntity;
import org.enclave.api.sharedtask.persistence.SharedTaskRepository;
import org.enclave.api.sharedtask.persistence.SubmissionEntity;
import org.enclave.api.sharedtask.persistence.SubmissionRepository;
import org.enclave.api.sharedtask.scoring.FileFormat;
import org.enclave.infra.storage.ObjectStore;
import org.enclave.infra.storage.ObjectTooLargeException;
import org.enclave.infra.storage.StoredObject;

/**
 * Accepts submissions: a team's from inside its workspace (the file never leaves the boundary), or
 * a task's baseline from an organizer. In order: the task, the open phase, the team's live grant
 * for the task's inputs (the broker's own rules), a quick look at the limits; then the file is
 * validated against the gold (a rejected file costs nothing), stored, counted against the limits
 * under the team's row lock (so concurrent submissions never exceed them), and scored.
 */
@ApplicationScoped
public class SubmissionService {
  static final String ACTION = "task.submission";
  private static final Pattern FILE_NAME = Pattern.compile("[^/\\\\\\p{Cntrl}]{1,200}");

  @Inject SharedTaskRepository tasks;
  @Inject PhaseRepository phases;
  @Inject SubmissionRepository submissions;
  @Inject ScoreRepository scores;
  @Inject ScoringRuns scoringRuns;
  @Inject DatasetRepository datasets;
  @Inject DatasetVersionRepository versions;
  @Inject QuotaLock quotaLock;
  @Inject BrokerCatalog catalog;
  @Inject Evaluator evaluator;
  @Inject Scorer scorer;
  @Inject SubmissionViews views;
  @Inject TaskLookup lookup;
  @Inject ObjectStore store;
  @Inject SharedTaskConfig config;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject Clock clock;

  /**
   * What was decided before the file was read: the task, the phase, and the scoring run (and its
   * basis) to check the file against.
   */
  private record Prepared(
      UUID taskId,
      String taskName,
      UUID datasetId,
      UUID phaseId,
      FileFormat format,
      int run,
      ScoringBasis basis) {}

  /** A submission sent from inside a workspace through its broker endpoint. */
  public SubmissionResponse submitFromWorkspace(WorkspaceSubmission cmd) {
    WorkspaceIdentity ws = cmd.workspace();
    EnclavePrincipal who = new EnclavePrincipal(ws.owner(), ws.owner(), Set.of());
    Instant now = clock.instant();
    Prepared p = QuarkusTransaction.requiringNew().call(() -> prepare(who, cmd, now));
    Target target =
        Target.of("task", p.taskId())
            .team(ws.teamId())
            .dataset(p.datasetId())
            .workspace(ws.workspaceId());
    Evaluation evaluation = validate(who, p, target, Suites.Source.of(cmd.file()));
    UUID id = UUID.randomUUID();
    StoredObject stored;
    try (InputStream in = Files.newInputStream(cmd.file())) {
      stored = store.put(ObjectKeys.submission(p.taskId(), id), in, config.maxSubmissionBytes());
    } catch (IOException e) {
      throw new IllegalStateException("the submission could not be stored", e);
    }
    QuotaView quota;
    try {
      quota = QuarkusTransaction.requiringNew().call(() -> record(who, cmd, p, id, stored, target));
    } catch (RuntimeException e) {
      ObjectKeys.deleteQuietly(store, stored.key());
      throw e;
    }
    return QuarkusTransaction.requiringNew()
        .call(() -> scoreAndView(who, p, id, evaluation, quota));
  }

  private Prepared prepare(EnclavePrincipal who, WorkspaceSubmission cmd, Instant now) {
    WorkspaceIdentity ws = cmd.workspace();
    SharedTaskEntity task = lookup.byReference(cmd.task());
    authorizer.authorize(
        who, Operation.SUBMISSION_CREATE, Resource.task("task", task.id, task.id, ws.teamId()));
    Target target =
        Target.of("task", task.id)
            .team(ws.teamId())
            .dataset(task.datasetId)
            .workspace(ws.workspaceId());
    FileFormat format;
    try {
      format = Suites.format(task.suite, cmd.format());
      fileName(cmd.fileName());
    } catch (EnclaveException e) {
      throw refused(who, target, e);
    }
    if (task.currentRun == 0) {
      throw refused(who, target, scoringRuns.notScorable(task, "takes no submissions yet"));
    }
    PhaseEntity phase =
        phases
            .openAt(task.id, now)
            .orElseThrow(
                () ->
                    refused(
                        who,
                        target,
                        new EnclaveException(
                            ErrorCode.PHASE_NOT_OPEN,
                            "no phase of task " + task.name + " is open now (" + now + ")")));
    String bucket = bucket(task);
    try {
      catalog.requireReadable(ws, bucket, now);
    } catch (S3Exception e) {
      throw refused(
          who,
          target,
          new EnclaveException(
              ErrorCode.FORBIDDEN,
              "the team may not read the task's inputs ("
                  + bucket
                  + ") now, so it may not submit: "
                  + e.getMessage()));
    }
    checkLimits(who, target, phase, ws.teamId(), now);
    return new Prepared(
        task.id,
        task.name,
        task.datasetId,
        phase.id,
        format,
        task.currentRun,
        scorer.basis(task, task.currentRun));
  }

  /**
   * Evaluates the file against the prepared run's basis; a rejected file is audited and refused
   * whole. Returns the evaluation, to be recorded as the submission's score in that run.
   */
  private Evaluation validate(EnclavePrincipal who, Prepared p, Target target, Suites.Source file) {
    Evaluation evaluation = evaluator.evaluate(p.basis(), p.format(), file);
    if (evaluation instanceof Evaluation.Rejected rejected) {
      audit.denied(who, ACTION, target, "rejected, not counted: " + rejected.summary());
      throw new FileRejectedException(
          ErrorCode.SUBMISSION_REJECTED,
          "the submission was rejected whole and does not count against the limits;"
              + " fix every problem listed and submit again",
          rejected.problems());
    }
    return evaluation;
  }

  private QuotaView record(
      EnclavePrincipal who,
      WorkspaceSubmission cmd,
      Prepared p,
      UUID id,
      StoredObject stored,
      Target target) {
    UUID team = cmd.workspace().teamId();
    quotaLock.lock(p.phaseId(), team);
    PhaseEntity phase = phases.findById(p.phaseId());
    Instant now = clock.instant();
    if (!phase.openAt(now)) {
      throw refused(
          who,
          target,
          new EnclaveException(ErrorCode.PHASE_NOT_OPEN, "phase " + phase.name + " has closed"));
    }
    checkLimits(who, target, phase, team, now);
    SubmissionEntity s = new SubmissionEntity();
    s.id = id;
    s.taskId = p.taskId();
    s.phaseId = phase.id;
    s.teamId = team;
    s.baseline = false;
    s.workspaceId = cmd.workspace().workspaceId();
    s.submittedBy = who.username();
    s.submittedAt = now;
    s.fileName = cmd.fileName();
    s.format = p.format();
    s.objectKey = stored.key();
    s.sizeBytes = stored.size();
    s.sha256 = stored.sha256();
    submissions.persist(s);
    submissions.flush();
    audit.allowed(
        who,
        ACTION,
        Target.of("task-submission", id)
            .team(team)
            .dataset(p.datasetId())
            .workspace(cmd.workspace().workspaceId()),
        "accepted for task "
            + p.taskName()
            + ", phase "
            + phase.name
            + ": "
            + s.fileName
            + ", "
            + s.sizeBytes
            + " bytes, sha256 "
            + s.sha256);
    return quota(phase, team, now);
  }

  private SubmissionResponse scoreAndView(
      EnclavePrincipal who, Prepared p, UUID id, Evaluation evaluation, QuotaView quota) {
    SharedTaskEntity task = tasks.lockForShare(p.taskId()).orElseThrow();
    SubmissionEntity s = submissions.findById(id);
    record(who, task, s, p.run(), evaluation);
    return views.view(who, task, s, quota);
  }

  /**
   * Records the submission's score in the task's current run: the evaluation made while it was
   * validated if that run is still current, else a fresh one (a re-score started in between). A
   * re-score that ran in between may have scored it already.
   */
  private void record(
      EnclavePrincipal who,
      SharedTaskEntity task,
      SubmissionEntity s,
      int evaluatedRun,
      Evaluation evaluation) {
    if (scores.find(s.id, task.currentRun).isPresent()) {
      return;
    }
    if (task.currentRun == evaluatedRun) {
      scorer.record(who, task, s, evaluatedRun, evaluation);
    } else {
      scorer.score(who, task, s, task.currentRun);
    }
  }

  /**
   * Uploads the task's baseline (organizers): scored like any submission, shown on leaderboards.
   */
  public SubmissionResponse uploadBaseline(
      EnclavePrincipal who, UUID taskId, String format, String fileName, InputStream body) {
    Prepared p =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  SharedTaskEntity task = lookup.require(taskId);
                  authorizer.authorize(who, Operation.TASK_MANAGE, TaskLookup.resource(taskId));
                  FileFormat f = Suites.format(task.suite, format);
                  fileName(fileName);
                  if (task.currentRun == 0) {
                    throw scoringRuns.notScorable(task, "cannot score a baseline yet");
                  }
                  requireNoBaseline(task);
                  return new Prepared(
                      taskId,
                      task.name,
                      task.datasetId,
                      null,
                      f,
                      task.currentRun,
                      scorer.basis(task, task.currentRun));
                });
    UUID id = UUID.randomUUID();
    StoredObject stored;
    try {
      stored = store.put(ObjectKeys.submission(taskId, id), body, config.maxSubmissionBytes());
    } catch (ObjectTooLargeException e) {
      throw new EnclaveException(
          ErrorCode.PAYLOAD_TOO_LARGE, "the file is larger than " + e.limit() + " bytes");
    } catch (IOException e) {
      throw new EnclaveException(ErrorCode.BAD_REQUEST, "upload was interrupted; send it again");
    }
    try {
      Evaluation evaluation =
          validate(
              who,
              p,
              Target.of("task", taskId).dataset(p.datasetId()),
              Suites.Source.ofObject(store, stored.key()));
      return QuarkusTransaction.requiringNew()
          .call(() -> recordBaseline(who, p, id, fileName, stored, evaluation));
    } catch (RuntimeException e) {
      ObjectKeys.deleteQuietly(store, stored.key());
      throw e;
    }
  }

  private SubmissionResponse recordBaseline(
      EnclavePrincipal who,
      Prepared p,
      UUID id,
      String fileName,
      StoredObject stored,
      Evaluation evaluation) {
    UUID taskId = p.taskId();
    FileFormat format = p.format();
    SharedTaskEntity task = tasks.lockForShare(taskId).orElseThrow();
    requireNoBaseline(task);
    SubmissionEntity s = new SubmissionEntity();
    s.id = id;
    s.taskId = taskId;
    s.baseline = true;
    s.submittedBy = who.username();
    s.submittedAt = clock.instant();
    s.fileName = fileName;
    s.format = format;
    s.objectKey = stored.key();
    s.sizeBytes = stored.size();
    s.sha256 = stored.sha256();
    submissions.persist(s);
    submissions.flush();
    audit.allowed(
        who,
        "task.baseline.upload",
        Target.of("task-submission", id).dataset(task.datasetId),
        "baseline of task " + task.name + ": " + fileName + ", sha256 " + s.sha256);
    record(who, task, s, p.run(), evaluation);
    return views.view(who, task, s, null);
  }

  private void requireNoBaseline(SharedTaskEntity task) {
    if (submissions.baselineOf(task.id).isPresent()) {
      throw new EnclaveException(
          ErrorCode.ALREADY_EXISTS, "task " + task.name + " already has a baseline");
    }
  }

  private void checkLimits(
      EnclavePrincipal who, Target target, PhaseEntity phase, UUID team, Instant now) {
    QuotaView q = quota(phase, team, now);
    String reason = null;
    if (phase.totalLimit != null && q.usedInPhase() >= phase.totalLimit) {
      reason =
          "the team has used all "
              + phase.totalLimit
              + " submissions of phase "
              + phase.name
              + "; failed validations are not counted";
    } else if (phase.dailyLimit != null && q.usedToday() >= phase.dailyLimit) {
      reason =
          "the team has used its "
              + phase.dailyLimit
              + " submissions of today (UTC) in phase "
              + phase.name
              + "; try again after "
              + startOfDay(now).plusSeconds(86400);
    }
    if (reason != null) {
      throw refused(who, target, new EnclaveException(ErrorCode.SUBMISSION_LIMIT_REACHED, reason));
    }
  }

  private QuotaView quota(PhaseEntity phase, UUID team, Instant now) {
    return SubmissionQueries.quota(submissions, phase, team, now);
  }

  private static Instant startOfDay(Instant now) {
    return SubmissionQueries.startOfDay(now);
  }

  private String bucket(SharedTaskEntity task) {
    String dataset = datasets.findById(task.datasetId).name;
    String label = versions.findById(task.versionId).label;
    return BucketAccess.bucketName(dataset, label);
  }

  private static void fileName(String name) {
    if (name == null || !FILE_NAME.matcher(name).matches()) {
      throw new EnclaveException(
          ErrorCode.INVALID_FILE_NAME,
          "the file name must be 1-200 characters without '/', '\\\\' or control characters");
    }
  }

  /** Audits a refusal of a submission and returns the failure to throw. */
  private EnclaveException refused(EnclavePrincipal who, Target target, EnclaveException e) {
    audit.denied(who, ACTION, target, e.errorCode().code() + ": " + e.getMessage());
    return e;
  }
}

package org.enclave.api.sharedtask.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.api.sharedtask.model.SubmissionModels.FileProblem;
import org.enclave.api.sharedtask.model.TaskModels.GoldResponse;
import org.enclave.api.sharedtask.model.TaskModels.GoldUploadResponse;
import org.enclave.api.sharedtask.model.TaskModels.ScoringRunResponse;
import org.enclave.api.sharedtask.persistence.GoldEntity;
import org.enclave.api.sharedtask.persistence.GoldRepository;
import org.enclave.api.sharedtask.persistence.ProgramRepository;
import org.enclave.api.sharedtask.persistence.SharedTaskEntity;
import org.enclave.api.sharedtask.persistence.SharedTaskRepository;
import org.enclave.api.sharedtask.scoring.MetricSuite;
import org.enclave.api.sharedtask.scoring.submission.ParseResult;
import org.enclave.infra.storage.ObjectStore;
import org.enclave.infra.storage.ObjectTooLargeException;
import org.enclave.infra.storage.StoredObject;

/**
 * Gold labels: uploaded by an organizer as a restricted object, validated with the task's suite
 * before anything is recorded, and never returned. A replacement (a gold fix) starts a new scoring
 * run that re-scores every submission; earlier runs and their scores are kept.
 */
@ApplicationScoped
public class GoldService {

  @Inject ObjectStore store;
  @Inject SharedTaskConfig config;
  @Inject GoldLabels goldLabels;
  @Inject GoldRepository gold;
  @Inject ProgramRepository programs;
  @Inject SharedTaskRepository tasks;
  @Inject ScoringRuns scoringRuns;
  @Inject TaskLookup lookup;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject Clock clock;

  public GoldUploadResponse upload(
      EnclavePrincipal who, UUID taskId, String note, InputStream body) {
    SharedTaskEntity task =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  SharedTaskEntity t = lookup.require(taskId);
                  authorizer.authorize(who, Operation.TASK_MANAGE, TaskLookup.resource(taskId));
                  return t;
                });
    StoredObject stored;
    try {
      stored = store.put(ObjectKeys.gold(taskId), body, config.maxGoldBytes());
    } catch (ObjectTooLargeException e) {
      throw new EnclaveException(
          ErrorCode.PAYLOAD_TOO_LARGE, "gold file is larger than " + e.limit() + " bytes");
    } catch (IOException e) {
      throw new EnclaveException(ErrorCode.BAD_REQUEST, "upload was interrupted; send it again");
    }
    try {
      Integer users =
          Suites.isProgram(task.suite) ? opaque(who, task, stored) : check(who, task, stored);
      ScoringRuns.Ahead ahead = scoringRuns.evaluateAhead(nextBasis(taskId, stored));
      return QuarkusTransaction.requiringNew()
          .call(() -> record(who, taskId, note, stored, users, ahead));
    } catch (RuntimeException e) {
      ObjectKeys.deleteQuietly(store, stored.key());
      throw e;
    }
  }

  /** Validates gold for a built-in suite; returns how many users it labels. */
  private Integer check(EnclavePrincipal who, SharedTaskEntity task, StoredObject stored) {
    MetricSuite<Object, Object> suite = Suites.require(task.suite);
    ParseResult<Object> parsed =
        Suites.readGold(
            suite,
            () -> store.open(stored.key()).orElseThrow(() -> new IOException("gold vanished")),
            goldLabels.limits());
    if (!parsed.accepted()) {
      audit.denied(
          who,
          "task.gold.upload",
          target(task),
          "gold rejected: " + FileProblems.summary(parsed.report()));
      throw new FileRejectedException(
          ErrorCode.GOLD_REJECTED,
          "the gold file was rejected whole; fix every problem listed and upload it again",
          FileProblems.of(parsed.report()));
    }
    return Suites.users(parsed.value());
  }

  /**
   * Gold for a scoring program is the program's to read: Enclave only refuses an empty file. It has
   * no user count.
   */
  private Integer opaque(EnclavePrincipal who, SharedTaskEntity task, StoredObject stored) {
    if (stored.size() == 0) {
      audit.denied(who, "task.gold.upload", target(task), "gold rejected: empty-file (1)");
      throw new FileRejectedException(
          ErrorCode.GOLD_REJECTED,
          "the gold file was rejected: it is empty",
          List.of(
              new FileProblem(
                  "empty-file",
                  "the file has no bytes; upload the gold labels",
                  1,
                  false,
                  List.of())));
    }
    return null;
  }

  /**
   * The basis the run after this upload will have if nothing else changes meanwhile: the new gold
   * (the next version) with the task's latest program. Only a program's evaluations are made ahead;
   * for a built-in suite this is null.
   */
  private ScoringBasis nextBasis(UUID taskId, StoredObject stored) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              SharedTaskEntity task = lookup.require(taskId);
              if (!Suites.isProgram(task.suite)) {
                return null;
              }
              int next = gold.latestVersion(taskId) + 1;
              return programs
                  .latest(taskId)
                  .map(p -> Scorer.basis(task, next, stored.key(), p))
                  .orElse(null);
            });
  }

  private GoldUploadResponse record(
      EnclavePrincipal who,
      UUID taskId,
      String note,
      StoredObject stored,
      Integer users,
      ScoringRuns.Ahead ahead) {
    SharedTaskEntity task = tasks.lockForUpdate(taskId).orElseThrow();
    GoldEntity g = new GoldEntity();
    g.id = UUID.randomUUID();
    g.taskId = taskId;
    g.version = gold.latestVersion(taskId) + 1;
    g.objectKey = stored.key();
    g.sizeBytes = stored.size();
    g.sha256 = stored.sha256();
    g.itemCount = users;
    g.note = note;
    g.uploadedAt = Instant.now(clock);
    g.uploadedBy = who.username();
    gold.persist(g);
    gold.flush();
    audit.allowed(
        who,
        "task.gold.upload",
        target(task),
        "gold version "
            + g.version
            + ": "
            + (users == null ? "for the scoring program" : users + " users")
            + ", "
            + g.sizeBytes
            + " bytes, sha256 "
            + g.sha256);
    ScoringRunResponse run =
        scoringRuns
            .startLatest(
                who,
                task,
                g.version == 1 ? "first gold labels" : "gold version " + g.version,
                ahead)
            .orElse(null);
    return new GoldUploadResponse(TaskViews.gold(g), run);
  }

  /** Metadata of every gold upload of the task (organizers only); never the bytes. */
  @Transactional
  public List<GoldResponse> list(EnclavePrincipal who, UUID taskId) {
    lookup.require(taskId);
    authorizer.authorize(who, Operation.TASK_INSPECT, TaskLookup.resource(taskId));
    return gold.listForTask(taskId).stream().map(TaskViews::gold).toList();
  }

  private static Target target(SharedTaskEntity task) {
    return Target.of("task", task.id).dataset(task.datasetId);
  }
}

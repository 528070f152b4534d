package org.enclave.api.sharedtask.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.error.FieldError;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.api.sharedtask.model.TaskModels.ProgramResponse;
import org.enclave.api.sharedtask.model.TaskModels.ProgramUploadResponse;
import org.enclave.api.sharedtask.model.TaskModels.ScoringRunResponse;
import org.enclave.api.sharedtask.persistence.ProgramEntity;
import org.enclave.api.sharedtask.persistence.ProgramRepository;
import org.enclave.api.sharedtask.persistence.SharedTaskEntity;
import org.enclave.api.sharedtask.persistence.SharedTaskRepository;
import org.enclave.infra.storage.ObjectStore;
import org.enclave.infra.storage.ObjectTooLargeException;
import org.enclave.infra.storage.StoredObject;

/**
 * Scoring programs: uploaded by an organizer of a task created with suite {@code program}, checked
 * (a script must be UTF-8 text, a jar must name its main class), kept as a restricted object and
 * never returned. Each upload is a new version; once the gold is there, an upload re-scores every
 * submission with it in a new scoring run, whose counts tell the organizer at once whether the
 * program works.
 */
@ApplicationScoped
public class ProgramService {
  static final String ACTION = "task.program.upload";

  @Inject ObjectStore store;
  @Inject SharedTaskConfig config;
  @Inject ScoringPrograms runner;
  @Inject ProgramRepository programs;
  @Inject SharedTaskRepository tasks;
  @Inject ScoringRuns scoringRuns;
  @Inject TaskLookup lookup;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject Clock clock;

  /** An upload's settings, as sent (query parameters), before they are checked. */
  public record Upload(
      String kind, String name, String timeLimitSeconds, String memoryMiB, String note) {}

  /** The settings once checked. */
  private record Settings(
      ProgramEntity.Kind kind, String name, int seconds, int mib, String note) {}

  public ProgramUploadResponse upload(
      EnclavePrincipal who, UUID taskId, Upload upload, InputStream body) {
    Settings settings =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  SharedTaskEntity t = lookup.require(taskId);
                  authorizer.authorize(who, Operation.TASK_MANAGE, TaskLookup.resource(taskId));
                  if (!Suites.isProgram(t.suite)) {
                    throw new EnclaveException(
                        ErrorCode.STATE_CONFLICT,
                        "task "
                            + t.name
                            + " is scored by the built-in suite "
                            + t.suite
                            + "; a scoring program scores only a task created with suite '"
                            + Suites.PROGRAM
                            + "'");
                  }
                  return settings(upload);
                });
    Optional<String> unavailable = runner.unavailableReason();
    if (unavailable.isPresent()) {
      throw new EnclaveException(ErrorCode.SCORING_PROGRAMS_UNAVAILABLE, unavailable.get());
    }
    StoredObject stored;
    try {
      stored = store.put(ObjectKeys.program(taskId), body, config.programs().maxProgramBytes());
    } catch (ObjectTooLargeException e) {
      throw new EnclaveException(
          ErrorCode.PAYLOAD_TOO_LARGE, "the program is larger than " + e.limit() + " bytes");
    } catch (IOException e) {
      throw new EnclaveException(ErrorCode.BAD_REQUEST, "upload was interrupted; send it again");
    }
    ProgramEntity p;
    try {
      Optional<String> problem;
      try {
        problem =
            ProgramFiles.contentProblem(
                settings.kind(), Suites.Source.ofObject(store, stored.key()));
      } catch (IOException e) {
        throw new IllegalStateException("the uploaded program could not be read back", e);
      }
      if (problem.isPresent()) {
        audit.denied(
            who,
            ACTION,
            Target.of("task", taskId),
            "program rejected: " + settings.name() + ": " + problem.get());
        throw new EnclaveException(
            ErrorCode.PROGRAM_REJECTED,
            problem.get() + "; nothing was stored, fix it and upload again");
      }
      p = QuarkusTransaction.requiringNew().call(() -> record(who, taskId, settings, stored));
    } catch (RuntimeException e) {
      ObjectKeys.deleteQuietly(store, stored.key());
      throw e;
    }
    ScoringRunResponse run = rescoreWith(who, taskId, p);
    return new ProgramUploadResponse(TaskViews.program(p), run);
  }

  private Settings settings(Upload u) {
    List<FieldError> errors = new ArrayList<>();
    ProgramEntity.Kind kind = null;
    String k = u.kind() == null ? "" : u.kind().strip().toUpperCase(Locale.ROOT);
    try {
      kind = ProgramEntity.Kind.valueOf(k);
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError("kind", "must be 'python' (a .py script) or 'jar'"));
    }
    String name = u.name();
    if (kind != null) {
      if (name == null || name.isBlank()) {
        name = kind == ProgramEntity.Kind.PYTHON ? "score.py" : "scorer.jar";
      }
      ProgramFiles.nameProblem(kind, name).ifPresent(m -> errors.add(new FieldError("name", m)));
    }
    SharedTaskConfig.Programs c = config.programs();
    int seconds =
        number(
            u.timeLimitSeconds(),
            c.defaultTimeLimitSeconds(),
            1,
            c.maxTimeLimitSeconds(),
            "timeLimitSeconds",
            errors);
    int mib =
        number(u.memoryMiB(), c.defaultMemoryMiB(), 64, c.maxMemoryMiB(), "memoryMiB", errors);
    if (u.note() != null && u.note().length() > 2000) {
      errors.add(new FieldError("note", "must be at most 2000 characters"));
    }
    if (!errors.isEmpty()) {
      throw new EnclaveException(
          ErrorCode.VALIDATION_FAILED,
          errors.stream().map(e -> e.field() + ": " + e.message()).toList().toString(),
          errors);
    }
    return new Settings(kind, name, seconds, mib, u.note());
  }

  private static int number(
      String text, int fallback, int min, int max, String field, List<FieldError> errors) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(text.strip());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(
        new FieldError(
            field,
            "must be a whole number from " + min + " to " + max + " (default " + fallback + ")"));
    return fallback;
  }

  private ProgramEntity record(
      EnclavePrincipal who, UUID taskId, Settings settings, StoredObject stored) {
    SharedTaskEntity task = tasks.lockForUpdate(taskId).orElseThrow();
    ProgramEntity p = new ProgramEntity();
    p.id = UUID.randomUUID();
    p.taskId = taskId;
    p.version = programs.latest(taskId).map(x -> x.version).orElse(0) + 1;
    p.kind = settings.kind();
    p.fileName = settings.name();
    p.objectKey = stored.key();
    p.sizeBytes = stored.size();
    p.sha256 = stored.sha256();
    p.timeLimitSeconds = settings.seconds();
    p.memoryMiB = settings.mib();
    p.note = settings.note();
    p.uploadedAt = Instant.now(clock);
    p.uploadedBy = who.username();
    programs.persist(p);
    programs.flush();
    audit.allowed(
        who,
        ACTION,
        Target.of("task", task.id).dataset(task.datasetId),
        "scoring program version "
            + p.version
            + ": "
            + p.kind.name().toLowerCase(Locale.ROOT)
            + " "
            + p.fileName
            + ", "
            + p.sizeBytes
            + " bytes, sha256 "
            + p.sha256
            + ", "
            + p.timeLimitSeconds
            + " s, "
            + p.memoryMiB
            + " MiB");
    return p;
  }

  /**
   * Once the task has gold, scores every submission with the new program in a new run; the program
   * runs before the task is locked. Null while the gold is missing.
   */
  private ScoringRunResponse rescoreWith(EnclavePrincipal who, UUID taskId, ProgramEntity p) {
    Optional<ScoringBasis> next =
        QuarkusTransaction.requiringNew()
            .call(() -> scoringRuns.latestBasis(lookup.require(taskId)));
    if (next.isEmpty()) {
      return null;
    }
    ScoringRuns.Ahead ahead = scoringRuns.evaluateAhead(next.get());
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                scoringRuns
                    .startLatest(
                        who,
                        tasks.lockForUpdate(taskId).orElseThrow(),
                        "scoring program version " + p.version,
                        ahead)
                    .orElse(null));
  }

  /** Metadata of every program upload of the task (organizers only); never the bytes. */
  @Transactional
  public List<ProgramResponse> list(EnclavePrincipal who, UUID taskId) {
    lookup.require(taskId);
    authorizer.authorize(who, Operation.TASK_INSPECT, TaskLookup.resource(taskId));
    return programs.listForTask(taskId).stream().map(TaskViews::program).toList();
  }
}

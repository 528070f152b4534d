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
import org.enclave.api.error.FieldError;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.api.sharedtask.model.LeaderboardVisibility;
import org.enclave.api.sharedtask.model.TaskModels.CreatePhaseRequest;
import org.enclave.api.sharedtask.model.TaskModels.PhaseResponse;
import org.enclave.api.sharedtask.persistence.PhaseEntity;
import org.enclave.api.sharedtask.persistence.PhaseRepository;
import org.enclave.api.sharedtask.persistence.SharedTaskEntity;
import org.enclave.api.sharedtask.persistence.SharedTaskRepository;

/** Phases of a task: windows for submissions, their limits and their leaderboards' visibility. */
@ApplicationScoped
public class PhaseService {
  @Inject PhaseRepository phases;
  @Inject SharedTaskRepository tasks;
  @Inject TaskLookup lookup;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject Clock clock;

  @Transactional
  public PhaseResponse create(EnclavePrincipal who, UUID taskId, CreatePhaseRequest req) {
    lookup.require(taskId);
    authorizer.authorize(who, Operation.TASK_MANAGE, TaskLookup.resource(taskId));
    if (!req.endsAt().isAfter(req.startsAt())) {
      throw new EnclaveException(
          ErrorCode.VALIDATION_FAILED,
          "endsAt must be after startsAt",
          List.of(new FieldError("endsAt", "must be after startsAt")));
    }
    // Serialize phase changes of one task, so that two overlapping phases cannot both pass.
    SharedTaskEntity task = tasks.lockForUpdate(taskId).orElseThrow();
    if (phases.listForTask(taskId).stream().anyMatch(p -> p.name.equals(req.name()))) {
      throw new EnclaveException(
          ErrorCode.ALREADY_EXISTS,
          "task " + task.name + " already has a phase '" + req.name() + "'");
    }
    if (phases.countOverlapping(taskId, req.startsAt(), req.endsAt()) > 0) {
      throw new EnclaveException(
          ErrorCode.PHASE_OVERLAP,
          "the phase overlaps another phase of the task; at most one phase is open at a time");
    }
    Instant now = Instant.now(clock);
    PhaseEntity p = new PhaseEntity();
    p.id = UUID.randomUUID();
    p.taskId = taskId;
    p.name = req.name();
    p.startsAt = req.startsAt();
    p.endsAt = req.endsAt();
    p.dailyLimit = req.dailyLimit();
    p.totalLimit = req.totalLimit();
    p.leaderboard = req.leaderboard();
    p.createdAt = now;
    p.createdBy = who.username();
    phases.persist(p);
    audit.allowed(
        who,
        "task.phase.create",
        Target.of("task-phase", p.id),
        "task "
            + task.name
            + ", "
            + p.startsAt
            + " to "
            + p.endsAt
            + ", limits "
            + p.dailyLimit
            + "/day "
            + p.totalLimit
            + " total, leaderboard "
            + p.leaderboard);
    return TaskViews.phase(p, now);
  }

  /** Opens a hidden phase's leaderboard (and teams' own scores) to participants. */
  @Transactional
  public PhaseResponse reveal(EnclavePrincipal who, UUID taskId, UUID phaseId) {
    PhaseEntity p = lookup.requirePhase(taskId, phaseId);
    authorizer.authorize(who, Operation.TASK_MANAGE, TaskLookup.resource(taskId));
    if (p.leaderboard != LeaderboardVisibility.HIDDEN_UNTIL_REVEALED) {
      throw new EnclaveException(
          ErrorCode.STATE_CONFLICT,
          "phase " + p.name + " is " + p.leaderboard + "; only hidden phases are revealed");
    }
    if (p.revealedAt != null) {
      throw new EnclaveException(
          ErrorCode.STATE_CONFLICT,
          "phase " + p.name + " was revealed by " + p.revealedBy + " at " + p.revealedAt);
    }
    Instant now = Instant.now(clock);
    p.revealedAt = now;
    p.revealedBy = who.username();
    audit.allowed(who, "task.phase.reveal", Target.of("task-phase", p.id), "phase " + p.name);
    return TaskViews.phase(p, now);
  }
}

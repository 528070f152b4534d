package org.enclave.api.workspace.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.governance.persistence.TeamRepository;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.Authorizer.Resource;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.api.workspace.model.WorkspaceModels.CreateWorkspaceRequest;
import org.enclave.api.workspace.model.WorkspaceSize;
import org.enclave.api.workspace.model.WorkspaceState;
import org.enclave.api.workspace.persistence.WorkspaceEntity;
import org.enclave.api.workspace.persistence.WorkspaceRepository;

/**
 * Every change of a workspace's recorded state, each in a transaction of its own with its audit
 * record: the row is locked, the move checked against {@link WorkspaceState#canMoveTo}, and the
 * event appended before the change commits. What happens on the host between two moves (broker
 * endpoint, sandbox) is the caller's, outside any transaction.
 */
@ApplicationScoped
public class WorkspaceTransitions {
  /** The actor of moves nobody asked for: idle stops, clean-up after a restart. */
  public static final EnclavePrincipal CONTROL_PLANE =
      new EnclavePrincipal("enclave-control-plane", "Enclave control plane", Set.of());

  static final String RESOURCE_TYPE = "workspace";

  /** The reason a workspace is {@code STOPPING} on its way to {@code TERMINATED}. */
  static final String TERMINATING = "terminating";

  @Inject WorkspaceRepository workspaces;
  @Inject TeamRepository teams;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject WorkspaceConfig config;
  @Inject Clock clock;

  @Transactional
  public WorkspaceEntity create(EnclavePrincipal who, CreateWorkspaceRequest req) {
    if (teams.findByIdOptional(req.teamId()).isEmpty()) {
      throw EnclaveException.notFound("team", req.teamId());
    }
    authorizer.authorize(who, Operation.WORKSPACE_CREATE, Resource.team(req.teamId()));
    if (workspaces.nameTaken(req.teamId(), req.name())) {
      throw new EnclaveException(
          ErrorCode.ALREADY_EXISTS,
          "the team already has a workspace named '"
              + req.name()
              + "'; choose another name or terminate that one");
    }
    Instant now = Instant.now(clock);
    WorkspaceEntity w = new WorkspaceEntity();
    w.id = UUID.randomUUID();
    w.teamId = req.teamId();
    w.name = req.name();
    w.size = req.size() == null ? WorkspaceSize.SMALL : req.size();
    w.state = WorkspaceState.CREATED;
    w.createdBy = who.username();
    w.createdAt = now;
    w.stateChangedAt = now;
    try {
      // Written before the audit record, so that a record never names a row that was not.
      workspaces.persistAndFlush(w);
    } catch (PersistenceException e) {
      if (violates(e, "workspace_team_name")) {
        // A concurrent create of the same name won the unique index.
        throw new EnclaveException(
            ErrorCode.ALREADY_EXISTS,
            "the team already has a workspace named '" + req.name() + "'");
      }
      throw e;
    }
    audit.allowed(who, "workspace.created", target(w), "size " + w.size.json());
    return w;
  }

  /**
   * Authorizes a start and moves to {@code STARTING}, taking one of the team's running slots.
   *
   * @throws EnclaveException {@code workspace-limit-reached} if the team has no slot left
   */
  @Transactional
  public WorkspaceEntity beginStart(EnclavePrincipal who, UUID id) {
    WorkspaceEntity w = lock(id);
    authorizer.authorize(who, Operation.WORKSPACE_START, resource(w));
    requireMove(w, WorkspaceState.STARTING, "start");
    // One team's starts are serialized here, so two of them cannot both take the last slot.
    teams.findByIdOptional(w.teamId, LockModeType.PESSIMISTIC_WRITE);
    long active = workspaces.countActive(w.teamId);
    if (active >= config.maxRunningPerTeam()) {
      String why =
          "the team already runs "
              + active
              + " workspaces, as many as it may ("
              + config.maxRunningPerTeam()
              + "); stop one first";
      audit.denied(who, Operation.WORKSPACE_START.action(), target(w), why);
      throw new EnclaveException(ErrorCode.WORKSPACE_LIMIT_REACHED, why);
    }
    workspaces.lockStarts();
    long everywhere = workspaces.countActive();
    if (everywhere >= config.maxRunning()) {
      String why =
          "this deployment already runs "
              + everywhere
              + " workspaces, as many as it may (enclave.workspaces.max-running="
              + config.maxRunning()
              + "); try again when another has stopped";
      audit.denied(who, Operation.WORKSPACE_START.action(), target(w), why);
      throw new EnclaveException(ErrorCode.WORKSPACE_LIMIT_REACHED, why);
    }
    move(w, WorkspaceState.STARTING, null);
    w.startedBy = who.username();
    audit.allowed(who, "workspace.starting", target(w), "size " + w.size.json());
    return w;
  }

  /** Remembers the broker key of the run under way, so that a restart can resume it. */
  @Transactional
  public void recordAccessKey(UUID id, String accessKeyId) {
    WorkspaceEntity w = lock(id);
    if (w.state == WorkspaceState.STARTING) {
      w.accessKeyId = accessKeyId;
    }
  }

  @Transactional
  public WorkspaceEntity started(EnclavePrincipal who, UUID id) {
    WorkspaceEntity w = lock(id);
    requireMove(w, WorkspaceState.RUNNING, "finish starting");
    Instant now = move(w, WorkspaceState.RUNNING, null);
    w.startedAt = now;
    w.lastActivityAt = now;
    audit.allowed(who, "workspace.started", target(w), null);
    return w;
  }

  /** A start or stop did not complete; nothing of it runs any more. */
  @Transactional
  public WorkspaceEntity failed(EnclavePrincipal who, UUID id, String reason) {
    WorkspaceEntity w = lock(id);
    requireMove(w, WorkspaceState.FAILED, "fail");
    move(w, WorkspaceState.FAILED, reason);
    w.accessKeyId = null;
    w.stoppedAt = w.stateChangedAt;
    audit.failed(who, "workspace.failed", target(w), reason);
    return w;
  }

  /** Authorizes a stop and moves to {@code STOPPING}. */
  @Transactional
  public WorkspaceEntity beginStop(EnclavePrincipal who, UUID id) {
    WorkspaceEntity w = lock(id);
    authorizer.authorize(who, Operation.WORKSPACE_STOP, resource(w));
    requireMove(w, WorkspaceState.STOPPING, "stop");
    move(w, WorkspaceState.STOPPING, null);
    audit.allowed(who, "workspace.stopping", target(w), "requested by " + who.username());
    return w;
  }

  /**
   * Moves a workspace that is still in {@code expected} to {@code STOPPING} for the control plane's
   * own reasons; empty if it has moved on meanwhile.
   */
  @Transactional
  public Optional<WorkspaceEntity> beginStopBySystem(
      UUID id, WorkspaceState expected, String reason) {
    WorkspaceEntity w = workspaces.lockForUpdate(id).orElse(null);
    if (w == null || w.state != expected || !w.state.canMoveTo(WorkspaceState.STOPPING)) {
      return Optional.empty();
    }
    move(w, WorkspaceState.STOPPING, reason);
    audit.allowed(CONTROL_PLANE, "workspace.stopping", target(w), reason);
    return Optional.of(w);
  }

  @Transactional
  public WorkspaceEntity stopped(EnclavePrincipal who, UUID id, String reason) {
    WorkspaceEntity w = lock(id);
    requireMove(w, WorkspaceState.STOPPED, "finish stopping");
    Instant now = move(w, WorkspaceState.STOPPED, reason);
    w.stoppedAt = now;
    w.accessKeyId = null;
    audit.allowed(who, "workspace.stopped", target(w), reason);
    return w;
  }

  /**
   * Authorizes a termination and moves to {@code STOPPING} (reason {@code terminating}) from any
   * state but one with a move under way, so that nothing else starts it meanwhile.
   */
  @Transactional
  public WorkspaceEntity beginTerminate(EnclavePrincipal who, UUID id) {
    WorkspaceEntity w = lock(id);
    authorizer.authorize(who, Operation.WORKSPACE_TERMINATE, resource(w));
    boolean allowed =
        w.state == WorkspaceState.RUNNING
            || !w.state.inProgress() && w.state.canMoveTo(WorkspaceState.TERMINATED);
    if (!allowed) {
      throw invalidMove(w, "terminate");
    }
    move(w, WorkspaceState.STOPPING, TERMINATING);
    audit.allowed(who, "workspace.terminating", target(w), null);
    return w;
  }

  @Transactional
  public WorkspaceEntity terminated(EnclavePrincipal who, UUID id) {
    WorkspaceEntity w = lock(id);
    requireMove(w, WorkspaceState.TERMINATED, "terminate");
    Instant now = move(w, WorkspaceState.TERMINATED, null);
    if (w.startedAt != null && (w.stoppedAt == null || w.stoppedAt.isBefore(w.startedAt))) {
      w.stoppedAt = now; // it was running until now
    }
    w.terminatedAt = now;
    w.accessKeyId = null;
    audit.allowed(who, "workspace.terminated", target(w), "home wiped");
    return w;
  }

  /**
   * Settles a workspace whose sandbox does not run (or may no longer run) for this control plane:
   * to {@code STOPPED}, or {@code FAILED} if it was starting. {@code onHost} (closing its broker
   * endpoint, stopping what is left) runs under the record's lock, and only if the record is still
   * exactly as the caller saw it ({@code expected} since {@code changedAt}): a workspace that moved
   * on meanwhile, say stopped and started again, is left alone.
   */
  @Transactional
  public boolean settle(
      UUID id, WorkspaceState expected, Instant changedAt, String reason, Runnable onHost) {
    return settle(id, expected, changedAt, reason, onHost, expected == WorkspaceState.STARTING);
  }

  /**
   * As {@link #settle(UUID, WorkspaceState, Instant, String, Runnable)}, ending {@code FAILED} if
   * {@code failed} (a workspace whose instance is gone, with its home volume), else {@code
   * STOPPED}.
   */
  @Transactional
  public boolean settle(
      UUID id,
      WorkspaceState expected,
      Instant changedAt,
      String reason,
      Runnable onHost,
      boolean failed) {
    WorkspaceEntity w = workspaces.lockForUpdate(id).orElse(null);
    if (w == null || w.state != expected || !w.stateChangedAt.equals(changedAt)) {
      return false;
    }
    onHost.run();
    WorkspaceState next = failed ? WorkspaceState.FAILED : WorkspaceState.STOPPED;
    if (!w.state.canMoveTo(next)) {
      // RUNNING cannot become STOPPED directly: the record says why it passed STOPPING.
      move(w, WorkspaceState.STOPPING, reason);
      audit.allowed(CONTROL_PLANE, "workspace.stopping", target(w), reason);
    }
    Instant now = move(w, next, reason);
    w.stoppedAt = now;
    w.accessKeyId = null;
    if (next == WorkspaceState.FAILED) {
      audit.failed(CONTROL_PLANE, "workspace.failed", target(w), reason);
    } else {
      audit.allowed(CONTROL_PLANE, "workspace.stopped", target(w), reason);
    }
    return true;
  }

  /**
   * Re-attaches a workspace whose sandbox runs across a control-plane restart: {@code resume}
   * (reopening its broker endpoint) runs under the record's lock and only if it is still the same
   * run, so that a stop under way cannot be followed by a reopened endpoint.
   */
  @Transactional
  public boolean reattach(UUID id, Instant changedAt, Runnable resume) {
    WorkspaceEntity w = workspaces.lockForUpdate(id).orElse(null);
    if (w == null || w.state != WorkspaceState.RUNNING || !w.stateChangedAt.equals(changedAt)) {
      return false;
    }
    resume.run();
    audit.allowed(
        CONTROL_PLANE,
        "workspace.reattached",
        target(w),
        "running across a control-plane restart; broker endpoint reopened");
    return true;
  }

  /**
   * Stops a sandbox that runs although its workspace's record says it should not (or there is no
   * record): {@code stop} runs under the record's lock, so no start of that workspace slips in
   * between the check and the stop. False if the record says it may run after all.
   */
  @Transactional
  public boolean stopStray(String key, Runnable stop) {
    Optional<WorkspaceEntity> w = parse(key).flatMap(workspaces::lockForUpdate);
    if (w.isPresent() && MAY_RUN.contains(w.get().state)) {
      return false;
    }
    stop.run();
    String why =
        w.isEmpty()
            ? "a sandbox ran with no workspace record; stopped"
            : "a sandbox ran although the workspace is " + w.get().state + "; stopped";
    Target t =
        w.map(WorkspaceTransitions::target).orElse(Target.of(RESOURCE_TYPE, key).workspace(key));
    audit.allowed(CONTROL_PLANE, "workspace.stopped", t, why);
    return true;
  }

  /**
   * Terminates a cloud instance tagged as this deployment's whose workspace has no record or is
   * {@code TERMINATED}: nothing may keep it, or its volume. {@code terminate} runs under the
   * record's lock. False if the record says the workspace exists after all.
   */
  @Transactional
  public boolean terminateOrphan(String key, Runnable terminate) {
    Optional<WorkspaceEntity> w = parse(key).flatMap(workspaces::lockForUpdate);
    if (w.isPresent() && w.get().state != WorkspaceState.TERMINATED) {
      return false;
    }
    terminate.run();
    String why =
        w.isEmpty()
            ? "an instance tagged as this deployment's had no workspace record; terminated"
            : "an instance of a TERMINATED workspace was left; terminated";
    Target t =
        w.map(WorkspaceTransitions::target).orElse(Target.of(RESOURCE_TYPE, key).workspace(key));
    audit.allowed(CONTROL_PLANE, "workspace.orphan-terminated", t, why);
    return true;
  }

  /** Saves when workspaces were last active; only ever moves a running one's time forward. */
  @Transactional
  public void recordActivity(java.util.Map<String, Instant> lastRequests) {
    lastRequests.forEach(
        (key, at) -> parse(key).ifPresent(id -> workspaces.recordActivity(id, at)));
  }

  private static boolean violates(Throwable e, String constraint) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof org.hibernate.exception.ConstraintViolationException v
          && constraint.equals(v.getConstraintName())) {
        return true;
      }
    }
    return false;
  }

  private static Optional<UUID> parse(String key) {
    try {
      return Optional.of(UUID.fromString(key));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private WorkspaceEntity lock(UUID id) {
    return workspaces
        .lockForUpdate(id)
        .orElseThrow(() -> EnclaveException.notFound("workspace", id));
  }

  private Instant move(WorkspaceEntity w, WorkspaceState next, String reason) {
    Instant now = Instant.now(clock);
    w.state = next;
    w.stateReason = reason;
    w.stateChangedAt = now;
    return now;
  }

  private static void requireMove(WorkspaceEntity w, WorkspaceState next, String verb) {
    if (!w.state.canMoveTo(next)) {
      throw invalidMove(w, verb);
    }
  }

  private static EnclaveException invalidMove(WorkspaceEntity w, String verb) {
    return new EnclaveException(
        ErrorCode.INVALID_WORKSPACE_STATE,
        "cannot " + verb + " workspace " + w.id + ": it is " + w.state + hint(w.state));
  }

  private static String hint(WorkspaceState state) {
    return switch (state) {
      case STARTING, STOPPING -> "; wait until that finishes";
      case TERMINATED -> "; terminated workspaces cannot be used again, create a new one";
      case RUNNING -> "; stop it first";
      case CREATED, STOPPED -> "; start it first";
      case FAILED -> "; start it again or terminate it";
    };
  }

  static Resource resource(WorkspaceEntity w) {
    return Resource.workspace(w.id, w.teamId);
  }

  static Target target(WorkspaceEntity w) {
    return Target.of(RESOURCE_TYPE, w.id).team(w.teamId).workspace(w.key());
  }

  /** States whose sandbox may run. */
  static final Set<WorkspaceState> MAY_RUN =
      EnumSet.of(WorkspaceState.STARTING, WorkspaceState.RUNNING, WorkspaceState.STOPPING);
}

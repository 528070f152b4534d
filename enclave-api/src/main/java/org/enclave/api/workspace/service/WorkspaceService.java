package org.enclave.api.workspace.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.enclave.api.broker.BrokerEndpoints;
import org.enclave.api.broker.WorkspaceCredentials;
import org.enclave.api.broker.WorkspaceIdentity;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.governance.persistence.TeamMemberRepository;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.api.security.Role;
import org.enclave.api.session.SessionConfig;
import org.enclave.api.session.SessionPath;
import org.enclave.api.session.SessionTokens;
import org.enclave.api.workspace.model.WorkspaceModels.CreateWorkspaceRequest;
import org.enclave.api.workspace.model.WorkspaceModels.Limits;
import org.enclave.api.workspace.model.WorkspaceModels.WorkspaceResponse;
import org.enclave.api.workspace.model.WorkspaceState;
import org.enclave.api.workspace.persistence.WorkspaceEntity;
import org.enclave.api.workspace.persistence.WorkspaceRepository;
import org.enclave.infra.workspace.SessionServer;
import org.enclave.infra.workspace.WorkspaceLimits;
import org.enclave.infra.workspace.WorkspaceProvider;
import org.enclave.infra.workspace.WorkspaceSpec;
import org.jboss.logging.Logger;

/**
 * The workspace lifecycle: create, start, stop, terminate, list, status. A start opens the
 * workspace's broker endpoint (fresh credentials) and then its sandbox; a stop closes the endpoint
 * first, so the credentials die at once, and then ends the sandbox. A move that fails on the host
 * leaves the workspace {@code FAILED} with nothing of it running, never half started.
 */
@ApplicationScoped
public class WorkspaceService {
  private static final Logger LOG = Logger.getLogger(WorkspaceService.class);

  @Inject WorkspaceRepository workspaces;
  @Inject TeamMemberRepository members;
  @Inject WorkspaceTransitions transitions;
  @Inject WorkspaceHost host;
  @Inject BrokerEndpoints broker;
  @Inject Authorizer authorizer;
  @Inject SessionConfig sessions;
  @Inject SessionTokens sessionTokens;
  @Inject WorkspaceConfig config;
  @Inject Event<WorkspaceRunEnded> runEnded;

  public WorkspaceResponse create(EnclavePrincipal who, CreateWorkspaceRequest req) {
    host.provider();
    return view(transitions.create(who, req));
  }

  /** Workspaces the caller may see: their teams', or all for stewards and admins. */
  @Transactional
  public List<WorkspaceResponse> list(EnclavePrincipal who, UUID teamId, WorkspaceState state) {
    List<UUID> teams =
        who.hasAny(Role.STEWARD, Role.ADMIN) ? null : members.teamIdsOf(who.username());
    if (teamId != null) {
      teams = teams == null || teams.contains(teamId) ? List.of(teamId) : List.of();
    }
    return workspaces.search(teams, state).stream().map(WorkspaceService::view).toList();
  }

  @Transactional
  public WorkspaceResponse get(EnclavePrincipal who, UUID id) {
    WorkspaceEntity w =
        workspaces
            .findByIdOptional(id)
            .orElseThrow(() -> EnclaveException.notFound("workspace", id));
    authorizer.authorize(who, Operation.WORKSPACE_READ, WorkspaceTransitions.resource(w));
    return view(w);
  }

  /**
   * Starts the workspace and returns once it is ready (its broker endpoint answers inside).
   *
   * @throws EnclaveException {@code workspace-start-failed} if it did not start; it is {@code
   *     FAILED} then and nothing of it runs
   */
  public WorkspaceResponse start(EnclavePrincipal who, UUID id) {
    WorkspaceProvider provider = host.provider();
    WorkspaceEntity w = transitions.beginStart(who, id);
    String key = w.key();
    try {
      WorkspaceIdentity identity = new WorkspaceIdentity(key, w.teamId, who.username());
      WorkspaceCredentials credentials =
          provider.network().isPresent()
              ? broker.openNetwork(identity)
              : broker.open(identity, host.brokerSocket(key));
      transitions.recordAccessKey(id, credentials.accessKeyId());
      provider.start(spec(w, credentials, who));
    } catch (RuntimeException e) {
      LOG.errorf(e, "workspace %s did not start", key);
      undoStart(provider, key);
      transitions.failed(who, id, "did not start: " + summary(e));
      throw startFailure(id, e);
    }
    try {
      return view(transitions.started(who, id));
    } catch (RuntimeException e) {
      // Most likely the audit log refused the record: nothing may run unrecorded.
      undoStart(provider, key);
      failQuietly(who, id, "started, but the start could not be recorded");
      throw e;
    }
  }

  /** Stops the workspace: its credentials stop working at once, then its processes end. */
  public WorkspaceResponse stop(EnclavePrincipal who, UUID id) {
    WorkspaceProvider provider = host.provider();
    WorkspaceEntity w = transitions.beginStop(who, id);
    return view(finishStop(provider, who, w, "stopped by " + who.username()));
  }

  /**
   * Stops a workspace for the control plane's own reason (idle, say) if it is still in {@code
   * expected}; false if it has moved on meanwhile.
   */
  public boolean stopBySystem(UUID id, WorkspaceState expected, String reason) {
    WorkspaceProvider provider = host.provider();
    return transitions
        .beginStopBySystem(id, expected, reason)
        .map(w -> finishStop(provider, WorkspaceTransitions.CONTROL_PLANE, w, reason))
        .isPresent();
  }

  /** Stops the workspace if it runs, wipes its home and everything kept for it. */
  public WorkspaceResponse terminate(EnclavePrincipal who, UUID id) {
    WorkspaceProvider provider = host.provider();
    String key = transitions.beginTerminate(who, id).key();
    endRun(id, "workspace terminated");
    broker.close(key);
    try {
      provider.terminate(key);
      Files.deleteIfExists(host.brokerSocket(key).getParent());
      deleteSessionDir(key);
    } catch (RuntimeException | IOException e) {
      LOG.errorf(e, "workspace %s could not be terminated", key);
      failQuietly(who, id, "could not be terminated: " + summary(e));
      throw new EnclaveException(
          ErrorCode.INTERNAL,
          "workspace " + id + " could not be wiped, so it is FAILED; terminate it again");
    }
    return view(transitions.terminated(who, id));
  }

  private WorkspaceEntity finishStop(
      WorkspaceProvider provider, EnclavePrincipal who, WorkspaceEntity w, String reason) {
    String key = w.key();
    endRun(w.id, "workspace stopped: " + reason);
    broker.close(key);
    try {
      provider.stop(key);
    } catch (RuntimeException e) {
      LOG.errorf(e, "workspace %s did not stop cleanly", key);
      failQuietly(who, w.id, "did not stop cleanly: " + summary(e));
      throw new EnclaveException(
          ErrorCode.INTERNAL,
          "workspace "
              + w.id
              + " did not stop cleanly, so it is FAILED (its data access is closed); stop or"
              + " terminate it again");
    }
    return transitions.stopped(who, w.id, reason);
  }

  private void undoStart(WorkspaceProvider provider, String key) {
    endRun(UUID.fromString(key), "workspace did not start");
    broker.close(key);
    try {
      provider.stop(key);
    } catch (RuntimeException e) {
      LOG.errorf(e, "workspace %s: could not stop what was left of a failed start", key);
    }
  }

  private void failQuietly(EnclavePrincipal who, UUID id, String reason) {
    try {
      transitions.failed(who, id, reason);
    } catch (RuntimeException e) {
      LOG.errorf(
          "workspace %s could not be marked FAILED (%s); the next check settles it",
          id, summary(e));
    }
  }

  /** Ends whatever serves the run (its sessions) before its credentials and processes go. */
  private void endRun(UUID id, String reason) {
    try {
      runEnded.fire(new WorkspaceRunEnded(id, reason));
    } catch (RuntimeException e) {
      LOG.errorf(e, "workspace %s: ending its sessions failed", id);
    }
  }

  private void deleteSessionDir(String key) throws IOException {
    Path dir = host.sessionDir(key);
    if (Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try (var entries = Files.list(dir)) {
        for (Path entry : entries.toList()) {
          Files.deleteIfExists(entry);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private WorkspaceSpec spec(WorkspaceEntity w, WorkspaceCredentials c, EnclavePrincipal who) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_ACCESS_KEY_ID", c.accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", c.secretAccessKey());
    env.put("AWS_REGION", c.region());
    env.put("ENCLAVE_WORKSPACE_ID", w.key());
    WorkspaceSpec spec =
        new WorkspaceSpec(
            w.key(),
            host.homeRoot(),
            host.brokerSocket(w.key()),
            env,
            w.size.limits(),
            null,
            null,
            config.runtimeDir().map(p -> p.toAbsolutePath().normalize()).orElse(null));
    spec =
        spec.withLabels(
            Map.of(
                WorkspaceSpec.LABEL_TEAM,
                w.teamId.toString(),
                WorkspaceSpec.LABEL_OWNER,
                who.username(),
                WorkspaceSpec.LABEL_SIZE,
                w.size.name().toLowerCase(java.util.Locale.ROOT)));
    if (!sessions.enabled()) {
      return spec;
    }
    env.put(SessionServer.TOKEN_VARIABLE, sessionTokens.tokenOf(w.key(), c.accessKeyId()));
    return spec.withEnvironment(env)
        .withSession(new SessionServer(host.sessionDir(w.key()), SessionPath.base(w.key())));
  }

  /**
   * Why a start failed, as the caller should hear it: the cloud's capacity, quota, throttling or a
   * misconfigured account each have their own code and say what to do; anything else is a failed
   * start whose details are in the control plane's log.
   */
  static EnclaveException startFailure(UUID id, RuntimeException e) {
    String failed = "workspace " + id + " did not start, so it is FAILED and nothing of it runs; ";
    if (e instanceof org.enclave.infra.workspace.WorkspaceException we) {
      switch (we.reason()) {
        case CAPACITY:
          return new EnclaveException(
              ErrorCode.WORKSPACE_CAPACITY,
              failed
                  + "the cloud has no capacity for its size now: start it again later, or"
                  + " choose another size ("
                  + we.getMessage()
                  + ")");
        case QUOTA:
          return new EnclaveException(
              ErrorCode.WORKSPACE_QUOTA,
              failed
                  + "the account's quota is used up: stop another workspace, or ask an"
                  + " operator to raise the quota ("
                  + we.getMessage()
                  + ")");
        case THROTTLED:
          return new EnclaveException(
              ErrorCode.WORKSPACE_THROTTLED,
              failed + "the cloud throttled the start: start it again in a minute");
        case MISCONFIGURED:
          return new EnclaveException(
              ErrorCode.WORKSPACE_MISCONFIGURED,
              failed
                  + "the cloud account lacks what the control plane is configured to use;"
                  + " an operator must fix it ("
                  + we.getMessage()
                  + ")");
        default:
          break;
      }
    }
    return new EnclaveException(
        ErrorCode.WORKSPACE_START_FAILED,
        failed
            + "start it again, or terminate it and ask an operator to look at the control"
            + " plane's log");
  }

  /** The exception's kind and message, for the record: never a secret, never a sandbox log. */
  private static String summary(Exception e) {
    String kind =
        e instanceof org.enclave.infra.workspace.WorkspaceException we
            ? we.reason().name()
            : e.getClass().getSimpleName();
    return kind;
  }

  static WorkspaceResponse view(WorkspaceEntity w) {
    WorkspaceLimits l = w.size.limits();
    return new WorkspaceResponse(
        w.id,
        w.teamId,
        w.name,
        w.size,
        new Limits(l.cpus(), l.memoryMiB(), l.pids(), l.openFiles()),
        w.state,
        w.stateReason,
        w.createdBy,
        w.createdAt,
        w.stateChangedAt,
        w.startedBy,
        w.startedAt,
        w.stoppedAt,
        w.terminatedAt,
        w.lastActivityAt);
  }
}

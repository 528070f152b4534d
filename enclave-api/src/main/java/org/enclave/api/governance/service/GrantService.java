package org.enclave.api.governance.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
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
import org.enclave.api.governance.model.AccessModels.GrantResponse;
import org.enclave.api.governance.model.AccessModels.RevokeGrantRequest;
import org.enclave.api.governance.persistence.GrantEntity;
import org.enclave.api.governance.persistence.GrantRepository;
import org.enclave.api.governance.persistence.TeamMemberRepository;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.Authorizer.Resource;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.api.security.Role;

/** Grants: created by approval, revocable at any time by a steward, expiring on their own. */
@ApplicationScoped
public class GrantService {
  @Inject GrantRepository grants;
  @Inject TeamMemberRepository members;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject Clock clock;
  @Inject Event<GrantRevoked> revoked;

  @Transactional
  public GrantResponse get(EnclavePrincipal who, UUID id) {
    GrantEntity g =
        grants.findByIdOptional(id).orElseThrow(() -> EnclaveException.notFound("grant", id));
    authorizer.authorize(who, Operation.GRANT_READ, resource(g));
    return view(g, Instant.now(clock));
  }

  /** Grants the caller may see, optionally of one dataset, optionally only active ones. */
  @Transactional
  public List<GrantResponse> list(EnclavePrincipal who, UUID datasetId, boolean activeOnly) {
    Instant now = Instant.now(clock);
    List<GrantEntity> found;
    if (who.hasAny(Role.ADMIN, Role.AUDITOR, Role.STEWARD)) {
      found = datasetId == null ? grants.listAll() : grants.listForDataset(datasetId);
    } else {
      List<UUID> myTeams = members.teamIdsOf(who.username());
      found = grants.listForTeams(myTeams);
    }
    return found.stream()
        .filter(g -> datasetId == null || g.datasetId.equals(datasetId))
        .filter(g -> !activeOnly || g.isActive(now))
        .filter(g -> authorizer.permits(who, Operation.GRANT_READ, resource(g)))
        .map(g -> view(g, now))
        .toList();
  }

  @Transactional
  public GrantResponse revoke(EnclavePrincipal who, UUID id, RevokeGrantRequest req) {
    GrantEntity g =
        grants.lockForUpdate(id).orElseThrow(() -> EnclaveException.notFound("grant", id));
    authorizer.authorize(who, Operation.GRANT_REVOKE, resource(g));
    Instant now = Instant.now(clock);
    if (g.revokedAt != null) {
      throw new EnclaveException(
          ErrorCode.GRANT_NOT_ACTIVE,
          "grant was already revoked by " + g.revokedBy + " at " + g.revokedAt);
    }
    g.revokedAt = now;
    g.revokedBy = who.username();
    g.revokeReason = req.reason();
    audit.allowed(
        who,
        "grant.revoke",
        Target.of("grant", g.id).team(g.teamId).dataset(g.datasetId),
        req.reason());
    revoked.fire(new GrantRevoked(g.id, g.teamId, g.datasetId, who.username()));
    return view(g, now);
  }

  private static Resource resource(GrantEntity g) {
    return Resource.of("grant", g.id, g.teamId, g.datasetId);
  }

  static GrantResponse view(GrantEntity g, Instant now) {
    return new GrantResponse(
        g.id,
        g.requestId,
        g.teamId,
        g.datasetId,
        g.versionId,
        g.grantedBy,
        g.grantedAt,
        g.expiresAt,
        g.revokedAt,
        g.revokedBy,
        g.revokeReason,
        g.isActive(now));
  }
}

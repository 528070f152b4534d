package org.enclave.api.governance.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.error.FieldError;
import org.enclave.api.governance.model.AccessModels.AccessRequestResponse;
import org.enclave.api.governance.model.AccessModels.ApproveRequest;
import org.enclave.api.governance.model.AccessModels.CreateAccessRequest;
import org.enclave.api.governance.model.AccessModels.DenyRequest;
import org.enclave.api.governance.persistence.AccessRequestEntity;
import org.enclave.api.governance.persistence.AccessRequestEntity.Status;
import org.enclave.api.governance.persistence.AccessRequestRepository;
import org.enclave.api.governance.persistence.AgreementAcceptanceRepository;
import org.enclave.api.governance.persistence.AgreementEntity;
import org.enclave.api.governance.persistence.AgreementRepository;
import org.enclave.api.governance.persistence.DatasetStewardRepository;
import org.enclave.api.governance.persistence.DatasetVersionEntity;
import org.enclave.api.governance.persistence.GrantEntity;
import org.enclave.api.governance.persistence.GrantRepository;
import org.enclave.api.governance.persistence.TeamMemberRepository;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.Authorizer.Resource;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.api.security.Role;

/**
 * Access requests: a team lead asks for a dataset version; a steward of that dataset who is not in
 * the team approves (creating a grant) or denies. The row is locked while deciding, so a request is
 * decided exactly once.
 */
@ApplicationScoped
public class AccessRequestService {
  @Inject AccessRequestRepository requests;
  @Inject GrantRepository grants;
  @Inject TeamService teamService;
  @Inject DatasetService datasetService;
  @Inject TeamMemberRepository members;
  @Inject DatasetStewardRepository stewards;
  @Inject AgreementRepository agreements;
  @Inject AgreementAcceptanceRepository acceptances;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject Clock clock;

  @Transactional
  public AccessRequestResponse create(EnclavePrincipal who, CreateAccessRequest req) {
    teamService.require(req.teamId());
    datasetService.require(req.datasetId());
    authorizer.authorize(
        who,
        Operation.ACCESS_REQUEST_CREATE,
        Resource.of("team", req.teamId(), req.teamId(), req.datasetId()));
    DatasetVersionEntity v = datasetService.requireVersion(req.datasetId(), req.versionId());
    if (v.state != DatasetVersionEntity.State.PUBLISHED) {
      throw new EnclaveException(
          ErrorCode.VERSION_NOT_PUBLISHED,
          "version " + v.label + " is not published yet; request a published version");
    }
    boolean pending =
        requests.count(
                "teamId = ?1 and versionId = ?2 and status = ?3",
                req.teamId(),
                req.versionId(),
                Status.PENDING)
            > 0;
    if (pending) {
      throw new EnclaveException(
          ErrorCode.ALREADY_EXISTS,
          "the team already has a pending request for this version; wait for its decision");
    }
    AccessRequestEntity r = new AccessRequestEntity();
    r.id = UUID.randomUUID();
    r.teamId = req.teamId();
    r.datasetId = req.datasetId();
    r.versionId = req.versionId();
    r.purpose = req.purpose();
    r.ethicsReference = req.ethicsReference();
    r.durationDays = req.durationDays();
    r.status = Status.PENDING;
    r.requestedBy = who.username();
    r.requestedAt = Instant.now(clock);
    requests.persist(r);
    audit.allowed(who, "access-request.create", target(r), "for " + r.durationDays + " days");
    return view(r, null);
  }

  @Transactional
  public AccessRequestResponse get(EnclavePrincipal who, UUID id) {
    AccessRequestEntity r = require(id);
    authorizer.authorize(who, Operation.ACCESS_REQUEST_READ, resource(r));
    return view(r, grantOf(r));
  }

  @Transactional
  public List<AccessRequestResponse> list(EnclavePrincipal who, Status status, UUID datasetId) {
    List<AccessRequestEntity> found;
    if (who.hasAny(Role.ADMIN, Role.AUDITOR)) {
      found = requests.search(status, datasetId, null, null);
    } else {
      List<UUID> stewarded =
          who.has(Role.STEWARD) ? stewards.datasetsStewardedBy(who.username()) : List.of();
      List<UUID> myTeams = members.teamIdsOf(who.username());
      found = requests.search(status, datasetId, stewarded, myTeams);
    }
    return found.stream().map(r -> view(r, grantOf(r))).toList();
  }

  @Transactional
  public AccessRequestResponse approve(EnclavePrincipal who, UUID id, ApproveRequest body) {
    AccessRequestEntity r = lockPendingForDecision(who, id);
    requireAgreementAccepted(r);
    Instant now = Instant.now(clock);
    Instant latest = now.plus(Duration.ofDays(r.durationDays));
    Instant expiresAt = body == null || body.expiresAt() == null ? latest : body.expiresAt();
    if (expiresAt.isAfter(latest)) {
      throw new EnclaveException(
          ErrorCode.VALIDATION_FAILED,
          "expiresAt is later than the requested duration allows",
          List.of(new FieldError("expiresAt", "must be no later than " + latest)));
    }
    if (!expiresAt.isAfter(now)) {
      throw new EnclaveException(
          ErrorCode.VALIDATION_FAILED,
          "expiresAt is in the past",
          List.of(new FieldError("expiresAt", "must be in the future")));
    }
    r.status = Status.APPROVED;
    r.decidedBy = who.username();
    r.decidedAt = now;
    r.decisionReason = body == null ? null : body.note();
    GrantEntity g = new GrantEntity();
    g.id = UUID.randomUUID();
    g.requestId = r.id;
    g.teamId = r.teamId;
    g.datasetId = r.datasetId;
    g.versionId = r.versionId;
    g.grantedBy = who.username();
    g.grantedAt = now;
    g.expiresAt = expiresAt;
    grants.persist(g);
    audit.allowed(
        who, "access-request.approve", target(r), "grant " + g.id + " until " + expiresAt);
    return view(r, g);
  }

  @Transactional
  public AccessRequestResponse deny(EnclavePrincipal who, UUID id, DenyRequest body) {
    AccessRequestEntity r = lockPendingForDecision(who, id);
    r.status = Status.DENIED;
    r.decidedBy = who.username();
    r.decidedAt = Instant.now(clock);
    r.decisionReason = body.reason();
    audit.allowed(who, "access-request.deny", target(r), body.reason());
    return view(r, null);
  }

  /**
   * Locks the request row until the transaction ends, then checks that the caller may decide it and
   * that it is still pending. A concurrent decision waits for the lock and then sees the request
   * decided.
   */
  private AccessRequestEntity lockPendingForDecision(EnclavePrincipal who, UUID id) {
    AccessRequestEntity r =
        requests
            .lockForDecision(id)
            .orElseThrow(() -> EnclaveException.notFound("access request", id));
    authorizer.authorize(who, Operation.ACCESS_REQUEST_DECIDE, resource(r));
    requirePending(r);
    return r;
  }

  private void requirePending(AccessRequestEntity r) {
    if (r.status != Status.PENDING) {
      throw new EnclaveException(
          ErrorCode.REQUEST_ALREADY_DECIDED,
          "request "
              + r.id
              + " was already "
              + r.status.name().toLowerCase(java.util.Locale.ROOT)
              + " by "
              + r.decidedBy
              + " at "
              + r.decidedAt);
    }
  }

  private void requireAgreementAccepted(AccessRequestEntity r) {
    AgreementEntity current =
        agreements
            .current(r.datasetId)
            .orElseThrow(
                () ->
                    new EnclaveException(
                        ErrorCode.NO_AGREEMENT,
                        "the dataset has no data use agreement; publish one before approving"));
    Set<String> accepted = acceptances.acceptedBy(current.id);
    List<String> missing =
        members.listForTeam(r.teamId).stream()
            .map(m -> m.id.username())
            .filter(u -> !accepted.contains(u))
            .toList();
    if (!missing.isEmpty()) {
      throw new EnclaveException(
          ErrorCode.AGREEMENT_NOT_ACCEPTED,
          "these team members have not accepted version "
              + current.version
              + " of the data use agreement: "
              + String.join(", ", missing));
    }
  }

  AccessRequestEntity require(UUID id) {
    return requests
        .findByIdOptional(id)
        .orElseThrow(() -> EnclaveException.notFound("access request", id));
  }

  private GrantEntity grantOf(AccessRequestEntity r) {
    return r.status == Status.APPROVED ? grants.find("requestId", r.id).firstResult() : null;
  }

  private static Resource resource(AccessRequestEntity r) {
    return Resource.of("access-request", r.id, r.teamId, r.datasetId);
  }

  private static Target target(AccessRequestEntity r) {
    return Target.of("access-request", r.id).team(r.teamId).dataset(r.datasetId);
  }

  static AccessRequestResponse view(AccessRequestEntity r, GrantEntity g) {
    return new AccessRequestResponse(
        r.id,
        r.teamId,
        r.datasetId,
        r.versionId,
        r.purpose,
        r.ethicsReference,
        r.durationDays,
        r.status.name(),
        r.requestedBy,
        r.requestedAt,
        r.decidedBy,
        r.decidedAt,
        r.decisionReason,
        g == null ? null : g.id);
  }
}

package org.enclave.api.governance.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.governance.model.AgreementModels.AcceptanceResponse;
import org.enclave.api.governance.model.AgreementModels.AgreementResponse;
import org.enclave.api.governance.model.AgreementModels.PublishAgreementRequest;
import org.enclave.api.governance.persistence.AgreementAcceptanceEntity;
import org.enclave.api.governance.persistence.AgreementAcceptanceRepository;
import org.enclave.api.governance.persistence.AgreementEntity;
import org.enclave.api.governance.persistence.AgreementRepository;
import org.enclave.api.governance.persistence.TeamMemberRepository;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.Authorizer.Resource;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;

/**
 * Data use agreements: versioned text per dataset. The newest version is the current one; a member
 * who accepted an older version must accept again before their team can be approved.
 */
@ApplicationScoped
public class AgreementService {
  @Inject DatasetService datasetService;
  @Inject AgreementRepository agreements;
  @Inject AgreementAcceptanceRepository acceptances;
  @Inject TeamMemberRepository members;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject Clock clock;

  @Transactional
  public AgreementResponse publish(
      EnclavePrincipal who, UUID datasetId, PublishAgreementRequest req) {
    datasetService.require(datasetId);
    authorizer.authorize(who, Operation.AGREEMENT_PUBLISH, Resource.dataset(datasetId));
    int next = agreements.current(datasetId).map(a -> a.version + 1).orElse(1);
    AgreementEntity a = new AgreementEntity();
    a.id = UUID.randomUUID();
    a.datasetId = datasetId;
    a.version = next;
    a.text = req.text();
    a.createdAt = Instant.now(clock);
    a.createdBy = who.username();
    agreements.persist(a);
    audit.allowed(
        who,
        "agreement.publish",
        Target.of("agreement", datasetId + "/" + next).dataset(datasetId),
        "version " + next);
    return view(a);
  }

  @Transactional
  public AgreementResponse current(UUID datasetId) {
    datasetService.require(datasetId);
    return agreements
        .current(datasetId)
        .map(AgreementService::view)
        .orElseThrow(
            () ->
                new EnclaveException(
                    ErrorCode.NOT_FOUND,
                    "dataset " + datasetId + " has no data use agreement yet"));
  }

  /** The current agreement of a dataset, if it has one yet. */
  @Transactional
  public java.util.Optional<AgreementResponse> findCurrent(UUID datasetId) {
    datasetService.require(datasetId);
    return agreements.current(datasetId).map(AgreementService::view);
  }

  @Transactional
  public List<AgreementResponse> list(UUID datasetId) {
    datasetService.require(datasetId);
    return agreements.listForDataset(datasetId).stream().map(AgreementService::view).toList();
  }

  @Transactional
  public AcceptanceResponse accept(EnclavePrincipal who, UUID datasetId, int version) {
    datasetService.require(datasetId);
    authorizer.authorize(who, Operation.AGREEMENT_ACCEPT, Resource.dataset(datasetId));
    AgreementEntity current =
        agreements
            .current(datasetId)
            .orElseThrow(
                () ->
                    new EnclaveException(
                        ErrorCode.NO_AGREEMENT, "dataset has no data use agreement to accept"));
    AgreementEntity a =
        agreements
            .findVersion(datasetId, version)
            .orElseThrow(() -> EnclaveException.notFound("agreement version", version));
    if (a.version != current.version) {
      throw new EnclaveException(
          ErrorCode.AGREEMENT_NOT_CURRENT,
          "version " + version + " is superseded; accept the current version " + current.version);
    }
    var key = new AgreementAcceptanceEntity.Key(a.id, who.username());
    AgreementAcceptanceEntity existing = acceptances.findById(key);
    if (existing != null) {
      return new AcceptanceResponse(datasetId, a.version, who.username(), existing.acceptedAt);
    }
    AgreementAcceptanceEntity acc = new AgreementAcceptanceEntity();
    acc.id = key;
    acc.acceptedAt = Instant.now(clock);
    acceptances.persist(acc);
    audit.allowed(
        who,
        "agreement.accept",
        Target.of("agreement", datasetId + "/" + a.version).dataset(datasetId),
        "version " + a.version);
    return new AcceptanceResponse(datasetId, a.version, who.username(), acc.acceptedAt);
  }

  @Transactional
  public List<AcceptanceResponse> acceptances(EnclavePrincipal who, UUID datasetId, int version) {
    datasetService.require(datasetId);
    authorizer.authorize(who, Operation.AGREEMENT_READ_ACCEPTANCES, Resource.dataset(datasetId));
    AgreementEntity a =
        agreements
            .findVersion(datasetId, version)
            .orElseThrow(() -> EnclaveException.notFound("agreement version", version));
    return acceptances.listForAgreement(a.id).stream()
        .map(x -> new AcceptanceResponse(datasetId, version, x.id.username(), x.acceptedAt))
        .toList();
  }

  /**
   * Which of the caller's teammates (members of any team the caller is in, the caller included)
   * accepted a version of a dataset's agreement: what a researcher needs to know before the team
   * asks, without reading everyone's acceptances.
   */
  @Transactional
  public Set<String> acceptedByTeammates(EnclavePrincipal who, UUID datasetId, int version) {
    datasetService.require(datasetId);
    AgreementEntity a =
        agreements
            .findVersion(datasetId, version)
            .orElseThrow(() -> EnclaveException.notFound("agreement version", version));
    Set<String> teammates =
        members.teamIdsOf(who.username()).stream()
            .flatMap(t -> members.listForTeam(t).stream())
            .map(m -> m.id.username())
            .collect(Collectors.toSet());
    teammates.add(who.username());
    return acceptances.listForAgreement(a.id).stream()
        .map(x -> x.id.username())
        .filter(teammates::contains)
        .collect(Collectors.toSet());
  }

  private static AgreementResponse view(AgreementEntity a) {
    return new AgreementResponse(a.datasetId, a.version, a.text, a.createdAt, a.createdBy);
  }
}

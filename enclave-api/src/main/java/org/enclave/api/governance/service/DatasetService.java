package org.enclave.api.governance.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.governance.model.DatasetModels.AddStewardRequest;
import org.enclave.api.governance.model.DatasetModels.CreateVersionRequest;
import org.enclave.api.governance.model.DatasetModels.DatasetResponse;
import org.enclave.api.governance.model.DatasetModels.ReaderResponse;
import org.enclave.api.governance.model.DatasetModels.RegisterDatasetRequest;
import org.enclave.api.governance.model.DatasetModels.VersionResponse;
import org.enclave.api.governance.persistence.DatasetEntity;
import org.enclave.api.governance.persistence.DatasetFileEntity;
import org.enclave.api.governance.persistence.DatasetFileRepository;
import org.enclave.api.governance.persistence.DatasetReadersQuery;
import org.enclave.api.governance.persistence.DatasetRepository;
import org.enclave.api.governance.persistence.DatasetStewardEntity;
import org.enclave.api.governance.persistence.DatasetStewardRepository;
import org.enclave.api.governance.persistence.DatasetVersionEntity;
import org.enclave.api.governance.persistence.DatasetVersionRepository;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.Authorizer.Resource;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;

/** Datasets, their stewards and their versions. Files are handled by {@link DatasetFileService}. */
@ApplicationScoped
public class DatasetService {
  @Inject jakarta.enterprise.event.Event<VersionPublished> published;
  @Inject DatasetRepository datasets;
  @Inject DatasetStewardRepository stewards;
  @Inject DatasetVersionRepository versions;
  @Inject DatasetFileRepository files;
  @Inject DatasetReadersQuery readersQuery;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject Clock clock;
  @Inject org.enclave.api.ingest.service.IngestGate ingest;

  @Transactional
  public DatasetResponse register(EnclavePrincipal who, RegisterDatasetRequest req) {
    authorizer.authorize(who, Operation.DATASET_REGISTER, Resource.none());
    if (datasets.findByName(req.name()).isPresent()) {
      throw new EnclaveException(
          ErrorCode.ALREADY_EXISTS, "a dataset named '" + req.name() + "' already exists");
    }
    Instant now = Instant.now(clock);
    DatasetEntity d = new DatasetEntity();
    d.id = UUID.randomUUID();
    d.name = req.name();
    d.description = req.description();
    d.sensitivityTier = req.sensitivityTier();
    d.createdAt = now;
    d.createdBy = who.username();
    datasets.persist(d);
    Set<String> owners = new LinkedHashSet<>();
    owners.add(who.username());
    if (req.stewards() != null) {
      owners.addAll(req.stewards());
    }
    for (String s : owners) {
      addStewardRow(d.id, s, who, now);
    }
    audit.allowed(
        who,
        "dataset.register",
        Target.of("dataset", d.id).dataset(d.id),
        "tier " + d.sensitivityTier + ", stewards " + owners);
    return view(d);
  }

  @Transactional
  public List<DatasetResponse> list() {
    return datasets.listOrdered().stream().map(this::view).toList();
  }

  @Transactional
  public DatasetResponse get(UUID id) {
    return view(require(id));
  }

  @Transactional
  public DatasetResponse addSteward(EnclavePrincipal who, UUID id, AddStewardRequest req) {
    DatasetEntity d = require(id);
    authorizer.authorize(who, Operation.DATASET_MANAGE, Resource.dataset(id));
    if (!stewards.isSteward(id, req.username())) {
      addStewardRow(id, req.username(), who, Instant.now(clock));
      audit.allowed(
          who, "dataset.steward.add", Target.of("dataset", id).dataset(id), req.username());
    }
    return view(d);
  }

  @Transactional
  public VersionResponse createVersion(EnclavePrincipal who, UUID id, CreateVersionRequest req) {
    require(id);
    authorizer.authorize(who, Operation.DATASET_MANAGE, Resource.dataset(id));
    if (versions.labelTaken(id, req.label())) {
      throw new EnclaveException(
          ErrorCode.ALREADY_EXISTS, "this dataset already has a version '" + req.label() + "'");
    }
    DatasetVersionEntity v = new DatasetVersionEntity();
    v.id = UUID.randomUUID();
    v.datasetId = id;
    v.label = req.label();
    v.notes = req.notes() == null ? "" : req.notes();
    v.state = DatasetVersionEntity.State.DRAFT;
    v.createdAt = Instant.now(clock);
    v.createdBy = who.username();
    versions.persist(v);
    audit.allowed(
        who, "dataset.version.create", Target.of("dataset-version", v.id).dataset(id), v.label);
    return view(v);
  }

  @Transactional
  public List<VersionResponse> listVersions(UUID id) {
    require(id);
    return versions.listForDataset(id).stream().map(this::view).toList();
  }

  @Transactional
  public VersionResponse getVersion(UUID id, UUID versionId) {
    return view(requireVersion(id, versionId));
  }

  @Transactional
  public VersionResponse publish(EnclavePrincipal who, UUID id, UUID versionId) {
    require(id);
    authorizer.authorize(who, Operation.DATASET_MANAGE, Resource.dataset(id));
    DatasetVersionEntity v =
        versions
            .findByIdOptional(versionId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
            .filter(found -> found.datasetId.equals(id))
            .orElseThrow(() -> EnclaveException.notFound("version", versionId));
    if (v.state == DatasetVersionEntity.State.PUBLISHED) {
      throw new EnclaveException(
          ErrorCode.VERSION_IMMUTABLE, "version " + v.label + " is already published");
    }
    if (files.listForVersion(versionId).isEmpty()) {
      throw new EnclaveException(
          ErrorCode.STATE_CONFLICT,
          "version " + v.label + " has no files; upload at least one before publishing");
    }
    ingest.checkPublish(v, files.listForVersion(versionId));
    v.state = DatasetVersionEntity.State.PUBLISHED;
    v.publishedAt = Instant.now(clock);
    v.publishedBy = who.username();
    audit.allowed(
        who, "dataset.version.publish", Target.of("dataset-version", v.id).dataset(id), v.label);
    published.fire(new VersionPublished(id, v.id));
    return view(v);
  }

  @Transactional
  public List<ReaderResponse> readers(EnclavePrincipal who, UUID id) {
    require(id);
    authorizer.authorize(who, Operation.DATASET_READ_READERS, Resource.dataset(id));
    return readersQuery.readersOf(id, Instant.now(clock)).stream()
        .map(
            r ->
                new ReaderResponse(
                    r.username(), r.teamId(), r.grantId(), r.versionId(), r.expiresAt()))
        .toList();
  }

  DatasetEntity require(UUID id) {
    return datasets
        .findByIdOptional(id)
        .orElseThrow(() -> EnclaveException.notFound("dataset", id));
  }

  DatasetVersionEntity requireVersion(UUID id, UUID versionId) {
    require(id);
    return versions
        .findInDataset(id, versionId)
        .orElseThrow(() -> EnclaveException.notFound("version", versionId));
  }

  private void addStewardRow(UUID datasetId, String username, EnclavePrincipal who, Instant now) {
    DatasetStewardEntity s = new DatasetStewardEntity();
    s.id = new DatasetStewardEntity.Key(datasetId, username);
    s.addedAt = now;
    s.addedBy = who.username();
    stewards.persist(s);
  }

  private DatasetResponse view(DatasetEntity d) {
    return new DatasetResponse(
        d.id,
        d.name,
        d.description,
        d.sensitivityTier,
        stewards.stewardsOf(d.id),
        d.createdAt,
        d.createdBy);
  }

  VersionResponse view(DatasetVersionEntity v) {
    List<DatasetFileEntity> fs = files.listForVersion(v.id);
    long total = fs.stream().mapToLong(f -> f.sizeBytes).sum();
    return new VersionResponse(
        v.id,
        v.datasetId,
        v.label,
        v.notes,
        v.state.name(),
        fs.size(),
        total,
        v.createdAt,
        v.createdBy,
        v.publishedAt,
        v.publishedBy);
  }
}

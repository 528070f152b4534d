package org.enclave.api.ingest.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.governance.persistence.DatasetRepository;
import org.enclave.api.governance.persistence.DatasetVersionEntity;
import org.enclave.api.governance.persistence.DatasetVersionRepository;
import org.enclave.api.governance.service.FilePaths;
import org.enclave.api.governance.service.StreamedUploads;
import org.enclave.api.ingest.model.IngestModels.RawFileResponse;
import org.enclave.api.ingest.persistence.IngestJobEntity;
import org.enclave.api.ingest.persistence.IngestJobRepository;
import org.enclave.api.ingest.persistence.RawFileEntity;
import org.enclave.api.ingest.persistence.RawFileRepository;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.Authorizer.Resource;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.infra.storage.StoredObject;

/**
 * The quarantine: raw files of a draft version, before masking. Their objects are kept under {@link
 * #PREFIX}, which no dataset file, grant, broker path or export ever names; only the dataset's
 * stewards list them, and only an ingest job reads them.
 */
@ApplicationScoped
public class RawFiles {
  /** The object-store namespace of raw uploads and of jobs' unfinished output. */
  public static final String PREFIX = "quarantine/";

  @Inject DatasetRepository datasets;
  @Inject DatasetVersionRepository versions;
  @Inject RawFileRepository raws;
  @Inject IngestJobRepository jobs;
  @Inject StreamedUploads uploads;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject Clock clock;

  public RawFileResponse upload(
      EnclavePrincipal who, UUID datasetId, UUID versionId, String path, InputStream body) {
    FilePaths.validate(path);
    QuarkusTransaction.requiringNew().run(() -> draft(who, datasetId, versionId));
    String key = PREFIX + datasetId + "/" + versionId + "/raw/" + UUID.randomUUID();
    return uploads.upload(
        key,
        body,
        () ->
            audit(who, "dataset.ingest.raw.upload", datasetId, versionId, path, false, "too large"),
        stored -> record(who, datasetId, versionId, path, stored));
  }

  private RawFileResponse record(
      EnclavePrincipal who, UUID datasetId, UUID versionId, String path, StoredObject stored) {
    DatasetVersionEntity v = lockDraft(who, datasetId, versionId);
    RawFileEntity old = raws.live(v.id, path).orElse(null);
    if (old != null) {
      if (busy(old)) {
        throw new EnclaveException(
            ErrorCode.STATE_CONFLICT,
            "an ingest job is reading raw file " + path + "; wait for it or cancel it first");
      }
      old.deletedAt = Instant.now(clock);
      old.deletedBy = who.username();
      raws.flush();
      uploads.deleteAfterCommit(old.objectKey);
    }
    RawFileEntity r = new RawFileEntity();
    r.id = UUID.randomUUID();
    r.datasetId = datasetId;
    r.versionId = versionId;
    r.path = path;
    r.objectKey = stored.key();
    r.sizeBytes = stored.size();
    r.sha256 = stored.sha256();
    r.uploadedAt = Instant.now(clock);
    r.uploadedBy = who.username();
    raws.persist(r);
    audit(
        who,
        "dataset.ingest.raw.upload",
        datasetId,
        versionId,
        path,
        true,
        stored.size() + " bytes, sha256 " + stored.sha256());
    return view(r);
  }

  @Transactional
  public List<RawFileResponse> list(EnclavePrincipal who, UUID datasetId, UUID versionId) {
    requireVersion(datasetId, versionId);
    authorizer.authorize(who, Operation.DATASET_INGEST, Resource.dataset(datasetId));
    return raws.ofVersion(versionId).stream().map(RawFiles::view).toList();
  }

  /** Deletes a raw file's object (its record stays), and the raw text in its jobs' samples. */
  @Transactional
  public void delete(EnclavePrincipal who, UUID datasetId, UUID versionId, String path) {
    FilePaths.validate(path);
    requireVersion(datasetId, versionId);
    authorizer.authorize(who, Operation.DATASET_INGEST, Resource.dataset(datasetId));
    RawFileEntity r =
        raws.live(versionId, path).orElseThrow(() -> EnclaveException.notFound("raw file", path));
    if (busy(r)) {
      throw new EnclaveException(
          ErrorCode.STATE_CONFLICT,
          "an ingest job is reading raw file " + path + "; wait for it or cancel it first");
    }
    r.deletedAt = Instant.now(clock);
    r.deletedBy = who.username();
    for (IngestJobEntity j : jobs.list("rawFileId", r.id)) {
      j.stats = IngestReports.withoutRaw(j.stats);
    }
    audit(who, "dataset.ingest.raw.delete", datasetId, versionId, path, true, null);
    uploads.deleteAfterCommit(r.objectKey);
  }

  private boolean busy(RawFileEntity r) {
    return jobs.count(
            "rawFileId = ?1 and state in ?2",
            r.id,
            List.of(IngestJobEntity.State.QUEUED, IngestJobEntity.State.RUNNING))
        > 0;
  }

  private void draft(EnclavePrincipal who, UUID datasetId, UUID versionId) {
    DatasetVersionEntity v = requireVersion(datasetId, versionId);
    authorizer.authorize(who, Operation.DATASET_INGEST, Resource.dataset(datasetId));
    requireDraft(v);
  }

  private DatasetVersionEntity lockDraft(EnclavePrincipal who, UUID datasetId, UUID versionId) {
    DatasetVersionEntity v =
        versions
            .findByIdOptional(versionId, LockModeType.PESSIMISTIC_WRITE)
            .filter(found -> found.datasetId.equals(datasetId))
            .orElseThrow(() -> EnclaveException.notFound("version", versionId));
    requireDraft(v);
    return v;
  }

  static void requireDraft(DatasetVersionEntity v) {
    org.enclave.api.governance.service.DatasetFileService.requireDraft(v);
  }

  DatasetVersionEntity requireVersion(UUID datasetId, UUID versionId) {
    if (datasets.findByIdOptional(datasetId).isEmpty()) {
      throw EnclaveException.notFound("dataset", datasetId);
    }
    return versions
        .findInDataset(datasetId, versionId)
        .orElseThrow(() -> EnclaveException.notFound("version", versionId));
  }

  private void audit(
      EnclavePrincipal who,
      String action,
      UUID datasetId,
      UUID versionId,
      String path,
      boolean allowed,
      String reason) {
    Target t = Target.of("dataset-raw-file", versionId + "/" + path).dataset(datasetId);
    if (allowed) {
      audit.allowed(who, action, t, reason);
    } else {
      audit.denied(who, action, t, reason);
    }
  }

  static RawFileResponse view(RawFileEntity r) {
    return new RawFileResponse(
        r.path, r.sizeBytes, r.sha256, r.uploadedAt, r.uploadedBy, r.deletedAt, r.deletedBy);
  }
}

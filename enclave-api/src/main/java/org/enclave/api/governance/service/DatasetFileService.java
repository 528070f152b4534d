package org.enclave.api.governance.service;

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
import org.enclave.api.governance.model.DatasetModels.FileResponse;
import org.enclave.api.governance.persistence.DatasetFileEntity;
import org.enclave.api.governance.persistence.DatasetFileRepository;
import org.enclave.api.governance.persistence.DatasetVersionEntity;
import org.enclave.api.governance.persistence.DatasetVersionRepository;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.Authorizer.Resource;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.infra.storage.StoredObject;

/**
 * Files of a draft dataset version, streamed to the object store by {@link StreamedUploads}, so a
 * failed upload leaves nothing behind. Published versions refuse every change.
 */
@ApplicationScoped
public class DatasetFileService {
  @Inject DatasetService datasetService;
  @Inject DatasetVersionRepository versions;
  @Inject DatasetFileRepository files;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject Clock clock;
  @Inject StreamedUploads uploads;
  @Inject org.enclave.api.ingest.service.IngestGate ingest;

  public FileResponse upload(
      EnclavePrincipal who, UUID datasetId, UUID versionId, String path, InputStream body) {
    FilePaths.validate(path);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              datasetService.require(datasetId);
              authorizer.authorize(who, Operation.DATASET_MANAGE, Resource.dataset(datasetId));
              requireDraft(datasetService.requireVersion(datasetId, versionId));
              ingest.checkDirectUpload(datasetId, path);
            });
    String key = "datasets/" + datasetId + "/" + versionId + "/" + UUID.randomUUID();
    return uploads.upload(
        key, body, () -> {}, stored -> record(who, datasetId, versionId, path, stored));
  }

  private FileResponse record(
      EnclavePrincipal who, UUID datasetId, UUID versionId, String path, StoredObject stored) {
    DatasetVersionEntity v =
        versions
            .findByIdOptional(versionId, LockModeType.PESSIMISTIC_WRITE)
            .orElseThrow(() -> EnclaveException.notFound("version", versionId));
    requireDraft(v);
    DatasetFileEntity f = files.findByPath(versionId, path).orElse(null);
    String replacedKey = null;
    if (f == null) {
      f = new DatasetFileEntity();
      f.id = UUID.randomUUID();
      f.versionId = versionId;
      f.path = path;
    } else {
      replacedKey = f.objectKey;
    }
    f.objectKey = stored.key();
    f.sizeBytes = stored.size();
    f.sha256 = stored.sha256();
    f.mediaType = FilePaths.mediaType(path);
    f.uploadedAt = Instant.now(clock);
    f.uploadedBy = who.username();
    f.ingestJobId = null;
    files.persist(f);
    audit.allowed(
        who,
        "dataset.file.upload",
        Target.of("dataset-file", versionId + "/" + path).dataset(datasetId),
        stored.size() + " bytes, sha256 " + stored.sha256());
    if (replacedKey != null) {
      uploads.deleteAfterCommit(replacedKey);
    }
    return view(f);
  }

  @Transactional
  public List<FileResponse> list(UUID datasetId, UUID versionId) {
    datasetService.requireVersion(datasetId, versionId);
    return files.listForVersion(versionId).stream().map(DatasetFileService::view).toList();
  }

  @Transactional
  public void delete(EnclavePrincipal who, UUID datasetId, UUID versionId, String path) {
    FilePaths.validate(path);
    datasetService.require(datasetId);
    authorizer.authorize(who, Operation.DATASET_MANAGE, Resource.dataset(datasetId));
    DatasetVersionEntity v =
        versions
            .findByIdOptional(versionId, LockModeType.PESSIMISTIC_WRITE)
            .filter(found -> found.datasetId.equals(datasetId))
            .orElseThrow(() -> EnclaveException.notFound("version", versionId));
    requireDraft(v);
    DatasetFileEntity f =
        files
            .findByPath(versionId, path)
            .orElseThrow(() -> EnclaveException.notFound("file", path));
    files.delete(f);
    audit.allowed(
        who,
        "dataset.file.delete",
        Target.of("dataset-file", versionId + "/" + path).dataset(datasetId),
        null);
    uploads.deleteAfterCommit(f.objectKey);
  }

  /** Refuses any change to a published version. */
  public static void requireDraft(DatasetVersionEntity v) {
    if (v.state != DatasetVersionEntity.State.DRAFT) {
      throw new EnclaveException(
          ErrorCode.VERSION_IMMUTABLE,
          "version " + v.label + " is published and cannot change; create a new version");
    }
  }

  static FileResponse view(DatasetFileEntity f) {
    return new FileResponse(f.path, f.sizeBytes, f.sha256, f.mediaType, f.uploadedAt, f.uploadedBy);
  }
}

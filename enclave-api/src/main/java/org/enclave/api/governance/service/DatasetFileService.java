package org.enclave.api.governance.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.config.EnclaveConfig;
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
import org.enclave.infra.storage.ObjectStore;
import org.enclave.infra.storage.ObjectTooLargeException;
import org.enclave.infra.storage.StoredObject;
import org.jboss.logging.Logger;

/**
 * Files of a draft dataset version. Content is streamed to the {@link ObjectStore} under a fresh
 * key before the database learns of it; if recording fails the object is removed, so a failed
 * upload leaves nothing behind. Published versions refuse every change.
 */
@ApplicationScoped
public class DatasetFileService {
  private static final Logger LOG = Logger.getLogger(DatasetFileService.class);

  @Inject DatasetService datasetService;
  @Inject DatasetVersionRepository versions;
  @Inject DatasetFileRepository files;
  @Inject ObjectStore store;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject EnclaveConfig config;
  @Inject Clock clock;
  @Inject TransactionSynchronizationRegistry transactions;
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
    StoredObject stored;
    try {
      stored = store.put(key, body, config.limits().maxFileBytes());
    } catch (ObjectTooLargeException e) {
      throw new EnclaveException(
          ErrorCode.PAYLOAD_TOO_LARGE, "file is larger than the limit of " + e.limit() + " bytes");
    } catch (IOException e) {
      throw new EnclaveException(
          ErrorCode.BAD_REQUEST, "upload was interrupted; send the file again");
    }
    try {
      return QuarkusTransaction.requiringNew()
          .call(() -> record(who, datasetId, versionId, path, stored));
    } catch (RuntimeException e) {
      deleteQuietly(key);
      throw e;
    }
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
      String old = replacedKey;
      registerAfterCommit(() -> deleteQuietly(old));
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
    String key = f.objectKey;
    registerAfterCommit(() -> deleteQuietly(key));
  }

  private static void requireDraft(DatasetVersionEntity v) {
    if (v.state != DatasetVersionEntity.State.DRAFT) {
      throw new EnclaveException(
          ErrorCode.VERSION_IMMUTABLE,
          "version " + v.label + " is published and cannot change; create a new version");
    }
  }

  private void registerAfterCommit(Runnable action) {
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              action.run();
            }
          }
        });
  }

  private void deleteQuietly(String key) {
    try {
      store.delete(key);
    } catch (IOException | RuntimeException e) {
      LOG.warnf("could not remove object %s: %s", key, e.getMessage());
    }
  }

  static FileResponse view(DatasetFileEntity f) {
    return new FileResponse(f.path, f.sizeBytes, f.sha256, f.mediaType, f.uploadedAt, f.uploadedBy);
  }
}

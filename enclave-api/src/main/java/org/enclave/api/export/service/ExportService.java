package org.enclave.api.export.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.broker.WorkspaceIdentity;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.export.check.FileKind;
import org.enclave.api.export.persistence.ExportFileEntity;
import org.enclave.api.export.persistence.ExportFileRepository;
import org.enclave.api.export.persistence.ExportRequestDatasetEntity;
import org.enclave.api.export.persistence.ExportRequestDatasetRepository;
import org.enclave.api.export.persistence.ExportRequestEntity;
import org.enclave.api.export.persistence.ExportRequestRepository;
import org.enclave.api.export.persistence.ExportState;
import org.enclave.api.export.service.ExportModels.ExportView;
import org.enclave.api.export.service.ExportModels.FileRef;
import org.enclave.api.export.service.ExportModels.NewRequest;
import org.enclave.api.export.service.ExportModels.StagedFile;
import org.enclave.api.governance.persistence.GrantRepository;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.Authorizer.Resource;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.infra.storage.ObjectKeys;
import org.enclave.infra.storage.ObjectStore;
import org.enclave.infra.storage.StoredObject;
import org.jboss.logging.Logger;

/**
 * Export requests as a workspace files them: files are staged one by one (each checked against the
 * SHA-256 its client signed), then a request names the staged files with the hashes the client
 * computed before sending them, and a justification. A request takes all its files or none; a
 * staged file no request takes is deleted after {@code enclave.exports.staging-time}. Every step,
 * and every refusal, is in the audit log. Nothing here lets bytes out: files are stored under the
 * restricted namespace, which the broker never serves.
 */
@ApplicationScoped
public class ExportService {
  private static final Logger LOG = Logger.getLogger(ExportService.class);
  static final String ROOT = ObjectKeys.RESTRICTED_PREFIX + "exports/";
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final int SWEEP_BATCH = 20;

  @Inject ExportRequestRepository requests;
  @Inject ExportFileRepository files;
  @Inject ExportRequestDatasetRepository requestDatasets;
  @Inject GrantRepository grants;
  @Inject ExportViews views;
  @Inject ExportChecks checks;
  @Inject ObjectStore store;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject ExportConfig config;
  @Inject Clock clock;

  /** The member who started the workspace acts for it. */
  static EnclavePrincipal actor(WorkspaceIdentity ws) {
    return new EnclavePrincipal(ws.owner(), ws.owner(), Set.of());
  }

  /**
   * Keeps a file the workspace sent for a request to come.
   *
   * @param sha256 the body's SHA-256 as the broker checked it against the signature
   */
  public StagedFile stage(WorkspaceIdentity ws, String name, Path body, long size, String sha256) {
    EnclavePrincipal who = actor(ws);
    UUID id = UUID.randomUUID();
    Target target = Target.of("export-file", id).team(ws.teamId()).workspace(ws.workspaceId());
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                authorizer.authorize(
                    who,
                    Operation.EXPORT_REQUEST,
                    Resource.of("export-file", id, ws.teamId(), null)));
    FileKind kind;
    try {
      ExportNames.requireValid(name);
      if (size > config.maxFileBytes()) {
        throw new EnclaveException(
            ErrorCode.PAYLOAD_TOO_LARGE,
            "the file has "
                + size
                + " bytes; an exported file may have at most "
                + config.maxFileBytes());
      }
      kind = kindOf(name, body, size);
    } catch (EnclaveException e) {
      throw refused(who, "export.file-staged", target, e);
    }
    sweepExpired();
    String key = ROOT + ws.teamId() + "/" + id;
    StoredObject stored;
    try (InputStream in = Files.newInputStream(body)) {
      stored = store.put(key, in, config.maxFileBytes());
    } catch (IOException e) {
      throw new IllegalStateException("the staged file could not be stored", e);
    }
    if (!stored.sha256().equals(sha256)) {
      deleteQuietly(key);
      throw new IllegalStateException("the stored file's SHA-256 is not the one received");
    }
    Instant now = clock.instant();
    Instant expires = now.plus(config.stagingTime());
    try {
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                ExportFileEntity f = new ExportFileEntity();
                f.id = id;
                f.teamId = ws.teamId();
                f.workspaceId = ws.workspaceId();
                f.stagedBy = ws.owner();
                f.stagedAt = now;
                f.expiresAt = expires;
                f.name = name;
                f.objectKey = key;
                f.sizeBytes = stored.size();
                f.sha256 = stored.sha256();
                f.kind = kind.json();
                files.persist(f);
                audit.allowed(
                    who,
                    "export.file-staged",
                    target,
                    name
                        + " ("
                        + kind.json()
                        + ", "
                        + stored.size()
                        + " bytes, sha256 "
                        + stored.sha256()
                        + ")");
              });
    } catch (RuntimeException e) {
      deleteQuietly(key);
      throw e;
    }
    return new StagedFile(id, name, stored.size(), stored.sha256(), kind.json(), expires);
  }

  /** The file's kind by its content; refused unless the allow-list takes it. */
  private static FileKind kindOf(String name, Path body, long size) {
    byte[] head;
    try (InputStream in = Files.newInputStream(body)) {
      head = in.readNBytes(FileKind.HEAD_BYTES);
    } catch (IOException e) {
      throw new IllegalStateException("the staged file could not be read", e);
    }
    FileKind.Detection d = FileKind.detect(name, head, size);
    if (d.kind() == null) {
      throw new EnclaveException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          name + " is " + d.refusal() + "; exports take " + FileKind.ALLOWED);
    }
    return d.kind();
  }

  /**
   * Files a request for staged files of this workspace; all or nothing.
   *
   * @throws EnclaveException {@code validation-failed} for a missing justification or a bad list of
   *     files, {@code not-found} for a file this workspace did not stage or that expired, {@code
   *     export-file-changed} when a file's hash is not the one the client computed, {@code
   *     state-conflict} when a file already belongs to a request, {@code payload-too-large} past
   *     the request's size limit
   */
  public ExportView request(WorkspaceIdentity ws, NewRequest cmd) {
    UUID filed = file(ws, cmd);
    List<ExportFileEntity> taken =
        QuarkusTransaction.requiringNew().call(() -> files.ofRequest(filed));
    checks.check(actor(ws), filed, ws.teamId(), ws.workspaceId(), taken);
    return QuarkusTransaction.requiringNew().call(() -> views.of(requests.findById(filed)));
  }

  private UUID file(WorkspaceIdentity ws, NewRequest cmd) {
    EnclavePrincipal who = actor(ws);
    UUID id = UUID.randomUUID();
    Target target = Target.of("export-request", id).team(ws.teamId()).workspace(ws.workspaceId());
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              authorizer.authorize(
                  who, Operation.EXPORT_REQUEST, Resource.export(id, ws.teamId(), ws.owner()));
              List<ExportFileEntity> taken;
              String justification;
              ExportRequestEntity returned;
              try {
                justification = justification(cmd.justification());
                returned = returned(ws, cmd.resubmits());
                taken = take(ws, cmd.files());
              } catch (EnclaveException e) {
                throw refused(who, "export.requested", target, e);
              }
              Instant now = clock.instant();
              ExportRequestEntity r = new ExportRequestEntity();
              r.id = id;
              r.teamId = ws.teamId();
              r.workspaceId = ws.workspaceId();
              r.author = ws.owner();
              r.justification = justification;
              r.state = ExportState.SUBMITTED;
              r.fileCount = taken.size();
              r.totalBytes = taken.stream().mapToLong(f -> f.sizeBytes).sum();
              r.createdAt = now;
              r.stateChangedAt = now;
              r.resubmits = returned == null ? null : returned.id;
              requests.persist(r);
              requests.flush();
              for (UUID d : grantedDatasets(ws.teamId(), now)) {
                ExportRequestDatasetEntity e = new ExportRequestDatasetEntity();
                e.id = UUID.randomUUID();
                e.requestId = id;
                e.datasetId = d;
                requestDatasets.persist(e);
              }
              StringBuilder listed = new StringBuilder();
              for (int i = 0; i < taken.size(); i++) {
                ExportFileEntity f = taken.get(i);
                f.requestId = id;
                f.position = i;
                f.expiresAt = null;
                listed
                    .append(i == 0 ? "" : "; ")
                    .append(f.name)
                    .append(" sha256 ")
                    .append(f.sha256);
              }
              audit.allowed(
                  who,
                  "export.requested",
                  target,
                  taken.size()
                      + " file(s), "
                      + r.totalBytes
                      + " bytes: "
                      + listed
                      + (returned == null ? "" : "; resubmits returned request " + returned.id));
              return id;
            });
  }

  /**
   * Takes back a request nobody has reviewed yet; only its author may.
   *
   * @throws EnclaveException {@code state-conflict} unless the request is still submitted
   */
  public ExportView withdraw(WorkspaceIdentity ws, UUID id) {
    EnclavePrincipal who = actor(ws);
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              ExportRequestEntity r =
                  requests
                      .findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                      .filter(x -> x.teamId.equals(ws.teamId()))
                      .orElseThrow(() -> noSuchRequest(id));
              Target target =
                  Target.of("export-request", id).team(r.teamId).workspace(ws.workspaceId());
              authorizer.authorize(
                  who, Operation.EXPORT_WITHDRAW, Resource.export(id, r.teamId, r.author));
              if (r.state != ExportState.SUBMITTED) {
                throw refused(
                    who,
                    "export.withdrawn",
                    target,
                    new EnclaveException(
                        ErrorCode.STATE_CONFLICT,
                        "export request "
                            + id
                            + " is "
                            + r.state.json()
                            + "; only a request nobody has reviewed yet can be withdrawn"));
              }
              r.state = ExportState.WITHDRAWN;
              r.stateChangedAt = clock.instant();
              audit.allowed(who, "export.withdrawn", target, "withdrawn by its author");
              return views.of(r);
            });
  }

  /** The team's requests, newest first. */
  public List<ExportView> listForTeam(WorkspaceIdentity ws) {
    EnclavePrincipal who = actor(ws);
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              authorizer.authorize(who, Operation.EXPORT_READ, Resource.team(ws.teamId()));
              return requests.listForTeam(ws.teamId()).stream().map(views::of).toList();
            });
  }

  /** Deletes staged files that no request took in time (a bounded batch). */
  public int sweepExpired() {
    List<ExportFileEntity> expired =
        QuarkusTransaction.requiringNew()
            .call(() -> files.expiredBefore(clock.instant(), SWEEP_BATCH));
    int removed = 0;
    for (ExportFileEntity f : expired) {
      boolean gone =
          QuarkusTransaction.requiringNew()
              .call(
                  () ->
                      files
                          .findByIdOptional(f.id, LockModeType.PESSIMISTIC_WRITE)
                          .filter(x -> x.requestId == null)
                          .map(
                              x -> {
                                files.delete(x);
                                return true;
                              })
                          .orElse(false));
      if (gone) {
        deleteQuietly(f.objectKey);
        removed++;
      }
    }
    return removed;
  }

  /** The datasets of the team's grants active at {@code now}. */
  private List<UUID> grantedDatasets(UUID teamId, Instant now) {
    return grants.listForTeams(List.of(teamId)).stream()
        .filter(g -> g.isActive(now))
        .map(g -> g.datasetId)
        .distinct()
        .toList();
  }

  /** The returned request of this team that a new one replaces, locked; null if none. */
  private ExportRequestEntity returned(WorkspaceIdentity ws, UUID id) {
    if (id == null) {
      return null;
    }
    ExportRequestEntity r =
        requests
            .findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
            .filter(x -> x.teamId.equals(ws.teamId()))
            .orElseThrow(() -> noSuchRequest(id));
    if (r.state != ExportState.RETURNED) {
      throw new EnclaveException(
          ErrorCode.STATE_CONFLICT,
          "export request "
              + id
              + " is "
              + r.state.json()
              + "; only a request returned for changes can be resubmitted");
    }
    requests
        .resubmissionOf(id)
        .ifPresent(
            again -> {
              throw new EnclaveException(
                  ErrorCode.STATE_CONFLICT,
                  "returned request " + id + " was already resubmitted as " + again.id);
            });
    return r;
  }

  private String justification(String text) {
    String j = text == null ? "" : text.strip();
    if (j.isEmpty()) {
      throw new EnclaveException(
          ErrorCode.VALIDATION_FAILED,
          "say why these files must leave and what they contain (\"justification\")");
    }
    if (j.length() > config.maxJustificationChars()) {
      throw new EnclaveException(
          ErrorCode.VALIDATION_FAILED,
          "the justification has "
              + j.length()
              + " characters; at most "
              + config.maxJustificationChars());
    }
    return j;
  }

  /** Locks and checks each staged file the request names, in order. */
  private List<ExportFileEntity> take(WorkspaceIdentity ws, List<FileRef> refs) {
    if (refs == null || refs.isEmpty()) {
      throw new EnclaveException(
          ErrorCode.VALIDATION_FAILED, "a request names at least one staged file (\"files\")");
    }
    if (refs.size() > config.maxFiles()) {
      throw new EnclaveException(
          ErrorCode.VALIDATION_FAILED,
          "a request may name at most " + config.maxFiles() + " files, not " + refs.size());
    }
    Instant now = clock.instant();
    Set<UUID> ids = new HashSet<>();
    Set<String> names = new HashSet<>();
    List<ExportFileEntity> out = new ArrayList<>();
    long total = 0;
    for (FileRef ref : refs) {
      if (ref == null || ref.id() == null) {
        throw new EnclaveException(
            ErrorCode.VALIDATION_FAILED, "each file is {\"id\": ..., \"sha256\": ...}");
      }
      if (!ids.add(ref.id())) {
        throw new EnclaveException(
            ErrorCode.VALIDATION_FAILED, "file " + ref.id() + " is named twice");
      }
      if (ref.sha256() == null || !SHA256_HEX.matcher(ref.sha256()).matches()) {
        throw new EnclaveException(
            ErrorCode.VALIDATION_FAILED,
            "file "
                + ref.id()
                + ": \"sha256\" must be the file's SHA-256, 64 lower-case hex digits");
      }
      ExportFileEntity f =
          files
              .findByIdOptional(ref.id(), LockModeType.PESSIMISTIC_WRITE)
              .filter(x -> x.teamId.equals(ws.teamId()) && x.workspaceId.equals(ws.workspaceId()))
              .orElseThrow(
                  () ->
                      new EnclaveException(
                          ErrorCode.NOT_FOUND,
                          "this workspace staged no file " + ref.id() + " (or it was deleted)"));
      if (f.requestId != null) {
        throw new EnclaveException(
            ErrorCode.STATE_CONFLICT,
            "file " + f.name + " (" + f.id + ") already belongs to request " + f.requestId);
      }
      if (!f.expiresAt.isAfter(now)) {
        throw new EnclaveException(
            ErrorCode.NOT_FOUND,
            "staged file "
                + f.name
                + " expired at "
                + f.expiresAt
                + "; stage it again (files wait "
                + config.stagingTime()
                + " for their request)");
      }
      if (!f.sha256.equals(ref.sha256())) {
        throw new EnclaveException(
            ErrorCode.EXPORT_FILE_CHANGED,
            "the staged "
                + f.name
                + " has SHA-256 "
                + f.sha256
                + ", not "
                + ref.sha256()
                + ": the file changed while it was sent; request it again");
      }
      if (!names.add(f.name)) {
        throw new EnclaveException(
            ErrorCode.VALIDATION_FAILED, "two files of the request are named " + f.name);
      }
      total += f.sizeBytes;
      if (total > config.maxRequestBytes()) {
        throw new EnclaveException(
            ErrorCode.PAYLOAD_TOO_LARGE,
            "the files come to more than "
                + config.maxRequestBytes()
                + " bytes, the most one request may take; split them");
      }
      out.add(f);
    }
    return out;
  }

  private static EnclaveException noSuchRequest(UUID id) {
    return new EnclaveException(ErrorCode.NOT_FOUND, "the team has no export request " + id);
  }

  private EnclaveException refused(
      EnclavePrincipal who, String action, Target target, EnclaveException e) {
    audit.denied(who, action, target, e.errorCode().code() + ": " + e.getMessage());
    return e;
  }

  private void deleteQuietly(String key) {
    try {
      store.delete(key);
    } catch (IOException | RuntimeException e) {
      LOG.warnf("could not remove staged export object %s: %s", key, e.getMessage());
    }
  }
}

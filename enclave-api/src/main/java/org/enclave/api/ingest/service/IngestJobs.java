package org.enclave.api.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.error.FieldError;
import org.enclave.api.governance.persistence.DatasetVersionEntity;
import org.enclave.api.governance.persistence.DatasetVersionRepository;
import org.enclave.api.governance.service.FilePaths;
import org.enclave.api.ingest.model.IngestModels.ColumnMapping;
import org.enclave.api.ingest.model.IngestModels.JobResponse;
import org.enclave.api.ingest.model.IngestModels.ProblemResponse;
import org.enclave.api.ingest.model.IngestModels.ReportResponse;
import org.enclave.api.ingest.model.IngestModels.StartRequest;
import org.enclave.api.ingest.persistence.IngestJobEntity;
import org.enclave.api.ingest.persistence.IngestJobEntity.State;
import org.enclave.api.ingest.persistence.IngestJobRepository;
import org.enclave.api.ingest.persistence.IngestProblemRepository;
import org.enclave.api.ingest.persistence.RawFileEntity;
import org.enclave.api.ingest.persistence.RawFileRepository;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.Authorizer.Resource;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;

/** Starting, watching, cancelling and accepting ingest jobs; {@link IngestRunner} runs them. */
@ApplicationScoped
public class IngestJobs {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject IngestJobRepository jobs;
  @Inject IngestProblemRepository problems;
  @Inject RawFileRepository raws;
  @Inject DatasetVersionRepository versions;
  @Inject RawFiles rawFiles;
  @Inject IngestPolicies policies;
  @Inject IngestRunner runner;
  @Inject NamedEntities namedEntities;
  @Inject IngestConfig config;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject Clock clock;
  @Inject jakarta.transaction.TransactionSynchronizationRegistry transactions;

  public JobResponse start(EnclavePrincipal who, UUID datasetId, UUID versionId, StartRequest req) {
    IngestJobEntity.Format format = format(req.format());
    FilePaths.validate(req.output());
    ColumnMapping m = req.columns();
    List<String> named = IngestRunner.named(m);
    if (named.size() != new java.util.HashSet<>(named).size()) {
      throw invalid("columns", "the mapping names one column for two roles; name each once");
    }
    for (String c : m.keep()) {
      if (List.of("user", "post", "timestamp", "title", "body").contains(c)) {
        throw invalid(
            "columns.keep",
            "a kept column may not be called '" + c + "': the masked file uses that name");
      }
    }
    // Authorized before the worker may be started for this request.
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              rawFiles.requireVersion(datasetId, versionId);
              authorizer.authorize(who, Operation.DATASET_INGEST, Resource.dataset(datasetId));
            });
    String model;
    try {
      model = namedEntities.worker().map(w -> w.model()).orElse(NamedEntities.NO_MODEL);
    } catch (java.io.IOException e) {
      throw new EnclaveException(
          ErrorCode.INTERNAL, "the named-entity worker did not start: " + e.getMessage());
    }
    IngestJobEntity job =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  rawFiles.requireVersion(datasetId, versionId);
                  authorizer.authorize(who, Operation.DATASET_INGEST, Resource.dataset(datasetId));
                  DatasetVersionEntity v =
                      versions.findById(versionId, LockModeType.PESSIMISTIC_WRITE);
                  RawFiles.requireDraft(v);
                  RawFileEntity raw =
                      raws.live(versionId, req.raw())
                          .orElseThrow(
                              () ->
                                  new EnclaveException(
                                      ErrorCode.NOT_FOUND,
                                      "the version has no raw file '"
                                          + req.raw()
                                          + "'; upload it to .../raw/"
                                          + req.raw()
                                          + " first"));
                  if (jobs.running(versionId)) {
                    audit.denied(
                        who,
                        "dataset.ingest.start",
                        AuditRecorder.Target.of("dataset-version", versionId).dataset(datasetId),
                        "a job already runs for this version");
                    throw new EnclaveException(
                        ErrorCode.STATE_CONFLICT,
                        "an ingest job already runs for version "
                            + v.label
                            + "; wait for it to finish or cancel it");
                  }
                  IngestPolicies.Effective policy = policies.effective(datasetId);
                  IngestJobEntity j = new IngestJobEntity();
                  j.id = UUID.randomUUID();
                  j.datasetId = datasetId;
                  j.versionId = versionId;
                  j.rawFileId = raw.id;
                  j.format = format;
                  try {
                    j.mapping = JSON.writeValueAsString(m);
                  } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                  }
                  j.outputPath = req.output();
                  j.state = State.QUEUED;
                  j.policyHash = policy.hash();
                  j.model = model;
                  j.startedAt = Instant.now(clock);
                  j.startedBy = who.username();
                  jobs.persist(j);
                  audit.allowed(
                      who,
                      "dataset.ingest.start",
                      IngestRunner.target(j),
                      req.raw()
                          + " ("
                          + format
                          + ", sha256 "
                          + raw.sha256
                          + ") to "
                          + req.output()
                          + ", policy "
                          + j.policyHash
                          + ", model "
                          + model);
                  return j;
                });
    runner.submit(job.id);
    return view(job);
  }

  @Transactional
  public List<JobResponse> list(EnclavePrincipal who, UUID datasetId, UUID versionId) {
    rawFiles.requireVersion(datasetId, versionId);
    authorizer.authorize(who, Operation.DATASET_INGEST, Resource.dataset(datasetId));
    return jobs.ofVersion(versionId).stream().map(this::view).toList();
  }

  @Transactional
  public JobResponse get(EnclavePrincipal who, UUID datasetId, UUID versionId, UUID jobId) {
    return view(require(who, datasetId, versionId, jobId));
  }

  @Transactional
  public List<ProblemResponse> problems(
      EnclavePrincipal who, UUID datasetId, UUID versionId, UUID jobId) {
    require(who, datasetId, versionId, jobId);
    return problems.ofJob(jobId, config.maxProblems()).stream()
        .map(p -> new ProblemResponse(p.rowNumber, p.message))
        .toList();
  }

  @Transactional
  public ReportResponse report(EnclavePrincipal who, UUID datasetId, UUID versionId, UUID jobId) {
    return IngestReports.report(
        require(who, datasetId, versionId, jobId), config.frequentStrings());
  }

  @Transactional
  public JobResponse cancel(EnclavePrincipal who, UUID datasetId, UUID versionId, UUID jobId) {
    IngestJobEntity j = require(who, datasetId, versionId, jobId);
    jobs.getEntityManager().lock(j, LockModeType.PESSIMISTIC_WRITE);
    jobs.getEntityManager().refresh(j);
    if (j.state.finalState()) {
      throw new EnclaveException(
          ErrorCode.STATE_CONFLICT,
          "the job is " + j.state.name().toLowerCase(Locale.ROOT) + " already");
    }
    j.cancelRequested = true;
    j.cancelledBy = who.username();
    if (j.state == State.QUEUED) {
      j.state = State.CANCELLED;
      j.finishedAt = Instant.now(clock);
      audit.allowed(
          who, "dataset.ingest.cancel", IngestRunner.target(j), "cancelled before it ran");
    }
    // Only once the request is committed: the runner records who cancelled from the row.
    UUID id = j.id;
    transactions.registerInterposedSynchronization(
        new jakarta.transaction.Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == jakarta.transaction.Status.STATUS_COMMITTED) {
              runner.cancel(id);
            }
          }
        });
    return view(j);
  }

  /** The steward's acceptance of a finished job's report: what publishing needs. */
  @Transactional
  public JobResponse accept(EnclavePrincipal who, UUID datasetId, UUID versionId, UUID jobId) {
    IngestJobEntity j = require(who, datasetId, versionId, jobId);
    jobs.getEntityManager().lock(j, LockModeType.PESSIMISTIC_WRITE);
    if (j.state != State.FINISHED) {
      audit.denied(who, "dataset.ingest.accept", IngestRunner.target(j), "job is " + j.state);
      throw new EnclaveException(
          ErrorCode.STATE_CONFLICT,
          "only a finished job's report can be accepted; this job is "
              + j.state.name().toLowerCase(Locale.ROOT)
              + (j.failure == null ? "" : ": " + j.failure));
    }
    if (j.acceptedAt != null) {
      throw new EnclaveException(
          ErrorCode.STATE_CONFLICT, "the report was accepted already by " + j.acceptedBy);
    }
    j.acceptedAt = Instant.now(clock);
    j.acceptedBy = who.username();
    audit.allowed(who, "dataset.ingest.accept", IngestRunner.target(j), IngestReports.summary(j));
    return view(j);
  }

  private IngestJobEntity require(
      EnclavePrincipal who, UUID datasetId, UUID versionId, UUID jobId) {
    rawFiles.requireVersion(datasetId, versionId);
    authorizer.authorize(who, Operation.DATASET_INGEST, Resource.dataset(datasetId));
    return jobs.findByIdOptional(jobId)
        .filter(j -> j.versionId.equals(versionId))
        .orElseThrow(() -> EnclaveException.notFound("ingest job", jobId));
  }

  private static IngestJobEntity.Format format(String name) {
    try {
      return IngestJobEntity.Format.valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid("format", "unknown format '" + name + "'; use jsonl, csv or tsv");
    }
  }

  private static EnclaveException invalid(String field, String message) {
    return new EnclaveException(
        ErrorCode.VALIDATION_FAILED, message, List.of(new FieldError(field, message)));
  }

  JobResponse view(IngestJobEntity j) {
    String raw = raws.findByIdOptional(j.rawFileId).map(r -> r.path).orElse(null);
    ColumnMapping m;
    try {
      m = JSON.readValue(j.mapping, ColumnMapping.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    Double rate = j.state == State.RUNNING ? runner.rate(j.id) : null;
    Long eta =
        rate != null && rate > 0 && j.rowsTotal != null
            ? Math.round((j.rowsTotal - j.rowsDone) / rate)
            : null;
    return new JobResponse(
        j.id,
        j.datasetId,
        j.versionId,
        raw,
        j.format.name().toLowerCase(Locale.ROOT),
        j.outputPath,
        m,
        j.state.name(),
        j.rowsTotal,
        j.rowsDone,
        j.rowsRejected,
        rate,
        eta,
        j.policyHash,
        j.model,
        j.failure,
        j.startedAt,
        j.startedBy,
        j.finishedAt,
        j.cancelRequested,
        j.cancelledBy,
        j.acceptedAt,
        j.acceptedBy);
  }
}

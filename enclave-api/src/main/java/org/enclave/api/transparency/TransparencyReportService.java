package org.enclave.api.transparency;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import org.enclave.api.audit.AuditIndexCatchUp;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.audit.Period;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.export.persistence.ExportRequestDatasetRepository;
import org.enclave.api.export.persistence.ExportRequestEntity;
import org.enclave.api.export.persistence.ExportRequestRepository;
import org.enclave.api.export.persistence.ExportState;
import org.enclave.api.export.service.ExportModels.ExportView;
import org.enclave.api.export.service.ExportViews;
import org.enclave.api.governance.persistence.DatasetEntity;
import org.enclave.api.governance.persistence.DatasetRepository;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.Authorizer.Resource;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.api.transparency.TransparencyQueries.ObjectReadRow;
import org.enclave.api.transparency.TransparencyQueries.ReaderRow;
import org.enclave.api.transparency.TransparencyReport.Approval;
import org.enclave.api.transparency.TransparencyReport.Export;
import org.enclave.api.transparency.TransparencyReport.ExportedFile;
import org.enclave.api.transparency.TransparencyReport.Exports;
import org.enclave.api.transparency.TransparencyReport.LogCheckpoint;
import org.enclave.api.transparency.TransparencyReport.ObjectReads;
import org.enclave.api.transparency.TransparencyReport.TeamReads;
import org.enclave.audit.AuditException;
import org.enclave.audit.log.TamperEvidentLog;
import org.enclave.audit.postgres.PostgresLogStore.StoredCheckpoint;

/**
 * Builds a dataset's transparency report. The generation is recorded in the log first (no record,
 * no report); the report is then computed against the first signed checkpoint that covers that
 * record, from exactly the log entries below the checkpoint's size.
 *
 * <p>Not transactional as a whole: the log store uses connections of its own, outside the caller's
 * transaction, so the database reads run in transactions of their own.
 */
@ApplicationScoped
public class TransparencyReportService {
  /** Most denied attempts a report lists; the total is always given. */
  public static final int MAX_DENIED_LISTED = 1000;

  static final String EXPORTS_NOTE =
      "every export request released in the period by a team that was granted this dataset when"
          + " it filed the request; files leave only this way";

  @Inject DatasetRepository datasets;
  @Inject TransparencyQueries queries;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject AuditIndexCatchUp catchUp;
  @Inject TamperEvidentLog log;
  @Inject Clock clock;
  @Inject ExportRequestDatasetRepository requestDatasets;
  @Inject ExportRequestRepository exportRequests;
  @Inject ExportViews exportViews;

  public TransparencyReport generate(EnclavePrincipal who, UUID datasetId, Period period) {
    DatasetEntity dataset =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  DatasetEntity d =
                      datasets
                          .findByIdOptional(datasetId)
                          .orElseThrow(() -> EnclaveException.notFound("dataset", datasetId));
                  authorizer.authorize(
                      who, Operation.DATASET_TRANSPARENCY_REPORT, Resource.dataset(datasetId));
                  return d;
                });
    Instant now = Instant.now(clock);
    long recorded =
        audit.allowed(
            who,
            Operation.DATASET_TRANSPARENCY_REPORT.action(),
            Target.of("dataset", datasetId).dataset(datasetId),
            "period from " + orOpen(period.from()) + " to " + orOpen(period.to()));
    LogCheckpoint checkpoint = checkpointCovering(recorded);
    long size = checkpoint.treeSize();
    catchUp.coverPrefix(size);
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                new TransparencyReport(
                    dataset.id,
                    dataset.name,
                    now,
                    who.username(),
                    period.from(),
                    period.to(),
                    checkpoint,
                    recorded,
                    queries.grants(datasetId, period),
                    teamReads(
                        queries.objectReads(datasetId, period, size),
                        queries.readers(datasetId, period, size)),
                    queries.denied(datasetId, period, size, MAX_DENIED_LISTED),
                    queries.deniedCount(datasetId, period, size),
                    new Exports(true, EXPORTS_NOTE, exports(datasetId, period, size))));
  }

  /** Released exports of teams granted the dataset, in the order they were released. */
  private List<Export> exports(UUID datasetId, Period period, long size) {
    List<Export> out = new ArrayList<>();
    for (UUID id : requestDatasets.requestsOf(datasetId)) {
      ExportRequestEntity r = exportRequests.findById(id);
      if (r.state != ExportState.RELEASED
          || (period.from() != null && r.releasedAt.isBefore(period.from()))
          || (period.to() != null && !r.releasedAt.isBefore(period.to()))) {
        continue;
      }
      long logIndex = queries.releaseLogIndex(id, size);
      if (logIndex < 0) {
        continue; // released after the checkpoint the report covers
      }
      ExportView v = exportViews.of(r);
      Map<String, Integer> byRule = new java.util.TreeMap<>();
      v.findings().forEach(f -> byRule.merge(f.rule(), 1, Integer::sum));
      out.add(
          new Export(
              v.id(),
              v.teamId(),
              v.teamName(),
              v.author(),
              v.createdAt(),
              v.justification(),
              v.files().stream()
                  .map(f -> new ExportedFile(f.name(), f.sizeBytes(), f.sha256()))
                  .toList(),
              v.totalBytes(),
              v.reviews().stream()
                  .filter(x -> x.decision().equals("approve"))
                  .map(x -> new Approval(x.reviewer(), x.decidedAt(), x.comment()))
                  .toList(),
              byRule,
              v.resubmits(),
              v.releasedAt(),
              logIndex));
    }
    out.sort(java.util.Comparator.comparing(Export::releasedAt).thenComparing(Export::exportId));
    return out;
  }

  /** The smallest signed checkpoint that includes the entry at {@code index}; signs one if none. */
  private LogCheckpoint checkpointCovering(long index) {
    List<StoredCheckpoint> found = log.store().checkpoints(index, 1);
    if (found.isEmpty()) {
      try {
        log.checkpoint();
      } catch (Exception e) {
        throw new AuditException("cannot sign a checkpoint for the transparency report", e);
      }
      found = log.store().checkpoints(index, 1);
    }
    if (found.isEmpty()) {
      throw new AuditException("no checkpoint covers log entry " + index, null);
    }
    return new LogCheckpoint(found.get(0).treeSize(), found.get(0).note());
  }

  /** Groups per-object rows (ordered by team) into one entry per team. */
  static List<TeamReads> teamReads(List<ObjectReadRow> rows, List<ReaderRow> readers) {
    Map<String, List<ObjectReadRow>> byTeam = new LinkedHashMap<>();
    for (ObjectReadRow r : rows) {
      byTeam.computeIfAbsent(r.teamId(), k -> new ArrayList<>()).add(r);
    }
    List<TeamReads> out = new ArrayList<>(byTeam.size());
    byTeam.forEach(
        (teamId, objects) -> {
          TreeSet<String> names = new TreeSet<>();
          readers.stream()
              .filter(r -> Objects.equals(r.teamId(), teamId))
              .forEach(r -> names.add(r.actor()));
          out.add(
              new TeamReads(
                  teamId,
                  objects.get(0).teamName(),
                  List.copyOf(names),
                  objects.size(),
                  objects.stream().mapToLong(ObjectReadRow::reads).sum(),
                  objects.stream().mapToLong(ObjectReadRow::bytesServed).sum(),
                  objects.stream()
                      .map(ObjectReadRow::firstRead)
                      .min(Comparator.naturalOrder())
                      .orElseThrow(),
                  objects.stream()
                      .map(ObjectReadRow::lastRead)
                      .max(Comparator.naturalOrder())
                      .orElseThrow(),
                  objects.stream()
                      .map(
                          o ->
                              new ObjectReads(
                                  o.datasetVersion(),
                                  o.objectKey(),
                                  o.reads(),
                                  o.bytesServed(),
                                  o.firstRead(),
                                  o.lastRead()))
                      .toList()));
        });
    return out;
  }

  private static String orOpen(Instant i) {
    return i == null ? "(open)" : i.toString();
  }
}

package org.enclave.api.export.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.enclave.api.export.check.Finding;
import org.enclave.api.export.check.TableCheck;
import org.enclave.api.export.persistence.ExportAcknowledgementEntity;
import org.enclave.api.export.persistence.ExportAcknowledgementRepository;
import org.enclave.api.export.persistence.ExportFileEntity;
import org.enclave.api.export.persistence.ExportFileRepository;
import org.enclave.api.export.persistence.ExportFindingEntity;
import org.enclave.api.export.persistence.ExportFindingRepository;
import org.enclave.api.export.persistence.ExportRequestDatasetRepository;
import org.enclave.api.export.persistence.ExportRequestEntity;
import org.enclave.api.export.persistence.ExportReviewEntity;
import org.enclave.api.export.persistence.ExportReviewRepository;
import org.enclave.api.export.service.ExportModels.Acknowledgement;
import org.enclave.api.export.service.ExportModels.ExportFile;
import org.enclave.api.export.service.ExportModels.ExportFinding;
import org.enclave.api.export.service.ExportModels.ExportReview;
import org.enclave.api.export.service.ExportModels.ExportView;
import org.enclave.api.governance.persistence.TeamRepository;

/** Reads an export request with its files, findings, reviews and datasets; inside a transaction. */
@ApplicationScoped
public class ExportViews {
  /** Approvals by different reviewers that release a request. */
  public static final int APPROVALS_NEEDED = 2;

  /** Findings every approving reviewer must acknowledge with a reason; the rest are warnings. */
  static final Set<String> MUST_ACKNOWLEDGE =
      Set.of(
          Finding.VERBATIM,
          Finding.IDENTIFIER,
          TableCheck.SMALL_COUNT,
          TableCheck.PER_PERSON,
          TableCheck.DOMINANCE,
          ExportChecks.MODEL,
          ExportChecks.UNCHECKED);

  @Inject ExportFileRepository files;
  @Inject ExportFindingRepository findings;
  @Inject ExportReviewRepository reviews;
  @Inject ExportAcknowledgementRepository acknowledgements;
  @Inject ExportRequestDatasetRepository datasets;
  @Inject TeamRepository teams;

  /** The whole request as its team and its reviewers see it. */
  public ExportView of(ExportRequestEntity r) {
    return of(r, datasets.datasetsOf(r.id));
  }

  /** The same, with the datasets of the request already read. */
  public ExportView of(ExportRequestEntity r, List<UUID> granted) {
    List<ExportFileEntity> fs = files.ofRequest(r.id);
    List<ExportReviewEntity> rs = reviews.ofRequest(r.id);
    Map<UUID, String> reviewerOf = new HashMap<>();
    rs.forEach(x -> reviewerOf.put(x.id, x.reviewer));
    Map<UUID, List<Acknowledgement>> acks = new HashMap<>();
    for (ExportAcknowledgementEntity a : acknowledgements.ofRequest(r.id)) {
      acks.computeIfAbsent(a.findingId, k -> new ArrayList<>())
          .add(new Acknowledgement(reviewerOf.get(a.reviewId), a.reason));
    }
    Map<UUID, String> names = new HashMap<>();
    fs.forEach(f -> names.put(f.id, f.name));
    List<ExportFinding> found =
        findings.ofRequest(r.id).stream()
            .map(e -> finding(e, names.get(e.fileId), acks.getOrDefault(e.id, List.of())))
            .toList();
    return new ExportView(
        r.id,
        r.teamId,
        teams.findByIdOptional(r.teamId).map(t -> t.name).orElse(r.teamId.toString()),
        r.workspaceId,
        r.author,
        r.justification,
        r.state.json(),
        r.createdAt,
        r.stateChangedAt,
        r.totalBytes,
        fs.stream().map(f -> new ExportFile(f.id, f.name, f.sizeBytes, f.sha256, f.kind)).toList(),
        found,
        r.resubmits,
        granted,
        rs.stream()
            .map(x -> new ExportReview(x.reviewer, x.decision.json(), x.comment, x.decidedAt))
            .toList(),
        APPROVALS_NEEDED,
        r.releasedAt);
  }

  private static ExportFinding finding(
      ExportFindingEntity e, String file, List<Acknowledgement> acks) {
    return new ExportFinding(
        e.id,
        e.fileId,
        file,
        e.rule,
        e.page,
        e.line,
        e.column,
        e.matched,
        e.versionId,
        e.corpusFile,
        e.postId,
        MUST_ACKNOWLEDGE.contains(e.rule),
        List.copyOf(acks));
  }
}

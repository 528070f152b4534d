package org.enclave.api.export.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.export.check.FileKind;
import org.enclave.api.export.persistence.ExportAcknowledgementEntity;
import org.enclave.api.export.persistence.ExportAcknowledgementRepository;
import org.enclave.api.export.persistence.ExportFileEntity;
import org.enclave.api.export.persistence.ExportFileRepository;
import org.enclave.api.export.persistence.ExportRequestDatasetRepository;
import org.enclave.api.export.persistence.ExportRequestEntity;
import org.enclave.api.export.persistence.ExportRequestRepository;
import org.enclave.api.export.persistence.ExportReviewEntity;
import org.enclave.api.export.persistence.ExportReviewEntity.Decision;
import org.enclave.api.export.persistence.ExportReviewRepository;
import org.enclave.api.export.persistence.ExportState;
import org.enclave.api.export.service.ExportModels.ExportFinding;
import org.enclave.api.export.service.ExportModels.ExportView;
import org.enclave.api.export.service.ExportModels.ReviewCommand;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.Authorizer.Resource;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.infra.storage.ObjectStore;

/**
 * The review of export requests, outside the workspace: reviewers who are not on the team (output
 * checkers, and stewards of every dataset the team was granted) approve, reject or return a
 * request; two approvals by two different reviewers release it, and each approval acknowledges
 * every verbatim-text and identifier finding with a reason. Released files are downloaded by the
 * team's researchers, each download audited. Nothing else lets a request's bytes out.
 */
@ApplicationScoped
public class ExportReviews {
  /** Most requests one listing returns. */
  static final int MAX_LISTED = 500;

  static final int MAX_COMMENT_CHARS = 4000;

  @Inject ExportRequestRepository requests;
  @Inject ExportFileRepository files;
  @Inject ExportReviewRepository reviews;
  @Inject ExportAcknowledgementRepository acknowledgements;
  @Inject ExportRequestDatasetRepository requestDatasets;
  @Inject ExportViews views;
  @Inject ObjectStore store;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject java.time.Clock clock;

  /** A released file on its way out, or a file shown to a reviewer. */
  public record FileBytes(
      String name, long sizeBytes, String sha256, FileKind kind, InputStream content) {}

  /**
   * The requests the caller may see, newest first: a team's members see the team's, reviewers those
   * they may review, admins all.
   *
   * @param state only requests in this state ({@code submitted}, {@code in-review}, ...), or null
   * @param teamId only this team's requests, or null
   */
  public List<ExportView> list(EnclavePrincipal who, String state, UUID teamId) {
    ExportState wanted = state == null || state.isBlank() ? null : state(state);
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<ExportRequestEntity> found =
                  teamId != null
                      ? requests.listForTeam(teamId)
                      : wanted != null
                          ? requests.listInStates(EnumSet.of(wanted), MAX_LISTED)
                          : requests.listNewest(MAX_LISTED);
              List<ExportView> out = new ArrayList<>();
              for (ExportRequestEntity r : found) {
                if (wanted != null && r.state != wanted) {
                  continue;
                }
                List<UUID> granted = requestDatasets.datasetsOf(r.id);
                if (authorizer.permits(who, Operation.EXPORT_READ, resource(r, granted))) {
                  out.add(views.of(r, granted));
                }
              }
              return out;
            });
  }

  /** One request, for its team and its reviewers. */
  public ExportView get(EnclavePrincipal who, UUID id) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              ExportRequestEntity r = find(id, false);
              List<UUID> granted = requestDatasets.datasetsOf(r.id);
              authorizer.authorize(who, Operation.EXPORT_READ, resource(r, granted));
              return views.of(r, granted);
            });
  }

  /** Whether the caller may review this request (not on its team, not its author, eligible). */
  public boolean mayReview(EnclavePrincipal who, ExportView v) {
    return authorizer.permits(
        who,
        Operation.EXPORT_REVIEW,
        Resource.export(v.id(), v.teamId(), v.author(), v.datasetIds()));
  }

  /**
   * Records one reviewer's decision; the second approval releases the request.
   *
   * @throws EnclaveException {@code forbidden} or {@code conflict-of-interest} for a caller who may
   *     not review it, {@code validation-failed} for a bad decision or comment, {@code
   *     export-already-decided} unless the request is open for review, {@code already-reviewed}
   *     when this reviewer decided it before, {@code findings-not-acknowledged} for an approval
   *     without a reason for every finding that needs one
   */
  public ExportView review(EnclavePrincipal who, UUID id, ReviewCommand cmd) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              ExportRequestEntity r = find(id, true);
              Target target = target(r);
              authorizer.authorize(who, Operation.EXPORT_REVIEW, resource(r));
              ExportView before = views.of(r);
              Decision decision;
              String comment;
              Map<UUID, String> reasons;
              try {
                decision = decision(cmd == null ? null : cmd.decision());
                comment = comment(decision, cmd.comment());
                requireOpen(r, before, who);
                reasons = decision == Decision.APPROVE ? reasons(before, cmd) : Map.of();
              } catch (EnclaveException e) {
                audit.denied(
                    who, "export.reviewed", target, e.errorCode().code() + ": " + e.getMessage());
                throw e;
              }
              Instant now = clock.instant();
              ExportReviewEntity review = new ExportReviewEntity();
              review.id = UUID.randomUUID();
              review.requestId = r.id;
              review.reviewer = who.username();
              review.decision = decision;
              review.comment = comment;
              review.decidedAt = now;
              reviews.persist(review);
              reviews.flush();
              reasons.forEach(
                  (finding, reason) -> {
                    ExportAcknowledgementEntity a = new ExportAcknowledgementEntity();
                    a.id = UUID.randomUUID();
                    a.findingId = finding;
                    a.reviewId = review.id;
                    a.reason = reason;
                    acknowledgements.persist(a);
                  });
              long approvals = before.approvals() + (decision == Decision.APPROVE ? 1 : 0);
              audit.allowed(
                  who,
                  "export.reviewed",
                  target,
                  decision.json()
                      + (decision == Decision.APPROVE
                          ? " (" + approvals + " of " + ExportViews.APPROVALS_NEEDED + ")"
                          : "")
                      + (reasons.isEmpty()
                          ? ""
                          : ", " + reasons.size() + " finding(s) acknowledged")
                      + (comment.isEmpty() ? "" : ": " + comment));
              r.stateChangedAt = now;
              switch (decision) {
                case REJECT -> r.state = ExportState.REJECTED;
                case RETURN -> {
                  r.state = ExportState.RETURNED;
                  audit.allowed(who, "export.returned", target, "returned for changes: " + comment);
                }
                case APPROVE -> {
                  if (approvals >= ExportViews.APPROVALS_NEEDED) {
                    r.state = ExportState.RELEASED;
                    r.releasedAt = now;
                    audit.allowed(who, "export.released", target, released(before, who));
                  } else {
                    r.state = ExportState.IN_REVIEW;
                  }
                }
              }
              return views.of(r);
            });
  }

  /**
   * A released file for a researcher of the team, its download audited.
   *
   * @throws EnclaveException {@code forbidden} for anyone else, {@code download-refused} for a
   *     request that is not released, {@code not-found} for a file not in the request
   */
  public FileBytes download(EnclavePrincipal who, UUID id, UUID fileId) {
    return released(
        who,
        id,
        fileId,
        Operation.EXPORT_DOWNLOAD,
        "export.downloaded",
        (r, file) -> {
          if (r.state != ExportState.RELEASED) {
            throw new EnclaveException(
                ErrorCode.DOWNLOAD_REFUSED,
                "export request "
                    + id
                    + " is "
                    + r.state.json()
                    + "; its files can be downloaded once two reviewers released it");
          }
          return file.name + " (" + file.sizeBytes + " bytes, sha256 " + file.sha256 + ")";
        });
  }

  /**
   * A file of a request for a reviewer to look at, whatever the request's state; audited. The team
   * cannot use this to see unreleased files: it is the review's own view.
   */
  public FileBytes inspect(EnclavePrincipal who, UUID id, UUID fileId) {
    return released(
        who,
        id,
        fileId,
        Operation.EXPORT_INSPECT,
        "export.inspected",
        (r, file) -> file.name + " (sha256 " + file.sha256 + ")");
  }

  /** Says why a file may go to the caller (the audit detail), or throws why not. */
  @FunctionalInterface
  private interface Release {
    String check(ExportRequestEntity r, ExportFileEntity file);
  }

  /**
   * The one way an export file's bytes leave the store: authorized for {@code op}, checked by
   * {@code release}, and audited as {@code action} (a refusal too) before a byte is read.
   */
  private FileBytes released(
      EnclavePrincipal who, UUID id, UUID fileId, Operation op, String action, Release release) {
    ExportFileEntity f =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  ExportRequestEntity r = find(id, false);
                  authorizer.authorize(who, op, resource(r));
                  ExportFileEntity file = fileOf(r, fileId);
                  String detail;
                  try {
                    detail = release.check(r, file);
                  } catch (EnclaveException e) {
                    audit.denied(who, action, target(r), e.getMessage());
                    throw e;
                  }
                  audit.allowed(who, action, target(r), detail);
                  return file;
                });
    return bytes(f);
  }

  private FileBytes bytes(ExportFileEntity f) {
    try {
      InputStream in =
          store
              .open(f.objectKey)
              .orElseThrow(() -> new IllegalStateException(f.objectKey + " is missing"));
      return new FileBytes(f.name, f.sizeBytes, f.sha256, ExportChecks.kindOf(f), in);
    } catch (IOException e) {
      throw new IllegalStateException("the export file could not be read", e);
    }
  }

  private ExportFileEntity fileOf(ExportRequestEntity r, UUID fileId) {
    return files
        .findByIdOptional(fileId)
        .filter(x -> r.id.equals(x.requestId))
        .orElseThrow(
            () ->
                new EnclaveException(
                    ErrorCode.NOT_FOUND, "export request " + r.id + " has no file " + fileId));
  }

  private ExportRequestEntity find(UUID id, boolean lock) {
    return (lock
            ? requests.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
            : requests.findByIdOptional(id))
        .orElseThrow(
            () -> new EnclaveException(ErrorCode.NOT_FOUND, "there is no export request " + id));
  }

  private Resource resource(ExportRequestEntity r) {
    return resource(r, requestDatasets.datasetsOf(r.id));
  }

  private static Resource resource(ExportRequestEntity r, List<UUID> granted) {
    return Resource.export(r.id, r.teamId, r.author, granted);
  }

  private static Target target(ExportRequestEntity r) {
    return Target.of("export-request", r.id).team(r.teamId).workspace(r.workspaceId);
  }

  private void requireOpen(ExportRequestEntity r, ExportView v, EnclavePrincipal who) {
    if (!r.state.openForReview()) {
      throw new EnclaveException(
          ErrorCode.EXPORT_ALREADY_DECIDED,
          "export request " + r.id + " is " + r.state.json() + "; it is no longer open for review");
    }
    v.reviews().stream()
        .filter(x -> x.reviewer().equals(who.username()))
        .findFirst()
        .ifPresent(
            x -> {
              throw new EnclaveException(
                  ErrorCode.ALREADY_REVIEWED,
                  "you decided this request at "
                      + x.decidedAt()
                      + " ("
                      + x.decision()
                      + "); the second approval must come from another reviewer");
            });
  }

  private static Decision decision(String s) {
    if (s != null) {
      for (Decision d : Decision.values()) {
        if (d.json().equals(s.strip().toLowerCase(Locale.ROOT))) {
          return d;
        }
      }
    }
    throw new EnclaveException(
        ErrorCode.VALIDATION_FAILED, "\"decision\" is one of approve, reject, return");
  }

  private static String comment(Decision d, String text) {
    String c = text == null ? "" : text.strip();
    if (c.isEmpty() && d != Decision.APPROVE) {
      throw new EnclaveException(
          ErrorCode.VALIDATION_FAILED,
          "say why (\"comment\"): the team reads it"
              + (d == Decision.RETURN ? " to know what to change" : ""));
    }
    if (c.length() > MAX_COMMENT_CHARS) {
      throw new EnclaveException(
          ErrorCode.VALIDATION_FAILED,
          "the comment has " + c.length() + " characters; at most " + MAX_COMMENT_CHARS);
    }
    return c;
  }

  /** Every finding that needs it has a reason; no reason names another request's finding. */
  private static Map<UUID, String> reasons(ExportView v, ReviewCommand cmd) {
    Map<UUID, String> given = cmd.acknowledgements() == null ? Map.of() : cmd.acknowledgements();
    Map<UUID, ExportFinding> byId = new HashMap<>();
    v.findings().forEach(f -> byId.put(f.id(), f));
    Map<UUID, String> out = new HashMap<>();
    for (Map.Entry<UUID, String> e : given.entrySet()) {
      ExportFinding f = e.getKey() == null ? null : byId.get(e.getKey());
      if (f == null) {
        throw new EnclaveException(
            ErrorCode.VALIDATION_FAILED,
            "\"acknowledgements\" names " + e.getKey() + ", which is no finding of this request");
      }
      String reason = e.getValue() == null ? "" : e.getValue().strip();
      if (reason.length() > MAX_COMMENT_CHARS) {
        throw new EnclaveException(
            ErrorCode.VALIDATION_FAILED,
            "the reason for finding " + f.id() + " has more than " + MAX_COMMENT_CHARS + " chars");
      }
      if (!reason.isEmpty()) {
        out.put(f.id(), reason);
      }
    }
    List<String> missing = new ArrayList<>();
    for (ExportFinding f : v.findings()) {
      if (f.mustAcknowledge() && !out.containsKey(f.id())) {
        missing.add(f.id() + " (" + f.rule() + " in " + f.file() + " line " + f.line() + ")");
      }
    }
    if (!missing.isEmpty()) {
      throw new EnclaveException(
          ErrorCode.FINDINGS_NOT_ACKNOWLEDGED,
          missing.size()
              + " finding(s) need a reason before this request can be approved: "
              + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
              + (missing.size() > 5 ? ", ..." : "")
              + " (\"acknowledgements\": {finding id: reason})");
    }
    return out;
  }

  private static String released(ExportView v, EnclavePrincipal last) {
    List<String> approvers = new ArrayList<>();
    v.reviews().stream()
        .filter(x -> x.decision().equals("approve"))
        .forEach(x -> approvers.add(x.reviewer()));
    approvers.add(last.username());
    StringBuilder s = new StringBuilder("approved by ").append(String.join(", ", approvers));
    s.append("; ");
    for (int i = 0; i < v.files().size(); i++) {
      s.append(i == 0 ? "" : "; ")
          .append(v.files().get(i).name())
          .append(" sha256 ")
          .append(v.files().get(i).sha256());
    }
    return s.toString();
  }

  private static ExportState state(String s) {
    for (ExportState x : ExportState.values()) {
      if (x.json().equals(s.strip().toLowerCase(Locale.ROOT))) {
        return x;
      }
    }
    throw new EnclaveException(
        ErrorCode.VALIDATION_FAILED,
        "\"state\" is one of "
            + java.util.Arrays.stream(ExportState.values()).map(ExportState::json).toList());
  }
}

package org.enclave.api.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.governance.persistence.DatasetStewardRepository;
import org.enclave.api.governance.persistence.TeamMemberRepository;
import org.enclave.api.sharedtask.persistence.TaskOrganizerRepository;

/**
 * The one place that answers fine-grained questions: is this user a member or lead of that team, a
 * steward of that dataset, and so may they perform this operation on that resource. A refusal is
 * audited and thrown; nothing else in the code base decides access.
 */
@ApplicationScoped
public class Authorizer {
  @Inject TeamMemberRepository members;
  @Inject DatasetStewardRepository stewards;
  @Inject TaskOrganizerRepository organizers;
  @Inject AuditRecorder audit;

  /**
   * What an operation is about: a team, a dataset, or both (an access request or grant is about the
   * requesting team and the requested dataset), and the shared task it belongs to, if any.
   */
  public record Resource(
      String type,
      Object id,
      UUID team,
      UUID dataset,
      UUID task,
      String author,
      List<UUID> datasets) {
    public Resource {
      datasets = datasets == null ? List.of() : List.copyOf(datasets);
    }

    public Resource(String type, Object id, UUID team, UUID dataset, UUID task) {
      this(type, id, team, dataset, task, null, null);
    }

    public Resource(String type, Object id, UUID team, UUID dataset) {
      this(type, id, team, dataset, null, null, null);
    }

    /** An export request of {@code team}, filed by {@code author}. */
    public static Resource export(UUID requestId, UUID team, String author) {
      return export(requestId, team, author, List.of());
    }

    /**
     * An export request of {@code team}, filed by {@code author} while the team was granted {@code
     * datasets}.
     */
    public static Resource export(UUID requestId, UUID team, String author, List<UUID> datasets) {
      return new Resource("export-request", requestId, team, null, null, author, datasets);
    }

    /** A shared task, or something of one (a phase, a submission of {@code team}). */
    public static Resource task(String type, Object id, UUID taskId, UUID team) {
      return new Resource(type, id, team, null, taskId);
    }

    public static Resource none() {
      return new Resource(null, null, null, null);
    }

    public static Resource team(UUID teamId) {
      return new Resource("team", teamId, teamId, null);
    }

    public static Resource dataset(UUID datasetId) {
      return new Resource("dataset", datasetId, null, datasetId);
    }

    public static Resource workspace(UUID workspaceId, UUID teamId) {
      return new Resource("workspace", workspaceId, teamId, null);
    }

    public static Resource of(String type, Object id, UUID team, UUID dataset) {
      return new Resource(type, id, team, dataset);
    }
  }

  /** Throws a {@code forbidden} (or {@code conflict-of-interest}) failure unless allowed. */
  public void authorize(EnclavePrincipal who, Operation op, Resource resource) {
    Decision d = decide(who, op, resource);
    if (!d.allowed()) {
      audit.denied(
          who,
          op.action(),
          new AuditRecorder.Target(
              resource.type(),
              resource.id() == null ? null : resource.id().toString(),
              resource.team(),
              resource.dataset(),
              "workspace".equals(resource.type()) ? resource.id().toString() : null),
          d.reason());
      throw new EnclaveException(d.code(), d.reason());
    }
  }

  /** True if allowed; never audits. For filtering lists, not for guarding actions. */
  public boolean permits(EnclavePrincipal who, Operation op, Resource resource) {
    return decide(who, op, resource).allowed();
  }

  public boolean isMember(EnclavePrincipal who, UUID teamId) {
    return teamId != null && members.isMember(teamId, who.username());
  }

  public boolean isOrganizer(EnclavePrincipal who, UUID taskId) {
    return taskId != null
        && who.has(Role.ORGANIZER)
        && organizers.isOrganizer(taskId, who.username());
  }

  public boolean isSteward(EnclavePrincipal who, UUID datasetId) {
    return datasetId != null
        && who.has(Role.STEWARD)
        && stewards.isSteward(datasetId, who.username());
  }

  private record Decision(boolean allowed, ErrorCode code, String reason) {
    static final Decision ALLOW = new Decision(true, null, null);

    static Decision deny(String reason) {
      return new Decision(false, ErrorCode.FORBIDDEN, reason);
    }
  }

  private Decision decide(EnclavePrincipal who, Operation op, Resource r) {
    if (who.isAnonymous()) {
      return Decision.deny("authentication required");
    }
    return switch (op) {
      case TEAM_CREATE, TEAM_MANAGE_MEMBERS ->
          who.hasAny(Role.ORGANIZER, Role.ADMIN)
              ? Decision.ALLOW
              : Decision.deny("only organizers and admins manage teams");
      case TEAM_READ ->
          who.hasAny(Role.ORGANIZER, Role.ADMIN, Role.STEWARD, Role.AUDITOR)
                  || isMember(who, r.team())
              ? Decision.ALLOW
              : Decision.deny("only members of the team may see it");
      case DATASET_REGISTER ->
          who.has(Role.STEWARD)
              ? Decision.ALLOW
              : Decision.deny("only data stewards register datasets");
      case DATASET_MANAGE, AGREEMENT_PUBLISH ->
          isSteward(who, r.dataset())
              ? Decision.ALLOW
              : Decision.deny("only a steward of this dataset may change it");
      case DATASET_INGEST ->
          isSteward(who, r.dataset())
              ? Decision.ALLOW
              : Decision.deny(
                  "only a steward of this dataset sees its raw files, masking policy and ingest");
      case DATASET_READ_READERS, AGREEMENT_READ_ACCEPTANCES, DATASET_TRANSPARENCY_REPORT ->
          who.hasAny(Role.ADMIN, Role.AUDITOR) || isSteward(who, r.dataset())
              ? Decision.ALLOW
              : Decision.deny("only stewards of this dataset, admins and auditors may see this");
      case AGREEMENT_ACCEPT ->
          who.has(Role.RESEARCHER)
              ? Decision.ALLOW
              : Decision.deny("only researchers accept data use agreements");
      case ACCESS_REQUEST_CREATE ->
          who.has(Role.RESEARCHER) && members.isLead(r.team(), who.username())
              ? Decision.ALLOW
              : Decision.deny("only the lead of the team may request access for it");
      case ACCESS_REQUEST_READ, GRANT_READ ->
          who.hasAny(Role.ADMIN, Role.AUDITOR)
                  || isSteward(who, r.dataset())
                  || isMember(who, r.team())
              ? Decision.ALLOW
              : Decision.deny("only the team, the dataset's stewards, admins and auditors see it");
      case ACCESS_REQUEST_DECIDE -> decideRequest(who, r);
      case GRANT_REVOKE ->
          isSteward(who, r.dataset())
              ? Decision.ALLOW
              : Decision.deny("only a steward of this dataset may revoke its grants");
      case AUDIT_READ, AUDIT_EXPORT ->
          who.hasAny(Role.AUDITOR, Role.STEWARD, Role.ADMIN)
              ? Decision.ALLOW
              : Decision.deny("only auditors, stewards and admins read the audit log");
      case WORKSPACE_CREATE, WORKSPACE_START, WORKSPACE_TERMINATE ->
          who.has(Role.RESEARCHER) && isMember(who, r.team())
              ? Decision.ALLOW
              : Decision.deny("only researchers in the workspace's team may do this");
      case SESSION_OPEN ->
          who.has(Role.RESEARCHER) && isMember(who, r.team())
              ? Decision.ALLOW
              : Decision.deny("only researchers in the workspace's team may open its session");
      case WORKSPACE_READ ->
          who.hasAny(Role.STEWARD, Role.ADMIN) || isMember(who, r.team())
              ? Decision.ALLOW
              : Decision.deny("only the workspace's team, stewards and admins see it");
      case WORKSPACE_STOP ->
          who.hasAny(Role.STEWARD, Role.ADMIN)
                  || (who.has(Role.RESEARCHER) && isMember(who, r.team()))
              ? Decision.ALLOW
              : Decision.deny("only the workspace's team, stewards and admins may stop it");
      case TASK_CREATE ->
          who.has(Role.ORGANIZER)
              ? Decision.ALLOW
              : Decision.deny("only organizers create shared tasks");
      case TASK_MANAGE, TASK_INSPECT, LEADERBOARD_READ ->
          isOrganizer(who, r.task())
              ? Decision.ALLOW
              : Decision.deny("only an organizer of this task may do this");
      case SUBMISSION_CREATE ->
          isMember(who, r.team())
              ? Decision.ALLOW
              : Decision.deny("only members of the team submit for it");
      case SUBMISSION_READ ->
          isOrganizer(who, r.task()) || isMember(who, r.team())
              ? Decision.ALLOW
              : Decision.deny("only the submitting team and the task's organizers see it");
      case SUBMISSION_CHOOSE ->
          who.has(Role.RESEARCHER) && isMember(who, r.team())
              ? Decision.ALLOW
              : Decision.deny("only researchers of the submitting team choose its submission");
      case EXPORT_REQUEST ->
          isMember(who, r.team())
              ? Decision.ALLOW
              : Decision.deny("only members of the team export its files");
      case EXPORT_READ ->
          isMember(who, r.team()) || who.has(Role.ADMIN) || mayReviewExports(who, r.datasets())
              ? Decision.ALLOW
              : Decision.deny(
                  "only the team, output checkers, stewards of every dataset the team was"
                      + " granted, and admins see its export requests");
      case EXPORT_REVIEW, EXPORT_INSPECT -> decideExportReview(who, r);
      case EXPORT_DOWNLOAD ->
          who.has(Role.RESEARCHER) && isMember(who, r.team())
              ? Decision.ALLOW
              : Decision.deny("only researchers of the team download its released exports");
      case EXPORT_WITHDRAW ->
          isMember(who, r.team()) && who.username().equals(r.author())
              ? Decision.ALLOW
              : Decision.deny("only the author of an export request may withdraw it");
      case LEADERBOARD_READ_PUBLISHED ->
          isOrganizer(who, r.task()) || organizers.isParticipant(r.task(), who.username())
              ? Decision.ALLOW
              : Decision.deny(
                  "only the task's organizers and members of teams granted its data see it");
    };
  }

  /**
   * Output checkers review any team's exports; a steward reviews those of a team whose every
   * granted dataset (when it filed the request) they steward.
   */
  public boolean mayReviewExports(EnclavePrincipal who, List<UUID> datasets) {
    if (who.has(Role.OUTPUT_CHECKER)) {
      return true;
    }
    return who.has(Role.STEWARD)
        && !datasets.isEmpty()
        && datasets.stream().allMatch(d -> stewards.isSteward(d, who.username()));
  }

  private Decision decideExportReview(EnclavePrincipal who, Resource r) {
    if (who.username().equals(r.author())) {
      return new Decision(
          false,
          ErrorCode.CONFLICT_OF_INTEREST,
          "the author of an export request cannot review it; two reviewers outside the team do");
    }
    if (isMember(who, r.team())) {
      return new Decision(
          false,
          ErrorCode.CONFLICT_OF_INTEREST,
          "a member of the requesting team cannot review its export; two reviewers outside the"
              + " team do");
    }
    if (!mayReviewExports(who, r.datasets())) {
      return Decision.deny(
          "only output checkers, and stewards of every dataset the team was granted, review its"
              + " exports");
    }
    return Decision.ALLOW;
  }

  private Decision decideRequest(EnclavePrincipal who, Resource r) {
    if (!isSteward(who, r.dataset())) {
      return Decision.deny("only a steward of this dataset may decide requests for it");
    }
    if (isMember(who, r.team())) {
      return new Decision(
          false,
          ErrorCode.CONFLICT_OF_INTEREST,
          "a steward who is a member of the requesting team cannot decide its request;"
              + " ask another steward of the dataset");
    }
    return Decision.ALLOW;
  }
}

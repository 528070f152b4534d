package org.enclave.api.sharedtask.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.governance.persistence.GrantRepository;
import org.enclave.api.governance.persistence.TeamMemberRepository;
import org.enclave.api.governance.persistence.TeamRepository;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.Authorizer.Resource;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.api.sharedtask.model.CountedSubmission;
import org.enclave.api.sharedtask.model.SubmissionModels.QuotaView;
import org.enclave.api.sharedtask.model.SubmissionModels.SubmissionResponse;
import org.enclave.api.sharedtask.persistence.PhaseEntity;
import org.enclave.api.sharedtask.persistence.PhaseRepository;
import org.enclave.api.sharedtask.persistence.QuotaLock;
import org.enclave.api.sharedtask.persistence.SharedTaskEntity;
import org.enclave.api.sharedtask.persistence.SubmissionEntity;
import org.enclave.api.sharedtask.persistence.SubmissionRepository;

/**
 * Submissions as people see them through the API: organizers every one, teams their own; and the
 * team's choice of the submission that counts, when the task leaves it to the team.
 */
@ApplicationScoped
public class SubmissionQueries {
  @Inject SubmissionRepository submissions;
  @Inject PhaseRepository phases;
  @Inject TeamMemberRepository members;
  @Inject TeamRepository teams;
  @Inject GrantRepository grants;
  @Inject QuotaLock quotaLock;
  @Inject SubmissionViews views;
  @Inject TaskLookup lookup;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject Clock clock;

  /** The task's submissions the caller may see, optionally of one team only. */
  @Transactional
  public List<SubmissionResponse> list(EnclavePrincipal who, UUID taskId, UUID teamId) {
    SharedTaskEntity task = lookup.require(taskId);
    List<SubmissionEntity> found;
    if (authorizer.isOrganizer(who, taskId)) {
      found = submissions.listForTask(taskId);
    } else {
      if (teamId != null) {
        authorizer.authorize(
            who, Operation.SUBMISSION_READ, Resource.task("team", teamId, taskId, teamId));
      }
      found = submissions.listForTeams(taskId, members.teamIdsOf(who.username()));
    }
    return found.stream()
        .filter(s -> teamId == null || teamId.equals(s.teamId))
        .map(s -> views.view(who, task, s, null))
        .toList();
  }

  /** A team's use of one phase's limits now. */
  public record TeamQuota(UUID teamId, String teamName, UUID phaseId, QuotaView quota) {
    /** Submissions left in the phase; null when it has no total limit. */
    public Long left() {
      return quota.totalLimit() == null
          ? null
          : Math.max(0, quota.totalLimit() - quota.usedInPhase());
    }
  }

  /**
   * For each of the caller's teams with a live grant of the task's data, its use of each phase's
   * limits: what a team has left before it submits.
   */
  @Transactional
  public List<TeamQuota> quotasOfMine(EnclavePrincipal who, UUID taskId) {
    SharedTaskEntity task = lookup.require(taskId);
    Instant now = Instant.now(clock);
    List<UUID> mine = members.teamIdsOf(who.username());
    List<UUID> granted =
        grants.listForTeams(mine).stream()
            .filter(g -> g.versionId.equals(task.versionId) && g.isActive(now))
            .map(g -> g.teamId)
            .distinct()
            .sorted()
            .toList();
    List<TeamQuota> out = new ArrayList<>();
    for (UUID team : granted) {
      String name = teams.findByIdOptional(team).map(t -> t.name).orElse(null);
      for (PhaseEntity phase : phases.listForTask(taskId)) {
        out.add(new TeamQuota(team, name, phase.id, quota(submissions, phase, team, now)));
      }
    }
    return out;
  }

  /** A team's accepted submissions in the phase, today (UTC) and in all, against its limits. */
  static QuotaView quota(
      SubmissionRepository submissions, PhaseEntity phase, UUID team, Instant now) {
    return new QuotaView(
        submissions.countSince(phase.id, team, startOfDay(now)),
        phase.dailyLimit,
        submissions.countInPhase(phase.id, team),
        phase.totalLimit);
  }

  static Instant startOfDay(Instant now) {
    return now.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  @Transactional
  public SubmissionResponse get(EnclavePrincipal who, UUID taskId, UUID submissionId) {
    SharedTaskEntity task = lookup.require(taskId);
    SubmissionEntity s = require(taskId, submissionId);
    authorizer.authorize(
        who, Operation.SUBMISSION_READ, Resource.task("task-submission", s.id, taskId, s.teamId));
    return views.view(who, task, s, null);
  }

  /** Makes the submission the one that counts for its team in its phase. */
  @Transactional
  public SubmissionResponse choose(EnclavePrincipal who, UUID taskId, UUID submissionId) {
    SharedTaskEntity task = lookup.require(taskId);
    SubmissionEntity s = require(taskId, submissionId);
    Resource resource = Resource.task("task-submission", s.id, taskId, s.teamId);
    if (s.baseline) {
      authorizer.authorize(who, Operation.SUBMISSION_CHOOSE, resource);
      throw new EnclaveException(ErrorCode.CHOICE_NOT_ALLOWED, "the baseline is not chosen");
    }
    authorizer.authorize(who, Operation.SUBMISSION_CHOOSE, resource);
    if (task.countedSubmission != CountedSubmission.TEAM_CHOICE) {
      throw new EnclaveException(
          ErrorCode.CHOICE_NOT_ALLOWED,
          "task " + task.name + " counts each team's " + task.countedSubmission + " submission");
    }
    PhaseEntity phase = phases.findById(s.phaseId);
    Instant now = Instant.now(clock);
    if (!now.isBefore(phase.endsAt)) {
      throw new EnclaveException(
          ErrorCode.PHASE_NOT_OPEN, "phase " + phase.name + " has ended; its choices are final");
    }
    quotaLock.lock(phase.id, s.teamId);
    submissions.clearChoice(phase.id, s.teamId);
    submissions.flush();
    submissions.getEntityManager().refresh(s);
    s.chosen = true;
    audit.allowed(
        who,
        "task.submission.choose",
        Target.of("task-submission", s.id).team(s.teamId).dataset(task.datasetId),
        "chosen to count in phase " + phase.name);
    return views.view(who, task, s, null);
  }

  private SubmissionEntity require(UUID taskId, UUID submissionId) {
    return submissions
        .findByIdOptional(submissionId)
        .filter(s -> s.taskId.equals(taskId))
        .orElseThrow(() -> EnclaveException.notFound("submission", submissionId));
  }
}

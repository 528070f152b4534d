package org.enclave.api.sharedtask.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.enclave.api.governance.persistence.TeamEntity;
import org.enclave.api.governance.persistence.TeamRepository;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.sharedtask.model.LeaderboardVisibility;
import org.enclave.api.sharedtask.model.SubmissionModels.MetricView;
import org.enclave.api.sharedtask.model.SubmissionModels.QuotaView;
import org.enclave.api.sharedtask.model.SubmissionModels.ScoreView;
import org.enclave.api.sharedtask.model.SubmissionModels.SubmissionResponse;
import org.enclave.api.sharedtask.persistence.PhaseEntity;
import org.enclave.api.sharedtask.persistence.PhaseRepository;
import org.enclave.api.sharedtask.persistence.ScoreEntity;
import org.enclave.api.sharedtask.persistence.ScoreRepository;
import org.enclave.api.sharedtask.persistence.SharedTaskEntity;
import org.enclave.api.sharedtask.persistence.SubmissionEntity;
import org.enclave.api.sharedtask.persistence.SubmissionRepository;

/**
 * Submissions and scores as the caller may see them: organizers see exact scores of every run;
 * teams see their own submissions' current scores through the task's disclosure rules (rounding,
 * ladder) and not at all while their phase is hidden. Call inside a transaction.
 */
@ApplicationScoped
public class SubmissionViews {
  @Inject ScoreRepository scores;
  @Inject SubmissionRepository submissions;
  @Inject PhaseRepository phases;
  @Inject TeamRepository teams;
  @Inject ScoreCodec codec;
  @Inject Authorizer authorizer;

  SubmissionResponse view(
      EnclavePrincipal who, SharedTaskEntity task, SubmissionEntity s, QuotaView quota) {
    boolean organizer = authorizer.isOrganizer(who, task.id);
    PhaseEntity phase = s.phaseId == null ? null : phases.findById(s.phaseId);
    ScoreView current =
        scores
            .find(s.id, task.currentRun)
            .map(
                e ->
                    organizer
                        ? exact(task, e, true)
                        : forTeam(task, phase, s, e, ladder(task, phase, s.teamId)))
            .orElse(null);
    List<ScoreView> history =
        organizer ? scores.history(s.id).stream().map(e -> exact(task, e, true)).toList() : null;
    return new SubmissionResponse(
        s.id,
        s.taskId,
        s.phaseId,
        phase == null ? null : phase.name,
        s.teamId,
        s.teamId == null ? null : teams.findByIdOptional(s.teamId).map(t -> t.name).orElse(null),
        s.baseline,
        s.workspaceId,
        s.submittedBy,
        s.submittedAt,
        s.fileName,
        s.format.name().toLowerCase(Locale.ROOT),
        s.sizeBytes,
        s.sha256,
        s.chosen,
        current,
        history,
        quota);
  }

  /** Whether participants may see the phase's scores now. */
  static boolean published(PhaseEntity phase) {
    return phase != null
        && (phase.leaderboard == LeaderboardVisibility.VISIBLE
            || (phase.leaderboard == LeaderboardVisibility.HIDDEN_UNTIL_REVEALED
                && phase.revealedAt != null));
  }

  /** Whether the team sees its own scores in the phase now. */
  static boolean teamSeesScores(PhaseEntity phase) {
    return phase != null
        && (phase.leaderboard != LeaderboardVisibility.HIDDEN_UNTIL_REVEALED
            || phase.revealedAt != null);
  }

  /**
   * Every metric, unrounded; with {@code withLog} (organizers), what a scoring program printed when
   * it failed.
   */
  ScoreView exact(SharedTaskEntity task, ScoreEntity e, boolean withLog) {
    if (e.status == ScoreEntity.Status.FAILED) {
      return new ScoreView(
          e.id.run(),
          "FAILED",
          task.primaryMetric,
          null,
          null,
          null,
          e.detail,
          e.scoredAt,
          withLog ? e.log : null);
    }
    List<MetricView> metrics =
        codec.decode(e.scores).stream()
            .map(m -> new MetricView(m.name(), m.value(), m.best(), m.note()))
            .toList();
    return new ScoreView(
        e.id.run(),
        "SCORED",
        task.primaryMetric,
        e.primaryValue,
        null,
        metrics,
        null,
        e.scoredAt,
        null);
  }

  private ScoreView forTeam(
      SharedTaskEntity task,
      PhaseEntity phase,
      SubmissionEntity s,
      ScoreEntity e,
      Map<UUID, Disclosure.LadderStep> ladder) {
    if (!teamSeesScores(phase)) {
      return new ScoreView(
          e.id.run(),
          "WITHHELD",
          task.primaryMetric,
          null,
          null,
          null,
          "scores of phase " + phase.name + " are hidden until the organizers reveal them",
          null,
          null);
    }
    if (e.status == ScoreEntity.Status.FAILED) {
      return exact(task, e, false);
    }
    if (task.ladderStep != null) {
      Disclosure.LadderStep step = ladder.get(s.id);
      Double shown = Disclosure.round(step.shown(), task.scoreDecimals);
      return new ScoreView(
          e.id.run(),
          "SCORED",
          task.primaryMetric,
          shown,
          step.improved(),
          List.of(new MetricView(task.primaryMetric, shown, null, null)),
          "ladder mode: the shown score changes only when it improves by more than "
              + task.ladderStep,
          e.scoredAt,
          null);
    }
    List<MetricView> metrics =
        codec.decode(e.scores).stream()
            .map(
                m ->
                    new MetricView(
                        m.name(),
                        Disclosure.round(m.value(), task.scoreDecimals),
                        Disclosure.round(m.best(), task.scoreDecimals),
                        m.note()))
            .toList();
    return new ScoreView(
        e.id.run(),
        "SCORED",
        task.primaryMetric,
        Disclosure.round(e.primaryValue, task.scoreDecimals),
        null,
        metrics,
        null,
        e.scoredAt,
        null);
  }

  /**
   * The ladder of one team in one phase in the current run, by submission id (empty when the task
   * is not in ladder mode).
   */
  Map<UUID, Disclosure.LadderStep> ladder(SharedTaskEntity task, PhaseEntity phase, UUID teamId) {
    if (task.ladderStep == null || phase == null || teamId == null) {
      return Map.of();
    }
    List<SubmissionEntity> mine =
        submissions.listForPhase(phase.id).stream().filter(x -> teamId.equals(x.teamId)).toList();
    return ladder(task, mine, scores.inRun(mine.stream().map(x -> x.id).toList(), task.currentRun));
  }

  /** The ladder over one team's submissions (oldest first) with their scores. */
  static Map<UUID, Disclosure.LadderStep> ladder(
      SharedTaskEntity task, List<SubmissionEntity> teamSubmissions, Map<UUID, ScoreEntity> run) {
    List<Double> values = new ArrayList<>();
    for (SubmissionEntity x : teamSubmissions) {
      ScoreEntity e = run.get(x.id);
      values.add(e == null || e.status != ScoreEntity.Status.SCORED ? null : e.primaryValue);
    }
    List<Disclosure.LadderStep> steps = Disclosure.ladder(values, task.direction, task.ladderStep);
    Map<UUID, Disclosure.LadderStep> out = new HashMap<>();
    for (int i = 0; i < teamSubmissions.size(); i++) {
      out.put(teamSubmissions.get(i).id, steps.get(i));
    }
    return out;
  }

  String teamName(UUID teamId) {
    return teams.findByIdOptional(teamId).map((TeamEntity t) -> t.name).orElse(null);
  }
}

package org.enclave.api.sharedtask.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.Authorizer.Resource;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.api.sharedtask.model.SubmissionModels.LeaderboardEntry;
import org.enclave.api.sharedtask.model.SubmissionModels.LeaderboardResponse;
import org.enclave.api.sharedtask.persistence.PhaseEntity;
import org.enclave.api.sharedtask.persistence.ScoreEntity;
import org.enclave.api.sharedtask.persistence.ScoreRepository;
import org.enclave.api.sharedtask.persistence.SharedTaskEntity;
import org.enclave.api.sharedtask.persistence.SubmissionEntity;
import org.enclave.api.sharedtask.persistence.SubmissionRepository;

/**
 * A phase's leaderboard in the task's current scoring run: one entry per team (its counted
 * submission) plus the baseline, ranked by the shown primary score. Organizers always see it, with
 * exact scores; participants only once it is published (visible, or revealed).
 */
@ApplicationScoped
public class LeaderboardService {
  @Inject SubmissionRepository submissions;
  @Inject ScoreRepository scores;
  @Inject SubmissionViews views;
  @Inject TaskLookup lookup;
  @Inject Authorizer authorizer;

  @Transactional
  public LeaderboardResponse get(EnclavePrincipal who, UUID taskId, UUID phaseId) {
    SharedTaskEntity task = lookup.require(taskId);
    PhaseEntity phase = lookup.requirePhase(taskId, phaseId);
    Operation op =
        SubmissionViews.published(phase)
            ? Operation.LEADERBOARD_READ_PUBLISHED
            : Operation.LEADERBOARD_READ;
    authorizer.authorize(who, op, Resource.task("task-phase", phaseId, taskId, null));
    boolean organizer = authorizer.isOrganizer(who, taskId);

    List<SubmissionEntity> phaseSubmissions = submissions.listForPhase(phaseId);
    List<UUID> ids = new ArrayList<>(phaseSubmissions.stream().map(s -> s.id).toList());
    SubmissionEntity baseline = submissions.baselineOf(taskId).orElse(null);
    if (baseline != null) {
      ids.add(baseline.id);
    }
    Map<UUID, ScoreEntity> run = scores.inRun(ids, task.currentRun);

    Map<UUID, List<SubmissionEntity>> byTeam = new LinkedHashMap<>();
    for (SubmissionEntity s : phaseSubmissions) {
      byTeam.computeIfAbsent(s.teamId, t -> new ArrayList<>()).add(s);
    }
    List<Row> rows = new ArrayList<>();
    byTeam.forEach(
        (team, mine) -> {
          Row row = counted(task, mine, run);
          if (row != null) {
            rows.add(row);
          }
        });
    if (baseline != null && scored(run.get(baseline.id))) {
      double exact = run.get(baseline.id).primaryValue;
      rows.add(new Row(baseline, Disclosure.round(exact, task.scoreDecimals), exact, 0));
    }
    rows.sort(order(task));
    List<LeaderboardEntry> entries = new ArrayList<>();
    int rank = 0;
    int position = 0;
    Row previous = null;
    for (Row r : rows) {
      Integer shownRank = null;
      if (!r.submission.baseline) {
        position++;
        boolean tied =
            previous != null
                && task.tieRule == org.enclave.api.sharedtask.model.TieRule.SHARED_RANK
                && java.util.Objects.equals(previous.shown, r.shown);
        rank = tied ? rank : position;
        shownRank = rank;
        previous = r;
      }
      entries.add(
          new LeaderboardEntry(
              shownRank,
              r.submission.teamId,
              r.submission.baseline ? "baseline" : views.teamName(r.submission.teamId),
              r.submission.baseline,
              r.submission.id,
              r.submission.submittedAt,
              r.shown,
              organizer ? r.exact : null,
              r.submission.baseline ? null : r.count));
    }
    return new LeaderboardResponse(
        taskId,
        phaseId,
        phase.name,
        phase.leaderboard,
        phase.revealedAt,
        task.currentRun,
        task.primaryMetric,
        task.direction,
        task.tieRule,
        task.countedSubmission,
        task.scoreDecimals,
        task.ladderStep,
        entries);
  }

  /** A leaderboard row: the counted submission, its shown and exact primary score. */
  private record Row(SubmissionEntity submission, Double shown, Double exact, int count) {}

  /** The team's counted submission, by the task's rule; null if none is scored. */
  private static Row counted(
      SharedTaskEntity task, List<SubmissionEntity> mine, Map<UUID, ScoreEntity> run) {
    List<SubmissionEntity> scored = mine.stream().filter(s -> scored(run.get(s.id))).toList();
    if (scored.isEmpty()) {
      return null;
    }
    SubmissionEntity pick =
        switch (task.countedSubmission) {
          case LATEST -> scored.get(scored.size() - 1);
          case TEAM_CHOICE ->
              scored.stream()
                  .filter(s -> s.chosen)
                  .findFirst()
                  .orElse(scored.get(scored.size() - 1));
          case BEST -> {
            SubmissionEntity best = scored.get(0);
            for (SubmissionEntity s : scored) {
              if (Disclosure.better(
                  run.get(s.id).primaryValue, run.get(best.id).primaryValue, task.direction)) {
                best = s;
              }
            }
            yield best;
          }
        };
    double exact = run.get(pick.id).primaryValue;
    Double shown;
    if (task.ladderStep != null) {
      // The ladder's value after the team's last submission: its shown best.
      Map<UUID, Disclosure.LadderStep> ladder = SubmissionViews.ladder(task, mine, run);
      shown =
          Disclosure.round(ladder.get(mine.get(mine.size() - 1).id).shown(), task.scoreDecimals);
    } else {
      shown = Disclosure.round(exact, task.scoreDecimals);
    }
    return new Row(pick, shown, exact, mine.size());
  }

  private static boolean scored(ScoreEntity e) {
    return e != null && e.status == ScoreEntity.Status.SCORED && e.primaryValue != null;
  }

  /** Best shown score first; equal shown scores: the earlier counted submission first. */
  private static Comparator<Row> order(SharedTaskEntity task) {
    Comparator<Row> byScore = Comparator.comparing(r -> r.shown);
    if (task.direction == org.enclave.api.sharedtask.scoring.Direction.HIGHER_IS_BETTER) {
      byScore = byScore.reversed();
    }
    return byScore.thenComparing(r -> r.submission.submittedAt).thenComparing(r -> r.submission.id);
  }
}

package org.enclave.api.sharedtask.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.enclave.api.broker.BucketAccess;
import org.enclave.api.governance.persistence.DatasetRepository;
import org.enclave.api.governance.persistence.DatasetVersionRepository;
import org.enclave.api.sharedtask.model.TaskModels.GoldResponse;
import org.enclave.api.sharedtask.model.TaskModels.PhaseResponse;
import org.enclave.api.sharedtask.model.TaskModels.ProgramResponse;
import org.enclave.api.sharedtask.model.TaskModels.TaskResponse;
import org.enclave.api.sharedtask.persistence.GoldEntity;
import org.enclave.api.sharedtask.persistence.GoldRepository;
import org.enclave.api.sharedtask.persistence.PhaseEntity;
import org.enclave.api.sharedtask.persistence.PhaseRepository;
import org.enclave.api.sharedtask.persistence.ProgramEntity;
import org.enclave.api.sharedtask.persistence.ProgramRepository;
import org.enclave.api.sharedtask.persistence.SharedTaskEntity;
import org.enclave.api.sharedtask.persistence.SubmissionRepository;
import org.enclave.api.sharedtask.persistence.TaskOrganizerRepository;

/** Builds the responses about tasks, phases and gold metadata (never gold bytes). */
@ApplicationScoped
public class TaskViews {
  @Inject TaskOrganizerRepository organizers;
  @Inject PhaseRepository phases;
  @Inject GoldRepository gold;
  @Inject ProgramRepository programs;
  @Inject SubmissionRepository submissions;
  @Inject DatasetRepository datasets;
  @Inject DatasetVersionRepository versions;
  @Inject Clock clock;

  TaskResponse task(SharedTaskEntity t) {
    Instant now = Instant.now(clock);
    String dataset = datasets.findByIdOptional(t.datasetId).map(d -> d.name).orElse("?");
    String label = versions.findByIdOptional(t.versionId).map(v -> v.label).orElse("?");
    return new TaskResponse(
        t.id,
        t.name,
        t.title,
        t.description,
        t.datasetId,
        t.versionId,
        BucketAccess.bucketName(dataset, label),
        t.suite,
        Suites.formats(t.suite).stream()
            .map(f -> f.name().toLowerCase(Locale.ROOT))
            .sorted()
            .toList(),
        t.primaryMetric,
        t.direction,
        t.tieRule,
        t.countedSubmission,
        t.scoreDecimals,
        t.ladderStep,
        organizers.organizersOf(t.id),
        phases.listForTask(t.id).stream().map(p -> phase(p, now)).toList(),
        gold.latestVersion(t.id) > 0,
        Suites.isProgram(t.suite) ? programs.latest(t.id).isPresent() : null,
        submissions.baselineOf(t.id).isPresent(),
        t.currentRun,
        t.createdAt,
        t.createdBy);
  }

  static PhaseResponse phase(PhaseEntity p, Instant now) {
    return new PhaseResponse(
        p.id,
        p.name,
        p.startsAt,
        p.endsAt,
        p.dailyLimit,
        p.totalLimit,
        p.leaderboard,
        p.revealedAt,
        p.revealedBy,
        p.openAt(now));
  }

  static GoldResponse gold(GoldEntity g) {
    return new GoldResponse(
        g.version, g.sizeBytes, g.sha256, g.itemCount, g.note, g.uploadedAt, g.uploadedBy);
  }

  static ProgramResponse program(ProgramEntity p) {
    return new ProgramResponse(
        p.version,
        p.kind.name().toLowerCase(Locale.ROOT),
        p.fileName,
        p.sizeBytes,
        p.sha256,
        p.timeLimitSeconds,
        p.memoryMiB,
        p.note,
        p.uploadedAt,
        p.uploadedBy);
  }
}

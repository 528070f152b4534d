package org.enclave.api.demo;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.enclave.api.config.EnclaveConfig;
import org.enclave.api.config.SchemaMigration;
import org.enclave.api.governance.model.DatasetModels.DatasetResponse;
import org.enclave.api.governance.model.DatasetModels.VersionResponse;
import org.enclave.api.governance.service.DatasetService;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Role;
import org.enclave.api.sharedtask.model.CountedSubmission;
import org.enclave.api.sharedtask.model.LeaderboardVisibility;
import org.enclave.api.sharedtask.model.TaskModels.CreatePhaseRequest;
import org.enclave.api.sharedtask.model.TaskModels.CreateTaskRequest;
import org.enclave.api.sharedtask.model.TieRule;
import org.enclave.api.sharedtask.service.GoldService;
import org.enclave.api.sharedtask.service.PhaseService;
import org.enclave.api.sharedtask.service.SubmissionService;
import org.enclave.api.sharedtask.service.TaskService;
import org.enclave.infra.local.demo.DemoFile;
import org.enclave.infra.local.demo.SyntheticClpsychCorpus;
import org.jboss.logging.Logger;

/**
 * Adds the demo shared task to the demo scene once: {@code clpsych-demo} on the synthetic dataset's
 * version v1, organized by {@code olga}, scored by {@code clpsych2019} against the corpus' test
 * gold (uploaded as a restricted object), with a baseline that predicts level {@code a} for
 * everyone and a phase open for 90 days whose leaderboard participants see. Through the ordinary
 * services, under the loader's name.
 */
@ApplicationScoped
public class DemoTaskLoader {
  private static final Logger LOG = Logger.getLogger(DemoTaskLoader.class);
  static final String TASK = "clpsych-demo";

  @Inject EnclaveConfig config;
  @Inject DatasetService datasets;
  @Inject TaskService tasks;
  @Inject PhaseService phases;
  @Inject GoldService gold;
  @Inject SubmissionService submissions;
  @Inject Clock clock;

  void onStart(@Observes @Priority(SchemaMigration.PRIORITY + 20) StartupEvent event) {
    if (config.demo().enabled()) {
      load();
    }
  }

  /** Loads the task unless it is there (or the demo dataset is not); true if loaded now. */
  public boolean load() {
    if (tasks.list().stream().anyMatch(t -> t.name().equals(TASK))) {
      return false;
    }
    Optional<DatasetResponse> inputs =
        datasets.list().stream().filter(d -> d.name().equals(DemoDataLoader.DATASET)).findFirst();
    if (inputs.isEmpty()) {
      return false;
    }
    UUID datasetId = inputs.get().id();
    UUID versionId =
        datasets.listVersions(datasetId).stream()
            .filter(v -> v.label().equals("v1"))
            .map(VersionResponse::id)
            .findFirst()
            .orElseThrow();
    EnclavePrincipal loader =
        new EnclavePrincipal(
            DemoDataLoader.LOADER, "Demo data loader", EnumSet.of(Role.ORGANIZER, Role.STEWARD));
    SyntheticClpsychCorpus corpus =
        SyntheticClpsychCorpus.generate(config.demo().seed(), config.demo().users());
    byte[] goldLabels = file(corpus, SyntheticClpsychCorpus.GOLD_LABELS);

    UUID task =
        tasks
            .create(
                loader,
                new CreateTaskRequest(
                    TASK,
                    "CLPsych-style risk levels (demo)",
                    "Predict each test user's suicide-risk level (a: none, b: low, c: moderate,"
                        + " d: severe) from their posts in "
                        + DemoDataLoader.DATASET
                        + ".v1 (test/posts.jsonl). Submit a TSV user_id<TAB>label<TAB>score from"
                        + " your workspace: enclave submit "
                        + TASK
                        + " predictions.tsv. Ranked by macro-F1 over a, b, c, d.",
                    datasetId,
                    versionId,
                    "clpsych2019",
                    null,
                    null,
                    TieRule.SHARED_RANK,
                    CountedSubmission.BEST,
                    3,
                    null,
                    List.of("olga")))
            .id();
    gold.upload(
        loader,
        task,
        "test gold of the synthetic corpus, seed " + corpus.seed(),
        new ByteArrayInputStream(goldLabels));
    Instant now = Instant.now(clock);
    phases.create(
        loader,
        task,
        new CreatePhaseRequest(
            "evaluation",
            now.minus(Duration.ofHours(1)),
            now.plus(Duration.ofDays(90)),
            5,
            100,
            LeaderboardVisibility.VISIBLE));
    submissions.uploadBaseline(
        loader, task, "tsv", "baseline-all-a.tsv", new ByteArrayInputStream(baseline(goldLabels)));
    LOG.infof("demo shared task %s loaded: gold, baseline and an open phase", TASK);
    return true;
  }

  private static byte[] file(SyntheticClpsychCorpus corpus, String path) {
    return corpus.files().stream()
        .filter(f -> f.path().equals(path))
        .map(DemoFile::content)
        .findFirst()
        .orElseThrow();
  }

  /** Every test user at level a, the most frequent level. */
  private static byte[] baseline(byte[] goldLabels) {
    StringBuilder b = new StringBuilder("user_id\tlabel\tscore\n");
    String[] lines = new String(goldLabels, StandardCharsets.UTF_8).split("\n");
    for (int i = 1; i < lines.length; i++) {
      if (!lines[i].isBlank()) {
        b.append(lines[i], 0, lines[i].indexOf('\t')).append("\ta\t0\n");
      }
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}

package org.enclave.api.demo;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.enclave.api.config.EnclaveConfig;
import org.enclave.api.config.SchemaMigration;
import org.enclave.api.governance.model.AccessModels.CreateAccessRequest;
import org.enclave.api.governance.model.AgreementModels.PublishAgreementRequest;
import org.enclave.api.governance.model.DatasetModels.CreateVersionRequest;
import org.enclave.api.governance.model.DatasetModels.DatasetResponse;
import org.enclave.api.governance.model.DatasetModels.RegisterDatasetRequest;
import org.enclave.api.governance.model.TeamModels.CreateTeamRequest;
import org.enclave.api.governance.model.TeamModels.TeamResponse;
import org.enclave.api.governance.service.AccessRequestService;
import org.enclave.api.governance.service.AgreementService;
import org.enclave.api.governance.service.DatasetFileService;
import org.enclave.api.governance.service.DatasetService;
import org.enclave.api.governance.service.TeamService;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Role;
import org.enclave.infra.local.demo.DemoFile;
import org.enclave.infra.local.demo.SyntheticClpsychCorpus;
import org.jboss.logging.Logger;

/**
 * Loads the local enclave's demo scene once: two teams, the synthetic CLPsych-shaped dataset with
 * its data use agreement, the test gold kept in a dataset of its own that no team is granted, and
 * pending access requests so that a steward can walk the workflow at once. Everything goes through
 * the ordinary services, so it is validated and audited like any other action, under the name of
 * the loader, never of a demo user. Demo users accept the agreement themselves, except for the
 * {@code lighthouse} team, whose acceptances are recorded so that its request can be approved.
 */
@ApplicationScoped
public class DemoDataLoader {
  private static final Logger LOG = Logger.getLogger(DemoDataLoader.class);
  static final String DATASET = "clpsych-synthetic";
  static final String GOLD_DATASET = "clpsych-synthetic-gold";
  static final String LOADER = "enclave-demo-loader";

  @Inject EnclaveConfig config;
  @Inject TeamService teams;
  @Inject DatasetService datasets;
  @Inject DatasetFileService files;
  @Inject AgreementService agreements;
  @Inject AccessRequestService requests;

  void onStart(@Observes @Priority(SchemaMigration.PRIORITY + 10) StartupEvent event) {
    if (config.demo().enabled()) {
      load();
    }
  }

  /** Loads the scene unless it is already there; returns true if it loaded it now. */
  public boolean load() {
    if (datasets.list().stream().anyMatch(d -> d.name().equals(DATASET))) {
      LOG.info("demo data already present");
      return false;
    }
    EnclavePrincipal loader =
        new EnclavePrincipal(LOADER, "Demo data loader", EnumSet.of(Role.ORGANIZER, Role.STEWARD));
    SyntheticClpsychCorpus corpus =
        SyntheticClpsychCorpus.generate(config.demo().seed(), config.demo().users());

    TeamResponse lighthouse =
        teams.create(
            loader,
            new CreateTeamRequest("lighthouse", "Team Lighthouse", "alice", List.of("bob")));
    TeamResponse harbor =
        teams.create(
            loader, new CreateTeamRequest("harbor", "Team Harbor", "carol", List.of("dave")));

    DatasetResponse inputs =
        datasets.register(
            loader,
            new RegisterDatasetRequest(
                DATASET,
                "Synthetic Reddit-style posts with user-level suicide-risk labels (a-d) and"
                    + " post-level evidence marks, shaped like the CLPsych 2019 shared task."
                    + " Generated from seed "
                    + corpus.seed()
                    + "; no real person's text.",
                3,
                List.of("sam")));
    UUID v1 =
        publishVersion(
            loader,
            inputs.id(),
            corpus,
            EnumSet.of(DemoFile.Split.TRAIN, DemoFile.Split.TEST_INPUT, DemoFile.Split.DOCS));
    agreements.publish(
        loader,
        inputs.id(),
        new PublishAgreementRequest(
            """
            Data use agreement for clpsych-synthetic (demo).
            1. Use the data only inside Enclave workspaces, only for the approved purpose.
            2. Do not attempt to identify, contact or re-identify any person.
            3. Do not copy posts out of the enclave; only reviewed aggregate results may leave.
            4. Report any suspected breach to the data steward at once.
            """));

    DatasetResponse gold =
        datasets.register(
            loader,
            new RegisterDatasetRequest(
                GOLD_DATASET,
                "Test-set gold labels and evidence for " + DATASET + ". Read only by the scorer.",
                4,
                List.of("sam")));
    publishVersion(loader, gold.id(), corpus, EnumSet.of(DemoFile.Split.TEST_GOLD));

    for (String member : List.of("alice", "bob")) {
      agreements.accept(
          new EnclavePrincipal(member, member, EnumSet.of(Role.RESEARCHER)), inputs.id(), 1);
    }
    Map<TeamResponse, String> leads = Map.of(lighthouse, "alice", harbor, "carol");
    leads.forEach(
        (team, lead) ->
            requests.create(
                new EnclavePrincipal(lead, lead, EnumSet.of(Role.RESEARCHER)),
                new CreateAccessRequest(
                    team.id(),
                    inputs.id(),
                    v1,
                    "Shared task: predict user-level suicide risk from posts",
                    "DEMO-IRB-" + team.name().toUpperCase(java.util.Locale.ROOT),
                    90)));
    LOG.infof(
        "demo data loaded: dataset %s (%d users), teams lighthouse and harbor, 2 pending requests",
        DATASET, corpus.users().size());
    return true;
  }

  private UUID publishVersion(
      EnclavePrincipal loader,
      UUID datasetId,
      SyntheticClpsychCorpus corpus,
      EnumSet<DemoFile.Split> splits) {
    UUID version =
        datasets
            .createVersion(
                loader, datasetId, new CreateVersionRequest("v1", "seed " + corpus.seed()))
            .id();
    for (DemoFile f : corpus.files()) {
      if (splits.contains(f.split())) {
        files.upload(loader, datasetId, version, f.path(), new ByteArrayInputStream(f.content()));
      }
    }
    datasets.publish(loader, datasetId, version);
    return version;
  }
}

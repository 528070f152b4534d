package org.enclave.api.sharedtask.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.error.FieldError;
import org.enclave.api.governance.persistence.DatasetVersionEntity;
import org.enclave.api.governance.persistence.DatasetVersionRepository;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.Authorizer.Resource;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.api.sharedtask.model.CountedSubmission;
import org.enclave.api.sharedtask.model.TaskModels.CreateTaskRequest;
import org.enclave.api.sharedtask.model.TaskModels.MetricResponse;
import org.enclave.api.sharedtask.model.TaskModels.MetricSuiteResponse;
import org.enclave.api.sharedtask.model.TaskModels.TaskResponse;
import org.enclave.api.sharedtask.persistence.SharedTaskEntity;
import org.enclave.api.sharedtask.persistence.SharedTaskRepository;
import org.enclave.api.sharedtask.persistence.TaskOrganizerEntity;
import org.enclave.api.sharedtask.persistence.TaskOrganizerRepository;
import org.enclave.api.sharedtask.scoring.Direction;
import org.enclave.api.sharedtask.scoring.MetricDefinition;
import org.enclave.api.sharedtask.scoring.MetricSuite;
import org.enclave.api.sharedtask.scoring.MetricSuites;

/** Shared tasks: created by organizers on a published dataset version, readable by everyone. */
@ApplicationScoped
public class TaskService {
  @Inject SharedTaskRepository tasks;
  @Inject TaskOrganizerRepository organizers;
  @Inject DatasetVersionRepository versions;
  @Inject TaskLookup lookup;
  @Inject TaskViews views;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject Clock clock;

  @Transactional
  public TaskResponse create(EnclavePrincipal who, CreateTaskRequest req) {
    authorizer.authorize(who, Operation.TASK_CREATE, Resource.none());
    if (tasks.findByName(req.name()).isPresent()) {
      throw new EnclaveException(
          ErrorCode.ALREADY_EXISTS, "a task named '" + req.name() + "' already exists");
    }
    DatasetVersionEntity version =
        versions
            .findInDataset(req.datasetId(), req.versionId())
            .orElseThrow(() -> EnclaveException.notFound("dataset version", req.versionId()));
    if (version.state != DatasetVersionEntity.State.PUBLISHED) {
      throw new EnclaveException(
          ErrorCode.VERSION_NOT_PUBLISHED,
          "version " + version.label + " is a draft; a task's inputs must be a published version");
    }
    String suiteName;
    String metricName;
    Direction direction;
    if (Suites.isProgram(req.suite())) {
      // The program reports its own metrics: the organizer names the one to rank by.
      suiteName = Suites.PROGRAM;
      metricName = req.primaryMetric();
      if (metricName == null || !ProgramAnswer.METRIC.matcher(metricName).matches()) {
        throw invalid(
            "primaryMetric",
            "a task scored by a program must name the metric to rank by, as its scores.json"
                + " names it (a letter, then up to 99 letters, digits or _.@:-)");
      }
      if (req.direction() == null) {
        throw invalid(
            "direction",
            "a task scored by a program must say whether "
                + metricName
                + " is HIGHER_IS_BETTER or LOWER_IS_BETTER");
      }
      direction = req.direction();
    } else {
      MetricSuite<Object, Object> suite = Suites.require(req.suite());
      suiteName = suite.name();
      metricName = req.primaryMetric() == null ? suite.primaryMetric() : req.primaryMetric();
      MetricDefinition metric = metric(suite, metricName);
      if (req.direction() != null && req.direction() != metric.direction()) {
        throw invalid(
            "direction",
            "metric " + metricName + " is " + metric.direction() + ", not " + req.direction());
      }
      direction = metric.direction();
    }
    if (req.ladderStep() != null && req.countedSubmission() != CountedSubmission.BEST) {
      throw invalid(
          "ladderStep", "ladder mode ranks each team's best: countedSubmission must be BEST");
    }
    Instant now = Instant.now(clock);
    SharedTaskEntity t = new SharedTaskEntity();
    t.id = UUID.randomUUID();
    t.name = req.name();
    t.title = req.title();
    t.description = req.description();
    t.datasetId = req.datasetId();
    t.versionId = req.versionId();
    t.suite = suiteName;
    t.primaryMetric = metricName;
    t.direction = direction;
    t.tieRule = req.tieRule();
    t.countedSubmission = req.countedSubmission();
    t.scoreDecimals = req.scoreDecimals();
    t.ladderStep = req.ladderStep();
    t.currentRun = 0;
    t.createdAt = now;
    t.createdBy = who.username();
    tasks.persist(t);
    Set<String> names = new LinkedHashSet<>();
    names.add(who.username());
    if (req.organizers() != null) {
      names.addAll(req.organizers());
    }
    for (String name : names) {
      TaskOrganizerEntity o = new TaskOrganizerEntity();
      o.id = new TaskOrganizerEntity.Key(t.id, name);
      o.addedAt = now;
      o.addedBy = who.username();
      organizers.persist(o);
    }
    tasks.flush();
    audit.allowed(
        who,
        Operation.TASK_CREATE.action(),
        Target.of("task", t.id).dataset(t.datasetId),
        "suite " + t.suite + ", primary " + t.primaryMetric + ", organizers " + names);
    return views.task(t);
  }

  @Transactional
  public List<TaskResponse> list() {
    return tasks.listAllByName().stream().map(views::task).toList();
  }

  @Transactional
  public TaskResponse get(UUID id) {
    return views.task(lookup.require(id));
  }

  /** The built-in metric suites a task can use. */
  public List<MetricSuiteResponse> suites() {
    return MetricSuites.all().stream()
        .map(
            s ->
                new MetricSuiteResponse(
                    s.name(),
                    s.description(),
                    s.submissionFormats().stream()
                        .map(f -> f.name().toLowerCase(java.util.Locale.ROOT))
                        .sorted()
                        .toList(),
                    s.primaryMetric(),
                    s.metrics().stream()
                        .map(
                            m ->
                                new MetricResponse(
                                    m.name(), m.direction(), m.best(), m.description()))
                        .toList()))
        .toList();
  }

  private static MetricDefinition metric(MetricSuite<?, ?> suite, String name) {
    Optional<MetricDefinition> found =
        suite.metrics().stream().filter(m -> m.name().equals(name)).findFirst();
    return found.orElseThrow(
        () ->
            invalid(
                "primaryMetric",
                "suite "
                    + suite.name()
                    + " has no metric '"
                    + name
                    + "'; it reports "
                    + suite.metrics().stream().map(MetricDefinition::name).toList()));
  }

  private static EnclaveException invalid(String field, String message) {
    return new EnclaveException(
        ErrorCode.VALIDATION_FAILED,
        field + ": " + message,
        List.of(new FieldError(field, message)));
  }
}

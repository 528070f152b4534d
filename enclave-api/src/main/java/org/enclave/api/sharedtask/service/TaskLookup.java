package org.enclave.api.sharedtask.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.security.Authorizer.Resource;
import org.enclave.api.sharedtask.persistence.PhaseEntity;
import org.enclave.api.sharedtask.persistence.PhaseRepository;
import org.enclave.api.sharedtask.persistence.SharedTaskEntity;
import org.enclave.api.sharedtask.persistence.SharedTaskRepository;

/** Finds tasks and phases, or says that they do not exist. Call inside a transaction. */
@ApplicationScoped
public class TaskLookup {
  @Inject SharedTaskRepository tasks;
  @Inject PhaseRepository phases;

  public SharedTaskEntity require(UUID id) {
    return tasks.findByIdOptional(id).orElseThrow(() -> EnclaveException.notFound("task", id));
  }

  /** A task by id or by name, as {@code enclave submit TASK} names it. */
  public SharedTaskEntity byReference(String reference) {
    try {
      return require(UUID.fromString(reference));
    } catch (IllegalArgumentException notAnId) {
      return tasks
          .findByName(reference)
          .orElseThrow(() -> EnclaveException.notFound("task", reference));
    }
  }

  public PhaseEntity requirePhase(UUID taskId, UUID phaseId) {
    return phases
        .findByIdOptional(phaseId)
        .filter(p -> p.taskId.equals(taskId))
        .orElseThrow(() -> EnclaveException.notFound("phase", phaseId));
  }

  /** The task as what its organizers' operations are authorized on (no team). */
  static Resource resource(UUID taskId) {
    return Resource.task("task", taskId, taskId, null);
  }
}

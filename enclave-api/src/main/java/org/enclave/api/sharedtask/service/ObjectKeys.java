package org.enclave.api.sharedtask.service;

import java.io.IOException;
import java.util.UUID;
import org.enclave.infra.storage.ObjectStore;
import org.jboss.logging.Logger;

/**
 * Where shared-task files live in the object store: under {@code restricted/}, a namespace that no
 * dataset file ever names. The broker serves only objects recorded as files of a granted dataset
 * version, so nothing here can reach a workspace; no API returns these bytes either.
 */
final class ObjectKeys {
  private static final Logger LOG = Logger.getLogger(ObjectKeys.class);
  static final String ROOT =
      org.enclave.infra.storage.ObjectKeys.RESTRICTED_PREFIX + "shared-tasks/";

  private ObjectKeys() {}

  static String gold(UUID taskId) {
    return ROOT + taskId + "/gold/" + UUID.randomUUID();
  }

  static String program(UUID taskId) {
    return ROOT + taskId + "/program/" + UUID.randomUUID();
  }

  static String submission(UUID taskId, UUID submissionId) {
    return ROOT + taskId + "/submissions/" + submissionId;
  }

  /** Removes an object left by a refused or failed upload; a failure is only logged. */
  static void deleteQuietly(ObjectStore store, String key) {
    try {
      store.delete(key);
    } catch (IOException | RuntimeException e) {
      LOG.warnf("could not remove object %s: %s", key, e.getMessage());
    }
  }
}

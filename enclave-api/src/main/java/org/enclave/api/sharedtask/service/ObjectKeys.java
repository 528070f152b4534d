package org.enclave.api.sharedtask.service;

import java.util.UUID;

/**
 * Where shared-task files live in the object store: under {@code restricted/}, a namespace that no
 * dataset file ever names. The broker serves only objects recorded as files of a granted dataset
 * version, so nothing here can reach a workspace; no API returns these bytes either.
 */
final class ObjectKeys {
  static final String ROOT = "restricted/shared-tasks/";

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
}

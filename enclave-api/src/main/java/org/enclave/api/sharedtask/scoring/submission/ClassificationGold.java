package org.enclave.api.sharedtask.scoring.submission;

import org.enclave.api.sharedtask.scoring.io.IdIndex;

/**
 * Gold labels of a classification task: user {@code i} (in {@link #users()}) has label index {@code
 * labels[i]} in {@link #labelSet()}.
 */
public record ClassificationGold(IdIndex users, LabelSet labelSet, byte[] labels) {

  public int size() {
    return users.size();
  }
}

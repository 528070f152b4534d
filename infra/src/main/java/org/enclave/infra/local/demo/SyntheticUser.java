package org.enclave.infra.local.demo;

import java.util.List;
import java.util.Objects;

/**
 * One generated user with their label and posts.
 *
 * @param userId {@code u} and four digits
 * @param label the user's risk level
 * @param partition whether the user is in the training or the test set
 * @param posts the user's posts, oldest first
 */
public record SyntheticUser(
    String userId, RiskLabel label, Partition partition, List<SyntheticPost> posts) {

  /** The half of the corpus a user belongs to. */
  public enum Partition {
    TRAIN,
    TEST
  }

  public SyntheticUser {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(partition, "partition");
    posts = List.copyOf(posts);
  }
}

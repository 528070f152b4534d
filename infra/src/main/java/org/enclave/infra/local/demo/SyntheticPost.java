package org.enclave.infra.local.demo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * One generated post.
 *
 * @param postId {@code p} and six digits, unique in the corpus
 * @param userId the author
 * @param subreddit where it was posted, without {@code r/}
 * @param timestamp Unix seconds
 * @param title a short title
 * @param body a few sentences, paragraphs separated by a blank line
 * @param evidence whether the post supports the author's risk label (only ever for labels b-d)
 */
public record SyntheticPost(
    String postId,
    String userId,
    String subreddit,
    long timestamp,
    String title,
    String body,
    boolean evidence) {

  private static final DateTimeFormatter ISO_UTC =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  public SyntheticPost {
    Objects.requireNonNull(postId, "postId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(subreddit, "subreddit");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(body, "body");
  }

  /** The timestamp in ISO-8601 UTC, e.g. {@code 2015-03-07T18:04:51Z}. */
  public String createdUtc() {
    return ISO_UTC.format(Instant.ofEpochSecond(timestamp));
  }

  /** Whether the post is in r/SuicideWatch or another mental-health subreddit. */
  public boolean inMentalHealthSubreddit() {
    return Subreddits.isMentalHealth(subreddit);
  }
}

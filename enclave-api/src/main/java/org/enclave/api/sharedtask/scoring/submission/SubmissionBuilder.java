package org.enclave.api.sharedtask.scoring.submission;

import org.enclave.api.sharedtask.scoring.io.ChunkedArrays;

/**
 * Collects a prioritization submission (from TSV or JSON) against the gold: remembers which users
 * and posts were seen, reports duplicates and unknowns as they come and what is missing at the end.
 *
 * <p>A file read in parts has one builder per part ({@link #part}): each part writes the scores
 * into the shared arrays and keeps its own record of what it saw, which {@link #absorb} adds up in
 * file order.
 */
final class SubmissionBuilder {

  private final PrioritizationGold gold;
  private final ProblemCollector problems;
  private final double[] userScores;
  private final ChunkedArrays.Doubles postScores;
  private final SeenBits usersSeen;
  private final SeenBits postsSeen;

  SubmissionBuilder(PrioritizationGold gold, ProblemCollector problems) {
    this(gold, problems, new double[gold.userCount()], new ChunkedArrays.Doubles(gold.postCount()));
  }

  private SubmissionBuilder(
      PrioritizationGold gold,
      ProblemCollector problems,
      double[] userScores,
      ChunkedArrays.Doubles postScores) {
    this.gold = gold;
    this.problems = problems;
    this.userScores = userScores;
    this.postScores = postScores;
    this.usersSeen = new SeenBits(gold.userCount());
    this.postsSeen = new SeenBits(gold.postCount());
  }

  /**
   * A builder for one part of the file, reporting to {@code partProblems}: it shares this builder's
   * score arrays and has its own record of the users and posts seen.
   */
  SubmissionBuilder part(ProblemCollector partProblems) {
    return new SubmissionBuilder(gold, partProblems, userScores, postScores);
  }

  /**
   * Adds what a later part saw to what this builder saw. False when they share a user or post: the
   * part then judged that row (a duplicate, or not) without knowing the earlier one, so its report
   * does not hold and the file has to be read in one pass.
   */
  boolean absorb(SubmissionBuilder later) {
    return usersSeen.union(later.usersSeen) && postsSeen.union(later.postsSeen);
  }

  void unknownUser(long line, String userId, String postId) {
    problems.add(
        ProblemCode.UNKNOWN_ID,
        "user ids that are not in this task's test set",
        line,
        userId,
        postId);
  }

  void unknownPost(long line, String userId, String postId) {
    problems.add(
        ProblemCode.UNKNOWN_POST,
        "posts that the test set does not list for that user",
        line,
        userId,
        postId);
  }

  /** Marks the user seen; true (after reporting) when it already was. */
  boolean userSeen(int u, long line) {
    if (usersSeen.test(u)) {
      problems.add(
          ProblemCode.DUPLICATE_ID, "users scored more than once", line, gold.users().id(u), null);
      return true;
    }
    usersSeen.set(u);
    return false;
  }

  /** Marks the post seen; true (after reporting) when it already was. */
  boolean postSeen(int p, long line, int u) {
    if (postsSeen.test(p)) {
      problems.add(
          ProblemCode.DUPLICATE_POST,
          "posts scored more than once",
          line,
          gold.users().id(u),
          gold.postId(p));
      return true;
    }
    postsSeen.set(p);
    return false;
  }

  /** Marks the user seen, reporting nothing; false when it already was. */
  boolean claimUser(int u) {
    if (usersSeen.test(u)) {
      return false;
    }
    usersSeen.set(u);
    return true;
  }

  /** Marks the post seen, reporting nothing; false when it already was. */
  boolean claimPost(int p) {
    if (postsSeen.test(p)) {
      return false;
    }
    postsSeen.set(p);
    return true;
  }

  /** Marks a known user of a malformed row as seen, so that it is not also reported missing. */
  void markUser(byte[] b, int from, int to) {
    int u = gold.users().find(b, from, to);
    if (u >= 0) {
      usersSeen.set(u);
    }
  }

  /** Marks a known post of a malformed row as seen, so that it is not also reported missing. */
  void markPost(byte[] b, int userFrom, int userTo, int postFrom, int postTo) {
    int u = gold.users().find(b, userFrom, userTo);
    int p = u < 0 ? -1 : gold.findPost(u, b, postFrom, postTo);
    if (p >= 0) {
      postsSeen.set(p);
    }
  }

  void userScore(int u, double score) {
    userScores[u] = score;
  }

  void postScore(int p, double score) {
    postScores.set(p, score);
  }

  /** Reports what is missing (when the whole file was read) and gives the result. */
  ParseResult<PrioritizationSubmission> finish(boolean complete) {
    if (complete) {
      int[] start = gold.userPostStart();
      ChunkedArrays.Ints byUser = gold.postsByUser();
      for (int u = 0; u < gold.userCount(); u++) {
        if (!usersSeen.test(u)) {
          problems.add(
              ProblemCode.MISSING_ID,
              "users of the test set without a user score",
              0,
              gold.users().id(u),
              null);
        }
        for (int i = start[u]; i < start[u + 1]; i++) {
          int p = byUser.get(i);
          if (!postsSeen.test(p)) {
            problems.add(
                ProblemCode.MISSING_POST,
                "posts of the test set without a score",
                0,
                gold.users().id(u),
                gold.postId(p));
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      return ParseResult.rejected(problems.report());
    }
    return ParseResult.accepted(new PrioritizationSubmission(userScores, postScores));
  }
}

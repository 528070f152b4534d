package org.enclave.api.sharedtask.scoring.submission;

import org.enclave.api.sharedtask.scoring.io.ChunkedArrays;
import org.enclave.api.sharedtask.scoring.io.IdIndex;

/**
 * Gold for the prioritization task. User {@code u} (index in {@link #users()}) has relevance grade
 * {@code grade[u]}; its posts are {@code postsByUser[userPostStart[u] .. userPostStart[u + 1])},
 * post indices sorted by post id; post {@code p} has id {@code postIds} string {@code p}, {@code
 * words[p]} words and stopping probability {@code stop[p]} (the chance that an assessor reading it
 * has seen enough to decide about the user). {@code usersById} lists the users by id ascending, the
 * tie order of the user ranking. Per-post data is chunked: 20 million posts take about 20 bytes
 * each plus their ids.
 */
public record PrioritizationGold(
    IdIndex users,
    int[] grade,
    int[] userPostStart,
    ChunkedArrays.Ints postsByUser,
    ChunkedArrays.Strings postIds,
    ChunkedArrays.Ints words,
    ChunkedArrays.Doubles stop,
    int[] usersById,
    int[] firstPostInFile) {

  public int userCount() {
    return users.size();
  }

  public int postCount() {
    return words.size();
  }

  /** The index of the post with id {@code b[from, to)} among the user's posts, or -1. */
  public int findPost(int user, byte[] b, int from, int to) {
    int lo = userPostStart[user];
    int hi = userPostStart[user + 1] - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int p = postsByUser.get(mid);
      int c = postIds.compare(p, b, from, to);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return p;
      }
    }
    return -1;
  }

  /**
   * Like {@link #findPost(int, byte[], int, int)}, trying first the post that follows {@code
   * previous} (the user's previous post in the submission, or -1) in the gold file: submissions
   * that list posts in the gold's order are matched with one comparison per row.
   */
  public int findPost(int user, int previous, byte[] b, int from, int to) {
    if (firstPostInFile != null) {
      int first = firstPostInFile[user];
      int count = userPostStart[user + 1] - userPostStart[user];
      int guess = previous >= first && previous + 1 < first + count ? previous + 1 : first;
      if (count > 0 && postIds.equal(guess, b, from, to)) {
        return guess;
      }
    }
    return findPost(user, b, from, to);
  }

  public String postId(int post) {
    return postIds.string(post);
  }
}

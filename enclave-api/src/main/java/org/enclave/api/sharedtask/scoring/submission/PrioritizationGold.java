package org.enclave.api.sharedtask.scoring.submission;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.enclave.api.sharedtask.scoring.io.IdIndex;

/**
 * Gold for the prioritization task. User {@code u} (index in {@link #users()}) has relevance grade
 * {@code grade[u]}; its posts are {@code postsByUser[userPostStart[u] .. userPostStart[u + 1])},
 * post indices sorted by post id; post {@code p} has id bytes {@code postIds[postIdStart[p] ..
 * postIdStart[p + 1])}, {@code words[p]} words and stopping probability {@code stop[p]} (the chance
 * that an assessor reading it has seen enough to decide about the user). {@code usersById} lists
 * the users by id ascending, the tie order of the user ranking.
 */
public record PrioritizationGold(
    IdIndex users,
    int[] grade,
    int[] userPostStart,
    int[] postsByUser,
    byte[] postIds,
    int[] postIdStart,
    int[] words,
    double[] stop,
    int[] usersById) {

  public int userCount() {
    return users.size();
  }

  public int postCount() {
    return words.length;
  }

  /** The index of the post with id {@code b[from, to)} among the user's posts, or -1. */
  public int findPost(int user, byte[] b, int from, int to) {
    int lo = userPostStart[user];
    int hi = userPostStart[user + 1] - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int p = postsByUser[mid];
      int c = Arrays.compareUnsigned(postIds, postIdStart[p], postIdStart[p + 1], b, from, to);
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

  public String postId(int post) {
    return new String(
        postIds,
        postIdStart[post],
        postIdStart[post + 1] - postIdStart[post],
        StandardCharsets.UTF_8);
  }
}

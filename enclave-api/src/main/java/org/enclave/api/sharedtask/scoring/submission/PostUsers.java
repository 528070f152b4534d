package org.enclave.api.sharedtask.scoring.submission;

import org.enclave.api.sharedtask.scoring.io.ChunkedArrays;

/**
 * The user of each gold post, in file order, while the gold is read. Golds list a user's posts
 * together, so this is kept as runs (a user and where its run ends): a million runs instead of
 * twenty million entries. Once runs would take more room than one entry per post (posts of users
 * interleaved), it turns into one entry per post.
 */
final class PostUsers {

  /** Below this many posts the runs are kept whatever their length. */
  private static final int SWITCH_FROM = 1 << 16;

  private ChunkedArrays.Ints runUser = new ChunkedArrays.Ints();
  private ChunkedArrays.Ints runEnd = new ChunkedArrays.Ints(); // run k: posts [end(k - 1), end(k))
  private ChunkedArrays.Ints perPost;
  private int size;

  /** What {@link #forEach} calls, post by post. */
  @FunctionalInterface
  interface Visitor {
    void visit(int post, int user);
  }

  /** The next post is the user's. */
  void add(int user) {
    if (perPost != null) {
      perPost.add(user);
    } else {
      int runs = runUser.size();
      if (runs > 0 && runUser.get(runs - 1) == user) {
        runEnd.set(runs - 1, size + 1);
      } else if (size >= SWITCH_FROM && runs * 2L > size) {
        ChunkedArrays.Ints each = new ChunkedArrays.Ints(size);
        forEach(each::set);
        perPost = each;
        runUser = null;
        runEnd = null;
        perPost.add(user);
      } else {
        runUser.add(user);
        runEnd.add(size + 1);
      }
    }
    size++;
  }

  int size() {
    return size;
  }

  /** Calls the visitor for every post in file order. */
  void forEach(Visitor v) {
    if (perPost != null) {
      for (int p = 0; p < perPost.size(); p++) {
        v.visit(p, perPost.get(p));
      }
      return;
    }
    int p = 0;
    for (int k = 0; k < runUser.size(); k++) {
      int user = runUser.get(k);
      for (int end = runEnd.get(k); p < end; p++) {
        v.visit(p, user);
      }
    }
  }
}

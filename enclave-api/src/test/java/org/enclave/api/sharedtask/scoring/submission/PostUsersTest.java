package org.enclave.api.sharedtask.scoring.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PostUsersTest {

  @Test
  void givesBackEveryPostsUserInOrderGroupedOrInterleaved() {
    Random random = new Random(17);
    for (int interleaved = 0; interleaved <= 1; interleaved++) {
      PostUsers users = new PostUsers();
      List<Integer> expected = new ArrayList<>();
      for (int p = 0; p < 200_000; p++) {
        // grouped at first, then (in the second round) users change at almost every post
        int user = interleaved == 1 && p > 100_000 ? random.nextInt(1000) : p / 20;
        users.add(user);
        expected.add(user);
      }
      List<Integer> seen = new ArrayList<>();
      users.forEach(
          (post, user) -> {
            assertThat(post).isEqualTo(seen.size());
            seen.add(user);
          });
      assertThat(users.size()).isEqualTo(expected.size());
      assertThat(seen).isEqualTo(expected);
    }
  }
}

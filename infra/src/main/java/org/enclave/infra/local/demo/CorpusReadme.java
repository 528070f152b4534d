package org.enclave.infra.local.demo;

import java.time.Instant;
import java.util.List;

/** Writes the dataset's README: what it is, how it was made, its files and columns. */
final class CorpusReadme {

  private static final String FILES =
      """

      ## Files

      | file | readable by | contents |
      |---|---|---|
      | `train/posts.jsonl` | participants | posts of the training users |
      | `train/labels.tsv` | participants | one label per training user |
      | `train/evidence.tsv` | participants | one evidence mark per training post |
      | `test/posts.jsonl` | participants | posts of the test users, without labels |
      | `gold/labels.tsv` | the scorer only | one label per test user |
      | `gold/evidence.tsv` | the scorer only | one evidence mark per test post |
      | `README.md` | everyone | this file |

      All files are UTF-8 with `\\n` line ends.

      ### posts.jsonl

      One JSON object per line, sorted by user, then by time:

      | field | type | meaning |
      |---|---|---|
      | `post_id` | string | `p` and six digits, unique in the dataset |
      | `user_id` | string | `u` and four digits |
      | `subreddit` | string | subreddit name without `r/` |
      | `timestamp` | integer | posting time in Unix seconds |
      | `created_utc` | string | the same time in ISO-8601 UTC, e.g. `2015-06-01T09:30:00Z` |
      | `title` | string | short title |
      | `body` | string | a few sentences; paragraphs are separated by a blank line |

      ### labels.tsv

      Tab-separated with the header `user_id<TAB>label`; `label` is one of `a`, `b`, `c`, `d` \
      (see Labels).

      ### evidence.tsv

      Tab-separated with the header `post_id<TAB>user_id<TAB>evidence`. `evidence` is `1` when \
      the post supports the user's label and `0` otherwise. Only posts of users labelled `b`, \
      `c` or `d` are ever marked `1`, and each such user has at least one marked post, always \
      in a mental-health subreddit.
      """;

  private CorpusReadme() {}

  static String render(long seed, List<SyntheticUser> train, List<SyntheticUser> test) {
    StringBuilder md = new StringBuilder(4096);
    md.append(
        """
        # Synthetic CLPsych-style suicide-risk dataset

        **Everything in this dataset is synthetic.** Every user, post and label was produced by a \
        program (`org.enclave.infra.local.demo.SyntheticClpsychCorpus`) from template sentences \
        and word lists written for it. No text comes from Reddit or from any real person, and the \
        labels describe no one. The data only has the shape of the CLPsych 2019 shared-task data \
        (users who posted in r/SuicideWatch and other subreddits, a suicide-risk level per user, \
        evidence marks per post) so that the enclave can be demonstrated and tested end to end. \
        It is not suitable for building or evaluating real risk models.

        Content note: some posts contain synthetic expressions of distress (hopelessness, \
        isolation, feeling like a burden). They are written without graphic detail and never \
        mention means or methods.

        ## Generation

        """);
    int trainPosts = postCount(train);
    int testPosts = postCount(test);
    md.append("| | |\n|---|---|\n");
    md.append("| seed | ").append(seed).append(" |\n");
    md.append("| users | ")
        .append(train.size() + test.size())
        .append(" (")
        .append(train.size())
        .append(" train, ")
        .append(test.size())
        .append(" test) |\n");
    md.append("| posts | ")
        .append(trainPosts + testPosts)
        .append(" (")
        .append(trainPosts)
        .append(" train, ")
        .append(testPosts)
        .append(" test) |\n");
    md.append("| posts per user | ")
        .append(UserGenerator.MIN_POSTS)
        .append(" to ")
        .append(UserGenerator.MAX_POSTS)
        .append(" |\n");
    md.append("| post times | from ")
        .append(Instant.ofEpochSecond(SyntheticClpsychCorpus.FIRST_TIMESTAMP))
        .append(" (")
        .append(SyntheticClpsychCorpus.FIRST_TIMESTAMP)
        .append(") up to, not including, ")
        .append(Instant.ofEpochSecond(SyntheticClpsychCorpus.END_TIMESTAMP))
        .append(" (")
        .append(SyntheticClpsychCorpus.END_TIMESTAMP)
        .append(") |\n\n");
    md.append("The same seed and user count always give byte-identical files. About ")
        .append(SyntheticClpsychCorpus.TRAIN_PERCENT)
        .append("% of the users with each label are in the training set, the rest in the test")
        .append(" set; no user is in both.\n\n");
    md.append("Subreddits: r/")
        .append(Subreddits.SUICIDE_WATCH)
        .append(", ")
        .append(subredditList(Subreddits.OTHER_MENTAL_HEALTH))
        .append(" (mental health); ")
        .append(subredditList(Subreddits.ORDINARY.stream().map(Topic::subreddit).toList()))
        .append(" (everyday). Users with higher risk levels post more in the mental-health")
        .append(" subreddits, and more of their posts there speak of their own distress.\n\n")
        .append("## Labels\n\n")
        .append("| label | meaning | train users | test users |\n")
        .append("|---|---|---|---|\n");
    for (RiskLabel label : RiskLabel.values()) {
      md.append("| ")
          .append(label.code())
          .append(" | ")
          .append(label.meaning())
          .append(" | ")
          .append(labelCount(train, label))
          .append(" | ")
          .append(labelCount(test, label))
          .append(" |\n");
    }
    md.append(FILES);
    return md.toString();
  }

  private static int postCount(List<SyntheticUser> users) {
    return users.stream().mapToInt(u -> u.posts().size()).sum();
  }

  private static long labelCount(List<SyntheticUser> users, RiskLabel label) {
    return users.stream().filter(u -> u.label() == label).count();
  }

  private static String subredditList(List<String> names) {
    return String.join(", ", names.stream().map(n -> "r/" + n).toList());
  }
}

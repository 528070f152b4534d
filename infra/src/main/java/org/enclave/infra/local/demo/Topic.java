package org.enclave.infra.local.demo;

import java.util.List;

/**
 * An ordinary subreddit and the words the generator fills its posts with.
 *
 * @param subreddit the subreddit's name, without {@code r/}
 * @param titles whole titles typical of the subreddit
 * @param things noun phrases, filled into {@code {thing}}
 * @param activities gerund phrases, filled into {@code {activity}}
 */
record Topic(String subreddit, List<String> titles, List<String> things, List<String> activities) {

  Topic {
    titles = List.copyOf(titles);
    things = List.copyOf(things);
    activities = List.copyOf(activities);
  }
}

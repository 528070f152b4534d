package org.enclave.api.sharedtask.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.enclave.api.sharedtask.scoring.MetricSuite;
import org.enclave.api.sharedtask.scoring.submission.ParseLimits;
import org.enclave.api.sharedtask.scoring.submission.ParseResult;
import org.enclave.infra.storage.ObjectStore;

/**
 * The scorer's only way to gold labels: reads a gold object from the store and parses it with the
 * task's suite, keeping the last few parsed versions in memory. Nothing here returns gold bytes.
 */
@ApplicationScoped
public class GoldLabels {
  @Inject ObjectStore store;
  @Inject SharedTaskConfig config;

  private record Key(UUID taskId, int version) {}

  private final Map<Key, Object> cache = new LinkedHashMap<>(8, 0.75f, true);

  /** The parsed gold of a task's gold version stored at {@code objectKey}. */
  public Object parsed(UUID taskId, int version, String suiteName, String objectKey) {
    Key key = new Key(taskId, version);
    synchronized (cache) {
      Object hit = cache.get(key);
      if (hit != null) {
        return hit;
      }
    }
    MetricSuite<Object, Object> suite = Suites.require(suiteName);
    ParseResult<Object> parsed =
        Suites.readGold(suite, Suites.Source.ofObject(store, objectKey), limits());
    // Gold was validated when it was uploaded; failing now means the store changed under us.
    Object gold = parsed.value();
    synchronized (cache) {
      cache.put(key, gold);
      while (cache.size() > Math.max(1, config.goldCacheEntries())) {
        cache.remove(cache.keySet().iterator().next());
      }
    }
    return gold;
  }

  ParseLimits limits() {
    return new ParseLimits(
        config.maxGoldBytes(), config.maxRows(), Math.max(1, config.occurrencesPerProblem()));
  }

  ParseLimits submissionLimits() {
    return new ParseLimits(
        config.maxSubmissionBytes(), config.maxRows(), Math.max(1, config.occurrencesPerProblem()));
  }
}

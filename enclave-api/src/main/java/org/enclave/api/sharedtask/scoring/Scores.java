package org.enclave.api.sharedtask.scoring;

import java.util.List;
import java.util.NoSuchElementException;

/** The metric values of one scored submission, in the suite's documented order. */
public record Scores(String suite, List<MetricValue> values) {

  public Scores {
    values = List.copyOf(values);
  }

  public MetricValue metric(String name) {
    for (MetricValue v : values) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    throw new NoSuchElementException("no metric " + name + " in " + suite);
  }

  /** The value of one metric (NaN when undefined). */
  public double value(String name) {
    return metric(name).value();
  }
}

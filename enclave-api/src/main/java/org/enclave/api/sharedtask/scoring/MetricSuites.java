package org.enclave.api.sharedtask.scoring;

import java.util.List;
import java.util.Optional;
import org.enclave.api.sharedtask.scoring.metrics.Clpsych2019Suite;
import org.enclave.api.sharedtask.scoring.metrics.Clpsych2021Suite;
import org.enclave.api.sharedtask.scoring.metrics.PrioritizationSuite;

/** The built-in metric suites, by name. */
public final class MetricSuites {

  private static final List<MetricSuite<?, ?>> ALL =
      List.of(new Clpsych2019Suite(), new Clpsych2021Suite(), new PrioritizationSuite());

  private MetricSuites() {}

  public static List<MetricSuite<?, ?>> all() {
    return ALL;
  }

  public static Optional<MetricSuite<?, ?>> byName(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}

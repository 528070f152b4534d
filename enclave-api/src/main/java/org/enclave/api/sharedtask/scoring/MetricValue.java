package org.enclave.api.sharedtask.scoring;

/**
 * A computed metric: its value (NaN when undefined for this gold, with {@code note} saying why),
 * its direction, and the best value any submission could reach on this gold (for gains: the ideal
 * ranking's value, so that {@code value / best} reads as a fraction of the ideal).
 */
public record MetricValue(
    String name, double value, Direction direction, Double best, String note) {

  public boolean defined() {
    return !Double.isNaN(value);
  }
}

package org.enclave.api.sharedtask.scoring;

/**
 * One metric of a suite: its name (stable, used in leaderboards and {@code scores.json}), its
 * direction, its best possible value when that is a constant (null when it depends on the gold, as
 * for the time-biased gains, whose best is reported beside each score), and one sentence of what it
 * measures; {@code docs/metrics.md} has the exact definitions.
 */
public record MetricDefinition(String name, Direction direction, Double best, String description) {}

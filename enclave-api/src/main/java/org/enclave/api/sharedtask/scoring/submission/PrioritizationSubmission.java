package org.enclave.api.sharedtask.scoring.submission;

import org.enclave.api.sharedtask.scoring.io.ChunkedArrays;

/**
 * A validated prioritization submission, aligned with the gold: {@code userScores[u]} is the risk
 * score of gold user {@code u}, {@code postScores.get(p)} the score of gold post {@code p}; higher
 * means earlier in the ranking.
 */
public record PrioritizationSubmission(double[] userScores, ChunkedArrays.Doubles postScores) {}

package org.enclave.api.sharedtask.scoring.submission;

/**
 * A validated classification submission, aligned with the gold: user {@code i} of the gold was
 * given label index {@code labels[i]} and score {@code scores[i]} (NaN where the format lets the
 * score be left out).
 */
public record ClassificationSubmission(byte[] labels, double[] scores) {}

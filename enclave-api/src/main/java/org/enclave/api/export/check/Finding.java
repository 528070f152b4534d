package org.enclave.api.export.check;

/**
 * What a check found in an export file: the rule that fired, where (characters {@code start} to
 * {@code end}, and the line and column of the start, both from 1), what it matched, and the corpus
 * post it occurs in.
 */
public record Finding(
    String rule,
    int start,
    int end,
    int line,
    int column,
    String matched,
    String corpusFile,
    String postId) {
  public static final String VERBATIM = "verbatim-text";
  public static final String IDENTIFIER = "identifier";
}

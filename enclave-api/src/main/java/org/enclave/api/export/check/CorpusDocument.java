package org.enclave.api.export.check;

import java.util.List;

/**
 * One post of a corpus file (a JSON line, a CSV or TSV record, a line of text): where its bytes are
 * in the file, its post id where it has one, its text fields and its identifier values.
 */
public record CorpusDocument(
    long offset, int length, String postId, List<String> texts, List<String> identifiers) {}

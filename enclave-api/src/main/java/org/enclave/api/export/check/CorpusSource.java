package org.enclave.api.export.check;

import java.io.IOException;
import java.io.InputStream;

/** Reads a post's bytes back from the corpus an index was built from, to confirm a match. */
@FunctionalInterface
public interface CorpusSource {
  InputStream open(String file, long offset, int length) throws IOException;
}

package org.enclave.masking;

import java.util.List;

/** Finds what to mask in one text. Implementations are safe to call from several threads. */
public interface Recognizer {
  List<Span> find(String text);
}

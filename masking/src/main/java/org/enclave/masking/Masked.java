package org.enclave.masking;

import java.util.List;

/** A text after masking, and the spans of the original text that were replaced, in order. */
public record Masked(String text, List<Span> spans) {
  public Masked {
    spans = List.copyOf(spans);
  }
}

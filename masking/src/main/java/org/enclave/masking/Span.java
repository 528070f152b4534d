package org.enclave.masking;

/**
 * A stretch of text to mask: characters {@code [start, end)} of the text, what it is, and the rule
 * that found it (such as {@code pattern:email}, {@code term:always}, {@code ner:corenlp}). {@code
 * replacement} is what takes its place: the type's placeholder, or a pseudonym.
 */
public record Span(int start, int end, EntityType type, String rule, String replacement) {
  public Span {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("empty or negative span [" + start + ", " + end + ")");
    }
  }

  /** A span replaced by its type's placeholder. */
  public static Span of(int start, int end, EntityType type, String rule) {
    return new Span(start, end, type, rule, type.placeholder());
  }

  public boolean overlaps(Span other) {
    return start < other.end && other.start < end;
  }

  public int length() {
    return end - start;
  }
}

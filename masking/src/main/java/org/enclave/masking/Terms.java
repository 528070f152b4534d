package org.enclave.masking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The steward's list of terms always masked (the posters' known names, a small town, a school),
 * each with the type it is masked as, matched as whole words in any case.
 */
public final class Terms implements Recognizer {
  private final Pattern pattern;
  private final Map<String, EntityType> types;

  public Terms(Map<String, EntityType> always) {
    this.types =
        always.entrySet().stream()
            .collect(
                Collectors.toMap(
                    e -> normalize(e.getKey()),
                    Map.Entry::getValue,
                    (a, b) -> a,
                    java.util.TreeMap::new));
    List<String> terms = new ArrayList<>(types.keySet());
    terms.removeIf(String::isEmpty);
    terms.sort(Comparator.comparingInt(String::length).reversed());
    this.pattern =
        terms.isEmpty()
            ? null
            : Pattern.compile(
                "(?<![\\p{L}\\p{N}_])(?:"
                    + terms.stream().map(Terms::quoteWords).collect(Collectors.joining("|"))
                    + ")(?![\\p{L}\\p{N}_])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  @Override
  public List<Span> find(String text) {
    List<Span> spans = new ArrayList<>();
    if (pattern == null) {
      return spans;
    }
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      EntityType type = types.get(normalize(m.group()));
      spans.add(
          Span.of(m.start(), m.end(), type == null ? EntityType.PERSON : type, "term:always"));
    }
    return spans;
  }

  /** Lower case, runs of white space as one space: how terms are compared. */
  static String normalize(String term) {
    return term.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  /** The term's words quoted, with any white space between them. */
  private static String quoteWords(String term) {
    return java.util.Arrays.stream(term.split(" "))
        .map(Pattern::quote)
        .collect(Collectors.joining("\\s+"));
  }
}

package org.enclave.api.sharedtask.scoring.submission;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Collects problems while a file is read: counts every occurrence, keeps the first few. */
public final class ProblemCollector {

  public static final int DEFAULT_CAP = ParseLimits.DEFAULT.occurrencesPerProblem();
  private static final int MAX_VALUE_CHARS = 64;

  private final int cap;
  private final Map<ProblemCode, Entry> entries = new EnumMap<>(ProblemCode.class);

  public ProblemCollector(int cap) {
    this.cap = cap;
  }

  /** Records one occurrence; {@code detail} is kept from the first occurrence of the code. */
  public void add(ProblemCode code, String detail, long line, String userId, String postId) {
    add(code, detail, line, userId, postId, null);
  }

  public void add(
      ProblemCode code, String detail, long line, String userId, String postId, String value) {
    Entry e = entries.computeIfAbsent(code, c -> new Entry(detail));
    e.count++;
    if (e.occurrences.size() < cap) {
      e.occurrences.add(new Problem.Occurrence(line, userId, postId, shorten(value)));
    }
  }

  /** Adds occurrences without listing them (e.g. when the listed ones are chosen elsewhere). */
  public void addCount(ProblemCode code, String detail, long extra) {
    entries.computeIfAbsent(code, c -> new Entry(detail)).count += extra;
  }

  /**
   * Adds everything {@code later} collected, as if its file part had been read here next: its
   * counts, and its listed occurrences up to the cap, their line numbers moved by {@code
   * lineOffset} (the lines before that part; line 0, "no line", stays 0). Parts merged in file
   * order give the report that reading the whole file in one pass gives.
   */
  public void addAll(ProblemCollector later, long lineOffset) {
    later.entries.forEach(
        (code, theirs) -> {
          Entry mine = entries.computeIfAbsent(code, c -> new Entry(theirs.detail));
          mine.count += theirs.count;
          for (Problem.Occurrence o : theirs.occurrences) {
            if (mine.occurrences.size() >= cap) {
              break;
            }
            mine.occurrences.add(
                o.line() == 0
                    ? o
                    : new Problem.Occurrence(
                        o.line() + lineOffset, o.userId(), o.postId(), o.value()));
          }
        });
  }

  public boolean has(ProblemCode code) {
    return entries.containsKey(code);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public int cap() {
    return cap;
  }

  public ValidationReport report() {
    List<Problem> problems = new ArrayList<>();
    entries.forEach((code, e) -> problems.add(new Problem(code, e.detail, e.count, e.occurrences)));
    return new ValidationReport(problems);
  }

  static String shorten(String value) {
    if (value == null || value.length() <= MAX_VALUE_CHARS) {
      return value;
    }
    return value.substring(0, MAX_VALUE_CHARS - 1) + "…";
  }

  private static final class Entry {
    final String detail;
    final List<Problem.Occurrence> occurrences = new ArrayList<>();
    long count;

    Entry(String detail) {
      this.detail = detail;
    }
  }
}

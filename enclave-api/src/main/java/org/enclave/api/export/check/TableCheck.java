package org.enclave.api.export.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Statistical disclosure checks on a CSV or TSV table, after ACRO's rules for tables that left as
 * files: a count below the threshold ({@code small-count}: a cell that few people fall in can
 * single them out), a zero count ({@code zero-count}, a warning: a structural zero can reveal that
 * nobody in a group has a trait), and a table that looks like per-person records ({@code
 * per-person-rows}: a column of person identifiers whose values are all different, so each row is
 * one person). A count column is one whose every value is a whole number and whose header is not an
 * identifier, year, code or rank. Rows and columns are counted from 1; row 1 is the header.
 */
public final class TableCheck {
  public static final String SMALL_COUNT = "small-count";
  public static final String ZERO_COUNT = "zero-count";
  public static final String PER_PERSON = "per-person-rows";
  public static final String DOMINANCE = "dominance";

  /** ACRO's N-K rule: the {@code N_LARGEST} largest contributions hold more than this share. */
  static final double NK_SHARE = 0.9;

  static final int N_LARGEST = 2;

  /** ACRO's p-ratio: the rest, after the two largest, is less than this share of the largest. */
  static final double P_RATIO = 0.1;

  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,15}(\\.[0-9]{1,15})?");

  /** Rows of per-person records below which a table is not flagged. */
  static final int MIN_PERSON_ROWS = 5;

  private static final Pattern WHOLE = Pattern.compile("[0-9]{1,15}");
  private static final Pattern NOT_A_COUNT =
      Pattern.compile(
          "(?i).*\\b(id|ids|year|years|date|code|zip|postcode|rank|index|fold|seed|epoch|step"
              + "|version|k)\\b.*|.*_id\\b.*");
  private static final Pattern PERSON =
      Pattern.compile(
          "(?i)(user|user_?id|author|person|participant|subject|respondent|patient|member"
              + "|pseudonym|handle|username|account)");

  private final int threshold;

  /**
   * @param threshold counts from 1 to {@code threshold - 1} are small (ACRO's default is 10)
   */
  public TableCheck(int threshold) {
    this.threshold = threshold;
  }

  public List<Finding> check(List<List<String>> rows) {
    List<Finding> out = new ArrayList<>();
    if (rows.size() < 2) {
      return out;
    }
    List<String> header = rows.get(0);
    int columns = header.size();
    dominance(rows, header, out);
    for (int c = 0; c < columns; c++) {
      String name = header.get(c).strip();
      if (PERSON.matcher(name).matches()) {
        perPerson(rows, c, name, out);
        continue;
      }
      if (NOT_A_COUNT.matcher(name).matches() || !countColumn(rows, c)) {
        continue;
      }
      for (int r = 1; r < rows.size(); r++) {
        String v = cell(rows.get(r), c);
        if (v.isEmpty()) {
          continue;
        }
        long n = Long.parseLong(v);
        if (n == 0) {
          out.add(
              finding(ZERO_COUNT, r, c, name + " = 0 (a zero can reveal that a group has none)"));
        } else if (n < threshold) {
          out.add(
              finding(
                  SMALL_COUNT,
                  r,
                  c,
                  name + " = " + n + " (counts below " + threshold + " can identify people)"));
        }
      }
    }
    return out;
  }

  /** Dominance in each magnitude column, grouped by the first label column whose values repeat. */
  private static void dominance(List<List<String>> rows, List<String> header, List<Finding> out) {
    int label = -1;
    for (int c = 0; c < header.size() && label < 0; c++) {
      if (!PERSON.matcher(header.get(c).strip()).matches() && isLabel(rows, c)) {
        label = c;
      }
    }
    if (label < 0) {
      return;
    }
    for (int c = 0; c < header.size(); c++) {
      String name = header.get(c).strip();
      if (c == label || NOT_A_COUNT.matcher(name).matches() || !isMagnitude(rows, c)) {
        continue;
      }
      java.util.Map<String, List<Double>> groups = new java.util.LinkedHashMap<>();
      java.util.Map<String, Integer> firstRow = new java.util.HashMap<>();
      for (int r = 1; r < rows.size(); r++) {
        String v = cell(rows.get(r), c);
        if (v.isEmpty()) {
          continue;
        }
        String g = cell(rows.get(r), label);
        groups.computeIfAbsent(g, k -> new ArrayList<>()).add(Double.parseDouble(v));
        firstRow.putIfAbsent(g, r);
      }
      for (java.util.Map.Entry<String, List<Double>> g : groups.entrySet()) {
        List<Double> x = new ArrayList<>(g.getValue());
        x.sort(java.util.Comparator.reverseOrder());
        double total = x.stream().mapToDouble(Double::doubleValue).sum();
        if (total <= 0) {
          continue;
        }
        double top = x.get(0) + (x.size() > 1 ? x.get(1) : 0);
        double rest = total - top;
        String why = null;
        if (top > NK_SHARE * total) {
          why =
              String.format(
                  java.util.Locale.ROOT,
                  "the %d largest of %d contributions are %.0f%% of the total (N-K: at most %.0f%%)",
                  Math.min(N_LARGEST, x.size()),
                  x.size(),
                  100 * top / total,
                  100 * NK_SHARE);
        } else if (rest < P_RATIO * x.get(0)) {
          why =
              String.format(
                  java.util.Locale.ROOT,
                  "the rest after the 2 largest is %.1f%% of the largest (p-ratio: at least %.0f%%)",
                  100 * rest / x.get(0),
                  100 * P_RATIO);
        }
        if (why != null) {
          out.add(
              finding(
                  DOMINANCE,
                  firstRow.get(g.getKey()),
                  c,
                  name + " for " + header.get(label).strip() + " " + g.getKey() + ": " + why));
        }
      }
    }
  }

  /** Text values (not numbers), at least one of them on two rows or more. */
  private static boolean isLabel(List<List<String>> rows, int c) {
    Set<String> seen = new HashSet<>();
    boolean repeats = false;
    for (int r = 1; r < rows.size(); r++) {
      String v = cell(rows.get(r), c);
      if (v.isEmpty()) {
        continue;
      }
      if (NUMBER.matcher(v).matches()) {
        return false;
      }
      repeats |= !seen.add(v);
    }
    return repeats;
  }

  private static boolean isMagnitude(List<List<String>> rows, int c) {
    int values = 0;
    for (int r = 1; r < rows.size(); r++) {
      String v = cell(rows.get(r), c);
      if (v.isEmpty()) {
        continue;
      }
      if (!NUMBER.matcher(v).matches()) {
        return false;
      }
      values++;
    }
    return values > 0;
  }

  private static void perPerson(List<List<String>> rows, int c, String name, List<Finding> out) {
    Set<String> seen = new HashSet<>();
    int values = 0;
    for (int r = 1; r < rows.size(); r++) {
      String v = cell(rows.get(r), c);
      if (v.isEmpty()) {
        continue;
      }
      values++;
      if (!seen.add(v)) {
        return; // a value repeats: rows are not one per person
      }
    }
    if (values >= MIN_PERSON_ROWS) {
      out.add(
          new Finding(
              PER_PERSON,
              0,
              0,
              1,
              c + 1,
              "column "
                  + name
                  + ": "
                  + values
                  + " rows, each a different person; share aggregates, not records",
              null,
              null));
    }
  }

  private static boolean countColumn(List<List<String>> rows, int c) {
    int values = 0;
    for (int r = 1; r < rows.size(); r++) {
      String v = cell(rows.get(r), c);
      if (v.isEmpty()) {
        continue;
      }
      if (!WHOLE.matcher(v).matches()) {
        return false;
      }
      values++;
    }
    return values > 0;
  }

  private static String cell(List<String> row, int c) {
    return c < row.size() ? row.get(c).strip() : "";
  }

  private static Finding finding(String rule, int row, int column, String what) {
    return new Finding(rule, 0, 0, row + 1, column + 1, what, null, null);
  }
}

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

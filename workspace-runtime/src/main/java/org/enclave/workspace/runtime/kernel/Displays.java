package org.enclave.workspace.runtime.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Rich display of cell results: a collection of maps or records (rows of a dataset, a listing)
 * becomes a table, in HTML for notebooks and in plain text for consoles; a single map or record is
 * a one-row table.
 */
final class Displays {
  /** At most this many rows are shown; the rest is counted. */
  static final int MAX_ROWS = 50;

  /** Longer cell values are cut in the plain-text table. */
  static final int MAX_TEXT_CELL = 40;

  private Displays() {}

  /** A table for {@code value}, or {@code null} if it is not table-shaped. */
  static DisplayData table(Object value) {
    List<?> rows;
    int total;
    if (value instanceof Collection<?> c && !c.isEmpty() && c.stream().allMatch(Displays::isRow)) {
      rows = c.stream().limit(MAX_ROWS).toList();
      total = c.size();
    } else if (value instanceof Map<?, ?> m && !m.isEmpty()) {
      rows = List.of(m);
      total = 1;
    } else if (value != null && value.getClass().isRecord()) {
      rows = List.of(value);
      total = 1;
    } else {
      return null;
    }
    List<Map<String, Object>> cells = new ArrayList<>();
    LinkedHashSet<String> columns = new LinkedHashSet<>();
    for (Object row : rows) {
      Map<String, Object> fields = fields(row);
      columns.addAll(fields.keySet());
      cells.add(fields);
    }
    DisplayData data = new DisplayData(text(columns, cells, total));
    data.putHTML(html(columns, cells, total));
    return data;
  }

  private static boolean isRow(Object o) {
    return o instanceof Map || (o != null && o.getClass().isRecord());
  }

  private static Map<String, Object> fields(Object row) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (row instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), v));
      return out;
    }
    for (RecordComponent rc : row.getClass().getRecordComponents()) {
      try {
        rc.getAccessor().setAccessible(true);
        out.put(rc.getName(), rc.getAccessor().invoke(row));
      } catch (ReflectiveOperationException | RuntimeException e) {
        out.put(rc.getName(), "<" + e.getClass().getSimpleName() + ">");
      }
    }
    return out;
  }

  private static String html(
      LinkedHashSet<String> columns, List<Map<String, Object>> rows, int total) {
    StringBuilder h = new StringBuilder("<table class=\"enclave-table\">\n<thead><tr>");
    for (String c : columns) {
      h.append("<th>").append(escape(c)).append("</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    for (Map<String, Object> row : rows) {
      h.append("<tr>");
      for (String c : columns) {
        h.append("<td>")
            .append(row.containsKey(c) ? escape(String.valueOf(row.get(c))) : "")
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table>");
    if (total > rows.size()) {
      h.append("\n<p>")
          .append(total - rows.size())
          .append(" more rows (")
          .append(total)
          .append(" in all)</p>");
    }
    return h.toString();
  }

  private static String text(
      LinkedHashSet<String> columns, List<Map<String, Object>> rows, int total) {
    List<String> cols = new ArrayList<>(columns);
    int[] widths = new int[cols.size()];
    List<String[]> lines = new ArrayList<>();
    String[] header = cols.toArray(new String[0]);
    lines.add(header);
    for (Map<String, Object> row : rows) {
      String[] line = new String[cols.size()];
      for (int i = 0; i < cols.size(); i++) {
        String v = row.containsKey(cols.get(i)) ? String.valueOf(row.get(cols.get(i))) : "";
        v = v.replace('\n', ' ').replace('\r', ' ');
        line[i] = v.length() > MAX_TEXT_CELL ? v.substring(0, MAX_TEXT_CELL - 3) + "..." : v;
      }
      lines.add(line);
    }
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    StringBuilder t = new StringBuilder();
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        t.append(i == 0 ? "" : "  ");
        t.append(i == line.length - 1 ? line[i] : pad(line[i], widths[i]));
      }
      t.append('\n');
    }
    if (total > rows.size()) {
      t.append("... ")
          .append(total - rows.size())
          .append(" more rows (")
          .append(total)
          .append(" in all)\n");
    }
    return t.toString().stripTrailing();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}

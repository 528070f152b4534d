package org.enclave.api.export.check;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * How the corpus index reads a dataset file, chosen by its name: JSON Lines (a post per line, its
 * string fields text or identifiers by name), CSV and TSV (a post per record after the header),
 * plain text (a post per non-empty line). Files of other kinds (binaries, archives) are not
 * indexed, and docs/exports.md says so.
 */
public enum CorpusFormat {
  JSON_LINES,
  CSV,
  TSV,
  TEXT;

  private static final JsonFactory JSON = new JsonFactory();

  /** The format of a file named {@code path}, or null if the index does not read such files. */
  public static CorpusFormat of(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    if (p.endsWith(".jsonl") || p.endsWith(".ndjson")) {
      return JSON_LINES;
    }
    if (p.endsWith(".csv")) {
      return CSV;
    }
    if (p.endsWith(".tsv") || p.endsWith(".tab")) {
      return TSV;
    }
    if (p.endsWith(".txt") || p.endsWith(".md") || p.endsWith(".text")) {
      return TEXT;
    }
    return null;
  }

  /** Reads every post of {@code in}, in order; a CSV or TSV header goes to {@code header}. */
  public void read(InputStream in, Consumer<String[]> headerOut, Consumer<CorpusDocument> out)
      throws IOException {
    RecordReader records = new RecordReader(in, this == CSV);
    String[] header = null;
    byte[] record;
    while ((record = records.next()) != null) {
      long offset = records.offset();
      if (this == CSV || this == TSV) {
        if (header == null) {
          header =
              (this == CSV ? csvCells(record, record.length) : cells(record, record.length))
                  .toArray(String[]::new);
          headerOut.accept(header);
          continue;
        }
      }
      CorpusDocument d = parse(record, record.length, offset, header, records.number());
      if (d != null) {
        out.accept(d);
      }
    }
  }

  /**
   * One post from its bytes, as {@link #read} found it; {@code header} names CSV and TSV columns
   * (null when not known: every cell is then text and a possible identifier).
   */
  public CorpusDocument parse(byte[] bytes, int length, long offset, String[] header, long number)
      throws IOException {
    List<String> texts = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    String[] postId = {null};
    switch (this) {
      case JSON_LINES -> {
        if (isBlank(bytes, length)) {
          return null;
        }
        try (JsonParser p = JSON.createParser(bytes, 0, length)) {
          json(p, null, texts, ids, postId);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          // A line that is not JSON is still text that must not leave.
          texts.add(new String(bytes, 0, length, StandardCharsets.UTF_8));
        }
      }
      case CSV, TSV -> {
        List<String> cells = this == CSV ? csvCells(bytes, length) : cells(bytes, length);
        for (int i = 0; i < cells.size(); i++) {
          String name = header != null && i < header.length ? header[i] : null;
          field(name, cells.get(i), texts, ids, postId, header == null);
        }
      }
      case TEXT -> {
        if (isBlank(bytes, length)) {
          return null;
        }
        texts.add(new String(bytes, 0, length, StandardCharsets.UTF_8));
      }
    }
    return new CorpusDocument(
        offset, length, postId[0] != null ? postId[0] : "record " + number, texts, ids);
  }

  private static void json(
      JsonParser p, String name, List<String> texts, List<String> ids, String[] postId)
      throws IOException {
    String field = name;
    JsonToken t;
    while ((t = p.nextToken()) != null) {
      switch (t) {
        case FIELD_NAME -> field = p.currentName();
        case VALUE_STRING, VALUE_NUMBER_INT -> field(field, p.getText(), texts, ids, postId, false);
        case START_OBJECT, START_ARRAY -> {
          // nested values are read with the field that holds them
        }
        default -> {}
      }
    }
  }

  private static void field(
      String name,
      String value,
      List<String> texts,
      List<String> ids,
      String[] postId,
      boolean unknown) {
    if (value.isEmpty()) {
      return;
    }
    if (name != null && Identifiers.isIdentifierField(name)) {
      ids.add(value);
      String n = name.toLowerCase(Locale.ROOT);
      if (postId[0] == null && (n.equals("post_id") || n.equals("id"))) {
        postId[0] = value;
      }
      return;
    }
    if (unknown && value.indexOf(' ') < 0) {
      ids.add(value);
    }
    texts.add(value);
  }

  /**
   * The first {@code maxRows} rows of a CSV (RFC 4180) or TSV file, cells as text; for showing a
   * table and for checking it.
   */
  public static List<List<String>> rows(InputStream in, boolean csv, int maxRows)
      throws IOException {
    RecordReader records = new RecordReader(in, csv);
    List<List<String>> out = new ArrayList<>();
    byte[] record;
    while (out.size() < maxRows && (record = records.next()) != null) {
      out.add(csv ? csvCells(record, record.length) : cells(record, record.length));
    }
    return out;
  }

  private static boolean isBlank(byte[] b, int length) {
    for (int i = 0; i < length; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  /** Tab-separated cells of one line. */
  private static List<String> cells(byte[] b, int length) {
    String line = new String(b, 0, trimCr(b, length), StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    int from = 0;
    for (int i = 0; i <= line.length(); i++) {
      if (i == line.length() || line.charAt(i) == '\t') {
        out.add(line.substring(from, i));
        from = i + 1;
      }
    }
    return out;
  }

  /** RFC 4180 cells of one record (quotes, doubled quotes, separators and newlines in quotes). */
  static List<String> csvCells(byte[] b, int length) {
    String rec = new String(b, 0, trimCr(b, length), StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < rec.length(); i++) {
      char c = rec.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < rec.length() && rec.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    out.add(cell.toString());
    return out;
  }

  private static int trimCr(byte[] b, int length) {
    return length > 0 && b[length - 1] == '\r' ? length - 1 : length;
  }

  /**
   * Records of a file with their byte offsets: lines, or for CSV lines joined while a quoted cell
   * is open.
   */
  static final class RecordReader {
    private final InputStream in;
    private final boolean csvQuotes;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private long consumed; // bytes before buf[0]
    private long offset;
    private long number;
    private byte[] record = new byte[1024];

    RecordReader(InputStream in, boolean csvQuotes) {
      this.in = in;
      this.csvQuotes = csvQuotes;
    }

    /** The next record without its newline, or null at the end; valid until the next call. */
    byte[] next() throws IOException {
      int len = 0;
      boolean inQuotes = false;
      boolean any = false;
      offset = consumed + pos;
      while (true) {
        if (pos == limit) {
          consumed += limit;
          pos = 0;
          limit = Math.max(0, in.read(buf));
          if (limit == 0) {
            if (!any) {
              return null;
            }
            break;
          }
        }
        byte c = buf[pos++];
        any = true;
        if (c == '\n' && !inQuotes) {
          break;
        }
        if (csvQuotes && c == '"') {
          inQuotes = !inQuotes;
        }
        if (len == record.length) {
          record = java.util.Arrays.copyOf(record, len * 2);
        }
        record[len++] = c;
      }
      number++;
      return java.util.Arrays.copyOf(record, len);
    }

    long offset() {
      return offset;
    }

    long number() {
      return number;
    }
  }
}

package org.enclave.api.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.enclave.api.ingest.persistence.IngestJobEntity.Format;

/**
 * The records of a raw file, one at a time, never the whole file in memory: JSON Lines (one object
 * per line), or CSV (RFC 4180: quoted fields may hold commas, quotes and line breaks) or TSV (tab
 * separated, no quoting), both with a header row. Each line must be UTF-8. A record that cannot be
 * read is returned as a {@link Bad} naming its row, and reading goes on with the next one.
 */
final class RawRows implements Closeable {
  /** A longer line is refused, so that one bad row cannot exhaust memory. */
  static final int MAX_LINE_BYTES = 1 << 20;

  /** What {@link #next()} returns: a record, or why a row could not be read. */
  sealed interface Next permits Row, Bad {
    long row();
  }

  /** Row numbers count records from 1 (the header of CSV and TSV is not a row). */
  record Row(long row, Map<String, JsonNode> fields) implements Next {}

  record Bad(long row, String message) implements Next {}

  /** The file cannot be read at all (a missing or broken header). */
  static final class FileProblem extends Exception {
    FileProblem(String message) {
      super(message);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final InputStream in;
  private final Format format;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
  private List<String> header;
  private long lineNumber;
  private long row;
  private boolean first = true;
  private boolean eof;

  private RawRows(InputStream in, Format format) {
    this.in = in;
    this.format = format;
  }

  /** Opens {@code in}; for CSV and TSV reads the header first. */
  static RawRows open(InputStream in, Format format) throws IOException, FileProblem {
    RawRows rows = new RawRows(new java.io.BufferedInputStream(in, 1 << 16), format);
    if (format != Format.JSONL) {
      rows.readHeader();
    }
    return rows;
  }

  /** The header's column names (CSV, TSV), or null for JSON Lines. */
  List<String> header() {
    return header;
  }

  /** The next record or bad row, or null at the end of the file. */
  Next next() throws IOException {
    while (true) {
      String text;
      try {
        text = readLine();
      } catch (LineProblem p) {
        row++;
        return new Bad(row, p.getMessage());
      }
      if (text == null) {
        return null;
      }
      if (text.isBlank()) {
        continue;
      }
      row++;
      return switch (format) {
        case JSONL -> json(text);
        case TSV -> fields(List.of(text.split("\t", -1)));
        case CSV -> csv(text);
      };
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private void readHeader() throws IOException, FileProblem {
    String text;
    try {
      text = readLine();
      while (text != null && text.isBlank()) {
        text = readLine();
      }
    } catch (LineProblem p) {
      throw new FileProblem("the header row " + p.getMessage());
    }
    if (text == null) {
      throw new FileProblem("the file is empty: a " + format + " file starts with a header row");
    }
    List<String> names;
    if (format == Format.TSV) {
      names = List.of(text.split("\t", -1));
    } else {
      try {
        names = csvFields(text);
      } catch (LineProblem p) {
        throw new FileProblem("the header row " + p.getMessage());
      }
    }
    Set<String> seen = new HashSet<>();
    List<String> trimmed = new ArrayList<>();
    for (String n : names) {
      String name = n.strip();
      if (name.isEmpty()) {
        throw new FileProblem(
            "column " + (trimmed.size() + 1) + " of the header row has no name; name every column");
      }
      if (!seen.add(name)) {
        throw new FileProblem(
            "the header row names column '" + name + "' twice; column names must be unique");
      }
      trimmed.add(name);
    }
    header = List.copyOf(trimmed);
  }

  private Next json(String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return new Bad(row, "is not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      return new Bad(row, "is not a JSON object; each line must be one object like {\"id\": ...}");
    }
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
    return new Row(row, fields);
  }

  private Next csv(String text) throws IOException {
    StringBuilder record = new StringBuilder(text);
    while (true) {
      try {
        return fields(csvFields(record.toString()));
      } catch (LineProblem.Final p) {
        return new Bad(row, p.getMessage());
      } catch (LineProblem unterminated) {
        // A quoted field goes on on the next line.
        String more;
        try {
          more = readLine();
        } catch (LineProblem p) {
          return new Bad(row, p.getMessage());
        }
        if (more == null || record.length() > MAX_LINE_BYTES) {
          return new Bad(row, "has a quoted field that is never closed; end it with \"");
        }
        record.append('\n').append(more);
      }
    }
  }

  private Next fields(List<String> values) {
    if (values.size() != header.size()) {
      return new Bad(
          row,
          "has "
              + values.size()
              + (values.size() == 1 ? " field" : " fields")
              + ", but the header has "
              + header.size());
    }
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      fields.put(header.get(i), TextNode.valueOf(values.get(i)));
    }
    return new Row(row, fields);
  }

  /** RFC 4180 fields of one record; {@link LineProblem} if a quoted field is still open. */
  private static List<String> csvFields(String record) throws LineProblem {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = record.length();
    while (true) {
      if (i < n && record.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= n) {
            throw new LineProblem("has a quoted field that is never closed; end it with \"");
          }
          char c = record.charAt(i++);
          if (c == '"') {
            if (i < n && record.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(c);
          }
        }
        if (i < n && record.charAt(i) != ',') {
          throw new LineProblem.Final(
              "has text after a closing quote at character " + (i + 1) + "; quote \" as \"\"");
        }
      } else {
        while (i < n && record.charAt(i) != ',') {
          field.append(record.charAt(i++));
        }
      }
      out.add(field.toString());
      field.setLength(0);
      if (i >= n) {
        return out;
      }
      i++; // the comma
    }
  }

  /** One line as text without its line break, or null at the end. */
  private String readLine() throws IOException, LineProblem {
    if (eof) {
      return null;
    }
    line.reset();
    boolean tooLong = false;
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (line.size() < MAX_LINE_BYTES) {
        line.write(b);
      } else {
        tooLong = true;
      }
    }
    if (b == -1) {
      eof = true;
      if (line.size() == 0 && !tooLong) {
        return null;
      }
    }
    lineNumber++;
    if (tooLong) {
      throw new LineProblem("is longer than " + MAX_LINE_BYTES + " bytes");
    }
    byte[] bytes = line.toByteArray();
    int from = 0;
    if (first) {
      first = false;
      if (bytes.length >= 3
          && (bytes[0] & 0xff) == 0xef
          && (bytes[1] & 0xff) == 0xbb
          && (bytes[2] & 0xff) == 0xbf) {
        from = 3;
      }
    }
    int to = bytes.length;
    if (to > from && bytes[to - 1] == '\r') {
      to--;
    }
    try {
      return utf8.decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
    } catch (CharacterCodingException e) {
      throw new LineProblem(
          "is not UTF-8 (line "
              + lineNumber
              + "); save the file as UTF-8, for example with iconv -f windows-1252 -t utf-8");
    }
  }

  /** Why a line could not be read; {@link Final} is not healed by reading further lines. */
  private static class LineProblem extends Exception {
    LineProblem(String message) {
      super(message, null, false, false);
    }

    static final class Final extends LineProblem {
      Final(String message) {
        super(message);
      }
    }
  }
}

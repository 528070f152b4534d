package org.enclave.api.governance.service;

import java.text.Normalizer;
import java.util.regex.Pattern;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.error.FieldError;

/**
 * Validates file paths inside a dataset version: relative, slash-separated, no traversal, no
 * control characters, bounded length. A valid path is returned unchanged (NFC-normalized input is
 * required so that two spellings of one name cannot coexist).
 */
public final class FilePaths {
  public static final int MAX_PATH_LENGTH = 512;
  public static final int MAX_SEGMENT_LENGTH = 255;
  public static final int MAX_DEPTH = 16;
  private static final Pattern SEGMENT = Pattern.compile("[\\p{L}\\p{N}._\\-+=@,() ]+");

  private FilePaths() {}

  public static String validate(String path) {
    String problem = problem(path);
    if (problem != null) {
      throw new EnclaveException(
          ErrorCode.INVALID_FILE_NAME,
          "file path '" + printable(path) + "' is not allowed: " + problem,
          java.util.List.of(new FieldError("path", problem)));
    }
    return path;
  }

  static String problem(String path) {
    if (path == null || path.isEmpty()) {
      return "the path is empty";
    }
    if (path.length() > MAX_PATH_LENGTH) {
      return "the path is longer than " + MAX_PATH_LENGTH + " characters";
    }
    if (path.startsWith("/")) {
      return "absolute paths are not allowed; use a path relative to the version, like train/posts.jsonl";
    }
    if (path.indexOf('\\') >= 0) {
      return "backslashes are not allowed; separate folders with '/'";
    }
    if (!Normalizer.isNormalized(path, Normalizer.Form.NFC)) {
      return "the path must be in Unicode NFC form";
    }
    String[] segments = path.split("/", -1);
    if (segments.length > MAX_DEPTH) {
      return "the path is nested deeper than " + MAX_DEPTH + " folders";
    }
    for (String s : segments) {
      if (s.isEmpty()) {
        return "the path has an empty segment (leading, trailing or double '/')";
      }
      if (s.equals(".") || s.equals("..")) {
        return "'.' and '..' segments are not allowed";
      }
      if (s.length() > MAX_SEGMENT_LENGTH) {
        return "a segment is longer than " + MAX_SEGMENT_LENGTH + " characters";
      }
      if (!SEGMENT.matcher(s).matches()) {
        return "only letters, digits, spaces and . _ - + = @ , ( ) are allowed in names";
      }
      if (s.startsWith(" ") || s.endsWith(" ")) {
        return "names cannot start or end with a space";
      }
    }
    return null;
  }

  private static String printable(String path) {
    if (path == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    path.codePoints()
        .limit(80)
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    return b.toString();
  }

  /** The media type recorded for a file, from its extension. */
  public static String mediaType(String path) {
    String p = path.toLowerCase(java.util.Locale.ROOT);
    if (p.endsWith(".jsonl") || p.endsWith(".ndjson")) {
      return "application/x-ndjson";
    }
    if (p.endsWith(".json")) {
      return "application/json";
    }
    if (p.endsWith(".tsv")) {
      return "text/tab-separated-values";
    }
    if (p.endsWith(".csv")) {
      return "text/csv";
    }
    if (p.endsWith(".md")) {
      return "text/markdown";
    }
    if (p.endsWith(".txt")) {
      return "text/plain";
    }
    if (p.endsWith(".parquet")) {
      return "application/vnd.apache.parquet";
    }
    return "application/octet-stream";
  }
}

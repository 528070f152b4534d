package org.enclave.api.export.check;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What an export file is, told by its bytes rather than its name (a name only tells apart kinds
 * that share bytes: CSV, TSV and JSON are text; ONNX is protobuf). The allow-list: text, CSV, TSV,
 * JSON, SVG, PDF, PNG, JPEG, and models (safetensors, ONNX, pickle). Archives are refused: their
 * members are what would leave, so they are exported one by one.
 */
public enum FileKind {
  TEXT("text"),
  CSV("CSV table"),
  TSV("TSV table"),
  JSON("JSON"),
  SVG("SVG image"),
  PDF("PDF document"),
  PNG("PNG image"),
  JPEG("JPEG image"),
  SAFETENSORS("safetensors model"),
  ONNX("ONNX model"),
  PICKLE("pickle (Python object, such as a model)");

  /** Bytes of a file's beginning that {@link #detect} looks at. */
  public static final int HEAD_BYTES = 64 * 1024;

  private final String description;

  FileKind(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isText() {
    return this == TEXT || this == CSV || this == TSV || this == JSON || this == SVG;
  }

  public boolean isTable() {
    return this == CSV || this == TSV;
  }

  public boolean isImage() {
    return this == PNG || this == JPEG;
  }

  public boolean isModel() {
    return this == SAFETENSORS || this == ONNX || this == PICKLE;
  }

  /** What the allow-list takes, for messages. */
  public static final String ALLOWED =
      "text, CSV, TSV, JSON, SVG, PDF, PNG, JPEG, safetensors, ONNX, pickle";

  /** The kind of a file with this name whose first bytes are {@code head}; what it is if not. */
  public static Detection detect(String name, byte[] head, long size) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (starts(head, 0x25, 0x50, 0x44, 0x46, 0x2d)) { // %PDF-
      return Detection.of(PDF);
    }
    if (starts(head, 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n')) {
      return Detection.of(PNG);
    }
    if (starts(head, 0xff, 0xd8, 0xff)) {
      return Detection.of(JPEG);
    }
    String archive = archive(head);
    if (archive != null) {
      return Detection.refused(
          archive
              + (lower.endsWith(".xlsx") || lower.endsWith(".docx")
                  ? " (an Office file is a ZIP archive; export tables as CSV, documents as PDF)"
                  : lower.endsWith(".pt") || lower.endsWith(".pth")
                      ? " (a PyTorch file is a ZIP archive; save the weights as safetensors)"
                      : "; export its members one by one, so that each is checked"));
    }
    if (safetensors(head, size)) {
      return Detection.of(SAFETENSORS);
    }
    if (head.length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5) {
      return Detection.of(PICKLE);
    }
    if (lower.endsWith(".onnx") && head.length > 0 && head[0] == 0x08) {
      return Detection.of(ONNX); // field 1 (ir_version) of an ONNX ModelProto, a varint
    }
    Optional<String> text = utf8(head, size > head.length);
    if (text.isEmpty()) {
      return Detection.refused(
          "binary data of no allowed kind (allowed: " + ALLOWED + ", told by content)");
    }
    String t = text.get();
    if (svg(t)) {
      return Detection.of(SVG);
    }
    if (lower.endsWith(".csv")) {
      return Detection.of(CSV);
    }
    if (lower.endsWith(".tsv") || lower.endsWith(".tab")) {
      return Detection.of(TSV);
    }
    if (lower.endsWith(".json") || lower.endsWith(".jsonl")) {
      return Detection.of(JSON);
    }
    return Detection.of(TEXT);
  }

  /** A kind, or why the file is refused. */
  public record Detection(FileKind kind, String refusal) {
    static Detection of(FileKind k) {
      return new Detection(k, null);
    }

    static Detection refused(String why) {
      return new Detection(null, why);
    }
  }

  private static String archive(byte[] h) {
    if (starts(h, 'P', 'K', 3, 4) || starts(h, 'P', 'K', 5, 6)) {
      return "a ZIP archive";
    }
    if (starts(h, 0x1f, 0x8b)) {
      return "a gzip archive";
    }
    if (starts(h, '7', 'z', 0xbc, 0xaf, 0x27, 0x1c)) {
      return "a 7z archive";
    }
    if (starts(h, 0xfd, '7', 'z', 'X', 'Z', 0)) {
      return "an xz archive";
    }
    if (starts(h, 'B', 'Z', 'h')) {
      return "a bzip2 archive";
    }
    if (starts(h, 0x28, 0xb5, 0x2f, 0xfd)) {
      return "a zstd archive";
    }
    if (h.length >= 262 && new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
      return "a tar archive";
    }
    return null;
  }

  /** An 8-byte little-endian header length, then that many bytes of JSON object. */
  private static boolean safetensors(byte[] h, long size) {
    if (h.length < 10) {
      return false;
    }
    long n = ByteBuffer.wrap(h, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return n > 1 && n <= size - 8 && h[8] == '{';
  }

  private static boolean svg(String t) {
    String s = t.length() > 4096 ? t.substring(0, 4096) : t;
    s = s.stripLeading();
    if (s.startsWith("\ufeff")) {
      s = s.substring(1);
    }
    return (s.startsWith("<?xml") || s.startsWith("<svg") || s.startsWith("<!--"))
        && s.contains("<svg");
  }

  /** The bytes as UTF-8, allowing a character cut at the end when the head is not the file. */
  public static Optional<String> utf8(byte[] b, boolean cut) {
    int n = b.length;
    for (int i = 0; i < n; i++) {
      if (b[i] == 0) {
        return Optional.empty();
      }
    }
    if (cut) {
      int back = 0;
      while (back < 3 && n > 0 && (b[n - 1] & 0xc0) == 0x80) {
        n--;
        back++;
      }
      if (n > 0 && (b[n - 1] & 0x80) != 0) {
        n--;
      }
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(b, 0, n))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** The whole file as UTF-8 text, or empty if it is not. */
  public static Optional<String> text(byte[] b) {
    return utf8(b, false);
  }

  private static boolean starts(byte[] b, int... prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((b[i] & 0xff) != (prefix[i] & 0xff)) {
        return false;
      }
    }
    return true;
  }

  static byte[] head(byte[] b) {
    return b.length > HEAD_BYTES ? Arrays.copyOf(b, HEAD_BYTES) : b;
  }
}

package org.enclave.api.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.enclave.api.export.check.CorpusFormat;
import org.enclave.api.export.service.ExportReviews.FileBytes;
import org.enclave.api.web.ConsoleExports.FileView;

/**
 * Decides how a reviewer sees a file, by its bytes rather than its name: PNG and JPEG images inline
 * (as data, which cannot run), UTF-8 text as escaped text, CSV and TSV as an escaped table, and
 * anything else not shown, with why. The template escapes every cell and line.
 */
final class SafeView {
  /** Largest image shown inline. */
  static final int MAX_IMAGE_BYTES = 8 << 20;

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

  private SafeView() {}

  static FileView of(FileBytes f, InputStream in, int maxChars, int maxRows) throws IOException {
    byte[] head = in.readNBytes(Math.max(maxChars, MAX_IMAGE_BYTES) + 1);
    boolean truncated = head.length > Math.max(maxChars, MAX_IMAGE_BYTES) || in.read() >= 0;
    if (startsWith(head, PNG) || startsWith(head, JPEG)) {
      if (truncated || head.length > MAX_IMAGE_BYTES) {
        return notShown(f, "an image larger than " + (MAX_IMAGE_BYTES >> 20) + " MiB");
      }
      String type = startsWith(head, PNG) ? "image/png" : "image/jpeg";
      return new FileView(
          f.name(),
          f.sha256(),
          f.sizeBytes(),
          null,
          null,
          "data:" + type + ";base64," + Base64.getEncoder().encodeToString(head),
          null,
          false);
    }
    byte[] text = head.length > maxChars ? Arrays.copyOf(head, maxChars) : head;
    boolean cut = truncated || head.length > maxChars;
    String decoded = utf8(text, cut);
    if (decoded == null) {
      return notShown(f, "not text, PNG or JPEG (by its content)");
    }
    String lower = f.name().toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv") || lower.endsWith(".tsv")) {
      List<List<String>> rows =
          CorpusFormat.rows(
              new ByteArrayInputStream(decoded.getBytes(StandardCharsets.UTF_8)),
              lower.endsWith(".csv"),
              maxRows);
      return new FileView(
          f.name(),
          f.sha256(),
          f.sizeBytes(),
          rows,
          null,
          null,
          null,
          cut || rows.size() == maxRows);
    }
    return new FileView(f.name(), f.sha256(), f.sizeBytes(), null, decoded, null, null, cut);
  }

  private static FileView notShown(FileBytes f, String why) {
    return new FileView(f.name(), f.sha256(), f.sizeBytes(), null, null, null, why, false);
  }

  /** The bytes as UTF-8 text, or null for binary data; a cut may split the last character. */
  private static String utf8(byte[] b, boolean cut) {
    int n = b.length;
    for (int i = 0; i < n; i++) {
      if (b[i] == 0) {
        return null;
      }
    }
    if (cut) {
      while (n > 0 && n > b.length - 4 && (b[n - 1] & 0xc0) == 0x80) {
        n--;
      }
      if (n > 0 && (b[n - 1] & 0x80) != 0) {
        n--;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, 0, n))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    return b.length >= prefix.length
        && Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
  }
}

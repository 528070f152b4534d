package org.enclave.api.web;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.enclave.api.export.check.CorpusFormat;
import org.enclave.api.export.check.FileKind;
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

  private SafeView() {}

  static FileView of(FileBytes f, InputStream in, int maxChars, int maxRows) throws IOException {
    byte[] head = in.readNBytes(Math.max(maxChars, MAX_IMAGE_BYTES) + 1);
    boolean truncated = head.length > Math.max(maxChars, MAX_IMAGE_BYTES) || in.read() >= 0;
    FileKind kind =
        f.kind() != null
            ? f.kind()
            : FileKind.detect(
                    f.name(),
                    head.length > FileKind.HEAD_BYTES
                        ? Arrays.copyOf(head, FileKind.HEAD_BYTES)
                        : head,
                    f.sizeBytes())
                .kind();
    if (kind == FileKind.PDF) {
      if (truncated) {
        return notShown(f, "a PDF larger than " + (MAX_IMAGE_BYTES >> 20) + " MiB");
      }
      return pdfPages(f, head);
    }
    if (kind != null && kind.isImage()) {
      if (truncated || head.length > MAX_IMAGE_BYTES) {
        return notShown(f, "an image larger than " + (MAX_IMAGE_BYTES >> 20) + " MiB");
      }
      String type = kind == FileKind.PNG ? "image/png" : "image/jpeg";
      return new FileView(
          f.name(),
          f.sha256(),
          f.sizeBytes(),
          null,
          null,
          "data:" + type + ";base64," + Base64.getEncoder().encodeToString(head),
          null,
          false,
          List.of());
    }
    byte[] text = head.length > maxChars ? Arrays.copyOf(head, maxChars) : head;
    boolean cut = truncated || head.length > maxChars;
    String decoded = FileKind.utf8(text, cut).orElse(null);
    if (decoded == null || kind == null || !kind.isText()) {
      return notShown(
          f,
          (kind == null ? "not of an allowed kind" : kind.description())
              + ": only text, tables and PNG or JPEG images are shown here");
    }
    if (kind.isTable()) {
      List<List<String>> rows =
          CorpusFormat.rows(
              new ByteArrayInputStream(decoded.getBytes(StandardCharsets.UTF_8)),
              kind == FileKind.CSV,
              maxRows);
      return new FileView(
          f.name(),
          f.sha256(),
          f.sizeBytes(),
          rows,
          null,
          null,
          null,
          cut || rows.size() == maxRows,
          List.of());
    }
    return new FileView(
        f.name(), f.sha256(), f.sizeBytes(), null, decoded, null, null, cut, List.of());
  }

  /** Pages of a PDF shown to a reviewer. */
  static final int MAX_PDF_PAGES = 30;

  /**
   * A PDF as images of its first pages, drawn by PDFBox: the reviewer's browser runs none of it.
   */
  private static FileView pdfPages(FileBytes f, byte[] pdf) {
    List<String> pages = new ArrayList<>();
    int total;
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      total = doc.getNumberOfPages();
      PDFRenderer renderer = new PDFRenderer(doc);
      for (int p = 0; p < Math.min(total, MAX_PDF_PAGES); p++) {
        BufferedImage img = renderer.renderImageWithDPI(p, 96);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        pages.add("data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray()));
      }
    } catch (IOException e) {
      return notShown(f, "a PDF that could not be drawn (" + e.getMessage() + ")");
    }
    return new FileView(
        f.name(), f.sha256(), f.sizeBytes(), null, null, null, null, total > MAX_PDF_PAGES, pages);
  }

  private static FileView notShown(FileBytes f, String why) {
    return new FileView(
        f.name(), f.sha256(), f.sizeBytes(), null, null, null, why, false, List.of());
  }
}

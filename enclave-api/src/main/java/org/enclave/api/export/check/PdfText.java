package org.enclave.api.export.check;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/** The text of each page of a PDF, read with Apache PDFBox, for the text checks. */
public final class PdfText {
  /** Pages read at most; the rest of a longer document is reported as not checked. */
  public static final int MAX_PAGES = 1000;

  private PdfText() {}

  /** The document's pages as text, first page first. */
  public record Pages(List<String> pages, int totalPages) {}

  /**
   * @throws IOException when the bytes are no readable PDF, or it is encrypted
   */
  public static Pages of(byte[] pdf) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      int total = doc.getNumberOfPages();
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setSortByPosition(true);
      List<String> pages = new ArrayList<>();
      for (int p = 1; p <= Math.min(total, MAX_PAGES); p++) {
        stripper.setStartPage(p);
        stripper.setEndPage(p);
        pages.add(stripper.getText(doc));
      }
      return new Pages(pages, total);
    } catch (InvalidPasswordException e) {
      throw new IOException("the PDF is encrypted", e);
    }
  }
}

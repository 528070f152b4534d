package org.enclave.api.export.check;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall of the verbatim check by medium (docs/benchmarks.md): 1,000 quotes of 8-30 words from
 * distinct posts of a generated corpus, with changed case and punctuation, planted in text reports
 * (400), CSV tables (200), PDF pages (200, read with PDFBox) and PNG screenshots (200, five to an
 * image, read with Tesseract OCR). A quote counts as found when a finding points at its post.
 * Prints its numbers; asserts nothing. Needs /usr/bin/tesseract.
 */
@Tag("benchmark")
class ExportRecallBenchmark {
  @TempDir Path dir;

  record Quote(String postId, String text) {}

  @Test
  void recallInTextTablesPdfAndScreenshots() throws IOException {
    Random random = new Random(11);
    String[] vocabulary = english(random);
    Path corpus = dir.resolve("posts.jsonl");
    List<Quote> quotes = new ArrayList<>();
    try (OutputStream out = Files.newOutputStream(corpus)) {
      for (int p = 0; p < 40_000; p++) {
        String body = sentence(random, vocabulary, 40 + random.nextInt(120));
        String id = "p" + p;
        if (quotes.size() < 1000 && p % 37 == 0) {
          String[] w = body.split(" ");
          int len = 8 + random.nextInt(23);
          int from = random.nextInt(Math.max(1, w.length - len));
          quotes.add(
              new Quote(
                  id,
                  String.join(
                      " ", java.util.Arrays.copyOfRange(w, from, Math.min(w.length, from + len)))));
        }
        out.write(
            ("{\"post_id\":\"" + id + "\",\"body\":\"" + body + "\"}\n")
                .getBytes(StandardCharsets.UTF_8));
      }
    }
    Path index = dir.resolve("posts.idx");
    try (CorpusIndexWriter w = new CorpusIndexWriter(8, dir.resolve("work"));
        InputStream in = Files.newInputStream(corpus)) {
      w.add("posts.jsonl", CorpusFormat.JSON_LINES, in);
      w.write(index);
    }
    CorpusSource source =
        (file, offset, length) -> {
          InputStream in = Files.newInputStream(corpus);
          in.skipNBytes(offset);
          return in;
        };
    try (CorpusIndex idx = CorpusIndex.open(index)) {
      TextCheck check = new TextCheck(idx, source, CorpusFormat.JSON_LINES);
      List<Quote> text = quotes.subList(0, 400);
      List<Quote> tables = quotes.subList(400, 600);
      List<Quote> pdf = quotes.subList(600, 800);
      List<Quote> png = quotes.subList(800, 1000);

      StringBuilder report = new StringBuilder();
      for (Quote q : text) {
        report
            .append(sentence(random, vocabulary, 30).toUpperCase(Locale.ROOT))
            .append(". As one post put it, \"")
            .append(disguise(random, q.text()))
            .append("\" — and more.\n\n");
      }
      long t0 = System.nanoTime();
      int inText = found(check.check(report.toString()), text);

      StringBuilder csv = new StringBuilder("example,label,score\n");
      for (Quote q : tables) {
        csv.append('"')
            .append(disguise(random, q.text()).replace("\"", "\"\""))
            .append("\",1,0.9\n");
      }
      int inTables = found(check.check(csv.toString()), tables);

      int inPdf = 0;
      int pdfPages = 0;
      for (int i = 0; i < pdf.size(); i += 10) {
        List<Quote> page = pdf.subList(i, Math.min(pdf.size(), i + 10));
        PdfText.Pages pages = PdfText.of(pdf(page, random));
        pdfPages += pages.pages().size();
        List<Finding> f = new ArrayList<>();
        for (String t : pages.pages()) {
          f.addAll(check.check(t));
        }
        inPdf += found(f, page);
      }
      double textSeconds = (System.nanoTime() - t0) / 1e9;

      long t1 = System.nanoTime();
      int inPng = 0;
      int images = 0;
      for (int i = 0; i < png.size(); i += 5) {
        List<Quote> shot = png.subList(i, Math.min(png.size(), i + 5));
        String ocr = ImageText.of(screenshot(shot, random), dir).orElseThrow();
        images++;
        inPng += found(check.check(ocr), shot);
      }
      double ocrSeconds = (System.nanoTime() - t1) / 1e9;

      List<Finding> falsePositives =
          check.check(sentence(new Random(5), other(vocabulary), 200_000));
      System.out.printf(
          Locale.ROOT,
          "recall: text %d/%d, CSV %d/%d, PDF %d/%d (%d pages), PNG %d/%d (%d screenshots, OCR"
              + " %.1f s); all %d/%d; text+CSV+PDF checked in %.2f s%n"
              + "false positives on 200,000 words sharing no 8-gram with the corpus: %d%n",
          inText,
          text.size(),
          inTables,
          tables.size(),
          inPdf,
          pdf.size(),
          pdfPages,
          inPng,
          png.size(),
          images,
          ocrSeconds,
          inText + inTables + inPdf + inPng,
          quotes.size(),
          textSeconds,
          falsePositives.size());
    }
  }

  private static int found(List<Finding> findings, List<Quote> planted) {
    Set<String> posts = new HashSet<>();
    for (Finding f : findings) {
      if (f.rule().equals(Finding.VERBATIM)) {
        posts.add(f.postId());
      }
    }
    int n = 0;
    for (Quote q : planted) {
      if (posts.contains(q.postId())) {
        n++;
      }
    }
    return n;
  }

  private static byte[] pdf(List<Quote> quotes, Random random) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream out = new PDPageContentStream(doc, page)) {
        out.beginText();
        out.setFont(new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN), 10);
        out.setLeading(13);
        out.newLineAtOffset(50, 740);
        for (Quote q : quotes) {
          for (String line : wrap("Participant: \"" + disguise(random, q.text()) + "\"", 95)) {
            out.showText(line);
            out.newLine();
          }
          out.newLine();
        }
        out.endText();
      }
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      doc.save(b);
      return b.toByteArray();
    }
  }

  /** A screenshot of a page of posts: 16 px sans-serif on white, 1000 px wide, wrapped. */
  private static byte[] screenshot(List<Quote> quotes, Random random) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Quote q : quotes) {
      lines.addAll(wrap(disguise(random, q.text()), 90));
      lines.add("");
    }
    BufferedImage img = new BufferedImage(1000, 40 + 24 * lines.size(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(new Color(0x222222));
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
    FontMetrics m = g.getFontMetrics();
    int y = 20 + m.getAscent();
    for (String line : lines) {
      g.drawString(line, 20, y);
      y += 24;
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static List<String> wrap(String text, int width) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String w : text.split(" ")) {
      if (line.length() + w.length() + 1 > width && line.length() > 0) {
        out.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() == 0 ? "" : " ").append(w);
    }
    out.add(line.toString());
    return out;
  }

  private static String disguise(Random random, String quote) {
    StringBuilder b = new StringBuilder();
    for (String w : quote.split(" ")) {
      String x =
          switch (random.nextInt(3)) {
            case 0 -> w.toUpperCase(Locale.ROOT);
            case 1 -> Character.toUpperCase(w.charAt(0)) + w.substring(1);
            default -> w;
          };
      b.append(b.length() == 0 ? "" : random.nextInt(5) == 0 ? ", " : " ").append(x);
    }
    return b + (random.nextBoolean() ? "!" : ".");
  }

  /** A vocabulary of English-like words (letters only), so that OCR reads them as people write. */
  private static String[] english(Random random) {
    String[] syllables = {
      "ka", "lo", "mer", "tin", "sa", "ra", "den", "vo", "li", "nes", "ter", "pa", "mo", "ri",
      "cal", "bur", "ston", "wel", "har", "fi", "gen", "do", "tal", "mi", "ver", "son", "ly", "ber"
    };
    String[] v = new String[20_000];
    for (int i = 0; i < v.length; i++) {
      StringBuilder w = new StringBuilder();
      int n = 1 + random.nextInt(3);
      for (int k = 0; k < n; k++) {
        w.append(syllables[random.nextInt(syllables.length)]);
      }
      v[i] = w.toString();
    }
    return v;
  }

  private static String[] other(String[] vocabulary) {
    String[] o = new String[vocabulary.length];
    for (int i = 0; i < o.length; i++) {
      o[i] = vocabulary[i] + "q";
    }
    return o;
  }

  private static String sentence(Random random, String[] vocabulary, int words) {
    return ExportCheckBenchmark.sentence(random, vocabulary, words);
  }
}

package org.enclave.api.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.quarkus.test.junit.QuarkusTest;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.support.ChannelClient;
import org.enclave.api.support.ChannelClient.Answer;
import org.enclave.api.support.ExportRequests;
import org.enclave.api.workspace.WorkspaceScene;
import org.junit.jupiter.api.Test;

/**
 * The checks by kind of file, told by content: a quote on page 2 of a PDF and in a screenshot (OCR)
 * is found with its page; a table's small counts, zeros and per-person rows are reported; a model
 * gets a warning; archives and unknown binary files are refused when staged, audited, and nothing
 * is stored.
 */
@QuarkusTest
class ExportFileChecksTest {
  static final String QUOTE = "I keep my phone on silent so nobody can reach me after dark";
  static final String POSTS =
      "{\"post_id\":\"p000301\",\"user_id\":\"u5501\",\"body\":\"" + QUOTE + " anymore.\"}\n";

  private ChannelClient granted() {
    WorkspaceScene scene =
        new WorkspaceScene()
            .withGrantedDataset(
                Map.of("train/posts.jsonl", POSTS.getBytes(StandardCharsets.UTF_8)));
    return ExportRequests.workspace(scene.teamId, scene.lead);
  }

  @Test
  void aQuoteInAPdfPageAndInAScreenshotIsFoundAndATablesSmallCountsAreReported()
      throws IOException {
    ChannelClient ws = granted();
    StringBuilder people = new StringBuilder("participant,posts\n");
    for (int i = 1; i <= 6; i++) {
      people.append("P").append(i).append(',').append(10 + i).append('\n');
    }
    Answer filed =
        request(
            ws,
            Map.of(
                "paper.pdf",
                    pdf("Results are in the table.", "A participant wrote: " + QUOTE + "."),
                "screenshot.png", png(QUOTE.toUpperCase()),
                "counts.csv",
                    bytes("group,n,share\nunder 18,3,0.02\n18-25,0,0.00\n26-40,120,0.98\n"),
                "people.csv", bytes(people.toString()),
                "model.safetensors", safetensors()));
    assertThat(filed.status()).as(filed.body()).isEqualTo(201);
    List<Map<String, Object>> findings = filed.json().getList("findings");
    assertThat(findings)
        .extracting(f -> f.get("file"), f -> f.get("rule"), f -> f.get("page"))
        .contains(
            tuple("paper.pdf", "verbatim-text", 2),
            tuple("screenshot.png", "verbatim-text", null),
            tuple("counts.csv", "small-count", null),
            tuple("counts.csv", "zero-count", null),
            tuple("people.csv", "per-person-rows", null),
            tuple("model.safetensors", "model-file", null));
    assertThat(findings)
        .filteredOn(f -> f.get("rule").equals("small-count"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.get("line")).isEqualTo(2);
              assertThat(f.get("column")).isEqualTo(2);
              assertThat(f.get("mustAcknowledge")).isEqualTo(true);
            });
    assertThat(findings)
        .filteredOn(f -> f.get("rule").equals("zero-count"))
        .allSatisfy(f -> assertThat(f.get("mustAcknowledge")).isEqualTo(false));
    // The share column holds fractions, not counts; the pdf's first page quotes nothing.
    assertThat(findings)
        .filteredOn(f -> "counts.csv".equals(f.get("file")))
        .allSatisfy(f -> assertThat(f.get("column")).isEqualTo(2));
    assertThat(findings)
        .filteredOn(f -> "paper.pdf".equals(f.get("file")))
        .allSatisfy(f -> assertThat(f.get("page")).isEqualTo(2));
    assertThat(filed.json().getList("files.kind"))
        .containsExactlyInAnyOrder("pdf", "png", "csv", "csv", "safetensors");
  }

  @Test
  void archivesAndUnknownBinaryFilesAreRefusedWhenStaged() {
    ChannelClient ws = granted();
    long head = AuditTrail.head();
    byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
    Answer archive = ws.call("POST", "/-/exports/files", Map.of("name", "results.zip"), zip);
    assertThat(archive.status()).as(archive.body()).isEqualTo(415);
    assertThat(archive.json().getString("code")).isEqualTo("unsupported-media-type");
    assertThat(archive.json().getString("detail")).contains("ZIP archive", "one by one");
    Answer xlsx = ws.call("POST", "/-/exports/files", Map.of("name", "table.xlsx"), zip);
    assertThat(xlsx.json().getString("detail")).contains("export tables as CSV");
    Answer binary =
        ws.call(
            "POST",
            "/-/exports/files",
            Map.of("name", "notes.txt"),
            new byte[] {1, 2, 0, (byte) 0xfe, 7});
    assertThat(binary.status()).isEqualTo(415);
    assertThat(binary.json().getString("detail")).contains("binary data of no allowed kind");
    assertThat(AuditTrail.after(head, Map.of("action", "export.file-staged")))
        .extracting(e -> e.get("outcome"))
        .containsExactly("DENY", "DENY", "DENY");
  }

  private static Answer request(ChannelClient ws, Map<String, byte[]> files) {
    return ExportRequests.file(ws, files, "paper", null);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] pdf(String... pages) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      for (String text : pages) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream out = new PDPageContentStream(doc, page)) {
          out.beginText();
          out.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
          out.newLineAtOffset(50, 700);
          out.showText(text);
          out.endText();
        }
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      doc.save(bytes);
      return bytes.toByteArray();
    }
  }

  /** A screenshot-like image: dark text on white, wrapped in lines of a few words. */
  static byte[] png(String text) throws IOException {
    BufferedImage img = new BufferedImage(1400, 260, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(Color.BLACK);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 34));
    String[] words = text.split(" ");
    StringBuilder line = new StringBuilder();
    int y = 60;
    for (String w : words) {
      if (line.length() + w.length() > 40) {
        g.drawString(line.toString().strip(), 30, y);
        y += 50;
        line.setLength(0);
      }
      line.append(w).append(' ');
    }
    g.drawString(line.toString().strip(), 30, y);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  static byte[] safetensors() {
    byte[] header = bytes("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}");
    ByteBuffer b = ByteBuffer.allocate(8 + header.length + 8).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length).put(header).putFloat(0.5f).putFloat(1.5f);
    return b.array();
  }
}

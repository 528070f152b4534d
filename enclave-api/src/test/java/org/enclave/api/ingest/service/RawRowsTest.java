package org.enclave.api.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.enclave.api.ingest.persistence.IngestJobEntity.Format;
import org.junit.jupiter.api.Test;

class RawRowsTest {

  private static List<RawRows.Next> all(Format format, byte[] bytes)
      throws IOException, RawRows.FileProblem {
    List<RawRows.Next> out = new ArrayList<>();
    try (RawRows rows = RawRows.open(new ByteArrayInputStream(bytes), format)) {
      RawRows.Next n;
      while ((n = rows.next()) != null) {
        out.add(n);
      }
    }
    return out;
  }

  private static List<RawRows.Next> all(Format format, String text)
      throws IOException, RawRows.FileProblem {
    return all(format, text.getBytes(StandardCharsets.UTF_8));
  }

  private static String field(RawRows.Next n, String name) {
    return ((RawRows.Row) n).fields().get(name).asText();
  }

  @Test
  void jsonLinesSkipBlankLinesAndNumberRecords() throws Exception {
    List<RawRows.Next> rows = all(Format.JSONL, "\uFEFF{\"a\":1}\r\n\n{\"a\":\"x\"}\n");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).row()).isEqualTo(1);
    assertThat(field(rows.get(0), "a")).isEqualTo("1");
    assertThat(rows.get(1).row()).isEqualTo(2);
  }

  @Test
  void badJsonLinesAreReportedAndReadingGoesOn() throws Exception {
    List<RawRows.Next> rows = all(Format.JSONL, "{\"a\":\n[1]\n\"text\"\n{\"a\":2}\n");
    assertThat(rows).hasSize(4);
    assertThat(((RawRows.Bad) rows.get(0)).message()).startsWith("is not valid JSON");
    assertThat(((RawRows.Bad) rows.get(1)).message()).startsWith("is not a JSON object");
    assertThat(((RawRows.Bad) rows.get(2)).message()).startsWith("is not a JSON object");
    assertThat(field(rows.get(3), "a")).isEqualTo("2");
  }

  @Test
  void invalidUtf8IsNamedWithItsLine() throws Exception {
    byte[] bytes = {'{', '}', '\n', '{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}', '\n'};
    List<RawRows.Next> rows = all(Format.JSONL, bytes);
    assertThat(((RawRows.Bad) rows.get(1)).message()).startsWith("is not UTF-8 (line 2)");
  }

  @Test
  void overlongLinesAreRefusedWithoutHoldingThem() throws Exception {
    byte[] big = new byte[RawRows.MAX_LINE_BYTES + 10];
    java.util.Arrays.fill(big, (byte) 'x');
    byte[] bytes = new byte[big.length + 9];
    System.arraycopy(big, 0, bytes, 0, big.length);
    System.arraycopy("\n{\"a\":1}\n".getBytes(StandardCharsets.US_ASCII), 0, bytes, big.length, 9);
    List<RawRows.Next> rows = all(Format.JSONL, bytes);
    assertThat(((RawRows.Bad) rows.get(0)).message()).startsWith("is longer than");
    assertThat(field(rows.get(1), "a")).isEqualTo("1");
  }

  @Test
  void csvFollowsRfc4180() throws Exception {
    List<RawRows.Next> rows =
        all(Format.CSV, "id,body\n1,\"a, \"\"quoted\"\"\nline\"\n2,plain\n3,\"\"\n");
    assertThat(rows).hasSize(3);
    assertThat(field(rows.get(0), "body")).isEqualTo("a, \"quoted\"\nline");
    assertThat(field(rows.get(1), "body")).isEqualTo("plain");
    assertThat(field(rows.get(2), "body")).isEmpty();
  }

  @Test
  void csvRowsWithTheWrongShapeAreReported() throws Exception {
    List<RawRows.Next> rows = all(Format.CSV, "id,body\n1,a,b\n2,\"x\"y\n3,\"never closed\n");
    assertThat(((RawRows.Bad) rows.get(0)).message())
        .isEqualTo("has 3 fields, but the header has 2");
    assertThat(((RawRows.Bad) rows.get(1)).message()).startsWith("has text after a closing quote");
    assertThat(((RawRows.Bad) rows.get(2)).message()).contains("never closed");
  }

  @Test
  void tsvSplitsOnTabs() throws Exception {
    List<RawRows.Next> rows = all(Format.TSV, "id\tbody\n1\ta \"b\", c\n2\n");
    assertThat(field(rows.get(0), "body")).isEqualTo("a \"b\", c");
    assertThat(((RawRows.Bad) rows.get(1)).message())
        .isEqualTo("has 1 field, but the header has 2");
  }

  @Test
  void brokenHeadersFailTheFile() {
    assertThatThrownBy(() -> all(Format.CSV, ""))
        .isInstanceOf(RawRows.FileProblem.class)
        .hasMessageContaining("the file is empty");
    assertThatThrownBy(() -> all(Format.CSV, "id,id\n1,2\n"))
        .hasMessageContaining("names column 'id' twice");
    assertThatThrownBy(() -> all(Format.TSV, "id\t\tbody\n"))
        .hasMessageContaining("column 2 of the header row has no name");
    assertThatThrownBy(() -> all(Format.CSV, new byte[] {'i', (byte) 0xc3, '\n'}))
        .hasMessageContaining("the header row is not UTF-8");
  }

  @Test
  void timestampsShiftInTheFormTheyCameIn() {
    assertThat(IngestRunner.shift("2019-03-01T12:00:00Z", 3)).isEqualTo("2019-03-04T12:00:00Z");
    assertThat(IngestRunner.shift("2019-03-01T12:00:00+01:00", -1))
        .isEqualTo("2019-02-28T12:00:00+01:00");
    assertThat(IngestRunner.shift("2019-03-01T12:00:00", 1)).isEqualTo("2019-03-02T12:00:00");
    assertThat(IngestRunner.shift("2019-03-01", 10)).isEqualTo("2019-03-11");
    assertThat(IngestRunner.shift("1551441600", 1)).isEqualTo("1551528000");
    assertThat(IngestRunner.shift("yesterday", 1)).isNull();
    assertThat(IngestRunner.shift("2019-13-01", 1)).isNull();
  }

  @Test
  void dateShiftsAreKeyedPerUserAndNeverZero() {
    var key = org.enclave.masking.Pseudonyms.hmacSha256(new byte[32]);
    var other = org.enclave.masking.Pseudonyms.hmacSha256("k".repeat(32).getBytes());
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int i = 0; i < 500; i++) {
      int d = PseudonymKeys.dateShift(key, "u" + i, 30);
      assertThat(d).isBetween(-30, 30).isNotZero();
      assertThat(PseudonymKeys.dateShift(key, "u" + i, 30)).isEqualTo(d);
      seen.add(d);
    }
    assertThat(seen).hasSize(60);
    long same = 0;
    for (int i = 0; i < 200; i++) {
      if (PseudonymKeys.dateShift(key, "u" + i, 30)
          == PseudonymKeys.dateShift(other, "u" + i, 30)) {
        same++;
      }
    }
    assertThat(same).isLessThan(20);
  }
}

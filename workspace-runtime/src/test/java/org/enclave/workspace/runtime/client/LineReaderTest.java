package org.enclave.workspace.runtime.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
  private static List<String> lines(byte[] bytes, int max) throws IOException {
    LineReader r = new LineReader("b/k", new ByteArrayInputStream(bytes), max);
    List<String> out = new ArrayList<>();
    for (String l = r.next(); l != null; l = r.next()) {
      out.add(l);
    }
    return out;
  }

  @Test
  void splitsOnNewlinesAndCarriageReturnNewlines() throws IOException {
    assertThat(lines("a\r\nb\n\nc".getBytes(StandardCharsets.UTF_8), 100))
        .containsExactly("a", "b", "", "c");
    assertThat(lines("a\n".getBytes(StandardCharsets.UTF_8), 100)).containsExactly("a");
    assertThat(lines(new byte[0], 100)).isEmpty();
  }

  @Test
  void longLinesAcrossBuffersStayWhole() throws IOException {
    String longLine = "x".repeat(20_000);
    assertThat(lines((longLine + "\ny").getBytes(StandardCharsets.UTF_8), 100_000))
        .containsExactly(longLine, "y");
  }

  @Test
  void refusesLinesOverTheLimitNamingTheLine() {
    byte[] bytes = ("ok\n" + "x".repeat(10_000)).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> lines(bytes, 5000))
        .isInstanceOf(IOException.class)
        .hasMessage("b/k, line 2: longer than 5000 bytes; read the file with open() instead");
  }

  @Test
  void refusesBytesThatAreNotUtf8() {
    byte[] bytes = {'o', 'k', '\n', (byte) 0xC3, (byte) 0x28, '\n'};
    assertThatThrownBy(() -> lines(bytes, 100))
        .isInstanceOf(IOException.class)
        .hasMessage("b/k, line 2: not UTF-8 text");
  }
}

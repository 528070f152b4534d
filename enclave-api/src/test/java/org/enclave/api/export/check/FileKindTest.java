package org.enclave.api.export.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Kinds are told by content; a name only separates kinds whose bytes are alike. */
class FileKindTest {
  private static FileKind.Detection detect(String name, byte[] b) {
    return FileKind.detect(name, b, b.length);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theContentDecidesNotTheName() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0};
    assertThat(detect("table.csv", png).kind()).isEqualTo(FileKind.PNG);
    assertThat(detect("figure.png", b("a,b\n1,2\n")).kind()).isEqualTo(FileKind.TEXT);
    assertThat(detect("notes", b("%PDF-1.7\n")).kind()).isEqualTo(FileKind.PDF);
    assertThat(detect("fig.svg", b("<?xml version=\"1.0\"?>\n<svg xmlns=\"x\"></svg>")).kind())
        .isEqualTo(FileKind.SVG);
    assertThat(detect("t.csv", b("a,b\n")).kind()).isEqualTo(FileKind.CSV);
    assertThat(detect("t.tsv", b("a\tb\n")).kind()).isEqualTo(FileKind.TSV);
    assertThat(detect("m.pkl", new byte[] {(byte) 0x80, 4, (byte) 0x95}).kind())
        .isEqualTo(FileKind.PICKLE);
    assertThat(detect("m.onnx", new byte[] {8, 7, 0x12, 0}).kind()).isEqualTo(FileKind.ONNX);
  }

  @Test
  void archivesAndUnknownBinaryAreRefusedWithWhatToDo() {
    assertThat(detect("a.zip", new byte[] {'P', 'K', 3, 4}).refusal()).contains("one by one");
    assertThat(detect("w.pt", new byte[] {'P', 'K', 3, 4}).refusal()).contains("safetensors");
    assertThat(detect("a.tgz", new byte[] {0x1f, (byte) 0x8b, 8}).refusal()).contains("gzip");
    byte[] tar = new byte[512];
    System.arraycopy(b("ustar"), 0, tar, 257, 5);
    assertThat(detect("a.tar", tar).refusal()).contains("tar");
    assertThat(detect("x.bin", new byte[] {1, 0, 2}).refusal()).contains("no allowed kind");
    assertThat(detect("bad.txt", new byte[] {'a', (byte) 0xc3, 'b'}).refusal())
        .contains("no allowed kind");
    // An ONNX name on text is text; a safetensors length beyond the file is not safetensors.
    assertThat(detect("m.onnx", b("hello")).kind()).isEqualTo(FileKind.TEXT);
    byte[] fake = {(byte) 0xff, 0, 0, 0, 0, 0, 0, 0, '{', '}'};
    assertThat(detect("m.safetensors", fake).kind()).isNull();
  }

  @Test
  void aHeadCutInsideACharacterIsStillText() {
    byte[] e = b("caf\u00e9");
    byte[] cut = java.util.Arrays.copyOf(e, e.length - 1);
    assertThat(FileKind.detect("n.txt", cut, 100).kind()).isEqualTo(FileKind.TEXT);
    assertThat(FileKind.detect("n.txt", cut, cut.length).kind()).isNull();
  }
}

package org.enclave.infra.local.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.enclave.infra.local.demo.DemoFile.Split;
import org.junit.jupiter.api.Test;

class DemoFileTest {

  @Test
  void keepsItsBytesToItself() {
    byte[] bytes = {1, 2, 3};
    DemoFile file = new DemoFile("a/b.tsv", Split.TRAIN, DemoFile.TSV, bytes);
    bytes[0] = 9;
    file.content()[1] = 9;

    assertThat(file.content()).containsExactly(1, 2, 3);
    assertThat(file).isEqualTo(new DemoFile("a/b.tsv", Split.TRAIN, DemoFile.TSV, file.content()));
  }

  @Test
  void rejectsPathsThatAreNotRelativeFilePaths() {
    for (String path : new String[] {"", "/etc/passwd", "a/../b", "./a", "a//b", "a/", "a\\b"}) {
      assertThatThrownBy(() -> new DemoFile(path, Split.DOCS, DemoFile.MARKDOWN, new byte[0]))
          .as(path)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}

package org.enclave.api.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TokenScrubberTest {
  private static final String TOKEN = "s3cr3t-t0ken";

  @Test
  void removesTheTokenWhereverTheChunksSplitIt() {
    String page =
        "<body data-jupyter-api-token=\"" + TOKEN + "\"><a href=\"tree?token=" + TOKEN + "\">";
    for (int cut = 0; cut <= page.length(); cut++) {
      for (int cut2 = cut; cut2 <= page.length(); cut2 += 3) {
        TokenScrubber s = new TokenScrubber(TOKEN);
        Buffer out = Buffer.buffer();
        out.appendBuffer(s.apply(Buffer.buffer(page.substring(0, cut))));
        out.appendBuffer(s.apply(Buffer.buffer(page.substring(cut, cut2))));
        out.appendBuffer(s.apply(Buffer.buffer(page.substring(cut2))));
        out.appendBuffer(s.finish());
        assertThat(out.toString(StandardCharsets.UTF_8))
            .isEqualTo("<body data-jupyter-api-token=\"\"><a href=\"tree?token=\">");
      }
    }
  }

  @Test
  void keepsEverythingElseIncludingPrefixesOfTheToken() {
    TokenScrubber s = new TokenScrubber(TOKEN);
    Buffer out = Buffer.buffer();
    out.appendBuffer(s.apply(Buffer.buffer("abc s3cr3t-t0")));
    out.appendBuffer(s.apply(Buffer.buffer("x s3cr3t")));
    out.appendBuffer(s.finish());
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("abc s3cr3t-t0x s3cr3t");
  }
}

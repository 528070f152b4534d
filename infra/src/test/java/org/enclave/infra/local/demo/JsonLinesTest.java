package org.enclave.infra.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesTest {

  @Test
  void escapesQuotesBackslashesAndControlCharacters() {
    String json = JsonLines.quote(new StringBuilder(), "a\"b\\c\nd\te\u0001f\u007f").toString();

    assertThat(json).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001f\u007f\"");
  }

  @Test
  void escapesLineSeparatorsAndLoneSurrogatesButKeepsPairs() {
    String json =
        JsonLines.quote(new StringBuilder(), "x\u2028y\u2029z\ud800 \ud83d\ude00 é").toString();

    assertThat(json).isEqualTo("\"x\\u2028y\\u2029z\\ud800 \ud83d\ude00 é\"");
  }

  @Test
  void roundTripsAnyTextThroughAStrictParser() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x250; c++) {
      all.append(c);
    }
    String value = all.append("\ud83d\ude00\u2028").toString();

    String json = JsonLines.quote(new StringBuilder(), value).toString();

    assertThat(MiniJson.parse(json)).isEqualTo(value);
  }

  @Test
  void writesOnePostPerLineWithFieldsInOrder() {
    SyntheticPost post =
        new SyntheticPost("p000001", "u0001", "books", 1420070400L, "Hi \"all\"", "a\n\nb", true);

    byte[] lines = JsonLines.posts(List.of(post, post));

    assertThat(new String(lines, StandardCharsets.UTF_8))
        .isEqualTo(
            ("{\"post_id\":\"p000001\",\"user_id\":\"u0001\",\"subreddit\":\"books\","
                    + "\"timestamp\":1420070400,\"created_utc\":\"2015-01-01T00:00:00Z\","
                    + "\"title\":\"Hi \\\"all\\\"\",\"body\":\"a\\n\\nb\"}\n")
                .repeat(2));
  }
}

package org.enclave.workspace.runtime.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonValuesTest {
  @Test
  @SuppressWarnings("unchecked")
  void readsObjectsInDocumentOrderWithPlainJavaValues() throws Exception {
    Map<String, Object> m =
        JsonValues.parseObject(
            "{\"b\": 1, \"a\": [true, null, \"x\"], \"n\": {\"f\": 1.5, \"e\": 2e3},"
                + " \"big\": 123456789012345678901234567890}");
    assertThat(m.keySet()).containsExactly("b", "a", "n", "big");
    assertThat(m.get("b")).isEqualTo(1L);
    assertThat((List<Object>) m.get("a")).containsExactly(true, null, "x");
    assertThat((Map<String, Object>) m.get("n")).containsEntry("f", 1.5).containsEntry("e", 2000.0);
    assertThat(m.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\": 1,}",
        "{'a': 1}",
        "{a: 1}",
        "{\"a\": NaN}",
        "{\"a\": 1} // comment",
        "{\"a\": 01}",
        "{\"a\": \"unterminated}",
        "",
        "{\"a\": 1} {\"b\": 2}",
        "{\"a\": 1}x"
      })
  void refusesWhatIsNotStrictJson(String text) {
    assertThatThrownBy(() -> JsonValues.parse(text))
        .isInstanceOf(JsonValues.JsonException.class)
        .hasMessageNotContaining("Troubleshooting");
  }

  @Test
  void saysWhereTheProblemIs() {
    assertThatThrownBy(() -> JsonValues.parse("{\"a\": 1,}"))
        .hasMessage("Expected name at column 10 path $.a");
    assertThatThrownBy(() -> JsonValues.parse("{\"a\": 1} 2"))
        .hasMessageStartingWith("unexpected text after the JSON value");
  }

  @Test
  void refusesDuplicateNames() {
    assertThatThrownBy(() -> JsonValues.parse("{\"a\": 1, \"a\": 2}"))
        .hasMessageStartingWith("duplicate name \"a\" at column");
  }

  @Test
  void anObjectIsRequiredForRecords() {
    assertThatThrownBy(() -> JsonValues.parseObject("\"text\""))
        .hasMessage("expected a JSON object, found a string");
    assertThatThrownBy(() -> JsonValues.parseObject("null"))
        .hasMessage("expected a JSON object, found null");
  }
}

package org.enclave.api.e2e;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;

/** The accessibility check the journeys run does fail a page that has serious violations. */
@Tag("browser")
class AxeTest {
  @Test
  void aPageWithAnUnlabelledFieldAndAnImageWithoutTextFails() {
    Chromium.require();
    WebDriver d = Chromium.start();
    try {
      String page =
          "<!doctype html><html lang=\"en\"><head><title>t</title></head><body><main>"
              + "<h1>Broken</h1><form><input type=\"text\" name=\"q\"></form>"
              + "<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\"></main></body></html>";
      d.get(
          "data:text/html;charset=utf-8,"
              + URLEncoder.encode(page, StandardCharsets.UTF_8).replace("+", "%20"));
      assertThatThrownBy(() -> Axe.assertNoSeriousViolations(d, "a broken page"))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("critical label")
          .hasMessageContaining("image-alt");
    } finally {
      d.quit();
    }
  }
}

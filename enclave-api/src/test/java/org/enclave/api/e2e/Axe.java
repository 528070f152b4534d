package org.enclave.api.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Checks the page a browser shows with axe-core (WCAG 2.1 A and AA rules and axe's best practices)
 * and fails on any serious or critical violation, naming the rule and the elements. axe-core comes
 * from the npm registry, pinned by {@code src/test/browser/package-lock.json}; {@code ./enclave
 * test} installs it.
 */
final class Axe {
  static final Path SCRIPT = Path.of("src/test/browser/node_modules/axe-core/axe.min.js");
  private static String source;

  private Axe() {}

  /** Runs axe on the current page; {@code page} names it in the failure. */
  static void assertNoSeriousViolations(WebDriver d, String page) {
    JavascriptExecutor js = (JavascriptExecutor) d;
    js.executeScript(source());
    Object result =
        js.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "axe.run(document).then(r => done({passes: r.passes.length, serious:"
                + " r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => v.impact + ' ' + v.id + ': ' + v.help + ' -> '"
                + " + v.nodes.map(n => n.target.join(' ')).join(', '))}),"
                + " e => done({passes: 0, serious: ['axe failed: ' + e]}));");
    Map<?, ?> r = (Map<?, ?>) result;
    assertThat((List<?>) r.get("serious"))
        .as(
            "%s (%s): serious or critical accessibility violations (axe-core)",
            page, d.getCurrentUrl())
        .isEmpty();
    assertThat(((Number) r.get("passes")).intValue())
        .as("%s: axe-core ran its rules on the page", page)
        .isPositive();
  }

  private static synchronized String source() {
    if (source == null) {
      if (!Files.isRegularFile(SCRIPT)) {
        throw new AssertionError(
            SCRIPT.toAbsolutePath()
                + " is missing: ./enclave test installs axe-core (or run npm ci in"
                + " enclave-api/src/test/browser)");
      }
      try {
        source = Files.readString(SCRIPT, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return source;
  }
}

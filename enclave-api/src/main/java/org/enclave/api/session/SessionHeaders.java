package org.enclave.api.session;

import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Set;

/**
 * What crosses the proxy in headers. Towards Jupyter: an allow-list of content negotiation headers,
 * the token, {@code Host: localhost}, never the browser's cookies, authorization or origin. Towards
 * the browser: Jupyter's headers without cookies, its own security policy or the token, plus the
 * enclave's security headers.
 */
final class SessionHeaders {
  /** Request headers passed to Jupyter; everything else stays at the proxy. */
  private static final Set<String> UPSTREAM =
      Set.of(
          "accept",
          "accept-language",
          "content-type",
          "content-length",
          "if-none-match",
          "if-modified-since",
          "x-requested-with");

  /** Response headers never passed to the browser; the proxy sets its own where needed. */
  private static final Set<String> DROPPED =
      Set.of(
          "set-cookie",
          "set-cookie2",
          "content-security-policy",
          "content-security-policy-report-only",
          "x-frame-options",
          "cache-control",
          "pragma",
          "expires",
          "server",
          "content-length",
          "transfer-encoding",
          "connection",
          "keep-alive",
          "access-control-allow-origin",
          "access-control-allow-credentials",
          "access-control-allow-headers",
          "access-control-allow-methods");

  /**
   * The browser may run what Jupyter's pages need (inline scripts, eval for require.js) but reach
   * nothing outside this origin: no images, fonts, connections or forms elsewhere, no framing by
   * other sites.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval';"
          + " style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:;"
          + " connect-src 'self'; frame-src 'self'; worker-src 'self' blob:;"
          + " frame-ancestors 'self'; form-action 'self'; base-uri 'self'; object-src 'none'";

  private SessionHeaders() {}

  static MultiMap upstream(MultiMap browser, String token) {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    browser.forEach(
        e -> {
          if (UPSTREAM.contains(e.getKey().toLowerCase(Locale.ROOT))) {
            out.add(e.getKey(), e.getValue());
          }
        });
    out.set("Host", "localhost");
    out.set("Accept-Encoding", "identity");
    out.set("Authorization", "token " + token);
    return out;
  }

  static void downstream(MultiMap jupyter, MultiMap browser, String token) {
    jupyter.forEach(
        e -> {
          if (!DROPPED.contains(e.getKey().toLowerCase(Locale.ROOT))) {
            browser.add(e.getKey(), TokenScrubber.scrub(e.getValue(), token));
          }
        });
    security(browser);
  }

  static void security(MultiMap headers) {
    headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.set("Cache-Control", "no-store");
    headers.set("Pragma", "no-cache");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "SAMEORIGIN");
    headers.set("Referrer-Policy", "same-origin");
    headers.set("Cross-Origin-Opener-Policy", "same-origin");
    headers.set("Cross-Origin-Resource-Policy", "same-origin");
  }

  /** Whether Jupyter meant the answer as a file to save: never handed out. */
  static boolean isAttachment(MultiMap jupyter) {
    String disposition = jupyter.get("Content-Disposition");
    return disposition != null
        && disposition.strip().toLowerCase(Locale.ROOT).startsWith("attachment");
  }
}

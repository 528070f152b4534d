package org.enclave.api.e2e;

import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A cookie jar that behaves like a browser on {@code localhost}: browsers treat http://localhost as
 * a secure context and send {@code Secure} cookies there, which Keycloak relies on. Cookies are
 * kept per host; an expired or emptied cookie is removed.
 */
final class BrowserCookies extends CookieHandler {
  private final Map<String, Map<String, String>> byHost = new ConcurrentHashMap<>();

  @Override
  public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
    Map<String, String> jar = byHost.getOrDefault(uri.getHost(), Map.of());
    if (jar.isEmpty()) {
      return Map.of();
    }
    String header =
        jar.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("; "));
    return Map.of("Cookie", List.of(header));
  }

  @Override
  public void put(URI uri, Map<String, List<String>> responseHeaders) {
    Map<String, String> jar = byHost.computeIfAbsent(uri.getHost(), h -> new ConcurrentHashMap<>());
    responseHeaders.forEach(
        (name, values) -> {
          if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
            for (String value : values) {
              for (HttpCookie c : HttpCookie.parse(value)) {
                if (c.getMaxAge() == 0 || c.getValue() == null || c.getValue().isEmpty()) {
                  jar.remove(c.getName());
                } else {
                  jar.put(c.getName(), c.getValue());
                }
              }
            }
          }
        });
  }

  /** True if the host has a cookie whose name starts with {@code prefix}. */
  boolean hasPrefixed(String host, String prefix) {
    return byHost.getOrDefault(host, Map.of()).keySet().stream()
        .anyMatch(n -> n.startsWith(prefix));
  }
}

package org.enclave.api.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.WireMock;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A browser that signs in with the authorization-code flow of the {@code web} tenant against the
 * test OIDC provider (WireMock): the provider's token endpoint is taught, for one fresh code, to
 * answer with an ID and access token of the user and roles asked for. Keeps cookies, never follows
 * redirects by itself.
 */
public final class CodeFlowBrowser {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final URI base;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient http;
  public final String username;
  public final String sid = UUID.randomUUID().toString();

  /** The headers of the sign-in callback's answer, where the app set its session cookie. */
  public HttpHeaders signInHeaders;

  private CodeFlowBrowser(URI base, String username) {
    this.base = base;
    this.username = username;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT)
            .build();
  }

  /** A browser that has not signed in. */
  public static CodeFlowBrowser anonymous(URI base) {
    return new CodeFlowBrowser(base, null);
  }

  /**
   * Signs in through the code flow, starting at {@code path} (a protected page): the app sends the
   * browser to the provider, which sends it back with a code the app exchanges for tokens.
   */
  public static CodeFlowBrowser signIn(URI base, String path, String username, String... roles)
      throws Exception {
    CodeFlowBrowser b = new CodeFlowBrowser(base, username);
    HttpResponse<String> toProvider = b.get(path);
    if (toProvider.statusCode() != 302) {
      throw new AssertionError("expected a redirect to sign in: " + toProvider.statusCode());
    }
    URI login = URI.create(toProvider.headers().firstValue("Location").orElseThrow());
    Map<String, String> query = query(login.getRawQuery());
    String code = "code-" + UUID.randomUUID();
    b.teachTokenEndpoint(code, roles);
    URI callback =
        URI.create(
            query.get("redirect_uri")
                + (query.get("redirect_uri").contains("?") ? "&" : "?")
                + "code="
                + code
                + "&state="
                + query.get("state"));
    HttpResponse<String> back = b.send(HttpRequest.newBuilder(callback).GET());
    if (back.statusCode() != 302 || b.sessionCookie() == null) {
      throw new AssertionError(
          "sign-in did not complete: " + back.statusCode() + " " + back.headers().map());
    }
    b.signInHeaders = back.headers();
    return b;
  }

  private void teachTokenEndpoint(String code, String... roles) {
    URI provider = URI.create(ConfigProvider.getConfig().getValue("keycloak.url", String.class));
    String access =
        Tokens.build(
            username,
            List.of(roles),
            c -> c.audience(Set.of("quarkus-web-app", Tokens.AUDIENCE)).claim("sid", sid));
    String id =
        Tokens.build(
            username, List.of(roles), c -> c.audience(Set.of("quarkus-web-app")).claim("sid", sid));
    new WireMock(provider.getHost(), provider.getPort())
        .register(
            WireMock.post(urlEqualTo("/auth/realms/quarkus/token"))
                .atPriority(1)
                .withRequestBody(containing("code=" + code))
                .willReturn(
                    aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                            "{\"access_token\":\""
                                + access
                                + "\",\"id_token\":\""
                                + id
                                + "\",\"refresh_token\":\"refresh-"
                                + code
                                + "\",\"token_type\":\"Bearer\",\"expires_in\":300}")));
  }

  public HttpResponse<String> get(String path, String... headers) throws Exception {
    return send(request(path, headers).GET());
  }

  /** A request that changes something, from a page of this site (it carries the Origin). */
  public HttpResponse<String> post(String path, String json, String... headers) throws Exception {
    return send(
        request(path, headers)
            .header("Origin", origin())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** An HTML form posted from a page of this site (it carries the Origin). */
  public HttpResponse<String> postForm(String path, Map<String, String> fields, String... headers)
      throws Exception {
    return send(formRequest(path, fields, headers).header("Origin", origin()));
  }

  /** An HTML form post without an Origin: add the headers a browser would send. */
  public HttpRequest.Builder formRequest(
      String path, Map<String, String> fields, String... headers) {
    String body =
        fields.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return request(path, headers)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  public HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      r.header(headers[i], headers[i + 1]);
    }
    return r;
  }

  /**
   * A file streamed as the console's upload script sends it: {@code PUT}, octet-stream, a JSON
   * answer asked for, from {@code origin} (this site's when null).
   */
  public HttpResponse<String> upload(String path, byte[] content, String origin) throws Exception {
    return send(
        request(
                path,
                "Accept",
                "application/json",
                "Content-Type",
                "application/octet-stream",
                "Origin",
                origin == null ? origin() : origin)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
  }

  public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Opens a WebSocket with this browser's cookies and {@code origin}. */
  public CompletableFuture<WebSocket> webSocket(
      String path, String origin, WebSocket.Listener listener) {
    URI uri = URI.create("ws://" + base.getAuthority() + path);
    WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(TIMEOUT);
    String cookie = cookieHeader();
    if (!cookie.isEmpty()) {
      b.header("Cookie", cookie);
    }
    if (origin != null) {
      b.header("Origin", origin);
    }
    return b.buildAsync(uri, listener);
  }

  public String origin() {
    return "http://" + base.getAuthority();
  }

  /** The Cookie header this browser sends to the app. */
  public String cookieHeader() {
    return cookies.getCookieStore().get(base).stream()
        .map(c -> c.getName() + "=" + c.getValue())
        .collect(Collectors.joining("; "));
  }

  /** The app's session cookie, or null when signed out. */
  public HttpCookie sessionCookie() {
    return cookies.getCookieStore().get(base).stream()
        .filter(c -> c.getName().startsWith("q_session"))
        .findFirst()
        .orElse(null);
  }

  /** Signs out ({@code /logout}); the app clears its cookie and sends the browser on. */
  public HttpResponse<String> signOut() throws Exception {
    return get("/logout");
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String p : raw.split("&")) {
      int eq = p.indexOf('=');
      out.put(
          URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}

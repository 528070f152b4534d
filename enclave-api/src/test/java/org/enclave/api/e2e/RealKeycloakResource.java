package org.enclave.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.enclave.infra.local.KeycloakDistribution;
import org.enclave.infra.local.KeycloakServer;

/**
 * Starts the real Keycloak the way {@code ./enclave up} does — same distribution, same realm file —
 * on a free port, and points the control plane at it. The only change to the realm is that the
 * browser client also accepts the test server's port as a redirect target.
 */
public class RealKeycloakResource implements QuarkusTestResourceLifecycleManager {
  static volatile String issuer;
  private KeycloakServer keycloak;

  @Override
  public Map<String, String> start() {
    try {
      Path work = Files.createTempDirectory("enclave-keycloak-test");
      Path home =
          KeycloakDistribution.ensureUnpacked(
              Path.of(System.getProperty("keycloak.test.zip")),
              Path.of(System.getProperty("keycloak.test.cache")));
      Path realm = work.resolve("enclave-realm.json");
      Files.write(realm, realmForTestPort());
      keycloak =
          KeycloakServer.start(
              new KeycloakServer.Settings(
                  home,
                  freePort(),
                  work.resolve("data"),
                  realm,
                  work.resolve("keycloak.log"),
                  Duration.ofMinutes(3)));
      issuer = keycloak.issuerUrl().toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return Map.of(
        "quarkus.oidc.auth-server-url", issuer,
        "quarkus.oidc.token.issuer", issuer,
        "quarkus.oidc.web.token.issuer", issuer,
        "quarkus.oidc.credentials.secret", "enclave-web-local-secret",
        "quarkus.oidc.web.client-id", "enclave-web");
  }

  @Override
  public void stop() {
    if (keycloak != null) {
      keycloak.close();
    }
  }

  private static byte[] realmForTestPort() throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode realm;
    try (InputStream in =
        RealKeycloakResource.class.getResourceAsStream("/local/enclave-realm.json")) {
      realm = json.readTree(in);
    }
    String testOrigin = "http://localhost:" + System.getProperty("quarkus.http.test-port", "8081");
    for (JsonNode client : realm.get("clients")) {
      if ("enclave-web".equals(client.path("clientId").asText())) {
        ((ArrayNode) client.get("redirectUris")).add(testOrigin + "/*");
        ObjectNode attributes = (ObjectNode) client.get("attributes");
        String logout = attributes.path("post.logout.redirect.uris").asText("");
        attributes.put(
            "post.logout.redirect.uris",
            (logout.isEmpty() ? "" : logout + "##") + testOrigin + "/*");
      }
    }
    return json.writeValueAsBytes(realm);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

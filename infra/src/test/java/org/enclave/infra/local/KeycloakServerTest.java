package org.enclave.infra.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the real Keycloak distribution with the local realm. The zip comes from the build
 * (maven-dependency-plugin, see infra/pom.xml) through system property {@code
 * enclave.keycloak.zip}.
 */
@Tag("keycloak")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private KeycloakServer keycloak;

  @BeforeAll
  void startKeycloak(@TempDir Path state) throws Exception {
    Path zip = Path.of(System.getProperty("enclave.keycloak.zip"));
    Path cache = Path.of(System.getProperty("enclave.keycloak.cache"));
    Path home = KeycloakDistribution.ensureUnpacked(zip, cache);
    Path realm = Path.of(getClass().getResource("/local/enclave-realm.json").toURI());
    keycloak =
        KeycloakServer.start(
            new KeycloakServer.Settings(
                home,
                Ports.findFree(),
                state.resolve("keycloak"),
                realm,
                state.resolve("logs/keycloak.log"),
                Duration.ofSeconds(180)));
  }

  @AfterAll
  void stopKeycloak() {
    if (keycloak != null) {
      keycloak.close();
    }
  }

  @Test
  void passwordGrantGivesAStewardTokenForTheApi() throws Exception {
    HttpResponse<String> response = passwordGrant("sam", "enclave");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode claims = payload(JSON.readTree(response.body()).path("access_token").asText());
    assertThat(texts(claims.path("realm_access").path("roles"))).contains("steward");
    assertThat(audiences(claims.path("aud"))).contains("enclave-api");
    assertThat(claims.path("preferred_username").asText()).isEqualTo("sam");
    assertThat(claims.path("iss").asText()).isEqualTo(keycloak.issuerUrl().toString());
    assertThat(claims.path("sub").asText()).isNotEmpty();
  }

  @Test
  void researcherTokenCarriesOnlyTheResearcherRole() throws Exception {
    HttpResponse<String> response = passwordGrant("alice", "enclave");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode claims = payload(JSON.readTree(response.body()).path("access_token").asText());
    assertThat(texts(claims.path("realm_access").path("roles")))
        .contains("researcher")
        .doesNotContain("steward", "organizer", "admin", "auditor");
  }

  /**
   * Keycloak answers a wrong password with 400 {@code invalid_grant}, as RFC 6749 section 5.2
   * prescribes for the token endpoint (401 is for a failed client authentication).
   */
  @Test
  void wrongPasswordIsRefused() throws Exception {
    HttpResponse<String> response = passwordGrant("sam", "not-the-password");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("invalid_grant");
    assertThat(response.body()).doesNotContain("access_token");
  }

  @Test
  void webClientCannotUseThePasswordGrant() throws Exception {
    HttpResponse<String> response =
        post(
            Map.of(
                "grant_type", "password",
                "client_id", "enclave-web",
                "client_secret", "enclave-web-local-secret",
                "username", "sam",
                "password", "enclave"));

    assertThat(response.statusCode()).isIn(400, 401);
    assertThat(response.body()).doesNotContain("access_token");
  }

  @Test
  void cliClientStartsADeviceAuthorization() throws Exception {
    HttpResponse<String> response =
        post(
            URI.create(keycloak.issuerUrl() + "/protocol/openid-connect/auth/device"),
            Map.of("client_id", "enclave-cli"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("device_code").asText()).isNotEmpty();
    assertThat(body.path("verification_uri").asText()).startsWith(keycloak.issuerUrl().toString());
  }

  /** Runs last: it stops the server the other tests share. */
  @Test
  @Order(Integer.MAX_VALUE)
  void closeStopsKeycloakAndEveryDescendant() {
    List<ProcessHandle> processes = new ArrayList<>();
    processes.add(keycloak.processHandle());
    keycloak.processHandle().descendants().forEach(processes::add);
    assertThat(processes)
        .as("kc.sh, or the Keycloak JVM it became after re-augmentation")
        .anyMatch(p -> p.info().command().orElse("").endsWith("java"));
    int port = keycloak.httpPort();

    keycloak.close();

    assertThat(processes).noneMatch(ProcessHandle::isAlive);
    assertThat(Ports.isFree(port)).isTrue();
  }

  private HttpResponse<String> passwordGrant(String username, String password) throws Exception {
    return post(
        Map.of(
            "grant_type",
            "password",
            "client_id",
            "enclave-test",
            "username",
            username,
            "password",
            password));
  }

  private HttpResponse<String> post(Map<String, String> form) throws Exception {
    return post(keycloak.tokenUrl(), form);
  }

  private static HttpResponse<String> post(URI url, Map<String, String> form) throws Exception {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode payload(String jwt) throws Exception {
    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asText()));
    return values;
  }

  private static List<String> audiences(JsonNode aud) {
    return aud.isArray() ? texts(aud) : List.of(aud.asText());
  }
}

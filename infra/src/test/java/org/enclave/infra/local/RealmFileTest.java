package org.enclave.infra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The realm file is a contract with the control plane; these checks need no Keycloak. */
class RealmFileTest {
  private static Path file;
  private static JsonNode json;

  @BeforeAll
  static void read() throws Exception {
    file = Path.of(RealmFileTest.class.getResource("/local/enclave-realm.json").toURI());
    json = new ObjectMapper().readTree(file.toFile());
  }

  @Test
  void exposesTheRealmTheWebSecretAndTheDemoUsers() throws Exception {
    RealmFile realm = RealmFile.read(file);

    assertThat(realm.realm()).isEqualTo("enclave");
    assertThat(realm.clientSecret("enclave-web")).isEqualTo("enclave-web-local-secret");
    assertThat(realm.users())
        .extracting(RealmFile.User::username)
        .containsExactly("alice", "bob", "carol", "dave", "sam", "olga", "adam", "audrey", "oscar");
    assertThat(realm.users()).allMatch(user -> user.password().equals("enclave"));
    assertThat(realm.users())
        .filteredOn(user -> user.username().equals("sam"))
        .singleElement()
        .satisfies(sam -> assertThat(sam.realmRoles()).containsExactly("steward"));
    assertThat(realm.users())
        .filteredOn(user -> user.username().equals("oscar"))
        .singleElement()
        .satisfies(oscar -> assertThat(oscar.realmRoles()).containsExactly("output-checker"));
  }

  @Test
  void unknownClientOrMissingSecretIsAnError() throws Exception {
    RealmFile realm = RealmFile.read(file);

    assertThatThrownBy(() -> realm.clientSecret("nope")).hasMessageContaining("no client nope");
    assertThatThrownBy(() -> realm.clientSecret("enclave-test")).hasMessageContaining("no secret");
  }

  @Test
  void realmIsEnabledLocalOnlyWithTheSixRoles() {
    assertThat(json.path("enabled").asBoolean()).isTrue();
    assertThat(json.path("sslRequired").asText()).isEqualTo("none");
    List<String> roles = new ArrayList<>();
    json.path("roles")
        .path("realm")
        .forEach(
            role -> {
              roles.add(role.path("name").asText());
              assertThat(role.path("description").asText()).isNotBlank();
            });
    assertThat(roles)
        .containsExactlyInAnyOrder(
            "researcher", "steward", "organizer", "admin", "auditor", "output-checker");
  }

  @Test
  void webClientIsConfidentialWithStandardFlowOnly() {
    JsonNode web = client("enclave-web");

    assertThat(web.path("publicClient").asBoolean()).isFalse();
    assertThat(web.path("standardFlowEnabled").asBoolean()).isTrue();
    assertThat(web.path("directAccessGrantsEnabled").asBoolean()).isFalse();
    assertThat(web.path("implicitFlowEnabled").asBoolean()).isFalse();
    assertThat(web.path("serviceAccountsEnabled").asBoolean()).isFalse();
    assertThat(texts(web.path("redirectUris"))).containsExactly("http://localhost:8080/*");
    assertThat(texts(web.path("webOrigins"))).containsExactly("http://localhost:8080");
    assertThat(web.path("attributes").path("post.logout.redirect.uris").asText())
        .isEqualTo("http://localhost:8080/*");
  }

  @Test
  void cliClientIsPublicWithDeviceGrantAndLoopbackRedirect() {
    JsonNode cli = client("enclave-cli");

    assertThat(cli.path("publicClient").asBoolean()).isTrue();
    assertThat(cli.path("attributes").path("oauth2.device.authorization.grant.enabled").asText())
        .isEqualTo("true");
    assertThat(cli.path("standardFlowEnabled").asBoolean()).isTrue();
    assertThat(texts(cli.path("redirectUris"))).containsExactly("http://127.0.0.1/*");
    assertThat(cli.path("directAccessGrantsEnabled").asBoolean()).isFalse();
  }

  @Test
  void testClientHasThePasswordGrantOnly() {
    JsonNode test = client("enclave-test");

    assertThat(test.path("publicClient").asBoolean()).isTrue();
    assertThat(test.path("directAccessGrantsEnabled").asBoolean()).isTrue();
    assertThat(test.path("standardFlowEnabled").asBoolean()).isFalse();
  }

  @Test
  void everyClientPutsTheApiInTheAccessTokenAudience() {
    assertThat(json.path("clients")).hasSize(3);
    json.path("clients")
        .forEach(
            client -> {
              List<JsonNode> audience = new ArrayList<>();
              client
                  .path("protocolMappers")
                  .forEach(
                      mapper -> {
                        if (mapper.path("protocolMapper").asText().equals("oidc-audience-mapper")) {
                          audience.add(mapper.path("config"));
                        }
                      });
              assertThat(audience)
                  .as(client.path("clientId").asText())
                  .singleElement()
                  .satisfies(
                      config -> {
                        assertThat(config.path("included.custom.audience").asText())
                            .isEqualTo("enclave-api");
                        assertThat(config.path("access.token.claim").asText()).isEqualTo("true");
                      });
              assertThat(texts(client.path("defaultClientScopes")))
                  .contains("basic", "profile", "email", "roles");
            });
  }

  @Test
  void usersAreReadyToLogIn() {
    json.path("users")
        .forEach(
            user -> {
              String name = user.path("username").asText();
              assertThat(user.path("enabled").asBoolean()).as(name).isTrue();
              assertThat(user.path("emailVerified").asBoolean()).as(name).isTrue();
              assertThat(user.path("email").asText()).isEqualTo(name + "@enclave.example");
              assertThat(user.path("firstName").asText()).as(name).isNotBlank();
              assertThat(user.path("lastName").asText()).as(name).isNotBlank();
              assertThat(user.path("requiredActions")).as(name).isEmpty();
              JsonNode credential = user.path("credentials").path(0);
              assertThat(credential.path("temporary").asBoolean()).as(name).isFalse();
            });
  }

  private static JsonNode client(String clientId) {
    for (JsonNode client : json.path("clients")) {
      if (client.path("clientId").asText().equals(clientId)) {
        return client;
      }
    }
    throw new AssertionError("no client " + clientId);
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asText()));
    return values;
  }
}

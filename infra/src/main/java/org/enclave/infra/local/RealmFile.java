package org.enclave.infra.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the launcher needs from a Keycloak realm export: the realm name, client secrets and the demo
 * users with their passwords and realm roles.
 */
public final class RealmFile {

  /** A user of the realm file. */
  public record User(String username, String password, List<String> realmRoles) {}

  private final String realm;
  private final JsonNode json;

  private RealmFile(String realm, JsonNode json) {
    this.realm = realm;
    this.json = json;
  }

  public static RealmFile read(Path file) throws IOException {
    JsonNode json = new ObjectMapper().readTree(file.toFile());
    String realm = json.path("realm").asText("");
    if (realm.isEmpty()) {
      throw new LocalStackException(file + " is not a realm file: it has no \"realm\" name");
    }
    return new RealmFile(realm, json);
  }

  public String realm() {
    return realm;
  }

  /** The secret of confidential client {@code clientId}. */
  public String clientSecret(String clientId) {
    for (JsonNode client : json.path("clients")) {
      if (clientId.equals(client.path("clientId").asText())) {
        String secret = client.path("secret").asText("");
        if (secret.isEmpty()) {
          throw new LocalStackException("client " + clientId + " has no secret in realm " + realm);
        }
        return secret;
      }
    }
    throw new LocalStackException("realm " + realm + " has no client " + clientId);
  }

  /** Users in file order, each with its first password credential (empty if none). */
  public List<User> users() {
    List<User> users = new ArrayList<>();
    for (JsonNode user : json.path("users")) {
      String password = "";
      for (JsonNode credential : user.path("credentials")) {
        if ("password".equals(credential.path("type").asText())) {
          password = credential.path("value").asText();
          break;
        }
      }
      List<String> roles = new ArrayList<>();
      user.path("realmRoles").forEach(role -> roles.add(role.asText()));
      users.add(new User(user.path("username").asText(), password, List.copyOf(roles)));
    }
    return List.copyOf(users);
  }
}

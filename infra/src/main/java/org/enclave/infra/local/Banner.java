package org.enclave.infra.local;

import java.util.List;
import java.util.Map;

/** What {@code ./enclave up} prints once everything answers. */
final class Banner {
  /**
   * Demo teams, seeded by the control plane (teams live in its database, not in Keycloak): user to
   * team label.
   */
  static final Map<String, String> DEMO_TEAMS =
      Map.of(
          "alice", "lighthouse (lead)",
          "bob", "lighthouse",
          "carol", "harbor (lead)",
          "dave", "harbor");

  static final String TEST_CLIENT_ID = "enclave-test";
  private static final String STEWARD = "sam";

  private Banner() {}

  static String render(
      String keycloakUrl, String issuerUrl, RealmFile realm, LocalStackConfig config) {
    String console = "http://localhost:" + LocalStackConfig.CONTROL_PLANE_PORT;
    StringBuilder out = new StringBuilder();
    out.append('\n')
        .append("==================================================================\n")
        .append(" Enclave is running locally. Press Ctrl-C to stop everything.\n")
        .append("==================================================================\n")
        .append(row(" Console", console + "/console  (sign in with a demo login below)"))
        .append(row(" Workspaces", console + "/console/workspaces"))
        .append(row(" Exports", console + "/console/exports  (requests, reviews, downloads)"))
        .append(row(" Audit", console + "/console/audit  (stewards, auditors, admins)"))
        .append(row(" API base", console + "/api/v1"))
        .append(row(" OpenAPI", console + "/q/openapi"))
        .append(row(" Keycloak", keycloakUrl + "  (realm " + realm.realm() + ")"))
        .append(row(" Keycloak admin", keycloakUrl + "/admin  (admin / admin, master realm)"))
        .append(row(" State", config.stateDir().toString()))
        .append(row(" Logs", config.logDir().toString()))
        .append(row(" Shell", "./enclave shell [<workspace-id> [command...]]  (as root)"))
        .append('\n')
        .append(" Demo logins\n")
        .append(String.format("   %-8s %-9s %-11s %s%n", "user", "password", "role", "team"));
    for (RealmFile.User user : realm.users()) {
      out.append(
          String.format(
              "   %-8s %-9s %-11s %s%n",
              user.username(),
              user.password(),
              String.join(",", user.realmRoles()),
              DEMO_TEAMS.getOrDefault(user.username(), "-")));
    }
    String stewardPassword =
        realm.users().stream()
            .filter(user -> user.username().equals(STEWARD))
            .map(RealmFile.User::password)
            .findFirst()
            .orElse("enclave");
    out.append('\n')
        .append(" A steward's access token (password grant on client ")
        .append(TEST_CLIENT_ID)
        .append("):\n")
        .append(String.join("\n", tokenCommand(issuerUrl, STEWARD, stewardPassword)))
        .append('\n')
        .append("   curl -s -H \"Authorization: Bearer $TOKEN\" ")
        .append(console)
        .append("/api/v1/datasets\n")
        .append('\n')
        .append(" A demo notebook (README, \"A notebook in the browser\"):\n")
        .append("   1. as ")
        .append(STEWARD)
        .append(", approve lighthouse's pending access request (README has the command)\n")
        .append("   2. open ")
        .append(console)
        .append("/console/workspaces, sign in as alice, Create, then Start\n")
        .append("   3. Open notebook, New -> Groovy (Enclave) or Python 3, and read the data:\n")
        .append("        enclave.jsonl('clpsych-synthetic.v1', 'train/posts.jsonl').take(5)\n")
        .append("   4. as ")
        .append(STEWARD)
        .append(", see the read at ")
        .append(console)
        .append("/console/audit?action=dataset.object.read\n");
    return out.toString();
  }

  /** A shell snippet that stores the user's access token in {@code $TOKEN}. */
  static List<String> tokenCommand(String issuerUrl, String username, String password) {
    return List.of(
        "   TOKEN=$(curl -s -d grant_type=password -d client_id=" + TEST_CLIENT_ID + " \\",
        "     -d username=" + username + " -d password=" + password + " \\",
        "     " + issuerUrl + "/protocol/openid-connect/token \\",
        "     | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')");
  }

  private static String row(String label, String value) {
    return String.format("%-16s %s%n", label, value);
  }
}

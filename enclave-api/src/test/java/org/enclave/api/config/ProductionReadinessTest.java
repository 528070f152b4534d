package org.enclave.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.enclave.api.config.EnclaveConfig.Mode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProductionReadinessTest {
  private static final String AUTH_SERVER = "quarkus.oidc.auth-server-url";
  private static final String CLIENT_SECRET = "quarkus.oidc.credentials.secret";
  private static final String WEB_SECRET = "quarkus.oidc.web.credentials.secret";
  private static final String SESSION_SECRET =
      "quarkus.oidc.web.token-state-manager.encryption-secret";
  private static final String CORS = "quarkus.http.cors.origins";
  private static final String TENANT_ENABLED = "quarkus.oidc.tenant-enabled";
  private static final String STATE_DIR = "enclave.state-dir";
  private static final String KEY_DIR = "enclave.audit.key-dir";
  private static final String KEY_NAME = "enclave.audit.key-name";

  @TempDir static Path tmp;
  private static Path stateDir;
  private static Path keyDir;

  /** A state directory, and a key directory outside it holding the provisioned audit key. */
  @BeforeAll
  static void directories() throws Exception {
    stateDir = Files.createDirectories(tmp.resolve("state"));
    keyDir = Files.createDirectories(tmp.resolve("keys"));
    Files.writeString(keyDir.resolve("audit-log.ed25519"), "provisioned\n");
    Files.writeString(keyDir.resolve("broker-credentials.ed25519"), "provisioned\n");
  }

  /** A configuration fit for production: every check passes. */
  private static Map<String, String> good() {
    Map<String, String> c = new HashMap<>();
    c.put(STATE_DIR, stateDir.toString());
    c.put(KEY_DIR, keyDir.toString());
    c.put(AUTH_SERVER, "https://idp.example.org/realms/enclave");
    c.put(CLIENT_SECRET, "issued-by-the-identity-provider");
    c.put(WEB_SECRET, "issued-by-the-identity-provider-too");
    c.put(SESSION_SECRET, "s".repeat(32));
    c.put(CORS, "https://enclave.example.org");
    c.put(TENANT_ENABLED, "true");
    return c;
  }

  private static List<String> problems(Mode mode, Map<String, String> config) {
    return ProductionReadiness.problems(mode, key -> Optional.ofNullable(config.get(key)));
  }

  private static Map<String, String> good(String key, String value) {
    Map<String, String> c = good();
    if (value == null) {
      c.remove(key);
    } else {
      c.put(key, value);
    }
    return c;
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void goodConfigurationPasses(Mode mode) {
    assertThat(problems(mode, good())).isEmpty();
  }

  @Test
  void minimalProductionConfigurationPasses() {
    Map<String, String> c = new HashMap<>();
    c.put(AUTH_SERVER, "https://idp.example.org/realms/enclave");
    c.put(SESSION_SECRET, "0123456789abcdef0123456789abcdef");
    c.put(KEY_DIR, keyDir.toString());
    assertThat(problems(Mode.PRODUCTION, c)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void disabledOidcIsRefusedEverywhere(Mode mode) {
    assertThat(problems(mode, good(TENANT_ENABLED, "false")))
        .singleElement(STRING)
        .contains("OIDC is disabled");
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "/.*/", "https://enclave.example.org, *", " * "})
  void wildcardCorsIsRefusedEverywhere(String origins) {
    for (Mode mode : Mode.values()) {
      assertThat(problems(mode, good(CORS, origins)))
          .as("%s in %s", origins, mode)
          .singleElement(STRING)
          .contains("CORS allows every origin");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"https://a.example.org,https://b.example.org", "/https://.*\\.example\\.org/"})
  void listedCorsOriginsPass(String origins) {
    assertThat(problems(Mode.PRODUCTION, good(CORS, origins))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void missingIdentityProviderIsRefusedEverywhere(Mode mode) {
    assertThat(problems(mode, good(AUTH_SERVER, null)))
        .singleElement(STRING)
        .contains("no identity provider is configured");
    assertThat(problems(mode, good(AUTH_SERVER, "  "))).hasSize(1);
  }

  @Test
  void localDemoSecretIsRefusedInProduction() {
    for (String key : List.of(CLIENT_SECRET, WEB_SECRET)) {
      assertThat(problems(Mode.PRODUCTION, good(key, "enclave-web-local-secret")))
          .as(key)
          .singleElement(STRING)
          .startsWith(key)
          .contains("local demo secret");
    }
  }

  @Test
  void missingOrShortSessionSecretIsRefusedInProduction() {
    assertThat(problems(Mode.PRODUCTION, good(SESSION_SECRET, null)))
        .singleElement(STRING)
        .contains("session encryption secret of at least 32 characters");
    assertThat(problems(Mode.PRODUCTION, good(SESSION_SECRET, "s".repeat(31)))).hasSize(1);
    assertThat(problems(Mode.PRODUCTION, good(SESSION_SECRET, ""))).hasSize(1);
    assertThat(problems(Mode.PRODUCTION, good(SESSION_SECRET, "s".repeat(32)))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://idp.example.org/realms/enclave",
        "HTTP://idp.example.org/realms/enclave",
        "http://10.0.0.5:8180/realms/enclave",
        "http://localhost.example.org/realms/enclave",
        "http://127.0.0.1.nip.io/realms/enclave"
      })
  void plainHttpToARemoteIdentityProviderIsRefusedInProduction(String url) {
    assertThat(problems(Mode.PRODUCTION, good(AUTH_SERVER, url)))
        .singleElement(STRING)
        .contains("plain HTTP")
        .contains(url);
    assertThat(problems(Mode.LOCAL, good(AUTH_SERVER, url))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:8180/realms/enclave",
        "http://127.0.0.1:8180/realms/enclave",
        "http://127.10.20.30/realms/enclave",
        "http://[::1]:8180/realms/enclave"
      })
  void plainHttpToThisMachinePassesInProduction(String url) {
    assertThat(problems(Mode.PRODUCTION, good(AUTH_SERVER, url))).isEmpty();
  }

  @Test
  void localModeAcceptsTheLocalConveniences() {
    Map<String, String> c = good();
    c.put(CLIENT_SECRET, "enclave-web-local-secret");
    c.put(WEB_SECRET, "enclave-web-local-secret");
    c.remove(SESSION_SECRET);
    c.put(AUTH_SERVER, "http://keycloak.internal:8180/realms/enclave");
    c.put(KEY_DIR, stateDir.resolve("keys").toString());
    assertThat(problems(Mode.LOCAL, c)).isEmpty();
    assertThat(problems(Mode.PRODUCTION, c)).hasSize(5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"keys", ".", "audit/../keys"})
  void theLocalKeyFileUnderTheStateDirectoryIsRefusedInProduction(String under) throws Exception {
    Path dir = stateDir.resolve(under);
    Files.createDirectories(stateDir.resolve("audit"));
    Files.createDirectories(dir.normalize());
    Files.writeString(dir.resolve("audit-log.ed25519"), "generated by local mode\n");

    assertThat(problems(Mode.PRODUCTION, good(KEY_DIR, dir.toString())))
        .singleElement(STRING)
        .contains("the audit signing key is the local key file under the state directory")
        .contains("enclave.audit.key-dir=" + dir)
        .contains("which local mode generates on first use")
        .contains("set ENCLAVE_AUDIT_KEY_DIR to a directory outside the state directory");
    assertThat(problems(Mode.LOCAL, good(KEY_DIR, dir.toString()))).isEmpty();
  }

  @Test
  void theDefaultKeyDirectoryIsRefusedInProduction() {
    Map<String, String> c = good();
    c.put(STATE_DIR, ".enclave");
    c.put(KEY_DIR, ".enclave/keys"); // application.properties: ${enclave.state-dir}/keys
    assertThat(problems(Mode.PRODUCTION, c))
        .singleElement(STRING)
        .contains("local key file under the state directory");
    c.remove(STATE_DIR); // the state directory's default is .enclave too
    assertThat(problems(Mode.PRODUCTION, c)).hasSize(1);
  }

  @Test
  void aMissingKeyFileIsRefusedInProductionRatherThanGenerated() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty-keys"));

    assertThat(problems(Mode.PRODUCTION, good(KEY_DIR, empty.toString())))
        .singleElement(STRING)
        .contains("the audit signing key file " + empty.resolve("audit-log.ed25519"))
        .contains("does not exist, and production never generates one")
        .contains("put the provisioned key there");
    assertThat(problems(Mode.PRODUCTION, good(KEY_NAME, "another-key")))
        .singleElement(STRING)
        .contains(keyDir.resolve("another-key.ed25519").toString());
    assertThat(problems(Mode.LOCAL, good(KEY_DIR, empty.toString()))).isEmpty();
  }

  @Test
  void aMissingBrokerCredentialKeyIsRefusedInProduction() throws Exception {
    Path onlyAudit = Files.createDirectories(tmp.resolve("only-audit-key"));
    Files.writeString(onlyAudit.resolve("audit-log.ed25519"), "provisioned\n");

    assertThat(problems(Mode.PRODUCTION, good(KEY_DIR, onlyAudit.toString())))
        .singleElement(STRING)
        .contains("the data broker's credential key file")
        .contains(onlyAudit.resolve("broker-credentials.ed25519").toString())
        .contains("production never generates one");
    assertThat(problems(Mode.LOCAL, good(KEY_DIR, onlyAudit.toString()))).isEmpty();
  }

  @Test
  void noKeyDirectoryIsRefusedInProduction() {
    assertThat(problems(Mode.PRODUCTION, good(KEY_DIR, null)))
        .singleElement(STRING)
        .contains("no audit signing key is configured: set ENCLAVE_AUDIT_KEY_DIR");
    assertThat(problems(Mode.PRODUCTION, good(KEY_DIR, " "))).hasSize(1);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Map<String, String> c = new HashMap<>();
    c.put(TENANT_ENABLED, "false");
    c.put(CORS, "*");
    c.put(CLIENT_SECRET, "enclave-web-local-secret");
    assertThat(problems(Mode.PRODUCTION, c))
        .hasSize(6)
        .anySatisfy(p -> assertThat(p).contains("OIDC is disabled"))
        .anySatisfy(p -> assertThat(p).contains("no identity provider"))
        .anySatisfy(p -> assertThat(p).contains("CORS"))
        .anySatisfy(p -> assertThat(p).contains("local demo secret"))
        .anySatisfy(p -> assertThat(p).contains("session encryption secret"))
        .anySatisfy(p -> assertThat(p).contains("no audit signing key"));
    assertThat(problems(Mode.LOCAL, c)).hasSize(3);
  }
}

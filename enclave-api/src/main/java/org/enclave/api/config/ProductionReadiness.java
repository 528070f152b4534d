package org.enclave.api.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Judges a configuration before the control plane serves anything. Some settings are unsafe
 * everywhere (OIDC disabled, wildcard CORS); others only in production (the local demo secrets, an
 * identity provider reached over plain HTTP on another host, no session encryption secret, an audit
 * signing key that local mode would generate rather than one provisioned).
 */
public final class ProductionReadiness {
  /** Secrets that ship in the repository for the local enclave and must never guard production. */
  public static final List<String> LOCAL_SECRETS = List.of("enclave-web-local-secret");

  private ProductionReadiness() {}

  /** Returns the reasons to refuse startup; empty if the configuration may run. */
  public static List<String> problems(
      EnclaveConfig.Mode mode, Function<String, Optional<String>> config) {
    List<String> problems = new ArrayList<>();
    if (!config.apply("quarkus.oidc.tenant-enabled").map(Boolean::parseBoolean).orElse(true)) {
      problems.add(
          "OIDC is disabled (quarkus.oidc.tenant-enabled=false); every endpoint would be open");
    }
    Optional<String> authServer = config.apply("quarkus.oidc.auth-server-url");
    if (authServer.isEmpty() || authServer.get().isBlank()) {
      problems.add("no identity provider is configured: set QUARKUS_OIDC_AUTH_SERVER_URL");
    }
    config
        .apply("quarkus.http.cors.origins")
        .filter(
            o ->
                List.of(o.split(",")).stream()
                    .map(String::trim)
                    .anyMatch(s -> s.equals("*") || s.equals("/.*/")))
        .ifPresent(
            o ->
                problems.add(
                    "CORS allows every origin (quarkus.http.cors.origins="
                        + o
                        + "); list the console origins instead"));
    problems.addAll(AwsReadiness.problems(config));
    if (mode != EnclaveConfig.Mode.PRODUCTION) {
      return problems;
    }
    for (String key :
        List.of("quarkus.oidc.credentials.secret", "quarkus.oidc.web.credentials.secret")) {
      config
          .apply(key)
          .filter(LOCAL_SECRETS::contains)
          .ifPresent(
              s ->
                  problems.add(
                      key
                          + " is the local demo secret; configure the client secret your identity provider issued"));
    }
    Optional<String> stateSecret =
        config.apply("quarkus.oidc.web.token-state-manager.encryption-secret");
    if (stateSecret.isEmpty() || stateSecret.get().length() < 32) {
      problems.add(
          "no session encryption secret of at least 32 characters: set QUARKUS_OIDC_WEB_TOKEN_STATE_MANAGER_ENCRYPTION_SECRET");
    }
    authServer
        .filter(u -> u.regionMatches(true, 0, "http://", 0, 7) && !isLoopback(u))
        .ifPresent(
            u ->
                problems.add(
                    "the identity provider is reached over plain HTTP (" + u + "); use https"));
    if (!AwsReadiness.keysInKms(config)) {
      auditKeyProblem(config).ifPresent(problems::add);
    }
    return problems;
  }

  /**
   * The audit log's signing key must be provisioned in production: not the key file under the state
   * directory that local mode generates on first use, and never generated at startup. A new key
   * would sign checkpoints that the verifier key auditors already hold cannot check, silently
   * breaking verification of the log across the change.
   */
  private static Optional<String> auditKeyProblem(Function<String, Optional<String>> config) {
    Optional<String> keyDir = config.apply("enclave.audit.key-dir").filter(d -> !d.isBlank());
    if (keyDir.isEmpty()) {
      return Optional.of(
          "no audit signing key is configured: set ENCLAVE_AUDIT_KEY_DIR to the directory that"
              + " holds the provisioned key file");
    }
    String stateDir = config.apply("enclave.state-dir").orElse(".enclave");
    Path dir;
    Path state;
    try {
      dir = Path.of(keyDir.get()).toAbsolutePath().normalize();
      state = Path.of(stateDir).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      return Optional.of(
          "enclave.audit.key-dir or enclave.state-dir is not a valid path: " + e.getMessage());
    }
    if (dir.startsWith(state)) {
      return Optional.of(
          "the audit signing key is the local key file under the state directory"
              + " (enclave.audit.key-dir="
              + keyDir.get()
              + " is inside enclave.state-dir="
              + stateDir
              + "), which local mode generates on first use; set ENCLAVE_AUDIT_KEY_DIR to a"
              + " directory outside the state directory that holds the provisioned key file");
    }
    String keyName = config.apply("enclave.audit.key-name").orElse("audit-log");
    Path keyFile = dir.resolve(keyName + ".ed25519");
    if (!Files.isRegularFile(keyFile)) {
      return Optional.of(
          "the audit signing key file "
              + keyFile
              + " does not exist, and production never generates one (a new key would sign"
              + " checkpoints that the verifier key auditors hold cannot check): put the"
              + " provisioned key there (the base64 Ed25519 seed, mode 600), or restore it from"
              + " backup");
    }
    String brokerKeyName =
        config.apply("enclave.broker.credential-key-name").orElse("broker-credentials");
    Path brokerKeyFile = dir.resolve(brokerKeyName + ".ed25519");
    if (!Files.isRegularFile(brokerKeyFile)) {
      return Optional.of(
          "the data broker's credential key file "
              + brokerKeyFile
              + " does not exist, and production never generates one (workspaces' secret keys are"
              + " derived from it; a new one would lock out running workspaces): put a provisioned"
              + " key there (the base64 Ed25519 seed, mode 600), next to the audit signing key");
    }
    return Optional.empty();
  }

  private static boolean isLoopback(String url) {
    try {
      String host = URI.create(url).getHost();
      return host != null
          && (host.equalsIgnoreCase("localhost")
              || host.matches("127(\\.\\d{1,3}){3}")
              || host.equals("[::1]"));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}

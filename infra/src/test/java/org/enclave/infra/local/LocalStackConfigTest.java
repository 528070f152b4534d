package org.enclave.infra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalStackConfigTest {

  @Test
  void defaultsLiveUnderTheRepository() {
    LocalStackConfig config =
        LocalStackConfig.parse(new String[] {"--repo", "/srv/enclave"}, Map.of());

    assertThat(config.stateDir()).isEqualTo(Path.of("/srv/enclave/.enclave"));
    assertThat(config.keycloakZip())
        .isEqualTo(Path.of("/srv/enclave/.enclave/cache/keycloak-quarkus-dist-26.7.3.zip"));
    assertThat(config.controlPlaneJar())
        .isEqualTo(Path.of("/srv/enclave/enclave-api/target/quarkus-app/quarkus-run.jar"));
    assertThat(config.realmFile())
        .isEqualTo(Path.of("/srv/enclave/infra/src/main/resources/local/enclave-realm.json"));
    assertThat(config.postgresDataDir()).isEqualTo(Path.of("/srv/enclave/.enclave/postgres"));
    assertThat(config.keycloakDataDir()).isEqualTo(Path.of("/srv/enclave/.enclave/keycloak"));
    assertThat(config.objectStoreRoot()).isEqualTo(Path.of("/srv/enclave/.enclave/objects"));
    assertThat(config.sessionSecretFile())
        .isEqualTo(Path.of("/srv/enclave/.enclave/keys/session-secret"));
  }

  @Test
  void argumentsWinOverEnvironment() {
    LocalStackConfig config =
        LocalStackConfig.parse(
            new String[] {"--repo", "/srv/enclave", "--state", "/var/enclave"},
            Map.of("ENCLAVE_STATE_DIR", "/tmp/ignored", "ENCLAVE_KEYCLOAK_ZIP", "kc.zip"));

    assertThat(config.stateDir()).isEqualTo(Path.of("/var/enclave"));
    assertThat(config.keycloakZip()).isEqualTo(Path.of("/srv/enclave/kc.zip"));
  }

  @Test
  void rejectsUnknownOrIncompleteArguments() {
    assertThatThrownBy(() -> LocalStackConfig.parse(new String[] {"--nope", "x"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--nope");
    assertThatThrownBy(() -> LocalStackConfig.parse(new String[] {"--state"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing value");
  }
}

package org.enclave.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsReadinessTest {
  @TempDir Path dir;
  final Map<String, String> config = new HashMap<>();

  List<String> problems() {
    return AwsReadiness.problems(k -> Optional.ofNullable(config.get(k)));
  }

  @BeforeEach
  void completeAwsConfiguration() throws IOException {
    Path cert = Files.writeString(dir.resolve("broker.crt"), "pem");
    Path key = Files.writeString(dir.resolve("broker.key"), "pem");
    Path seed = Files.writeString(dir.resolve("credentials.seed"), "blob");
    config.putAll(
        Map.ofEntries(
            Map.entry("enclave.workspaces.provider", "aws"),
            Map.entry("enclave.object-store.provider", "s3"),
            Map.entry("enclave.keys.provider", "kms"),
            Map.entry("enclave.audit.anchor", "s3"),
            Map.entry("enclave.aws.region", "eu-west-2"),
            Map.entry("enclave.aws.deployment", "clpsych-2027"),
            Map.entry("enclave.aws.ec2.launch-template", "enclave-workspace"),
            Map.entry("enclave.aws.ec2.subnets", "subnet-0a,subnet-0b"),
            Map.entry("enclave.aws.ec2.security-groups", "sg-0123"),
            Map.entry("enclave.aws.ec2.instance-profile", "enclave-workspace"),
            Map.entry("enclave.aws.ec2.ebs-kms-key", "alias/enclave-ebs"),
            Map.entry("enclave.aws.ec2.instance-types.small", "m7i.large"),
            Map.entry("enclave.aws.ec2.instance-types.medium", "m7i.xlarge"),
            Map.entry("enclave.aws.ec2.instance-types.large", "g5.xlarge"),
            Map.entry("enclave.broker.network.url", "https://broker.enclave.internal:9443"),
            Map.entry("enclave.broker.network.certificate", cert.toString()),
            Map.entry("enclave.broker.network.private-key", key.toString()),
            Map.entry("enclave.aws.s3.bucket", "enclave-data"),
            Map.entry("enclave.aws.s3.kms-key", "alias/enclave-data"),
            Map.entry("enclave.aws.audit-anchor.bucket", "enclave-audit-anchor"),
            Map.entry("enclave.aws.audit-anchor.kms-key", "alias/enclave-audit-anchor"),
            Map.entry("enclave.aws.kms.signing-keys.audit-log", "alias/enclave-audit"),
            Map.entry("enclave.aws.kms.envelope-keys.broker-credentials.key", "alias/enclave-keys"),
            Map.entry(
                "enclave.aws.kms.envelope-keys.broker-credentials.ciphertext-file",
                seed.toString())));
  }

  @Test
  void aCompleteAwsConfigurationPasses() {
    assertThat(problems()).isEmpty();
  }

  @Test
  void localAdaptersNeedNoAwsSetting() {
    config.clear();
    assertThat(problems()).isEmpty();
  }

  @Test
  void everyMissingEc2SettingIsNamed() {
    for (String key :
        List.of(
            "enclave.aws.region",
            "enclave.aws.deployment",
            "enclave.aws.ec2.launch-template",
            "enclave.aws.ec2.subnets",
            "enclave.aws.ec2.security-groups",
            "enclave.aws.ec2.instance-profile",
            "enclave.aws.ec2.ebs-kms-key",
            "enclave.aws.ec2.instance-types.large",
            "enclave.broker.network.url",
            "enclave.broker.network.certificate",
            "enclave.broker.network.private-key")) {
      String value = config.remove(key);
      assertThat(problems()).as(key).anySatisfy(p -> assertThat(p).startsWith(key + " is not set"));
      config.put(key, value);
    }
  }

  @Test
  void theStoreAnchorAndKeysNeedTheirResources() {
    config.remove("enclave.aws.s3.kms-key");
    config.remove("enclave.aws.audit-anchor.bucket");
    config.remove("enclave.aws.kms.signing-keys.audit-log");

    assertThat(problems())
        .anySatisfy(p -> assertThat(p).startsWith("enclave.aws.s3.kms-key is not set"))
        .anySatisfy(p -> assertThat(p).startsWith("enclave.aws.audit-anchor.bucket is not set"))
        .anySatisfy(p -> assertThat(p).startsWith("key audit-log (enclave.audit.key-name) needs"));
  }

  @Test
  void aKeyConfiguredBothWaysIsRefused() {
    config.put("enclave.aws.kms.signing-keys.broker-credentials", "alias/x");
    assertThat(problems()).singleElement().asString().contains("exactly one of");
  }

  @Test
  void badValuesSayWhatIsExpected() {
    config.put("enclave.workspaces.provider", "kubernetes");
    config.put("enclave.aws.region", "Europe");
    config.put("enclave.aws.deployment", "Has Spaces");
    config.put("enclave.broker.network.url", "http://broker:9443");
    config.put("enclave.broker.network.certificate", dir.resolve("missing.crt").toString());
    config.put("enclave.aws.kms.envelope-keys.broker-credentials.ciphertext-file", "/nonexistent");

    assertThat(problems())
        .anySatisfy(p -> assertThat(p).contains("kubernetes is not a known adapter"))
        .anySatisfy(p -> assertThat(p).contains("Europe is not an AWS region"))
        .anySatisfy(p -> assertThat(p).contains("broker-credentials.ciphertext-file=/nonexistent"));

    config.put("enclave.workspaces.provider", "aws");
    assertThat(problems())
        .anySatisfy(p -> assertThat(p).contains("lower-case letters"))
        .anySatisfy(p -> assertThat(p).contains("must be https"))
        .anySatisfy(p -> assertThat(p).contains("missing.crt is not a readable file"));
  }

  @Test
  void optionalSettingsAreCheckedWhenGiven() {
    config.put("enclave.aws.s3.path-style", "true");
    config.put("enclave.aws.s3.restricted-bucket", "enclave-gold");
    config.put("enclave.aws.sts.user-role-arn", "arn:aws:iam::111122223333:role/enclave-user");
    config.put("enclave.aws.sts.session-duration", "1H");
    assertThat(problems()).isEmpty();

    config.put("enclave.aws.s3.path-style", "yes");
    config.put("enclave.aws.s3.restricted-bucket", config.get("enclave.aws.s3.bucket"));
    config.put("enclave.aws.sts.user-role-arn", "enclave-user");
    config.put("enclave.aws.sts.session-duration", "13H");
    assertThat(problems())
        .containsExactlyInAnyOrder(
            "enclave.aws.s3.path-style=yes must be true or false",
            "enclave.aws.s3.restricted-bucket="
                + config.get("enclave.aws.s3.bucket")
                + " must be a bucket of its own, not enclave.aws.s3.bucket (or leave it unset to"
                + " keep restricted objects in the datasets bucket)",
            "enclave.aws.sts.user-role-arn=enclave-user is not an IAM role ARN"
                + " (arn:aws:iam::<account>:role/<name>)",
            "enclave.aws.sts.session-duration=13H must be between 15 minutes and 12 hours, as"
                + " AssumeRole allows");

    config.put("enclave.aws.sts.session-duration", "soon");
    assertThat(problems())
        .contains("enclave.aws.sts.session-duration=soon is not a duration (e.g. 1H)");
  }

  @Test
  void keysInKmsNeedNoKeyFileInProduction() {
    config.put("quarkus.oidc.auth-server-url", "https://idp.example.org/realms/enclave");
    config.put("quarkus.oidc.web.token-state-manager.encryption-secret", "x".repeat(40));
    assertThat(
            ProductionReadiness.problems(
                EnclaveConfig.Mode.PRODUCTION, k -> Optional.ofNullable(config.get(k))))
        .isEmpty();

    config.put("enclave.keys.provider", "local");
    assertThat(
            ProductionReadiness.problems(
                EnclaveConfig.Mode.PRODUCTION, k -> Optional.ofNullable(config.get(k))))
        .anySatisfy(p -> assertThat(p).contains("ENCLAVE_AUDIT_KEY_DIR"));
  }
}

package org.enclave.infra.aws.ec2;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The account and deployment {@link Ec2WorkspaceProvider} launches into (docs/aws.md,
 * Configuration).
 *
 * @param deployment value of the {@code enclave:deployment} tag, 1–32 of {@code [a-z0-9-]}
 * @param launchTemplate the launch template's name
 * @param launchTemplateVersion its version; {@code $Default} if null
 * @param subnetIds private subnets of the workspace VPC; starts are spread across them
 * @param securityGroupIds the workspace security group(s)
 * @param instanceProfile name of the instance profile (a role with no data permission)
 * @param ebsKmsKey the KMS key encrypting root and home volumes
 * @param homeVolumeGib size of the gp3 home volume ({@code /dev/sdf}); 100 if 0
 * @param instanceTypes workspace size (label {@code size}) → instance type
 * @param brokerUrl the broker as workspaces see it (https)
 * @param sessionPort where Jupyter listens on the instance; 8888 if 0
 * @param readyTimeout how long a start may take until the runtime reports ready
 * @param pollInterval between two looks at a starting or stopping instance
 * @param retry the retry policy of idempotent calls
 */
public record Ec2WorkspaceConfig(
    String deployment,
    String launchTemplate,
    String launchTemplateVersion,
    List<String> subnetIds,
    List<String> securityGroupIds,
    String instanceProfile,
    String ebsKmsKey,
    int homeVolumeGib,
    Map<String, String> instanceTypes,
    URI brokerUrl,
    int sessionPort,
    Duration readyTimeout,
    Duration pollInterval,
    Retry retry) {

  public static final String DEFAULT_TEMPLATE_VERSION = "$Default";
  public static final int DEFAULT_HOME_VOLUME_GIB = 100;
  public static final int DEFAULT_SESSION_PORT = 8888;

  private static final Pattern DEPLOYMENT = Pattern.compile("[a-z0-9-]{1,32}");

  public Ec2WorkspaceConfig {
    if (deployment == null || !DEPLOYMENT.matcher(deployment).matches()) {
      throw new IllegalArgumentException("deployment must be 1-32 of [a-z0-9-]");
    }
    require(launchTemplate, "launchTemplate");
    launchTemplateVersion =
        launchTemplateVersion == null || launchTemplateVersion.isBlank()
            ? DEFAULT_TEMPLATE_VERSION
            : launchTemplateVersion;
    subnetIds = List.copyOf(subnetIds);
    securityGroupIds = List.copyOf(securityGroupIds);
    if (subnetIds.isEmpty() || securityGroupIds.isEmpty()) {
      throw new IllegalArgumentException("at least one subnet and one security group are needed");
    }
    require(instanceProfile, "instanceProfile");
    require(ebsKmsKey, "ebsKmsKey");
    homeVolumeGib = homeVolumeGib == 0 ? DEFAULT_HOME_VOLUME_GIB : homeVolumeGib;
    if (homeVolumeGib < 1 || homeVolumeGib > 16384) {
      throw new IllegalArgumentException("homeVolumeGib must be 1-16384");
    }
    instanceTypes = Map.copyOf(instanceTypes);
    if (instanceTypes.isEmpty()) {
      throw new IllegalArgumentException("at least one size -> instance type is needed");
    }
    Objects.requireNonNull(brokerUrl, "brokerUrl");
    if (!"https".equals(brokerUrl.getScheme())) {
      throw new IllegalArgumentException("brokerUrl must be https");
    }
    sessionPort = sessionPort == 0 ? DEFAULT_SESSION_PORT : sessionPort;
    if (readyTimeout == null || readyTimeout.isNegative() || readyTimeout.isZero()) {
      throw new IllegalArgumentException("readyTimeout must be positive");
    }
    if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive");
    }
    Objects.requireNonNull(retry, "retry");
  }

  private static void require(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
  }
}

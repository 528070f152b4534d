package org.enclave.infra.aws.ec2;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * EC2 clients as {@link Ec2WorkspaceProvider} needs them: the SDK's own retries off, since the
 * provider retries idempotent calls itself ({@link Retry}) and must not retry the others.
 * Credentials and endpoint come from the SDK's default chain ({@code AWS_ENDPOINT_URL_EC2}…).
 */
public final class Ec2Clients {

  private Ec2Clients() {}

  public static Ec2Client create(String region) {
    return Ec2Client.builder()
        .region(Region.of(region))
        .httpClientBuilder(ApacheHttpClient.builder())
        .overrideConfiguration(noRetries())
        .build();
  }

  /** The override that turns the SDK's retries off; also for clients built elsewhere (tests). */
  public static ClientOverrideConfiguration noRetries() {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(AwsRetryStrategy.doNotRetry())
        .build();
  }
}

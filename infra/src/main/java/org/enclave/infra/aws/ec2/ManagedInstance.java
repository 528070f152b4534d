package org.enclave.infra.aws.ec2;

import java.time.Instant;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * An instance tagged as this deployment's, for the control plane's reconciliation.
 *
 * @param instanceId the EC2 instance id
 * @param workspaceId its {@code enclave:workspace} tag; null if missing
 * @param state its EC2 state ({@code pending}, {@code running}, {@code stopped}…)
 * @param launchTime when it was last launched or started
 * @param privateIp its private address; null if none yet
 */
public record ManagedInstance(
    String instanceId, String workspaceId, String state, Instant launchTime, String privateIp) {

  static ManagedInstance of(Instance instance) {
    return new ManagedInstance(
        instance.instanceId(),
        tag(instance, Ec2Tags.WORKSPACE),
        instance.state() == null ? "unknown" : instance.state().nameAsString(),
        instance.launchTime(),
        instance.privateIpAddress());
  }

  static String tag(Instance instance, String key) {
    return instance.tags().stream()
        .filter(t -> key.equals(t.key()))
        .map(Tag::value)
        .findFirst()
        .orElse(null);
  }

  /** Pending or running: the workspace runs (or is starting). */
  static boolean running(Instance instance) {
    InstanceStateName name = stateOf(instance);
    return name == InstanceStateName.PENDING || name == InstanceStateName.RUNNING;
  }

  /** Shutting down or terminated: as good as gone. */
  static boolean gone(Instance instance) {
    InstanceStateName name = stateOf(instance);
    return name == InstanceStateName.SHUTTING_DOWN || name == InstanceStateName.TERMINATED;
  }

  static InstanceStateName stateOf(Instance instance) {
    return instance.state() == null
        ? InstanceStateName.UNKNOWN_TO_SDK_VERSION
        : instance.state().name();
  }
}

package org.enclave.infra.aws.ec2;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.enclave.infra.workspace.WorkspaceException.Reason;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Reservation;

/** Finding this deployment's instances ({@code DescribeInstances}, every page), with retries. */
final class Ec2Instances {

  private final Ec2Client ec2;
  private final Ec2WorkspaceConfig config;
  private final Clock clock;

  Ec2Instances(Ec2Client ec2, Ec2WorkspaceConfig config, Clock clock) {
    this.ec2 = ec2;
    this.config = config;
    this.clock = clock;
  }

  /** The workspace's one instance that is not terminated or shutting down. */
  Optional<Instance> ofWorkspace(String id) {
    return matching(Ec2Tags.workspace(config.deployment(), id)).stream().findFirst();
  }

  /** The non-terminated instances matching {@code filters}, every page. */
  List<Instance> matching(List<Filter> filters) {
    List<Instance> found = new ArrayList<>();
    String next = null;
    do {
      String token = next;
      DescribeInstancesRequest request =
          DescribeInstancesRequest.builder()
              .filters(filters)
              .nextToken(token)
              .maxResults(100)
              .build();
      DescribeInstancesResponse page =
          call("DescribeInstances", () -> ec2.describeInstances(request));
      for (Reservation reservation : page.reservations()) {
        reservation.instances().stream().filter(i -> !ManagedInstance.gone(i)).forEach(found::add);
      }
      next = page.nextToken();
    } while (next != null && !next.isEmpty());
    return found;
  }

  /** One instance by id; empty while EC2 does not know it yet (eventual consistency). */
  Optional<Instance> byId(String instanceId) {
    try {
      return config
          .retry()
          .call(() -> ec2.describeInstances(b -> b.instanceIds(instanceId)))
          .reservations()
          .stream()
          .flatMap(r -> r.instances().stream())
          .findFirst();
    } catch (Ec2Exception e) {
      if ("InvalidInstanceID.NotFound".equals(Ec2Errors.code(e))) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Waits, bounded by the ready timeout, for {@code instanceId} to reach {@code state}. */
  void awaitState(String instanceId, InstanceStateName state) {
    Instant deadline = clock.instant().plus(config.readyTimeout());
    while (clock.instant().isBefore(deadline)) {
      Optional<Instance> instance = byId(instanceId);
      if (instance.isEmpty()
          || ManagedInstance.stateOf(instance.get()) == state
          || ManagedInstance.gone(instance.get())) {
        return;
      }
      config.retry().pause(config.pollInterval());
    }
  }

  <T> T call(String what, Supplier<T> call) {
    try {
      return config.retry().call(call);
    } catch (RuntimeException e) {
      throw Ec2Errors.map(what, e, Reason.HOST_ERROR);
    }
  }
}

package org.enclave.infra.aws.ec2;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.enclave.infra.workspace.ExecRequest;
import org.enclave.infra.workspace.ExecResult;
import org.enclave.infra.workspace.WorkspaceException;
import org.enclave.infra.workspace.WorkspaceException.Reason;
import org.enclave.infra.workspace.WorkspaceIds;
import org.enclave.infra.workspace.WorkspaceNetwork;
import org.enclave.infra.workspace.WorkspaceProvider;
import org.enclave.infra.workspace.WorkspaceSpec;
import org.enclave.infra.workspace.WorkspaceState;
import org.enclave.infra.workspace.WorkspaceStatus;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.SecureBlobAttributeValue;

/**
 * Workspaces as EC2 instances in the workspace VPC (docs/aws.md). A workspace is the one instance
 * tagged with its id and this deployment; stop keeps the instance and its home volume, terminate
 * deletes both. Instances reach the control plane over the network: {@link WorkspaceNetwork}.
 *
 * <p>The client must have the SDK's retries off ({@link Ec2Clients}); idempotent calls are retried
 * here ({@link Retry}).
 */
public final class Ec2WorkspaceProvider implements WorkspaceProvider, WorkspaceNetwork {
  /** The broker's URL in the boot environment, as the workspace's S3 clients read it. */
  public static final String BOOT_ENDPOINT = "AWS_ENDPOINT_URL";

  /** The port Jupyter listens on, in the boot environment. */
  public static final String BOOT_SESSION_PORT = "ENCLAVE_SESSION_PORT";

  /** The path Jupyter serves under (its base URL), in the boot environment. */
  public static final String BOOT_SESSION_BASE_URL = "ENCLAVE_SESSION_BASE_URL";

  private final Ec2Client ec2;
  private final Ec2WorkspaceConfig config;
  private final Clock clock;
  private final Retry.Sleeper sleeper;
  private final Ec2Instances lookup;
  private final AtomicInteger nextSubnet = new AtomicInteger();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final Map<String, InetAddress> addresses = new ConcurrentHashMap<>();
  private final Map<String, BootSession> boots = new ConcurrentHashMap<>();
  private final Set<String> readyWithoutBoot = ConcurrentHashMap.newKeySet();

  public Ec2WorkspaceProvider(Ec2Client ec2, Ec2WorkspaceConfig config) {
    this(ec2, config, Clock.systemUTC(), Retry.Sleeper.REAL);
  }

  /** With a clock and a sleeper of one's own, for tests. */
  public Ec2WorkspaceProvider(
      Ec2Client ec2, Ec2WorkspaceConfig config, Clock clock, Retry.Sleeper sleeper) {
    this.ec2 = ec2;
    this.config = config;
    this.clock = clock;
    this.sleeper = sleeper;
    this.lookup = new Ec2Instances(ec2, config, clock);
  }

  @Override
  public WorkspaceStatus start(WorkspaceSpec spec) {
    String id = WorkspaceIds.requireValid(spec.id());
    String instanceType = instanceType(spec);
    return locked(
        id,
        () -> {
          Optional<Instance> existing = lookup.ofWorkspace(id);
          if (existing.isPresent() && ManagedInstance.running(existing.get())) {
            throw new WorkspaceException(Reason.ALREADY_RUNNING, "workspace " + id + " runs");
          }
          return existing.isPresent() ? restart(spec, existing.get()) : launch(spec, instanceType);
        });
  }

  private WorkspaceStatus launch(WorkspaceSpec spec, String instanceType) {
    String id = spec.id();
    String token = BootSession.newToken();
    BootSession boot = newBoot(id, token, spec);
    String subnet =
        config
            .subnetIds()
            .get(Math.floorMod(nextSubnet.getAndIncrement(), config.subnetIds().size()));
    var request =
        Ec2Requests.run(
            config,
            id,
            spec.labels(),
            instanceType,
            subnet,
            UserData.base64(id, config.brokerUrl(), token),
            UUID.randomUUID().toString());
    Instance instance;
    try {
      instance = config.retry().call(() -> ec2.runInstances(request)).instances().get(0);
    } catch (RuntimeException e) {
      forget(id);
      throw Ec2Errors.map("RunInstances for workspace " + id, e, Reason.START_FAILED);
    }
    learn(id, instance, boot);
    return awaitReady(id, instance.instanceId(), boot, true);
  }

  private WorkspaceStatus restart(WorkspaceSpec spec, Instance stopped) {
    String id = spec.id();
    String instanceId = stopped.instanceId();
    if (ManagedInstance.stateOf(stopped) == InstanceStateName.STOPPING) {
      lookup.awaitState(instanceId, InstanceStateName.STOPPED);
    }
    String token = BootSession.newToken();
    BootSession boot = newBoot(id, token, spec);
    try {
      ec2.modifyInstanceAttribute(
          b ->
              b.instanceId(instanceId)
                  .userData(
                      SecureBlobAttributeValue.builder()
                          .value(
                              SdkBytes.fromUtf8String(UserData.json(id, config.brokerUrl(), token)))
                          .build()));
      config.retry().call(() -> ec2.startInstances(b -> b.instanceIds(instanceId)));
    } catch (RuntimeException e) {
      forget(id);
      throw Ec2Errors.map(
          "restarting workspace " + id + " (" + instanceId + ")", e, Reason.START_FAILED);
    }
    return awaitReady(id, instanceId, boot, false);
  }

  private BootSession newBoot(String id, String token, WorkspaceSpec spec) {
    BootSession boot =
        new BootSession(token, clock.instant().plus(config.readyTimeout()), bootEnvironment(spec));
    addresses.remove(id);
    readyWithoutBoot.remove(id);
    boots.put(id, boot);
    return boot;
  }

  /**
   * What the runtime receives for the boot token: the workspace's environment, plus where the
   * broker is ({@code AWS_ENDPOINT_URL}) and where Jupyter must listen for the session proxy
   * ({@code ENCLAVE_SESSION_PORT}, {@code ENCLAVE_SESSION_BASE_URL}). A local sandbox gets the last
   * ones from its provider's mounts and command line instead.
   */
  private Map<String, String> bootEnvironment(WorkspaceSpec spec) {
    Map<String, String> env = new LinkedHashMap<>(spec.environment());
    env.put(BOOT_ENDPOINT, config.brokerUrl().toString());
    env.put(BOOT_SESSION_PORT, Integer.toString(config.sessionPort()));
    if (spec.session() != null) {
      env.put(BOOT_SESSION_BASE_URL, spec.session().basePath());
    }
    return env;
  }

  /** Polls until the instance runs with a private address and its runtime reported ready. */
  private WorkspaceStatus awaitReady(
      String id, String instanceId, BootSession boot, boolean fresh) {
    Instant deadline = clock.instant().plus(config.readyTimeout());
    Duration delay = config.pollInterval();
    Instance last = null;
    try {
      while (!clock.instant().isAfter(deadline)) {
        if (last == null || !isRunningWithAddress(last)) {
          last = lookup.byId(instanceId).orElse(null);
          if (last != null && ManagedInstance.gone(last)) {
            forget(id);
            throw new WorkspaceException(
                Reason.START_FAILED,
                "workspace "
                    + id
                    + ": instance "
                    + instanceId
                    + " ended while starting ("
                    + last.state().nameAsString()
                    + ")");
          }
          if (last != null) {
            learn(id, last, boot);
          }
        }
        if (boot.ready() && last != null && isRunningWithAddress(last)) {
          return status(id, last);
        }
        pause(delay);
        if (last == null || !isRunningWithAddress(last)) {
          delay = min(delay.multipliedBy(2), config.pollInterval().multipliedBy(8));
        }
      }
    } catch (WorkspaceException e) {
      abandon(id, instanceId, fresh);
      throw e;
    } catch (RuntimeException e) {
      abandon(id, instanceId, fresh);
      throw Ec2Errors.map(
          "starting workspace " + id + " (" + instanceId + ")", e, Reason.START_FAILED);
    }
    String missing =
        last == null || !isRunningWithAddress(last)
            ? "did not reach running with a private address"
            : !boot.redeemed()
                ? "ran, but its runtime never redeemed the boot token"
                : "redeemed its boot token, but Jupyter never reported ready";
    abandon(id, instanceId, fresh);
    throw new WorkspaceException(
        Reason.START_FAILED,
        "workspace "
            + id
            + ": instance "
            + instanceId
            + " "
            + missing
            + " within "
            + config.readyTimeout()
            + "; it was "
            + (fresh ? "terminated" : "stopped"));
  }

  /** After a failed start nothing runs: a fresh instance is terminated, a restarted one stopped. */
  private void abandon(String id, String instanceId, boolean fresh) {
    forget(id);
    try {
      if (fresh) {
        config.retry().call(() -> ec2.terminateInstances(b -> b.instanceIds(instanceId)));
      } else {
        config.retry().call(() -> ec2.stopInstances(b -> b.instanceIds(instanceId)));
      }
    } catch (RuntimeException e) {
      // The reconciler finds it (an orphan or a running instance that should not run).
    }
  }

  @Override
  public void stop(String workspaceId) {
    String id = WorkspaceIds.requireValid(workspaceId);
    locked(
        id,
        () -> {
          Optional<Instance> instance = lookup.ofWorkspace(id);
          forget(id);
          if (instance.isEmpty() || !ManagedInstance.running(instance.get())) {
            return null;
          }
          String instanceId = instance.get().instanceId();
          lookup.call(
              "StopInstances for workspace " + id,
              () -> ec2.stopInstances(b -> b.instanceIds(instanceId)));
          lookup.awaitState(instanceId, InstanceStateName.STOPPED);
          return null;
        });
  }

  @Override
  public void terminate(String workspaceId) {
    String id = WorkspaceIds.requireValid(workspaceId);
    locked(
        id,
        () -> {
          List<String> ids =
              lookup.matching(Ec2Tags.workspace(config.deployment(), id)).stream()
                  .map(Instance::instanceId)
                  .toList();
          forget(id);
          if (!ids.isEmpty()) {
            lookup.call(
                "TerminateInstances for workspace " + id,
                () -> ec2.terminateInstances(b -> b.instanceIds(ids)));
          }
          return null;
        });
  }

  @Override
  public WorkspaceStatus status(String workspaceId) {
    String id = WorkspaceIds.requireValid(workspaceId);
    Optional<Instance> instance = lookup.ofWorkspace(id);
    if (instance.isEmpty() || !ManagedInstance.running(instance.get())) {
      if (!boots.containsKey(id) || instance.isEmpty()) {
        forget(id);
      }
      return WorkspaceStatus.stopped(id);
    }
    relearn(id, instance.get());
    return status(id, instance.get());
  }

  @Override
  public List<WorkspaceStatus> list() {
    List<WorkspaceStatus> running = new ArrayList<>();
    for (Instance instance : lookup.matching(Ec2Tags.deployment(config.deployment()))) {
      String id = ManagedInstance.tag(instance, Ec2Tags.WORKSPACE);
      if (id != null && WorkspaceIds.isValid(id) && ManagedInstance.running(instance)) {
        relearn(id, instance);
        running.add(status(id, instance));
      }
    }
    return running;
  }

  /** Every non-terminated workspace instance of this deployment, running or stopped. */
  @Override
  public List<WorkspaceStatus> existing() {
    List<WorkspaceStatus> all = new ArrayList<>();
    for (Instance instance : lookup.matching(Ec2Tags.deployment(config.deployment()))) {
      String id = ManagedInstance.tag(instance, Ec2Tags.WORKSPACE);
      if (id != null && WorkspaceIds.isValid(id)) {
        if (ManagedInstance.running(instance)) {
          relearn(id, instance);
          all.add(status(id, instance));
        } else {
          all.add(WorkspaceStatus.stopped(id));
        }
      }
    }
    return all;
  }

  /** Every non-terminated instance of this deployment, for orphan reconciliation. */
  public List<ManagedInstance> managedInstances() {
    return lookup.matching(Ec2Tags.deployment(config.deployment())).stream()
        .map(ManagedInstance::of)
        .toList();
  }

  /** Terminates one instance of this deployment (an orphan); does nothing for an unknown one. */
  public void terminateInstance(String instanceId) {
    boolean ours =
        lookup.matching(Ec2Tags.deployment(config.deployment())).stream()
            .anyMatch(i -> i.instanceId().equals(instanceId));
    if (ours) {
      lookup.call(
          "TerminateInstances " + instanceId,
          () -> ec2.terminateInstances(b -> b.instanceIds(instanceId)));
    }
  }

  @Override
  public ExecResult exec(String workspaceId, ExecRequest request) {
    throw notOffered();
  }

  @Override
  public ProcessBuilder shell(String workspaceId, List<String> command) {
    throw notOffered();
  }

  private static WorkspaceException notOffered() {
    return new WorkspaceException(
        Reason.UNAVAILABLE,
        "exec and shell are not offered for EC2 workspaces; use the SSM console if the account"
            + " allows it (docs/aws.md)");
  }

  @Override
  public Optional<Path> sessionSocket(String workspaceId) {
    return Optional.empty();
  }

  @Override
  public URI brokerEndpoint() {
    return config.brokerUrl();
  }

  @Override
  public Optional<WorkspaceNetwork> network() {
    return Optional.of(this);
  }

  @Override
  public Optional<InetAddress> privateAddress(String workspaceId) {
    return Optional.ofNullable(addresses.get(workspaceId));
  }

  @Override
  public Optional<InetSocketAddress> sessionAddress(String workspaceId) {
    BootSession boot = boots.get(workspaceId);
    boolean ready = boot == null ? readyWithoutBoot.contains(workspaceId) : boot.ready();
    InetAddress address = addresses.get(workspaceId);
    return ready && address != null
        ? Optional.of(new InetSocketAddress(address, config.sessionPort()))
        : Optional.empty();
  }

  @Override
  public Optional<Map<String, String>> redeemBoot(
      String workspaceId, String bootToken, InetAddress from) {
    BootSession boot = boots.get(workspaceId);
    return boot == null ? Optional.empty() : boot.redeem(bootToken, from, clock.instant());
  }

  @Override
  public boolean reportReady(String workspaceId, InetAddress from) {
    BootSession boot = boots.get(workspaceId);
    return boot != null && boot.reportReady(from, clock.instant());
  }

  private String instanceType(WorkspaceSpec spec) {
    String size = spec.labels().get(WorkspaceSpec.LABEL_SIZE);
    String type = size == null ? null : config.instanceTypes().get(size);
    if (type == null) {
      throw new WorkspaceException(
          Reason.INVALID_SPEC,
          "workspace "
              + spec.id()
              + ": unknown size "
              + (size == null ? "(none)" : "'" + size + "'")
              + "; known sizes: "
              + config.instanceTypes().keySet().stream()
                  .sorted()
                  .collect(Collectors.joining(", ")));
    }
    return type;
  }

  private void learn(String id, Instance instance, BootSession boot) {
    InetAddress address = parse(instance.privateIpAddress());
    if (address != null) {
      addresses.put(id, address);
      boot.address(address);
    }
  }

  /** After a restart of the control plane: a running instance it did not start here is ready. */
  private void relearn(String id, Instance instance) {
    InetAddress address = parse(instance.privateIpAddress());
    if (address == null) {
      return;
    }
    addresses.put(id, address);
    if (!boots.containsKey(id) && ManagedInstance.stateOf(instance) == InstanceStateName.RUNNING) {
      readyWithoutBoot.add(id);
    }
  }

  private void forget(String id) {
    addresses.remove(id);
    boots.remove(id);
    readyWithoutBoot.remove(id);
  }

  private WorkspaceStatus status(String id, Instance instance) {
    return new WorkspaceStatus(
        id, WorkspaceState.RUNNING, instance.launchTime(), List.of(), instance.privateIpAddress());
  }

  private <T> T locked(String id, Supplier<T> action) {
    synchronized (locks.computeIfAbsent(id, k -> new Object())) {
      return action.get();
    }
  }

  private void pause(java.time.Duration duration) {
    new Retry(1, duration, duration, sleeper, config.retry().random()).pause(duration);
  }

  private static boolean isRunningWithAddress(Instance instance) {
    return ManagedInstance.stateOf(instance) == InstanceStateName.RUNNING
        && instance.privateIpAddress() != null;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static InetAddress parse(String ip) {
    if (ip == null || ip.isEmpty()) {
      return null;
    }
    try {
      return InetAddress.getByName(ip); // a literal: no lookup
    } catch (UnknownHostException e) {
      return null;
    }
  }
}

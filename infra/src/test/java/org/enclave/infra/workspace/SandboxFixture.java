package org.enclave.infra.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A provider over a fresh state directory, with a home root, one broker directory per workspace,
 * and clean-up of everything it started. Workspace ids are unique per run, so that parallel runs on
 * one host never meet.
 */
final class SandboxFixture implements AutoCloseable {
  /** Generous: the build machine is shared and often busy. */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  final Path root;
  final Path stateDir;
  final Path homeRoot;
  final Path brokerRoot;
  final String cgroupName = "enclave-test-" + shortId();

  /**
   * A uid range of this run's own, so that it shares no uid with a local enclave or another run on
   * the same host (uids are claimed per state directory).
   */
  final long uidBase = 1_200_000 + 1000L * new java.util.Random().nextInt(10_000);

  final BubblewrapWorkspaceProvider provider;
  private final List<String> started = new ArrayList<>();
  private final List<FakeBroker> brokers = new ArrayList<>();

  SandboxFixture(Path root) throws IOException {
    this.root = root;
    this.stateDir = Files.createDirectories(root.resolve("state"));
    this.homeRoot = Files.createDirectories(root.resolve("homes"));
    this.brokerRoot = Files.createDirectories(root.resolve("broker"));
    this.provider = newProvider();
  }

  /** Polls {@code condition} for up to a minute. */
  static boolean await(java.util.function.BooleanSupplier condition) {
    return SandboxStopper.await(condition, Duration.ofSeconds(60));
  }

  /** Another provider over the same state directory, as after a control-plane restart. */
  BubblewrapWorkspaceProvider newProvider() {
    return new BubblewrapWorkspaceProvider(
        BubblewrapConfig.of(stateDir)
            .withUidRange(uidBase, 1000)
            .withReadyTimeout(READY_TIMEOUT)
            .withStopGrace(Duration.ofSeconds(2))
            .withCgroupName(cgroupName));
  }

  static String uniqueId(String name) {
    return name + "-" + shortId();
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** The broker socket path of workspace {@code id}, in a directory of its own. */
  Path brokerSocket(String id) {
    return brokerRoot.resolve(id).resolve("broker.sock");
  }

  WorkspaceSpec spec(String id) {
    return WorkspaceSpec.of(id, homeRoot, brokerSocket(id))
        .withEnvironment(
            Map.of(
                "AWS_ACCESS_KEY_ID", "AKIDWORKSPACE" + id.length(),
                "AWS_SECRET_ACCESS_KEY", "test-secret",
                "AWS_REGION", "eu-west-1"));
  }

  /** Starts a workspace with a fake broker behind its socket. */
  String startWithBroker(String name) throws IOException {
    String id = uniqueId(name);
    brokers.add(FakeBroker.listen(brokerSocket(id)));
    start(spec(id));
    return id;
  }

  FakeBroker broker(int index) {
    return brokers.get(index);
  }

  /** Makes {@link #close()} terminate {@code id}, which something else started. */
  void adopt(String id) {
    started.add(id);
  }

  WorkspaceStatus start(WorkspaceSpec spec) {
    started.add(spec.id());
    return provider.start(spec);
  }

  ExecResult sh(String id, String script) {
    return provider.exec(id, ExecRequest.shell(script).withTimeout(Duration.ofSeconds(60)));
  }

  @Override
  public void close() throws IOException {
    for (String id : started) {
      try {
        provider.terminate(id);
      } catch (RuntimeException e) {
        // Best effort: the test reports its own failure.
      }
    }
    for (FakeBroker broker : brokers) {
      broker.close();
    }
  }
}

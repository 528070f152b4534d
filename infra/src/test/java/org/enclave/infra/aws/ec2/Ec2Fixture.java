package org.enclave.infra.aws.ec2;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.enclave.infra.workspace.WorkspaceSpec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * An {@link Ec2WorkspaceProvider} over {@link Ec2Stub}, with a fake clock that sleeping advances,
 * and a simulated workspace runtime: once an instance runs, it redeems the boot token of its user
 * data from the instance's address and reports ready, as the real runtime does through the broker.
 */
public final class Ec2Fixture {

  static final Duration READY_TIMEOUT = Duration.ofMinutes(10);
  static final Duration POLL = Duration.ofSeconds(5);
  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\"([^\"]*)\"");

  final MutableClock clock = new MutableClock();
  final Ec2Stub stub = new Ec2Stub(clock::instant);
  final List<Duration> sleeps = new ArrayList<>();
  static final URI BROKER = URI.create("https://broker.enclave.internal:9443");
  final List<Map<String, String>> redeemed = new ArrayList<>();
  private final Set<String> usedTokens = new HashSet<>();
  final Ec2Client client;
  final Ec2WorkspaceConfig config;
  public Ec2WorkspaceProvider provider;

  /** What the runtime does once its instance runs; the well-behaved runtime by default. */
  Consumer<Ec2Stub.Inst> runtime = this::bootNormally;

  public Ec2Fixture() {
    client =
        Ec2Client.builder()
            .httpClient(stub)
            .region(Region.EU_WEST_2)
            .endpointOverride(URI.create("https://ec2.stub.test"))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSTUB", "stub")))
            .overrideConfiguration(Ec2Clients.noRetries())
            .build();
    Retry retry =
        new Retry(
            4,
            Duration.ofMillis(100),
            Duration.ofSeconds(2),
            this::sleep,
            RandomGenerator.of("L64X128MixRandom"));
    config =
        new Ec2WorkspaceConfig(
            "clpsych-2027",
            "enclave-workspace",
            null,
            List.of("subnet-0a", "subnet-0b"),
            List.of("sg-01", "sg-02"),
            "enclave-workspace",
            "arn:aws:kms:eu-west-2:123456789012:key/ebs",
            0,
            Map.of("small", "m7i.large", "large", "g5.xlarge"),
            BROKER,
            0,
            READY_TIMEOUT,
            POLL,
            retry);
    provider = newProvider();
  }

  Ec2WorkspaceProvider newProvider() {
    return new Ec2WorkspaceProvider(client, config, clock, this::sleep);
  }

  /** The home volume of the workspace's instance that is not terminated; null if none. */
  public String homeVolume(String workspaceId) {
    return stub.instances.values().stream()
        .filter(i -> !"terminated".equals(i.state))
        .filter(i -> workspaceId.equals(i.tags.get("enclave:workspace")))
        .map(i -> i.volumes.get(1))
        .findFirst()
        .orElse(null);
  }

  public static WorkspaceSpec spec(String id, String size) {
    return WorkspaceSpec.of(id, Path.of("/unused/homes"), Path.of("/unused/broker/" + id + ".sock"))
        .withEnvironment(Map.of("ENCLAVE_BROKER_SECRET", "very-secret-" + id))
        .withLabels(Map.of("team", "team-a", "owner", "alice", "size", size));
  }

  private void sleep(Duration duration) {
    sleeps.add(duration);
    clock.advance(duration);
    for (Ec2Stub.Inst inst : List.copyOf(stub.instances.values())) {
      if ("running".equals(inst.state) && inst.userData != null) {
        runtime.accept(inst);
      }
    }
  }

  /** The well-behaved runtime: redeems its token once and reports ready. */
  void bootNormally(Ec2Stub.Inst inst) {
    Map<String, String> userData = userData(inst);
    String token = userData.get("bootToken");
    if (!usedTokens.add(token)) {
      return;
    }
    String workspace = userData.get("workspace");
    provider.redeemBoot(workspace, token, address(inst.ip)).ifPresent(redeemed::add);
    provider.reportReady(workspace, address(inst.ip));
  }

  static Map<String, String> userData(Ec2Stub.Inst inst) {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    Matcher m = FIELD.matcher(inst.userData);
    while (m.find()) {
      fields.put(m.group(1), m.group(2));
    }
    return fields;
  }

  static InetAddress address(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** A clock that only sleeping moves. */
  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-12-06T12:00:00Z");

    synchronized void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public synchronized Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}

package org.enclave.infra.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.enclave.infra.aws.IamPolicyCoverage;
import org.enclave.infra.workspace.SessionServer;
import org.enclave.infra.workspace.WorkspaceException;
import org.enclave.infra.workspace.WorkspaceException.Reason;
import org.enclave.infra.workspace.WorkspaceState;
import org.enclave.infra.workspace.WorkspaceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(IamPolicyCoverage.class)
class Ec2WorkspaceProviderTest {

  private final Ec2Fixture fx = new Ec2Fixture();

  @Test
  void launchSetsEverySecurityFieldAgain() {
    WorkspaceStatus status = fx.provider.start(Ec2Fixture.spec("w1", "large"));

    Map<String, String> run = fx.stub.calls("RunInstances").get(0);
    assertThat(run)
        .containsEntry("LaunchTemplate.LaunchTemplateName", "enclave-workspace")
        .containsEntry("LaunchTemplate.Version", "$Default")
        .containsEntry("InstanceType", "g5.xlarge")
        .containsEntry("MinCount", "1")
        .containsEntry("MaxCount", "1")
        .containsEntry("NetworkInterface.1.DeviceIndex", "0")
        .containsEntry("NetworkInterface.1.SubnetId", "subnet-0a")
        .containsEntry("NetworkInterface.1.SecurityGroupId.1", "sg-01")
        .containsEntry("NetworkInterface.1.SecurityGroupId.2", "sg-02")
        .containsEntry("NetworkInterface.1.AssociatePublicIpAddress", "false")
        .containsEntry("NetworkInterface.1.DeleteOnTermination", "true")
        .containsEntry("MetadataOptions.HttpTokens", "required")
        .containsEntry("MetadataOptions.HttpPutResponseHopLimit", "1")
        .containsEntry("MetadataOptions.HttpEndpoint", "enabled")
        .containsEntry("IamInstanceProfile.Name", "enclave-workspace")
        .containsEntry("BlockDeviceMapping.1.DeviceName", "/dev/xvda")
        .containsEntry("BlockDeviceMapping.1.Ebs.Encrypted", "true")
        .containsEntry("BlockDeviceMapping.1.Ebs.KmsKeyId", fx.config.ebsKmsKey())
        .containsEntry("BlockDeviceMapping.1.Ebs.DeleteOnTermination", "true")
        .containsEntry("BlockDeviceMapping.2.DeviceName", "/dev/sdf")
        .containsEntry("BlockDeviceMapping.2.Ebs.VolumeType", "gp3")
        .containsEntry("BlockDeviceMapping.2.Ebs.VolumeSize", "100")
        .containsEntry("BlockDeviceMapping.2.Ebs.Encrypted", "true")
        .containsEntry("BlockDeviceMapping.2.Ebs.KmsKeyId", fx.config.ebsKmsKey())
        .containsEntry("BlockDeviceMapping.2.Ebs.DeleteOnTermination", "true")
        .containsKey("ClientToken");
    for (int n = 1; n <= 3; n++) {
      String p = "TagSpecification." + n + ".";
      assertThat(run.get(p + "ResourceType"))
          .isEqualTo(List.of("instance", "volume", "network-interface").get(n - 1));
      assertThat(run)
          .containsEntry(p + "Tag.1.Key", "enclave:managed")
          .containsEntry(p + "Tag.1.Value", "true")
          .containsEntry(p + "Tag.2.Key", "enclave:deployment")
          .containsEntry(p + "Tag.2.Value", "clpsych-2027")
          .containsEntry(p + "Tag.3.Key", "enclave:workspace")
          .containsEntry(p + "Tag.3.Value", "w1")
          .containsEntry(p + "Tag.4.Key", "enclave:team")
          .containsEntry(p + "Tag.4.Value", "team-a")
          .containsEntry(p + "Tag.5.Key", "enclave:owner")
          .containsEntry(p + "Tag.5.Value", "alice")
          .containsEntry(p + "Tag.6.Key", "Name")
          .containsEntry(p + "Tag.6.Value", "enclave-ws-w1");
    }
    assertThat(status.state()).isEqualTo(WorkspaceState.RUNNING);
    assertThat(status.privateAddress()).isEqualTo("10.20.0.5");
    assertThat(fx.provider.privateAddress("w1")).contains(Ec2Fixture.address("10.20.0.5"));
    assertThat(fx.provider.sessionAddress("w1").orElseThrow().getPort()).isEqualTo(8888);
    assertThat(fx.redeemed)
        .containsExactly(
            Map.of(
                "ENCLAVE_BROKER_SECRET",
                "very-secret-w1",
                "AWS_ENDPOINT_URL",
                Ec2Fixture.BROKER.toString(),
                "ENCLAVE_SESSION_PORT",
                "8888"));
  }

  @Test
  void userDataHoldsTheBootTokenAndNoEnvironmentValue() {
    fx.provider.start(Ec2Fixture.spec("w1", "small"));

    String userData =
        new String(
            Base64.getDecoder().decode(fx.stub.calls("RunInstances").get(0).get("UserData")),
            StandardCharsets.UTF_8);
    assertThat(userData)
        .matches(
            "\\{\"workspace\":\"w1\",\"broker\":\"https://broker.enclave.internal:9443\","
                + "\"bootToken\":\"[A-Za-z0-9_-]{43}\"\\}")
        .doesNotContain("very-secret");
  }

  @Test
  void theBootEnvironmentTellsTheRuntimeWhereJupyterServes() {
    String jupyterToken = "t".repeat(SessionServer.MIN_TOKEN_LENGTH);
    fx.provider.start(
        Ec2Fixture.spec("w1", "small")
            .withEnvironment(Map.of(SessionServer.TOKEN_VARIABLE, jupyterToken))
            .withSession(new SessionServer(Path.of("/unused/sessions/w1"), "/workspaces/w1/s/")));

    assertThat(fx.redeemed.get(0))
        .containsEntry(SessionServer.TOKEN_VARIABLE, jupyterToken)
        .containsEntry(Ec2WorkspaceProvider.BOOT_ENDPOINT, "https://broker.enclave.internal:9443")
        .containsEntry(Ec2WorkspaceProvider.BOOT_SESSION_PORT, "8888")
        .containsEntry(Ec2WorkspaceProvider.BOOT_SESSION_BASE_URL, "/workspaces/w1/s/");
  }

  @Test
  void startsAreSpreadAcrossSubnets() {
    fx.provider.start(Ec2Fixture.spec("w1", "small"));
    fx.provider.start(Ec2Fixture.spec("w2", "small"));

    assertThat(fx.stub.calls("RunInstances"))
        .extracting(r -> r.get("NetworkInterface.1.SubnetId"))
        .containsExactly("subnet-0a", "subnet-0b");
  }

  @Test
  void throttledTwiceThenLaunchesOnceWithOneClientToken() {
    fx.stub.fail("RunInstances", 2, "RequestLimitExceeded", 503);

    fx.provider.start(Ec2Fixture.spec("w1", "small"));

    assertThat(fx.stub.calls("RunInstances")).hasSize(3);
    assertThat(fx.stub.calls("RunInstances"))
        .extracting(r -> r.get("ClientToken"))
        .containsOnly(fx.stub.calls("RunInstances").get(0).get("ClientToken"));
    assertThat(fx.stub.instances).hasSize(1);
  }

  @Test
  void aNewStartHasANewClientToken() {
    fx.provider.start(Ec2Fixture.spec("w1", "small"));
    fx.provider.terminate("w1");
    fx.provider.start(Ec2Fixture.spec("w1", "small"));

    List<Map<String, String>> runs = fx.stub.calls("RunInstances");
    assertThat(runs.get(0).get("ClientToken")).isNotEqualTo(runs.get(1).get("ClientToken"));
  }

  @ParameterizedTest
  @CsvSource({
    "InsufficientInstanceCapacity, 500, CAPACITY",
    "InstanceLimitExceeded, 400, QUOTA",
    "VcpuLimitExceeded, 400, QUOTA",
    "InvalidLaunchTemplateName.NotFoundException, 400, MISCONFIGURED",
    "InvalidLaunchTemplateId.VersionNotFound, 400, MISCONFIGURED",
    "InvalidSubnetID.NotFound, 400, MISCONFIGURED",
    "InvalidGroup.NotFound, 400, MISCONFIGURED",
    "InvalidParameterValue, 400, MISCONFIGURED",
    "InvalidKMSKey.InvalidState, 400, MISCONFIGURED",
    "UnauthorizedOperation, 403, MISCONFIGURED"
  })
  void launchErrorsAreNotRetriedAndSayWhatToFix(String code, int status, Reason reason) {
    fx.stub.fail("RunInstances", 1, code, status);

    assertThatThrownBy(() -> fx.provider.start(Ec2Fixture.spec("w1", "small")))
        .isInstanceOfSatisfying(
            WorkspaceException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining("w1")
        .satisfies(
            e -> assertThat(e.getMessage()).doesNotContain("scripted UnauthorizedOperation"));
    assertThat(fx.stub.calls("RunInstances")).hasSize(1);
    assertThat(fx.stub.instances).isEmpty();
  }

  @Test
  void throttlingBeyondTheRetriesIsThrottled() {
    fx.stub.fail("RunInstances", 4, "Throttling", 400);

    assertThatThrownBy(() -> fx.provider.start(Ec2Fixture.spec("w1", "small")))
        .isInstanceOfSatisfying(
            WorkspaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.THROTTLED));
    assertThat(fx.stub.calls("RunInstances")).hasSize(4);
  }

  @Test
  void connectionFailuresAreUnavailable() {
    fx.stub.failConnection("DescribeInstances", 4);

    assertThatThrownBy(() -> fx.provider.start(Ec2Fixture.spec("w1", "small")))
        .isInstanceOfSatisfying(
            WorkspaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE));
  }

  @Test
  void unknownSizeNamesTheKnownOnes() {
    assertThatThrownBy(() -> fx.provider.start(Ec2Fixture.spec("w1", "huge")))
        .isInstanceOfSatisfying(
            WorkspaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_SPEC))
        .hasMessageContaining("large, small");
    assertThat(fx.stub.requests).isEmpty();
  }

  @Test
  void readyTimeoutTerminatesTheFreshInstance() {
    fx.runtime = inst -> {};

    assertThatThrownBy(() -> fx.provider.start(Ec2Fixture.spec("w1", "small")))
        .isInstanceOfSatisfying(
            WorkspaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.START_FAILED))
        .hasMessageContaining("never redeemed the boot token")
        .hasMessageContaining("terminated");
    assertThat(fx.stub.instances.values()).extracting(i -> i.state).containsExactly("terminated");
    assertThat(fx.provider.privateAddress("w1")).isEmpty();
  }

  @Test
  void bootTokenIsRefusedWhenWrongFromElsewhereOrUsedTwice() {
    fx.runtime =
        inst -> {
          String token = Ec2Fixture.userData(inst).get("bootToken");
          var own = Ec2Fixture.address(inst.ip);
          assertThat(fx.provider.reportReady("w1", own)).isFalse();
          assertThat(fx.provider.redeemBoot("w1", token + "x", own)).isEmpty();
          assertThat(fx.provider.redeemBoot("w1", token, Ec2Fixture.address("10.20.9.9")))
              .isEmpty();
          assertThat(fx.provider.redeemBoot("w2", token, own)).isEmpty();
          assertThat(fx.provider.redeemBoot("w1", token, own)).isPresent();
          assertThat(fx.provider.redeemBoot("w1", token, own)).isEmpty();
          assertThat(fx.provider.reportReady("w1", Ec2Fixture.address("10.20.9.9"))).isFalse();
          assertThat(fx.provider.reportReady("w1", own)).isTrue();
        };

    assertThat(fx.provider.start(Ec2Fixture.spec("w1", "small")).running()).isTrue();
  }

  @Test
  void expiredBootTokenIsRefused() {
    fx.runtime =
        inst -> {
          fx.clock.advance(Ec2Fixture.READY_TIMEOUT.plusSeconds(1));
          String token = Ec2Fixture.userData(inst).get("bootToken");
          assertThat(fx.provider.redeemBoot("w1", token, Ec2Fixture.address(inst.ip))).isEmpty();
        };

    assertThatThrownBy(() -> fx.provider.start(Ec2Fixture.spec("w1", "small")))
        .isInstanceOfSatisfying(
            WorkspaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.START_FAILED));
  }

  @Test
  void restartSetsNewUserDataAndKeepsTheVolume() {
    fx.provider.start(Ec2Fixture.spec("w1", "small"));
    Ec2Stub.Inst inst = fx.stub.instances.values().iterator().next();
    String firstToken = Ec2Fixture.userData(inst).get("bootToken");
    List<String> volumes = inst.volumes;
    fx.provider.stop("w1");
    assertThat(inst.state).isEqualTo("stopped");

    WorkspaceStatus status = fx.provider.start(Ec2Fixture.spec("w1", "small"));

    assertThat(status.running()).isTrue();
    assertThat(fx.stub.calls("RunInstances")).hasSize(1);
    assertThat(fx.stub.calls("ModifyInstanceAttribute")).hasSize(1);
    assertThat(fx.stub.calls("StartInstances"))
        .singleElement()
        .satisfies(r -> assertThat(r).containsEntry("InstanceId.1", inst.id));
    assertThat(Ec2Fixture.userData(inst).get("bootToken")).isNotEqualTo(firstToken);
    assertThat(fx.stub.instances.values())
        .singleElement()
        .satisfies(i -> assertThat(i.volumes).isEqualTo(volumes));
    assertThat(fx.redeemed).hasSize(2);
  }

  @Test
  void restartTimeoutStopsTheInstanceAgain() {
    fx.provider.start(Ec2Fixture.spec("w1", "small"));
    fx.provider.stop("w1");
    fx.runtime = inst -> {};

    assertThatThrownBy(() -> fx.provider.start(Ec2Fixture.spec("w1", "small")))
        .isInstanceOfSatisfying(
            WorkspaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.START_FAILED))
        .hasMessageContaining("stopped");
    assertThat(fx.stub.calls("TerminateInstances")).isEmpty();
    assertThat(fx.stub.calls("StopInstances")).hasSize(2);
  }

  @Test
  void startingARunningWorkspaceIsAlreadyRunning() {
    fx.provider.start(Ec2Fixture.spec("w1", "small"));

    assertThatThrownBy(() -> fx.provider.start(Ec2Fixture.spec("w1", "small")))
        .isInstanceOfSatisfying(
            WorkspaceException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_RUNNING));
  }

  @Test
  void stopAndTerminateOfAnUnknownWorkspaceDoNothing() {
    fx.provider.stop("w9");
    fx.provider.terminate("w9");

    assertThat(fx.stub.calls("StopInstances")).isEmpty();
    assertThat(fx.stub.calls("TerminateInstances")).isEmpty();
  }

  @Test
  void statusFiltersByWorkspaceAndDeploymentAndForgetsTerminated() {
    fx.provider.start(Ec2Fixture.spec("w1", "small"));

    assertThat(fx.provider.status("w1").privateAddress()).isEqualTo("10.20.0.5");
    assertThat(fx.stub.calls("DescribeInstances").get(0))
        .containsEntry("Filter.1.Name", "tag:enclave:managed")
        .containsEntry("Filter.2.Name", "tag:enclave:deployment")
        .containsEntry("Filter.2.Value.1", "clpsych-2027")
        .containsEntry("Filter.3.Name", "tag:enclave:workspace")
        .containsEntry("Filter.3.Value.1", "w1");
    fx.provider.stop("w1");
    assertThat(fx.provider.status("w1").state()).isEqualTo(WorkspaceState.STOPPED);
    fx.provider.terminate("w1");
    assertThat(fx.stub.calls("TerminateInstances")).hasSize(1);
    assertThat(fx.provider.status("w1").state()).isEqualTo(WorkspaceState.STOPPED);
    assertThat(fx.provider.privateAddress("w1")).isEmpty();
  }

  @Test
  void listPagesThroughEveryRunningWorkspaceAndANewProviderRelearnsAddresses() {
    fx.provider.start(Ec2Fixture.spec("w1", "small"));
    fx.provider.start(Ec2Fixture.spec("w2", "small"));
    fx.provider.start(Ec2Fixture.spec("w3", "small"));
    fx.provider.stop("w3");
    fx.stub.pageSize = 1;
    Ec2WorkspaceProvider restarted = fx.newProvider();

    assertThat(restarted.list()).extracting(WorkspaceStatus::id).containsExactly("w1", "w2");
    assertThat(fx.stub.calls("DescribeInstances").stream().filter(r -> r.containsKey("NextToken")))
        .hasSize(2);
    assertThat(restarted.privateAddress("w2")).contains(Ec2Fixture.address("10.20.0.6"));
    assertThat(restarted.sessionAddress("w1")).isPresent();
    assertThat(restarted.managedInstances())
        .extracting(ManagedInstance::workspaceId, ManagedInstance::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("w1", "running"),
            org.assertj.core.groups.Tuple.tuple("w2", "running"),
            org.assertj.core.groups.Tuple.tuple("w3", "stopped"));
  }

  @Test
  void terminateInstanceEndsAnOrphan() {
    fx.provider.start(Ec2Fixture.spec("w1", "small"));
    String id = fx.stub.instances.keySet().iterator().next();

    fx.provider.terminateInstance(id);
    fx.provider.terminateInstance("i-0000000000000dead");

    assertThat(fx.stub.calls("TerminateInstances"))
        .singleElement()
        .satisfies(r -> assertThat(r).containsEntry("InstanceId.1", id));
  }

  @Test
  void execAndShellAreNotOffered() {
    assertThatThrownBy(() -> fx.provider.shell("w1", List.of()))
        .isInstanceOfSatisfying(
            WorkspaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE));
    assertThat(fx.provider.sessionSocket("w1")).isEmpty();
    assertThat(fx.provider.network()).containsSame(fx.provider);
  }

  @Test
  void existingIncludesStoppedWorkspaces() {
    fx.provider.start(Ec2Fixture.spec("w1", "small"));
    fx.provider.start(Ec2Fixture.spec("w2", "small"));
    fx.provider.stop("w2");

    assertThat(fx.provider.existing())
        .extracting(WorkspaceStatus::id, WorkspaceStatus::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("w1", WorkspaceState.RUNNING),
            org.assertj.core.groups.Tuple.tuple("w2", WorkspaceState.STOPPED));
  }
}

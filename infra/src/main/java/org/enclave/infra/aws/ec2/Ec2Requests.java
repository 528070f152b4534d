package org.enclave.infra.aws.ec2;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileSpecification;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataEndpointState;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataOptionsRequest;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceSpecification;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * The {@code RunInstances} request of a first start. Every security-relevant field is set here
 * again, whatever the launch template says: no public address, IMDSv2 with hop limit 1, encrypted
 * volumes deleted with the instance, the workspace profile, the tags.
 */
final class Ec2Requests {

  static final String ROOT_DEVICE = "/dev/xvda";
  static final String HOME_DEVICE = "/dev/sdf";

  private Ec2Requests() {}

  static RunInstancesRequest run(
      Ec2WorkspaceConfig config,
      String workspaceId,
      Map<String, String> labels,
      String instanceType,
      String subnetId,
      String userDataBase64,
      String clientToken) {
    var tags = Ec2Tags.of(config.deployment(), workspaceId, labels);
    return RunInstancesRequest.builder()
        .launchTemplate(
            LaunchTemplateSpecification.builder()
                .launchTemplateName(config.launchTemplate())
                .version(config.launchTemplateVersion())
                .build())
        .instanceType(instanceType)
        .minCount(1)
        .maxCount(1)
        .networkInterfaces(
            InstanceNetworkInterfaceSpecification.builder()
                .deviceIndex(0)
                .subnetId(subnetId)
                .groups(config.securityGroupIds())
                .associatePublicIpAddress(false)
                .deleteOnTermination(true)
                .build())
        .metadataOptions(
            InstanceMetadataOptionsRequest.builder()
                .httpTokens(HttpTokensState.REQUIRED)
                .httpPutResponseHopLimit(1)
                .httpEndpoint(InstanceMetadataEndpointState.ENABLED)
                .build())
        .iamInstanceProfile(
            IamInstanceProfileSpecification.builder().name(config.instanceProfile()).build())
        .blockDeviceMappings(
            BlockDeviceMapping.builder()
                .deviceName(ROOT_DEVICE)
                .ebs(
                    EbsBlockDevice.builder()
                        .encrypted(true)
                        .kmsKeyId(config.ebsKmsKey())
                        .deleteOnTermination(true)
                        .build())
                .build(),
            BlockDeviceMapping.builder()
                .deviceName(HOME_DEVICE)
                .ebs(
                    EbsBlockDevice.builder()
                        .volumeType(VolumeType.GP3)
                        .volumeSize(config.homeVolumeGib())
                        .encrypted(true)
                        .kmsKeyId(config.ebsKmsKey())
                        .deleteOnTermination(true)
                        .build())
                .build())
        .tagSpecifications(
            List.of(ResourceType.INSTANCE, ResourceType.VOLUME, ResourceType.NETWORK_INTERFACE)
                .stream()
                .map(type -> TagSpecification.builder().resourceType(type).tags(tags).build())
                .toList())
        .clientToken(clientToken)
        .userData(userDataBase64)
        .build();
  }
}

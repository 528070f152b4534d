package org.enclave.infra.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The control plane's IAM policy stays least-privilege; IamPolicyCoverage checks it suffices. */
class ControlPlanePolicyTest {
  final List<String> allowed = IamPolicyCoverage.allowedActions(IamPolicyCoverage.POLICY);

  @Test
  void allowsNoWildcardServiceAndNothingDestructiveBeyondWorkspaces() {
    assertThat(allowed).noneMatch(a -> a.equals("*") || a.endsWith(":*"));
    for (String destructive :
        List.of(
            "s3:DeleteBucket",
            "s3:PutBucketPolicy",
            "s3:PutObjectLegalHold",
            "s3:BypassGovernanceRetention",
            "kms:ScheduleKeyDeletion",
            "kms:DisableKey",
            "kms:PutKeyPolicy",
            "iam:CreateRole",
            "iam:AttachRolePolicy",
            "ec2:AuthorizeSecurityGroupEgress",
            "ec2:CreateRoute",
            "ec2:AssociateAddress",
            "ec2:ModifyInstanceMetadataOptions",
            "ec2:DeleteTags")) {
      assertThat(allowed).as(destructive).noneMatch(a -> IamPolicyCoverage.matches(a, destructive));
    }
  }

  @Test
  void launchesAreDeniedWithoutImdsV2OrWithAPublicAddressOrUnencryptedVolumes() throws Exception {
    String policy = Files.readString(IamPolicyCoverage.POLICY);
    assertThat(policy)
        .contains("\"ec2:MetadataHttpTokens\": \"required\"")
        .contains("\"ec2:MetadataHttpPutResponseHopLimit\": \"1\"")
        .contains("\"ec2:AssociatePublicIpAddress\": \"true\"")
        .contains("\"ec2:Encrypted\": \"false\"")
        .contains("\"ec2:CreateAction\": \"RunInstances\"");
  }

  @Test
  void sdkCallsMapToTheirIamActions() {
    assertThat(IamPolicyCoverage.iamAction("S3:HeadObject")).isEqualTo("s3:GetObject");
    assertThat(IamPolicyCoverage.iamAction("S3:UploadPart")).isEqualTo("s3:PutObject");
    assertThat(IamPolicyCoverage.iamAction("EC2:RunInstances")).isEqualTo("ec2:RunInstances");
    assertThat(IamPolicyCoverage.iamAction("KMS:Sign")).isEqualTo("kms:Sign");
    assertThat(IamPolicyCoverage.matches("kms:ReEncrypt*", "kms:ReEncryptFrom")).isTrue();
    assertThat(IamPolicyCoverage.matches("kms:ReEncrypt*", "kms:Encrypt")).isFalse();
  }
}

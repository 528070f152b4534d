package org.enclave.infra.aws.sts;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns a failed STS call into a {@link UserSessionException} that says what to fix. */
final class StsFailures {
  private StsFailures() {}

  static UserSessionException of(SdkException e, String operation, String roleArn) {
    if (!(e instanceof AwsServiceException service) || service.awsErrorDetails() == null) {
      return new UserSessionException(
          "cannot reach STS for "
              + operation
              + ": check the region, the endpoint (AWS_ENDPOINT_URL_STS) and the network path to"
              + " STS",
          e);
    }
    String code = String.valueOf(service.awsErrorDetails().errorCode());
    String detail = " (" + code + ": " + service.awsErrorDetails().errorMessage() + ")";
    String role = roleArn == null ? "" : " role " + roleArn;
    String fix =
        switch (code) {
          case "AccessDenied" ->
              "the control plane may not assume"
                  + role
                  + " with a source identity and session tags: allow sts:AssumeRole,"
                  + " sts:SetSourceIdentity and sts:TagSession both in its own policy"
                  + " (terraform/policies/control-plane.json) and in the role's trust policy";
          case "ValidationError" ->
              "STS refused to assume"
                  + role
                  + ": check the role ARN and that the session duration is within the role's maximum"
                  + " session duration (and at most one hour when the control plane itself runs with"
                  + " role credentials, which is role chaining)";
          case "RegionDisabledException" ->
              "STS is not activated in this region: activate it in"
                  + " IAM account settings, or use another region's endpoint";
          case "PackedPolicyTooLarge" ->
              "the session tags of" + role + " are too large for STS: shorten the team name";
          case "ExpiredToken",
              "ExpiredTokenException",
              "InvalidClientTokenId",
              "SignatureDoesNotMatch" ->
              "STS refused the control plane's own credentials: check the credentials the SDK's"
                  + " default chain finds";
          default -> "STS " + operation + (role.isEmpty() ? "" : " of" + role) + " failed";
        };
    return new UserSessionException(fix + detail, e);
  }
}

package org.enclave.infra.aws.ec2;

import java.util.Set;
import org.enclave.infra.workspace.WorkspaceException;
import org.enclave.infra.workspace.WorkspaceException.Reason;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Which EC2 failures are retried, and what each one tells the operator to fix. */
final class Ec2Errors {

  private static final Set<String> THROTTLING =
      Set.of("RequestLimitExceeded", "Throttling", "ThrottlingException");
  private static final Set<String> QUOTA = Set.of("InstanceLimitExceeded", "VcpuLimitExceeded");
  private static final Set<String> MISCONFIGURED =
      Set.of(
          "InvalidLaunchTemplateName.NotFoundException",
          "InvalidLaunchTemplateId.NotFound",
          "InvalidLaunchTemplateId.VersionNotFound",
          "InvalidSubnetID.NotFound",
          "InvalidGroup.NotFound",
          "InvalidParameterValue");

  private Ec2Errors() {}

  /** Throttling, a 5xx or a connection failure: worth another attempt of an idempotent call. */
  static boolean retryable(RuntimeException e) {
    if (e instanceof SdkClientException) {
      return true;
    }
    if (e instanceof AwsServiceException service) {
      return THROTTLING.contains(code(service))
          || service.isThrottlingException()
          || service.statusCode() >= 500;
    }
    return false;
  }

  /**
   * The workspace failure for an EC2 failure of {@code what} ("RunInstances for workspace w1");
   * {@code otherwise} for an error this table does not know.
   */
  static WorkspaceException map(String what, RuntimeException e, Reason otherwise) {
    if (e instanceof WorkspaceException workspace) {
      return workspace;
    }
    if (e instanceof SdkClientException) {
      return new WorkspaceException(
          Reason.UNAVAILABLE,
          what
              + " could not reach EC2 ("
              + e.getClass().getSimpleName()
              + "); check the EC2 endpoint or VPC endpoint and the network",
          e);
    }
    if (!(e instanceof AwsServiceException service)) {
      return new WorkspaceException(otherwise, what + " failed: " + e.getMessage(), e);
    }
    String code = code(service);
    if ("InsufficientInstanceCapacity".equals(code)) {
      return new WorkspaceException(
          Reason.CAPACITY,
          what
              + ": EC2 has no capacity for this instance type now; start again later or pick"
              + " another size");
    }
    if (QUOTA.contains(code)) {
      return new WorkspaceException(
          Reason.QUOTA,
          what + ": " + code + "; stop another workspace or raise the EC2 service quota");
    }
    if (THROTTLING.contains(code) || service.isThrottlingException()) {
      return new WorkspaceException(
          Reason.THROTTLED,
          what + ": EC2 still throttled the calls after retries; try again in a" + " minute");
    }
    if ("UnauthorizedOperation".equals(code)) {
      // The message carries an encoded authorization failure message: neither shown nor chained.
      return new WorkspaceException(
          Reason.MISCONFIGURED,
          what
              + ": the control plane's role may not do this (UnauthorizedOperation); check its"
              + " IAM policy against terraform/policies/control-plane.json and the tags");
    }
    if (MISCONFIGURED.contains(code) || code.startsWith("InvalidKMSKey.")) {
      return new WorkspaceException(
          Reason.MISCONFIGURED, what + ": " + code + " (" + message(service) + "); " + fix(code));
    }
    return new WorkspaceException(
        otherwise, what + " failed: " + code + " (" + message(service) + ")", e);
  }

  private static String fix(String code) {
    if (code.startsWith("InvalidLaunchTemplate")) {
      return "check enclave.aws.ec2.launch-template and launch-template-version";
    }
    if (code.startsWith("InvalidSubnetID")) {
      return "check enclave.aws.ec2.subnets";
    }
    if (code.startsWith("InvalidGroup")) {
      return "check enclave.aws.ec2.security-groups";
    }
    if (code.startsWith("InvalidKMSKey")) {
      return "check enclave.aws.ec2.ebs-kms-key and that its key policy lets EC2 use it";
    }
    return "check enclave.aws.ec2.instance-profile and the other EC2 settings";
  }

  static String code(AwsServiceException e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
        ? ""
        : e.awsErrorDetails().errorCode();
  }

  private static String message(AwsServiceException e) {
    return e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorMessage());
  }
}

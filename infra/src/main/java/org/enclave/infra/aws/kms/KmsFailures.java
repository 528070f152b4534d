package org.enclave.infra.aws.kms;

import org.enclave.infra.keys.KeyServiceException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns a failed KMS call into a {@link KeyServiceException} that says what to fix. The SDK has
 * already retried what is worth retrying (throttling, 5xx, network faults: the standard retry mode,
 * three attempts with backoff), so what reaches here is final for this call.
 */
final class KmsFailures {
  private KmsFailures() {}

  /**
   * @param operation the KMS operation, such as {@code Sign}
   * @param name the enclave key name
   * @param kmsKey the KMS key id, ARN or alias the call named
   */
  static KeyServiceException of(SdkException e, String operation, String name, String kmsKey) {
    String key = "KMS key " + kmsKey + " (key " + name + ")";
    if (!(e instanceof AwsServiceException service) || service.awsErrorDetails() == null) {
      return new KeyServiceException(
          "cannot reach KMS for "
              + operation
              + " on "
              + key
              + ": check the region, the endpoint "
              + "(AWS_ENDPOINT_URL_KMS) and the network path to KMS",
          e);
    }
    String code = String.valueOf(service.awsErrorDetails().errorCode());
    String detail = " (" + code + ": " + service.awsErrorDetails().errorMessage() + ")";
    String fix =
        switch (code) {
          case "NotFoundException" ->
              key
                  + " does not exist in this account and region: check the configured key id, ARN or"
                  + " alias and the region";
          case "DisabledException" -> key + " is disabled: enable it (aws kms enable-key)";
          case "KMSInvalidStateException" ->
              key
                  + " cannot be used in its current state (pending deletion, pending import or"
                  + " unavailable): cancel its deletion (aws kms cancel-key-deletion) or configure"
                  + " another key";
          case "AccessDeniedException" ->
              "the control plane may not call kms:"
                  + operation
                  + " on "
                  + key
                  + ": allow it in the key policy and in the control plane's IAM policy"
                  + " (terraform/policies/control-plane.json)";
          case "InvalidKeyUsageException" ->
              key
                  + " does not allow "
                  + operation
                  + ": a signing key must be ECC_NIST_EDWARDS25519 with key usage SIGN_VERIFY, an"
                  + " envelope key SYMMETRIC_DEFAULT with ENCRYPT_DECRYPT";
          case "InvalidCiphertextException", "IncorrectKeyException" ->
              "the envelope ciphertext"
                  + " of key "
                  + name
                  + " does not decrypt under "
                  + key
                  + " with encryption context enclave:key="
                  + name
                  + ": it was made for another key name or another KMS key, or it is damaged;"
                  + " create it again (EnvelopeSeeds)";
          case "KeyUnavailableException", "DependencyTimeoutException", "KMSInternalException" ->
              "KMS could not serve "
                  + operation
                  + " on "
                  + key
                  + " even after the SDK's retries: try again later";
          case "ThrottlingException", "LimitExceededException" ->
              "KMS throttled "
                  + operation
                  + " on "
                  + key
                  + " even after the SDK's retries: slow down, or raise the account's KMS request"
                  + " quota";
          case "UnrecognizedClientException",
              "InvalidSignatureException",
              "ExpiredTokenException" ->
              "KMS refused the control plane's credentials for "
                  + operation
                  + " on "
                  + key
                  + ": check the credentials the SDK's default chain finds";
          default -> "KMS " + operation + " on " + key + " failed";
        };
    return new KeyServiceException(fix + detail, e);
  }
}

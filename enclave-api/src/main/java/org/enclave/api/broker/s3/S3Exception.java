package org.enclave.api.broker.s3;

/**
 * A request the broker answers with an S3 error. The message goes to the client; the audit reason,
 * which may say more (for example whose credential was presented where), stays in the log.
 */
public class S3Exception extends RuntimeException {
  private final S3Error error;
  private final String auditReason;

  public S3Exception(S3Error error) {
    this(error, error.defaultMessage(), null);
  }

  public S3Exception(S3Error error, String message) {
    this(error, message, null);
  }

  public S3Exception(S3Error error, String message, String auditReason) {
    super(message, null, false, false);
    this.error = error;
    this.auditReason = auditReason;
  }

  public S3Error error() {
    return error;
  }

  /** What the audit record says; the client's message when nothing more is known. */
  public String auditReason() {
    return auditReason == null ? error.code() + ": " + getMessage() : auditReason;
  }
}

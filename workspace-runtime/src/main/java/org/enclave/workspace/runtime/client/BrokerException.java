package org.enclave.workspace.runtime.client;

import java.util.Objects;

/**
 * The data broker refused a request: its S3 error code (e.g. {@code AccessDenied}, {@code
 * NoSuchKey}), its reason, the HTTP status and the request id that the broker's audit record
 * carries too.
 */
public class BrokerException extends EnclaveException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String reason;
  private final String requestId;

  public BrokerException(
      String operation, int status, String code, String reason, String requestId) {
    super(describe(operation, status, code, reason, requestId));
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
    this.reason = reason;
    this.requestId = requestId;
  }

  private static String describe(
      String operation, int status, String code, String reason, String requestId) {
    StringBuilder m = new StringBuilder(code);
    if (reason != null && !reason.isBlank()) {
      m.append(": ").append(reason.strip());
    }
    m.append(" (").append(operation).append(", HTTP ").append(status);
    if (requestId != null && !requestId.isBlank()) {
      m.append(", request id ").append(requestId);
    }
    return m.append(')').toString();
  }

  /** The HTTP status, e.g. 403. */
  public int status() {
    return status;
  }

  /** The S3 error code, e.g. {@code AccessDenied}. */
  public String code() {
    return code;
  }

  /** The broker's reason as it sent it, or {@code null} if it sent none (HEAD answers). */
  public String reason() {
    return reason;
  }

  /** The broker's request id ({@code x-amz-request-id}), or {@code null}. */
  public String requestId() {
    return requestId;
  }
}

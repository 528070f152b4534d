package org.enclave.api.error;

import java.util.List;

/** A failure with a stable {@link ErrorCode} and a message that tells the caller how to fix it. */
public class EnclaveException extends RuntimeException {
  private final ErrorCode errorCode;
  private final transient List<FieldError> fieldErrors;

  public EnclaveException(ErrorCode errorCode, String detail) {
    this(errorCode, detail, List.of());
  }

  public EnclaveException(ErrorCode errorCode, String detail, List<FieldError> fieldErrors) {
    super(detail);
    this.errorCode = errorCode;
    this.fieldErrors = List.copyOf(fieldErrors);
  }

  public ErrorCode errorCode() {
    return errorCode;
  }

  public List<FieldError> fieldErrors() {
    return fieldErrors;
  }

  public static EnclaveException notFound(String what, Object id) {
    return new EnclaveException(ErrorCode.NOT_FOUND, what + " " + id + " does not exist");
  }
}

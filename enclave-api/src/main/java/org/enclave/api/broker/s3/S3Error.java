package org.enclave.api.broker.s3;

/**
 * The S3 error codes the data broker answers with, each with the HTTP status and default message S3
 * itself uses, so that SDKs and the AWS CLI report them as they would against S3.
 */
public enum S3Error {
  ACCESS_DENIED("AccessDenied", 403, "Access Denied"),
  INVALID_ACCESS_KEY_ID(
      "InvalidAccessKeyId",
      403,
      "The AWS Access Key Id you provided does not exist in our records."),
  SIGNATURE_DOES_NOT_MATCH(
      "SignatureDoesNotMatch",
      403,
      "The request signature we calculated does not match the signature you provided."
          + " Check your key and signing method."),
  REQUEST_TIME_TOO_SKEWED(
      "RequestTimeTooSkewed",
      403,
      "The difference between the request time and the server's time is too large."),
  AUTHORIZATION_HEADER_MALFORMED(
      "AuthorizationHeaderMalformed", 400, "The authorization header is malformed."),
  AUTHORIZATION_QUERY_PARAMETERS_ERROR(
      "AuthorizationQueryParametersError", 400, "Error parsing the X-Amz-Credential parameter."),
  INVALID_REQUEST("InvalidRequest", 400, "Invalid Request"),
  INVALID_ARGUMENT("InvalidArgument", 400, "Invalid Argument"),
  INVALID_URI("InvalidURI", 400, "Couldn't parse the specified URI."),
  INVALID_BUCKET_NAME("InvalidBucketName", 400, "The specified bucket is not valid."),
  KEY_TOO_LONG("KeyTooLongError", 400, "Your key is too long."),
  NO_SUCH_BUCKET("NoSuchBucket", 404, "The specified bucket does not exist."),
  NO_SUCH_KEY("NoSuchKey", 404, "The specified key does not exist."),
  METHOD_NOT_ALLOWED(
      "MethodNotAllowed", 405, "The specified method is not allowed against this resource."),
  PRECONDITION_FAILED(
      "PreconditionFailed", 412, "At least one of the preconditions you specified did not hold."),
  INVALID_RANGE("InvalidRange", 416, "The requested range is not satisfiable"),
  INTERNAL_ERROR("InternalError", 500, "We encountered an internal error. Please try again."),
  NOT_IMPLEMENTED(
      "NotImplemented",
      501,
      "A header or query you provided implies functionality that is not implemented."),
  SERVICE_UNAVAILABLE("ServiceUnavailable", 503, "Please reduce your request rate.");

  private final String code;
  private final int status;
  private final String message;

  S3Error(String code, int status, String message) {
    this.code = code;
    this.status = status;
    this.message = message;
  }

  /** The S3 error code, for example {@code NoSuchKey}. */
  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  public String defaultMessage() {
    return message;
  }
}

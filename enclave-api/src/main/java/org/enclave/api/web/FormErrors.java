package org.enclave.api.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.error.FieldError;
import org.enclave.api.workspace.model.WorkspaceSize;

/**
 * Turns form fields into the API's request records, checked with the same Bean Validation
 * constraints the REST API applies, and refusals into what a page shows: the problem's title and
 * detail, never a stack trace.
 */
@ApplicationScoped
public class FormErrors {
  @Inject Validator validator;

  /** What a page shows of a refusal. */
  public record PageError(String title, String detail, List<FieldError> fields) {
    /** The message about one field, shown next to it; null when the refusal names another. */
    public String about(String field) {
      return fields.stream()
          .filter(f -> f.field().equals(field))
          .map(FieldError::message)
          .findFirst()
          .orElse(null);
    }
  }

  public static PageError of(EnclaveException e) {
    ErrorCode code = e.errorCode();
    String detail =
        code.status() >= 500 && code != ErrorCode.WORKSPACE_START_FAILED
            ? "the request could not be completed; try again, or ask an operator"
            : e.getMessage();
    return new PageError(code.title(), detail, e.fieldErrors());
  }

  /** A refused form's answer: the page again (with the error shown), with the refusal's status. */
  static jakarta.ws.rs.core.Response refusal(EnclaveException e, Object page) {
    return jakarta.ws.rs.core.Response.status(e.errorCode().status())
        .type(jakarta.ws.rs.core.MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(page)
        .build();
  }

  /** The request if it meets its constraints; otherwise a validation failure naming the fields. */
  public <T> T validated(T request) {
    Set<ConstraintViolation<T>> violations = validator.validate(request);
    if (violations.isEmpty()) {
      return request;
    }
    List<FieldError> fields =
        violations.stream()
            .map(v -> new FieldError(v.getPropertyPath().toString(), v.getMessage()))
            .sorted(Comparator.comparing(FieldError::field))
            .toList();
    throw new EnclaveException(ErrorCode.VALIDATION_FAILED, "the form has mistakes", fields);
  }

  static UUID uuid(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return UUID.fromString(value.strip());
    } catch (IllegalArgumentException e) {
      throw invalid(field, "must be one of the choices offered");
    }
  }

  static WorkspaceSize size(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return WorkspaceSize.fromJson(value.strip());
    } catch (IllegalArgumentException e) {
      throw invalid("size", "must be small, medium or large");
    }
  }

  /** A refusal of one field of a form, with the message shown next to it. */
  static EnclaveException invalid(String field, String message) {
    return new EnclaveException(
        ErrorCode.VALIDATION_FAILED,
        field + " " + message,
        List.of(new FieldError(field, message)));
  }
}

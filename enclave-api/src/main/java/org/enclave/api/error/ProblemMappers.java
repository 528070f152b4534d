package org.enclave.api.error;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.UnauthenticatedDenials;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.audit.AuditException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into {@code application/problem+json} with a stable code. Messages say what
 * was wrong and how to fix it, and never carry stack traces, SQL or tokens.
 */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @Inject CurrentPrincipal principal;
  @Inject AuditRecorder audit;
  @Inject UnauthenticatedDenials unauthenticated;

  @ServerExceptionMapper
  public Response enclave(EnclaveException e, UriInfo uri) {
    return ProblemResponses.of(e.errorCode(), e.getMessage(), path(uri), e.fieldErrors());
  }

  @ServerExceptionMapper
  public Response validation(ConstraintViolationException e, UriInfo uri) {
    List<FieldError> errors = new ArrayList<>();
    for (ConstraintViolation<?> v : e.getConstraintViolations()) {
      errors.add(new FieldError(fieldName(v.getPropertyPath()), v.getMessage()));
    }
    errors.sort(Comparator.comparing(FieldError::field));
    String detail =
        errors.isEmpty()
            ? "request is invalid"
            : "invalid fields: "
                + String.join(
                    ", ", errors.stream().map(f -> f.field() + " " + f.message()).toList());
    return ProblemResponses.of(ErrorCode.VALIDATION_FAILED, detail, path(uri), errors);
  }

  @ServerExceptionMapper(priority = 1)
  public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
    String field = jsonPath(e);
    return ProblemResponses.of(
        ErrorCode.UNKNOWN_FIELD,
        "field '"
            + field
            + "' is not accepted here; remove it (accepted: "
            + e.getKnownPropertyIds()
            + ")",
        path(uri),
        List.of(new FieldError(field, "unknown field")));
  }

  @ServerExceptionMapper(priority = 1)
  public Response wrongType(InvalidFormatException e, UriInfo uri) {
    String field = jsonPath(e);
    String expected =
        e.getTargetType() == null ? "another type" : e.getTargetType().getSimpleName();
    return ProblemResponses.of(
        ErrorCode.INVALID_FIELD_TYPE,
        "field '" + field + "' has the wrong type or format; expected " + expected,
        path(uri),
        List.of(new FieldError(field, "expected " + expected)));
  }

  @ServerExceptionMapper(priority = 2)
  public Response mismatched(MismatchedInputException e, UriInfo uri) {
    String field = jsonPath(e);
    if (field.isEmpty()) {
      return ProblemResponses.of(
          ErrorCode.MALFORMED_JSON,
          "request body must be a JSON object of the documented shape",
          path(uri));
    }
    String expected =
        e.getTargetType() == null ? "another type" : e.getTargetType().getSimpleName();
    return ProblemResponses.of(
        ErrorCode.INVALID_FIELD_TYPE,
        "field '" + field + "' has the wrong type; expected " + expected,
        path(uri),
        List.of(new FieldError(field, "expected " + expected)));
  }

  @ServerExceptionMapper(priority = 3)
  public Response malformed(JsonProcessingException e, UriInfo uri) {
    if (e.getCause() instanceof EnclaveException cause) {
      // Thrown while the body was read, for example by the JSON body limit.
      return enclave(cause, uri);
    }
    if (e instanceof InputCoercionException c && !jsonPath(c).isEmpty()) {
      String field = jsonPath(c);
      String expected =
          c.getTargetType() == null ? "a smaller number" : c.getTargetType().getSimpleName();
      return ProblemResponses.of(
          ErrorCode.INVALID_FIELD_TYPE,
          "field '" + field + "' is out of range; expected " + expected,
          path(uri),
          List.of(new FieldError(field, "expected " + expected)));
    }
    if (e instanceof JsonMappingException m && !jsonPath(m).isEmpty()) {
      String field = jsonPath(m);
      return ProblemResponses.of(
          ErrorCode.INVALID_FIELD_TYPE,
          "field '" + field + "' could not be read",
          path(uri),
          List.of(new FieldError(field, "invalid value")));
    }
    String where =
        e.getLocation() == null
            ? ""
            : " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    return ProblemResponses.of(
        ErrorCode.MALFORMED_JSON, "request body is not valid JSON" + where, path(uri));
  }

  @ServerExceptionMapper
  public Uni<Response> unauthorized(UnauthorizedException e, RoutingContext ctx, UriInfo uri) {
    return challengeOrProblem(ctx, uri);
  }

  @ServerExceptionMapper
  public Uni<Response> authenticationFailed(
      AuthenticationFailedException e, RoutingContext ctx, UriInfo uri) {
    return challengeOrProblem(ctx, uri);
  }

  @ServerExceptionMapper
  public Response authenticationCompletion(AuthenticationCompletionException e, UriInfo uri) {
    return ProblemResponses.of(
        ErrorCode.UNAUTHENTICATED, "sign-in could not be completed; start again", path(uri));
  }

  @ServerExceptionMapper
  public Uni<Response> forbidden(ForbiddenException e, RoutingContext ctx, UriInfo uri) {
    EnclavePrincipal who = principal.get();
    String endpoint = ctx.request().method().name() + " " + path(uri);
    Response response =
        ProblemResponses.of(
            ErrorCode.FORBIDDEN,
            "your roles (" + String.join(",", who.roleNames()) + ") do not allow this operation",
            path(uri));
    return audit
        .deniedOffThread(
            who,
            "http.request",
            AuditRecorder.Target.of("endpoint", endpoint),
            "role not permitted")
        .replaceWith(response);
  }

  @ServerExceptionMapper
  public Response audit(AuditException e, UriInfo uri) {
    LOG.error("audit log unavailable; refusing the action", e);
    return ProblemResponses.of(
        ErrorCode.AUDIT_UNAVAILABLE,
        "the audit log could not record this action, so it was not performed; retry later",
        path(uri));
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, UriInfo uri) {
    if (e.getCause() instanceof JsonProcessingException json) {
      // The JSON reader reports syntax errors as a 400 wrapping the parser's exception.
      return malformed(json, uri);
    }
    int status = e.getResponse().getStatus();
    if (e instanceof NotFoundException || status == 404) {
      return ProblemResponses.of(ErrorCode.NOT_FOUND, "no such resource: " + path(uri), path(uri));
    }
    if (e instanceof NotAllowedException || status == 405) {
      return ProblemResponses.of(
          ErrorCode.METHOD_NOT_ALLOWED, "this method is not supported here", path(uri));
    }
    if (e instanceof NotSupportedException || status == 415) {
      return ProblemResponses.of(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "unsupported Content-Type; send application/json (file uploads: application/octet-stream)",
          path(uri));
    }
    if (e instanceof NotAcceptableException || status == 406) {
      return ProblemResponses.of(
          ErrorCode.NOT_ACCEPTABLE, "cannot produce the media type named in Accept", path(uri));
    }
    if (status == 413) {
      return ProblemResponses.of(ErrorCode.PAYLOAD_TOO_LARGE, "request body too large", path(uri));
    }
    if (status >= 400 && status < 500) {
      return ProblemResponses.of(
          ErrorCode.BAD_REQUEST,
          "the request could not be understood: check parameters and body",
          path(uri));
    }
    LOG.error("request failed", e);
    return ProblemResponses.of(ErrorCode.INTERNAL, "internal error", path(uri));
  }

  @ServerExceptionMapper(priority = 10000)
  public Response internal(Throwable e, UriInfo uri) {
    LOG.error("unexpected failure", e);
    return ProblemResponses.of(ErrorCode.INTERNAL, "internal error", path(uri));
  }

  private Uni<Response> challengeOrProblem(RoutingContext ctx, UriInfo uri) {
    String p = path(uri);
    if (p.startsWith("/api/")) {
      boolean tokenSent = ctx.request().getHeader("Authorization") != null;
      Response response =
          Response.fromResponse(
                  ProblemResponses.of(
                      ErrorCode.UNAUTHENTICATED,
                      tokenSent
                          ? "the bearer token was rejected (expired, not yet valid, wrong issuer or"
                              + " audience, or bad signature); get a new access token"
                          : "a bearer token is required: send 'Authorization: Bearer <access token>'",
                      p))
              .header("WWW-Authenticate", "Bearer realm=\"enclave\"")
              .build();
      String endpoint = ctx.request().method().name() + " " + p;
      return unauthenticated
          .refused(
              ctx.request().remoteAddress() == null
                  ? null
                  : ctx.request().remoteAddress().hostAddress(),
              endpoint,
              tokenSent ? "invalid token" : "no credentials")
          .replaceWith(response);
    }
    HttpAuthenticator authenticator = ctx.get(HttpAuthenticator.class.getName());
    if (authenticator == null) {
      return Uni.createFrom()
          .item(ProblemResponses.of(ErrorCode.UNAUTHENTICATED, "sign-in required", p));
    }
    return authenticator
        .getChallenge(ctx)
        .map(
            challenge -> {
              if (challenge == null) {
                return ProblemResponses.of(ErrorCode.UNAUTHENTICATED, "sign-in required", p);
              }
              Response.ResponseBuilder b = Response.status(challenge.status);
              challenge.getHeaders().forEach((name, value) -> b.header(name.toString(), value));
              return b.build();
            });
  }

  private static String path(UriInfo uri) {
    return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
  }

  private static String jsonPath(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static String jsonPath(InputCoercionException e) {
    String path = "";
    JsonParser p = e.getProcessor();
    if (p != null) {
      for (JsonStreamContext c = p.getParsingContext(); c != null; c = c.getParent()) {
        if (c.inArray()) {
          path = "[" + c.getCurrentIndex() + "]" + path;
        } else if (c.inObject() && c.getCurrentName() != null) {
          path = "." + c.getCurrentName() + path;
        }
      }
    }
    return path.startsWith(".") ? path.substring(1) : path;
  }

  /** The request field a violation is about: the bean property path without method and argument. */
  static String fieldName(Path path) {
    StringBuilder b = new StringBuilder();
    for (Path.Node n : path) {
      if (n.getKind() == ElementKind.METHOD || n.getKind() == ElementKind.PARAMETER) {
        continue;
      }
      if (n.getKind() == ElementKind.CONTAINER_ELEMENT) {
        if (n.getIndex() != null) {
          b.append('[').append(n.getIndex()).append(']');
        }
        continue;
      }
      if (n.getName() == null) {
        continue;
      }
      if (b.length() > 0) {
        b.append('.');
      }
      b.append(n.getName());
      if (n.getIndex() != null) {
        b.append('[').append(n.getIndex()).append(']');
      }
    }
    if (b.length() == 0) {
      for (Path.Node n : path) {
        if (n.getKind() == ElementKind.PARAMETER) {
          return "body".equals(n.getName()) ? "body" : n.getName();
        }
      }
      return "body";
    }
    return b.toString();
  }
}

package org.enclave.api.sharedtask.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.enclave.api.error.Problem;
import org.enclave.api.sharedtask.model.SubmissionModels.FileProblem;
import org.enclave.api.sharedtask.service.FileRejectedException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A rejected gold or submission file as {@code application/problem+json}: the usual members and
 * {@code problems}, every kind of problem found with its first occurrences.
 */
public class FileRejectionMapper {

  /** RFC 9457 problem details with the file's problems as an extension member. */
  public record FileRejection(
      String type,
      String title,
      int status,
      String detail,
      String instance,
      String code,
      List<FileProblem> problems) {

    public static FileRejection of(FileRejectedException e, String instance) {
      Problem p = Problem.of(e.errorCode(), e.getMessage(), instance, List.of());
      return new FileRejection(
          p.type(), p.title(), p.status(), p.detail(), instance, p.code(), e.problems());
    }
  }

  @ServerExceptionMapper
  public Response rejected(FileRejectedException e, UriInfo uri) {
    String path = uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    return Response.status(e.errorCode().status())
        .type(Problem.MEDIA_TYPE)
        .entity(FileRejection.of(e, path))
        .build();
  }
}

package org.enclave.api.governance.rest;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.governance.service.FilePaths;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Takes a dataset file's path from the request line as the client sent it. The HTTP layer
 * normalizes paths before routing (dot segments removed, doubled and trailing slashes dropped), so
 * {@code a/../b} would otherwise be stored as {@code b}, and enough {@code ..} could route into
 * another version. A file path that routing changed is refused with the reason the sent path is
 * invalid.
 */
public class RawFilePathFilter {
  /** The resources that take a file path: the API's and the console's uploads. */
  private static final Set<Class<?>> UPLOADS =
      Set.of(DatasetResource.class, org.enclave.api.web.ConsoleDatasets.class);

  private static final Pattern FILE_ROUTE =
      Pattern.compile("(?:" + Api.V1 + "|/console)/datasets/[^/]+/versions/[^/]+/files/(.*)");

  @ServerRequestFilter
  public void refuseRewrittenFilePath(
      SimpleResourceInfo resource, HttpServerRequest request, UriInfo uri) {
    String routed = uri.getPathParameters().getFirst("path");
    if (routed == null || !UPLOADS.contains(resource.getResourceClass())) {
      return;
    }
    String raw = request.path();
    Matcher m = FILE_ROUTE.matcher(raw == null ? "" : raw);
    String sent = m.matches() ? decode(m.group(1)) : null;
    if (routed.equals(sent)) {
      return;
    }
    if (sent != null) {
      FilePaths.validate(sent);
    }
    throw new EnclaveException(
        ErrorCode.INVALID_FILE_NAME,
        "the request path is not in canonical form (no '.' or '..' segments, no doubled or"
            + " trailing '/'); send the file path exactly as it should be stored");
  }

  private static String decode(String encoded) {
    try {
      // Percent-decoding only: '+' is a literal plus in a path.
      return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}

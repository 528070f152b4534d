package org.enclave.api.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.export.service.ExportModels.ExportReview;
import org.enclave.api.export.service.ExportModels.ExportView;
import org.enclave.api.export.service.ExportModels.ReviewCommand;
import org.enclave.api.export.service.ExportReviews;
import org.enclave.api.export.service.ExportReviews.FileBytes;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Role;

/**
 * The export pages: a team follows its requests and, once two reviewers released one, downloads its
 * files here, outside the workspace; reviewers see their queue, each request's files rendered
 * safely (text and tables escaped, images inline, nothing executed), the findings, the team's
 * earlier requests, and decide with a comment. Every move goes through {@link ExportReviews}, with
 * the same rules and audit as the REST API.
 */
@Path(ConsoleExports.PATH)
@Produces(MediaType.TEXT_HTML)
public class ConsoleExports {
  public static final String PATH = "/console/exports";

  /** Most characters of a text file, and rows of a table, a reviewer's view shows. */
  static final int MAX_VIEW_CHARS = 1 << 20;

  static final int MAX_VIEW_ROWS = 2000;

  /** What a file's view page shows: a table, text, an image, or why nothing is shown. */
  public record FileView(
      String name,
      String sha256,
      long sizeBytes,
      List<List<String>> rows,
      String text,
      String imageDataUri,
      String notShown,
      boolean truncated,
      List<String> pageDataUris) {}

  @Inject ExportReviews reviews;
  @Inject CurrentPrincipal principal;

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance list(
        Paged<ExportView> mine,
        List<ExportView> queue,
        Paged<ExportView> decided,
        boolean reviewer,
        String q);

    static native TemplateInstance request(
        ExportView r,
        boolean mayReview,
        boolean reviewedByMe,
        boolean mayDownload,
        List<ExportView> earlier,
        FormErrors.PageError error,
        String notice);

    static native TemplateInstance file(ExportView r, FileView f);
  }

  @GET
  @Authenticated
  @Operation(hidden = true)
  public TemplateInstance list(@QueryParam("q") String q, @QueryParam("page") String page) {
    EnclavePrincipal me = principal.get();
    List<ExportView> all = reviews.list(me, null, null);
    java.util.function.Function<ExportView, String> text =
        r -> r.teamName() + " " + r.author() + " " + r.state() + " " + r.justification();
    boolean reviewer = me.hasAny(Role.OUTPUT_CHECKER, Role.STEWARD);
    List<ExportView> mine =
        all.stream().filter(r -> !reviews.mayReview(me, r) && !me.has(Role.ADMIN)).toList();
    List<ExportView> reviewable = all.stream().filter(r -> reviews.mayReview(me, r)).toList();
    List<ExportView> queue =
        reviewable.stream()
            .filter(r -> open(r) && !reviewedBy(r, me))
            .sorted((a, b) -> a.createdAt().compareTo(b.createdAt()))
            .toList();
    List<ExportView> decided =
        me.has(Role.ADMIN)
            ? all
            : reviewable.stream().filter(r -> !open(r) || reviewedBy(r, me)).toList();
    String needle = q == null ? "" : q.strip();
    return Templates.list(
        Paged.search(mine, needle, text, reviewer ? null : page, ""),
        Paged.search(queue, needle, text, null, "").items(),
        Paged.search(decided, needle, text, page, ""),
        reviewer,
        needle);
  }

  @GET
  @Path("/{exportId}")
  @Authenticated
  @Operation(hidden = true)
  public TemplateInstance request(
      @PathParam("exportId") UUID exportId, @QueryParam("done") String done) {
    return page(exportId, null, done == null ? null : NOTICES.get(done));
  }

  @POST
  @Path("/{exportId}/reviews")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RolesAllowed({Role.OUTPUT_CHECKER_NAME, Role.STEWARD_NAME})
  @Operation(hidden = true)
  public Response review(
      @PathParam("exportId") UUID exportId, MultivaluedMap<String, String> form) {
    Map<UUID, String> acks = new HashMap<>();
    form.forEach(
        (k, v) -> {
          if (k.startsWith("ack.") && !v.isEmpty()) {
            try {
              acks.put(UUID.fromString(k.substring(4)), v.get(0));
            } catch (IllegalArgumentException e) {
              // not a finding's field: the service names what is missing
            }
          }
        });
    String decision = form.getFirst("decision");
    try {
      reviews.review(
          principal.get(), exportId, new ReviewCommand(decision, form.getFirst("comment"), acks));
      return Response.seeOther(
              URI.create(
                  PATH
                      + "/"
                      + exportId
                      + "?done="
                      + URLEncoder.encode(decision.strip(), StandardCharsets.UTF_8)))
          .build();
    } catch (EnclaveException e) {
      return FormErrors.refusal(e, page(exportId, FormErrors.of(e), null));
    }
  }

  /** A released file, for a researcher of the team: the one way an export's bytes leave. */
  @GET
  @Path("/{exportId}/files/{fileId}")
  @RolesAllowed(Role.RESEARCHER_NAME)
  @Produces(MediaType.WILDCARD)
  @Operation(hidden = true)
  public Response download(@PathParam("exportId") UUID exportId, @PathParam("fileId") UUID fileId) {
    FileBytes f = reviews.download(principal.get(), exportId, fileId);
    String base = f.name().substring(f.name().lastIndexOf('/') + 1);
    StreamingOutput body =
        out -> {
          try (InputStream in = f.content()) {
            in.transferTo(out);
          }
        };
    return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE)
        .header(
            "Content-Disposition",
            "attachment; filename*=UTF-8''" + URLEncoder.encode(base, StandardCharsets.UTF_8))
        .header("Content-Length", f.sizeBytes())
        .header("X-Content-Type-Options", "nosniff")
        .header("Digest", "sha-256=" + f.sha256())
        .build();
  }

  /** A reviewer's view of one file of a request, rendered so that nothing in it runs. */
  @GET
  @Path("/{exportId}/files/{fileId}/view")
  @RolesAllowed({Role.OUTPUT_CHECKER_NAME, Role.STEWARD_NAME})
  @Operation(hidden = true)
  public Response view(@PathParam("exportId") UUID exportId, @PathParam("fileId") UUID fileId) {
    EnclavePrincipal me = principal.get();
    ExportView r = reviews.get(me, exportId);
    FileBytes f = reviews.inspect(me, exportId, fileId);
    FileView v;
    try (InputStream in = f.content()) {
      v = SafeView.of(f, in, MAX_VIEW_CHARS, MAX_VIEW_ROWS);
    } catch (IOException e) {
      throw new IllegalStateException("the export file could not be read", e);
    }
    return Response.ok(Templates.file(r, v).render(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .header(
            "Content-Security-Policy",
            "default-src 'none'; img-src data:; style-src 'self'; script-src 'self';"
                + " form-action 'none'; frame-ancestors 'none'; base-uri 'none'")
        .header("X-Content-Type-Options", "nosniff")
        .build();
  }

  private static final Map<String, String> NOTICES =
      Map.of(
          "approve", "Your approval is recorded.",
          "reject", "The request is rejected.",
          "return", "The request is returned to the team for changes.");

  private TemplateInstance page(UUID exportId, FormErrors.PageError error, String notice) {
    EnclavePrincipal me = principal.get();
    ExportView r = reviews.get(me, exportId);
    boolean mayReview = reviews.mayReview(me, r);
    List<ExportView> earlier =
        mayReview || me.has(Role.ADMIN)
            ? reviews.list(me, null, r.teamId()).stream()
                .filter(x -> !x.id().equals(r.id()) && x.createdAt().isBefore(r.createdAt()))
                .toList()
            : List.of();
    return Templates.request(
        r,
        mayReview && open(r),
        reviewedBy(r, me),
        me.has(Role.RESEARCHER) && !mayReview && r.state().equals("released"),
        earlier,
        error,
        notice);
  }

  private static boolean open(ExportView r) {
    return Set.of("submitted", "in-review").contains(r.state());
  }

  private static boolean reviewedBy(ExportView r, EnclavePrincipal me) {
    for (ExportReview x : r.reviews()) {
      if (x.reviewer().equals(me.username())) {
        return true;
      }
    }
    return false;
  }
}

package org.enclave.api.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.enclave.api.audit.Period;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.governance.model.AgreementModels.AgreementResponse;
import org.enclave.api.governance.model.AgreementModels.PublishAgreementRequest;
import org.enclave.api.governance.model.DatasetModels.CreateVersionRequest;
import org.enclave.api.governance.model.DatasetModels.DatasetResponse;
import org.enclave.api.governance.model.DatasetModels.FileResponse;
import org.enclave.api.governance.model.DatasetModels.ReaderResponse;
import org.enclave.api.governance.model.DatasetModels.RegisterDatasetRequest;
import org.enclave.api.governance.model.DatasetModels.VersionResponse;
import org.enclave.api.governance.service.AgreementService;
import org.enclave.api.governance.service.DatasetFileService;
import org.enclave.api.governance.service.DatasetService;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Role;
import org.enclave.api.transparency.TransparencyReport;
import org.enclave.api.transparency.TransparencyReportService;

/**
 * Datasets, in the browser: the catalog for everyone; for a dataset's stewards, a new dataset, a
 * draft version, files uploaded with a progress bar (streamed to the object store, one request per
 * file), publication, the data use agreement's next version, who can read it now, and the
 * transparency report as a page and as JSON. Every form calls the API's services.
 */
@Path(ConsoleDatasets.PATH)
@Produces(MediaType.TEXT_HTML)
public class ConsoleDatasets {
  public static final String PATH = "/console/datasets";

  @Inject DatasetService datasets;
  @Inject DatasetFileService files;
  @Inject AgreementService agreements;
  @Inject TransparencyReportService reports;
  @Inject CurrentPrincipal principal;
  @Inject FormErrors errors;

  /** What the register form holds, kept when it is refused. */
  public record RegisterForm(String name, String description, String tier, String stewards) {
    static final RegisterForm EMPTY = new RegisterForm("", "", "3", "");
  }

  /** A version with its files (drafts: the upload target). */
  public record VersionView(VersionResponse version, List<FileResponse> files, boolean draft) {
    /** Which form a refusal belongs to. */
    public String formKey() {
      return "version-" + version.id();
    }
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance list(
        Paged<DatasetResponse> datasets,
        String q,
        boolean steward,
        RegisterForm form,
        FormErrors.PageError error);

    static native TemplateInstance dataset(
        DatasetResponse dataset,
        List<VersionView> versions,
        AgreementResponse agreement,
        boolean manages,
        List<ReaderResponse> readers,
        FormErrors.PageError error,
        String errorFor,
        String notice);

    static native TemplateInstance transparency(TransparencyReport report);
  }

  @GET
  @Authenticated
  @Operation(hidden = true)
  public TemplateInstance list(@QueryParam("q") String q, @QueryParam("page") String page) {
    return listPage(q, page, RegisterForm.EMPTY, null);
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RolesAllowed(Role.STEWARD_NAME)
  @Operation(hidden = true)
  public Response register(
      @FormParam("name") String name,
      @FormParam("description") String description,
      @FormParam("tier") String tier,
      @FormParam("stewards") String stewards) {
    RegisterForm form =
        new RegisterForm(blank(name), blank(description), blank(tier), blank(stewards));
    try {
      RegisterDatasetRequest req =
          errors.validated(
              new RegisterDatasetRequest(
                  form.name().strip(),
                  form.description().strip(),
                  tier(form.tier()),
                  Arrays.stream(form.stewards().split("[,\\s]+"))
                      .filter(s -> !s.isBlank())
                      .toList()));
      DatasetResponse d = datasets.register(principal.get(), req);
      return done(d.id(), "registered");
    } catch (EnclaveException e) {
      return FormErrors.refusal(e, listPage(null, null, form, FormErrors.of(e)));
    }
  }

  @GET
  @Path("/{datasetId}")
  @Authenticated
  @Operation(hidden = true)
  public TemplateInstance dataset(
      @PathParam("datasetId") UUID datasetId, @QueryParam("done") String done) {
    return datasetPage(datasetId, null, null, done == null ? null : NOTICES.get(done));
  }

  @POST
  @Path("/{datasetId}/versions")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RolesAllowed(Role.STEWARD_NAME)
  @Operation(hidden = true)
  public Response createVersion(
      @PathParam("datasetId") UUID datasetId,
      @FormParam("label") String label,
      @FormParam("notes") String notes) {
    try {
      datasets.createVersion(
          principal.get(),
          datasetId,
          errors.validated(new CreateVersionRequest(blank(label).strip(), blank(notes).strip())));
      return done(datasetId, "version");
    } catch (EnclaveException e) {
      return refused(datasetId, e, "version");
    }
  }

  /**
   * One file into a draft version, streamed: what the page's upload script sends, one request per
   * file, so that the browser shows each file's progress. Answers the file's record (size, SHA-256)
   * as JSON.
   */
  @PUT
  @Path("/{datasetId}/versions/{versionId}/files/{path: .+}")
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.STEWARD_NAME)
  @Blocking
  @Operation(hidden = true)
  public FileResponse upload(
      @PathParam("datasetId") UUID datasetId,
      @PathParam("versionId") UUID versionId,
      @PathParam("path") String path,
      InputStream body) {
    return files.upload(principal.get(), datasetId, versionId, path, body);
  }

  @POST
  @Path("/{datasetId}/versions/{versionId}/publish")
  @RolesAllowed(Role.STEWARD_NAME)
  @Operation(hidden = true)
  public Response publish(
      @PathParam("datasetId") UUID datasetId, @PathParam("versionId") UUID versionId) {
    try {
      datasets.publish(principal.get(), datasetId, versionId);
      return done(datasetId, "published");
    } catch (EnclaveException e) {
      return refused(datasetId, e, "version-" + versionId);
    }
  }

  @POST
  @Path("/{datasetId}/agreements")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RolesAllowed(Role.STEWARD_NAME)
  @Operation(hidden = true)
  public Response publishAgreement(
      @PathParam("datasetId") UUID datasetId, @FormParam("text") String text) {
    try {
      agreements.publish(
          principal.get(),
          datasetId,
          errors.validated(new PublishAgreementRequest(blank(text).strip())));
      return done(datasetId, "agreement");
    } catch (EnclaveException e) {
      return refused(datasetId, e, "agreement");
    }
  }

  @GET
  @Path("/{datasetId}/transparency")
  @RolesAllowed({Role.STEWARD_NAME, Role.ADMIN_NAME, Role.AUDITOR_NAME})
  @Operation(hidden = true)
  public TemplateInstance transparency(@PathParam("datasetId") UUID datasetId) {
    return Templates.transparency(reports.generate(principal.get(), datasetId, Period.ALWAYS));
  }

  @GET
  @Path("/{datasetId}/transparency.json")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Role.STEWARD_NAME, Role.ADMIN_NAME, Role.AUDITOR_NAME})
  @Operation(hidden = true)
  public Response transparencyJson(@PathParam("datasetId") UUID datasetId) {
    TransparencyReport r = reports.generate(principal.get(), datasetId, Period.ALWAYS);
    return Response.ok(r, MediaType.APPLICATION_JSON_TYPE)
        .header(
            "Content-Disposition",
            "attachment; filename=\"" + r.datasetName() + "-transparency-report.json\"")
        .build();
  }

  private static final Map<String, String> NOTICES =
      Map.of(
          "registered", "The dataset is registered; add a version, upload its files, publish it.",
          "version", "The draft version is created: upload its files, then publish it.",
          "published", "The version is published: teams can ask for access to it.",
          "agreement",
              "The new version of the agreement is published: each member accepts it again.");

  private static Response done(UUID datasetId, String what) {
    return Response.seeOther(URI.create(PATH + "/" + datasetId + "?done=" + what)).build();
  }

  private Response refused(UUID datasetId, EnclaveException e, String errorFor) {
    return FormErrors.refusal(e, datasetPage(datasetId, FormErrors.of(e), errorFor, null));
  }

  private TemplateInstance listPage(
      String q, String page, RegisterForm form, FormErrors.PageError error) {
    return Templates.list(
        Paged.search(datasets.list(), q, d -> d.name() + " " + d.description(), page, ""),
        q == null ? "" : q.strip(),
        principal.get().has(Role.STEWARD),
        form,
        error);
  }

  private TemplateInstance datasetPage(
      UUID datasetId, FormErrors.PageError error, String errorFor, String notice) {
    EnclavePrincipal me = principal.get();
    DatasetResponse d = datasets.get(datasetId);
    boolean manages = me.has(Role.STEWARD) && d.stewards().contains(me.username());
    List<VersionView> versions = new ArrayList<>();
    for (VersionResponse v : datasets.listVersions(datasetId)) {
      boolean draft = !"PUBLISHED".equals(v.state());
      versions.add(new VersionView(v, files.list(datasetId, v.id()), draft));
    }
    AgreementResponse agreement = agreements.findCurrent(datasetId).orElse(null);
    List<ReaderResponse> readers = manages ? datasets.readers(me, datasetId) : List.of();
    return Templates.dataset(d, versions, agreement, manages, readers, error, errorFor, notice);
  }

  private static Integer tier(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(value.strip());
    } catch (NumberFormatException e) {
      throw FormErrors.invalid("sensitivityTier", "must be a number from 0 to 4");
    }
  }

  private static String blank(String s) {
    return s == null ? "" : s;
  }
}

package org.enclave.api.error;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;
import static org.enclave.api.support.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.enclave.api.support.Api;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.support.Fixture;
import org.enclave.api.support.Problems;
import org.enclave.api.support.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint that takes a JSON body refuses bad input with a precise problem document, and a
 * refused request stores nothing and audits no allowed action.
 */
@QuarkusTest
class BadInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ORGANIZER = "olga";

  @TestHTTPResource("/")
  URL base;

  // ---------------------------------------------------------------- JSON bodies

  static Stream<String> endpoints() {
    return Stream.of(
        "createTeam",
        "addTeamMember",
        "registerDataset",
        "addDatasetSteward",
        "createDatasetVersion",
        "publishAgreement",
        "createAccessRequest",
        "approveAccessRequest",
        "denyAccessRequest",
        "revokeGrant",
        "createWorkspace");
  }

  /** Approval takes an optional body; every other endpoint requires one. */
  static Stream<String> endpointsRequiringABody() {
    return endpoints().filter(op -> !op.equals("approveAccessRequest"));
  }

  static Stream<String> endpointsWithAnIdInThePath() {
    return endpoints()
        .filter(
            op ->
                !List.of("createTeam", "registerDataset", "createAccessRequest", "createWorkspace")
                    .contains(op));
  }

  static Stream<Arguments> malformedBodies() {
    List<String> bodies =
        List.of(
            "{\"name\": ",
            "{name: \"x\"}",
            "{\"a\": 1,}",
            "not json at all",
            "[1, 2]",
            "\"a string\"",
            "42");
    return endpoints().flatMap(op -> bodies.stream().map(b -> Arguments.of(op, b)));
  }

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        Arguments.of("createTeam", "name", "{\"first\": \"lighthouse\"}", "name"),
        Arguments.of("createTeam", "lead", "[\"lena\", \"lars\"]", "lead"),
        Arguments.of("createTeam", "members", "\"lena\"", "members"),
        Arguments.of("createTeam", "members", "[{\"username\": \"lena\"}]", "members[0]"),
        Arguments.of("addTeamMember", "lead", "\"maybe\"", "lead"),
        Arguments.of("addTeamMember", "username", "{\"name\": \"lena\"}", "username"),
        Arguments.of("registerDataset", "sensitivityTier", "\"three\"", "sensitivityTier"),
        Arguments.of("registerDataset", "sensitivityTier", "{\"tier\": 3}", "sensitivityTier"),
        Arguments.of("registerDataset", "sensitivityTier", "99999999999", "sensitivityTier"),
        Arguments.of("registerDataset", "description", "[\"synthetic\"]", "description"),
        Arguments.of("registerDataset", "stewards", "\"sam\"", "stewards"),
        Arguments.of("addDatasetSteward", "username", "[\"sam\"]", "username"),
        Arguments.of("createDatasetVersion", "label", "{\"v\": 1}", "label"),
        Arguments.of("createDatasetVersion", "notes", "[\"first\"]", "notes"),
        Arguments.of("publishAgreement", "text", "{\"body\": \"inside only\"}", "text"),
        Arguments.of("createAccessRequest", "teamId", "\"not-a-uuid\"", "teamId"),
        Arguments.of(
            "createAccessRequest",
            "datasetId",
            "\"zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz\"",
            "datasetId"),
        Arguments.of(
            "createAccessRequest",
            "versionId",
            "\"12345678-1234-1234-1234-12345678901\"",
            "versionId"),
        Arguments.of("createAccessRequest", "versionId", "42", "versionId"),
        Arguments.of("createAccessRequest", "durationDays", "\"thirty\"", "durationDays"),
        Arguments.of("createAccessRequest", "durationDays", "{\"days\": 30}", "durationDays"),
        Arguments.of("createAccessRequest", "purpose", "{\"text\": \"x\"}", "purpose"),
        Arguments.of("approveAccessRequest", "expiresAt", "\"next tuesday\"", "expiresAt"),
        Arguments.of("approveAccessRequest", "expiresAt", "\"2026-13-01T00:00:00Z\"", "expiresAt"),
        Arguments.of("approveAccessRequest", "expiresAt", "{\"epochSecond\": 1}", "expiresAt"),
        Arguments.of("approveAccessRequest", "note", "{\"n\": 1}", "note"),
        Arguments.of("denyAccessRequest", "reason", "{\"why\": \"x\"}", "reason"),
        Arguments.of("revokeGrant", "reason", "[\"ethics\"]", "reason"),
        Arguments.of("createWorkspace", "teamId", "\"not-a-uuid\"", "teamId"),
        Arguments.of("createWorkspace", "teamId", "7", "teamId"),
        Arguments.of("createWorkspace", "name", "{\"n\": 1}", "name"),
        Arguments.of("createWorkspace", "size", "\"huge\"", "size"),
        Arguments.of("createWorkspace", "size", "\"SMALL\"", "size"),
        Arguments.of("createWorkspace", "size", "1", "size"),
        Arguments.of("createWorkspace", "size", "{\"cpus\": 64}", "size"));
  }

  static Stream<Arguments> wrongContentTypes() {
    List<String> types =
        List.of("text/plain", "application/xml", "application/x-www-form-urlencoded");
    return endpoints().flatMap(op -> types.stream().map(t -> Arguments.of(op, t)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("malformedBodies")
  void malformedJsonIsRejected(String op, String body) {
    rejects(op, 400, "malformed-json", e -> e.call().body(body).post(e.path()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpoints")
  void unknownFieldIsRejectedByName(String op) {
    rejects(
            op,
            400,
            "unknown-field",
            e -> {
              Map<String, Object> body = e.validBody().get();
              body.put("isAdmin", true);
              return e.call().body(body).post(e.path());
            })
        .body("errors[0].field", equalTo("isAdmin"))
        .body("detail", containsString("isAdmin"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpointsRequiringABody")
  void missingRequiredFieldsAreEachNamed(String op) {
    List<String> fields =
        rejects(op, 400, "validation-failed", e -> e.call().body("{}").post(e.path()))
            .extract()
            .path("errors.field");
    assertThat(fields).containsExactlyInAnyOrderElementsOf(endpoint(op).required());
  }

  @ParameterizedTest(name = "{0}.{1} = {2}")
  @MethodSource("wrongTypes")
  void wrongTypeIsRejectedNamingTheField(String op, String field, String json, String named) {
    rejects(
            op,
            400,
            "invalid-field-type",
            e -> {
              ObjectNode body = JSON.valueToTree(e.validBody().get());
              body.set(field, parse(json));
              return e.call().body(body.toString()).post(e.path());
            })
        .body("errors[0].field", equalTo(named))
        .body("detail", containsString(named));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpoints")
  void oversizedBodyIsRejected(String op) {
    rejects(op, 413, "payload-too-large", e -> e.call().body(padded(e)).post(e.path()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpoints")
  void oversizedBodyWithoutContentLengthIsRejected(String op) throws Exception {
    Endpoint e = endpoint(op);
    Object before = e.state().get();
    long head = AuditTrail.head();
    byte[] body = json(withLongString(e)).getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(base.toURI().resolve(e.path().substring(1)))
            .header("Authorization", Tokens.bearer(Tokens.of(e.user(), e.role())))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build();
    HttpResponse<String> r = client().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith(Problems.MEDIA_TYPE));
    assertThat(JSON.readTree(r.body()).path("code").asText()).isEqualTo("payload-too-large");
    assertNothingStored(op, e, before, head);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpointsRequiringABody")
  void emptyBodyIsRejected(String op) {
    rejects(op, 400, "validation-failed", e -> e.call().post(e.path()))
        .body("errors[0].field", equalTo("body"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("wrongContentTypes")
  void wrongContentTypeIsRejected(String op, String contentType) {
    rejects(
        op,
        415,
        "unsupported-media-type",
        e ->
            e.call()
                .contentType(contentType)
                .body(
                    contentType.equals("application/xml")
                        // A well-formed document: the client's XML encoder parses what it sends.
                        ? "<request><name>x</name></request>"
                        : json(e.validBody().get()))
                .post(e.path()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpointsWithAnIdInThePath")
  void unknownIdInThePathIsNotFound(String op) {
    rejects(
        op,
        404,
        "not-found",
        e -> e.call().body(e.validBody().get()).post(e.pathFor(UUID.randomUUID().toString())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpointsWithAnIdInThePath")
  void nonUuidIdInThePathIsNotFound(String op) {
    rejects(
        op,
        404,
        "not-found",
        e -> e.call().body(e.validBody().get()).post(e.pathFor("not-a-uuid")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpoints")
  void validBodyIsAccepted(String op) {
    // The control for every rejection above, in a scene of its own so that it changes nothing the
    // rejections compare against.
    Endpoint e = buildEndpoints().get(op);
    int status = e.call().body(e.validBody().get()).post(e.path()).then().extract().statusCode();
    assertThat(status).isBetween(200, 201);
  }

  // ---------------------------------------------------------------- query parameters

  /**
   * Bad query parameters of the audit search, its export and the transparency report, and the
   * parameter each refusal names. {@code {dataset}} stands for an existing dataset's id.
   */
  static Stream<Arguments> badQueries() {
    String events = "/api/v1/audit/events";
    String export = events + "/export";
    String report = "/api/v1/datasets/{dataset}/transparency-report";
    List<Arguments> cases = new ArrayList<>();
    for (String path : List.of(events, export)) {
      cases.add(Arguments.of(path, "outcome=MAYBE", "outcome"));
      cases.add(Arguments.of(path, "outcome=allow", "outcome"));
      cases.add(Arguments.of(path, "limit=0", "limit"));
      cases.add(Arguments.of(path, "after=-2", "after"));
    }
    cases.add(Arguments.of(events, "limit=1001", "limit"));
    String workspaces = "/api/v1/workspaces";
    cases.add(Arguments.of(workspaces, "state=SLEEPING", "state"));
    cases.add(Arguments.of(workspaces, "state=running", "state"));
    cases.add(Arguments.of(workspaces, "teamId=not-a-uuid", "teamId"));
    cases.add(Arguments.of(export, "limit=100001", "limit"));
    for (String path : List.of(events, export, report)) {
      cases.add(Arguments.of(path, "from=yesterday", "from"));
      cases.add(Arguments.of(path, "from=2026-05-01", "from"));
      cases.add(Arguments.of(path, "to=2026-13-01T00:00:00Z", "to"));
      cases.add(Arguments.of(path, "from=2026-05-02T00:00:00Z&to=2026-05-01T00:00:00Z", "from"));
      cases.add(Arguments.of(path, "from=2026-05-01T00:00:00Z&to=2026-05-01T00:00:00Z", "from"));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}?{1}")
  @MethodSource("badQueries")
  void badQueryParameterIsRejectedNamingIt(String path, String query, String field) {
    String datasetId = draft().datasetId;
    long head = AuditTrail.head();
    assertProblem(
            as("audrey", "auditor").get(path.replace("{dataset}", datasetId) + "?" + query),
            400,
            "validation-failed")
        .body("errors[0].field", equalTo(field));
    assertThat(AuditTrail.after(head, Map.of("outcome", "ALLOW")))
        .as("allowed actions audited after a rejected query")
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unknownDatasets")
  void transparencyReportOfAnUnknownDatasetIsNotFound(String datasetId) {
    long head = AuditTrail.head();
    assertProblem(
        as("audrey", "auditor").get("/api/v1/datasets/" + datasetId + "/transparency-report"),
        404,
        "not-found");
    assertThat(AuditTrail.after(head, Map.of("outcome", "ALLOW"))).isEmpty();
  }

  static Stream<String> unknownDatasets() {
    return Stream.of(UUID.randomUUID().toString(), "not-a-uuid");
  }

  // ---------------------------------------------------------------- file uploads

  /**
   * File paths as sent on the request line, and whether the app refuses them (400) or routing does
   * first: a path that normalizes onto another resource never reaches an upload (404 or 405).
   * {@code {published}} stands for the id of the dataset's published version.
   */
  static Stream<Arguments> badFileNames() {
    return Stream.of(
        Arguments.of("dot dot", "..", ROUTING),
        Arguments.of("dot", ".", ROUTING),
        Arguments.of("encoded dot dot", "%2e%2e/x", ROUTING),
        Arguments.of("dot dot inside", "a/../b", APP),
        Arguments.of("encoded dot dot back into the files route", "%2e%2e/files/x", APP),
        Arguments.of("dot dots into another version", "x/../../../{published}/files/e.txt", APP),
        Arguments.of("encoded dot dot and slash", "%2E%2E%2Fx", APP),
        Arguments.of("leading dot segment", "./a", APP),
        Arguments.of("dot segment inside", "a/./b", APP),
        Arguments.of("double slash", "a//b", APP),
        Arguments.of("trailing slash", "a/", APP),
        Arguments.of("encoded absolute path", "%2Fetc%2Fpasswd", APP),
        Arguments.of("encoded slashes around dot dot", "a%2F..%2Fb", APP),
        Arguments.of("backslash", "a%5Cb", APP),
        Arguments.of("backslash traversal", "..%5Cx", APP),
        Arguments.of("NUL", "a%00b", APP),
        Arguments.of("control character", "a%01b", APP),
        Arguments.of("newline", "a%0Ab", APP),
        Arguments.of("DEL", "a%7Fb", APP),
        Arguments.of("leading space", "%20a", APP),
        Arguments.of("trailing space", "a%20", APP),
        Arguments.of("right-to-left override", "%E2%80%AEtxt.exe", APP),
        Arguments.of("600-character name", "a".repeat(600), APP),
        Arguments.of("300-character segment", "a".repeat(300), APP),
        Arguments.of("17 nested folders", "d/".repeat(16) + "f", APP));
  }

  private static final String APP = "app";
  private static final String ROUTING = "routing";

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFileNames")
  void badFileNameIsRefusedAndStoresNothing(String label, String rawPath, String refusedBy)
      throws Exception {
    Draft d = draft();
    List<Object> draftFiles = d.files(d.draftVersionId);
    List<Object> publishedFiles = d.files(d.publishedVersionId);
    List<String> objectsBefore = objects();
    HttpResponse<String> r =
        rawUpload(
            d,
            d.draftVersionId,
            rawPath.replace("{published}", d.publishedVersionId),
            "x".getBytes(StandardCharsets.UTF_8));
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith(Problems.MEDIA_TYPE));
    String code = JSON.readTree(r.body()).path("code").asText();
    if (refusedBy.equals(APP)) {
      assertThat(r.statusCode()).as("status for %s", label).isEqualTo(400);
      assertThat(code).isEqualTo("invalid-file-name");
    } else {
      assertThat(r.statusCode()).as("status for %s", label).isIn(404, 405);
      assertThat(code).isIn("not-found", "method-not-allowed");
    }
    assertThat(d.files(d.draftVersionId)).isEqualTo(draftFiles);
    assertThat(d.files(d.publishedVersionId)).isEqualTo(publishedFiles);
    assertThat(objects()).isEqualTo(objectsBefore);
    assertThat(staging()).isEmpty();
  }

  @Test
  void fileNamesThatNeedEscapingAreStoredAsSent() throws Exception {
    Draft d = draft();
    HttpResponse<String> r =
        rawUpload(
            d,
            d.draftVersionId,
            "notes/r%C3%A9sum%C3%A9%20(v1)+x.txt",
            "ok".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).path("path").asText()).isEqualTo("notes/résumé (v1)+x.txt");
  }

  @Test
  void oversizedFileIsRefusedAndLeavesNoRowAndNoObject() {
    Draft d = draft();
    List<Object> filesBefore = d.files(d.draftVersionId);
    List<String> objectsBefore = objects();
    byte[] content = new byte[1024 * 1024 + 1];
    assertProblem(d.upload(d.draftVersionId, "big.bin", content), 413, "payload-too-large");
    assertThat(d.files(d.draftVersionId)).isEqualTo(filesBefore);
    assertThat(objects()).isEqualTo(objectsBefore);
    assertThat(staging()).isEmpty();
  }

  @Test
  void fileAtTheSizeLimitIsAccepted() {
    Draft d = draft();
    byte[] content = new byte[1024 * 1024];
    d.upload(d.draftVersionId, "exactly-the-limit.bin", content)
        .then()
        .statusCode(200)
        .body("sizeBytes", equalTo(content.length))
        .body("sha256", equalTo(sha256(content)));
  }

  @Test
  void uploadToAPublishedVersionIsRefused() {
    Draft d = draft();
    List<Object> filesBefore = d.files(d.publishedVersionId);
    List<String> objectsBefore = objects();
    assertProblem(
        d.upload(d.publishedVersionId, "train/late.jsonl", "{}".getBytes(StandardCharsets.UTF_8)),
        409,
        "version-immutable");
    assertThat(d.files(d.publishedVersionId)).isEqualTo(filesBefore);
    assertThat(objects()).isEqualTo(objectsBefore);
  }

  @Test
  void uploadRecordsSizeAndSha256AndReplacingKeepsOneRow() {
    Draft d = draft();
    String path = "train/" + Api.unique("posts") + ".jsonl";
    byte[] first = new byte[100_000];
    new java.util.Random(1).nextBytes(first);
    d.upload(d.draftVersionId, path, first)
        .then()
        .statusCode(200)
        .body("path", equalTo(path))
        .body("sizeBytes", equalTo(first.length))
        .body("sha256", equalTo(sha256(first)))
        .body("mediaType", equalTo("application/x-ndjson"))
        .body("uploadedBy", equalTo(d.steward));

    byte[] second = "{\"post\": 2}\n".getBytes(StandardCharsets.UTF_8);
    d.upload(d.draftVersionId, path, second)
        .then()
        .statusCode(200)
        .body("sizeBytes", equalTo(second.length))
        .body("sha256", equalTo(sha256(second)));
    List<Map<String, Object>> rows =
        as(d.steward, "steward")
            .get(d.filesPath(d.draftVersionId))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("findAll { it.path == '" + path + "' }");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("sha256")).isEqualTo(sha256(second));
    assertThat(((Number) rows.get(0).get("sizeBytes")).longValue()).isEqualTo(second.length);
  }

  private HttpResponse<String> rawUpload(Draft d, String versionId, String rawPath, byte[] content)
      throws IOException, InterruptedException {
    // Sent byte for byte: no client-side normalization of dot segments or escapes.
    URI uri =
        URI.create(base.toString().replaceFirst("/$", "") + d.filesPath(versionId) + "/" + rawPath);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header("Authorization", Tokens.bearer(Tokens.of(d.steward, "steward")))
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
            .build();
    return client().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static final Path OBJECTS = Path.of("target/test-objects");

  /** Every stored object, as a path under the object store root; the staging area excluded. */
  private static List<String> objects() {
    try (Stream<Path> files = Files.walk(OBJECTS)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> OBJECTS.relativize(p).toString())
          .filter(p -> !p.startsWith(".staging"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> staging() {
    try (Stream<Path> files = Files.list(OBJECTS.resolve(".staging"))) {
      return files.toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A dataset with a published version and a draft version, and its steward. */
  private record Draft(
      String steward, String datasetId, String publishedVersionId, String draftVersionId) {
    String filesPath(String versionId) {
      return "/api/v1/datasets/" + datasetId + "/versions/" + versionId + "/files";
    }

    Response upload(String versionId, String path, byte[] content) {
      return given()
          .header("Authorization", Tokens.bearer(Tokens.of(steward, "steward")))
          .contentType(ContentType.BINARY)
          .body(content)
          .put(filesPath(versionId) + "/" + path);
    }

    List<Object> files(String versionId) {
      List<Object> rows =
          as(steward, "steward")
              .get(filesPath(versionId))
              .then()
              .statusCode(200)
              .extract()
              .path("$");
      return new ArrayList<>(rows);
    }
  }

  private static Draft draft;

  private static synchronized Draft draft() {
    if (draft == null) {
      Fixture f = Fixture.create();
      String draftVersionId =
          as(f.steward, "steward")
              .body(body("label", "draft", "notes", "uploads under test"))
              .post("/api/v1/datasets/" + f.datasetId + "/versions")
              .then()
              .statusCode(201)
              .extract()
              .path("id");
      draft = new Draft(f.steward, f.datasetId, f.versionId, draftVersionId);
    }
    return draft;
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Sends a bad request, checks the problem document, and checks that nothing changed: the
   * endpoint's resource reads the same and the audit log gained no allowed action.
   */
  private static ValidatableResponse rejects(
      String op, int status, String code, Function<Endpoint, Response> send) {
    Endpoint e = endpoint(op);
    Object before = e.state().get();
    long head = AuditTrail.head();
    ValidatableResponse response = assertProblem(send.apply(e), status, code);
    assertNothingStored(op, e, before, head);
    return response;
  }

  private static void assertNothingStored(String op, Endpoint e, Object before, long head) {
    assertThat(e.state().get()).as("what %s changes, after a rejected call", op).isEqualTo(before);
    assertThat(AuditTrail.after(head, Map.of("outcome", "ALLOW")))
        .as("allowed actions audited after a rejected %s", op)
        .isEmpty();
  }

  /** The valid body, with more than 64 KiB of insignificant whitespace before its last brace. */
  private static String padded(Endpoint e) {
    String json = json(e.validBody().get());
    return json.substring(0, json.length() - 1) + " ".repeat(70 * 1024) + "}";
  }

  /** The valid body with its first text field more than 64 KiB long. */
  private static Map<String, Object> withLongString(Endpoint e) {
    Map<String, Object> body = e.validBody().get();
    String field =
        body.entrySet().stream()
            .filter(entry -> entry.getValue() instanceof String)
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    body.put(field, body.get(field) + "x".repeat(70 * 1024));
    return body;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  // ---------------------------------------------------------------- the scene

  /**
   * One endpoint as a caller entitled to use it sees it: who calls, where, a valid body, the fields
   * it requires, and a read of the state it would change.
   */
  private record Endpoint(
      String user,
      String role,
      String id,
      Function<String, String> pathForId,
      Supplier<Map<String, Object>> validBody,
      List<String> required,
      Supplier<Object> state) {
    String path() {
      return pathForId.apply(id);
    }

    String pathFor(String otherId) {
      return pathForId.apply(otherId);
    }

    io.restassured.specification.RequestSpecification call() {
      return as(user, role);
    }
  }

  private static Map<String, Endpoint> endpoints;

  private static synchronized Endpoint endpoint(String op) {
    if (endpoints == null) {
      endpoints = buildEndpoints();
    }
    Endpoint e = endpoints.get(op);
    if (e == null) {
      throw new IllegalArgumentException("no endpoint " + op);
    }
    return e;
  }

  private static Map<String, Endpoint> buildEndpoints() {
    Fixture f = Fixture.create();
    Fixture granted = Fixture.create();
    String grantId =
        as(granted.steward, "steward")
            .post("/api/v1/access-requests/" + granted.requestId + "/approve")
            .then()
            .statusCode(200)
            .extract()
            .path("grantId");
    String datasets = "/api/v1/datasets";
    Map<String, Endpoint> m = new LinkedHashMap<>();
    m.put(
        "createTeam",
        new Endpoint(
            ORGANIZER,
            "organizer",
            null,
            id -> "/api/v1/teams",
            () ->
                body(
                    "name", Api.unique("team"),
                    "displayName", "Lighthouse",
                    "lead", Api.unique("lead"),
                    "members", List.of()),
            List.of("name", "lead"),
            () -> read(ORGANIZER, "organizer", "/api/v1/teams", "name")));
    m.put(
        "addTeamMember",
        new Endpoint(
            ORGANIZER,
            "organizer",
            f.teamId,
            id -> "/api/v1/teams/" + id + "/members",
            () -> body("username", Api.unique("new"), "lead", false),
            List.of("username"),
            () -> read(ORGANIZER, "organizer", "/api/v1/teams/" + f.teamId, "members")));
    m.put(
        "registerDataset",
        new Endpoint(
            f.steward,
            "steward",
            null,
            id -> datasets,
            () ->
                body(
                    "name",
                    Api.unique("ds"),
                    "description",
                    "synthetic posts",
                    "sensitivityTier",
                    2,
                    "stewards",
                    List.of()),
            List.of("description", "name", "sensitivityTier"),
            () -> read(f.steward, "steward", datasets, "name")));
    m.put(
        "addDatasetSteward",
        new Endpoint(
            f.steward,
            "steward",
            f.datasetId,
            id -> datasets + "/" + id + "/stewards",
            () -> body("username", Api.unique("stew")),
            List.of("username"),
            () -> read(f.steward, "steward", datasets + "/" + f.datasetId, "stewards")));
    m.put(
        "createDatasetVersion",
        new Endpoint(
            f.steward,
            "steward",
            f.datasetId,
            id -> datasets + "/" + id + "/versions",
            () -> body("label", Api.unique("v"), "notes", "second"),
            List.of("label"),
            () -> read(f.steward, "steward", datasets + "/" + f.datasetId + "/versions", "label")));
    m.put(
        "publishAgreement",
        new Endpoint(
            f.steward,
            "steward",
            f.datasetId,
            id -> datasets + "/" + id + "/agreements",
            () -> body("text", "Use only inside the enclave; version " + Api.unique("t")),
            List.of("text"),
            () ->
                read(
                    f.steward,
                    "steward",
                    datasets + "/" + f.datasetId + "/agreements",
                    "version")));
    m.put(
        "createAccessRequest",
        new Endpoint(
            f.outsider,
            "researcher",
            null,
            id -> "/api/v1/access-requests",
            () ->
                body(
                    "teamId",
                    f.otherTeamId,
                    "datasetId",
                    f.datasetId,
                    "versionId",
                    f.versionId,
                    "purpose",
                    "risk classification",
                    "ethicsReference",
                    "IRB-2026-002",
                    "durationDays",
                    30),
            List.of(
                "datasetId", "durationDays", "ethicsReference", "purpose", "teamId", "versionId"),
            () ->
                read(
                    f.steward,
                    "steward",
                    "/api/v1/access-requests?datasetId=" + f.datasetId,
                    "$")));
    String request = "/api/v1/access-requests/";
    Supplier<Object> requestState = () -> read(f.steward, "steward", request + f.requestId, "$");
    m.put(
        "approveAccessRequest",
        new Endpoint(
            f.steward,
            "steward",
            f.requestId,
            id -> request + id + "/approve",
            () ->
                body(
                    "expiresAt",
                    Instant.now().plus(Duration.ofDays(7)).toString(),
                    "note",
                    "ethics approval checked"),
            List.of(),
            requestState));
    m.put(
        "denyAccessRequest",
        new Endpoint(
            f.steward,
            "steward",
            f.requestId,
            id -> request + id + "/deny",
            () -> body("reason", "no ethics approval"),
            List.of("reason"),
            requestState));
    m.put(
        "revokeGrant",
        new Endpoint(
            granted.steward,
            "steward",
            grantId,
            id -> "/api/v1/grants/" + id + "/revoke",
            () -> body("reason", "ethics approval withdrawn"),
            List.of("reason"),
            () -> read(granted.steward, "steward", "/api/v1/grants/" + grantId, "$")));
    m.put(
        "createWorkspace",
        new Endpoint(
            f.lead,
            "researcher",
            null,
            id -> "/api/v1/workspaces",
            () -> body("teamId", f.teamId, "name", Api.unique("ws"), "size", "medium"),
            List.of("name", "teamId"),
            () -> read(f.lead, "researcher", "/api/v1/workspaces?teamId=" + f.teamId, "$")));
    return m;
  }

  private static Map<String, Object> body(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private static Object read(String user, String role, String path, String jsonPath) {
    Object value = as(user, role).get(path).then().statusCode(200).extract().path(jsonPath);
    return value instanceof List<?> list ? new ArrayList<>(list) : value;
  }
}

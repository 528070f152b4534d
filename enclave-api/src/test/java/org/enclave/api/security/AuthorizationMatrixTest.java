package org.enclave.api.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.enclave.api.support.Api;
import org.enclave.api.support.ExportFixture;
import org.enclave.api.support.Fixture;
import org.enclave.api.support.TaskFixture;
import org.enclave.api.support.Tokens;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every operation in the OpenAPI document × every kind of caller, with the status each must get. An
 * operation that is missing here fails the build, so no endpoint ships without a decision.
 */
@QuarkusTest
public class AuthorizationMatrixTest {

  /** The callers: anonymous, one per role, and callers who hold a role but lack the relation. */
  public enum Caller {
    ANONYMOUS,
    RESEARCHER, // lead of the fixture's team
    STEWARD, // steward of the fixture's dataset
    OTHER_STEWARD, // steward role, but not of this dataset
    ORGANIZER,
    ADMIN,
    AUDITOR,
    OTHER_TEAM, // researcher in another team
    OUTPUT_CHECKER // reviews exports; on no team
  }

  /** A request ready to send: path with its parameters filled in, and a body if any. */
  record Call(String path, Object body, ContentType type) {
    static Call of(String path) {
      return new Call(path, null, ContentType.JSON);
    }

    static Call of(String path, Object body) {
      return new Call(path, body, ContentType.JSON);
    }
  }

  /**
   * How to exercise one operation: whether it changes state (then every caller it lets through gets
   * a fresh fixture), how to build the call, and the expected status per caller in {@link Caller}
   * order.
   */
  record Case(boolean mutating, Function<Fixture, Call> call, int... expected) {}

  private static final String LOG = "/api/v1/audit/log";
  private static final Map<String, Case> MATRIX = new LinkedHashMap<>();

  static {
    //                                                 anon res  stw  ostw org  adm  aud  oth  ochk
    MATRIX.put(
        "getMe", read(f -> Call.of("/api/v1/me"), 401, 200, 200, 200, 200, 200, 200, 200, 200));
    MATRIX.put(
        "createTeam",
        write(
            f -> Call.of("/api/v1/teams", Api.team(Api.unique("t"), "alice", List.of())),
            401,
            403,
            403,
            403,
            201,
            201,
            403,
            403,
            403));
    MATRIX.put(
        "listTeams",
        read(f -> Call.of("/api/v1/teams"), 401, 200, 200, 200, 200, 200, 200, 200, 200));
    MATRIX.put(
        "getTeam",
        read(
            f -> Call.of("/api/v1/teams/" + f.teamId),
            401,
            200,
            200,
            200,
            200,
            200,
            200,
            403,
            403));
    MATRIX.put(
        "addTeamMember",
        write(
            f ->
                Call.of(
                    "/api/v1/teams/" + f.teamId + "/members",
                    Map.of("username", "zoe", "lead", false)),
            401,
            403,
            403,
            403,
            200,
            200,
            403,
            403,
            403));
    MATRIX.put(
        "removeTeamMember",
        write(
            f -> Call.of("/api/v1/teams/" + f.teamId + "/members/" + f.member),
            401,
            403,
            403,
            403,
            200,
            200,
            403,
            403,
            403));
    MATRIX.put(
        "registerDataset",
        write(
            f ->
                Call.of(
                    "/api/v1/datasets",
                    Map.of("name", Api.unique("ds"), "description", "d", "sensitivityTier", 2)),
            401,
            403,
            201,
            201,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "listDatasets",
        read(f -> Call.of("/api/v1/datasets"), 401, 200, 200, 200, 200, 200, 200, 200, 200));
    MATRIX.put(
        "getDataset",
        read(
            f -> Call.of("/api/v1/datasets/" + f.datasetId),
            401,
            200,
            200,
            200,
            200,
            200,
            200,
            200,
            200));
    MATRIX.put(
        "addDatasetSteward",
        write(
            f ->
                Call.of("/api/v1/datasets/" + f.datasetId + "/stewards", Map.of("username", "sam")),
            401,
            403,
            200,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "listDatasetReaders",
        read(
            f -> Call.of("/api/v1/datasets/" + f.datasetId + "/readers"),
            401,
            403,
            200,
            403,
            403,
            200,
            200,
            403,
            403));
    MATRIX.put(
        "createDatasetVersion",
        write(
            f -> Call.of("/api/v1/datasets/" + f.datasetId + "/versions", Map.of("label", "v2")),
            401,
            403,
            201,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "listDatasetVersions",
        read(
            f -> Call.of("/api/v1/datasets/" + f.datasetId + "/versions"),
            401,
            200,
            200,
            200,
            200,
            200,
            200,
            200,
            200));
    MATRIX.put(
        "getDatasetVersion",
        read(
            f -> Call.of("/api/v1/datasets/" + f.datasetId + "/versions/" + f.versionId),
            401,
            200,
            200,
            200,
            200,
            200,
            200,
            200,
            200));
    MATRIX.put(
        "publishDatasetVersion",
        write(
            f -> Call.of(versionPath(f, draftWithFile(f)) + "/publish"),
            401,
            403,
            200,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "listDatasetFiles",
        read(
            f -> Call.of(versionPath(f, f.versionId) + "/files"),
            401,
            200,
            200,
            200,
            200,
            200,
            200,
            200,
            200));
    MATRIX.put(
        "uploadDatasetFile",
        write(
            f ->
                new Call(
                    versionPath(f, draft(f)) + "/files/test/posts.jsonl",
                    "{}\n".getBytes(StandardCharsets.UTF_8),
                    ContentType.BINARY),
            401,
            403,
            200,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "deleteDatasetFile",
        write(
            f -> Call.of(versionPath(f, draftWithFile(f)) + "/files/data.jsonl"),
            401,
            403,
            204,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "getMaskingPolicy",
        read(
            f -> Call.of("/api/v1/datasets/" + f.datasetId + "/masking-policy"),
            401,
            403,
            200,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "setMaskingPolicy",
        write(
            f ->
                Call.of(
                    "/api/v1/datasets/" + f.datasetId + "/masking-policy",
                    Map.of("dateShiftDays", 7)),
            401,
            403,
            200,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "listRawFiles",
        read(
            f -> Call.of(versionPath(f, f.versionId) + "/raw"),
            401,
            403,
            200,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "uploadRawFile",
        write(
            f ->
                new Call(
                    versionPath(f, draft(f)) + "/raw/posts.jsonl", rawPosts(), ContentType.BINARY),
            401,
            403,
            200,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "deleteRawFile",
        write(
            f -> Call.of(versionPath(f, draftWithRaw(f, rawPosts())) + "/raw/posts.jsonl"),
            401,
            403,
            204,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "startIngest",
        write(
            f -> Call.of(versionPath(f, draftWithRaw(f, rawPosts())) + "/ingests", ingestRequest()),
            401,
            403,
            202,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "listIngests",
        read(
            f -> Call.of(versionPath(f, f.versionId) + "/ingests"),
            401,
            403,
            200,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "getIngest",
        read(f -> Call.of(finishedIngest(f)), 401, 403, 200, 403, 403, 403, 403, 403, 403));
    MATRIX.put(
        "listIngestProblems",
        read(
            f -> Call.of(finishedIngest(f) + "/problems"),
            401,
            403,
            200,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "getIngestReport",
        read(
            f -> Call.of(finishedIngest(f) + "/report"),
            401,
            403,
            200,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "cancelIngest",
        write(
            f -> Call.of(runningIngest(f) + "/cancel"),
            401,
            403,
            200,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "acceptIngest",
        write(
            f -> Call.of(finishedIngest(f) + "/accept"),
            401,
            403,
            200,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "publishAgreement",
        write(
            f ->
                Call.of(
                    "/api/v1/datasets/" + f.datasetId + "/agreements", Map.of("text", "v2 terms")),
            401,
            403,
            201,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "listAgreements",
        read(
            f -> Call.of("/api/v1/datasets/" + f.datasetId + "/agreements"),
            401,
            200,
            200,
            200,
            200,
            200,
            200,
            200,
            200));
    MATRIX.put(
        "getCurrentAgreement",
        read(
            f -> Call.of("/api/v1/datasets/" + f.datasetId + "/agreements/current"),
            401,
            200,
            200,
            200,
            200,
            200,
            200,
            200,
            200));
    MATRIX.put(
        "acceptAgreement",
        write(
            f -> Call.of("/api/v1/datasets/" + f.datasetId + "/agreements/1/acceptances"),
            401,
            200,
            403,
            403,
            403,
            403,
            403,
            200,
            403));
    MATRIX.put(
        "listAgreementAcceptances",
        read(
            f -> Call.of("/api/v1/datasets/" + f.datasetId + "/agreements/1/acceptances"),
            401,
            403,
            200,
            403,
            403,
            200,
            200,
            403,
            403));
    MATRIX.put(
        "createAccessRequest",
        write(
            f ->
                Call.of(
                    "/api/v1/access-requests",
                    Map.of(
                        "teamId",
                        f.teamId,
                        "datasetId",
                        f.datasetId,
                        "versionId",
                        publishedVersion(f),
                        "purpose",
                        "p",
                        "ethicsReference",
                        "e",
                        "durationDays",
                        10)),
            401,
            201,
            403,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "listAccessRequests",
        read(f -> Call.of("/api/v1/access-requests"), 401, 200, 200, 200, 200, 200, 200, 200, 200));
    MATRIX.put(
        "getAccessRequest",
        read(
            f -> Call.of("/api/v1/access-requests/" + f.requestId),
            401,
            200,
            200,
            403,
            403,
            200,
            200,
            403,
            403));
    MATRIX.put(
        "approveAccessRequest",
        write(
            f -> Call.of("/api/v1/access-requests/" + f.requestId + "/approve", Map.of()),
            401,
            403,
            200,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "denyAccessRequest",
        write(
            f ->
                Call.of("/api/v1/access-requests/" + f.requestId + "/deny", Map.of("reason", "no")),
            401,
            403,
            200,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "listGrants",
        read(f -> Call.of("/api/v1/grants"), 401, 200, 200, 200, 200, 200, 200, 200, 200));
    MATRIX.put(
        "getGrant",
        write(
            f -> Call.of("/api/v1/grants/" + approve(f)),
            401,
            200,
            200,
            403,
            403,
            200,
            200,
            403,
            403));
    MATRIX.put(
        "revokeGrant",
        write(
            f -> Call.of("/api/v1/grants/" + approve(f) + "/revoke", Map.of("reason", "ended")),
            401,
            403,
            200,
            403,
            403,
            403,
            403,
            403,
            403));
    //                                              anon res  stw  ostw org  adm  aud  oth  ochk
    MATRIX.put(
        "getAuditVerifierKey",
        read(f -> Call.of(LOG + "/verifier-key"), 401, 403, 200, 200, 403, 200, 200, 403, 403));
    MATRIX.put(
        "getLatestCheckpoint",
        read(
            f -> Call.of(awaitCheckpoint(LOG + "/checkpoint")),
            401,
            403,
            200,
            200,
            403,
            200,
            200,
            403,
            403));
    MATRIX.put(
        "listCheckpoints",
        read(f -> Call.of(LOG + "/checkpoints"), 401, 403, 200, 200, 403, 200, 200, 403, 403));
    MATRIX.put(
        "listLogEntries",
        read(f -> Call.of(LOG + "/entries"), 401, 403, 200, 200, 403, 200, 200, 403, 403));
    MATRIX.put(
        "listLogNodes",
        read(f -> Call.of(LOG + "/nodes?level=1"), 401, 403, 200, 200, 403, 200, 200, 403, 403));
    MATRIX.put(
        "getLogEntry",
        read(f -> Call.of(LOG + "/entries/0"), 401, 403, 200, 200, 403, 200, 200, 403, 403));
    MATRIX.put(
        "getInclusionProof",
        read(
            f -> Call.of(LOG + "/proofs/inclusion?index=0&size=1"),
            401,
            403,
            200,
            200,
            403,
            200,
            200,
            403,
            403));
    MATRIX.put(
        "getConsistencyProof",
        read(
            f -> Call.of(LOG + "/proofs/consistency?from=1&to=1"),
            401,
            403,
            200,
            200,
            403,
            200,
            200,
            403,
            403));
    MATRIX.put(
        "searchAuditEvents",
        read(f -> Call.of("/api/v1/audit/events"), 401, 403, 200, 200, 403, 200, 200, 403, 403));
    MATRIX.put(
        "exportAuditEvents",
        read(
            f -> Call.of("/api/v1/audit/events/export?datasetId=" + f.datasetId),
            401,
            403,
            200,
            200,
            403,
            200,
            200,
            403,
            403));
    MATRIX.put(
        "getTransparencyReport",
        read(
            f -> Call.of("/api/v1/datasets/" + f.datasetId + "/transparency-report"),
            401,
            403,
            200,
            403,
            403,
            200,
            200,
            403,
            403));
  }

  private static final String WS = "/api/v1/workspaces";

  static {
    //                                                 anon res  stw  ostw org  adm  aud  oth  ochk
    MATRIX.put(
        "createWorkspace",
        write(
            f -> Call.of(WS, Map.of("teamId", f.teamId, "name", Api.unique("ws"), "size", "small")),
            401,
            201,
            403,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "listWorkspaces", read(f -> Call.of(WS), 401, 200, 200, 200, 200, 200, 200, 200, 200));
    MATRIX.put(
        "getWorkspace",
        read(f -> Call.of(WS + "/" + workspace(f)), 401, 200, 200, 200, 403, 200, 403, 403, 403));
    // Starting and stopping run real sandboxes; a fresh team per caller keeps the team's limit.
    MATRIX.put(
        "startWorkspace",
        write(
            f -> Call.of(WS + "/" + workspace(f) + "/start"),
            401,
            200,
            403,
            403,
            403,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "stopWorkspace",
        write(
            f -> Call.of(WS + "/" + runningWorkspace(f) + "/stop"),
            401,
            200,
            200,
            200,
            403,
            200,
            403,
            403,
            403));
    MATRIX.put(
        "terminateWorkspace",
        write(
            f -> Call.of(WS + "/" + workspace(f) + "/terminate"),
            401,
            200,
            403,
            403,
            403,
            403,
            403,
            403,
            403));
  }

  private static final String TASKS = "/api/v1/tasks";

  static {
    //                                                 anon res  stw  ostw org  adm  aud  oth  ochk
    MATRIX.put(
        "listMetricSuites",
        read(f -> Call.of("/api/v1/metric-suites"), 401, 200, 200, 200, 200, 200, 200, 200, 200));
    MATRIX.put(
        "createTask",
        write(
            f ->
                Call.of(
                    TASKS,
                    Map.of(
                        "name", Api.unique("task"),
                        "title", "t",
                        "description", "d",
                        "datasetId", f.datasetId,
                        "versionId", f.versionId,
                        "suite", "clpsych2019",
                        "tieRule", "EARLIER_FIRST",
                        "countedSubmission", "LATEST")),
            401,
            403,
            403,
            403,
            201,
            403,
            403,
            403,
            403));
    MATRIX.put("listTasks", read(f -> Call.of(TASKS), 401, 200, 200, 200, 200, 200, 200, 200, 200));
    MATRIX.put("getTask", read(f -> Call.of(task(f)), 401, 200, 200, 200, 200, 200, 200, 200, 200));
    MATRIX.put(
        "createTaskPhase",
        write(
            f ->
                Call.of(
                    task(f) + "/phases",
                    Map.of(
                        "name",
                        "later",
                        "startsAt",
                        Instant.now().plus(10, ChronoUnit.DAYS).toString(),
                        "endsAt",
                        Instant.now().plus(11, ChronoUnit.DAYS).toString(),
                        "leaderboard",
                        "VISIBLE")),
            401,
            403,
            403,
            403,
            201,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "revealTaskPhase",
        write(
            f -> Call.of(task(f) + "/phases/" + hiddenPhase(f) + "/reveal"),
            401,
            403,
            403,
            403,
            200,
            403,
            403,
            403,
            403));
    // The fixture's team holds a grant for the task's inputs: its members are participants.
    MATRIX.put(
        "getLeaderboard",
        read(
            f -> Call.of(task(f) + "/phases/" + TaskFixture.of(f).phaseId + "/leaderboard"),
            401,
            200,
            403,
            403,
            200,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "uploadTaskGold",
        write(
            f ->
                new Call(
                    task(f) + "/gold",
                    TaskFixture.GOLD.getBytes(StandardCharsets.UTF_8),
                    ContentType.BINARY),
            401,
            403,
            403,
            403,
            200,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "listTaskGold",
        read(f -> Call.of(task(f) + "/gold"), 401, 403, 403, 403, 200, 403, 403, 403, 403));
    // The fixture's task is scored by a built-in suite: an organizer passes authorization and is
    // told that a program scores only a task created with suite 'program'.
    MATRIX.put(
        "uploadScoringProgram",
        write(
            f ->
                new Call(
                    task(f) + "/scoring-program?kind=python",
                    "print(1)\n".getBytes(StandardCharsets.UTF_8),
                    ContentType.BINARY),
            401,
            403,
            403,
            403,
            409,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "listScoringPrograms",
        read(
            f -> Call.of(task(f) + "/scoring-program"),
            401,
            403,
            403,
            403,
            200,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "uploadTaskBaseline",
        write(
            f ->
                new Call(
                    task(f) + "/baseline?format=tsv",
                    TaskFixture.SUBMISSION.getBytes(StandardCharsets.UTF_8),
                    ContentType.BINARY),
            401,
            403,
            403,
            403,
            200,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "rescoreTask",
        write(
            f -> Call.of(task(f) + "/rescore", Map.of("reason", "scorer fix")),
            401,
            403,
            403,
            403,
            200,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "listScoringRuns",
        read(f -> Call.of(task(f) + "/scoring-runs"), 401, 403, 403, 403, 200, 403, 403, 403, 403));
    // Everyone signed in may list; each sees only their teams' submissions (organizers: all).
    MATRIX.put(
        "listTaskSubmissions",
        read(f -> Call.of(task(f) + "/submissions"), 401, 200, 200, 200, 200, 200, 200, 200, 200));
    MATRIX.put(
        "getTaskSubmission",
        read(
            f -> Call.of(task(f) + "/submissions/" + TaskFixture.of(f).submissionId),
            401,
            200,
            403,
            403,
            200,
            403,
            403,
            403,
            403));
    MATRIX.put(
        "chooseTaskSubmission",
        write(
            f -> Call.of(task(f) + "/submissions/" + TaskFixture.of(f).submissionId + "/choose"),
            401,
            200,
            403,
            403,
            403,
            403,
            403,
            403,
            403));
    // The fixture's team was granted the steward's dataset when it filed its export requests.
    MATRIX.put(
        "listExports",
        read(f -> Call.of("/api/v1/exports"), 401, 200, 200, 200, 200, 200, 200, 200, 200));
    MATRIX.put(
        "getExport",
        read(
            f -> Call.of("/api/v1/exports/" + ExportFixture.of(f).openId),
            401,
            200,
            200,
            403,
            403,
            200,
            403,
            403,
            200));
    MATRIX.put(
        "reviewExport",
        write(
            f ->
                Call.of(
                    "/api/v1/exports/" + ExportFixture.of(f).openId + "/reviews",
                    Map.of("decision", "approve", "comment", "scores only")),
            401,
            403,
            200,
            403,
            403,
            403,
            403,
            403,
            200));
  }

  private static String task(Fixture f) {
    return TASKS + "/" + TaskFixture.of(f).taskId;
  }

  /** A phase of the fixture's task that is hidden until revealed, after the open one. */
  public static String hiddenPhase(Fixture f) {
    return TaskFixture.phase(
            TaskFixture.of(f).taskId,
            Instant.now().plus(5, ChronoUnit.DAYS),
            "HIDDEN_UNTIL_REVEALED")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** Waits until the log has issued its first checkpoint (one follows new entries within ~1 s). */
  private static String awaitCheckpoint(String path) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline
        && as("audrey", "auditor").get(path).statusCode() != 200) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return path;
  }

  private static Case read(Function<Fixture, Call> call, int... expected) {
    return new Case(false, call, expected);
  }

  private static Case write(Function<Fixture, Call> call, int... expected) {
    return new Case(true, call, expected);
  }

  /**
   * Routes outside the OpenAPI document, for browsers signed in with the code flow: expected status
   * per caller in {@link Caller} order. {@code SessionAuthorizationMatrixTest} runs the session
   * proxy's against a running workspace of the fixture's team; {@code
   * ConsoleAuthorizationMatrixTest} runs the console's ({@code 302}: sent to sign in; {@code 303}:
   * done, back to the list).
   */
  public static final Map<String, int[]> BROWSER_ROUTES = new LinkedHashMap<>();

  static {
    //                                                         anon res  stw  ostw org  adm  aud
    // oth
    BROWSER_ROUTES.put(
        org.enclave.api.session.SessionProxy.ROUTE,
        new int[] {302, 200, 403, 403, 403, 403, 403, 403, 403});
    BROWSER_ROUTES.put("GET /console", new int[] {302, 200, 200, 200, 200, 200, 200, 200, 200});
    BROWSER_ROUTES.put(
        "GET /console/workspaces", new int[] {302, 200, 200, 200, 200, 200, 200, 200, 200});
    BROWSER_ROUTES.put(
        "POST /console/workspaces", new int[] {302, 303, 403, 403, 403, 403, 403, 403, 403});
    BROWSER_ROUTES.put(
        "POST /console/workspaces/{workspaceId}/start",
        new int[] {302, 303, 403, 403, 403, 403, 403, 403, 403});
    BROWSER_ROUTES.put(
        "POST /console/workspaces/{workspaceId}/stop",
        new int[] {302, 303, 303, 303, 403, 303, 403, 403, 403});
    BROWSER_ROUTES.put(
        "POST /console/workspaces/{workspaceId}/terminate",
        new int[] {302, 303, 403, 403, 403, 403, 403, 403, 403});
    // Access pages: everyone signed in sees the catalog; researchers of the team ask and accept;
    // the dataset's stewards decide and revoke (as in the API).
    // Dataset pages: everyone signed in sees the catalog and a dataset; stewards register; only
    // the dataset's stewards change it; the transparency report as in the API.
    BROWSER_ROUTES.put(
        "GET /console/datasets", new int[] {302, 200, 200, 200, 200, 200, 200, 200, 200});
    BROWSER_ROUTES.put(
        "POST /console/datasets", new int[] {302, 403, 303, 303, 403, 403, 403, 403, 403});
    BROWSER_ROUTES.put(
        "GET /console/datasets/{datasetId}",
        new int[] {302, 200, 200, 200, 200, 200, 200, 200, 200});
    BROWSER_ROUTES.put(
        "POST /console/datasets/{datasetId}/versions",
        new int[] {302, 403, 303, 403, 403, 403, 403, 403, 403});
    BROWSER_ROUTES.put(
        "PUT /console/datasets/{datasetId}/versions/{versionId}/files/{path}",
        new int[] {302, 403, 200, 403, 403, 403, 403, 403, 403});
    BROWSER_ROUTES.put(
        "POST /console/datasets/{datasetId}/versions/{versionId}/publish",
        new int[] {302, 403, 303, 403, 403, 403, 403, 403, 403});
    BROWSER_ROUTES.put(
        "POST /console/datasets/{datasetId}/agreements",
        new int[] {302, 403, 303, 403, 403, 403, 403, 403, 403});
    BROWSER_ROUTES.put(
        "GET /console/datasets/{datasetId}/transparency",
        new int[] {302, 403, 200, 403, 403, 200, 200, 403, 403});
    BROWSER_ROUTES.put(
        "GET /console/datasets/{datasetId}/transparency.json",
        new int[] {302, 403, 200, 403, 403, 200, 200, 403, 403});
    // Teams: everyone sees theirs; organizers and admins create and change them (as the API).
    BROWSER_ROUTES.put(
        "GET /console/teams", new int[] {302, 200, 200, 200, 200, 200, 200, 200, 200});
    BROWSER_ROUTES.put(
        "POST /console/teams", new int[] {302, 403, 403, 403, 303, 303, 403, 403, 403});
    BROWSER_ROUTES.put(
        "POST /console/teams/{teamId}/members",
        new int[] {302, 403, 403, 403, 303, 303, 403, 403, 403});
    BROWSER_ROUTES.put(
        "POST /console/teams/{teamId}/members/{username}/remove",
        new int[] {302, 403, 403, 403, 303, 303, 403, 403, 403});
    BROWSER_ROUTES.put(
        "GET /console/access", new int[] {302, 200, 200, 200, 200, 200, 200, 200, 200});
    BROWSER_ROUTES.put(
        "POST /console/access/requests", new int[] {302, 303, 403, 403, 403, 403, 403, 403, 403});
    BROWSER_ROUTES.put(
        "GET /console/access/datasets/{datasetId}/agreement",
        new int[] {302, 200, 200, 200, 200, 200, 200, 200, 200});
    BROWSER_ROUTES.put(
        "POST /console/access/datasets/{datasetId}/agreement",
        new int[] {302, 303, 403, 403, 403, 403, 403, 303, 403});
    BROWSER_ROUTES.put(
        "POST /console/access/requests/{requestId}/approve",
        new int[] {302, 403, 303, 403, 403, 403, 403, 403, 403});
    BROWSER_ROUTES.put(
        "POST /console/access/requests/{requestId}/deny",
        new int[] {302, 403, 303, 403, 403, 403, 403, 403, 403});
    BROWSER_ROUTES.put(
        "POST /console/access/grants/{grantId}/revoke",
        new int[] {302, 403, 303, 403, 403, 403, 403, 403, 403});
    // Shared tasks: everyone signed in sees them; only the task's organizers change them (a
    // program upload to a task of a built-in suite passes authorization and is refused, 409);
    // researchers of the submitting team choose its counted submission (as the API).
    BROWSER_ROUTES.put(
        "GET /console/tasks", new int[] {302, 200, 200, 200, 200, 200, 200, 200, 200});
    BROWSER_ROUTES.put(
        "POST /console/tasks", new int[] {302, 403, 403, 403, 303, 403, 403, 403, 403});
    BROWSER_ROUTES.put(
        "GET /console/tasks/{taskId}", new int[] {302, 200, 200, 200, 200, 200, 200, 200, 200});
    BROWSER_ROUTES.put(
        "POST /console/tasks/{taskId}/phases",
        new int[] {302, 403, 403, 403, 303, 403, 403, 403, 403});
    BROWSER_ROUTES.put(
        "POST /console/tasks/{taskId}/phases/{phaseId}/reveal",
        new int[] {302, 403, 403, 403, 303, 403, 403, 403, 403});
    BROWSER_ROUTES.put(
        "PUT /console/tasks/{taskId}/gold",
        new int[] {302, 403, 403, 403, 200, 403, 403, 403, 403});
    BROWSER_ROUTES.put(
        "PUT /console/tasks/{taskId}/scoring-program",
        new int[] {302, 403, 403, 403, 409, 403, 403, 403, 403});
    BROWSER_ROUTES.put(
        "PUT /console/tasks/{taskId}/baseline",
        new int[] {302, 403, 403, 403, 200, 403, 403, 403, 403});
    BROWSER_ROUTES.put(
        "POST /console/tasks/{taskId}/rescore",
        new int[] {302, 403, 403, 403, 303, 403, 403, 403, 403});
    BROWSER_ROUTES.put(
        "POST /console/tasks/{taskId}/submissions/{submissionId}/choose",
        new int[] {302, 303, 403, 403, 403, 403, 403, 403, 403});
    BROWSER_ROUTES.put(
        "GET /console/audit", new int[] {302, 403, 200, 200, 403, 200, 200, 403, 403});
    // Proofs of audit entries: whoever may read the log's proofs through the API.
    BROWSER_ROUTES.put(
        "GET /console/audit/proofs", new int[] {302, 403, 200, 200, 403, 200, 200, 403, 403});
    BROWSER_ROUTES.put(
        "GET /console/audit/proofs/data", new int[] {302, 403, 200, 200, 403, 200, 200, 403, 403});
    BROWSER_ROUTES.put(
        "GET /console/audit/proofs/consistency",
        new int[] {302, 403, 200, 200, 403, 200, 200, 403, 403});
    // Export pages: the team and the reviewers of its requests see them; only reviewers decide
    // and view files; only the team's researchers download, and only released files.
    BROWSER_ROUTES.put(
        "GET /console/exports", new int[] {302, 200, 200, 200, 200, 200, 200, 200, 200});
    BROWSER_ROUTES.put(
        "GET /console/exports/{exportId}", new int[] {302, 200, 200, 403, 403, 200, 403, 403, 200});
    BROWSER_ROUTES.put(
        "POST /console/exports/{exportId}/reviews",
        new int[] {302, 403, 303, 403, 403, 403, 403, 403, 303});
    BROWSER_ROUTES.put(
        "GET /console/exports/{exportId}/files/{fileId}",
        new int[] {302, 200, 403, 403, 403, 403, 403, 403, 403});
    BROWSER_ROUTES.put(
        "GET /console/exports/{exportId}/files/{fileId}/view",
        new int[] {302, 403, 200, 403, 403, 403, 403, 403, 200});
  }

  @Test
  void everyBrowserRouteIsInTheMatrix() {
    Set<String> routes = new TreeSet<>(org.enclave.api.session.SessionProxy.ROUTES);
    routes.addAll(org.enclave.api.web.ConsoleResource.ROUTES);
    routes.addAll(consoleRoutesDeclared());
    assertThat(BROWSER_ROUTES.keySet())
        .as("browser routes without an authorization decision in the matrix")
        .containsAll(routes);
    assertThat(routes)
        .as("matrix entries for browser routes that no longer exist")
        .containsAll(BROWSER_ROUTES.keySet());
    BROWSER_ROUTES.forEach(
        (route, expected) -> assertThat(expected).as(route).hasSize(Caller.values().length));
  }

  /** Every console resource method as {@code METHOD path}, read from its JAX-RS annotations. */
  private static Set<String> consoleRoutesDeclared() {
    Set<String> out = new TreeSet<>();
    for (Class<?> c :
        List.of(
            org.enclave.api.web.ConsoleResource.class,
            org.enclave.api.web.ConsoleWorkspaces.class,
            org.enclave.api.web.ConsoleAudit.class,
            org.enclave.api.web.ConsoleProofs.class,
            org.enclave.api.web.ConsoleAccess.class,
            org.enclave.api.web.ConsoleDatasets.class,
            org.enclave.api.web.ConsoleTeams.class,
            org.enclave.api.web.ConsoleTasks.class,
            org.enclave.api.web.ConsoleExports.class)) {
      String root = c.getAnnotation(jakarta.ws.rs.Path.class).value();
      for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
        String verb =
            m.isAnnotationPresent(jakarta.ws.rs.GET.class)
                ? "GET"
                : m.isAnnotationPresent(jakarta.ws.rs.POST.class)
                    ? "POST"
                    : m.isAnnotationPresent(jakarta.ws.rs.PUT.class) ? "PUT" : null;
        if (verb == null) {
          continue;
        }
        jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
        String path =
            (root + "/" + (sub == null ? "" : sub.value()))
                .replaceAll("/+", "/")
                .replaceAll("\\{(\\w+):[^}]*\\}", "{$1}");
        path =
            path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (!path.equals("/")) { // the public home page, outside the sign-in
          out.add(verb + " " + path);
        }
      }
    }
    return out;
  }

  @Test
  void everyOperationIsInTheMatrix() {
    Set<String> documented = new TreeSet<>(operations().keySet());
    assertThat(documented).as("operations in the OpenAPI document").isNotEmpty();
    assertThat(MATRIX.keySet())
        .as("operations without an authorization decision in the matrix")
        .containsAll(documented);
    assertThat(documented)
        .as("matrix entries for operations that no longer exist")
        .containsAll(MATRIX.keySet());
    MATRIX.forEach((id, c) -> assertThat(c.expected()).as(id).hasSize(Caller.values().length));
  }

  @TestFactory
  Stream<DynamicTest> everyCallerGetsTheExpectedStatus() {
    Map<String, String> methods = operations();
    Fixture shared = Fixture.create();
    List<DynamicTest> tests = new ArrayList<>();
    MATRIX.forEach(
        (operationId, c) -> {
          // A refused request changes nothing: the callers refused an operation share one fixture
          // and one call of it; a caller it lets change something gets a fresh fixture.
          Fixture[] refusedFixture = new Fixture[1];
          Call[] refusedCall = new Call[1];
          for (Caller caller : Caller.values()) {
            int expected = c.expected()[caller.ordinal()];
            tests.add(
                dynamicTest(
                    operationId + " as " + caller + " → " + expected,
                    () -> {
                      Fixture f;
                      Call call;
                      if (c.mutating() && expected < 400) {
                        f = Fixture.create();
                        call = c.call().apply(f);
                      } else {
                        if (refusedCall[0] == null) {
                          refusedFixture[0] = c.mutating() ? Fixture.create() : shared;
                          refusedCall[0] = c.call().apply(refusedFixture[0]);
                        }
                        f = refusedFixture[0];
                        call = refusedCall[0];
                      }
                      Response r = send(caller, f, methods.get(operationId), call);
                      assertThat(r.statusCode())
                          .as(
                              "%s %s as %s: %s",
                              methods.get(operationId), call.path(), caller, r.asString())
                          .isEqualTo(expected);
                      if (expected >= 400) {
                        assertThat(r.contentType()).startsWith("application/problem+json");
                      }
                    }));
          }
        });
    return tests.stream();
  }

  /** operationId → HTTP method, read from the live OpenAPI document. */
  private static Map<String, String> operations() {
    JsonPath doc =
        given()
            .accept("application/json")
            .get("/q/openapi?format=json")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
    Map<String, String> ops = new LinkedHashMap<>();
    paths.forEach(
        (path, byMethod) ->
            byMethod.forEach(
                (method, op) -> {
                  Object id = op.get("operationId");
                  assertThat(id).as("operationId of %s %s", method, path).isNotNull();
                  ops.put(id.toString(), method.toUpperCase());
                }));
    return ops;
  }

  private static Response send(Caller caller, Fixture f, String method, Call call) {
    RequestSpecification spec = given().contentType(call.type());
    String token = token(caller, f);
    if (token != null) {
      spec = spec.header("Authorization", Tokens.bearer(token));
    }
    if (call.body() instanceof byte[] bytes) {
      spec = spec.body(bytes);
    } else if (call.body() != null) {
      spec = spec.body(call.body());
    }
    return spec.request(method, call.path());
  }

  private static String token(Caller caller, Fixture f) {
    return switch (caller) {
      case ANONYMOUS -> null;
      case RESEARCHER -> Tokens.of(f.lead, "researcher");
      case STEWARD -> Tokens.of(f.steward, "steward");
      case OTHER_STEWARD -> Tokens.of("steward-elsewhere", "steward");
      case ORGANIZER -> Tokens.of("olga", "organizer");
      case ADMIN -> Tokens.of("adam", "admin");
      case AUDITOR -> Tokens.of("audrey", "auditor");
      case OTHER_TEAM -> Tokens.of(f.outsider, "researcher");
      case OUTPUT_CHECKER -> Tokens.of("oscar", "output-checker");
    };
  }

  public static String versionPath(Fixture f, String versionId) {
    return "/api/v1/datasets/" + f.datasetId + "/versions/" + versionId;
  }

  public static String draft(Fixture f) {
    return as(f.steward, "steward")
        .body(Map.of("label", Api.unique("draft")))
        .post("/api/v1/datasets/" + f.datasetId + "/versions")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** Raw posts for ingest: a user, a post id and a body. */
  static byte[] rawPosts() {
    return "{\"id\":\"p1\",\"user\":\"u1\",\"body\":\"mail me at a@example.com\"}\n"
        .getBytes(StandardCharsets.UTF_8);
  }

  static Map<String, Object> ingestRequest() {
    return Map.of(
        "raw",
        "posts.jsonl",
        "format",
        "jsonl",
        "output",
        "posts.jsonl",
        "columns",
        Map.of("user", "user", "post", "id", "body", "body"));
  }

  /** A draft version with {@code raw} in its quarantine as posts.jsonl. */
  public static String draftWithRaw(Fixture f, byte[] raw) {
    String v = draft(f);
    as(f.steward, "steward")
        .contentType(ContentType.BINARY)
        .body(raw)
        .put(versionPath(f, v) + "/raw/posts.jsonl")
        .then()
        .statusCode(200);
    return v;
  }

  /** The path of an ingest job on a new draft, once it finished. */
  static String finishedIngest(Fixture f) {
    String path = startedIngest(f, rawPosts());
    long deadline = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
    while (true) {
      String state =
          as(f.steward, "steward").get(path).then().statusCode(200).extract().path("state");
      if (state.equals("FINISHED")) {
        return path;
      }
      if (!state.equals("QUEUED") && !state.equals("RUNNING") || System.nanoTime() > deadline) {
        throw new AssertionError("ingest job " + path + " ended " + state);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** The path of an ingest job of many rows on a new draft, still running. */
  static String runningIngest(Fixture f) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      b.append("{\"id\":\"p")
          .append(i)
          .append("\",\"user\":\"u1\",\"body\":\"Anna wrote from Leeds.\"}\n");
    }
    return startedIngest(f, b.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String startedIngest(Fixture f, byte[] raw) {
    String v = draftWithRaw(f, raw);
    String job =
        as(f.steward, "steward")
            .body(ingestRequest())
            .post(versionPath(f, v) + "/ingests")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    return versionPath(f, v) + "/ingests/" + job;
  }

  public static String draftWithFile(Fixture f) {
    String v = draft(f);
    as(f.steward, "steward")
        .contentType(ContentType.BINARY)
        .body("{}\n".getBytes(StandardCharsets.UTF_8))
        .put(versionPath(f, v) + "/files/data.jsonl")
        .then()
        .statusCode(200);
    return v;
  }

  public static String publishedVersion(Fixture f) {
    String v = draftWithFile(f);
    as(f.steward, "steward").post(versionPath(f, v) + "/publish").then().statusCode(200);
    return v;
  }

  /** A new workspace of the fixture's team, created by its lead. */
  private static String workspace(Fixture f) {
    return as(f.lead, "researcher")
        .body(Map.of("teamId", f.teamId, "name", Api.unique("ws")))
        .post(WS)
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static String runningWorkspace(Fixture f) {
    String id = workspace(f);
    as(f.lead, "researcher").post(WS + "/" + id + "/start").then().statusCode(200);
    return id;
  }

  public static String approve(Fixture f) {
    return as(f.steward, "steward")
        .body(Map.of())
        .post("/api/v1/access-requests/" + f.requestId + "/approve")
        .then()
        .statusCode(200)
        .extract()
        .path("grantId");
  }
}

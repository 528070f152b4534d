package org.enclave.api.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.support.CodeFlowBrowser;
import org.enclave.api.support.SessionProfile;
import org.enclave.api.workspace.WorkspaceScene;
import org.enclave.api.workspace.persistence.WorkspaceRepository;
import org.enclave.api.workspace.service.WorkspaceHost;
import org.enclave.api.workspace.service.WorkspaceHousekeeping;
import org.enclave.infra.workspace.ExecRequest;
import org.enclave.infra.workspace.ExecResult;
import org.enclave.infra.workspace.WorkspaceProvider;
import org.junit.jupiter.api.Test;

/**
 * The session proxy end to end: real sandboxes running the real Jupyter Notebook server, browsers
 * signed in with the code flow, the real broker, governance and audit log.
 */
@QuarkusTest
@TestProfile(SessionProfile.class)
class SessionProxyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/")
  URI base;

  @Inject SessionTokens tokens;
  @Inject WorkspaceRepository workspaces;
  @Inject WorkspaceHousekeeping housekeeping;
  @Inject WorkspaceHost host;

  static String session(String id) {
    return "/workspaces/" + id + "/session/";
  }

  private String tokenOf(String id) {
    String run =
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
            .call(() -> workspaces.findById(java.util.UUID.fromString(id)).accessKeyId);
    return tokens.tokenOf(id, run);
  }

  @Test
  void memberGetsTheNotebookAndItsApiWithoutEverSeeingTheToken() throws Exception {
    WorkspaceScene scene = new WorkspaceScene();
    String id = scene.running();
    long head = AuditTrail.head();
    CodeFlowBrowser lead = CodeFlowBrowser.signIn(base, session(id), scene.lead, "researcher");
    String token = tokenOf(id);

    HttpResponse<String> tree = lead.get(session(id) + "tree");
    assertThat(tree.statusCode()).isEqualTo(200);
    assertThat(tree.body()).contains("Jupyter").contains("data-jupyter-api-token=\"\"");
    assertThat(tree.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("frame-ancestors 'self'")
        .contains("connect-src 'self'");
    assertThat(tree.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(tree.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.contains("_xsrf"))
        .noneMatch(c -> c.startsWith("username-"));

    HttpResponse<String> kernels = lead.get(session(id) + "api/kernels");
    assertThat(kernels.statusCode()).isEqualTo(200);
    assertThat(kernels.body()).isEqualTo("[]");

    HttpResponse<String> created =
        lead.post(session(id) + "api/contents", "{\"type\":\"notebook\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String notebook = JSON.readTree(created.body()).path("path").asText();
    for (String path :
        List.of(
            "tree",
            "notebooks/" + notebook,
            "api/contents",
            "api/sessions",
            "api/kernelspecs",
            "login",
            "logout",
            "static/notebook/js/main.min.js")) {
      HttpResponse<String> r = lead.get(session(id) + path);
      assertThat(r.statusCode()).as(path).isLessThan(400);
      assertThat(r.body()).as(path).doesNotContain(token);
      assertThat(r.headers().map().toString()).as(path).doesNotContain(token);
    }

    List<Map<String, Object>> opened =
        AuditTrail.after(head, Map.of("action", "session.opened", "actor", scene.lead));
    assertThat(opened)
        .singleElement()
        .satisfies(e -> assertThat(e.get("workspaceId")).isEqualTo(id));
  }

  @Test
  void othersAreRefusedAndAnonymousBrowsersAreSentToSignIn() throws Exception {
    WorkspaceScene scene = new WorkspaceScene();
    String id = scene.running();
    WorkspaceScene other = new WorkspaceScene();

    CodeFlowBrowser outsider = CodeFlowBrowser.signIn(base, session(id), other.lead, "researcher");
    HttpResponse<String> refused = outsider.get(session(id) + "api/kernels");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(JSON.readTree(refused.body()).path("code").asText()).isEqualTo("forbidden");

    CodeFlowBrowser steward = CodeFlowBrowser.signIn(base, session(id), scene.steward, "steward");
    assertThat(steward.get(session(id) + "tree").statusCode()).isEqualTo(403);

    HttpResponse<String> anonymous = CodeFlowBrowser.anonymous(base).get(session(id) + "tree");
    assertThat(anonymous.statusCode()).isEqualTo(302);
    assertThat(anonymous.headers().firstValue("Location").orElseThrow())
        .contains("response_type=code");

    List<Map<String, Object>> denied =
        AuditTrail.after(0, Map.of("action", "session.open", "actor", other.lead));
    assertThat(denied).isNotEmpty().allSatisfy(e -> assertThat(e.get("outcome")).isEqualTo("DENY"));
  }

  @Test
  void pythonKernelReadsTheGrantedDatasetThroughTheBrokerOverTheWebSocket() throws Exception {
    WorkspaceScene scene = sceneWithTwoPosts();
    String id = scene.running();
    CodeFlowBrowser member = CodeFlowBrowser.signIn(base, session(id), scene.member, "researcher");
    long head = AuditTrail.head();

    String kernel = startKernel(member, id);
    try (KernelChannel channel = KernelChannel.open(member, id, kernel)) {
      KernelChannel.Execution hello = channel.execute("print(6 * 7)");
      assertThat(hello.status()).isEqualTo("ok");
      assertThat(hello.stdout()).isEqualTo("42\n");

      KernelChannel.Execution read =
          channel.execute(
              "import boto3, os\n"
                  + "body = boto3.client('s3').get_object(Bucket='"
                  + scene.bucket()
                  + "', Key='train/posts.jsonl')['Body'].read().decode()\n"
                  + "print(len(body.splitlines()), body.splitlines()[0])\n"
                  + "print('token' if os.environ.get('JUPYTER_TOKEN') else 'no token')");
      assertThat(read.error()).isNull();
      assertThat(read.stdout()).isEqualTo("2 {\"id\":1,\"text\":\"hello\"}\nno token\n");

      KernelChannel.Execution failing = channel.execute("1/0");
      assertThat(failing.status()).isEqualTo("error");
      assertThat(failing.error()).startsWith("ZeroDivisionError");
    }
    assertOnePostsRead(scene, id, head);

    housekeeping.saveActivity();
    String last = scene.get(id).then().extract().path("lastActivityAt");
    assertThat(last).isNotNull();
  }

  @Test
  void groovyKernelReadsTheGrantedDatasetWithTheEnclaveClient() throws Exception {
    SessionProfile.requireRuntime();
    WorkspaceScene scene = sceneWithTwoPosts();
    String id = scene.running();
    CodeFlowBrowser member = CodeFlowBrowser.signIn(base, session(id), scene.member, "researcher");
    long head = AuditTrail.head();

    String kernel = startKernel(member, id, "enclave-groovy");
    try (KernelChannel channel = KernelChannel.open(member, id, kernel)) {
      KernelChannel.Execution listed = channel.execute("println enclave.datasets()*.bucket");
      assertThat(listed.error()).isNull();
      assertThat(listed.stdout()).isEqualTo("[" + scene.bucket() + "]\n");

      KernelChannel.Execution read =
          channel.execute(
              "def posts = enclave.jsonl('"
                  + scene.bucket()
                  + "', 'train/posts.jsonl').toList()\n"
                  + "println posts.size() + ' ' + posts[0].text");
      assertThat(read.error()).isNull();
      assertThat(read.stdout()).isEqualTo("2 hello\n");
    }
    assertThat(assertOnePostsRead(scene, id, head).get("actor")).isEqualTo(scene.lead);
  }

  @Test
  void theEnclaveCommandInsideTheWorkspaceListsAndReadsTheGrantedDataset() {
    SessionProfile.requireRuntime();
    Map<String, byte[]> files = new TreeMap<>();
    files.put("train/labels.tsv", "user_id\tlabel\nu1\ta\n".getBytes(StandardCharsets.UTF_8));
    WorkspaceScene scene = new WorkspaceScene().withGrantedDataset(files);
    String id = scene.running();
    WorkspaceProvider provider = host.provider();

    ExecResult datasets = provider.exec(id, ExecRequest.of("enclave", "datasets"));
    assertThat(datasets.exitCode()).as(datasets.stderr()).isZero();
    assertThat(datasets.stdout()).contains(scene.bucket());

    ExecResult cat =
        provider.exec(id, ExecRequest.of("enclave", "cat", scene.bucket(), "train/labels.tsv"));
    assertThat(cat.exitCode()).as(cat.stderr()).isZero();
    assertThat(cat.stdout()).isEqualTo("user_id\tlabel\nu1\ta\n");

    scene.revokeGrant();
    ExecResult refused =
        provider.exec(id, ExecRequest.of("enclave", "cat", scene.bucket(), "train/labels.tsv"));
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stderr()).contains("AccessDenied", "revoked");
  }

  @Test
  void aKernelOfAnotherWorkspaceIsNeverReachedThroughThisOne() throws Exception {
    WorkspaceScene scene = new WorkspaceScene();
    String a = scene.running();
    String b = scene.running();
    CodeFlowBrowser lead = CodeFlowBrowser.signIn(base, session(a), scene.lead, "researcher");
    String kernelOfB = startKernel(lead, b);

    HttpResponse<String> viaA = lead.get(session(a) + "api/kernels/" + kernelOfB);
    assertThat(viaA.statusCode()).isEqualTo(404);
    java.util.concurrent.ExecutionException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.util.concurrent.ExecutionException.class,
            () -> KernelChannel.open(lead, a, kernelOfB));
    assertThat(handshakeStatus(refused)).isEqualTo(404);

    WorkspaceScene other = new WorkspaceScene();
    CodeFlowBrowser outsider = CodeFlowBrowser.signIn(base, session(a), other.lead, "researcher");
    org.junit.jupiter.api.Assertions.assertThrows(
        java.util.concurrent.ExecutionException.class,
        () -> KernelChannel.open(outsider, b, kernelOfB));
    try (KernelChannel ownB = KernelChannel.open(lead, b, kernelOfB)) {
      assertThat(ownB.execute("print('b')").stdout()).isEqualTo("b\n");
    }
  }

  @Test
  void changesAndWebSocketsFromAnotherSiteAreRefused() throws Exception {
    WorkspaceScene scene = new WorkspaceScene();
    String id = scene.running();
    CodeFlowBrowser lead = CodeFlowBrowser.signIn(base, session(id), scene.lead, "researcher");
    String kernel = startKernel(lead, id);

    HttpResponse<String> forged =
        lead.send(
            lead.request(session(id) + "api/kernels", "Origin", "http://evil.example")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(forged.body()).path("code").asText())
        .isEqualTo("cross-origin-refused");
    HttpResponse<String> noOrigin =
        lead.send(
            lead.request(session(id) + "api/kernels")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(noOrigin.statusCode()).isEqualTo(403);
    Exception ws =
        org.junit.jupiter.api.Assertions.assertThrows(
            Exception.class,
            () ->
                lead.webSocket(
                        session(id) + "api/kernels/" + kernel + "/channels",
                        "http://evil.example",
                        new KernelChannel())
                    .get(30, TimeUnit.SECONDS));
    assertThat(handshakeStatus(ws)).isEqualTo(403);
  }

  @Test
  void signingOutEndsTheSessionAndItsCookieNoLongerWorks() throws Exception {
    WorkspaceScene scene = new WorkspaceScene();
    String id = scene.running();
    CodeFlowBrowser lead = CodeFlowBrowser.signIn(base, session(id), scene.lead, "researcher");
    String kernel = startKernel(lead, id);
    String cookie = lead.cookieHeader();
    long head = AuditTrail.head();
    KernelChannel channel = KernelChannel.open(lead, id, kernel);
    assertThat(channel.execute("x = 1").status()).isEqualTo("ok");

    assertThat(lead.signOut().statusCode()).isEqualTo(302);

    assertThat(channel.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1008);
    assertThat(lead.sessionCookie()).isNull();
    assertThat(lead.get(session(id) + "tree").statusCode()).isEqualTo(302);
    HttpResponse<String> replayed = lead.get(session(id) + "api/kernels", "Cookie", cookie);
    assertThat(replayed.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(replayed.body()).path("code").asText()).isEqualTo("session-closed");
    assertThat(AuditTrail.after(head, Map.of("action", "session.closed", "actor", scene.lead)))
        .singleElement()
        .satisfies(e -> assertThat(e.get("reason")).isEqualTo("signed out"));
  }

  @Test
  void stoppingTheWorkspaceEndsItsSession() throws Exception {
    WorkspaceScene scene = new WorkspaceScene();
    String id = scene.running();
    CodeFlowBrowser lead = CodeFlowBrowser.signIn(base, session(id), scene.lead, "researcher");
    String kernel = startKernel(lead, id);
    KernelChannel channel = KernelChannel.open(lead, id, kernel);
    long head = AuditTrail.head();

    WorkspaceScene.stop(scene.lead, "researcher", id).then().statusCode(200);

    assertThat(channel.closed.get(30, TimeUnit.SECONDS)).isIn(1008, 1006, 1001, 1000);
    HttpResponse<String> after = lead.get(session(id) + "api/kernels");
    assertThat(after.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(after.body()).path("code").asText())
        .isEqualTo("invalid-workspace-state");
    assertThat(AuditTrail.after(head, Map.of("action", "session.closed", "actor", scene.lead)))
        .singleElement()
        .satisfies(e -> assertThat((String) e.get("reason")).startsWith("workspace stopped"));
  }

  @Test
  void revokingAGrantOfTheTeamEndsItsSessionsUntilTheWorkspaceRestarts() throws Exception {
    Map<String, byte[]> files = Map.of("a.txt", "a".getBytes(StandardCharsets.UTF_8));
    WorkspaceScene scene = new WorkspaceScene().withGrantedDataset(files);
    String id = scene.running();
    CodeFlowBrowser lead = CodeFlowBrowser.signIn(base, session(id), scene.lead, "researcher");
    String kernel = startKernel(lead, id);
    KernelChannel channel = KernelChannel.open(lead, id, kernel);
    long head = AuditTrail.head();

    scene.revokeGrant();

    assertThat(channel.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1008);
    HttpResponse<String> after = lead.get(session(id) + "api/kernels");
    assertThat(after.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(after.body()).path("code").asText()).isEqualTo("session-closed");
    assertThat(AuditTrail.after(head, Map.of("action", "session.closed", "actor", scene.lead)))
        .singleElement()
        .satisfies(e -> assertThat((String) e.get("reason")).contains("revoked"));

    WorkspaceScene.stop(scene.lead, "researcher", id).then().statusCode(200);
    WorkspaceScene.start(scene.lead, id).then().statusCode(200);
    assertThat(lead.get(session(id) + "api/kernels").statusCode()).isEqualTo(200);
  }

  @Test
  void pathTricksNeverLeaveTheWorkspacesSession() throws Exception {
    WorkspaceScene scene = new WorkspaceScene();
    String a = scene.running();
    String b = scene.running();
    CodeFlowBrowser lead = CodeFlowBrowser.signIn(base, session(a), scene.lead, "researcher");
    String s = session(a);
    Map<String, String> table = new java.util.LinkedHashMap<>();
    table.put(s + "../../" + b + "/session/api/kernels", "invalid-session-path");
    table.put(s + "%2e%2e/%2e%2e/" + b + "/session/api/kernels", "invalid-session-path");
    table.put(s + "%2E%2E/%2E%2E/" + b + "/session/api/kernels", "invalid-session-path");
    table.put(s + ".%2e/.%2e/" + b + "/session/api/kernels", "invalid-session-path");
    table.put(s + "api%2Fkernels", "invalid-session-path");
    table.put(s + "..%2F..%2F" + b + "%2Fsession%2Fapi", "invalid-session-path");
    table.put(s + "%252e%252e/%252e%252e/" + b + "/session/api", "invalid-session-path");
    table.put(s + "%252F", "invalid-session-path");
    table.put(s + "..%5c..%5c" + b + "%5csession", "invalid-session-path");
    // A raw backslash is not even a valid request line: the HTTP server answers 400 itself.
    table.put(s + "..\\..\\" + b + "\\session", null);
    table.put(s + "api/./kernels", "invalid-session-path");
    table.put(s + "/api/kernels", "invalid-session-path");
    table.put(s + "api/kernels%00", "invalid-session-path");
    table.put("/workspaces/" + a.toUpperCase() + "/session/api/kernels", "invalid-session-path");
    table.put("/workspaces/" + a + "/sessionx/api/kernels", "invalid-session-path");
    table.put("/workspaces/" + a + "/../" + b + "/session/api/kernels", "invalid-session-path");
    table.put(s + "files/notes.txt", "download-refused");
    table.put(s + "files/notes.txt?download=1", "download-refused");
    table.put(s + "nbconvert/html/Untitled.ipynb?download=true", "download-refused");
    table.put(s + "tree?download=1", "download-refused");
    table.put(s + "api/terminals", "download-refused");
    table.put(s + "terminals/1", "download-refused");
    String cookie = lead.cookieHeader();
    for (Map.Entry<String, String> row : table.entrySet()) {
      RawHttp.Answer r = RawHttp.get(base, row.getKey(), cookie);
      assertThat(r.status()).as(row.getKey()).isIn(400, 403);
      if (row.getValue() == null) {
        assertThat(r.status()).as(row.getKey()).isEqualTo(400);
        continue;
      }
      assertThat(r.header("content-type")).as(row.getKey()).isEqualTo("application/problem+json");
      assertThat(JSON.readTree(r.body()).path("code").asText())
          .as(row.getKey())
          .isEqualTo(row.getValue());
    }
    RawHttp.Answer noSlash = RawHttp.get(base, "/workspaces/" + a + "/session", cookie);
    assertThat(noSlash.status()).isEqualTo(302);
    assertThat(noSlash.header("location")).isEqualTo("/workspaces/" + a + "/session/");
    assertThat(RawHttp.get(base, s + "api/kernels?token=guess", cookie).status()).isEqualTo(200);
  }

  private static int handshakeStatus(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof java.net.http.WebSocketHandshakeException h) {
        return h.getResponse().statusCode();
      }
    }
    throw new AssertionError("not a refused WebSocket handshake", e);
  }

  /** A running-to-be scene whose team is granted a dataset of two JSON-lines posts. */
  private static WorkspaceScene sceneWithTwoPosts() {
    Map<String, byte[]> files = new TreeMap<>();
    files.put(
        "train/posts.jsonl",
        "{\"id\":1,\"text\":\"hello\"}\n{\"id\":2}\n".getBytes(StandardCharsets.UTF_8));
    return new WorkspaceScene().withGrantedDataset(files);
  }

  /** The one read of the posts since {@code head}: allowed, from the workspace; returned. */
  private static Map<String, Object> assertOnePostsRead(
      WorkspaceScene scene, String id, long head) {
    List<Map<String, Object>> reads =
        AuditTrail.after(head, Map.of("action", "dataset.object.read", "teamId", scene.teamId));
    assertThat(reads).hasSize(1);
    Map<String, Object> e = reads.get(0);
    assertThat(e.get("outcome")).isEqualTo("ALLOW");
    assertThat(e.get("workspaceId")).isEqualTo(id);
    assertThat(e.get("objectKey")).isEqualTo("train/posts.jsonl");
    return e;
  }

  private static String startKernel(CodeFlowBrowser browser, String id) throws Exception {
    return startKernel(browser, id, "python3");
  }

  private static String startKernel(CodeFlowBrowser browser, String id, String spec)
      throws Exception {
    HttpResponse<String> r =
        browser.post(session(id) + "api/kernels", "{\"name\":\"" + spec + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode kernel = JSON.readTree(r.body());
    return kernel.path("id").asText();
  }
}

package org.enclave.workspace.runtime.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Answers a real S3 server does not give on demand: the data broker's refusals with their reasons,
 * and malformed answers. Served by a plain HTTP server with canned bodies.
 */
class BrokerAnswersTest {
  private record Canned(int status, String contentType, String body, Map<String, String> headers) {
    Canned(int status, String contentType, String body) {
      this(status, contentType, body, Map.of());
    }
  }

  private static final Map<String, Canned> ANSWERS = new ConcurrentHashMap<>();
  private static HttpServer server;
  private static EnclaveClient client;

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getRawPath();
          Canned c = ANSWERS.getOrDefault(path, new Canned(500, "text/plain", "no answer"));
          byte[] body = c.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", c.contentType());
          exchange.getResponseHeaders().add("x-amz-request-id", "REQ-HEADER");
          c.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
          boolean head = exchange.getRequestMethod().equals("HEAD");
          exchange.sendResponseHeaders(c.status(), head ? -1 : body.length);
          if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
    client =
        new EnclaveClient(
            EnclaveEnvironment.from(
                Map.of(
                    "AWS_ENDPOINT_URL", "http://127.0.0.1:" + server.getAddress().getPort(),
                    "AWS_ACCESS_KEY_ID", "EKIA",
                    "AWS_SECRET_ACCESS_KEY", "secret")));
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @Test
  void revokedGrantCarriesTheBrokersReason() {
    ANSWERS.put(
        "/clpsych.v1/train/posts.jsonl",
        new Canned(
            403,
            "application/xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
                + "<Message>the team's grant for this dataset version was revoked</Message>"
                + "<Resource>/clpsych.v1/train/posts.jsonl</Resource>"
                + "<RequestId>REQ-42</RequestId></Error>"));
    assertThatThrownBy(() -> client.jsonl("clpsych.v1", "train/posts.jsonl"))
        .isInstanceOfSatisfying(
            BrokerException.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo(
                      "AccessDenied: the team's grant for this dataset version was revoked"
                          + " (read clpsych.v1/train/posts.jsonl, HTTP 403, request id REQ-42)");
              assertThat(e.code()).isEqualTo("AccessDenied");
              assertThat(e.reason())
                  .isEqualTo("the team's grant for this dataset version was revoked");
              assertThat(e.requestId()).isEqualTo("REQ-42");
            });
  }

  @Test
  void aRefusedHeadNamesTheStatus() {
    ANSWERS.put("/clpsych.v1/secret.txt", new Canned(403, "application/xml", "<Error/>"));
    assertThatThrownBy(() -> client.stat("clpsych.v1", "secret.txt"))
        .hasMessage("AccessDenied (stat clpsych.v1/secret.txt, HTTP 403, request id REQ-HEADER)");
  }

  @Test
  void aRefusedHeadCarriesTheBrokersReasonInHeaders() {
    ANSWERS.put(
        "/clpsych.v1/revoked.txt",
        new Canned(
            403,
            "application/xml",
            "",
            Map.of(
                "x-enclave-error-code", "AccessDenied",
                "x-enclave-error-message",
                    "Access Denied: the team's grant for this dataset version was revoked")));
    assertThatThrownBy(() -> client.stat("clpsych.v1", "revoked.txt"))
        .hasMessage(
            "AccessDenied: Access Denied: the team's grant for this dataset version was revoked"
                + " (stat clpsych.v1/revoked.txt, HTTP 403, request id REQ-HEADER)");
  }

  @Test
  void anErrorThatIsNotXmlKeepsItsText() {
    ANSWERS.put("/clpsych.v1/busy", new Canned(503, "text/plain", "try again later"));
    assertThatThrownBy(() -> client.text("clpsych.v1", "busy"))
        .hasMessage(
            "ServiceUnavailable: try again later (read clpsych.v1/busy, HTTP 503, request id"
                + " REQ-HEADER)");
  }

  @Test
  void aListingThatIsNotXmlSaysWhere() {
    ANSWERS.put(
        "/broken.v1", new Canned(200, "application/xml", "<ListBucketResult>\n<Contents>\n</List"));
    assertThatThrownBy(() -> client.list("broken.v1"))
        .isInstanceOf(EnclaveException.class)
        .hasMessageStartingWith(
            "the listing of broken.v1 from the data broker is not valid XML (line 3");
  }

  @Test
  void aListingWithADoctypeIsRefused() {
    ANSWERS.put(
        "/xxe.v1",
        new Canned(
            200,
            "application/xml",
            "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<ListBucketResult><Contents><Key>&e;</Key><Size>1</Size></Contents>"
                + "</ListBucketResult>"));
    assertThatThrownBy(() -> client.list("xxe.v1"))
        .isInstanceOf(EnclaveException.class)
        .hasMessageContaining("DOCTYPE");
  }

  @Test
  void aListingOfTheWrongKindIsRefused() {
    ANSWERS.put("/wrong.v1", new Canned(200, "application/xml", "<ListAllMyBucketsResult/>"));
    assertThatThrownBy(() -> client.list("wrong.v1"))
        .hasMessage(
            "the listing of wrong.v1 from the data broker is <ListAllMyBucketsResult>, expected"
                + " <ListBucketResult>");
  }

  @Test
  void aListingWithoutSizesOrTokensIsRefused() {
    ANSWERS.put(
        "/nosize.v1",
        new Canned(
            200,
            "application/xml",
            "<ListBucketResult><Contents><Key>k</Key></Contents></ListBucketResult>"));
    assertThatThrownBy(() -> client.list("nosize.v1"))
        .hasMessage(
            "the listing of nosize.v1 from the data broker has a <Contents> without <Size>");
    ANSWERS.put(
        "/badsize.v1",
        new Canned(
            200,
            "application/xml",
            "<ListBucketResult><Contents><Key>k</Key><Size>12x</Size></Contents></ListBucketResult>"));
    assertThatThrownBy(() -> client.list("badsize.v1"))
        .hasMessage("the listing of badsize.v1 has a Size that is not a number: '12x'");
    ANSWERS.put(
        "/notoken.v1",
        new Canned(
            200,
            "application/xml",
            "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>"));
    assertThatThrownBy(() -> client.list("notoken.v1"))
        .hasMessage("the listing of notoken.v1 is truncated but has no NextContinuationToken");
  }

  @Test
  void aBucketListWithABadDateIsRefused() {
    ANSWERS.put(
        "/",
        new Canned(
            200,
            "application/xml",
            "<ListAllMyBucketsResult><Buckets><Bucket><Name>a.v1</Name>"
                + "<CreationDate>yesterday</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>"));
    assertThatThrownBy(client::datasets)
        .hasMessage("the list of datasets has a date that is not ISO 8601: 'yesterday'");
  }
}

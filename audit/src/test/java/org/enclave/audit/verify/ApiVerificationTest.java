package org.enclave.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.enclave.audit.note.NoteVerifier;
import org.junit.jupiter.api.Test;

class ApiVerificationTest {

  private static final NoteVerifier KEY = TestLog.SIGNER.verifier();
  private static final String TOKEN = "test-token-4f1c";

  @Test
  void verifiesTheLiveLogPageByPageWithItsStoredNodes() throws Exception {
    TestLog log = TestLog.of(100, 10, 64, 100);
    try (LogApiServer server = LogApiServer.of(log, TOKEN)) {
      VerificationSummary summary =
          ApiVerification.verify(new LogApi(server.baseUrl(), TOKEN), KEY, 7);

      assertThat(summary.entries()).isEqualTo(100);
      assertThat(summary.checkpoints()).isEqualTo(3);
      assertThat(summary.leafHashesChecked()).isEqualTo(100);
      assertThat(summary.subtreeHashesChecked()).isEqualTo(100 - Long.bitCount(100));
      assertThat(server.requests()).isGreaterThan(100 / 7);
    }
  }

  @Test
  void aServerAnsweringShorterPagesThanAskedIsReadToTheEnd() throws Exception {
    TestLog log = TestLog.of(100, 100);
    try (LogApiServer server = LogApiServer.of(log, TOKEN).capPagesAt(6)) {
      VerificationSummary summary =
          ApiVerification.verify(new LogApi(server.baseUrl(), TOKEN), KEY, 1000);

      assertThat(summary.entries()).isEqualTo(100);
      assertThat(summary.subtreeHashesChecked()).isEqualTo(100 - Long.bitCount(100));
    }
  }

  @Test
  void aServerWithoutNodesIsVerifiedFromEntriesAndCheckpoints() throws Exception {
    TestLog log = TestLog.of(50, 50);
    try (LogApiServer server = new LogApiServer(log.entries, null, log.checkpoints, TOKEN)) {
      VerificationSummary summary =
          ApiVerification.verify(new LogApi(server.baseUrl() + "/", TOKEN), KEY, 1000);

      assertThat(summary.entries()).isEqualTo(50);
      assertThat(summary.subtreeHashesChecked()).isZero();
    }
  }

  @Test
  void aTamperedEntryIsNamed() throws Exception {
    TestLog log = TestLog.of(50, 50);
    log.swap(20, 33);
    try (LogApiServer server = LogApiServer.of(log, TOKEN)) {
      assertThatThrownBy(() -> ApiVerification.verify(new LogApi(server.baseUrl(), TOKEN), KEY, 8))
          .isInstanceOfSatisfying(
              VerificationException.class, e -> assertThat(e.index()).hasValue(20));
    }
  }

  @Test
  void storedNodesBeyondTheEntriesRevealATruncation() throws Exception {
    TestLog log = TestLog.of(50, 16);
    log.entries.subList(40, 50).clear();
    try (LogApiServer server = LogApiServer.of(log, TOKEN)) {
      assertThatThrownBy(() -> ApiVerification.verify(new LogApi(server.baseUrl(), TOKEN), KEY, 8))
          .isInstanceOfSatisfying(
              VerificationException.class, e -> assertThat(e.index()).hasValue(40));
    }
  }

  @Test
  void aRefusedTokenIsAnInputErrorThatDoesNotRepeatTheToken() throws Exception {
    try (LogApiServer server = LogApiServer.of(TestLog.of(5, 5), TOKEN)) {
      assertThatThrownBy(
              () -> ApiVerification.verify(new LogApi(server.baseUrl(), "wrong-token"), KEY, 10))
          .isInstanceOf(InputException.class)
          .hasMessage(
              "GET "
                  + server.baseUrl()
                  + "/audit/log/checkpoints answered HTTP 401 (unauthenticated)")
          .message()
          .doesNotContain("wrong-token");
      assertThatThrownBy(() -> ApiVerification.verify(new LogApi(server.baseUrl(), null), KEY, 10))
          .isInstanceOf(InputException.class)
          .hasMessageContaining("HTTP 401");
    }
  }

  @Test
  void anUnreachableServerIsAnInputError() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    LogApi api = new LogApi("http://127.0.0.1:" + port + "/api/v1", TOKEN);

    assertThatThrownBy(() -> ApiVerification.verify(api, KEY, 10))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(
            "cannot reach http://127.0.0.1:" + port + "/api/v1/audit/log/checkpoints");
  }

  @Test
  void onlyPlainHttpUrlsAreAccepted() {
    assertThatThrownBy(() -> new LogApi("ftp://host/api/v1", null))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> new LogApi("http://user:secret@host/api/v1", null))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("use --token");
  }
}

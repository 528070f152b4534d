package org.enclave.infra.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Waits until a child process answers HTTP 200 on a URL. */
final class HttpReadiness {
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final int LOG_TAIL_LINES = 40;

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private HttpReadiness() {}

  /**
   * Polls {@code url} until it answers 200.
   *
   * @throws LocalStackException if the process exits first or {@code timeout} passes; the message
   *     carries the tail of the process's log
   * @throws InterruptedException if the waiting thread is interrupted
   */
  static void await(ChildProcess process, URI url, Duration timeout) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new LocalStackException(
            process.name()
                + " exited with code "
                + process.exitCode().orElse(-1)
                + " before it was ready. Last lines of "
                + process.logFile()
                + ":\n"
                + process.logTail(LOG_TAIL_LINES));
      }
      if (answersOk(request)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new LocalStackException(
            process.name()
                + " did not answer 200 on "
                + url
                + " within "
                + timeout.toSeconds()
                + " s. Last lines of "
                + process.logFile()
                + ":\n"
                + process.logTail(LOG_TAIL_LINES));
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static boolean answersOk(HttpRequest request) throws InterruptedException {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }
}

package org.enclave.api.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Bodies streamed chunk by chunk with back-pressure, as from a store whose objects are not local
 * files (the filesystem store's are sent with {@code sendfile}, see {@link BrokerServerTest}).
 */
class BrokerStreamingTest {
  @TempDir static Path dir;
  static BrokerHarness broker;
  static S3Client s3;
  static byte[] big;

  @BeforeAll
  static void start() throws IOException {
    broker = new BrokerHarness(dir, true);
    big = new byte[3 * BodyWriter.CHUNK * 4 + 12345];
    new Random(11).nextBytes(big);
    broker.bucket("stream.v1", Map.of("big.bin", big, "small.txt", "tiny".getBytes()));
    s3 = BrokerHarness.client(broker.endpoints.openLoopback(BrokerHarness.workspace("ws-s"), 0));
  }

  @AfterAll
  static void stop() {
    s3.close();
    broker.close();
  }

  @Test
  void wholeObjectArrivesIntact() {
    byte[] got = s3.getObjectAsBytes(r -> r.bucket("stream.v1").key("big.bin")).asByteArray();
    assertThat(BrokerServerTest.sha256(got)).isEqualTo(BrokerServerTest.sha256(big));
    assertThat(s3.getObjectAsBytes(r -> r.bucket("stream.v1").key("small.txt")).asUtf8String())
        .isEqualTo("tiny");
  }

  @Test
  void rangeAcrossChunksIsExact() {
    int from = BodyWriter.CHUNK - 5;
    int to = 2 * BodyWriter.CHUNK + 17;
    byte[] got =
        s3.getObjectAsBytes(
                r -> r.bucket("stream.v1").key("big.bin").range("bytes=" + from + "-" + to))
            .asByteArray();
    assertThat(got).isEqualTo(Arrays.copyOfRange(big, from, to + 1));
  }

  @Test
  void slowReaderGetsEverythingAndAClientThatLeavesFreesTheWorker() throws Exception {
    try (ResponseInputStream<GetObjectResponse> in =
        s3.getObject(r -> r.bucket("stream.v1").key("big.bin"))) {
      byte[] first = in.readNBytes(1000);
      assertThat(first).isEqualTo(Arrays.copyOf(big, 1000));
      Thread.sleep(300);
      in.abort();
    }
    byte[] again = s3.getObjectAsBytes(r -> r.bucket("stream.v1").key("big.bin")).asByteArray();
    assertThat(again.length).isEqualTo(big.length);
    try (InputStream in = s3.getObject(r -> r.bucket("stream.v1").key("big.bin"))) {
      byte[] buf = new byte[8192];
      long total = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total % (512 * 1024) < 8192) {
          Thread.sleep(5);
        }
      }
      assertThat(total).isEqualTo(big.length);
    }
  }
}

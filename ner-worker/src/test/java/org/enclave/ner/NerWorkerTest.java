package org.enclave.ner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.enclave.masking.EntityType;
import org.enclave.masking.Span;
import org.enclave.masking.ner.NerProcess;
import org.enclave.masking.ner.NerProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The worker as a process: what it finds, answers to many callers at once, a broken request. */
class NerWorkerTest {
  private static NerProcess ner;

  @BeforeAll
  static void start() throws IOException {
    ner = NerWorkers.start(2);
  }

  @AfterAll
  static void stop() {
    ner.close();
  }

  @Test
  void findsPeopleAndPlacesWithTheirOffsets() {
    String text = "My sister Kayleigh drove me to Columbus, Ohio to see Dr. Okafor.";
    List<String> found = new ArrayList<>();
    for (Span s : ner.find(text)) {
      found.add(s.type() + " " + text.substring(s.start(), s.end()));
      assertThat(s.rule()).isEqualTo("ner:english.all.3class.distsim");
    }
    assertThat(found)
        .contains("PERSON Kayleigh", "LOCATION Columbus", "LOCATION Ohio", "PERSON Okafor");
    assertThat(ner.model()).isEqualTo(NerWorker.DEFAULT_MODEL);
  }

  @Test
  void textOutsideTheBasicPlaneKeepsJavaOffsets() {
    String text = "😔😔 I miss Jessica so much, she moved to Berlin";
    List<Span> spans = ner.find(text);
    assertThat(spans)
        .extracting(s -> text.substring(s.start(), s.end()))
        .contains("Jessica", "Berlin");
    assertThat(ner.find("")).isEmpty();
  }

  @Test
  void answersEachOfManyCallersWithItsOwnText() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String name = i % 2 == 0 ? "Margaret" : "Jonathan";
        String text = "post " + i + ": " + name + " lives in London.";
        answers.add(
            pool.submit(
                () ->
                    ner.find(text).stream()
                        .filter(s -> s.type() == EntityType.PERSON)
                        .map(s -> text.substring(s.start(), s.end()))
                        .findFirst()
                        .orElse("")));
      }
      for (int i = 0; i < answers.size(); i++) {
        assertThat(answers.get(i).get()).isEqualTo(i % 2 == 0 ? "Margaret" : "Jonathan");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A frame that claims more than the limit: the worker exits, and its caller is told why. */
  @Test
  void aBrokenFrameStopsTheWorkerAndSaysSo() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), NerProcess.MAIN_CLASS)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (DataOutputStream out = new DataOutputStream(p.getOutputStream())) {
      out.writeInt(7);
      out.writeInt(NerProtocol.MAX_TEXT_BYTES + 1);
    }
    assertThat(p.waitFor(Duration.ofMinutes(1).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("bad request frame (id 7, length " + (NerProtocol.MAX_TEXT_BYTES + 1) + ")");
  }

  @Test
  void aWorkerThatIsGoneFailsEveryCallClearly() throws IOException {
    NerProcess gone = NerWorkers.start(1);
    gone.close();
    assertThatThrownBy(() -> gone.find("Anna"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("named-entity worker");
  }

  @Test
  void aWorkerThatCannotStartSaysWhy() {
    assertThatThrownBy(
            () ->
                NerProcess.start(
                    System.getProperty("java.class.path"),
                    "no/such/model.crf.ser.gz",
                    1,
                    Duration.ofMinutes(1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("did not start");
  }
}

package org.enclave.ner;

import java.io.IOException;
import java.time.Duration;
import org.enclave.masking.ner.NerProcess;

/** Starts the worker with the tests' own class path (its classes, CoreNLP and the models). */
final class NerWorkers {
  private NerWorkers() {}

  static NerProcess start(int threads) throws IOException {
    return NerProcess.start(
        System.getProperty("java.class.path"),
        NerWorker.DEFAULT_MODEL,
        threads,
        Duration.ofMinutes(2));
  }
}

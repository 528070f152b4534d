package org.enclave.ner;

import edu.stanford.nlp.ie.crf.CRFClassifier;
import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.util.Triple;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Finds person, location and organization names with a CoreNLP CRF model, answering requests on
 * standard input and output in the frames of {@code org.enclave.masking.ner.NerProtocol}. Requests
 * are classified on {@code threads} threads; answers go out as they are ready, each with its
 * request's id. Diagnostics go to standard error.
 *
 * <p>Usage: {@code NerWorker [model resource or file] [threads]}.
 */
public final class NerWorker {
  /** Must match NerProtocol (this module does not depend on the control plane's code). */
  static final int READY = 0x4E455231;

  static final int END = -1;
  static final int MAX_TEXT_BYTES = 8 << 20;
  static final List<String> TYPES = List.of("PERSON", "LOCATION", "ORGANIZATION");
  static final String DEFAULT_MODEL =
      "edu/stanford/nlp/models/ner/english.all.3class.distsim.crf.ser.gz";

  private NerWorker() {}

  public static void main(String[] args) throws Exception {
    String model = args.length > 0 ? args[0] : DEFAULT_MODEL;
    int threads =
        args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
    CRFClassifier<CoreLabel> classifier = CRFClassifier.getClassifier(model);
    DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(System.out, 1 << 16));
    byte[] name = model.getBytes(StandardCharsets.UTF_8);
    out.writeInt(READY);
    out.writeInt(name.length);
    out.write(name);
    out.flush();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      while (true) {
        int id;
        try {
          id = in.readInt();
        } catch (EOFException e) {
          break;
        }
        if (id == END) {
          break;
        }
        int length = in.readInt();
        if (id < 0 || length < 0 || length > MAX_TEXT_BYTES) {
          System.err.println(
              "ner-worker: bad request frame (id " + id + ", length " + length + ")");
          System.exit(2);
        }
        byte[] text = in.readNBytes(length);
        if (text.length != length) {
          break;
        }
        pool.execute(() -> answer(classifier, id, new String(text, StandardCharsets.UTF_8), out));
      }
    } finally {
      pool.shutdown();
      pool.awaitTermination(1, TimeUnit.MINUTES);
      synchronized (out) {
        out.flush();
      }
    }
  }

  private static void answer(
      CRFClassifier<CoreLabel> classifier, int id, String text, DataOutputStream out) {
    List<Triple<String, Integer, Integer>> spans = classifier.classifyToCharacterOffsets(text);
    try {
      synchronized (out) {
        out.writeInt(id);
        int count = 0;
        for (Triple<String, Integer, Integer> s : spans) {
          count += TYPES.contains(s.first()) ? 1 : 0;
        }
        out.writeInt(count);
        for (Triple<String, Integer, Integer> s : spans) {
          int type = TYPES.indexOf(s.first());
          if (type >= 0) {
            out.writeInt(s.second());
            out.writeInt(s.third());
            out.writeByte(type);
          }
        }
        out.flush();
      }
    } catch (IOException e) {
      System.err.println("ner-worker: cannot answer: " + e.getMessage());
      System.exit(3);
    }
  }
}

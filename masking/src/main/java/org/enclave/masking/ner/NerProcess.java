package org.enclave.masking.ner;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.enclave.masking.Recognizer;
import org.enclave.masking.Span;

/**
 * The named-entity worker as a child process (ADR 0008): each {@link #find} sends the text and
 * waits for its answer, so several threads calling at once keep the worker's threads busy. If the
 * worker dies, every waiting and later call fails with what it last wrote to standard error.
 */
public final class NerProcess implements Recognizer, AutoCloseable {
  /** The worker's main class, in the enclave-ner-worker module. */
  public static final String MAIN_CLASS = "org.enclave.ner.NerWorker";

  /** CoreNLP's English person, location and organization model, in its models jar. */
  public static final String DEFAULT_MODEL =
      "edu/stanford/nlp/models/ner/english.all.3class.distsim.crf.ser.gz";

  private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(1);

  private final Process process;
  private final DataOutputStream out;
  private final DataInputStream in;
  private volatile String model = "";
  private volatile String rule = "ner";
  private final Map<Integer, CompletableFuture<List<Span>>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final Deque<String> stderr = new ArrayDeque<>();
  private volatile String failure;

  private NerProcess(Process process) {
    this.process = process;
    this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
    this.in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
  }

  /**
   * Starts {@code java -cp classpath NerWorker model threads} with this JVM's {@code java}, and
   * waits until the model is loaded.
   */
  public static NerProcess start(String classpath, String model, int threads, Duration timeout)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(java, "-Xmx1g", "-cp", classpath, MAIN_CLASS, model, Integer.toString(threads));
    return start(command, timeout);
  }

  /** Starts the worker with {@code command} and waits for it to say it is ready. */
  public static NerProcess start(List<String> command, Duration timeout) throws IOException {
    Process p = new ProcessBuilder(command).start();
    NerProcess ner = new NerProcess(p);
    Thread err = new Thread(ner::drainStderr, "ner-worker-stderr");
    err.setDaemon(true);
    err.start();
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(ner::readHello);
    String loaded;
    try {
      loaded = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      p.destroyForcibly();
      throw new IOException(
          "the named-entity worker did not load its model in " + timeout + ner.lastErrors());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the named-entity worker started", e);
    } catch (ExecutionException e) {
      p.destroyForcibly();
      throw new IOException(
          "the named-entity worker did not start" + ner.lastErrors(), e.getCause());
    }
    ner.model = loaded;
    ner.rule = "ner:" + shortName(loaded);
    Thread reader = new Thread(ner::readAnswers, "ner-worker-answers");
    reader.setDaemon(true);
    reader.start();
    return ner;
  }

  /** The model the worker loaded, as it named it. */
  public String model() {
    return model;
  }

  @Override
  public List<Span> find(String text) {
    String failed = failure;
    if (failed != null) {
      throw new IllegalStateException(failed);
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > NerProtocol.MAX_TEXT_BYTES) {
      throw new IllegalArgumentException(
          "a text of "
              + bytes.length
              + " bytes is longer than the worker takes ("
              + NerProtocol.MAX_TEXT_BYTES
              + ")");
    }
    int id = ids.getAndIncrement() & Integer.MAX_VALUE;
    CompletableFuture<List<Span>> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      synchronized (out) {
        out.writeInt(id);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
      }
      return answer.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (IOException e) {
      pending.remove(id);
      throw new IllegalStateException("cannot send to the named-entity worker" + lastErrors(), e);
    } catch (InterruptedException e) {
      pending.remove(id);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the named-entity worker", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      pending.remove(id);
      throw new IllegalStateException(
          "the named-entity worker did not answer in " + ANSWER_TIMEOUT + lastErrors());
    }
  }

  /** Asks the worker to finish, and stops it if it does not within ten seconds. */
  /** Whether the worker still runs and answers. */
  public boolean alive() {
    return failure == null && process.isAlive();
  }

  @Override
  public void close() {
    try {
      synchronized (out) {
        out.writeInt(NerProtocol.END);
        out.flush();
        out.close();
      }
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    fail("the named-entity worker was closed");
  }

  private String readHello() {
    try {
      int magic = in.readInt();
      if (magic != NerProtocol.READY) {
        throw new IOException(
            "the named-entity worker spoke another protocol (" + Integer.toHexString(magic) + ")");
      }
      return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void readAnswers() {
    try {
      while (true) {
        int id = in.readInt();
        int count = in.readInt();
        List<Span> spans = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          int start = in.readInt();
          int end = in.readInt();
          int type = in.readByte();
          if (end > start) {
            spans.add(Span.of(start, end, NerProtocol.TYPES.get(type), rule));
          }
        }
        CompletableFuture<List<Span>> answer = pending.remove(id);
        if (answer != null) {
          answer.complete(spans);
        }
      }
    } catch (IOException | IndexOutOfBoundsException e) {
      fail("the named-entity worker stopped" + lastErrors());
    }
  }

  private void fail(String why) {
    if (failure == null) {
      failure = why;
    }
    pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException(failure)));
    pending.clear();
  }

  private void drainStderr() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (stderr) {
          stderr.addLast(line);
          if (stderr.size() > 20) {
            stderr.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  private String lastErrors() {
    synchronized (stderr) {
      return stderr.isEmpty() ? "" : ": " + String.join(" | ", stderr);
    }
  }

  private static String shortName(String model) {
    String name = model.substring(model.lastIndexOf('/') + 1);
    return name.endsWith(".crf.ser.gz")
        ? name.substring(0, name.length() - ".crf.ser.gz".length())
        : name;
  }
}

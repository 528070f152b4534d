package org.enclave.audit.log;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link CrashWriter} running in its own JVM, and what it acknowledged: every {@code ack} line it
 * printed whole before it died. A line cut short by the kill is not counted.
 */
final class WriterProcess implements AutoCloseable {
  private static final Pattern ACK = Pattern.compile("ack (\\d+) (\\d+) (\\d+)");

  /** One acknowledged append: {@code append} returned {@code index} for this writer's event. */
  record Ack(long index, int writer, long seq) {}

  private final Process process;
  private final Path stderr;
  private final Thread reader;
  private final Map<Long, Ack> acks = new HashMap<>();
  private final List<String> otherLines = new ArrayList<>();

  private WriterProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.reader = new Thread(this::read, "crash-writer-stdout");
    this.reader.setDaemon(true);
    this.reader.start();
  }

  /** Starts a JVM on this JVM's class path running {@link CrashWriter} with these arguments. */
  static WriterProcess start(
      String jdbcUrl, Path keyFile, Path anchorFile, int writers, Path stderr) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                CrashWriter.class.getName(),
                jdbcUrl,
                keyFile.toString(),
                anchorFile.toString(),
                Integer.toString(writers))
            .redirectError(stderr.toFile());
    return new WriterProcess(builder.start(), stderr);
  }

  /**
   * Waits until {@code count} appends are acknowledged.
   *
   * @throws AssertionError if the process printed anything else, died, or was too slow
   */
  synchronized void awaitAcks(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (acks.size() < count && otherLines.isEmpty() && reader.isAlive()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "only " + acks.size() + " of " + count + " appends acknowledged in " + timeout + log());
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    if (!otherLines.isEmpty() || acks.size() < count) {
      throw new AssertionError(
          "the writer process failed after "
              + acks.size()
              + " acknowledged appends; it printed "
              + otherLines
              + log());
    }
  }

  /**
   * Kills the process with SIGKILL, waits until it is gone and its output is read to the end.
   * ({@code Process.destroyForcibly()} sends the same signal but also closes the output pipe, which
   * would drop the acks printed just before the kill; the process handle only signals.)
   *
   * @return its exit status: 137 (128 + SIGKILL) when the kill is what ended it
   */
  int kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new AssertionError("pid " + process.pid() + " survived SIGKILL for 10 s");
    }
    reader.join(TimeUnit.SECONDS.toMillis(10));
    return process.exitValue();
  }

  long pid() {
    return process.pid();
  }

  /** The acknowledged appends by index, once the process is dead. */
  synchronized Map<Long, Ack> acks() {
    if (process.isAlive() || reader.isAlive()) {
      throw new IllegalStateException("the writer process is still running");
    }
    return Map.copyOf(acks);
  }

  /** Lines other than whole acks, and acks that repeat an index. */
  synchronized List<String> otherLines() {
    return List.copyOf(otherLines);
  }

  private void read() {
    try (InputStream in = process.getInputStream()) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            take(line.toString(StandardCharsets.US_ASCII));
            line.reset();
          } else {
            line.write(buffer[i]);
          }
        }
      }
    } catch (IOException e) {
      synchronized (this) {
        otherLines.add("(cannot read the output: " + e + ")");
      }
    } finally {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  private synchronized void take(String line) {
    Matcher m = ACK.matcher(line);
    if (!m.matches()) {
      otherLines.add(line);
    } else {
      Ack ack =
          new Ack(
              Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)));
      Ack earlier = acks.putIfAbsent(ack.index(), ack);
      if (earlier != null) {
        otherLines.add("index " + ack.index() + " acknowledged twice: " + earlier + ", " + ack);
      }
    }
    notifyAll();
  }

  private String log() {
    try {
      return "; its standard error:\n" + Files.readString(stderr);
    } catch (IOException e) {
      return "; its standard error is unreadable: " + e;
    }
  }

  /** Kills the process if it still runs; closing its input also makes it exit by itself. */
  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (process.isAlive()) {
      kill();
    }
  }
}

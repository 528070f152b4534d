package org.enclave.audit.log;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.enclave.audit.AuditEvent;
import org.enclave.audit.AuditOutcome;
import org.enclave.audit.note.NoteSigner;
import org.enclave.audit.postgres.PostgresLogStore;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The process {@link CrashRecoveryTest} kills: a {@link TamperEvidentLog} on PostgreSQL with
 * several writer threads appending distinct events without pause, and a checkpoint every 100 ms.
 *
 * <p>Each writer prints {@code ack <index> <writer> <seq>} on standard output once {@code append}
 * has returned {@code index} for its event number {@code seq}, never before, and begins its next
 * append only after the line is written. A failed append prints {@code error <writer> <seq>
 * <exception>} and stops that writer. The process runs until it is killed, or exits as soon as its
 * standard input closes, so that it cannot outlive the test that started it.
 *
 * <p>Arguments: JDBC URL, file holding the signer key, checkpoint anchor file, number of writers.
 */
public final class CrashWriter {
  private static final Instant FIRST_EVENT = Instant.parse("2026-11-23T12:00:00Z");

  private CrashWriter() {}

  public static void main(String[] args) throws Exception {
    PGSimpleDataSource database = new PGSimpleDataSource();
    database.setURL(args[0]);
    NoteSigner signer = NoteSigner.parse(Files.readString(Path.of(args[1])).strip());
    CheckpointAnchor anchor = new FileCheckpointAnchor(Path.of(args[2]));
    int writers = Integer.parseInt(args[3]);
    exitWhenStandardInputCloses();

    TamperEvidentLog log =
        new TamperEvidentLog(
            new PostgresLogStore(database),
            signer,
            anchor,
            new TamperEvidentLog.Options(1024, 16384, Duration.ofMillis(100)));
    FileOutputStream out = new FileOutputStream(FileDescriptor.out);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      threads.add(new Thread(() -> write(log, writer, out), "crash-writer-" + w));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
  }

  /** The event writer {@code writer} sends as its {@code seq}-th append (from 0). */
  static AuditEvent event(int writer, long seq) {
    return new AuditEvent(
        FIRST_EVENT.plusMillis(seq),
        "writer-" + writer,
        List.of("researcher"),
        "crash-test.append",
        AuditOutcome.ALLOW,
        "event " + seq + " of writer " + writer,
        "crash-test",
        writer + "/" + seq,
        "team-" + writer,
        null,
        writer + "-" + seq);
  }

  private static void write(TamperEvidentLog log, int writer, FileOutputStream out) {
    for (long seq = 0; ; seq++) {
      long index;
      try {
        index = log.append(event(writer, seq));
      } catch (RuntimeException e) {
        print(out, "error " + writer + " " + seq + " " + e);
        return;
      }
      print(out, "ack " + index + " " + writer + " " + seq);
    }
  }

  /**
   * Writes a line in one {@code write(2)}, so that a line the test reads complete was printed
   * complete, whenever the process is killed.
   */
  private static void print(FileOutputStream out, String line) {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.US_ASCII);
    synchronized (out) {
      try {
        out.write(bytes);
      } catch (IOException e) {
        Runtime.getRuntime().halt(3);
      }
    }
  }

  private static void exitWhenStandardInputCloses() {
    Thread watch =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // the test never writes; only the end of input matters
                }
              } catch (IOException e) {
                // treated as closed
              }
              Runtime.getRuntime().halt(2);
            },
            "stdin-watch");
    watch.setDaemon(true);
    watch.start();
  }
}

package org.enclave.audit.log;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * An embedded PostgreSQL on a data directory the test owns, with {@code fsync} and {@code
 * synchronous_commit} on, so that a commit means the WAL is on disk (the embedded server's defaults
 * turn both off), that can be killed as a crash kills it and started again on the same directory.
 * Its server log is appended to a file.
 */
final class CrashablePostgres implements AutoCloseable {
  private final Path dataDirectory;
  private final Path serverLog;
  private EmbeddedPostgres server;

  CrashablePostgres(Path dataDirectory, Path serverLog) {
    this.dataDirectory = dataDirectory;
    this.serverLog = serverLog;
  }

  /** Starts the server: initializes the directory the first time, recovers it after a crash. */
  void start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("already running");
    }
    server =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(false)
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
            .setPGStartupWait(Duration.ofSeconds(30))
            .start();
  }

  DataSource dataSource() {
    return running().getPostgresDatabase();
  }

  String jdbcUrl() {
    return running().getJdbcUrl("postgres", "postgres");
  }

  Path serverLog() {
    return serverLog;
  }

  /**
   * Sends SIGKILL to the postmaster and then to every process it had started, as a crash stops them
   * all at once: nothing is flushed or shut down, the lock file stays, and the next start must
   * recover from the WAL. Returns once all of them are gone, reaped by their parent: a zombie
   * postmaster would still own the lock file.
   *
   * @return how many processes were killed
   */
  int kill() throws IOException, InterruptedException {
    long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0));
    ProcessHandle postmaster =
        ProcessHandle.of(pid)
            .orElseThrow(() -> new IllegalStateException("no postmaster with pid " + pid));
    List<ProcessHandle> all = new ArrayList<>();
    all.add(postmaster);
    all.addAll(postmaster.descendants().toList());
    all.forEach(ProcessHandle::destroyForcibly);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    for (ProcessHandle p : all) {
      while (p.isAlive()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "pid " + p.pid() + " was killed but is still there after 10 s");
        }
        Thread.sleep(10);
      }
    }
    // Releases the dead server's lock on the directory; its "pg_ctl stop" finds no process to stop.
    server.close();
    server = null;
    return all.size();
  }

  private EmbeddedPostgres running() {
    if (server == null) {
      throw new IllegalStateException("not running");
    }
    return server;
  }

  /** Stops the server cleanly if it runs. */
  @Override
  public void close() throws IOException {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}

package org.enclave.infra.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * PostgreSQL from the zonky embedded binaries, on a fixed port, with a data directory that survives
 * restarts. On start it makes sure that database {@value #DATABASE} exists, owned by the login role
 * {@value #USERNAME}; clients should use that role, not the superuser.
 *
 * <p>Local use only: the server listens on {@code localhost} and trusts local connections, as the
 * zonky {@code initdb} sets it up. Unlike zonky's test defaults, {@code fsync} and {@code
 * synchronous_commit} are on, because the audit log relies on committed meaning durable.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  public static final int DEFAULT_PORT = 5433;
  public static final String DATABASE = "enclave";
  public static final String USERNAME = "enclave";
  public static final String PASSWORD = "enclave";

  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  private final EmbeddedPostgres postgres;
  private final int port;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, int port) {
    this.postgres = postgres;
    this.port = port;
  }

  /**
   * Starts PostgreSQL on {@code port} with its data in {@code dataDir} (initialised on first use)
   * and its server log appended to {@code logFile}.
   *
   * @throws LocalStackException if the port is taken
   */
  public static EmbeddedPostgresServer start(int port, Path dataDir, Path logFile)
      throws IOException {
    Ports.requireFree(port, "PostgreSQL");
    Files.createDirectories(dataDir);
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile.toFile());
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            // The owner stops it, in order: a hook of its own would race the other services' stop.
            .setRegisterShutdownHook(false)
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setOutputRedirector(log)
            .setErrorRedirector(log)
            .setPGStartupWait(STARTUP_WAIT)
            .start();
    try {
      ensureDatabase(postgres);
    } catch (SQLException e) {
      postgres.close();
      throw new IOException("could not prepare database " + DATABASE + ": " + e.getMessage(), e);
    }
    return new EmbeddedPostgresServer(postgres, port);
  }

  private static void ensureDatabase(EmbeddedPostgres postgres) throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      if (!exists(connection, "select 1 from pg_roles where rolname = ?", USERNAME)) {
        statement.execute(
            "create role " + USERNAME + " login password '" + PASSWORD + "'"); // constants only
      }
      if (!exists(connection, "select 1 from pg_database where datname = ?", DATABASE)) {
        statement.execute("create database " + DATABASE + " owner " + USERNAME);
      }
    }
  }

  private static boolean exists(Connection connection, String query, String name)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      statement.setString(1, name);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  /** {@code jdbc:postgresql://localhost:<port>/enclave}. */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
  }

  public String username() {
    return USERNAME;
  }

  public String password() {
    return PASSWORD;
  }

  public int port() {
    return port;
  }

  /** Stops PostgreSQL ({@code pg_ctl stop}); the data directory stays. */
  @Override
  public void close() throws IOException {
    postgres.close();
  }
}

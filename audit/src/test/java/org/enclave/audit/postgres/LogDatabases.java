package org.enclave.audit.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * One embedded PostgreSQL for the module's tests; each caller gets a fresh database with the log
 * schema.
 */
public final class LogDatabases {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.+\\.sql");
  private static EmbeddedPostgres postgres;

  private LogDatabases() {}

  public static synchronized DataSource fresh() {
    try {
      if (postgres == null) {
        postgres = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(LogDatabases::stop));
      }
      String db = "log" + COUNTER.incrementAndGet();
      try (Connection c = postgres.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("create database " + db);
      }
      DataSource ds = postgres.getDatabase("postgres", db);
      createSchema(ds);
      return ds;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Applies every audit log migration ({@code db/audit/V<n>__*.sql}) in version order, as Flyway
   * does in the control plane.
   */
  public static void createSchema(DataSource ds) {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      for (Path migration : migrations()) {
        s.execute(Files.readString(migration, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Path> migrations() throws IOException {
    try {
      Path dir = Path.of(LogDatabases.class.getResource("/db/audit").toURI());
      try (Stream<Path> files = Files.list(dir)) {
        List<Path> found =
            files
                .filter(f -> MIGRATION.matcher(f.getFileName().toString()).matches())
                .sorted(Comparator.comparingInt(LogDatabases::version))
                .toList();
        if (found.isEmpty()) {
          throw new IllegalStateException("no audit log migrations in " + dir);
        }
        return found;
      }
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int version(Path migration) {
    Matcher m = MIGRATION.matcher(migration.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException(migration.toString());
    }
    return Integer.parseInt(m.group(1));
  }

  private static void stop() {
    try {
      postgres.close();
    } catch (IOException ignored) {
      // the JVM is exiting
    }
  }
}

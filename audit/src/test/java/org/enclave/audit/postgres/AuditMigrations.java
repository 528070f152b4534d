package org.enclave.audit.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The audit log's schema migrations, {@code db/audit/V<version>__<what>.sql}, applied in version
 * order as Flyway orders them ({@code V2} before {@code V10}, {@code V1_1} between {@code V1} and
 * {@code V2}), so that a test gets whatever schema the code of its revision expects.
 */
public final class AuditMigrations {
  private static final String LOCATION = "db/audit";
  private static final Pattern NAME = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");
  private static final Comparator<long[]> VERSION_ORDER = Arrays::compare;

  private AuditMigrations() {}

  /**
   * Runs every migration on the database, each as one script.
   *
   * @return the file names applied, in order
   */
  public static List<String> apply(DataSource database) throws SQLException {
    Map<long[], Script> scripts = scripts();
    List<String> applied = new ArrayList<>();
    try (Connection c = database.getConnection();
        Statement s = c.createStatement()) {
      for (Script script : scripts.values()) {
        s.execute(script.sql());
        applied.add(script.name());
      }
    }
    return applied;
  }

  private record Script(String name, String sql) {}

  /** The migrations on the class path, by version. */
  private static Map<long[], Script> scripts() {
    URL url = AuditMigrations.class.getClassLoader().getResource(LOCATION);
    if (url == null) {
      throw new IllegalStateException(LOCATION + " is not on the class path");
    }
    try {
      URI uri = url.toURI();
      if (uri.getScheme().equals("jar")) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          return read(jar.getPath(LOCATION));
        }
      }
      return read(Path.of(uri));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<long[], Script> read(Path directory) throws IOException {
    Map<long[], Script> scripts = new TreeMap<>(VERSION_ORDER);
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
          continue;
        }
        long[] version =
            Arrays.stream(m.group(1).split("[._]")).mapToLong(Long::parseLong).toArray();
        Script previous =
            scripts.put(version, new Script(name, Files.readString(file, StandardCharsets.UTF_8)));
        if (previous != null) {
          throw new IllegalStateException(name + " and " + previous.name() + " share a version");
        }
      }
    }
    if (scripts.isEmpty()) {
      throw new IllegalStateException("no migrations in " + directory);
    }
    return scripts;
  }
}

package org.enclave.audit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresLogStoreTest {
  private static EmbeddedPostgres postgres;
  private static int schemaCounter;
  private DataSource ds;
  private PostgresLogStore store;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  /** Each test gets a database of its own with the shipped schema applied. */
  @BeforeEach
  void freshDatabase() throws Exception {
    String db = "log" + (++schemaCounter);
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("create database " + db);
    }
    ds = postgres.getDatabase("postgres", db);
    String ddl;
    try (InputStream in = getClass().getResourceAsStream("/db/audit/V100__audit_log.sql")) {
      ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(ddl);
    }
    store = new PostgresLogStore(ds);
  }

  @Test
  void appendsABatchWithItsNodesAndReadsThemBack() throws Exception {
    List<byte[]> data = List.of(bytes("a"), bytes("b"));
    List<byte[]> hashes = List.of(sha("a"), sha("b"));
    store.append(0, data, hashes, Map.of(new NodeAddress(1, 0), sha("ab")));
    assertThat(store.size()).isEqualTo(2);
    List<LogEntry> entries = store.entries(0, 10);
    assertThat(entries).extracting(LogEntry::index).containsExactly(0L, 1L);
    assertThat(entries.get(1).data()).isEqualTo(bytes("b"));
    Map<NodeAddress, byte[]> nodes =
        store.nodes(List.of(new NodeAddress(0, 1), new NodeAddress(1, 0), new NodeAddress(2, 0)));
    assertThat(nodes.get(new NodeAddress(0, 1))).isEqualTo(sha("b"));
    assertThat(nodes.get(new NodeAddress(1, 0))).isEqualTo(sha("ab"));
    assertThat(nodes).doesNotContainKey(new NodeAddress(2, 0));
  }

  @Test
  void aBatchOverlappingStoredEntriesStoresNothing() throws Exception {
    store.append(0, List.of(bytes("a")), List.of(sha("a")), Map.of());
    assertThatThrownBy(
            () ->
                store.append(
                    0,
                    List.of(bytes("x"), bytes("y")),
                    List.of(sha("x"), sha("y")),
                    Map.of(new NodeAddress(1, 0), sha("xy"))))
        .isInstanceOf(SQLException.class);
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.nodes(List.of(new NodeAddress(1, 0)))).isEmpty();
  }

  @Test
  void theDatabaseRefusesToChangeOrRemoveAnything() throws Exception {
    store.append(
        0, List.of(bytes("a")), List.of(sha("a")), Map.of(new NodeAddress(1, 0), sha("n")));
    store.saveCheckpoint(1, "note\n");
    List<String> refused = new ArrayList<>();
    for (String sql :
        List.of(
            "update audit_log_entry set leaf_data = 'x'",
            "delete from audit_log_entry",
            "truncate audit_log_entry",
            "update audit_log_node set hash = hash",
            "delete from audit_log_node",
            "update audit_log_checkpoint set note = 'forged'",
            "delete from audit_log_checkpoint")) {
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        s.execute(sql);
      } catch (SQLException e) {
        assertThat(e.getMessage()).contains("append-only");
        refused.add(sql);
      }
    }
    assertThat(refused).hasSize(7);
    assertThat(store.latestCheckpoint()).contains("note\n");
  }

  @Test
  void checkpointsAreKeptPerSizeAndTheLargestIsLatest() throws Exception {
    store.saveCheckpoint(3, "three\n");
    store.saveCheckpoint(5, "five\n");
    store.saveCheckpoint(3, "again\n");
    assertThat(store.latestCheckpoint()).contains("five\n");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] sha(String s) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes(s));
  }
}

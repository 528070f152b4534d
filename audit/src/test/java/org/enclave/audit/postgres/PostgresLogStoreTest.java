package org.enclave.audit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.enclave.audit.merkle.AppendResult;
import org.enclave.audit.merkle.MerkleHasher;
import org.enclave.audit.merkle.ProofVerifier;
import org.enclave.audit.merkle.TreeVerifier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresLogStoreTest {
  private DataSource ds;
  private PostgresLogStore store;

  @BeforeEach
  void freshDatabase() {
    ds = LogDatabases.fresh();
    store = new PostgresLogStore(ds);
  }

  @Test
  void batchesGetContiguousPositionsAndTheRootOfTheirData() throws Exception {
    List<byte[]> all = new ArrayList<>();
    long expectedFirst = 0;
    for (int batch : new int[] {1, 2, 5, 1, 13, 8}) {
      List<byte[]> data = entries(all.size(), batch);
      AppendResult r = store.append(data);
      assertThat(r.firstIndex()).isEqualTo(expectedFirst);
      expectedFirst += batch;
      all.addAll(data);
      assertThat(r.size()).isEqualTo(all.size());
      assertThat(r.root()).isEqualTo(rootOf(all));
    }
    assertThat(store.size()).isEqualTo(30);
    assertThat(store.entries(28, 10)).extracting(LogEntry::index).containsExactly(28L, 29L);
    assertThat(store.entries(5, 1).get(0).data()).isEqualTo(all.get(5));
  }

  @Test
  void proofsFromTheDatabaseVerify() throws Exception {
    List<byte[]> all = entries(0, 37);
    store.append(all.subList(0, 20));
    store.append(all.subList(20, 37));
    for (long size : new long[] {1, 7, 20, 21, 37}) {
      byte[] root = store.root(size);
      assertThat(root).isEqualTo(rootOf(all.subList(0, (int) size)));
      for (long index = 0; index < size; index += 3) {
        ProofVerifier.verifyInclusion(
            index,
            size,
            MerkleHasher.leafHash(all.get((int) index)),
            store.inclusionProof(index, size),
            root);
      }
      ProofVerifier.verifyConsistency(
          size, 37, root, store.root(37), store.consistencyProof(size, 37));
    }
  }

  @Test
  void writersInSeveralProcessesStayContiguous() throws Exception {
    int writers = 6;
    int batches = 20;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      PostgresLogStore own = new PostgresLogStore(ds); // as if each were a control plane
      int id = w;
      done.add(
          pool.submit(
              () -> {
                for (int b = 0; b < batches; b++) {
                  own.append(entries(id * 1000 + b * 10, 3));
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    long size = writers * batches * 3L;
    assertThat(store.size()).isEqualTo(size);
    List<LogEntry> stored = store.entries(0, (int) size);
    assertThat(stored).extracting(LogEntry::index).containsExactlyElementsOf(range(size));
    List<byte[]> data = stored.stream().map(LogEntry::data).toList();
    assertThat(store.root(size)).isEqualTo(rootOf(data));
  }

  @Test
  void aWriterWhoseRememberedEdgeIsStaleReloadsItAndAppendsAfterTheOthers() throws Exception {
    PostgresLogStore other = new PostgresLogStore(ds);
    List<byte[]> all = entries(0, 9);
    store.append(all.subList(0, 3));
    other.append(all.subList(3, 5)); // store's remembered size (3) is now stale
    AppendResult r = store.append(all.subList(5, 9));

    assertThat(r.firstIndex()).isEqualTo(5);
    assertThat(r.root()).isEqualTo(rootOf(all));
    assertThat(other.append(entries(9, 1)).firstIndex()).isEqualTo(9);
    assertThat(store.entries(0, 20))
        .extracting(LogEntry::index)
        .containsExactlyElementsOf(range(10));
  }

  @Test
  void aFailedAppendStoresNothingAndTheNextOneContinuesTheLog() throws Exception {
    List<byte[]> all = entries(0, 4);
    store.append(all.subList(0, 2));
    // the batch's leaves would be stored, but the subtree over leaves [0, 4) is refused
    sql(
        "create trigger refuse_level_2 before insert on audit_log_node for each row"
            + " when (new.level = 2) execute function audit_log_append_only()");
    assertThatThrownBy(() -> store.append(all.subList(2, 4))).isInstanceOf(SQLException.class);
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.entries(0, 10)).hasSize(2);

    sql("drop trigger refuse_level_2 on audit_log_node");
    assertThat(store.append(all.subList(2, 4)).root()).isEqualTo(rootOf(all));
    assertThat(store.root(4)).isEqualTo(rootOf(all));
  }

  @Test
  void theWriterCommitsSynchronouslyEvenWhenTheServerDoesNot() throws Exception {
    List<Connection> handedOut = new ArrayList<>();
    DataSource recording =
        (DataSource)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  Object result = method.invoke(ds, args);
                  if (result instanceof Connection c) {
                    handedOut.add(c);
                  }
                  return result;
                });
    sql("alter database " + currentDatabase() + " set synchronous_commit = off");
    PostgresLogStore writer = new PostgresLogStore(recording);

    writer.append(entries(0, 1));

    assertThat(handedOut).hasSize(1);
    try (Statement s = handedOut.get(0).createStatement();
        var rs = s.executeQuery("show synchronous_commit")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("on");
    }
    writer.close();
  }

  @Test
  void theDatabaseRefusesToChangeOrRemoveAnything() throws Exception {
    store.append(entries(0, 4));
    store.saveCheckpoint(4, "note\n");
    List<String> refused = new ArrayList<>();
    for (String sql :
        List.of(
            "update audit_log_entry set leaf_data = 'x'",
            "delete from audit_log_entry",
            "truncate audit_log_entry",
            "update audit_log_node set hash = hash",
            "delete from audit_log_node",
            "truncate audit_log_node",
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
    assertThat(refused).hasSize(8);
    assertThat(store.size()).isEqualTo(4);
  }

  @Test
  void checkpointsAreKeptPerSizeAndTheLargestIsLatest() {
    store.saveCheckpoint(3, "three\n");
    store.saveCheckpoint(5, "five\n");
    store.saveCheckpoint(3, "again\n");
    assertThat(store.latestCheckpoint()).contains("five\n");
  }

  private String currentDatabase() throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        var rs = s.executeQuery("select current_database()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private void sql(String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static List<byte[]> entries(int from, int count) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(("{\"event\":" + (from + i) + "}").getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private static byte[] rootOf(List<byte[]> data) {
    TreeVerifier t = new TreeVerifier();
    data.forEach(t::append);
    return t.root();
  }

  private static List<Long> range(long n) {
    List<Long> out = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }
}

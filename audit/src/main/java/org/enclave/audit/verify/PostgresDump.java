package org.enclave.audit.verify;

import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Writes the audit log tables of a PostgreSQL database ({@code db/audit/V1__audit_log.sql}) in the
 * dump format ({@link DumpFormat}): checkpoints oldest first, then subtree hashes by level and
 * index, then entries by index, so that the verifier reads the dump in one pass. Everything comes
 * from one read-only snapshot, streamed with a cursor, so the log may keep growing meanwhile and
 * memory stays flat.
 */
public final class PostgresDump {

  private static final int FETCH_SIZE = 10_000;

  /** What a dump holds. */
  public record Counts(long entries, long nodes, long checkpoints) {}

  private PostgresDump() {}

  /** Writes the dump of the database {@code connection} reaches; the connection is left open. */
  public static Counts write(Connection connection, Writer out) throws SQLException, IOException {
    connection.setAutoCommit(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    connection.setReadOnly(true);
    try {
      long checkpoints = 0;
      try (ResultSet rs =
          query(
              connection,
              "select tree_size, note from audit_log_checkpoint order by created_at, tree_size")) {
        while (rs.next()) {
          line(out, DumpFormat.checkpointLine(rs.getLong(1), rs.getString(2)));
          checkpoints++;
        }
      }
      long nodes = 0;
      try (ResultSet rs =
          query(connection, "select level, idx, hash from audit_log_node order by level, idx")) {
        while (rs.next()) {
          line(out, DumpFormat.nodeLine(rs.getInt(1), rs.getLong(2), rs.getBytes(3)));
          nodes++;
        }
      }
      long entries = 0;
      try (ResultSet rs =
          query(connection, "select idx, leaf_data, leaf_hash from audit_log_entry order by idx")) {
        while (rs.next()) {
          line(out, DumpFormat.entryLine(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)));
          entries++;
        }
      }
      out.flush();
      return new Counts(entries, nodes, checkpoints);
    } finally {
      connection.rollback();
    }
  }

  private static ResultSet query(Connection connection, String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setFetchSize(FETCH_SIZE);
    statement.closeOnCompletion();
    return statement.executeQuery();
  }

  private static void line(Writer out, String line) throws IOException {
    out.write(line);
    out.write('\n');
  }
}

package org.enclave.infra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {
  @TempDir Path state;

  @Test
  void answersQueriesAndKeepsDataAcrossRestarts() throws Exception {
    int port = Ports.findFree();
    Path data = state.resolve("postgres");
    Path log = state.resolve("logs/postgres.log");

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(port, data, log)) {
      assertThat(server.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:" + port + "/enclave");
      try (Connection connection = connect(server);
          Statement statement = connection.createStatement()) {
        assertThat(single(statement, "select 1")).isEqualTo("1");
        assertThat(single(statement, "select current_user")).isEqualTo("enclave");
        assertThat(single(statement, "show fsync")).isEqualTo("on");
        assertThat(single(statement, "show synchronous_commit")).isEqualTo("on");
        statement.execute("create table note (id int primary key, body text not null)");
        statement.execute("insert into note values (1, 'survives a restart')");
      }
    }
    assertThat(Ports.isFree(port)).as("port released after close").isTrue();

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(port, data, log);
        Connection connection = connect(server);
        Statement statement = connection.createStatement()) {
      assertThat(single(statement, "select body from note where id = 1"))
          .isEqualTo("survives a restart");
    }
  }

  @Test
  void failsFastNamingTheTakenPort() throws IOException {
    try (ServerSocket taken = new ServerSocket(0)) {
      int port = taken.getLocalPort();

      assertThatThrownBy(
              () ->
                  EmbeddedPostgresServer.start(
                      port, state.resolve("pg"), state.resolve("logs/pg.log")))
          .isInstanceOf(LocalStackException.class)
          .hasMessageContaining("port " + port + " (PostgreSQL) is already in use");
    }
  }

  private static Connection connect(EmbeddedPostgresServer server) throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
  }

  private static String single(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      assertThat(rows.next()).isTrue();
      return rows.getString(1);
    }
  }
}

package org.enclave.infra.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkspaceSpecTest {
  private static final Path HOMES = Path.of("/srv/homes");
  private static final Path SOCKET = Path.of("/srv/broker/ws/broker.sock");

  @ParameterizedTest
  @ValueSource(
      strings = {"", "-leading-dash", "_x", "../etc", "a/b", "a b", "a.b", "ä", "x\n", "a;rm"})
  void rejectsUnsafeIds(String id) {
    assertThatThrownBy(() -> WorkspaceSpec.of(id, HOMES, SOCKET))
        .isInstanceOf(WorkspaceException.class)
        .extracting(e -> ((WorkspaceException) e).reason())
        .isEqualTo(WorkspaceException.Reason.INVALID_SPEC);
  }

  @Test
  void acceptsUuidsAndLongestIds() {
    assertThat(WorkspaceIds.isValid("0f8fad5b-d9cb-469f-a165-70867728950e")).isTrue();
    assertThat(WorkspaceIds.isValid("a".repeat(64))).isTrue();
    assertThat(WorkspaceIds.isValid("a".repeat(65))).isFalse();
  }

  @Test
  void defaultsToIdleCommandAndDefaultLimits() {
    WorkspaceSpec spec = WorkspaceSpec.of("ws", HOMES, SOCKET);

    assertThat(spec.command()).isEqualTo(WorkspaceSpec.IDLE);
    assertThat(spec.limits()).isEqualTo(WorkspaceLimits.DEFAULT);
    assertThat(spec.home()).isEqualTo(Path.of("/srv/homes/ws"));
  }

  @Test
  void rejectsRelativePaths() {
    assertThatThrownBy(() -> WorkspaceSpec.of("ws", Path.of("homes"), SOCKET))
        .isInstanceOf(WorkspaceException.class);
    assertThatThrownBy(() -> WorkspaceSpec.of("ws", HOMES, Path.of("broker.sock")))
        .isInstanceOf(WorkspaceException.class);
  }

  @Test
  void rejectsBadEnvironment() {
    WorkspaceSpec spec = WorkspaceSpec.of("ws", HOMES, SOCKET);

    assertThatThrownBy(() -> spec.withEnvironment(Map.of("A=B", "x")))
        .isInstanceOf(WorkspaceException.class);
    assertThatThrownBy(() -> spec.withEnvironment(Map.of("A", "x\0y")))
        .isInstanceOf(WorkspaceException.class);
    assertThat(spec.withEnvironment(Map.of("AWS_REGION", "eu-west-1")).environment())
        .containsEntry("AWS_REGION", "eu-west-1");
  }

  @Test
  void rejectsLimitsOutOfRange() {
    assertThatThrownBy(() -> new WorkspaceLimits(0, 1024, 64, 1024))
        .isInstanceOf(WorkspaceException.class);
    assertThatThrownBy(() -> new WorkspaceLimits(1, 8, 64, 1024))
        .isInstanceOf(WorkspaceException.class);
    assertThatThrownBy(() -> new WorkspaceLimits(1, 1024, 1, 1024))
        .isInstanceOf(WorkspaceException.class);
  }
}

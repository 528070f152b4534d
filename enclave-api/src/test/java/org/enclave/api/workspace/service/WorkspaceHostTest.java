package org.enclave.api.workspace.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** When the control plane refuses to run workspaces, and the reason it gives. */
class WorkspaceHostTest {
  private static final Path SHORT = Path.of("/srv/enclave/workspaces/broker");

  @Test
  void rootWithShortPathsMayRunWorkspaces() {
    assertThat(WorkspaceHost.reasonUnavailable(true, true, 0, SHORT)).isNull();
  }

  @Test
  void turnedOffSaysSo() {
    assertThat(WorkspaceHost.reasonUnavailable(false, true, 0, SHORT))
        .contains("enclave.workspaces.enabled");
  }

  @Test
  void anOrdinaryUserIsRefusedUnlessRootIsNotRequired() {
    assertThat(WorkspaceHost.reasonUnavailable(true, true, 1000, SHORT))
        .contains("uid 1000")
        .contains("need root");
    assertThat(WorkspaceHost.reasonUnavailable(true, false, 1000, SHORT)).isNull();
  }

  @Test
  void socketPathsTooLongForAUnixSocketAreRefused() {
    Path deep =
        Path.of("/home/someone/" + "projects/".repeat(6) + "enclave/.enclave/workspaces/broker");
    assertThat(WorkspaceHost.reasonUnavailable(true, true, 0, deep))
        .contains("more than a Unix socket allows");
    // The longer socket is the session's: "session/<uuid>/session.sock" is 51 bytes longer than
    // the broker directory ("<root>/broker").
    Path atTheLimit = Path.of("/" + "a".repeat(WorkspaceHost.MAX_SOCKET_PATH - 51 - 8) + "/broker");
    assertThat(WorkspaceHost.reasonUnavailable(true, true, 0, atTheLimit)).isNull();
    Path oneMore = Path.of(atTheLimit + "x");
    assertThat(WorkspaceHost.reasonUnavailable(true, true, 0, oneMore)).isNotNull();
  }
}

package org.enclave.api.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionPathTest {
  private static final String ID = "0b5c7e5e-8f1a-4a52-9d0e-1f2a3b4c5d6e";
  private static final String BASE = "/workspaces/" + ID + "/session/";

  @Test
  void keepsTheRawPathAndDropsTokenParameters() {
    SessionPath p =
        SessionPath.parse(BASE + "api/contents/My%20Notebook.ipynb", "token=x&type=file");
    assertThat(p.workspaceId()).hasToString(ID);
    assertThat(p.upstream()).isEqualTo(BASE + "api/contents/My%20Notebook.ipynb?type=file");
    assertThat(SessionPath.parse(BASE, null).upstream()).isEqualTo(BASE);
  }

  @Test
  void baseWithoutItsSlashAsksForARedirect() {
    assertThat(SessionPath.parse("/workspaces/" + ID + "/session", null)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../x",
        "%2e%2e/x",
        "%2E%2e/x",
        ".%2e/x",
        "api/./kernels",
        "api%2Fkernels",
        "api%2fkernels",
        "%252e%252e/x",
        "%25%32%65",
        "a%5cb",
        "a\\b",
        "/api",
        "api//kernels",
        "api%00",
        "api%0a",
        "a b",
        "%zz",
        "%e2%82",
        "\u00e9"
      })
  void refusesWhatCouldBeReadTwoWays(String rest) {
    assertThatThrownBy(() -> SessionPath.parse(BASE + rest, null))
        .isInstanceOfSatisfying(
            EnclaveException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_SESSION_PATH));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/workspaces/" + "0B5C7E5E-8F1A-4A52-9D0E-1F2A3B4C5D6E" + "/session/",
        "/workspaces/not-a-uuid/session/",
        "/workspaces/" + ID + "/sessions/",
        "/workspaces/" + ID + "/",
        "/api/v1/workspaces/" + ID + "/session/"
      })
  void refusesPathsOutsideOneSession(String path) {
    assertThatThrownBy(() -> SessionPath.parse(path, null))
        .isInstanceOfSatisfying(
            EnclaveException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_SESSION_PATH));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "files/a.csv",
        "nbconvert/html/a.ipynb",
        "bundle/a.ipynb",
        "terminals/1",
        "api/terminals",
        "api/shutdown",
        "tree?download=1"
      })
  void refusesDownloadsTerminalsAndShutdown(String rest) {
    String path = rest.contains("?") ? rest.substring(0, rest.indexOf('?')) : rest;
    String query = rest.contains("?") ? rest.substring(rest.indexOf('?') + 1) : null;
    assertThatThrownBy(() -> SessionPath.parse(BASE + path, query))
        .isInstanceOfSatisfying(
            EnclaveException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DOWNLOAD_REFUSED));
  }
}

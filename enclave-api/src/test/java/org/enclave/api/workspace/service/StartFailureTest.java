package org.enclave.api.workspace.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.infra.workspace.WorkspaceException;
import org.enclave.infra.workspace.WorkspaceException.Reason;
import org.junit.jupiter.api.Test;

class StartFailureTest {
  static final UUID ID = UUID.fromString("00000000-0000-0000-0000-0000000000aa");

  static EnclaveException failure(Reason reason, String message) {
    return WorkspaceService.startFailure(ID, new WorkspaceException(reason, message));
  }

  @Test
  void cloudFailuresHaveTheirOwnCodesAndSayWhatToDo() {
    EnclaveException capacity = failure(Reason.CAPACITY, "no g5.xlarge in eu-west-2a");
    assertThat(capacity.errorCode()).isEqualTo(ErrorCode.WORKSPACE_CAPACITY);
    assertThat(capacity.getMessage()).contains("later").contains("another size").contains("g5");

    assertThat(failure(Reason.QUOTA, "vCPU limit").errorCode())
        .isEqualTo(ErrorCode.WORKSPACE_QUOTA);
    assertThat(failure(Reason.THROTTLED, "slow down").errorCode())
        .isEqualTo(ErrorCode.WORKSPACE_THROTTLED);
    EnclaveException misconfigured =
        failure(Reason.MISCONFIGURED, "launch template enclave-workspace does not exist");
    assertThat(misconfigured.errorCode()).isEqualTo(ErrorCode.WORKSPACE_MISCONFIGURED);
    assertThat(misconfigured.getMessage()).contains("enclave-workspace").contains("operator");
  }

  @Test
  void everyOtherFailureIsAFailedStartThatHidesTheDetails() {
    EnclaveException timeout = failure(Reason.START_FAILED, "sandbox log: secret-ish detail");
    assertThat(timeout.errorCode()).isEqualTo(ErrorCode.WORKSPACE_START_FAILED);
    assertThat(timeout.getMessage()).doesNotContain("secret-ish");

    EnclaveException other = WorkspaceService.startFailure(ID, new IllegalStateException("x"));
    assertThat(other.errorCode()).isEqualTo(ErrorCode.WORKSPACE_START_FAILED);
  }

  @Test
  void cloudCodesAreServiceUnavailableOrServerErrors() {
    assertThat(ErrorCode.WORKSPACE_CAPACITY.status()).isEqualTo(503);
    assertThat(ErrorCode.WORKSPACE_QUOTA.status()).isEqualTo(503);
    assertThat(ErrorCode.WORKSPACE_THROTTLED.status()).isEqualTo(503);
    assertThat(ErrorCode.WORKSPACE_MISCONFIGURED.status()).isEqualTo(500);
  }
}

package org.enclave.api.broker;

import java.util.Objects;
import java.util.UUID;

/**
 * Who is behind a broker endpoint: the workspace, the team whose grants it reads with, and the
 * member who runs it (whose data use agreement must be current, and who is the audit actor).
 */
public record WorkspaceIdentity(String workspaceId, UUID teamId, String owner) {
  public WorkspaceIdentity {
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(teamId, "teamId");
    Objects.requireNonNull(owner, "owner");
    if (workspaceId.isBlank() || owner.isBlank()) {
      throw new IllegalArgumentException("workspace id and owner must not be blank");
    }
  }
}

package org.enclave.api.workspace.model;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.UUID;

/** Requests and responses of the workspace endpoints. */
public final class WorkspaceModels {
  private WorkspaceModels() {}

  /** A workspace name: letters, digits, dots, dashes and underscores, unique in its team. */
  public static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  /**
   * @param teamId the team that owns the workspace; the caller must be a member
   * @param name unique among the team's workspaces that are not terminated
   * @param size {@code small} (the default), {@code medium} or {@code large}
   */
  public record CreateWorkspaceRequest(
      @NotNull UUID teamId,
      @NotBlank
          @Pattern(
              regexp = NAME,
              message = "must be 1-64 letters, digits, dots, dashes or underscores, like 'nlp-1'")
          String name,
      WorkspaceSize size) {}

  /** Resource limits of a workspace's size. */
  public record Limits(double cpus, long memoryMiB, int pids, int openFiles) {}

  /**
   * @param state {@code CREATED}, {@code STARTING}, {@code RUNNING}, {@code STOPPING}, {@code
   *     STOPPED}, {@code TERMINATED} or {@code FAILED}
   * @param stateReason why it is in that state, when not simply at a member's request
   * @param startedBy the member who started the current or last run; data reads of that run are
   *     recorded under this name
   * @param lastActivityAt the last request to the data broker (or the start), as recorded so far;
   *     the idle timeout counts from it
   */
  public record WorkspaceResponse(
      UUID id,
      UUID teamId,
      String name,
      WorkspaceSize size,
      Limits limits,
      WorkspaceState state,
      String stateReason,
      String createdBy,
      Instant createdAt,
      Instant stateChangedAt,
      String startedBy,
      Instant startedAt,
      Instant stoppedAt,
      Instant terminatedAt,
      Instant lastActivityAt) {}
}

package org.enclave.api.governance.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.enclave.api.governance.service.Names;

/** Requests and responses of the team endpoints. */
public final class TeamModels {
  private TeamModels() {}

  public record CreateTeamRequest(
      @NotBlank
          @Pattern(
              regexp = Names.TEAM,
              message = "must be 2-64 lower-case letters, digits or dashes, like 'lighthouse'")
          String name,
      @Size(max = 200) String displayName,
      @NotBlank @Pattern(regexp = Names.USERNAME, message = "must be a user name like 'alice'")
          String lead,
      @Size(max = 200, message = "a team has at most 200 members")
          List<
                  @NotNull
                  @Pattern(regexp = Names.USERNAME, message = "must be a user name like 'alice'")
                  String>
              members) {}

  public record AddMemberRequest(
      @NotBlank @Pattern(regexp = Names.USERNAME, message = "must be a user name like 'alice'")
          String username,
      boolean lead) {}

  public record MemberResponse(String username, boolean lead, Instant addedAt, String addedBy) {}

  public record TeamResponse(
      UUID id,
      String name,
      String displayName,
      Instant createdAt,
      String createdBy,
      @Valid List<MemberResponse> members) {}
}

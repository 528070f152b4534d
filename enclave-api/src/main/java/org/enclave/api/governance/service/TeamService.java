package org.enclave.api.governance.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.governance.model.TeamModels.AddMemberRequest;
import org.enclave.api.governance.model.TeamModels.CreateTeamRequest;
import org.enclave.api.governance.model.TeamModels.MemberResponse;
import org.enclave.api.governance.model.TeamModels.TeamResponse;
import org.enclave.api.governance.persistence.TeamEntity;
import org.enclave.api.governance.persistence.TeamMemberEntity;
import org.enclave.api.governance.persistence.TeamMemberRepository;
import org.enclave.api.governance.persistence.TeamRepository;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.Authorizer.Resource;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.api.security.Role;

/** Teams: who works together, and who leads. */
@ApplicationScoped
public class TeamService {
  @Inject TeamRepository teams;
  @Inject TeamMemberRepository members;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject Clock clock;

  @Transactional
  public TeamResponse create(EnclavePrincipal who, CreateTeamRequest req) {
    authorizer.authorize(who, Operation.TEAM_CREATE, Resource.none());
    if (teams.findByName(req.name()).isPresent()) {
      throw new EnclaveException(
          ErrorCode.ALREADY_EXISTS, "a team named '" + req.name() + "' already exists");
    }
    Instant now = Instant.now(clock);
    TeamEntity t = new TeamEntity();
    t.id = UUID.randomUUID();
    t.name = req.name();
    t.displayName =
        req.displayName() == null || req.displayName().isBlank() ? req.name() : req.displayName();
    t.createdAt = now;
    t.createdBy = who.username();
    teams.persist(t);
    Set<String> all = new LinkedHashSet<>();
    all.add(req.lead());
    if (req.members() != null) {
      all.addAll(req.members());
    }
    for (String username : all) {
      addMemberRow(t.id, username, username.equals(req.lead()), who, now);
    }
    audit.allowed(who, "team.create", Target.of("team", t.id).team(t.id), "lead " + req.lead());
    return view(t);
  }

  @Transactional
  public List<TeamResponse> list(EnclavePrincipal who) {
    boolean seesAll = who.hasAny(Role.ORGANIZER, Role.ADMIN, Role.STEWARD, Role.AUDITOR);
    List<TeamEntity> found = seesAll ? teams.listOrdered() : teams.listForMember(who.username());
    return found.stream().map(this::view).toList();
  }

  @Transactional
  public TeamResponse get(EnclavePrincipal who, UUID id) {
    TeamEntity t = require(id);
    authorizer.authorize(who, Operation.TEAM_READ, Resource.team(id));
    return view(t);
  }

  @Transactional
  public TeamResponse addMember(EnclavePrincipal who, UUID teamId, AddMemberRequest req) {
    TeamEntity t = require(teamId);
    authorizer.authorize(who, Operation.TEAM_MANAGE_MEMBERS, Resource.team(teamId));
    var existing = members.findMember(teamId, req.username());
    if (existing.isPresent()) {
      existing.get().lead = req.lead();
    } else {
      addMemberRow(teamId, req.username(), req.lead(), who, Instant.now(clock));
    }
    audit.allowed(
        who,
        "team.member.add",
        Target.of("team", teamId).team(teamId),
        req.username() + (req.lead() ? " as lead" : ""));
    return view(t);
  }

  @Transactional
  public TeamResponse removeMember(EnclavePrincipal who, UUID teamId, String username) {
    TeamEntity t = require(teamId);
    authorizer.authorize(who, Operation.TEAM_MANAGE_MEMBERS, Resource.team(teamId));
    TeamMemberEntity m =
        members
            .findMember(teamId, username)
            .orElseThrow(
                () ->
                    new EnclaveException(
                        ErrorCode.NOT_FOUND, username + " is not a member of team " + t.name));
    members.delete(m);
    audit.allowed(who, "team.member.remove", Target.of("team", teamId).team(teamId), username);
    return view(t);
  }

  /** A team the user belongs to. */
  public record Membership(UUID teamId, String name, boolean lead) {}

  @Transactional
  public List<Membership> membershipsOf(String username) {
    return teams.listForMember(username).stream()
        .map(t -> new Membership(t.id, t.name, members.isLead(t.id, username)))
        .toList();
  }

  TeamEntity require(UUID id) {
    return teams.findByIdOptional(id).orElseThrow(() -> EnclaveException.notFound("team", id));
  }

  private void addMemberRow(
      UUID teamId, String username, boolean lead, EnclavePrincipal who, Instant now) {
    TeamMemberEntity m = new TeamMemberEntity();
    m.id = new TeamMemberEntity.Key(teamId, username);
    m.lead = lead;
    m.addedAt = now;
    m.addedBy = who.username();
    members.persist(m);
  }

  private TeamResponse view(TeamEntity t) {
    List<MemberResponse> ms =
        members.listForTeam(t.id).stream()
            .map(m -> new MemberResponse(m.id.username(), m.lead, m.addedAt, m.addedBy))
            .toList();
    return new TeamResponse(t.id, t.name, t.displayName, t.createdAt, t.createdBy, ms);
  }
}

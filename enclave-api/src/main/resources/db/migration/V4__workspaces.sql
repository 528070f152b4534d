-- Workspaces: a team's isolated place to work on data, and where it is in its lifecycle.
-- The sandbox itself lives on the host (or a VM); this row is the control plane's record of it.

create table workspace (
    id               uuid primary key,
    team_id          uuid         not null references team (id),
    name             varchar(64)  not null,
    size             varchar(8)   not null check (size in ('SMALL', 'MEDIUM', 'LARGE')),
    state            varchar(16)  not null check (state in ('CREATED', 'STARTING', 'RUNNING',
                                                   'STOPPING', 'STOPPED', 'TERMINATED', 'FAILED')),
    -- Why it is in this state when that is not obvious: idle, failed start, restart clean-up.
    state_reason     varchar(500),
    created_by       varchar(128) not null,
    created_at       timestamptz  not null,
    state_changed_at timestamptz  not null,
    -- The member who started the current (or last) run: the broker's audit actor for it, whose
    -- data use agreement is checked at every request.
    started_by       varchar(128),
    started_at       timestamptz,
    stopped_at       timestamptz,
    terminated_at    timestamptz,
    -- The broker access key id of the current run, so that it survives a control-plane restart;
    -- the secret is derived from it and never stored. Null when not running.
    access_key_id    varchar(32),
    last_activity_at timestamptz,
    row_version      bigint       not null default 0,
    check ((state in ('STARTING', 'RUNNING', 'STOPPING')) or access_key_id is null)
);

-- One name per team among workspaces that still exist.
create unique index workspace_team_name on workspace (team_id, name) where state <> 'TERMINATED';
create index workspace_team_state on workspace (team_id, state);
create index workspace_state on workspace (state);

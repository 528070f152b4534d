-- Exports: the one way files leave a workspace. A team stages files from inside its workspace,
-- then files a request with a justification; reviewers who are not on the team decide it, and
-- only released files can be downloaded, outside the workspace (docs/exports.md).

create table export_request (
    id            uuid primary key,
    team_id       uuid          not null references team (id),
    workspace_id  varchar(64)   not null,
    -- The member who started the workspace the request came from: it may withdraw the request
    -- and may never review it.
    author        varchar(128)  not null,
    justification text          not null,
    state         varchar(16)   not null check (state in ('SUBMITTED', 'WITHDRAWN', 'RETURNED',
                                                          'REJECTED', 'RELEASED')),
    file_count    integer       not null check (file_count between 1 and 1000),
    total_bytes   bigint        not null check (total_bytes >= 0),
    created_at    timestamptz   not null,
    state_changed_at timestamptz not null
);
create index export_request_team on export_request (team_id, created_at);
create index export_request_state on export_request (state, created_at);

-- A file staged from a workspace: kept under restricted/exports/ in the object store, never
-- served by the broker. Staged files not attached to a request by expires_at are deleted.
create table export_file (
    id           uuid primary key,
    team_id      uuid          not null references team (id),
    workspace_id varchar(64)   not null,
    staged_by    varchar(128)  not null,
    staged_at    timestamptz   not null,
    expires_at   timestamptz,
    request_id   uuid          references export_request (id),
    position     integer,
    name         varchar(255)  not null,
    object_key   varchar(1200) not null unique,
    size_bytes   bigint        not null check (size_bytes >= 0),
    sha256       char(64)      not null,
    check ((request_id is null) = (position is null)),
    check (request_id is not null or expires_at is not null),
    unique (request_id, position),
    unique (request_id, name)
);
create index export_file_staged on export_file (expires_at) where request_id is null;

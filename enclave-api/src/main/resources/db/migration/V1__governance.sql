-- Governance: teams, datasets and their versions and files, data use agreements,
-- access requests, grants, and the append-only audit table.

create table team (
    id           uuid primary key,
    name         varchar(64)  not null unique,
    display_name varchar(200) not null,
    created_at   timestamptz  not null,
    created_by   varchar(128) not null
);

create table team_member (
    team_id  uuid         not null references team (id) on delete cascade,
    username varchar(128) not null,
    lead     boolean      not null,
    added_at timestamptz  not null,
    added_by varchar(128) not null,
    primary key (team_id, username)
);
create index team_member_username on team_member (username);

create table dataset (
    id               uuid primary key,
    name             varchar(100) not null unique,
    description      text         not null,
    sensitivity_tier smallint     not null check (sensitivity_tier between 0 and 4),
    created_at       timestamptz  not null,
    created_by       varchar(128) not null
);

create table dataset_steward (
    dataset_id uuid         not null references dataset (id) on delete cascade,
    username   varchar(128) not null,
    added_at   timestamptz  not null,
    added_by   varchar(128) not null,
    primary key (dataset_id, username)
);
create index dataset_steward_username on dataset_steward (username);

create table dataset_version (
    id           uuid primary key,
    dataset_id   uuid         not null references dataset (id),
    label        varchar(64)  not null,
    notes        text         not null,
    state        varchar(16)  not null check (state in ('DRAFT', 'PUBLISHED')),
    created_at   timestamptz  not null,
    created_by   varchar(128) not null,
    published_at timestamptz,
    published_by varchar(128),
    row_version  bigint       not null default 0,
    unique (dataset_id, label)
);

create table dataset_file (
    id          uuid primary key,
    version_id  uuid          not null references dataset_version (id),
    path        varchar(1024) not null,
    object_key  varchar(1200) not null,
    size_bytes  bigint        not null,
    sha256      char(64)      not null,
    media_type  varchar(200)  not null,
    uploaded_at timestamptz   not null,
    uploaded_by varchar(128)  not null,
    unique (version_id, path)
);

create table data_use_agreement (
    id         uuid primary key,
    dataset_id uuid         not null references dataset (id),
    version    integer      not null check (version > 0),
    text       text         not null,
    created_at timestamptz  not null,
    created_by varchar(128) not null,
    unique (dataset_id, version)
);

create table agreement_acceptance (
    agreement_id uuid         not null references data_use_agreement (id),
    username     varchar(128) not null,
    accepted_at  timestamptz  not null,
    primary key (agreement_id, username)
);

create table access_request (
    id               uuid primary key,
    team_id          uuid         not null references team (id),
    dataset_id       uuid         not null references dataset (id),
    version_id       uuid         not null references dataset_version (id),
    purpose          text         not null,
    ethics_reference varchar(200) not null,
    duration_days    integer      not null check (duration_days > 0),
    status           varchar(16)  not null check (status in ('PENDING', 'APPROVED', 'DENIED')),
    requested_by     varchar(128) not null,
    requested_at     timestamptz  not null,
    decided_by       varchar(128),
    decided_at       timestamptz,
    decision_reason  text,
    row_version      bigint       not null default 0
);
create index access_request_status on access_request (status, dataset_id);

create table access_grant (
    id            uuid primary key,
    request_id    uuid         not null unique references access_request (id),
    team_id       uuid         not null references team (id),
    dataset_id    uuid         not null references dataset (id),
    version_id    uuid         not null references dataset_version (id),
    granted_by    varchar(128) not null,
    granted_at    timestamptz  not null,
    expires_at    timestamptz  not null,
    revoked_at    timestamptz,
    revoked_by    varchar(128),
    revoke_reason text,
    row_version   bigint       not null default 0,
    check (expires_at > granted_at)
);
create index access_grant_live on access_grant (dataset_id, expires_at) where revoked_at is null;

create table audit_event (
    seq           bigserial primary key,
    event_time    timestamptz  not null,
    actor         varchar(200) not null,
    actor_roles   varchar(200) not null,
    action        varchar(100) not null,
    outcome       varchar(8)   not null check (outcome in ('ALLOW', 'DENY', 'ERROR')),
    reason        text,
    resource_type varchar(40),
    resource_id   varchar(200),
    team_id       varchar(64),
    dataset_id    varchar(64),
    request_id    varchar(64)
);
create index audit_event_dataset on audit_event (dataset_id, seq);
create index audit_event_actor on audit_event (actor, seq);

-- The database itself refuses to change or remove audit records.
create function audit_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only: % refused', tg_op using errcode = '42501';
end;
$$;
create trigger audit_event_no_update_delete before update or delete on audit_event
    for each row execute function audit_event_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_append_only();

-- From now on audit_event is the search index of the tamper-evident log (seq = log index + 1).
-- Rows written before the log existed are kept, unchanged and append-only, as audit_event_legacy.
alter table audit_event rename to audit_event_legacy;
alter index audit_event_dataset rename to audit_event_legacy_dataset;
alter index audit_event_actor rename to audit_event_legacy_actor;

create table audit_event (
    seq           bigint primary key check (seq > 0),
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
create index audit_event_action on audit_event (action, seq);

create trigger audit_event_no_update_delete before update or delete on audit_event
    for each row execute function audit_event_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_append_only();

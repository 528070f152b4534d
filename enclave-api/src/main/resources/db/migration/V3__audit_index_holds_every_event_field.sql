-- The search index holds every field of an event (display name, dataset version, object key,
-- byte range, bytes served, workspace), so that searches, exports and transparency reports
-- never decode the log. The index is a projection of the log and refuses updates, so it is
-- recreated rather than patched: AuditIndexCatchUp refills it from the log at the next startup.
-- It is now keyed by the log index itself (it was seq = log index + 1), and its text columns are
-- unbounded, because the index must take every event the log took. audit_event_legacy (rows from
-- before the log) is not touched.
drop table audit_event;

create table audit_event (
    log_index          bigint primary key check (log_index >= 0),
    event_time         timestamptz not null,
    actor              text        not null,
    actor_display_name text,
    actor_roles        text        not null,
    action             text        not null,
    outcome            varchar(8)  not null check (outcome in ('ALLOW', 'DENY', 'ERROR')),
    reason             text,
    resource_type      text,
    resource_id        text,
    team_id            text,
    dataset_id         text,
    dataset_version    text,
    object_key         text,
    range_first        bigint,
    range_last         bigint,
    bytes_served       bigint check (bytes_served >= 0),
    workspace_id       text,
    request_id         text
);
create index audit_event_dataset on audit_event (dataset_id, log_index);
-- Transparency reports: a dataset's reads (ALLOW, read action) and its denials (DENY).
create index audit_event_dataset_outcome on audit_event (dataset_id, outcome, action, log_index);
create index audit_event_actor on audit_event (actor, log_index);
create index audit_event_action on audit_event (action, log_index);
create index audit_event_team on audit_event (team_id, log_index);

create trigger audit_event_no_update_delete before update or delete on audit_event
    for each row execute function audit_event_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_append_only();

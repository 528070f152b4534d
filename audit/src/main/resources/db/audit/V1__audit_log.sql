-- The tamper-evident audit log: leaves (canonical event data and its RFC 9162 leaf hash),
-- hashes of complete subtrees (level >= 1; level 0 is the leaf hash), and signed checkpoints.
-- All three are append-only: the database refuses UPDATE, DELETE and TRUNCATE.

create table audit_log_entry (
    idx       bigint primary key check (idx >= 0),
    leaf_data bytea  not null,
    leaf_hash bytea  not null check (octet_length(leaf_hash) = 32)
);

create table audit_log_node (
    level smallint not null check (level between 1 and 63),
    idx   bigint   not null check (idx >= 0),
    hash  bytea    not null check (octet_length(hash) = 32),
    primary key (level, idx)
);

create table audit_log_checkpoint (
    tree_size  bigint primary key check (tree_size >= 0),
    note       text        not null,
    created_at timestamptz not null default now()
);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = '42501';
end;
$$;

create trigger audit_log_entry_append_only before update or delete on audit_log_entry
    for each row execute function audit_log_append_only();
create trigger audit_log_entry_no_truncate before truncate on audit_log_entry
    for each statement execute function audit_log_append_only();
create trigger audit_log_node_append_only before update or delete on audit_log_node
    for each row execute function audit_log_append_only();
create trigger audit_log_node_no_truncate before truncate on audit_log_node
    for each statement execute function audit_log_append_only();
create trigger audit_log_checkpoint_append_only before update or delete on audit_log_checkpoint
    for each row execute function audit_log_append_only();
create trigger audit_log_checkpoint_no_truncate before truncate on audit_log_checkpoint
    for each statement execute function audit_log_append_only();

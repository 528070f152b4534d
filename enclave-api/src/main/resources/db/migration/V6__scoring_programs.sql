-- Scoring programs: an organizer may score a task with a program of their own (a jar or a Python
-- script) instead of a built-in metric suite. It runs per submission in a sandbox with no
-- network, the gold and the submission read-only, a time and a memory limit.

-- One row per upload; each upload is a new version, and a scoring run names the version it used.
create table shared_task_program (
    id                 uuid primary key,
    task_id            uuid          not null references shared_task (id),
    version            integer       not null check (version > 0),
    kind               varchar(8)    not null check (kind in ('PYTHON', 'JAR')),
    file_name          varchar(200)  not null,
    object_key         varchar(1200) not null,
    size_bytes         bigint        not null,
    sha256             char(64)      not null,
    time_limit_seconds integer       not null check (time_limit_seconds between 1 and 3600),
    memory_mib         integer       not null check (memory_mib between 64 and 65536),
    note               text,
    uploaded_at        timestamptz   not null,
    uploaded_by        varchar(128)  not null,
    unique (task_id, version)
);

-- The program version a run scored with (null: the task's built-in suite).
alter table shared_task_scoring_run add column program_version integer;
alter table shared_task_scoring_run
    add foreign key (task_id, program_version) references shared_task_program (task_id, version);

-- A program's gold file is opaque to the control plane: it has no user count.
alter table shared_task_gold alter column item_count drop not null;

-- What a scoring program printed (organizers only; it may quote the gold).
alter table shared_task_score add column log text;

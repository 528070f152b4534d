-- Pseudonymized ingest (docs/ingest.md): raw files wait in a quarantine only the dataset's stewards
-- see; an ingest job masks one of them into a file of a draft version, and a version whose files
-- came through ingest is published only after a steward accepted each job's masking report.

-- What a dataset's stewards decided to mask. A dataset with a policy takes its files through ingest
-- only (require_ingest), unless the policy says otherwise.
create table masking_policy (
    dataset_id      uuid primary key references dataset (id),
    masked_types    text         not null,
    always_masked   text         not null,
    never_masked    text         not null,
    date_shift_days integer      not null check (date_shift_days between 0 and 3650),
    require_ingest  boolean      not null,
    updated_at      timestamptz  not null,
    updated_by      varchar(128) not null
);

-- Raw uploads, before masking. Their objects live under quarantine/, which no dataset file, grant,
-- broker path or export names. deleted_at is set when a steward removes one; the row stays.
create table ingest_raw_file (
    id          uuid primary key,
    dataset_id  uuid          not null references dataset (id),
    version_id  uuid          not null references dataset_version (id),
    path        varchar(1024) not null,
    object_key  varchar(1200) not null,
    size_bytes  bigint        not null,
    sha256      char(64)      not null,
    uploaded_at timestamptz   not null,
    uploaded_by varchar(128)  not null,
    deleted_at  timestamptz,
    deleted_by  varchar(128)
);
create unique index ingest_raw_file_live on ingest_raw_file (version_id, path) where deleted_at is null;

create table ingest_job (
    id               uuid primary key,
    dataset_id       uuid          not null references dataset (id),
    version_id       uuid          not null references dataset_version (id),
    raw_file_id      uuid          not null references ingest_raw_file (id),
    format           varchar(8)    not null check (format in ('JSONL', 'CSV', 'TSV')),
    mapping          text          not null,
    output_path      varchar(1024) not null,
    state            varchar(16)   not null
        check (state in ('QUEUED', 'RUNNING', 'FINISHED', 'FAILED', 'CANCELLED')),
    rows_total       bigint,
    rows_done        bigint        not null default 0,
    rows_rejected    bigint        not null default 0,
    parts            integer       not null default 0,
    stats            text,
    policy_hash      char(64)      not null,
    model            varchar(200)  not null,
    failure          text,
    started_at       timestamptz   not null,
    started_by       varchar(128)  not null,
    progress_at      timestamptz,
    finished_at      timestamptz,
    cancel_requested boolean       not null default false,
    cancelled_by     varchar(128),
    accepted_at      timestamptz,
    accepted_by      varchar(128),
    output_file_id   uuid
);
create index ingest_job_version on ingest_job (version_id, started_at);
-- One job at a time per version: a second start while one is queued or running is refused.
create unique index ingest_job_one_running on ingest_job (version_id)
    where state in ('QUEUED', 'RUNNING');

-- What was wrong with a row of the raw file; such rows are not in the output, and a job with any
-- cannot be accepted.
create table ingest_problem (
    job_id     uuid   not null references ingest_job (id),
    seq        integer not null,
    row_number bigint  not null,
    message    text    not null,
    primary key (job_id, seq)
);

-- The ingest job a dataset file came from, if any.
alter table dataset_file add column ingest_job_id uuid references ingest_job (id);

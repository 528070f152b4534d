-- Shared tasks: teams submit predictions from their workspaces and are scored inside the
-- boundary against gold labels that only the scorer reads.

create table shared_task (
    id                  uuid primary key,
    name                varchar(64)   not null unique,
    title               varchar(200)  not null,
    description         text          not null,
    -- The dataset version that carries the inputs; teams reach it through ordinary grants.
    dataset_id          uuid          not null references dataset (id),
    version_id          uuid          not null references dataset_version (id),
    suite               varchar(64)   not null,
    primary_metric      varchar(100)  not null,
    direction           varchar(20)   not null check (direction in ('HIGHER_IS_BETTER',
                                                                    'LOWER_IS_BETTER')),
    tie_rule            varchar(20)   not null check (tie_rule in ('EARLIER_FIRST', 'SHARED_RANK')),
    counted_submission  varchar(20)   not null check (counted_submission in ('LATEST', 'BEST',
                                                                             'TEAM_CHOICE')),
    -- Scores shown to participants are rounded to this many decimals (null: not rounded).
    score_decimals      smallint      check (score_decimals between 0 and 12),
    -- Ladder mode: a team's shown primary score changes only when it beats its shown best by
    -- more than this (null: off).
    ladder_step         double precision check (ladder_step > 0),
    -- The scoring run whose scores are current; 0 until gold labels exist.
    current_run         integer       not null default 0,
    created_at          timestamptz   not null,
    created_by          varchar(128)  not null,
    row_version         bigint        not null default 0,
    check (ladder_step is null or counted_submission = 'BEST')
);

create table shared_task_organizer (
    task_id  uuid         not null references shared_task (id) on delete cascade,
    username varchar(128) not null,
    added_at timestamptz  not null,
    added_by varchar(128) not null,
    primary key (task_id, username)
);
create index shared_task_organizer_username on shared_task_organizer (username);

-- Gold labels, one row per upload. The object lives in the object store under a key that no
-- dataset file names, so the broker can never serve it; no API returns its bytes.
create table shared_task_gold (
    id          uuid primary key,
    task_id     uuid          not null references shared_task (id),
    version     integer       not null check (version > 0),
    object_key  varchar(1200) not null,
    size_bytes  bigint        not null,
    sha256      char(64)      not null,
    item_count  integer       not null,
    note        text,
    uploaded_at timestamptz   not null,
    uploaded_by varchar(128)  not null,
    unique (task_id, version)
);

-- A scoring run scores every accepted submission against one gold version. Run 1 follows the
-- first gold upload; a gold fix or a re-score adds a run; earlier runs and their scores stay.
create table shared_task_scoring_run (
    task_id      uuid          not null references shared_task (id),
    run          integer       not null check (run > 0),
    gold_version integer       not null,
    reason       varchar(500)  not null,
    started_at   timestamptz   not null,
    started_by   varchar(128)  not null,
    primary key (task_id, run),
    foreign key (task_id, gold_version) references shared_task_gold (task_id, version)
);

create table shared_task_phase (
    id                     uuid primary key,
    task_id                uuid         not null references shared_task (id),
    name                   varchar(64)  not null,
    starts_at              timestamptz  not null,
    ends_at                timestamptz  not null,
    daily_limit            integer      check (daily_limit > 0),
    total_limit            integer      check (total_limit > 0),
    leaderboard            varchar(24)  not null check (leaderboard in ('ORGANIZERS_ONLY',
                                                         'HIDDEN_UNTIL_REVEALED', 'VISIBLE')),
    revealed_at            timestamptz,
    revealed_by            varchar(128),
    created_at             timestamptz  not null,
    created_by             varchar(128) not null,
    unique (task_id, name),
    check (ends_at > starts_at)
);

-- One row per team and phase, locked while a submission is counted against the limits, so that
-- concurrent submissions of one team never exceed them.
create table shared_task_quota (
    phase_id uuid not null references shared_task_phase (id),
    team_id  uuid not null references team (id),
    primary key (phase_id, team_id)
);

-- Accepted submissions only: a file that fails validation is refused whole, audited, and not
-- recorded here, so it counts against no limit.
create table shared_task_submission (
    id            uuid primary key,
    task_id       uuid          not null references shared_task (id),
    phase_id      uuid          references shared_task_phase (id),
    team_id       uuid          references team (id),
    baseline      boolean       not null,
    workspace_id  varchar(64),
    submitted_by  varchar(128)  not null,
    submitted_at  timestamptz   not null,
    file_name     varchar(200)  not null,
    format        varchar(8)    not null check (format in ('TSV', 'JSON')),
    object_key    varchar(1200) not null,
    size_bytes    bigint        not null,
    sha256        char(64)      not null,
    chosen        boolean       not null default false,
    check (baseline = (team_id is null)),
    check (baseline or phase_id is not null)
);
create index shared_task_submission_team on shared_task_submission (phase_id, team_id,
                                                                    submitted_at);
create index shared_task_submission_task on shared_task_submission (task_id, submitted_at);
-- At most one submission per team and phase is the team's choice.
create unique index shared_task_submission_chosen on shared_task_submission (phase_id, team_id)
    where chosen;
-- At most one baseline per task.
create unique index shared_task_submission_baseline on shared_task_submission (task_id)
    where baseline;

-- The scores of one submission in one scoring run. status FAILED: the submission did not
-- validate against that run's gold (its problems are in detail).
create table shared_task_score (
    submission_id uuid             not null references shared_task_submission (id),
    task_id       uuid             not null,
    run           integer          not null,
    status        varchar(8)       not null check (status in ('SCORED', 'FAILED')),
    primary_value double precision,
    scores        text,
    detail        text,
    scored_at     timestamptz      not null,
    primary key (submission_id, run),
    foreign key (task_id, run) references shared_task_scoring_run (task_id, run)
);

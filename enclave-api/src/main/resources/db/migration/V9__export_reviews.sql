-- The review of export requests (docs/exports.md): two approvals by two different reviewers, none
-- of them on the requesting team; either may reject it or return it for changes, and the team
-- resubmits a new request linked to the returned one. Once released, the team's members download
-- the files outside the workspace.

alter table export_request drop constraint export_request_state_check;
alter table export_request add constraint export_request_state_check
    check (state in ('SUBMITTED', 'IN_REVIEW', 'WITHDRAWN', 'RETURNED', 'REJECTED', 'RELEASED'));
-- The returned request this one replaces; a returned request is resubmitted at most once.
alter table export_request add column resubmits uuid references export_request (id);
alter table export_request add column released_at timestamptz;
create unique index export_request_resubmitted_once on export_request (resubmits)
    where resubmits is not null;

-- The datasets the team was granted when it filed the request: their stewards may review it, and
-- its release is listed in their transparency reports.
create table export_request_dataset (
    id         uuid primary key,
    request_id uuid not null references export_request (id),
    dataset_id uuid not null references dataset (id),
    unique (request_id, dataset_id)
);
create index export_request_dataset_by_dataset on export_request_dataset (dataset_id);

-- One decision per reviewer and request.
create table export_review (
    id          uuid primary key,
    request_id  uuid         not null references export_request (id),
    reviewer    varchar(128) not null,
    decision    varchar(16)  not null check (decision in ('APPROVE', 'REJECT', 'RETURN')),
    comment     text         not null,
    decided_at  timestamptz  not null,
    unique (request_id, reviewer)
);
create index export_review_request on export_review (request_id, decided_at);

-- Each approving reviewer acknowledges every verbatim-text and identifier finding with a reason.
create table export_acknowledgement (
    id         uuid primary key,
    finding_id uuid not null references export_finding (id),
    review_id  uuid not null references export_review (id),
    reason     text not null check (length(reason) > 0),
    unique (finding_id, review_id)
);
create index export_acknowledgement_review on export_acknowledgement (review_id);

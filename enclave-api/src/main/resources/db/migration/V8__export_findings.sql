-- What the automated checks found in an export request's files (docs/exports.md). Written once,
-- when the request arrives; reviewers see every finding with its file, place and rule.
create table export_finding (
    id           uuid primary key,
    request_id   uuid          not null references export_request (id),
    file_id      uuid          not null references export_file (id),
    rule         varchar(32)   not null,
    line_number  integer       not null check (line_number >= 0),
    column_number integer      not null check (column_number >= 0),
    start_char   integer       not null check (start_char >= 0),
    end_char     integer       not null check (end_char >= start_char),
    matched      text          not null,
    -- Where the match occurs: the dataset version and its file and post.
    version_id   uuid,
    corpus_file  varchar(1024),
    post_id      varchar(256),
    position     integer       not null,
    unique (request_id, position)
);
create index export_finding_request on export_finding (request_id, position);

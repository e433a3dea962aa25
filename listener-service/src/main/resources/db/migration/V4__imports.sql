-- Bulk imports of JSONL / CSV files (issue #3, point 2): progress per import and the per-row error report.
create table imports (
    id           uuid         primary key,
    format       varchar(8)   not null,
    brand        varchar(64)  not null,
    source       varchar(32)  not null,
    state        varchar(8)   not null,
    bytes        bigint       not null default 0,
    rows_read    bigint       not null default 0,
    accepted     bigint       not null default 0,
    duplicates   bigint       not null default 0,
    failed       bigint       not null default 0,
    error        text,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    finished_at  timestamptz,
    constraint imports_format_check check (format in ('jsonl', 'csv')),
    constraint imports_state_check check (state in ('RUNNING', 'DONE', 'FAILED'))
);

create table import_errors (
    seq        bigserial    primary key,
    import_id  uuid         not null references imports (id) on delete cascade,
    row_no     bigint       not null,
    field      varchar(128) not null,
    message    text         not null
);
create index import_errors_listing_idx on import_errors (import_id, seq);

-- Cases in human queues. One open case per merge key (brand + source + author + thread root): a later mention of
-- the same author in the same thread joins it. A mention belongs to at most one case (case_mentions' primary key),
-- so a redelivered mention never adds to or opens a case twice.
create table cases (
    id                 uuid primary key,
    merge_key          varchar(1024) not null,
    status             varchar(16)  not null default 'OPEN',
    queue              varchar(64)  not null,
    priority           double precision not null,
    brand              varchar(64)  not null,
    source             varchar(32)  not null,
    author_id          varchar(256),
    author_handle      varchar(256),
    thread_root_id     varchar(256),
    trigger_mention_id uuid         not null,
    rule               varchar(128) not null,
    reason             text         not null,
    never_auto_answer  boolean      not null default false,
    distress_kind      varchar(16),
    assignee           varchar(256),
    trace_id           varchar(32),
    created_at         timestamptz  not null default now(),
    updated_at         timestamptz  not null default now(),
    version            bigint       not null default 0,
    constraint cases_status_check check (status in ('OPEN', 'CLAIMED', 'RESOLVED'))
);
create unique index cases_open_merge_key on cases (merge_key) where status <> 'RESOLVED';
create index cases_brand_created_idx on cases (brand, created_at desc, id desc);
create index cases_queue_status_idx on cases (queue, status, priority desc);

create table case_mentions (
    mention_id  uuid primary key,
    case_id     uuid not null references cases (id),
    added_at    timestamptz not null default now(),
    sentiment   double precision not null,
    payload     text not null
);
create index case_mentions_case_idx on case_mentions (case_id, added_at);

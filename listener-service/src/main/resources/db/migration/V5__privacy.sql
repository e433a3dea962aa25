-- Privacy (issue #10 point 4): opt-outs and erasure requests. Subjects are stored only as SHA-256 hashes of
-- "source:authorId" and "source:@handle", never in clear.
create table opt_outs (
    id           uuid         primary key,
    source       varchar(32)  not null,
    author_hash  varchar(64)  unique,
    handle_hash  varchar(64)  unique,
    created_by   varchar(256),
    created_at   timestamptz  not null default now(),
    constraint opt_outs_subject_check check (author_hash is not null or handle_hash is not null)
);
create index opt_outs_listing_idx on opt_outs (created_at desc, id desc);

-- Erasure requests made through the admin API, and each service's acknowledgement (privacy.erasure.done).
create table erasures (
    id            uuid         primary key,
    source        varchar(32)  not null,
    subject_hash  varchar(64)  not null,
    opt_out       boolean      not null,
    requested_by  varchar(256),
    requested_at  timestamptz  not null
);
create index erasures_listing_idx on erasures (requested_at desc, id desc);

create table erasure_progress (
    erasure_id  uuid        not null references erasures (id) on delete cascade,
    service     varchar(32) not null,
    erased      integer     not null,
    done_at     timestamptz not null,
    primary key (erasure_id, service)
);

-- Mentions dropped because their author opted out, per import and per polled source.
alter table imports add column opted_out bigint not null default 0;
alter table sources add column opted_out bigint not null default 0;

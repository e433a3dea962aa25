-- Polled sources (issue #3): one row per connector instance, with its cursor, schedule, health and counts.
create table sources (
    id                    uuid primary key,
    kind                  varchar(16)  not null,
    brand                 varchar(64)  not null,
    query                 text         not null,
    config                text         not null,
    poll_interval_ms      bigint       not null,
    status                varchar(16)  not null,
    cursor                text,
    last_poll_at          timestamptz,
    last_success_at       timestamptz,
    last_error            text,
    next_poll_at          timestamptz  not null,
    consecutive_failures  integer      not null default 0,
    circuit_open_until    timestamptz,
    polled                bigint       not null default 0,
    matched               bigint       not null default 0,
    accepted              bigint       not null default 0,
    duplicates            bigint       not null default 0,
    errors                bigint       not null default 0,
    created_at            timestamptz  not null,
    updated_at            timestamptz  not null,
    constraint sources_kind_check check (kind in ('rss', 'mastodon', 'reddit', 'hackernews', 'bluesky')),
    constraint sources_status_check check (status in ('ACTIVE', 'PAUSED'))
);
create index sources_due_idx on sources (next_poll_at) where status = 'ACTIVE';
create index sources_listing_idx on sources (created_at desc, id desc);

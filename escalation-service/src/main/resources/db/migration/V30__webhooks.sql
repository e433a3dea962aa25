-- Outbound webhooks (issue #12): endpoints with their own signing secret, and a delivery log that is also the retry
-- queue. A delivery is written in the transaction that publishes its event (an outbox), so no event is lost and a
-- restart resumes pending deliveries; (endpoint, event key) is unique, so one event is delivered once per endpoint.
create table webhook_endpoints (
    id          uuid primary key,
    url         text not null,
    secret      varchar(128) not null,
    events      text not null default 'crisis.alert',
    format      varchar(16) not null default 'slack',
    enabled     boolean not null default true,
    source      varchar(16) not null default 'api',
    created_by  varchar(256) not null,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    constraint webhook_endpoints_format_check check (format in ('slack', 'event')),
    constraint webhook_endpoints_source_check check (source in ('api', 'config'))
);

create table webhook_deliveries (
    id               uuid primary key,
    endpoint_id      uuid not null references webhook_endpoints (id) on delete cascade,
    event            varchar(64) not null,
    event_key        varchar(256) not null,
    payload          text not null,
    status           varchar(16) not null default 'PENDING',
    attempts         int not null default 0,
    next_attempt_at  timestamptz not null default now(),
    last_status      int,
    last_error       text,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    delivered_at     timestamptz,
    constraint webhook_deliveries_status_check check (status in ('PENDING', 'DELIVERED', 'FAILED')),
    constraint webhook_deliveries_once unique (endpoint_id, event_key)
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'PENDING';
create index webhook_deliveries_created_idx on webhook_deliveries (created_at desc, id desc);

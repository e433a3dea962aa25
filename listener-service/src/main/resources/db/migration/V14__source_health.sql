-- Source health (issue #12 point 1): what each polled source normally delivers (its recent gaps between mentions)
-- and whether it is silent now; state changes wait in source_health_outbox until Kafka acknowledged them.
create table source_health (
    source_id        uuid primary key references sources (id) on delete cascade,
    last_arrival_at  timestamptz,
    gaps             text         not null default '',
    arrivals         bigint       not null default 0,
    state            varchar(16)  not null default 'OK',
    reason           varchar(16),
    alert_id         uuid,
    since            timestamptz,
    changed_at       timestamptz,
    constraint source_health_state_check check (state in ('OK', 'SILENT'))
);

create table source_health_outbox (
    id          bigserial primary key,
    source_id   uuid         not null,
    payload     text         not null,
    created_at  timestamptz  not null default now()
);

-- Source-silent alerts (issue #12 point 1), one row per silent episode of a polled source (the listener's alert id):
-- open until its RECOVERED event. While one is open, its brand's minutes are low-coverage for crisis detection.
create table source_alerts (
    id               uuid primary key,
    source_id        uuid         not null,
    kind             varchar(16)  not null,
    brand            varchar(64)  not null,
    reason           varchar(16)  not null,
    state            varchar(16)  not null,
    since            timestamptz  not null,
    last_arrival_at  timestamptz,
    expected_gap_ms  bigint,
    failures         integer      not null default 0,
    last_error       text,
    opened_at        timestamptz  not null,
    recovered_at     timestamptz,
    constraint source_alerts_state_check check (state in ('SILENT', 'RECOVERED'))
);
create index source_alerts_listing_idx on source_alerts (opened_at desc, id desc);
create index source_alerts_brand_idx on source_alerts (brand, since);

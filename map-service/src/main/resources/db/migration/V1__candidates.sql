-- Insight candidates received on insights.candidates, awaiting an analyst's review. id is the candidate's own
-- deterministic id (UUIDv5 of mention, zone and theme), so a redelivered candidate is stored once.
create table candidates (
    id                    uuid         primary key,
    brand                 varchar(64)  not null,
    persona               varchar(128),
    zone                  varchar(16)  not null
        constraint candidates_zone_check check (zone in ('SAYS', 'THINKS', 'DOES', 'FEELS', 'SEES', 'HEARS', 'PAINS', 'GAINS')),
    text                  text         not null,
    theme                 varchar(256),
    evidence_mention_ids  uuid[]       not null default '{}',
    count                 integer      not null default 0,
    first_seen            timestamptz,
    last_seen             timestamptz,
    status                varchar(16)  not null default 'PENDING'
        constraint candidates_status_check check (status in ('PENDING', 'VALIDATED', 'REJECTED')),
    trace_id              varchar(32),
    received_at           timestamptz  not null default now()
);
-- Keyset pagination: newest first, id breaks ties. One index per filter combination the list API offers.
create index candidates_status_brand_received_idx on candidates (status, brand, received_at desc, id desc);
create index candidates_status_received_idx on candidates (status, received_at desc, id desc);
create index candidates_brand_received_idx on candidates (brand, received_at desc, id desc);
create index candidates_received_idx on candidates (received_at desc, id desc);

-- Mentions as accepted by the listener. The durable dedup key is (source, external_id); id is UUIDv5 of both.
create table mentions (
    id              uuid primary key,
    source          varchar(32)  not null,
    external_id     varchar(256) not null,
    brand           varchar(64)  not null,
    author_id       varchar(256),
    author_handle   varchar(256),
    created_at      timestamptz  not null,
    received_at     timestamptz  not null default now(),
    pii_redacted    boolean      not null default false,
    trace_id        varchar(32),
    payload         text         not null,
    constraint mentions_source_external_id_key unique (source, external_id)
);
create index mentions_author_idx on mentions (source, author_id);
create index mentions_brand_created_idx on mentions (brand, created_at desc);

-- Transactional outbox: written in the same transaction as the mention, relayed to Kafka, deleted once acknowledged.
create table outbox (
    seq          bigserial primary key,
    topic        varchar(128) not null,
    kafka_key    varchar(512) not null,
    payload      text         not null,
    traceparent  varchar(128),
    created_at   timestamptz  not null default now(),
    attempts     integer      not null default 0,
    last_error   text
);

-- The latest score of each mention, for the read API and for re-scoring. Keyed by mention id: a redelivered mention
-- overwrites its own row instead of adding one.
create table scores (
    mention_id     uuid primary key,
    brand          varchar(64)  not null,
    source         varchar(32)  not null,
    author_id      varchar(256),
    label          varchar(32)  not null,
    sentiment      double precision not null,
    urgency        double precision not null,
    sarcasm        double precision not null,
    distress_kind  varchar(16)  not null,
    distress_confidence double precision not null,
    model_version  varchar(32)  not null,
    scored_at      timestamptz  not null,
    trace_id       varchar(32),
    payload        text         not null
);
create index scores_brand_scored_idx on scores (brand, scored_at desc);

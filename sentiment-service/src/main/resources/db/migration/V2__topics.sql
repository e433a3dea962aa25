-- Per-brand topic taxonomy: a mention is tagged with every topic one of whose keywords (words or quoted phrases) it
-- contains. Names are unique per brand regardless of case.
create table topics (
    id          uuid primary key,
    brand       varchar(64)  not null,
    name        varchar(64)  not null,
    keywords    text[]       not null,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    version     bigint       not null default 0
);
create unique index topics_brand_name_uq on topics (brand, lower(name));
create index topics_brand_created_idx on topics (brand, created_at desc, id desc);

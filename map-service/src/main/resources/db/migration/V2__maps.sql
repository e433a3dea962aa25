-- Empathy maps: personas, validated map items with their evidence, snapshots (versions), the mention -> author index
-- used for erasure, and the erasure log.

-- Review outcome of a candidate: the item it fed (validated, merged or auto-attached), who reviewed it, why rejected.
alter table candidates add column item_id uuid;
alter table candidates add column reviewed_by varchar(256);
alter table candidates add column reviewed_at timestamptz;
alter table candidates add column reject_reason text;

create table personas (
    id           uuid          primary key,
    brand        varchar(64)   not null,
    name         varchar(128)  not null,
    description  text,
    topics       text[]        not null default '{}',
    sources      text[]        not null default '{}',
    keywords     text[]        not null default '{}',
    tiers        text[]        not null default '{}',
    goal_who     text,
    goal_needs   text,
    created_at   timestamptz   not null default now(),
    updated_at   timestamptz   not null default now(),
    version      bigint        not null default 0,
    constraint personas_brand_name_key unique (brand, name)
);
create index personas_brand_created_idx on personas (brand, created_at desc, id desc);

create table map_items (
    id              uuid          primary key,
    brand           varchar(64)   not null,
    persona         varchar(128)  not null,
    zone            varchar(16)   not null
        constraint map_items_zone_check check (zone in ('SAYS', 'THINKS', 'DOES', 'FEELS', 'SEES', 'HEARS', 'PAINS', 'GAINS')),
    text            text          not null,
    theme           varchar(256)  not null,
    status          varchar(16)   not null default 'ACTIVE'
        constraint map_items_status_check check (status in ('ACTIVE', 'REMOVED')),
    evidence_count  integer       not null default 0,
    first_seen      timestamptz,
    last_seen       timestamptz,
    created_at      timestamptz   not null default now(),
    updated_at      timestamptz   not null default now(),
    version         bigint        not null default 0
);
-- One ACTIVE item per brand, persona, zone and theme: validation and auto-attachment both land on it.
create unique index map_items_active_theme_key on map_items (brand, persona, zone, theme) where status = 'ACTIVE';
create index map_items_map_idx on map_items (brand, persona, status, created_at desc, id desc);

create table item_evidence (
    id            uuid          primary key,
    item_id       uuid          not null references map_items (id) on delete cascade,
    mention_id    uuid          not null,
    candidate_id  uuid,
    quote         text,
    seen_at       timestamptz   not null,
    author_key    varchar(600),
    added_at      timestamptz   not null default now(),
    constraint item_evidence_item_mention_key unique (item_id, mention_id)
);
create index item_evidence_item_added_idx on item_evidence (item_id, added_at desc, id desc);
create index item_evidence_mention_idx on item_evidence (mention_id);
create index item_evidence_author_idx on item_evidence (author_key);

-- Who wrote which mention (from mentions.scored), so that an erasure request can find the subject's evidence:
-- insight candidates carry mention ids but not authors. author_key = source:authorId, handle_key = source:@handle.
create table mention_authors (
    mention_id  uuid          primary key,
    author_key  varchar(600),
    handle_key  varchar(600),
    seen_at     timestamptz   not null default now()
);
create index mention_authors_author_idx on mention_authors (author_key);
create index mention_authors_handle_idx on mention_authors (handle_key);

create table map_versions (
    id          uuid          primary key,
    brand       varchar(64)   not null,
    persona     varchar(128)  not null,
    seq         integer       not null,
    trigger     varchar(16)   not null,
    created_by  varchar(256),
    created_at  timestamptz   not null default now(),
    item_count  integer       not null,
    content     text          not null,
    constraint map_versions_seq_key unique (brand, persona, seq)
);
create index map_versions_created_idx on map_versions (brand, persona, created_at desc, id desc);

create table erasure_log (
    id                  uuid          primary key,
    source              varchar(64),
    subject_hash        varchar(64)   not null,
    requested_by        varchar(256),
    requested_at        timestamptz,
    erased_at           timestamptz   not null default now(),
    mentions            integer       not null,
    evidence_removed    integer       not null,
    versions_scrubbed   integer       not null
);
create index erasure_log_erased_idx on erasure_log (erased_at desc, id desc);

-- Near-duplicate detection (issue #3, point 5). Each fingerprinted mention is indexed under the four 16-bit bands of
-- its 64-bit SimHash: two fingerprints within 3 bits share a band, so four exact look-ups find every candidate.
alter table mentions add column fingerprint bigint;
alter table mentions add column cluster_id uuid;
create index mentions_cluster_idx on mentions (cluster_id) where cluster_id is not null;

create table near_dup_bands (
    brand        varchar(64) not null,
    band         integer     not null,
    seen_at      timestamptz not null,
    mention_id   uuid        not null references mentions (id) on delete cascade,
    fingerprint  bigint      not null,
    cluster_id   uuid        not null,
    primary key (brand, band, mention_id)
);
create index near_dup_bands_lookup_idx on near_dup_bands (brand, band, seen_at);
create index near_dup_bands_mention_idx on near_dup_bands (mention_id);

-- One row per cluster: its id is the id of the mention that started it.
create table near_dup_clusters (
    id          uuid        primary key,
    brand       varchar(64) not null,
    size        integer     not null,
    first_seen  timestamptz not null,
    last_seen   timestamptz not null
);

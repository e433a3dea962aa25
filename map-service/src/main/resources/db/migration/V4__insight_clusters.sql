-- Insight clusters: candidates of the same brand, persona, zone and theme grouped by lexical similarity of their
-- keyphrases (docs/empathy-maps.md). Analysts review clusters, not single posts.

-- Facts of a scored mention that clusters aggregate: compound sentiment, dominant emotion (null below 0.4), the
-- listener's near-duplicate group (or the text's SimHash), and the author's followers (reach).
alter table mention_authors add column sentiment real;
alter table mention_authors add column emotion varchar(16);
alter table mention_authors add column dup_group varchar(64);
alter table mention_authors add column followers bigint;

create table insight_clusters (
    id                 uuid          primary key,
    cluster_key        text          not null,
    brand              varchar(64)   not null,
    persona            varchar(128)  not null,
    zone               varchar(16)   not null
        constraint insight_clusters_zone_check check (zone in ('SAYS', 'THINKS', 'DOES', 'FEELS', 'SEES', 'HEARS', 'PAINS', 'GAINS')),
    theme              varchar(256)  not null,
    status             varchar(16)   not null default 'PENDING'
        constraint insight_clusters_status_check check (status in ('PENDING', 'VALIDATED', 'REJECTED', 'MERGED')),
    -- The synthesized statement (inferred); statement_edited keeps an analyst's wording from being re-synthesized.
    statement          text          not null,
    statement_edited   boolean       not null default false,
    -- Term profile "term count" pairs separated by new lines, most frequent first (Clusterer.Profile).
    profile            text          not null default '',
    members            integer       not null default 0,
    medoid_mention_id  uuid,
    medoid_text        text,
    medoid_score       real          not null default 0,
    item_id            uuid,
    merged_into        uuid,
    reviewed_by        varchar(256),
    reviewed_at        timestamptz,
    reject_reason      text,
    first_seen         timestamptz,
    last_seen          timestamptz,
    created_at         timestamptz   not null default now(),
    updated_at         timestamptz   not null default now(),
    version            bigint        not null default 0
);
create index insight_clusters_key_idx on insight_clusters (cluster_key) where status <> 'MERGED';
create index insight_clusters_status_brand_idx on insight_clusters (status, brand, persona);

-- One row per candidate mention attached to a cluster: the redacted quote and the facts counts are made of.
-- Campaigns (a dup group posted by several authors) are recognised when counting (ClusterStats).
create table cluster_evidence (
    cluster_id    uuid          not null references insight_clusters (id) on delete cascade,
    candidate_id  uuid          not null,
    mention_id    uuid          not null,
    author_key    varchar(600),
    source        varchar(64),
    quote         text,
    sentiment     real,
    emotion       varchar(16),
    dup_group     varchar(64),
    followers     bigint,
    seen_at       timestamptz   not null,
    primary key (cluster_id, candidate_id, mention_id)
);
create index cluster_evidence_mention_idx on cluster_evidence (mention_id);
create index cluster_evidence_author_idx on cluster_evidence (author_key);
create index cluster_evidence_candidate_idx on cluster_evidence (candidate_id);

alter table candidates add column cluster_id uuid;
create index candidates_cluster_idx on candidates (cluster_id);

-- A map item made from a cluster: its statement is inferred (synthesized), its quotes observed; who validated it when.
alter table map_items add column cluster_id uuid;
alter table map_items add column inferred boolean not null default false;
alter table map_items add column validated_by varchar(256);
alter table map_items add column validated_at timestamptz;

-- Crises (issue #6). One row per crisis of a stream: a brand (topic = '' for the brand as a whole) or a brand x topic.
-- At most one crisis per (brand, topic) is not RESOLVED (partial unique index), so a replay, a restart or a second
-- replica never opens it twice; the escalation cases may look up "the related open crisis" of a brand here:
--   select id, topic, severity from crises where brand = ? and state <> 'RESOLVED'
create table crises (
    id                uuid primary key,
    brand             varchar(64)  not null,
    topic             varchar(64)  not null default '',
    state             varchar(16)  not null,
    severity          varchar(16)  not null,
    score             double precision not null,
    volume            bigint       not null,
    baseline          double precision not null,
    negative_share    double precision not null,
    excluded_volume   bigint       not null default 0,
    spread            varchar(16),
    last_alert        text         not null,  -- the latest CrisisAlert as JSON
    opened_at         timestamptz  not null,  -- stream time (end of the minute that opened it)
    updated_at        timestamptz  not null,
    resolved_at       timestamptz,
    last_published_at timestamptz,            -- when the latest UPDATED alert went out (rate limit)
    version           bigint       not null default 0,
    constraint crises_state_check check (state in ('OPEN', 'UPDATED', 'RESOLVED')),
    constraint crises_severity_check check (severity in ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL'))
);
create unique index crises_one_open_per_stream on crises (brand, topic) where state <> 'RESOLVED';
create index crises_brand_opened_idx on crises (brand, opened_at desc, id desc);
create index crises_opened_idx on crises (opened_at desc, id desc);

-- Outbox of alerts: every state change of a crisis is stored in the same transaction as the crisis and relayed to
-- crisis.alerts (and the webhooks, and the live stream) afterwards, so an alert is never lost between the two.
create table crisis_alerts (
    seq          bigserial primary key,
    crisis_id    uuid        not null references crises (id),
    state        varchar(16) not null,
    payload      text        not null,
    created_at   timestamptz not null default now(),
    published_at timestamptz
);
create index crisis_alerts_unpublished_idx on crisis_alerts (seq) where published_at is null;
create index crisis_alerts_crisis_idx on crisis_alerts (crisis_id, seq);

-- Suspected coordinated behaviour: near-duplicate texts from many accounts in a short window. Shown separately and
-- left out of the organic crisis signal. id = UUIDv5 of brand + cluster key + window start, so redeliveries update it.
create table coordination_clusters (
    id               uuid primary key,
    brand            varchar(64)  not null,
    cluster_key      varchar(128) not null,
    fingerprint      varchar(16),
    accounts         integer      not null,
    mentions         integer      not null,
    score            double precision not null,
    new_accounts     integer      not null default 0,
    low_follower_accounts integer not null default 0,
    with_links       integer      not null default 0,
    sample_text      text,
    sample_mention_ids text       not null default '',
    first_seen       timestamptz  not null,
    last_seen        timestamptz  not null,
    flagged_at       timestamptz  not null default now()
);
create index coordination_brand_flagged_idx on coordination_clusters (brand, flagged_at desc, id desc);
create index coordination_flagged_idx on coordination_clusters (flagged_at desc, id desc);

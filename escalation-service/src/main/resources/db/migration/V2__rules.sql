-- Escalation rules managed over the API (issue #5). `rules` holds each rule's current version; every save appends
-- the saved state to `rule_versions`, so a case can name the exact version that matched and history stays readable.
-- `definition` is JSON: {"conditions": {...}, "action": {"queue": "...", "priority": "P1".."P4"}}.
create table rules (
    id          uuid primary key,
    name        varchar(64)  not null unique,
    version     int          not null,
    position    int          not null,
    enabled     boolean      not null,
    definition  text         not null,
    updated_by  varchar(256) not null,
    updated_at  timestamptz  not null default now()
);

create table rule_versions (
    rule_id     uuid         not null references rules (id),
    version     int          not null,
    name        varchar(64)  not null,
    position    int          not null,
    enabled     boolean      not null,
    definition  text         not null,
    saved_by    varchar(256) not null,
    saved_at    timestamptz  not null default now(),
    primary key (rule_id, version)
);

-- Every scored mention, bounded to the newest N (earshot.rules.recent-mentions): dry runs replay them, and case
-- context reads the thread and the author's history from them. A redelivery is stored once (unique mention_id).
create table recent_mentions (
    seq             bigserial primary key,
    mention_id      uuid         not null unique,
    brand           varchar(64)  not null,
    source          varchar(32)  not null,
    author_id       varchar(256),
    thread_root_id  varchar(256),
    sentiment       double precision not null,
    created_at      timestamptz,
    payload         text         not null
);
create index recent_mentions_author_idx on recent_mentions (brand, source, author_id, seq desc);
create index recent_mentions_thread_idx on recent_mentions (brand, source, thread_root_id, seq desc);

-- Sensible defaults: what the built-in thresholds did, plus loud authors and legal words. Distress needs no rule:
-- it always goes to a human queue (and never gets an automatic answer).
insert into rules (id, name, version, position, enabled, definition, updated_by) values
 ('6f1d2a8e-0000-5000-8000-000000000001', 'high-reach-negative', 1, 10, true,
  '{"conditions":{"sentimentAtMost":-0.3,"minFollowers":10000},"action":{"queue":"care","priority":"P2"}}', 'migration'),
 ('6f1d2a8e-0000-5000-8000-000000000002', 'legal-words', 1, 20, true,
  '{"conditions":{"keywordsAny":["lawyer","lawsuit","sue you","court"]},"action":{"queue":"legal","priority":"P2"}}', 'migration'),
 ('6f1d2a8e-0000-5000-8000-000000000003', 'negative', 1, 50, true,
  '{"conditions":{"sentimentAtMost":-0.5},"action":{"queue":"care","priority":"P3"}}', 'migration'),
 ('6f1d2a8e-0000-5000-8000-000000000004', 'urgent', 1, 60, true,
  '{"conditions":{"urgencyAtLeast":0.6},"action":{"queue":"urgent","priority":"P2"}}', 'migration');
insert into rule_versions (rule_id, version, name, position, enabled, definition, saved_by)
select id, version, name, position, enabled, definition, updated_by from rules;

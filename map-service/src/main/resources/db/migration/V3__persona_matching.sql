-- Persona matching: candidates are assigned to every persona of their brand whose rules match the source mention
-- (or to the default persona). The facts needed come from mentions.scored, which may arrive after the candidate.

-- The mention facts personas are matched on, next to the author index (one row per scored mention). text is the
-- already redacted mention text (keywords); erasure deletes the row with the subject's other data.
alter table mention_authors add column brand varchar(64);
alter table mention_authors add column source varchar(64);
alter table mention_authors add column topics text[];
alter table mention_authors add column text text;

-- CRM tiers of authors (source:authorId), pushed by a CRM sync; matched against personas' tier rules.
create table author_tiers (
    author_key  varchar(600)  primary key,
    tier        varchar(64)   not null,
    updated_at  timestamptz   not null default now()
);

-- Candidates whose mentions' facts have not arrived yet. A row leaves the inbox (deleted, so exactly once) when the
-- facts arrive or when it has waited earshot.personas.wait, and becomes one candidate per matching persona.
create table candidate_inbox (
    id           uuid          primary key,
    payload      text          not null,
    mention_ids  uuid[]        not null,
    trace_id     varchar(32),
    received_at  timestamptz   not null
);
create index candidate_inbox_mentions_idx on candidate_inbox using gin (mention_ids);
create index candidate_inbox_received_idx on candidate_inbox (received_at);

-- One stored candidate per incoming candidate and persona. origin_id is the incoming candidate's id; the row id is
-- that same id for the default (or an explicitly named) persona, and UUIDv5(origin_id, persona) for a matched one.
alter table candidates add column origin_id uuid;
update candidates set origin_id = id;
update candidates set persona = 'default' where persona is null or persona = '';
alter table candidates alter column origin_id set not null;
create unique index candidates_origin_persona_key on candidates (origin_id, persona);

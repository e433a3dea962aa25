-- Erasure tombstones (contracts Tombstones): hashes of erased subjects' keys and the time of the request. The case and
-- crisis consumers drop a mention of such a subject fetched at or before that time, so a record still in flight on
-- mentions.scored (lag, a dead-letter replay) cannot bring erased data back. Hashes only, no personal data.
create table erased_subjects (
    subject_hash  varchar(64) primary key,
    erased_before timestamptz not null
);

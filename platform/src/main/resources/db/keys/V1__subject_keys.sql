-- The subject key vault (docs/privacy.md "Crypto-shredding"): one data key per author, sealed with the operator's
-- key-encryption key (EARSHOT_SECRETS_KEY, platform SecretBox, the subject hash bound in). Destroying a row makes every
-- record sealed under it unreadable, on every topic and DLQ. Only hashes name the subject.
create table subject_keys (
    subject_hash text primary key,        -- SHA-256 of source:authorId (Ids.subjectHash, the mention record key)
    handle_hash  text,                    -- SHA-256 of source:@handle, so a request by handle finds the key
    sealed_key   text not null,           -- SecretBox.seal(base64(32-byte key), subject_hash)
    created_at   timestamptz not null default now()
);
create index subject_keys_handle on subject_keys (handle_hash) where handle_hash is not null;

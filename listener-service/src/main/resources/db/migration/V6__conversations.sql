-- Turns of live conversations are mentions (source 'chat', externalId '<conversation>:<turn>', so the unique key on
-- (source, external_id) makes a turn idempotent); the conversation id lets GET /api/v1/conversations/{id} read them.
alter table mentions add column conversation_id varchar(128);
create index mentions_conversation_idx on mentions (conversation_id, created_at) where conversation_id is not null;


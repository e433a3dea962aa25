-- Conversation ids are the bot platform's, so two brands may use the same one (docs/conversations.md): a turn's
-- externalId is '<brand>/<conversation>/<turn>' (was '<conversation>:<turn>'), which also makes its mention id
-- (UUIDv5 of source and externalId) the brand's own. Stored turns keep their ids; their externalId takes the new form,
-- so a retried turn still meets the unique key (source, external_id) and is answered as a duplicate.
alter table mentions alter column external_id type varchar(330);
update mentions set external_id = brand || '/' || conversation_id || '/' || (payload::jsonb -> 'conversation' ->> 'turnId')
 where conversation_id is not null and source = 'chat' and payload::jsonb -> 'conversation' ->> 'turnId' is not null;

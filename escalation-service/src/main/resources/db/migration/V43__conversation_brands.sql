-- Conversation ids are the bot platform's, so two brands may use the same one: a conversation is (brand, id) and its
-- turns are stored once per (brand, conversation, turn) (docs/conversations.md). The case merge key already has the brand.
alter table conversation_turns drop constraint conversation_turns_conversation_id_fkey;
alter table conversation_turns drop constraint conversation_turns_pkey;
alter table conversation_turns add column brand varchar(64);
update conversation_turns t set brand = c.brand from conversations c where c.id = t.conversation_id;
alter table conversation_turns alter column brand set not null;
alter table conversations drop constraint conversations_pkey;
alter table conversations add primary key (brand, id);
alter table conversation_turns add primary key (brand, conversation_id, turn_id);
alter table conversation_turns add constraint conversation_turns_conversation_fkey foreign key (brand, conversation_id)
    references conversations (brand, id) on delete cascade;

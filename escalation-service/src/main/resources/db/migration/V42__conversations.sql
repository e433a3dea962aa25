-- Live conversations (docs/conversations.md): each one's latest trajectory assessment and hand-off state, and its
-- turns as scored (bot turns too: the assessment needs the bot's failures). A turn is stored once per
-- (conversation, turn); the row of the conversation is locked (for update, in id order) while a batch assesses it.
create table conversations (
    id               varchar(128) primary key,
    brand            varchar(64)  not null,
    channel          varchar(32),
    customer_handle  varchar(256),
    state            varchar(16)  not null default 'BOT',
    assessment       text,
    score            float8       not null default 0,
    case_id          uuid,
    handoff_turn_id  varchar(128),
    handoff_at       timestamptz,
    ended_at         timestamptz,
    end_reason       varchar(32),
    reset_at         timestamptz,
    seq              bigint       not null default 0,
    updated_at       timestamptz  not null default now(),
    constraint conversations_state_check check (state in ('BOT', 'HANDED_OFF', 'RETURNED', 'RESOLVED'))
);
create index conversations_case_idx on conversations (case_id) where case_id is not null;

create table conversation_turns (
    conversation_id  varchar(128) not null references conversations (id) on delete cascade,
    turn_id          varchar(128) not null,
    mention_id       uuid         not null unique,
    speaker          varchar(16)  not null,
    at               timestamptz  not null,
    payload          text         not null,
    primary key (conversation_id, turn_id)
);

-- Case lifecycle events wait here, written in the same transaction as the change they describe, until the relay has
-- published them on cases.events (then they are deleted). A crash between commit and publish delays an event, it
-- does not lose it.
create table case_events_outbox (
    seq         bigserial primary key,
    case_id     uuid not null,
    payload     text not null,
    created_at  timestamptz not null default now()
);

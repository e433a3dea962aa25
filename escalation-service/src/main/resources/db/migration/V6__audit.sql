-- Append-only audit log of every action on cases, rules, queues, SLA policies and customers (issue #5). The
-- application only ever inserts; the trigger refuses updates and deletes.
create table audit_log (
    id           uuid primary key,
    at           timestamptz  not null default now(),
    actor        varchar(256) not null,
    action       varchar(64)  not null,
    entity_type  varchar(32)  not null,
    entity_id    varchar(256) not null,
    before_json  text,
    after_json   text
);
create index audit_log_at_idx on audit_log (at desc, id desc);
create index audit_log_entity_idx on audit_log (entity_type, entity_id, at desc);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_no_change before update or delete on audit_log
    for each row execute function audit_log_append_only();

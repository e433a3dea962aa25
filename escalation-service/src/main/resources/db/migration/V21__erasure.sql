-- Erasure (issue #10 point 4): the audit log stays append-only, except that an erasure may scrub a data subject's
-- personal data out of existing entries' before/after JSON. Only inside a transaction that set
-- earshot.erasure = 'on' (set_config(..., true)), and only those two columns: who did what, when, to which entity
-- cannot change. Deletes stay refused. Each erasure appends a tombstone entry (action subject.erased, the subject as
-- a hash).
create or replace function audit_log_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and coalesce(current_setting('earshot.erasure', true), '') = 'on'
       and new.id = old.id and new.at = old.at and new.actor = old.actor and new.action = old.action
       and new.entity_type = old.entity_type and new.entity_id = old.entity_id then
        return new;
    end if;
    raise exception 'audit_log is append-only';
end $$;

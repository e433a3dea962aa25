-- Distress lane (issue #12): the agent checklist ticks of a distress case (items come from the signposts file);
-- the latest state of each item, who set it and when. Every tick is also in the audit log.
create table case_checklist (
    case_id   uuid not null references cases (id),
    item      varchar(64) not null,
    done      boolean not null,
    done_by   varchar(256) not null,
    done_at   timestamptz not null,
    primary key (case_id, item)
);

-- Case work (issue #5): priority band and score breakdown, matched rule version, CRM link, acknowledgement,
-- resolution with an outcome code, SLA due times, the queue whose escalation policy applies and the level reached; notes and reply drafts with approvals.
alter table cases
    add column rule_version        int,
    add column priority_band       varchar(4)  not null default 'P3',
    add column priority_breakdown  text,
    add column customer_id         varchar(128),
    add column acknowledged_at     timestamptz,
    add column resolved_at         timestamptz,
    add column outcome             varchar(32),
    add column ack_due_at          timestamptz,
    add column resolve_due_at      timestamptz,
    add column ack_breached_at     timestamptz,
    add column resolve_breached_at timestamptz,
    add column escalation_level    int not null default 0,
    add column policy_queue        varchar(64);
create index cases_author_idx on cases (brand, source, author_id, created_at desc);
create index cases_sla_idx on cases (ack_due_at, resolve_due_at) where status <> 'RESOLVED';

create table case_notes (
    id          uuid primary key,
    case_id     uuid not null references cases (id),
    author      varchar(256) not null,
    body        text not null,
    created_at  timestamptz not null default now()
);
create index case_notes_case_idx on case_notes (case_id, created_at);

-- A reply drafted on a case. Replies to high-visibility authors or with a legal flag need a lead's approval
-- (needs_approval, approval_reason) before they can be marked sent; who approved and when is kept.
create table case_replies (
    id               uuid primary key,
    case_id          uuid not null references cases (id),
    author           varchar(256) not null,
    body             text not null,
    legal            boolean not null default false,
    needs_approval   boolean not null,
    approval_reason  text,
    status           varchar(16) not null default 'DRAFT',
    approved_by      varchar(256),
    approved_at      timestamptz,
    sent_by          varchar(256),
    sent_at          timestamptz,
    created_at       timestamptz not null default now(),
    constraint case_replies_status_check check (status in ('DRAFT', 'APPROVED', 'SENT'))
);
create index case_replies_case_idx on case_replies (case_id, created_at);

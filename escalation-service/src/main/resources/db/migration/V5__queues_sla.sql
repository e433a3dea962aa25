-- Queues with coverage schedules and escalation levels, and SLA targets per priority band (issue #5).
-- coverage ALWAYS = 24/7; BUSINESS_HOURS = open_time..close_time on `days` (ISO day numbers 1=Mon..7=Sun, comma
-- separated) in time_zone, except `holidays` (comma separated ISO dates). With pause_outside_coverage the SLA clocks
-- only run inside coverage. `escalation` lists the queues a breached case moves to, level 1 first.
create table queues (
    name                    varchar(64) primary key,
    time_zone               varchar(64) not null default 'UTC',
    coverage                varchar(16) not null default 'ALWAYS',
    open_time               time,
    close_time              time,
    days                    varchar(32) not null default '1,2,3,4,5',
    holidays                text not null default '',
    pause_outside_coverage  boolean not null default false,
    escalation              text not null default '',
    updated_by              varchar(256) not null default 'migration',
    updated_at              timestamptz not null default now(),
    constraint queues_coverage_check check (coverage in ('ALWAYS', 'BUSINESS_HOURS'))
);

create table sla_policies (
    band                varchar(4) primary key,
    ack_within_seconds  bigint not null,
    resolve_within_seconds bigint not null,
    updated_by          varchar(256) not null default 'migration',
    updated_at          timestamptz not null default now()
);

insert into queues (name, escalation) values
 ('distress', 'distress-leads'), ('distress-leads', ''), ('care', 'care-leads'), ('care-leads', ''),
 ('urgent', 'care-leads'), ('legal', 'care-leads');
insert into sla_policies (band, ack_within_seconds, resolve_within_seconds) values
 ('P1', 900, 14400), ('P2', 3600, 28800), ('P3', 14400, 86400), ('P4', 86400, 259200);

-- CRM profiles imported over the API. A customer has handles per network; (network, handle) is unique, so a handle
-- links a mention's author to at most one customer and re-importing never duplicates anything.
create table customers (
    id              varchar(128) primary key,
    name            varchar(256),
    tier            varchar(32)  not null default 'standard',
    lifetime_value  double precision not null default 0,
    press           boolean      not null default false,
    updated_at      timestamptz  not null default now()
);

create table customer_handles (
    network      varchar(32)  not null,
    handle       varchar(256) not null,
    customer_id  varchar(128) not null references customers (id) on delete cascade,
    primary key (network, handle)
);
create index customer_handles_customer_idx on customer_handles (customer_id);

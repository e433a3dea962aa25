-- Identity links (issue #12 point 5): an author on one network linked to a customer, reversibly and audited.
-- A customer absorbed by a link (the handle belonged to it) is kept with merged_into set, its handles move to the
-- surviving customer tagged with the link, and the link keeps a snapshot of the moved rows, so that unlinking puts
-- every handle back exactly as it was. Imports never move a handle that a link attached.
alter table customers add column merged_into varchar(128);
alter table customer_handles add column reply_handle varchar(256);
alter table customer_handles add column link_id uuid;
update customer_handles set reply_handle = handle;
alter table customer_handles alter column reply_handle set not null;
create index customer_handles_link_idx on customer_handles (link_id) where link_id is not null;

create table customer_links (
    id                  uuid primary key,
    customer_id         varchar(128) not null references customers (id) on delete cascade,
    network             varchar(32)  not null,
    handle              varchar(256) not null,
    reply_handle        varchar(256) not null,
    merged_customer_id  varchar(128),
    moved_handles       text         not null,
    created_by          varchar(256) not null,
    created_at          timestamptz  not null,
    removed_by          varchar(256),
    removed_at          timestamptz
);
create index customer_links_customer_idx on customer_links (customer_id, created_at);

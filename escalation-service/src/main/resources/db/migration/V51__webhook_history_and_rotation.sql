-- Deleting a webhook endpoint keeps its delivery log: the endpoint is marked deleted (and disabled, its secrets
-- wiped) instead of removed, so its deliveries stay listable by endpoint id and auditable; the foreign key no longer
-- cascades, so no later hard delete can take the history with it.
alter table webhook_endpoints add column deleted_at timestamptz;
alter table webhook_deliveries drop constraint webhook_deliveries_endpoint_id_fkey;
alter table webhook_deliveries add constraint webhook_deliveries_endpoint_id_fkey
    foreign key (endpoint_id) references webhook_endpoints (id) on delete restrict;

-- Secret rotation with an overlap: the secret replaced by a rotation keeps signing deliveries (a second v1= entry of
-- Earshot-Signature) until previous_secret_until (earshot.webhooks.rotation-overlap after the rotation), so a
-- receiver still verifying with the old secret keeps passing while it switches. Sealed like the secret.
alter table webhook_endpoints add column previous_secret text;
alter table webhook_endpoints add column previous_secret_until timestamptz;
comment on column webhook_endpoints.previous_secret is 'the secret before the last rotation, sealed like secret; signs too until previous_secret_until';

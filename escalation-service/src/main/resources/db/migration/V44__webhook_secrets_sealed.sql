-- Webhook signing secrets are stored sealed (AES-256-GCM, contracts SecretBox: "v1." + base64 of nonce, ciphertext
-- and tag), which is longer than the plaintext the column was sized for. Rows written in the clear before are sealed
-- by the service at start (WebhookSecretMigration): SQL has no access to the key.
alter table webhook_endpoints alter column secret type text;
comment on column webhook_endpoints.secret is 'signing secret sealed with EARSHOT_SECRETS_KEY (v1.<base64>), bound to the row id';

-- Sign-in credentials of polled sources, sealed with AES-GCM (SecretBox, EARSHOT_SECRETS_KEY): never in the clear.
-- STOPPED: a source whose sign-in was refused (401/403); it is not polled until its credentials change or it resumes.
alter table sources add column credentials text;
alter table sources drop constraint sources_status_check;
alter table sources add constraint sources_status_check check (status in ('ACTIVE', 'PAUSED', 'STOPPED'));

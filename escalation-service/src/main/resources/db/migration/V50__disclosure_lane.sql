-- The disclosure lane: a mention in which the listener redacted personal data (an email, a phone or card number, an
-- IBAN, an address) and that asks to be contacted, or reports a failure, is followed up privately by a human. Two
-- built-in rules send it to its own queue, `private`; a rule on `piiKindsAny` is never answered automatically, and its
-- case's reason names the kinds redacted. Leads may edit or disable both like any rule.
insert into queues (name, escalation) values ('private', 'care-leads') on conflict (name) do nothing;

insert into rules (id, name, version, position, enabled, definition, updated_by) values
 ('6f1d2a8e-0000-5000-8000-000000000005', 'private-follow-up-contact', 1, 15, true,
  '{"conditions":{"piiKindsAny":["email","phone","card","iban","address"],"keywordsAny":["email me","e-mail me","mail me","call me","call back","ring me","text me","dm me","message me","contact me","reach me","reach out","get back to me","write to me","my number","my email","my phone","my address","my card","my account number"]},"action":{"queue":"private","priority":"P2"}}',
  'migration'),
 ('6f1d2a8e-0000-5000-8000-000000000006', 'private-follow-up-failure', 1, 16, true,
  '{"conditions":{"piiKindsAny":["email","phone","card","iban","address"],"sentimentAtMost":-0.05},"action":{"queue":"private","priority":"P2"}}',
  'migration')
on conflict (name) do nothing;
insert into rule_versions (rule_id, version, name, position, enabled, definition, saved_by)
select id, version, name, position, enabled, definition, updated_by from rules
where name in ('private-follow-up-contact', 'private-follow-up-failure')
on conflict do nothing;

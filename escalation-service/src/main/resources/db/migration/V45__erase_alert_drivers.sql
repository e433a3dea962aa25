-- Erasure reaches crisis alerts (#26 finding 5): an alert's topAuthors name authors as source:authorId, and its
-- topTerms may carry a subject's handle or name. These functions rename the matching drivers to [erased] in a
-- CrisisAlert JSON (or in a webhook event whose data is one), keeping counts and shares, so the alert stays true.
create or replace function erase_alert_drivers(alert jsonb, field text, names text[]) returns jsonb
language sql immutable as $$
    select case when jsonb_typeof(alert -> field) = 'array' then
        jsonb_set(alert, array[field], (
            select coalesce(jsonb_agg(case when lower(d ->> 'name') = any(names)
                                           then jsonb_set(d, '{name}', '"[erased]"') else d end order by ord), '[]'::jsonb)
            from jsonb_array_elements(alert -> field) with ordinality as t(d, ord)))
    else alert end
$$;

-- The alert with the subject's authors and terms erased; an event wrapper ({"event":..., "data": alert}) too.
create or replace function erase_alert_subject(doc jsonb, authors text[], terms text[]) returns jsonb
language sql immutable as $$
    select case when jsonb_typeof(doc -> 'data') = 'object'
                then jsonb_set(doc, '{data}', erase_alert_drivers(erase_alert_drivers(doc -> 'data', 'topAuthors', authors),
                                                                  'topTerms', terms))
                else erase_alert_drivers(erase_alert_drivers(doc, 'topAuthors', authors), 'topTerms', terms) end
$$;

-- Returns the pmc.runs journal rows whose arguments or summary mention any of $1 (the ids of
-- one sale), newest first, at most 50, as (id, command, started_at, finished_at, outcome,
-- arguments, summary). $1 = ids (text[], no empty strings).
SELECT r.id, r.command, r.started_at, r.finished_at, r.outcome, r.arguments, r.summary
FROM pmc.runs AS r
WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) AS k (id)
              WHERE strpos(r.arguments::text, k.id) > 0
                 OR strpos(coalesce(r.summary::text, ''), k.id) > 0)
ORDER BY r.started_at DESC, r.id DESC
LIMIT 50

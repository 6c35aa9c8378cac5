-- Returns the pmc.runs journal rows that touched one sale: the runs that archived its rows ($2)
-- and those whose arguments or summary mention any of its ids ($1); newest first, at most 50,
-- as (id, command, started_at, finished_at, outcome, arguments, summary).
-- $1 = ids (text[], no empty strings), $2 = the run_id of each archived row of the sale
-- (bigint[]).
SELECT r.id, r.command, r.started_at, r.finished_at, r.outcome, r.arguments, r.summary
FROM pmc.runs AS r
WHERE r.id = ANY ($2::bigint[])
   OR EXISTS (SELECT 1 FROM unnest($1::text[]) AS k (id)
              WHERE strpos(r.arguments::text, k.id) > 0
                 OR strpos(coalesce(r.summary::text, ''), k.id) > 0)
ORDER BY r.started_at DESC, r.id DESC
LIMIT 50

-- Returns the pmc.runs journal rows that touched one sale: the runs that archived its rows ($2)
-- and those whose arguments or summary hold any of its ids ($1) as a whole string value, at
-- any depth; newest first, at most 50, as (id, command, started_at, finished_at, outcome,
-- arguments, summary).
-- $1 = ids (text[], no empty strings), $2 = the run_id of each archived row of the sale
-- (bigint[]).
-- Whole values, not substrings: a short id (an order_number `re`) is inside the text of
-- unrelated runs (`restore`, `/srv/backups`), while the journal records ids as values of their
-- own (an argument, or an element of the report).
SELECT r.id, r.command, r.started_at, r.finished_at, r.outcome, r.arguments, r.summary
FROM pmc.runs AS r
WHERE r.id = ANY ($2::bigint[])
   OR EXISTS (SELECT 1 FROM unnest($1::text[]) AS k (id)
              WHERE jsonb_path_exists(r.arguments, '$.** ? (@ == $id)',
                                      jsonb_build_object('id', k.id))
                 OR jsonb_path_exists(r.summary, '$.** ? (@ == $id)',
                                      jsonb_build_object('id', k.id)))
ORDER BY r.started_at DESC, r.id DESC
LIMIT 50

-- The foreign keys into the tables pmc deletes from that belong to tables pmc does not handle (added to the store by hand): deleting a row they reference would fail, or cascade into rows no archive keeps; returns referencing (text), constraint_name (text) and referenced (text). $1 = the tables pmc deletes from (text[]), $2 = the referencing tables pmc handles itself (text[]).
SELECT con.conrelid::regclass::text AS referencing,
       con.conname::text AS constraint_name,
       con.confrelid::regclass::text AS referenced
FROM pg_constraint AS con
WHERE con.contype = 'f'
  AND con.confrelid IN (SELECT to_regclass(t) FROM unnest($1::text[]) AS t)
  AND con.conrelid NOT IN (SELECT to_regclass(t)
                           FROM unnest($2::text[]) AS t
                           WHERE to_regclass(t) IS NOT NULL)
ORDER BY 1, 2

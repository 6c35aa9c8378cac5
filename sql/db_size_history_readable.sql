-- Whether pmc's size history exists, and whether this role may read it (a fresh store has none; a read-only role may lack access to the pmc schema); returns exists (bool) and readable (bool). No parameters.
SELECT count(*) = 2 AS exists,
       count(*) = 2
       AND coalesce(bool_and(has_schema_privilege(n.oid, 'USAGE')
                             AND has_table_privilege(c.oid, 'SELECT')), false) AS readable
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'pmc' AND c.relname IN ('size_snapshots', 'size_history')

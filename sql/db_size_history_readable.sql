-- Returns whether pmc's size history exists and this role may read it (false for a fresh store or
-- a read-only role without access to the pmc schema).
SELECT count(*) = 2 AND bool_and(has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT'))
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'pmc' AND c.relname IN ('size_snapshots', 'size_history')

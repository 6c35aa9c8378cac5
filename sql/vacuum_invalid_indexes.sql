-- Returns invalid indexes (leftovers of a failed CREATE INDEX or REINDEX ... CONCURRENTLY) with the DROP INDEX CONCURRENTLY statement that removes each.
SELECT n.nspname::text AS schema_name,
       t.relname::text AS table_name,
       ic.relname::text AS index_name,
       format('DROP INDEX CONCURRENTLY IF EXISTS %I.%I', n.nspname, ic.relname) AS statement
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
WHERE NOT i.indisvalid
ORDER BY 1, 2, 3

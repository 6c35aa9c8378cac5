-- Returns the names of the user schemas, for checking --schema.
SELECT nspname::text AS name
FROM pg_namespace
WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname !~ '^pg_(toast|temp_)'
ORDER BY nspname

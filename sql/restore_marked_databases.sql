-- Databases whose comment starts with $1 (pmc restore's in-progress marker for one live
-- database): their names, oldest first.
SELECT d.datname::text
FROM pg_database AS d
WHERE starts_with(coalesce(shobj_description(d.oid, 'pg_database'), ''), $1)
ORDER BY d.oid

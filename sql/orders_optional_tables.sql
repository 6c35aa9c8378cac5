-- Returns the optional tables `pmc orders` reads when they exist, as (name, readable):
-- pmc_archive.vending_sessions, pmc_archive.orders, pmc_archive.order_images (made by
-- `pmc cleanup` / `pmc orders archive`) and pmc.runs (the journal). No parameters.
-- From the catalog rather than to_regclass(), which raises an error instead of returning NULL
-- when the role lacks USAGE on the schema; a read-only role must get an answer, not a failure.
SELECT n.nspname || '.' || c.relname AS name,
       has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT') AS readable
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND (n.nspname, c.relname) IN (('pmc_archive', 'vending_sessions'), ('pmc_archive', 'orders'),
                                 ('pmc_archive', 'order_images'), ('pmc', 'runs'))
ORDER BY 1

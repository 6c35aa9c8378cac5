-- Sequences owned by a table column (serial or identity): (sequence schema, sequence, table
-- schema, table, column, last_value), last_value NULL when the sequence was never used.
SELECT sn.nspname::text,
       s.relname::text,
       tn.nspname::text,
       t.relname::text,
       a.attname::text,
       ps.last_value
FROM pg_class AS s
JOIN pg_namespace AS sn ON sn.oid = s.relnamespace
JOIN pg_depend AS d
  ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
 AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
JOIN pg_class AS t ON t.oid = d.refobjid
JOIN pg_namespace AS tn ON tn.oid = t.relnamespace
JOIN pg_attribute AS a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
LEFT JOIN pg_sequences AS ps ON ps.schemaname = sn.nspname AND ps.sequencename = s.relname
WHERE s.relkind = 'S'
ORDER BY 1, 2

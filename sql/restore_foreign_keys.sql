-- Every foreign key outside the system schemas (inherited copies on partitions left out):
-- (constraint, child schema, child table, child columns, parent schema, parent table,
-- parent columns), columns in key order.
SELECT c.conname::text,
       cn.nspname::text,
       ct.relname::text,
       ARRAY(SELECT a.attname::text
             FROM unnest(c.conkey) WITH ORDINALITY AS k (attnum, ord)
             JOIN pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
             ORDER BY k.ord),
       pn.nspname::text,
       pt.relname::text,
       ARRAY(SELECT a.attname::text
             FROM unnest(c.confkey) WITH ORDINALITY AS k (attnum, ord)
             JOIN pg_attribute AS a ON a.attrelid = c.confrelid AND a.attnum = k.attnum
             ORDER BY k.ord)
FROM pg_constraint AS c
JOIN pg_class AS ct ON ct.oid = c.conrelid
JOIN pg_namespace AS cn ON cn.oid = ct.relnamespace
JOIN pg_class AS pt ON pt.oid = c.confrelid
JOIN pg_namespace AS pn ON pn.oid = pt.relnamespace
WHERE c.contype = 'f'
  AND c.conparentid = 0
  AND cn.nspname NOT IN ('pg_catalog', 'information_schema')
ORDER BY 2, 3, 1

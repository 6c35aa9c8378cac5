-- The columns of orders and order_images that pmc does not copy into pmc_archive (the live schema has grown a column by hand); returns table_name (text) and column_name (text). $1 = the orders columns pmc knows (text[]), $2 = the order_images columns pmc knows (text[]).
SELECT c.relname::text AS table_name, a.attname::text AS column_name
FROM pg_class AS c
JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE (c.oid = to_regclass('orders') AND a.attname <> ALL ($1::text[]))
   OR (c.oid = to_regclass('order_images') AND a.attname <> ALL ($2::text[]))
ORDER BY c.relname, a.attnum

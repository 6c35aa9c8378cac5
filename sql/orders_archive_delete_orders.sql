-- Deletes the orders $1, already copied into pmc_archive.orders by this transaction (their images are deleted first); returns orders (bigint), the rows deleted. $1 = order ids (text[]).
WITH gone AS (
    DELETE FROM orders AS o
    WHERE o.id = ANY ($1::text[])
    RETURNING 1
)
SELECT count(*) AS orders FROM gone

-- Deletes the order_images rows of the orders $1, already copied into pmc_archive.order_images by this transaction; returns images (bigint), the rows deleted. $1 = order ids (text[]).
WITH gone AS (
    DELETE FROM order_images AS i
    WHERE i.order_id = ANY ($1::text[])
    RETURNING 1
)
SELECT count(*) AS images FROM gone

-- Locks the next batch of archivable orders after id $2, skipping rows another transaction holds: finished (status completed, printed, 12 or 16), last activity before the cutoff, and no vending session in the hot table refers to them; returns id (text), in id order. $1 = cutoff (timestamptz), $2 = the last id of the previous batch ('' at the start), $3 = batch size (bigint).
-- The rules are the same as in orders_archive_plan.sql.
SELECT o.id::text AS id
FROM orders AS o
WHERE o.status IN ('completed', 'printed', '12', '16')
  AND greatest(o.created_at, o.updated_at, o.completed_at, o.paid_at) < $1
  AND NOT EXISTS (SELECT 1 FROM vending_machine_sessions AS s WHERE s.order_id = o.id)
  AND NOT EXISTS (SELECT 1 FROM vending_machine_sessions AS s WHERE s.session_id = o.session_id)
  AND o.id > $2
ORDER BY o.id
LIMIT $3
FOR UPDATE OF o SKIP LOCKED

-- Locks the order_images rows of the locked orders $1 (waiting at most lock_timeout for a writer), so none changes between the copy and the delete; returns images (bigint), how many there are. $1 = order ids (text[]).
SELECT count(*) AS images
FROM (SELECT 1
      FROM order_images AS i
      WHERE i.order_id = ANY ($1::text[])
      FOR UPDATE OF i) AS locked

-- The orders archive plan, read-only: every order classified as archive (finished: status completed, printed, 12 or 16; its last activity before the cutoff; no vending session in the hot table refers to it) or keep (with why); returns one row per (category, reason) with orders (bigint), images (bigint, their order_images rows) and a sample (jsonb array of up to $2 orders, oldest first). $1 = cutoff (timestamptz), $2 = sample size (bigint).
-- The rules are the same as in orders_archive_lock.sql.
WITH images AS (
    SELECT i.order_id, count(*) AS n
    FROM order_images AS i
    GROUP BY i.order_id
),
classified AS MATERIALIZED (
    SELECT o.id, o.order_number, o.status,
           greatest(o.created_at, o.updated_at, o.completed_at, o.paid_at) AS last_activity,
           coalesce(im.n, 0) AS images,
           CASE
               WHEN o.status IS NULL OR o.status NOT IN ('completed', 'printed', '12', '16')
                   THEN 'not finished: status ' || coalesce(o.status, 'NULL')
               WHEN NOT coalesce(greatest(o.created_at, o.updated_at, o.completed_at, o.paid_at)
                                 < $1, false)
                   THEN 'finished, but active since the cutoff'
               WHEN EXISTS (SELECT 1 FROM vending_machine_sessions AS s WHERE s.order_id = o.id)
                    OR EXISTS (SELECT 1 FROM vending_machine_sessions AS s
                               WHERE s.session_id = o.session_id)
                   THEN 'a vending session in the hot table refers to it'
           END AS keep_reason
    FROM orders AS o
    LEFT JOIN images AS im ON im.order_id = o.id
),
categorized AS (
    SELECT c.*,
           CASE WHEN c.keep_reason IS NULL THEN 'archive' ELSE 'keep' END AS category,
           coalesce(c.keep_reason, 'finished: status ' || c.status) AS reason
    FROM classified AS c
),
ranked AS (
    SELECT c.*,
           row_number() OVER (PARTITION BY c.category, c.reason
                              ORDER BY c.last_activity, c.id) AS rank
    FROM categorized AS c
)
SELECT category, reason, count(*) AS orders, sum(images)::bigint AS images,
       coalesce(jsonb_agg(jsonb_build_object('id', id,
                                             'order_number', order_number,
                                             'status', status,
                                             'last_activity', last_activity,
                                             'images', images)
                          ORDER BY rank) FILTER (WHERE rank <= $2), '[]') AS sample
FROM ranked
GROUP BY category, reason
ORDER BY CASE category WHEN 'archive' THEN 1 ELSE 2 END, count(*) DESC, reason

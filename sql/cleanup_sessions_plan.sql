-- The cleanup plan, read-only: every vending session classified as delete (expired before the cutoff, holds no sale), archive (expired before the cutoff, holds a sale: the reason is the first rule that matched) or keep (with why); returns one row per (category, reason) with sessions (bigint), oldest and newest expires_at (timestamptz) and a sample (jsonb array of up to $4 sessions, oldest first). $1 = now (timestamptz), $2 = cutoff (timestamptz), $3 = ids of sessions whose session_data does not parse (text[]), $4 = sample size (bigint).
-- The sale rules: sql/fragments/session_sale_rules.sql first, then the ones below.
WITH classified AS MATERIALIZED (
    SELECT s.session_id, s.machine_id, s.status, s.expires_at,
           CASE
               -- Not NULL in the store's schema; a hand-altered one is kept, as the batches
               -- (expires_at < cutoff) keep it.
               WHEN s.expires_at IS NULL THEN 'expires_at is not set'
               WHEN s.expires_at > $1 THEN 'live: expires_at is in the future'
               WHEN s.expires_at >= $2 THEN 'expired less than --older-than ago'
               ELSE
               coalesce(
                   -- include: fragments/session_sale_rules.sql
                   ,
                   CASE
                       WHEN s.id = ANY ($3::text[]) THEN 'session_data does not parse'
                       WHEN s.order_id IS NOT NULL THEN 'order_id is set'
                       WHEN s.session_id IN (SELECT o.session_id FROM orders AS o
                                            WHERE o.session_id IS NOT NULL)
                           THEN 'an order references it'
                   END
               )
           END AS reason
    FROM vending_machine_sessions AS s
),
categorized AS (
    SELECT c.*,
           CASE WHEN c.expires_at IS NULL OR c.expires_at >= $2 THEN 'keep'
                WHEN c.reason IS NULL THEN 'delete'
                ELSE 'archive' END AS category,
           row_number() OVER (PARTITION BY c.expires_at >= $2, c.reason
                              ORDER BY c.expires_at, c.session_id) AS rank
    FROM classified AS c
)
SELECT category,
       coalesce(reason, 'expired before the cutoff, holds no sale') AS reason,
       count(*) AS sessions,
       -- ±infinity is a valid timestamptz that chrono cannot hold: the finite ones only.
       min(expires_at) FILTER (WHERE isfinite(expires_at)) AS oldest,
       max(expires_at) FILTER (WHERE isfinite(expires_at)) AS newest,
       coalesce(jsonb_agg(jsonb_build_object('session_id', session_id,
                                             'machine_id', machine_id,
                                             'status', status,
                                             'expires_at', expires_at)
                          ORDER BY rank) FILTER (WHERE rank <= $4), '[]') AS sample
FROM categorized
GROUP BY category, reason
ORDER BY CASE category WHEN 'delete' THEN 1 WHEN 'archive' THEN 2 ELSE 3 END, count(*) DESC,
         reason

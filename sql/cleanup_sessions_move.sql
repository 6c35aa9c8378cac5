-- Moves the locked sessions $1 out of vending_machine_sessions in one statement: those that hold a sale are copied into pmc_archive.vending_sessions for run $2 and then deleted, the others only deleted; returns one row per reason ('' for no sale) with deleted (bigint), archived (bigint, of those deleted, which the statement deletes only once copied) and copied (bigint, every row copied by the statement). $1 = ctids locked by this transaction (text[]), $2 = run id (bigint), $3 = cutoff (timestamptz), $4 = ids whose session_data does not parse (text[]), $5 = ids an order refers to (text[]).
-- The sale rules: sql/fragments/session_sale_rules.sql first, then the ones below.
-- Rows are joined by ctid (a TID scan per row, whatever the planner guesses about the array
-- sizes) and every count comes from RETURNING, so no step compares each row with every other.
WITH c AS MATERIALIZED (
    SELECT s.ctid AS tid, s.id,
           coalesce(
               -- include: fragments/session_sale_rules.sql
               ,
               CASE
                   WHEN s.id = ANY ($4::text[]) THEN 'session_data does not parse'
                   WHEN s.order_id IS NOT NULL THEN 'order_id is set'
                   WHEN s.id = ANY ($5::text[]) THEN 'an order references it'
               END
           ) AS reason
    FROM vending_machine_sessions AS s
    WHERE s.ctid = ANY ($1::text[]::tid[]) AND s.expires_at < $3
),
moved AS (
    INSERT INTO pmc_archive.vending_sessions (
        id, session_id, machine_id, status, user_progress, qr_data, user_agent, ip_address,
        order_id, payment_method, payment_amount, payment_confirmed_at, expires_at,
        last_activity, created_at, updated_at, session_data, error_log, archived_at, run_id)
    SELECT s.id, s.session_id, s.machine_id, s.status, s.user_progress, s.qr_data,
           s.user_agent, s.ip_address, s.order_id, s.payment_method, s.payment_amount,
           s.payment_confirmed_at, s.expires_at, s.last_activity, s.created_at, s.updated_at,
           s.session_data, s.error_log, now(), $2
    FROM c
    JOIN vending_machine_sessions AS s ON s.ctid = c.tid
    WHERE c.reason IS NOT NULL
    -- include: fragments/session_archive_upsert.sql
    RETURNING id
),
gone AS (
    DELETE FROM vending_machine_sessions AS s
    USING c
    WHERE s.ctid = c.tid
      AND (c.reason IS NULL OR c.id IN (SELECT moved.id FROM moved))
    RETURNING c.reason
)
SELECT coalesce(g.reason, '') AS reason,
       count(*) AS deleted,
       count(*) FILTER (WHERE g.reason IS NOT NULL) AS archived,
       (SELECT count(*) FROM moved) AS copied
FROM gone AS g
GROUP BY g.reason

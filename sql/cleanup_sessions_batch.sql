-- One cleanup batch in one statement, for a json-typed session_data (every value parses): locks up to $4 sessions of the block range [$1, $2) whose expires_at is before $3 (skipping rows another transaction holds), deletes them, and copies those that hold a sale, from the deleted rows themselves, into pmc_archive.vending_sessions for run $5; returns one row per reason ('' for no sale) with deleted (bigint), archived (bigint, of those deleted), copied (bigint, rows the statement copied) and locked (bigint, rows it locked; a row updated since the statement began is locked but not deleted, and left for the next run). $1, $2 = first and end ctid of the range as text; $3 = cutoff (timestamptz); $4 = batch size (bigint); $5 = run id (bigint); $6 = the session ids orders refer to (text[]).
-- The sale rules are the same, in the same order, as in cleanup_sessions_plan.sql.
-- Each heap page is visited twice (lock, delete) and each row classified once, on the very
-- version that is deleted: the archive gets exactly what left the hot table.
WITH locked AS MATERIALIZED (
    SELECT s.ctid AS tid
    FROM vending_machine_sessions AS s
    WHERE s.ctid >= $1::text::tid AND s.ctid < $2::text::tid
      AND s.expires_at < $3
    LIMIT $4
    FOR UPDATE OF s SKIP LOCKED
),
gone AS (
    DELETE FROM vending_machine_sessions AS s
    USING locked
    WHERE s.ctid = locked.tid AND s.expires_at < $3
    RETURNING s.id, s.session_id, s.machine_id, s.status, s.user_progress, s.qr_data,
              s.user_agent, s.ip_address, s.order_id, s.payment_method, s.payment_amount,
              s.payment_confirmed_at, s.expires_at, s.last_activity, s.created_at,
              s.updated_at, s.session_data, s.error_log,
           -- coalesce stops at the first rule that matches. session_data is read (and, when it is
           -- stored out of line, fetched from TOAST) once per row for the common no-sale case: LIKE ANY
           -- evaluates its left side once, where one strpos per key would read it five times.
           coalesce(
               CASE
                   WHEN s.status IN ('payment_completed', 'payment_pending') THEN 'status ' || s.status
                   WHEN s.payment_confirmed_at IS NOT NULL THEN 'payment_confirmed_at is set'
                   WHEN s.payment_method IS NOT NULL THEN 'payment_method is set'
               END,
               CASE WHEN s.session_data::text LIKE ANY ('{%payment_data%,%chinese_payment_id%,%chinese_order_response%,%order_third_id%,%third_id%}'::text[]) THEN
                   CASE
                       WHEN strpos(s.session_data::text, 'payment_data') > 0
                           THEN 'session_data carries payment_data'
                       WHEN strpos(s.session_data::text, 'chinese_payment_id') > 0
                           THEN 'session_data carries chinese_payment_id'
                       WHEN strpos(s.session_data::text, 'chinese_order_response') > 0
                           THEN 'session_data carries chinese_order_response'
                       WHEN strpos(s.session_data::text, 'order_third_id') > 0
                           THEN 'session_data carries order_third_id'
                       WHEN EXISTS (SELECT 1
                                    FROM payment_mappings AS pm
                                    WHERE pm.third_id IN (
                                        SELECT (regexp_matches(s.session_data::text,
                                                               '"(?:chinese_)?third_id"\s*:\s*"([^"\\]+)"',
                                                               'g'))[1]))
                           THEN 'its third_id has a payment_mappings row'
                   END
               END,
               CASE
                   WHEN s.order_id IS NOT NULL THEN 'order_id is set'
                   WHEN s.session_id IN (SELECT unnest($6::text[])) THEN 'an order references it'
               END
           ) AS reason
),
moved AS (
    INSERT INTO pmc_archive.vending_sessions (
        id, session_id, machine_id, status, user_progress, qr_data, user_agent, ip_address,
        order_id, payment_method, payment_amount, payment_confirmed_at, expires_at,
        last_activity, created_at, updated_at, session_data, error_log, archived_at, run_id)
    SELECT g.id, g.session_id, g.machine_id, g.status, g.user_progress, g.qr_data,
           g.user_agent, g.ip_address, g.order_id, g.payment_method, g.payment_amount,
           g.payment_confirmed_at, g.expires_at, g.last_activity, g.created_at, g.updated_at,
           g.session_data, g.error_log, now(), $5
    FROM gone AS g
    WHERE g.reason IS NOT NULL
    -- A session archived before and then restored into the hot table: the newest copy wins.
    ON CONFLICT (id) DO UPDATE SET
        session_id = EXCLUDED.session_id, machine_id = EXCLUDED.machine_id,
        status = EXCLUDED.status, user_progress = EXCLUDED.user_progress,
        qr_data = EXCLUDED.qr_data, user_agent = EXCLUDED.user_agent,
        ip_address = EXCLUDED.ip_address, order_id = EXCLUDED.order_id,
        payment_method = EXCLUDED.payment_method, payment_amount = EXCLUDED.payment_amount,
        payment_confirmed_at = EXCLUDED.payment_confirmed_at,
        expires_at = EXCLUDED.expires_at, last_activity = EXCLUDED.last_activity,
        created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
        session_data = EXCLUDED.session_data, error_log = EXCLUDED.error_log,
        archived_at = EXCLUDED.archived_at, run_id = EXCLUDED.run_id
    RETURNING id
)
SELECT coalesce(g.reason, '') AS reason,
       count(*) AS deleted,
       count(*) FILTER (WHERE g.reason IS NOT NULL) AS archived,
       (SELECT count(*) FROM moved) AS copied,
       (SELECT count(*) FROM locked) AS locked
FROM gone AS g
GROUP BY g.reason

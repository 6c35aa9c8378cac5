-- One cleanup batch in one statement, for a json-typed session_data (every value parses): locks up to $4 sessions of the block range [$1, $2) whose expires_at is before $3 (skipping rows another transaction holds), classifies them, copies those that hold a sale into pmc_archive.vending_sessions for run $5 and deletes them all; returns one row per reason ('' for no sale) with deleted (bigint), archived (bigint, of those deleted), copied (bigint, rows the statement copied) and locked (bigint, rows it locked; a row updated since the statement began is locked but neither copied nor deleted, and left for the next run). $1, $2 = first and end ctid of the range as text; $3 = cutoff (timestamptz); $4 = batch size (bigint); $5 = run id (bigint); $6 = the session ids orders refer to (text[]).
-- The sale rules: sql/fragments/session_sale_rules.sql first, then the ones below.
-- Each row is classified once, when it is locked (a row updated meanwhile is re-read at its
-- newest version before it is locked). Only sales are read whole, by ctid, for the copy; the
-- copy and the delete see the same version of each row (the statement's snapshot, and the row
-- is locked), so the archive gets exactly what left the hot table.
WITH locked AS MATERIALIZED (
    SELECT s.ctid AS tid, s.id,
           coalesce(
               -- include: fragments/session_sale_rules.sql
               ,
               CASE
                   WHEN s.order_id IS NOT NULL THEN 'order_id is set'
                   WHEN s.session_id IN (SELECT unnest($6::text[])) THEN 'an order references it'
               END
           ) AS reason
    FROM vending_machine_sessions AS s
    WHERE s.ctid >= $1::text::tid AND s.ctid < $2::text::tid
      AND s.expires_at < $3
    LIMIT $4
    FOR UPDATE OF s SKIP LOCKED
),
moved AS (
    INSERT INTO pmc_archive.vending_sessions (
        id, session_id, machine_id, status, user_progress, qr_data, user_agent, ip_address,
        order_id, payment_method, payment_amount, payment_confirmed_at, expires_at,
        last_activity, created_at, updated_at, session_data, error_log, archived_at, run_id)
    SELECT s.id, s.session_id, s.machine_id, s.status, s.user_progress, s.qr_data,
           s.user_agent, s.ip_address, s.order_id, s.payment_method, s.payment_amount,
           s.payment_confirmed_at, s.expires_at, s.last_activity, s.created_at, s.updated_at,
           s.session_data, s.error_log, now(), $5
    FROM locked AS l
    JOIN vending_machine_sessions AS s ON s.ctid = l.tid
    WHERE l.reason IS NOT NULL AND s.expires_at < $3
    -- include: fragments/session_archive_upsert.sql
    RETURNING id
),
gone AS (
    DELETE FROM vending_machine_sessions AS s
    USING locked AS l
    WHERE s.ctid = l.tid AND s.expires_at < $3
    RETURNING l.reason
)
SELECT coalesce(g.reason, '') AS reason,
       count(*) AS deleted,
       count(*) FILTER (WHERE g.reason IS NOT NULL) AS archived,
       (SELECT count(*) FROM moved) AS copied,
       (SELECT count(*) FROM locked) AS locked
FROM gone AS g
GROUP BY g.reason

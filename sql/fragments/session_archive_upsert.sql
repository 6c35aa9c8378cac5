-- Fragment: the conflict clause of an INSERT INTO pmc_archive.vending_sessions. A session
-- archived before and then restored into the hot table: the newest copy wins.
-- Included by cleanup_sessions_batch.sql, cleanup_sessions_move.sql.
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

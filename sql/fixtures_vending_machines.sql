-- Inserts the known vending machines and 3 × $1 machines auto-created by create-session.
-- $1 = scale (integer), $2 = now (timestamptz). The known machines are created first, so
-- ordering by (created_at, id) puts them at positions 0..4, which the sessions file relies on.
INSERT INTO vending_machines (id, name, location, qr_config, is_active, last_heartbeat,
                              created_at, updated_at)
SELECT v.id, v.name, v.location,
       json_build_object('base_url', 'https://pimpmycase.co.uk', 'session_timeout_minutes', 30,
                         'max_concurrent_sessions', 5, 'chinese_device_id', v.id,
                         'debug_mode', v.debug),
       true, NULL::timestamptz,
       $2::timestamptz - interval '400 days' + v.ord * interval '1 day', NULL::timestamptz
FROM (VALUES
    ('JMSOOMSZRQO9', 'PimpMyCase Westfield London', 'Westfield London, Shepherd''s Bush', false, 0),
    ('CXYLOGD8OQUK', 'PimpMyCase Trafford Centre', 'Trafford Centre, Manchester', false, 1),
    ('16DCTRYUJSJH', 'PimpMyCase Promo Kiosk', 'Bullring, Birmingham', false, 2),
    ('10HKNTDOH2BA', 'Test Machine', 'Factory test bench', true, 3),
    ('VM001', 'Development Machine', 'Office', true, 4)
) AS v (id, name, location, debug, ord)
UNION ALL
SELECT m.id, 'Chinese Vending Machine ' || m.id, NULL,
       json_build_object('auto_created', true, 'created_for', 'session_creation',
                         'timeout_minutes', 30),
       true, NULL::timestamptz,
       $2::timestamptz - interval '125 days' + k * interval '17 minutes', NULL::timestamptz
FROM generate_series(0, 3 * $1::integer - 1) AS k
CROSS JOIN LATERAL (
    -- 12 upper-case alphanumerics, like the partner's device ids.
    SELECT upper(translate(substr(md5('vending_machine:' || k), 1, 12), '0a1b', 'QRWZ')) AS id
) AS m

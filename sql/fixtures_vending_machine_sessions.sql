-- Inserts 10000 × $1 vending machine sessions over the 120 days before $2, across the whole
-- lifecycle of store-facts section 7: live and stale `active`, unpaid `expired`, stuck
-- `payment_pending`, `payment_completed`, `payment_failed`, and paid sessions that were later
-- marked `expired` (expiry is lazy, so `expired` does not mean unpaid).
-- $1 = scale (integer), $2 = now (timestamptz).
-- The sale itself lives only in session_data (no orders row is made for a vending sale).
-- Sessions that reached init-payment get a PYEN third id on an even second, distinct from
-- every other one (orders use odd seconds), so payment_mappings.third_id stays unique.
WITH
params AS (
    SELECT 10000 * $1::integer AS n,
           floor(extract(epoch FROM $2::timestamptz))::bigint AS now_s,
           (120 * 86400)::bigint AS span,
           (SELECT count(*)::integer FROM vending_machines) AS machine_count,
           (SELECT count(*)::integer FROM phone_models WHERE chinese_model_id IS NOT NULL)
               AS model_count
),
machines AS (
    SELECT id, coalesce(location, 'Unknown Location') AS location,
           (row_number() OVER (ORDER BY created_at, id) - 1)::integer AS k
    FROM vending_machines
),
models AS (
    SELECT pm.display_name, pm.chinese_model_id, b.name AS brand_name, shell.mobile_shell_id,
           (row_number() OVER (ORDER BY pm.brand_id DESC, pm.display_order, pm.id) - 1)::integer
               AS k
    FROM phone_models AS pm
    JOIN brands AS b ON b.id = pm.brand_id
    -- Shell ids from the partner's stock/list; unknown models get the store's placeholder.
    LEFT JOIN (VALUES
        ('MM020250224000010', 'MS102509090019'), ('MM020250224000011', 'MS102509090018'),
        ('MM1020250226000002', 'MS102504100001'), ('MM1020250227000001', 'MS102503290004'),
        ('MM102503290004', 'MS102503290010'), ('MM102508150001', 'MS102509200003'),
        ('MM102508150004', 'MS102509200001'), ('MM100250228000001', 'MS102509190004')
    ) AS shell (chinese_model_id, mobile_shell_id) ON shell.chinese_model_id = pm.chinese_model_id
    WHERE pm.chinese_model_id IS NOT NULL
),
hashed AS (
    SELECT g.i, p.n, p.now_s, p.span, p.machine_count, p.model_count,
           md5('session:' || g.i) AS h1, md5('session:b:' || g.i) AS h2,
           md5('session:c:' || g.i) AS h3, md5('session:d:' || g.i) AS h4
    FROM params AS p
    CROSS JOIN generate_series(0, p.n - 1) AS g (i)
),
-- Materialized so that each md5 is computed once per row, not once per use.
r AS MATERIALIZED (
    SELECT hashed.*,
           ('x' || substr(h1, 1, 7))::bit(28)::integer AS r1,
           ('x' || substr(h1, 8, 7))::bit(28)::integer AS r2,
           ('x' || substr(h1, 15, 7))::bit(28)::integer AS r3,
           ('x' || substr(h1, 22, 7))::bit(28)::integer AS r4,
           ('x' || substr(h2, 1, 7))::bit(28)::integer AS r5,
           ('x' || substr(h2, 8, 7))::bit(28)::integer AS r6,
           ('x' || substr(h2, 15, 7))::bit(28)::integer AS r7,
           ('x' || substr(h2, 22, 7))::bit(28)::integer AS r8
    FROM hashed
),
s1 AS (
    SELECT r.*,
           -- One slot of span/n seconds per session, so no two sessions share a second and
           -- session ids (machine_date_time_hex) cannot collide.
           now_s - span + (i::bigint * span / n) + r2 % greatest(span / n, 1) AS created_s,
           -- create-session clamps the timeout to 5..60 minutes; 30 is the default.
           CASE WHEN r3 % 10 < 7 THEN 30 WHEN r3 % 10 = 7 THEN 45 ELSE 5 + r4 % 56 END
               AS timeout_min,
           CASE
               WHEN r5 % 100 < 35 THEN 0
               WHEN r5 % 100 < 50 THEN 1
               WHEN r5 % 100 < 62 THEN 2
               WHEN r5 % 100 < 67 THEN 3
               WHEN r5 % 100 < 69 OR machine_count <= 5 THEN 4
               ELSE 5 + r6 % (machine_count - 5)
           END AS machine_k,
           r7 % model_count AS model_k,
           CASE
               WHEN r8 % 100 < 30 THEN 'classic'
               WHEN r8 % 100 < 40 THEN '2-in-1'
               WHEN r8 % 100 < 46 THEN '3-in-1'
               WHEN r8 % 100 < 50 THEN '4-in-1'
               WHEN r8 % 100 < 58 THEN 'film-strip-3'
               WHEN r8 % 100 < 72 THEN 'funny-toon'
               WHEN r8 % 100 < 82 THEN 'retro-remix'
               WHEN r8 % 100 < 92 THEN 'cover-shoot'
               ELSE 'glitch-pro'
           END AS template_id
    FROM r
),
s2 AS (
    SELECT s1.*,
           CASE
               -- Sessions of the last 90 minutes are still in use, whatever their hash says.
               WHEN created_s > now_s - 5400 THEN 'live'
               WHEN r1 % 1000 < 30 THEN 'stale_active'
               WHEN r1 % 1000 < 450 THEN 'abandoned'
               WHEN r1 % 1000 < 550 THEN 'summary_expired'
               WHEN r1 % 1000 < 630 THEN 'init_expired'
               WHEN r1 % 1000 < 690 THEN 'pending'
               WHEN r1 % 1000 < 870 THEN 'completed'
               WHEN r1 % 1000 < 910 THEN 'failed'
               ELSE 'paid_expired'
           END AS class,
           created_s + 20 + r3 % 240 AS scan_s,
           created_s + 300 + r4 % 900 AS design_s,
           to_timestamp(created_s) + (r6 % 1000000) * interval '1 microsecond' AS created_at
    FROM s1
),
s3 AS (
    SELECT s2.*,
           class IN ('summary_expired', 'init_expired', 'pending', 'completed', 'failed',
                     'paid_expired') AS has_summary,
           class IN ('init_expired', 'pending', 'completed', 'failed', 'paid_expired')
               AS has_payment,
           class IN ('completed', 'paid_expired') AS paid,
           -- A session created seconds before `now` cannot have been scanned yet.
           class IN ('live', 'stale_active', 'abandoned') AND (r8 % 5 < 2 OR scan_s > now_s)
               AS only_started,
           template_id IN ('funny-toon', 'retro-remix', 'cover-shoot', 'glitch-pro') AS ai,
           design_s + 20 + r5 % 90 AS summary_s,
           -- init-payment a little after the order summary, on an even second.
           ((design_s + 140 + r7 % 300) / 2) * 2 AS desired_s
    FROM s2
),
s4 AS (
    SELECT s3.*,
           row_number() OVER (PARTITION BY has_payment ORDER BY desired_s, i) AS pk
    FROM s3
),
s5 AS (
    SELECT s4.*,
           CASE WHEN has_payment THEN
               2 * pk + max(desired_s - 2 * pk) OVER (PARTITION BY has_payment
                                                      ORDER BY desired_s, i
                                                      ROWS UNBOUNDED PRECEDING)
           END AS pay_s
    FROM s4
),
s AS (
    SELECT s5.*,
           m.id AS machine_id, m.location,
           md.display_name, md.chinese_model_id, md.brand_name,
           coalesce(md.mobile_shell_id, 'MS_DEFAULT') AS mobile_shell_id,
           CASE WHEN m.id = '16DCTRYUJSJH' THEN 0.00 ELSE 35.00 END AS amount,
           to_timestamp(created_s) + timeout_min * interval '1 minute'
               + (r6 % 1000000) * interval '1 microsecond' AS expires_at,
           pay_s + 30 + r8 % 600 AS confirm_s,
           'order-session_' || design_s || '-final-' || (design_s + r4 % 2) || '-'
               || substr(h3, 1, 8) || '.png' AS final_file,
           template_id || '-' || (design_s - 40 - r3 % 200) || '-' || substr(h3, 9, 8) || '.png'
               AS ai_file,
           (ARRAY['Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1',
                  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
                  'Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Mobile Safari/537.36',
                  'Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
                  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/130.0.6723.90 Mobile/15E148 Safari/604.1'])[1 + r5 % 5]
               AS ua,
           (ARRAY['82.', '86.', '90.', '92.', '109.', '151.', '176.', '188.'])[1 + r7 % 8]
               || (r1 % 256) || '.' || (r2 % 256) || '.' || (1 + r3 % 254) AS ip
    FROM s5
    JOIN machines AS m ON m.k = s5.machine_k
    JOIN models AS md ON md.k = s5.model_k
),
t AS (
    SELECT s.*,
           'https://pimpmycase.onrender.com/image/' || final_file || '?token='
               || (design_s + 3600) || ':end_user:' || md5(final_file) || substr(h4, 1, 32)
               AS final_url,
           'https://pimpmycase.onrender.com/image/' || ai_file || '?token='
               || (design_s + 3600) || ':end_user:' || md5(ai_file) || substr(h4, 1, 32)
               AS ai_url,
           'PYEN' || to_char(to_timestamp(pay_s) AT TIME ZONE 'UTC', 'YYMMDD')
               || lpad((pay_s % 1000000)::text, 6, '0') AS third_id,
           'MSPY11' || to_char(to_timestamp(pay_s) AT TIME ZONE 'UTC', 'YYMMDD')
               || lpad((pk % 1000000)::text, 6, '0') AS chinese_payment_id,
           -- The vending path's order third id is OREN + 12 digits of the millisecond clock.
           'OREN' || lpad(((confirm_s * 1000 + r2 % 1000) % 1000000000000)::text, 12, '0')
               AS order_third_id,
           lpad((1 + r4 % 150)::text, 3, '0') AS queue_no,
           CASE
               WHEN class IN ('live', 'stale_active') THEN 'active'
               WHEN class IN ('abandoned', 'summary_expired', 'init_expired', 'paid_expired')
                   THEN 'expired'
               WHEN class = 'pending' THEN 'payment_pending'
               WHEN class = 'completed' THEN 'payment_completed'
               ELSE 'payment_failed'
           END AS status,
           CASE
               WHEN only_started THEN 'started'
               WHEN class IN ('live', 'stale_active', 'abandoned') THEN 'qr_scanned'
               WHEN class IN ('summary_expired', 'init_expired', 'pending') THEN 'payment_pending'
               WHEN class = 'failed' AND r3 % 5 < 3 THEN 'payment_failed'
               WHEN class = 'failed' THEN 'order_failed'
               -- Machine-side confirm-payment leaves the progress alone; the partner's
               -- payStatus 3 moves it to order_submitted.
               WHEN r7 % 10 < 3 AND class = 'completed' THEN 'payment_pending'
               ELSE 'order_submitted'
           END AS user_progress,
           (class = 'completed' AND r7 % 10 < 3) OR class = 'paid_expired' AS machine_confirmed
    FROM s
),
u AS MATERIALIZED (
    SELECT t.*,
           CASE
               WHEN paid THEN to_timestamp(confirm_s)
               WHEN has_payment THEN to_timestamp(pay_s)
               WHEN has_summary THEN to_timestamp(summary_s)
               WHEN NOT only_started THEN to_timestamp(scan_s)
               ELSE to_timestamp(created_s)
           END + (r5 % 1000000) * interval '1 microsecond' AS last_activity
    FROM t
)
INSERT INTO vending_machine_sessions (id, session_id, machine_id, status, user_progress, qr_data,
                                      user_agent, ip_address, order_id, payment_method,
                                      payment_amount, payment_confirmed_at, expires_at,
                                      last_activity, created_at, updated_at, session_data,
                                      error_log)
SELECT
    md5('vending_session:' || u.i)::uuid::text,
    u.machine_id || '_' || to_char(u.created_at AT TIME ZONE 'UTC', 'YYYYMMDD_HH24MISS') || '_'
        || upper(substr(u.h2, 1, 8)),
    u.machine_id,
    u.status,
    u.user_progress,
    -- json columns are written from jsonb text so that they carry Python's separators.
    jsonb_build_object(
        'machine_id', u.machine_id,
        'location', u.location,
        'timeout_minutes', u.timeout_min,
        'metadata', jsonb_build_object('source', 'vending_machine', 'screen', 'main',
                                       'language', 'en'),
        'security_info', jsonb_build_object(
            'created_by_ip', '10.0.' || (u.r1 % 200) || '.' || (1 + u.r4 % 250),
            'created_at', to_char(u.created_at AT TIME ZONE 'UTC',
                                  'YYYY-MM-DD"T"HH24:MI:SS.US'),
            'request_id', substr(u.h4, 1, 16)))::json,
    CASE WHEN NOT u.only_started THEN u.ua END,
    CASE WHEN NOT u.only_started THEN u.ip END,
    NULL,
    CASE WHEN u.machine_confirmed THEN 'vending_machine' END,
    CASE WHEN u.has_summary THEN u.amount END,
    CASE WHEN u.paid THEN to_timestamp(u.confirm_s) + (u.r3 % 1000000) * interval '1 microsecond'
    END,
    u.expires_at,
    u.last_activity,
    u.created_at,
    CASE
        -- Expired rows were marked lazily: the next create-session sweep or status poll.
        WHEN u.status = 'expired' THEN
            least(greatest(u.expires_at, u.last_activity)
                      + (60 + u.r8 % 86400) * interval '1 second',
                  $2::timestamptz - (u.r8 % 600) * interval '1 second')
        WHEN u.only_started THEN NULL
        ELSE u.last_activity
    END,
    CASE WHEN NOT u.only_started THEN
        jsonb_strip_nulls(jsonb_build_object(
            'qr_scanned_at', to_char(to_timestamp(u.scan_s) AT TIME ZONE 'UTC',
                                     'YYYY-MM-DD"T"HH24:MI:SS.US'),
            'ip_address', u.ip,
            'location', u.location,
            'registration_security_info', jsonb_build_object(
                'ip_address', u.ip, 'user_agent_hash', substr(md5(u.ua), 1, 16),
                'validated', true),
            'order_summary', CASE WHEN u.has_summary THEN jsonb_build_object(
                'brand', u.brand_name,
                'model', u.display_name,
                'template', u.template_id,
                'color', (ARRAY['White', 'Black', 'Baby Pink', 'Sky Blue', 'Mint',
                                'Lavender'])[1 + u.r2 % 6],
                'inputText', (ARRAY['', 'Mia', 'Best Mum', 'LDN', 'Summer 26', '',
                                    'Love you x'])[1 + u.r3 % 7],
                'selectedFont', (ARRAY['Arial', 'Roboto', 'Lobster', 'Pacifico',
                                       'Bebas Neue'])[1 + u.r4 % 5],
                'selectedTextColor', (ARRAY['#FFFFFF', '#000000', '#FFD700',
                                            '#FF69B4'])[1 + u.r5 % 4],
                'chinese_model_id', u.chinese_model_id,
                'device_id', u.machine_id,
                'mobile_shell_id', u.mobile_shell_id,
                'finalImagePublicUrl', 'https://pimpmycase.onrender.com/image/' || u.final_file)
                END,
            'payment_amount', CASE WHEN u.has_summary THEN u.amount END,
            'currency', CASE WHEN u.has_summary THEN 'GBP' END,
            'payment_requested_at', CASE WHEN u.has_summary THEN
                to_char(to_timestamp(u.summary_s) AT TIME ZONE 'UTC',
                        'YYYY-MM-DD"T"HH24:MI:SS.US') END,
            'final_image_url', CASE WHEN u.has_summary THEN u.final_url END,
            'original_image_url', CASE WHEN u.has_summary AND u.ai THEN u.ai_url END,
            'order_summary_security_info', CASE WHEN u.has_summary THEN jsonb_build_object(
                'ip_address', u.ip, 'amount_validated', true) END,
            'payment_data', CASE WHEN u.has_payment THEN jsonb_build_object(
                'third_id', u.third_id,
                'amount', u.amount,
                'mobile_model_id', u.chinese_model_id,
                'device_id', u.machine_id,
                'pay_type', 5,
                'payment_initiated_at', to_char(to_timestamp(u.pay_s) AT TIME ZONE 'UTC',
                                                'YYYY-MM-DD"T"HH24:MI:SS.US'),
                'mobile_shell_id', u.mobile_shell_id) END,
            'chinese_third_id', CASE WHEN u.has_payment THEN u.third_id END,
            'chinese_payment_id', CASE WHEN u.has_payment THEN u.chinese_payment_id END,
            'chinese_response', CASE WHEN u.has_payment THEN jsonb_build_object(
                'code', 200, 'msg', 'success',
                'data', jsonb_build_object('id', u.chinese_payment_id,
                                           'third_id', u.third_id)) END,
            'payment_confirmed_at', CASE WHEN u.paid THEN
                to_char(to_timestamp(u.confirm_s) AT TIME ZONE 'UTC',
                        'YYYY-MM-DD"T"HH24:MI:SS.US') END,
            'chinese_order_response', CASE WHEN u.paid THEN jsonb_build_object(
                'code', 200, 'msg', 'success',
                'data', jsonb_build_object(
                    'id', 'MSOR11' || to_char(to_timestamp(u.confirm_s) AT TIME ZONE 'UTC',
                                              'YYMMDD') || lpad((u.pk % 1000000)::text, 6, '0'),
                    'third_id', u.order_third_id,
                    'queue_no', u.queue_no,
                    'status', 8)) END,
            'order_third_id', CASE WHEN u.paid THEN u.order_third_id END,
            'queue_number', CASE WHEN u.paid THEN u.queue_no END,
            'chinese_order_status', CASE WHEN u.paid THEN 8 END,
            'chinese_api_error', CASE WHEN u.class = 'failed' THEN
                (ARRAY['The device is offline.', 'Device is unavailable',
                       'Chinese API request failed: timeout'])[1 + u.r6 % 3] END
        ))::json
    END,
    NULL
FROM u

-- Inserts 2000 × $1 orders spread over the 120 days before $2, mostly Stripe checkouts (NULL
-- order_number) plus some /api/orders/create ones (ORD-YYYYMMDD-NNNN), in every status the
-- store's code writes, with £0.00 orders from the promo machine 16DCTRYUJSJH.
-- $1 = scale (integer), $2 = now (timestamptz).
-- Every choice is derived from md5 of the row number, so the same $1 and $2 give the same rows.
-- Orders that reached the factory get a PYEN third id whose 6 digits are the payment second
-- (store-facts 3.6); those seconds are made distinct (odd seconds here, even ones for vending
-- sessions) so that payment_mappings.third_id stays unique.
WITH
params AS (
    SELECT 2000 * $1::integer AS n,
           floor(extract(epoch FROM $2::timestamptz))::bigint AS now_s,
           (120 * 86400)::bigint AS span
),
models AS (
    SELECT id, brand_id,
           (row_number() OVER (ORDER BY brand_id DESC, display_order, id) - 1)::integer AS k
    FROM phone_models
    WHERE chinese_model_id IS NOT NULL
),
hashed AS (
    SELECT g.i, p.n, p.now_s, p.span,
           md5('order:' || g.i) AS h1, md5('order:b:' || g.i) AS h2, md5('order:c:' || g.i) AS h3
    FROM params AS p
    CROSS JOIN generate_series(0, p.n - 1) AS g (i)
),
-- Materialized so that each md5 is computed once per row, not once per use.
r AS MATERIALIZED (
    SELECT i, n, now_s, span, h1, h2, h3,
           ('x' || substr(h1, 1, 7))::bit(28)::integer AS r1,
           ('x' || substr(h1, 8, 7))::bit(28)::integer AS r2,
           ('x' || substr(h1, 15, 7))::bit(28)::integer AS r3,
           ('x' || substr(h1, 22, 7))::bit(28)::integer AS r4,
           ('x' || substr(h2, 1, 7))::bit(28)::integer AS r5,
           ('x' || substr(h2, 8, 7))::bit(28)::integer AS r6,
           ('x' || substr(h2, 15, 7))::bit(28)::integer AS r7,
           ('x' || substr(h2, 22, 7))::bit(28)::integer AS r8,
           ('x' || substr(h3, 1, 7))::bit(28)::integer AS r9,
           ('x' || substr(h3, 8, 7))::bit(28)::integer AS r10,
           -- One slot of span/n seconds per order, so created_at rises with i and never repeats.
           now_s - span + (i::bigint * span / n)
               + ('x' || substr(h1, 8, 7))::bit(28)::integer % greatest(span / n, 1) AS created_s
    FROM hashed
),
o1 AS (
    SELECT r.*,
           CASE
               -- Checkouts of the last half hour are still open: nothing after `now` is paid.
               WHEN created_s > now_s - 1800 THEN 'pending_payment'
               WHEN r1 % 1000 < 200 THEN 'pending_payment'
               WHEN r1 % 1000 < 440 THEN 'paid'
               WHEN r1 % 1000 < 560 THEN 'sent_to_chinese'
               WHEN r1 % 1000 < 590 THEN 'print_command_sent'
               WHEN r1 % 1000 < 630 THEN 'print_job_triggered'
               WHEN r1 % 1000 < 670 THEN 'printing'
               WHEN r1 % 1000 < 700 THEN 'printed'
               WHEN r1 % 1000 < 820 THEN 'completed'
               WHEN r1 % 1000 < 845 THEN 'failed'
               WHEN r1 % 1000 < 875 THEN 'cancelled'
               WHEN r1 % 1000 < 895 THEN 'payment_failed'
               WHEN r1 % 1000 < 905 THEN 'payment_error'
               WHEN r1 % 1000 < 930 THEN 'created'
               WHEN r1 % 1000 < 945 THEN 'generating'
               WHEN r1 % 1000 < 955 THEN 'pending'
               WHEN r1 % 1000 < 960 THEN 'processing'
               -- Partner order-status codes stored verbatim by /api/chinese/order/status-update.
               WHEN r1 % 1000 < 980 THEN '8'
               WHEN r1 % 1000 < 990 THEN '12'
               WHEN r1 % 1000 < 995 THEN '4'
               ELSE '16'
           END AS status,
           r3 % 100 < 45 AS qr,
           CASE
               WHEN r4 % 100 < 40 THEN 'JMSOOMSZRQO9'
               WHEN r4 % 100 < 60 THEN 'CXYLOGD8OQUK'
               WHEN r4 % 100 < 85 THEN '16DCTRYUJSJH'
               WHEN r4 % 100 < 95 THEN '10HKNTDOH2BA'
               ELSE 'VM001'
           END AS entry_machine,
           CASE
               WHEN r5 % 100 < 30 THEN 'classic'
               WHEN r5 % 100 < 40 THEN '2-in-1'
               WHEN r5 % 100 < 46 THEN '3-in-1'
               WHEN r5 % 100 < 50 THEN '4-in-1'
               WHEN r5 % 100 < 58 THEN 'film-strip-3'
               WHEN r5 % 100 < 72 THEN 'funny-toon'
               WHEN r5 % 100 < 82 THEN 'retro-remix'
               WHEN r5 % 100 < 92 THEN 'cover-shoot'
               ELSE 'glitch-pro'
           END AS template_id,
           r6 % (SELECT count(*)::integer FROM models) AS model_k
    FROM r
),
o2 AS (
    SELECT o1.*,
           status IN ('sent_to_chinese', 'print_command_sent', 'print_job_triggered', 'printing',
                      'printed', 'completed', '8', '12', '4', '16') AS factory,
           status IN ('created', 'generating', 'pending', 'processing')
               OR (status <> 'pending_payment' AND r7 % 100 < 6) AS via_api,
           CASE
               WHEN status IN ('pending_payment', 'created', 'generating', 'pending',
                               'processing') THEN 'pending'
               WHEN status = 'payment_failed' THEN 'failed'
               WHEN status = 'cancelled' AND r8 % 2 = 0 THEN 'refunded'
               WHEN status = 'cancelled' THEN 'pending'
               ELSE 'paid'
           END AS payment_status,
           created_s + 60 + r8 % 840 AS paid_s,
           entry_machine = '16DCTRYUJSJH' AS promo_machine,
           to_timestamp(created_s) + (r10 % 1000000) * interval '1 microsecond' AS created_at
    FROM o1
),
o3 AS (
    SELECT o2.*,
           factory OR status IN ('payment_failed', 'payment_error')
               OR (status = 'failed' AND r9 % 2 = 0) AS has_pyen,
           -- payData runs a few seconds after payment; odd seconds are reserved for orders.
           ((paid_s + 3) / 2) * 2 + 1 AS desired_s
    FROM o2
),
o4 AS (
    SELECT o3.*,
           row_number() OVER (PARTITION BY has_pyen ORDER BY desired_s, i) AS pk,
           row_number() OVER (PARTITION BY via_api, (created_at AT TIME ZONE 'UTC')::date
                              ORDER BY i) AS day_rank
    FROM o3
),
o AS (
    SELECT o4.*,
           -- Running maximum: the k-th payment goes to max(desired, previous + 2), so the
           -- seconds stay odd, distinct and never earlier than wanted.
           CASE WHEN has_pyen THEN
               2 * pk + max(desired_s - 2 * pk) OVER (PARTITION BY has_pyen
                                                      ORDER BY desired_s, i
                                                      ROWS UNBOUNDED PRECEDING)
           END AS pay_s
    FROM o4
),
named AS (
    SELECT o.*,
           (ARRAY['Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Ivy', 'Lily', 'Isabella', 'Sophia',
                  'Grace', 'Oliver', 'George', 'Noah', 'Arthur', 'Harry', 'Leo', 'Muhammad',
                  'Jack', 'Charlie', 'Oscar', 'Priya', 'Aisha', 'Chloe', 'Ella', 'Jacob',
                  'Freddie', 'Alfie', 'Theo', 'Zara', 'Ruby'])[1 + r3 % 30] AS first_name,
           (ARRAY['Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson',
                  'Thomas', 'Johnson', 'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker',
                  'White', 'Edwards', 'Hughes', 'Green', 'Hall', 'Khan', 'Patel', 'Ali',
                  'Murphy', 'Campbell', 'Kelly', 'Clarke', 'Wood', 'Hussain', 'Lewis'])[1 + r9 % 30]
               AS last_name,
           1 + r10 % 15 AS city_k
    FROM o
)
INSERT INTO orders (id, session_id, order_number, customer_name, customer_email, customer_phone,
                    shipping_address_line1, shipping_address_line2, shipping_city,
                    shipping_postcode, shipping_country, customer_notes, user_data, brand_id,
                    model_id, template_id, status, total_amount, currency, stripe_session_id,
                    stripe_payment_intent_id, payment_status, paid_at, queue_number,
                    third_party_payment_id, chinese_payment_id, chinese_payment_status,
                    chinese_order_id, estimated_completion, notes, machine_id, created_at,
                    updated_at, completed_at)
SELECT
    md5('order' || x.i)::uuid::text,
    CASE WHEN x.via_api THEN
        x.entry_machine || '_' || to_char(x.created_at AT TIME ZONE 'UTC', 'YYYYMMDD_HH24MISS')
            || '_' || upper(substr(x.h3, 20, 8))
    END,
    CASE WHEN x.via_api THEN
        'ORD-' || to_char(x.created_at AT TIME ZONE 'UTC', 'YYYYMMDD') || '-'
            || lpad(x.day_rank::text, greatest(4, length(x.day_rank::text)), '0')
            -- The store appends a random -NNN when the daily number collides.
            || CASE WHEN x.r7 % 100 = 0 THEN '-' || lpad((x.r8 % 1000)::text, 3, '0') ELSE '' END
    END,
    CASE WHEN x.r2 % 100 < 5 THEN 'Guest Customer' ELSE x.first_name || ' ' || x.last_name END,
    CASE WHEN x.r2 % 100 < 3 THEN NULL
         ELSE lower(x.first_name || '.' || x.last_name) || (x.r4 % 100)::text || '@'
              || (ARRAY['gmail.com', 'hotmail.co.uk', 'outlook.com', 'yahoo.co.uk',
                        'icloud.com', 'btinternet.com'])[1 + x.r5 % 6]
    END,
    '+44 7' || lpad((x.r6 % 1000000000)::text, 9, '0'),
    (1 + x.r7 % 180)::text || ' '
        || (ARRAY['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Park Avenue',
                  'Green Lane', 'Manor Road', 'Kings Road', 'Queen Street', 'Mill Lane',
                  'London Road', 'The Crescent'])[1 + x.r8 % 12],
    CASE WHEN x.r9 % 10 < 3 THEN 'Flat ' || (1 + x.r10 % 40)::text END,
    (ARRAY['London', 'Manchester', 'Birmingham', 'Leeds', 'Glasgow', 'Liverpool', 'Bristol',
           'Sheffield', 'Edinburgh', 'Cardiff', 'Leicester', 'Nottingham',
           'Newcastle upon Tyne', 'Brighton', 'Southampton'])[x.city_k],
    (ARRAY['SW', 'M', 'B', 'LS', 'G', 'L', 'BS', 'S', 'EH', 'CF', 'LE', 'NG', 'NE', 'BN',
           'SO'])[x.city_k]
        || (1 + x.r1 % 20)::text || ' ' || (1 + x.r3 % 9)::text
        || chr(65 + x.r4 % 26) || chr(65 + x.r6 % 26),
    'United Kingdom',
    CASE WHEN x.r10 % 100 < 8 THEN
        (ARRAY['Please deliver to the neighbour if I am out.', 'Gift - no receipt please!',
               'Can you make the text a bit bigger?', 'Leave in the porch.',
               'It is a birthday present, please send ASAP'])[1 + x.r1 % 5]
    END,
    -- Built as jsonb and stored as json text, which gives Python's json.dumps separators.
    CASE WHEN x.via_api THEN
        jsonb_build_object('source', 'api', 'machine_id', x.entry_machine,
                           'design', jsonb_build_object('template_id', x.template_id,
                                                        'font', 'Roboto',
                                                        'text_color', '#FFFFFF'))::json
    END,
    m.brand_id,
    m.id,
    x.template_id,
    x.status,
    -- The promo machine's price is forced to 0; a few older checkouts charged 19.99.
    CASE WHEN x.promo_machine AND (x.qr OR x.via_api) THEN 0.00
         WHEN x.r5 % 20 = 0 THEN 19.99
         ELSE 35.00 END,
    'GBP',
    CASE WHEN NOT x.via_api THEN
        'cs_live_a1' || translate(encode(decode(x.h1 || x.h2 || x.h3, 'hex'), 'base64'),
                                  '+/=', 'XYZ')
    END,
    CASE WHEN NOT x.via_api AND x.payment_status <> 'pending' THEN
        'pi_3' || translate(substr(encode(decode(x.h3 || x.h1, 'hex'), 'base64'), 1, 23),
                            '+/', 'Qk')
    END,
    x.payment_status,
    CASE WHEN x.payment_status <> 'pending' THEN
        to_timestamp(x.paid_s) + (x.r9 % 1000000) * interval '1 microsecond'
    END,
    CASE
        WHEN x.factory THEN lpad((1 + x.r9 % 150)::text, 3, '0')
        WHEN x.payment_status <> 'pending' THEN
            -- PMC-%05d: the count of all orders at payment time.
            'PMC-' || lpad((x.i + 141)::text, greatest(5, length((x.i + 141)::text)), '0')
    END,
    CASE WHEN x.has_pyen THEN
        'PYEN' || to_char(to_timestamp(x.pay_s) AT TIME ZONE 'UTC', 'YYMMDD')
            || lpad((x.pay_s % 1000000)::text, 6, '0')
    END,
    CASE WHEN x.has_pyen THEN
        'MSPY10' || to_char(to_timestamp(x.pay_s) AT TIME ZONE 'UTC', 'YYMMDD')
            || lpad((x.pk % 1000000)::text, 6, '0')
    END,
    CASE WHEN x.factory THEN 3 WHEN x.status = 'payment_failed' THEN 4
         WHEN x.status = 'payment_error' THEN 5 END,
    -- The partner's order id format is not documented; this shape is made up.
    CASE WHEN x.factory THEN
        'MSOR10' || to_char(to_timestamp(x.pay_s) AT TIME ZONE 'UTC', 'YYMMDD')
            || lpad((x.pk % 1000000)::text, 6, '0')
    END,
    CASE WHEN x.factory AND x.status NOT IN ('completed', 'printed', '12', '16')
              AND x.r9 % 2 = 0 THEN
        to_timestamp(x.paid_s) + interval '2 days'
    END,
    CASE x.status
        WHEN 'failed' THEN 'Chinese API error: The device is offline.'
        WHEN 'cancelled' THEN 'Cancelled at customer request'
    END,
    CASE WHEN x.via_api THEN x.entry_machine END,
    x.created_at,
    -- Only the partner and print endpoints go through the ORM's onupdate, so most rows keep a
    -- NULL updated_at.
    CASE WHEN x.status IN ('print_command_sent', 'print_job_triggered', 'printing', 'printed',
                           'completed', 'failed', 'cancelled', 'payment_failed',
                           'payment_error', '8', '12', '4', '16') THEN
        least(to_timestamp(x.paid_s) + (3600 + x.r10 % 172800) * interval '1 second'
                  + (x.r6 % 1000000) * interval '1 microsecond',
              $2::timestamptz - (x.r6 % 600) * interval '1 second')
    END,
    CASE WHEN x.status = 'completed' THEN
        least(to_timestamp(x.paid_s) + (3600 + x.r10 % 172800) * interval '1 second'
                  + (x.r6 % 1000000) * interval '1 microsecond',
              $2::timestamptz - (x.r6 % 600) * interval '1 second')
    END
FROM named AS x
JOIN models AS m ON m.k = x.model_k

-- Returns the sales (orders, archived orders, vending sessions holding a sale, archived ones)
-- that match the filters, newest first and those without created_at (nullable) last, as
-- (kind, source, id, order_number, status, payment, amount_pence, currency, template, model,
-- machine_id, created_at, third_id, chinese_payment_id, chinese_order_id, order_third_id,
-- archived, total_matching).
-- $1 = statuses (text[], NULL = any), $2 = payment statuses (text[], NULL = any),
-- $3 = created before (timestamptz, NULL = no bound), $4 = created at or after (timestamptz,
-- NULL = no bound), $5 = machine id (text, NULL = any), $6 = kind `stripe` | `vending`
-- (text, NULL = both), $7 = limit (bigint), $8 = created at or before (timestamptz, NULL = no
-- bound: `now` with --newer-than, whose window ends now, as that of stats does).
WITH
-- include: fragments/orders_sources.sql
,
-- include: fragments/orders_sales.sql
,
matching AS (
    SELECT s.*
    FROM sales AS s
    WHERE ($1::text[] IS NULL OR s.status = ANY ($1::text[]))
      AND ($2::text[] IS NULL OR s.payment = ANY ($2::text[]))
      AND ($3::timestamptz IS NULL OR s.created_at < $3::timestamptz)
      AND ($4::timestamptz IS NULL OR s.created_at >= $4::timestamptz)
      AND ($8::timestamptz IS NULL OR s.created_at <= $8::timestamptz)
      AND ($5::text IS NULL OR s.machine_id = $5::text)
      AND ($6::text IS NULL OR s.kind = $6::text)
)
SELECT m.kind, m.source, m.id, m.order_number, m.status, m.payment, m.amount_pence, m.currency,
       m.template, m.model, m.machine_id, m.created_at, m.third_id, m.chinese_payment_id,
       m.chinese_order_id, m.order_third_id, m.archived, count(*) OVER () AS total_matching
FROM matching AS m
ORDER BY m.created_at DESC NULLS LAST, m.id
LIMIT $7::bigint

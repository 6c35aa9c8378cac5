-- Returns the sales created in [$1, $2) aggregated four ways, one row per group, as
-- (dimension, day, kind, template, model, status, sales, paid, revenue_pence,
-- unreadable_amounts, other_currency): dimension `day` (per UTC day and kind), `template`, `model`, `status`
-- (per kind and status). A sale is paid when its payment is `paid`; revenue sums the paid
-- sales' amounts in pence; unreadable_amounts counts the paid sales whose amount the store
-- holds but is no amount (see orders_sales.sql), which revenue leaves out; other_currency
-- counts the paid sales in a currency other than GBP (none, empty, or any case of `gbp`, is GBP), which
-- revenue, in pence of GBP, leaves out too.
-- $1 = from (timestamptz, inclusive), $2 = to (timestamptz, exclusive).
WITH
-- include: fragments/orders_sources.sql
,
-- include: fragments/orders_sales.sql
,
period AS (
    SELECT s.kind, (s.created_at AT TIME ZONE 'UTC')::date AS day, s.status,
           s.payment = 'paid' AS paid, coalesce(s.amount_pence, 0) AS amount_pence,
           upper(regexp_replace(coalesce(s.currency, ''), (
               -- include: fragments/white_space.sql
               ), '', 'g'))
               IN ('', 'GBP') AS gbp,
           s.amount_unreadable,
           s.template, s.model
    FROM sales AS s
    WHERE s.created_at >= $1::timestamptz AND s.created_at < $2::timestamptz
)
SELECT CASE WHEN GROUPING(p.day) = 0 THEN 'day'
            WHEN GROUPING(p.template) = 0 THEN 'template'
            WHEN GROUPING(p.model) = 0 THEN 'model'
            ELSE 'status' END AS dimension,
       p.day, p.kind, p.template, p.model, p.status,
       count(*) AS sales,
       count(*) FILTER (WHERE p.paid) AS paid,
       coalesce(sum(p.amount_pence) FILTER (WHERE p.paid AND p.gbp), 0)::bigint AS revenue_pence,
       count(*) FILTER (WHERE p.paid AND p.amount_unreadable) AS unreadable_amounts,
       count(*) FILTER (WHERE p.paid AND NOT p.gbp) AS other_currency
FROM period AS p
GROUP BY GROUPING SETS ((p.day, p.kind), (p.template), (p.model), (p.kind, p.status))
ORDER BY 1, 2, 3, 4, 5, 6

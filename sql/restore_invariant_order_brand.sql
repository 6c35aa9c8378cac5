-- Orders whose brand_id names no brand: (count, the smallest such order id or NULL).
SELECT count(*), min(o.id)::text
FROM public.orders AS o
WHERE NOT EXISTS (SELECT 1 FROM public.brands AS b WHERE b.id = o.brand_id)

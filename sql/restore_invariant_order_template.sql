-- Orders whose template_id names no template: (count, the smallest such order id or NULL).
SELECT count(*), min(o.id)::text
FROM public.orders AS o
WHERE NOT EXISTS (SELECT 1 FROM public.templates AS t WHERE t.id = o.template_id)

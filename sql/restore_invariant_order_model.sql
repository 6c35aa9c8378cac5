-- Orders whose model_id names no phone model: (count, the smallest such order id or NULL).
SELECT count(*), min(o.id)::text
FROM public.orders AS o
WHERE NOT EXISTS (SELECT 1 FROM public.phone_models AS m WHERE m.id = o.model_id)

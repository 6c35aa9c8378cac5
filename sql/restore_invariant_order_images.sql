-- Order images whose order_id names no order: (count, the smallest such image id or NULL).
SELECT count(*), min(i.id)::text
FROM public.order_images AS i
WHERE NOT EXISTS (SELECT 1 FROM public.orders AS o WHERE o.id = i.order_id)

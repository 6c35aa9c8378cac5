-- Vending sessions whose machine_id names no vending machine: (count, the smallest such
-- session_id or NULL).
SELECT count(*), min(s.session_id)::text
FROM public.vending_machine_sessions AS s
WHERE NOT EXISTS (SELECT 1 FROM public.vending_machines AS m WHERE m.id = s.machine_id)

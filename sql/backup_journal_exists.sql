-- Returns whether pmc's journal table pmc.runs exists (read-only commands create nothing).
-- No parameters.
SELECT to_regclass('pmc.runs') IS NOT NULL

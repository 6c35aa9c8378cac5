-- Closes a journal row; $1 = run id, $2 = outcome, $3 = exit code, $4 = summary (jsonb), $5 = error text.
UPDATE pmc.runs
SET finished_at = clock_timestamp(), outcome = $2, exit_code = $3, summary = $4, error = $5
WHERE id = $1

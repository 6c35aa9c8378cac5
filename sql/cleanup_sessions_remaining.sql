-- Counts the vending sessions still expired before the cutoff after a cleanup run: rows another transaction held when their batch came (skipped, not waited for), rows an update moved to a block already passed, or, after --max-runtime, the work left; a rerun takes them. Returns remaining (bigint). $1 = cutoff (timestamptz).
SELECT count(*) AS remaining
FROM vending_machine_sessions AS s
WHERE s.expires_at < $1

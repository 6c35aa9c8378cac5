-- Closes the journal rows of command $1 (text) other than run $2 (bigint) still marked running: the caller holds the job's lock, so no run of it is live, and each such row is a run that ended without closing it (killed) or one a backup copied in while it ran. Marks them interrupted with no finish time (when they ended is not known) and says why; returns closed (bigint).
WITH closed AS (
    UPDATE pmc.runs
    SET outcome = 'interrupted',
        error = format('the run ended without closing this row (killed, or copied in by a '
                       'backup or restore taken while it ran); closed by run %s', $2::bigint)
    WHERE command = $1 AND outcome = 'running' AND id <> $2::bigint
    RETURNING 1
)
SELECT count(*) AS closed FROM closed

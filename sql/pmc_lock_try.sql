-- Returns whether this session got the advisory lock of a pmc job; $1 = lock class, $2 = job's lock id.
SELECT pg_try_advisory_lock($1, $2)

-- Returns who holds a pmc advisory lock taken without a journal row (the restore lock of a live
-- database, held from the maintenance database): since (NULL when unknown), application_name,
-- client, server pid; $1 = lock class, $2 = lock id. pg_stat_activity hides another role's
-- session from a role without pg_read_all_stats: then all but the pid are unknown.
SELECT a.backend_start                                  AS since,
       a.application_name                               AS application_name,
       CASE WHEN a.backend_start IS NULL THEN 'an unknown host'
            WHEN a.client_addr IS NULL THEN 'local socket'
            ELSE host(a.client_addr) END                AS client,
       l.pid                                            AS pid
FROM pg_locks l
LEFT JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid = $1::int4::oid AND l.objid = $2::int4::oid AND l.objsubid = 2
LIMIT 1

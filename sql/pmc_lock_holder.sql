-- Returns who holds the advisory lock of a pmc job: since when (NULL when unknown), on which
-- host, which OS pid (os_pid int, from the holder's open journal row, else NULL) and the server
-- pid of its session (server_pid int); $1 = lock class, $2 = job's lock id.
-- pg_stat_activity hides another role's session from a role without pg_read_all_stats: then
-- only the journal row, if the holder has written it yet, tells when and where.
SELECT COALESCE(r.started_at, a.backend_start)                       AS since,
       COALESCE(r.host,
                CASE WHEN a.backend_start IS NULL THEN 'an unknown host'
                     WHEN a.client_addr IS NULL THEN 'local socket'
                     ELSE host(a.client_addr) END)                   AS host,
       r.os_pid                                                      AS os_pid,
       l.pid                                                         AS server_pid
FROM pg_locks l
LEFT JOIN pg_stat_activity a ON a.pid = l.pid
LEFT JOIN LATERAL (
    SELECT started_at, host, os_pid FROM pmc.runs
    WHERE backend_pid = l.pid AND finished_at IS NULL
    ORDER BY started_at DESC LIMIT 1
) r ON true
WHERE l.locktype = 'advisory' AND l.granted
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid = $1::int4::oid AND l.objid = $2::int4::oid AND l.objsubid = 2
LIMIT 1

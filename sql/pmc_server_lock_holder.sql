-- Returns who holds a pmc advisory lock taken without a journal row (the restore lock of a live
-- database, held from the maintenance database): since, application_name, client, server pid;
-- $1 = lock class, $2 = lock id.
SELECT a.backend_start                                  AS since,
       a.application_name                               AS application_name,
       COALESCE(host(a.client_addr), 'local socket')    AS client,
       l.pid                                            AS pid
FROM pg_locks l
LEFT JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid = $1::int4::oid AND l.objid = $2::int4::oid AND l.objsubid = 2
LIMIT 1

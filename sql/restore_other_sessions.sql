-- Sessions on database $1 other than this one: (pid, user, application_name, client address,
-- state), for the warning before --replace terminates them.
SELECT pid, usename::text, application_name, client_addr::text, state
FROM pg_stat_activity
WHERE datname = $1 AND pid <> pg_backend_pid()
ORDER BY pid

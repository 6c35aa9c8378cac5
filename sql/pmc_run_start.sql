-- Opens a journal row for a mutating pmc run and returns its id; $1 = command, $2 = redacted arguments (jsonb), $3 = host, $4 = OS user, $5 = OS pid, $6 = pmc version.
INSERT INTO pmc.runs (command, arguments, host, os_user, os_pid, pmc_version)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING id

-- The journal: one row per mutating pmc run, written at its start and closed at its end.
CREATE TABLE pmc.runs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    command     text NOT NULL,
    arguments   jsonb NOT NULL,
    host        text NOT NULL,
    os_user     text NOT NULL,
    os_pid      integer NOT NULL,
    backend_pid integer NOT NULL DEFAULT pg_backend_pid(),
    pmc_version text NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    outcome     text NOT NULL DEFAULT 'running'
                CHECK (outcome IN ('running', 'ok', 'warning', 'critical', 'failed', 'interrupted')),
    exit_code   integer,
    summary     jsonb,
    error       text
)

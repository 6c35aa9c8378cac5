-- One row per `pmc db-size --record`: when, which database, how big.
CREATE TABLE pmc.size_snapshots (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id         bigint NOT NULL REFERENCES pmc.runs (id),
    database_name  text NOT NULL,
    database_bytes bigint NOT NULL,
    taken_at       timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- pmc vacuum lists unindexed foreign keys; pmc's own must not be among them.
CREATE INDEX size_snapshots_run_id_idx ON pmc.size_snapshots (run_id)

-- Creates the table of applied pmc migrations; returns nothing. Runs under the migration lock.
CREATE TABLE IF NOT EXISTS pmc.migrations (
    version     integer PRIMARY KEY,
    name        text NOT NULL,
    pmc_version text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
)

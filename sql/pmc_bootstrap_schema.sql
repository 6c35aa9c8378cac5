-- Creates pmc's own schema for its journal and history; returns nothing. Runs under the migration lock.
CREATE SCHEMA IF NOT EXISTS pmc

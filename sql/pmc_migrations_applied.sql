-- Returns the versions of the pmc migrations already applied.
SELECT version FROM pmc.migrations ORDER BY version

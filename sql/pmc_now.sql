-- The database server's clock, so cutoffs do not depend on the clock of the host pmc runs on; returns now (timestamptz).
SELECT now() AS now

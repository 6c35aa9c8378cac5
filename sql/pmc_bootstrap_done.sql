-- Whether pmc's schema and its migrations table are there already; returns done (bool). No parameters. CREATE ... IF NOT EXISTS needs the CREATE privilege even when the object exists, so a role without it (one that may only write pmc's tables) asks first.
SELECT to_regclass('pmc.migrations') IS NOT NULL AS done

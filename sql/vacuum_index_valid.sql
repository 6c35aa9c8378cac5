-- Returns whether index $2 (text, its name) of schema $1 (text) exists and is valid, that is, usable by queries: valid (boolean).
SELECT coalesce((SELECT i.indisvalid
                 FROM pg_index AS i
                 JOIN pg_class AS c ON c.oid = i.indexrelid
                 JOIN pg_namespace AS n ON n.oid = c.relnamespace
                 WHERE n.nspname = $1 AND c.relname = $2), false) AS valid

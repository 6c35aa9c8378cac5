-- The comment on database $1 (pmc marks restore targets with one), or NULL: one text row when
-- the database exists, none otherwise.
SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1

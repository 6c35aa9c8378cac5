-- Returns, in order, the statements that give database $2 (text, the restored copy) what pg_dump
-- does not save of database $1 (text, the live database it replaces): its owner, connection
-- limit, privileges (only when $1 has explicit ones: else both have the defaults) and its
-- settings, per database and per role in the database; one per row: statement (text).
-- Names are quoted with %I; a list setting (search_path, …) is written back as stored, since a
-- quoted literal would make it one element, as pg_dumpall does.
WITH old AS (
    SELECT d.oid, d.datdba, d.datconnlimit, d.datacl
    FROM pg_database AS d
    WHERE d.datname = $1::text
),
statements (step, position, statement) AS (
    SELECT 1, 0::bigint, format('ALTER DATABASE %I OWNER TO %I', $2::text, pg_get_userbyid(old.datdba))
    FROM old
    UNION ALL
    SELECT 2, 0::bigint, format('ALTER DATABASE %I CONNECTION LIMIT %s', $2::text, old.datconnlimit)
    FROM old
    UNION ALL
    SELECT 3, 0::bigint, format('REVOKE ALL ON DATABASE %I FROM PUBLIC, %I', $2::text,
                     pg_get_userbyid(old.datdba))
    FROM old
    WHERE old.datacl IS NOT NULL
    UNION ALL
    SELECT 4, a.n, format('GRANT %s ON DATABASE %I TO %s%s', a.privilege_type, $2::text,
                     CASE WHEN a.grantee = 0 THEN 'PUBLIC'
                          ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
                     CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
    FROM old
    CROSS JOIN LATERAL aclexplode(old.datacl) WITH ORDINALITY AS a (grantor, grantee, privilege_type, is_grantable, n)
    WHERE old.datacl IS NOT NULL
    UNION ALL
    -- In the order they were set, per role: a later setting of a name wins.
    SELECT 5, s.setrole::bigint * 1000000 + c.n, CASE WHEN s.setrole = 0
                   THEN format('ALTER DATABASE %I SET %s TO %s', $2::text, kv.name, kv.value)
                   ELSE format('ALTER ROLE %I IN DATABASE %I SET %s TO %s',
                               pg_get_userbyid(s.setrole), $2::text, kv.name, kv.value) END
    FROM old
    JOIN pg_db_role_setting AS s ON s.setdatabase = old.oid
    CROSS JOIN LATERAL unnest(s.setconfig) WITH ORDINALITY AS c (item, n)
    CROSS JOIN LATERAL (
        SELECT (SELECT string_agg(quote_ident(part), '.')
                FROM unnest(string_to_array(split_part(c.item, '=', 1), '.')) AS part) AS name,
               CASE WHEN lower(split_part(c.item, '=', 1))
                         IN ('search_path', 'temp_tablespaces', 'session_preload_libraries',
                             'shared_preload_libraries', 'local_preload_libraries',
                             'unix_socket_directories')
                    -- An empty element is stored as "" (search_path = '' hardens a
                    -- database), which SET refuses as an identifier: '' says the same.
                    THEN regexp_replace(substr(c.item, strpos(c.item, '=') + 1),
                                        '(^|,)\s*""\s*(?=,|$)', '\1''''', 'g')
                    ELSE quote_literal(substr(c.item, strpos(c.item, '=') + 1)) END AS value
    ) AS kv
)
SELECT statement
FROM statements
ORDER BY step, position, statement

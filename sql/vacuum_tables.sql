-- Returns every user table with what decides whether it needs a vacuum: live and dead tuples, changes since the last analyze, last (auto)vacuum and (auto)analyze, manual vacuum and analyze counters, transaction-id age (NULL for a partitioned table: it has no rows, and its relfrozenxid is 0, whose age would read 2^31 - 1), whether it is a partitioned table (a parent whose partitions are tables of their own), whether it is a temporary table (of another session: only that session can vacuum it), its owner and the database's owner (owner, database_owner: role names), whether this role may vacuum it (may_vacuum: PostgreSQL before 17 lets only the table's owner, the database's owner or a superuser, or a member of their roles, vacuum or analyze a table, and skips any other with a mere WARNING; 17 asks for the MAINTAIN privilege or the database's ownership instead) and total size (NULL while an exclusive lock is held or awaited on the table, its indexes or its TOAST table: measuring it would wait behind that lock); `qualified` is the quoted schema.table for statements. $1 (text) and $2 (text): only the table $2 of schema $1, or every table when $1 is NULL (re-reading one table must not wait behind a lock on another).
SELECT s.schemaname::text AS schema_name,
       s.relname::text AS table_name,
       quote_ident(s.schemaname) || '.' || quote_ident(s.relname) AS qualified,
       s.n_live_tup,
       s.n_dead_tup,
       s.n_mod_since_analyze,
       greatest(s.last_vacuum, s.last_autovacuum) AS last_vacuum,
       greatest(s.last_analyze, s.last_autoanalyze) AS last_analyze,
       s.vacuum_count,
       s.analyze_count,
       CASE WHEN c.relkind <> 'p' THEN age(c.relfrozenxid)::bigint END AS xid_age,
       c.relkind = 'p' AS partitioned,
       c.relpersistence = 't' AS temporary,
       pg_get_userbyid(c.relowner)::text AS owner,
       pg_get_userbyid(d.datdba)::text AS database_owner,
       -- pg_has_role(..., 'USAGE') is PostgreSQL's own test: the role or one it inherits from,
       -- and always true for a superuser. 'MAINTAIN' is not a privilege before 17: the CASE
       -- never asks for it there.
       -- 17 still lets the database's owner vacuum every table of it but shared catalogs.
       CASE WHEN current_setting('server_version_num')::int >= 170000
            THEN has_table_privilege(c.oid, 'MAINTAIN') OR pg_has_role(d.datdba, 'USAGE')
            ELSE pg_has_role(c.relowner, 'USAGE') OR pg_has_role(d.datdba, 'USAGE')
       END AS may_vacuum,
       CASE WHEN NOT (
                -- include: fragments/exclusively_locked.sql
            )
            THEN pg_total_relation_size(s.relid)
       END AS size_bytes
FROM pg_stat_user_tables s
JOIN pg_class c ON c.oid = s.relid
CROSS JOIN (SELECT datdba FROM pg_database WHERE datname = current_database()) AS d
WHERE $1::text IS NULL OR (s.schemaname = $1 AND s.relname = $2)
ORDER BY s.schemaname, s.relname

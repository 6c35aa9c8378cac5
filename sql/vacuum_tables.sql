-- Returns every user table with what decides whether it needs a vacuum: live and dead tuples, changes since the last analyze, last (auto)vacuum and (auto)analyze, manual vacuum and analyze counters, transaction-id age (NULL for a partitioned table: it has no rows, and its relfrozenxid is 0, whose age would read 2^31 - 1), whether it is a partitioned table (a parent whose partitions are tables of their own), whether it is a temporary table (of another session: only that session can vacuum it) and total size (NULL while an exclusive lock is held or awaited on the table: measuring it would wait behind that lock); `qualified` is the quoted schema.table for statements.
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
       CASE WHEN NOT EXISTS (SELECT 1 FROM pg_locks l
                             WHERE l.locktype = 'relation' AND l.relation = s.relid
                               AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                               AND l.mode = 'AccessExclusiveLock')
            THEN pg_total_relation_size(s.relid)
       END AS size_bytes
FROM pg_stat_user_tables s
JOIN pg_class c ON c.oid = s.relid
ORDER BY s.schemaname, s.relname

-- Fragment: whether another session holds or awaits an ACCESS EXCLUSIVE lock on table `c` (a
-- pg_class row), on one of its indexes, on its TOAST table or on that table's index (boolean).
-- Measuring such a table (pg_total_relation_size, pg_indexes_size open each of them) would wait
-- behind that lock until lock_timeout: a plain REINDEX TABLE, for one, holds the table's indexes
-- so for the whole rebuild while the table itself has only a SHARE lock. Included by
-- vacuum_tables.sql and db_size_tables.sql.
EXISTS (SELECT 1
        FROM pg_locks AS l
        WHERE l.locktype = 'relation'
          AND l.mode = 'AccessExclusiveLock'
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND (l.relation IN (c.oid, nullif(c.reltoastrelid, 0))
               OR l.relation IN (SELECT i.indexrelid
                                 FROM pg_index AS i
                                 WHERE i.indrelid IN (c.oid, nullif(c.reltoastrelid, 0)))))

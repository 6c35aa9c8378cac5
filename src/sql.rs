//! The SQL statements of pmc, one per file under `sql/`, compiled into the binary. `ALL` lists
//! them for the test that runs every file against a real database. build.rs composes each file
//! first: a line `-- include: fragments/NAME.sql` brings in a fragment several statements share.

macro_rules! statements {
    ($($name:ident = $file:literal;)*) => {
        $(
            #[doc = concat!("`sql/", $file, "`")]
            pub const $name: &str = include_str!(concat!(env!("OUT_DIR"), "/sql/", $file));
        )*
        /// Every statement, as composed, with its file name under `sql/`.
        pub const ALL: &[(&str, &str)] = &[$(($file, $name)),*];
    };
}

statements! {
    PMC_BOOTSTRAP_SCHEMA = "pmc_bootstrap_schema.sql";
    PMC_BOOTSTRAP_MIGRATIONS = "pmc_bootstrap_migrations.sql";
    PMC_BOOTSTRAP_DONE = "pmc_bootstrap_done.sql";
    PMC_MIGRATION_LOCK = "pmc_migration_lock.sql";
    PMC_MIGRATIONS_APPLIED = "pmc_migrations_applied.sql";
    PMC_MIGRATION_RECORD = "pmc_migration_record.sql";
    PMC_LOCK_TRY = "pmc_lock_try.sql";
    PMC_LOCK_RELEASE = "pmc_lock_release.sql";
    PMC_LOCK_HOLDER = "pmc_lock_holder.sql";
    PMC_RUN_START = "pmc_run_start.sql";
    PMC_RUN_FINISH = "pmc_run_finish.sql";
    PMC_RUN_CLOSE_STALE = "pmc_run_close_stale.sql";
    STORE_TABLES_MISSING = "store_tables_missing.sql";
    PMC_BACKEND_PID = "pmc_backend_pid.sql";
    PMC_CANCEL_BACKEND = "pmc_cancel_backend.sql";
    PMC_WATCH_CLIENT = "pmc_watch_client.sql";
    PMC_LOCK_SESSION_STAYS = "pmc_lock_session_stays.sql";
    CLEANUP_FOREIGN_REFERENCES = "cleanup_foreign_references.sql";
    MIGRATION_0001_RUNS = "migrations/0001_runs.sql";
    MIGRATION_0002_SIZE_SNAPSHOTS = "migrations/0002_size_snapshots.sql";
    MIGRATION_0003_SIZE_HISTORY = "migrations/0003_size_history.sql";
    DB_SIZE_DATABASE = "db_size_database.sql";
    DB_SIZE_TABLES = "db_size_tables.sql";
    DB_SIZE_SCHEMAS = "db_size_schemas.sql";
    DB_SIZE_HISTORY_READABLE = "db_size_history_readable.sql";
    DB_SIZE_SNAPSHOT_LATEST = "db_size_snapshot_latest.sql";
    DB_SIZE_SNAPSHOT_TABLES = "db_size_snapshot_tables.sql";
    DB_SIZE_RECORD_SNAPSHOT = "db_size_record_snapshot.sql";
    DB_SIZE_RECORD_TABLES = "db_size_record_tables.sql";
    VACUUM_TABLES = "vacuum_tables.sql";
    VACUUM_PARTITIONS = "vacuum_partitions.sql";
    VACUUM_STATS_REFRESH = "vacuum_stats_refresh.sql";
    VACUUM_MISSING_INDEXES = "vacuum_missing_indexes.sql";
    VACUUM_INDEX_VALID = "vacuum_index_valid.sql";
    VACUUM_INVALID_INDEXES = "vacuum_invalid_indexes.sql";
    VACUUM_REINDEX_LEFTOVERS = "vacuum_reindex_leftovers.sql";
    ORDERS_OPTIONAL_TABLES = "orders_optional_tables.sql";
    ORDERS_LIST = "orders_list.sql";
    ORDERS_STATS = "orders_stats.sql";
    ORDERS_STUCK = "orders_stuck.sql";
    ORDERS_SHOW_ORDERS = "orders_show_orders.sql";
    ORDERS_SHOW_SESSIONS = "orders_show_sessions.sql";
    ORDERS_SHOW_IMAGES = "orders_show_images.sql";
    ORDERS_SHOW_MAPPINGS = "orders_show_mappings.sql";
    ORDERS_SHOW_RUNS = "orders_show_runs.sql";
    BACKUP_BEGIN = "backup_begin.sql";
    BACKUP_SNAPSHOT = "backup_snapshot.sql";
    BACKUP_TABLES = "backup_tables.sql";
    BACKUP_RECOVERY_POINT = "backup_recovery_point.sql";
    BACKUP_JOURNAL_EXISTS = "backup_journal_exists.sql";
    BACKUP_LAST_DRILL = "backup_last_drill.sql";
    MIGRATION_0004_ARCHIVE = "migrations/0004_archive.sql";
    CLEANUP_SESSIONS_SHAPE = "cleanup_sessions_shape.sql";
    ARCHIVE_COLUMN_TYPES = "archive_column_types.sql";
    CLEANUP_SESSIONS_PLAN = "cleanup_sessions_plan.sql";
    CLEANUP_SESSIONS_UNPARSED = "cleanup_sessions_unparsed.sql";
    CLEANUP_ORDER_SESSIONS = "cleanup_order_sessions.sql";
    CLEANUP_SESSIONS_LOCK = "cleanup_sessions_lock.sql";
    CLEANUP_SESSIONS_MOVE = "cleanup_sessions_move.sql";
    CLEANUP_SESSIONS_BATCH = "cleanup_sessions_batch.sql";
    CLEANUP_SESSIONS_REMAINING = "cleanup_sessions_remaining.sql";
    PMC_NOW = "pmc_now.sql";
    CLEANUP_SESSIONS_BLOCKS = "cleanup_sessions_blocks.sql";
    CLEANUP_BATCH_TIMEOUT = "cleanup_batch_timeout.sql";
    ORDERS_ARCHIVE_PLAN = "orders_archive_plan.sql";
    ORDERS_ARCHIVE_SESSION_INDEX = "orders_archive_session_index.sql";
    ORDERS_ARCHIVE_COLUMNS = "orders_archive_columns.sql";
    ORDERS_ARCHIVE_LOCK = "orders_archive_lock.sql";
    ORDERS_ARCHIVE_LOCK_IMAGES = "orders_archive_lock_images.sql";
    ORDERS_ARCHIVE_COPY = "orders_archive_copy.sql";
    ORDERS_ARCHIVE_DELETE_IMAGES = "orders_archive_delete_images.sql";
    ORDERS_ARCHIVE_DELETE_ORDERS = "orders_archive_delete_orders.sql";
    RESTORE_DATABASE_EXISTS = "restore_database_exists.sql";
    RESTORE_ROLES = "restore_roles.sql";
    PMC_SERVER_LOCK_HOLDER = "pmc_server_lock_holder.sql";
    PMC_SESSION_NAME = "pmc_session_name.sql";
    RESTORE_MARKED_DATABASES = "restore_marked_databases.sql";
    RESTORE_DATABASE_COMMENT = "restore_database_comment.sql";
    RESTORE_DATABASE_PROPERTIES = "restore_database_properties.sql";
    RESTORE_FOREIGN_KEYS = "restore_foreign_keys.sql";
    RESTORE_OWNED_SEQUENCES = "restore_owned_sequences.sql";
    RESTORE_RECOVERY_POINT = "restore_recovery_point.sql";
    RESTORE_INVARIANT_ORDER_BRAND = "restore_invariant_order_brand.sql";
    RESTORE_INVARIANT_ORDER_MODEL = "restore_invariant_order_model.sql";
    RESTORE_INVARIANT_ORDER_TEMPLATE = "restore_invariant_order_template.sql";
    RESTORE_INVARIANT_ORDER_IMAGES = "restore_invariant_order_images.sql";
    RESTORE_INVARIANT_PAID_ORDERS = "restore_invariant_paid_orders.sql";
    RESTORE_INVARIANT_SESSION_MACHINES = "restore_invariant_session_machines.sql";
    RESTORE_OTHER_SESSIONS = "restore_other_sessions.sql";
    RESTORE_TERMINATE_SESSIONS = "restore_terminate_sessions.sql";
    RESTORE_TOAST_COMPRESSIONS = "restore_toast_compressions.sql";
}

/// The fragments under `sql/` that statements include (build.rs), each included somewhere.
pub const FRAGMENTS: &[&str] = &[
    "fragments/exclusively_locked.sql",
    "fragments/json_readable.sql",
    "fragments/orders_sales.sql",
    "fragments/orders_sources.sql",
    "fragments/session_archive_upsert.sql",
    "fragments/session_sale_rules.sql",
    "fragments/vending_amount.sql",
    "fragments/white_space.sql",
];

/// pmc's own schema changes, in order: (version, name, statement). Applied once each, under
/// an advisory lock, by the first mutating command that finds them missing.
pub const MIGRATIONS: &[(i32, &str, &str)] = &[
    (1, "runs", MIGRATION_0001_RUNS),
    (2, "size_snapshots", MIGRATION_0002_SIZE_SNAPSHOTS),
    (3, "size_history", MIGRATION_0003_SIZE_HISTORY),
    (4, "archive", MIGRATION_0004_ARCHIVE),
];

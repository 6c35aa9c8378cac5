//! `pmc vacuum` against a real PostgreSQL: which tables it picks and why, before/after dead
//! tuples, SKIP_LOCKED, --table checked against the catalog, partitioned parents and temporary
//! tables, missing and invalid indexes, REINDEX leftovers, --full behind confirmation,
//! --max-runtime, dry run, journal, bad flags.

use serde_json::Value;
use sqlx::Connection as _;

use crate::common::{TestDb, hold_table_lock, pmc, pmc_json};

fn vacuum_json(db: &TestDb, extra: &[&str]) -> (i32, Value) {
    pmc_json(db, &[&["vacuum"], extra].concat())
}

fn planned<'a>(report: &'a Value, name: &str) -> Option<&'a Value> {
    report["tables"].as_array().unwrap().iter().find(|t| {
        format!(
            "{}.{}",
            t["schema"].as_str().unwrap(),
            t["table"].as_str().unwrap()
        ) == name
    })
}

/// Deletes most fonts in a session that then flushes its statistics, with autovacuum off for
/// the table so only pmc vacuums it.
async fn make_dead_fonts(db: &TestDb) {
    let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
    for statement in [
        "ALTER TABLE fonts SET (autovacuum_enabled = false)",
        "INSERT INTO fonts (id, name, css_style, font_weight, is_google_font, display_order, is_active) \
         SELECT 'dead' || i, 'f' || i, 'font-family: x', '400', false, i, true FROM generate_series(1, 2000) i",
        "ANALYZE fonts",
        "DELETE FROM fonts WHERE id LIKE 'dead%' AND display_order > 100",
        "SELECT pg_stat_force_next_flush()",
    ] {
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
            .execute(&mut conn)
            .await
            .unwrap();
    }
    conn.close().await.unwrap();
}

async fn scalar_i64(db: &TestDb, query: &'static str) -> i64 {
    let pool = db.pool().await;
    sqlx::query_scalar(query).fetch_one(&pool).await.unwrap()
}

/// Leaves an invalid index `name` behind, as a failed concurrent build does in production: a
/// unique index over two equal colour names cannot be built.
async fn leave_an_invalid_index(db: &TestDb, name: &str) {
    leave_an_invalid_index_on(db, name, "colors (name)").await
}

/// The same on `on` (`table (column)`), whose column must already hold a duplicate, or be
/// colors (name).
async fn leave_an_invalid_index_on(db: &TestDb, name: &str, on: &str) {
    let pool = db.pool().await;
    sqlx::raw_sql(
        "INSERT INTO colors (id, name, hex_value, color_type, display_order, is_active) VALUES ('tst-c1', 'x', '#000', 'case', 1, true), ('tst-c2', 'x', '#000', 'case', 2, true)",
    )
    .execute(&pool)
    .await
    .unwrap();
    let failed = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "CREATE UNIQUE INDEX CONCURRENTLY {name} ON {on}"
    )))
    .execute(&pool)
    .await;
    assert!(failed.is_err(), "the unique index was built");
}

#[tokio::test]
async fn picks_tables_with_dead_tuples_and_clears_them() {
    let db = TestDb::new().await;
    make_dead_fonts(&db).await;

    let (code, plan) = vacuum_json(&db, &["--dry-run"]);
    assert_eq!(code, 0, "{plan:#}");
    let fonts = planned(&plan, "public.fonts").expect("fonts has 95% dead tuples");
    assert!(
        fonts["reasons"][0]
            .as_str()
            .unwrap()
            .contains("dead tuples"),
        "{fonts:#}"
    );
    assert_eq!(fonts["dead_tuples_before"], 1900);
    assert_eq!(fonts["result"], "planned");
    assert_eq!(
        fonts["statements"][0],
        "VACUUM (ANALYZE, SKIP_LOCKED) public.fonts"
    );
    let pmc_schema = "SELECT count(*) FROM pg_namespace WHERE nspname = 'pmc'";
    assert_eq!(
        scalar_i64(&db, pmc_schema).await,
        0,
        "a dry run creates nothing"
    );

    let (code, done) = vacuum_json(&db, &[]);
    assert_eq!(code, 0, "{done:#}");
    let fonts = planned(&done, "public.fonts").unwrap();
    assert_eq!(fonts["result"], "done");
    assert_eq!(fonts["dead_tuples_after"], 0);
    assert!(fonts["seconds"].as_f64().is_some());
    let manual = "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'fonts'";
    assert_eq!(scalar_i64(&db, manual).await, 1);

    let pool = db.pool().await;
    let (outcome, summary): (String, Value) =
        sqlx::query_as("SELECT outcome, summary FROM pmc.runs WHERE command = 'vacuum'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(outcome, "ok");
    assert_eq!(planned(&summary, "public.fonts").unwrap()["result"], "done");

    let (_, again) = vacuum_json(&db, &["--dry-run"]);
    assert!(
        planned(&again, "public.fonts").is_none(),
        "nothing left to do for fonts: {again:#}"
    );
}

#[tokio::test]
async fn a_locked_table_is_skipped_not_waited_for() {
    let db = TestDb::new().await;
    let mut holder = hold_table_lock(&db, "brands").await;
    let (code, report) = vacuum_json(&db, &["--table", "brands", "--table", "colors"]);
    sqlx::raw_sql("ROLLBACK")
        .execute(&mut holder)
        .await
        .unwrap();
    assert_eq!(code, 1, "a skipped table is a partial run: {report:#}");
    assert_eq!(
        planned(&report, "public.brands").unwrap()["result"],
        "skipped_locked"
    );
    assert_eq!(planned(&report, "public.colors").unwrap()["result"], "done");
}

#[tokio::test]
async fn table_names_are_checked_against_the_catalog_and_quoted() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    sqlx::raw_sql(
        "CREATE SCHEMA \"Odd Schema\"; CREATE TABLE \"Odd Schema\".\"Weird Name\" (id int)",
    )
    .execute(&pool)
    .await
    .unwrap();
    let (code, report) = vacuum_json(&db, &["--table", "Odd Schema.Weird Name"]);
    assert_eq!(code, 0, "{report:#}");
    let run = planned(&report, "Odd Schema.Weird Name").unwrap();
    assert_eq!(
        run["statements"][0],
        "VACUUM (ANALYZE, SKIP_LOCKED) \"Odd Schema\".\"Weird Name\""
    );
    assert_eq!(run["result"], "done");

    for bad in [
        "orders; DROP TABLE brands",
        "nope",
        "pg_catalog.pg_class",
        "missing.orders",
    ] {
        let out = pmc()
            .args(["--database-url", &db.url, "vacuum", "--table", bad])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(64), "{bad}: {stderr}");
        assert!(
            stderr.contains("--table") && stderr.contains("no table"),
            "{stderr}"
        );
    }
    let brands: i64 = sqlx::query_scalar("SELECT count(*) FROM pg_class WHERE relname = 'brands'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(brands, 1);
}

#[tokio::test]
async fn lists_missing_indexes_and_creates_them_concurrently() {
    // With fixtures: orders.status holds duplicates, for the interrupted build below.
    let db = TestDb::with_fixtures(1).await;
    let (_, report) = vacuum_json(&db, &["--dry-run"]);
    let missing: Vec<String> = report["missing_indexes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{}.{}({})",
                m["schema"].as_str().unwrap(),
                m["table"].as_str().unwrap(),
                m["columns"][0].as_str().unwrap()
            )
        })
        .collect();
    for expected in [
        "public.orders(status)",
        "public.orders(created_at)",
        "public.vending_machine_sessions(expires_at)",
        "public.order_images(order_id)",
        "public.orders(brand_id)",
        "public.vending_machine_sessions(machine_id)",
    ] {
        assert!(
            missing.contains(&expected.to_string()),
            "{expected} not in {missing:?}"
        );
    }
    let first = &report["missing_indexes"][0];
    assert!(
        first["statement"]
            .as_str()
            .unwrap()
            .starts_with("CREATE INDEX CONCURRENTLY IF NOT EXISTS ")
    );
    assert_eq!(first["result"], "listed");

    // An interrupted earlier build left an invalid index under the name pmc gives
    // orders(status): IF NOT EXISTS alone would take it for the index and build nothing.
    leave_an_invalid_index_on(&db, "pmc_orders_status_idx", "orders (status)").await;
    let (_, report) = vacuum_json(&db, &["--dry-run"]);
    let status = report["missing_indexes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["table"] == "orders" && m["columns"][0] == "status")
        .unwrap();
    assert_eq!(
        status["replaces"],
        "DROP INDEX CONCURRENTLY IF EXISTS public.pmc_orders_status_idx"
    );

    let (code, created) = vacuum_json(&db, &["--create-missing-indexes"]);
    assert_eq!(code, 0, "{created:#}");
    assert!(
        created["missing_indexes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["result"] == "created")
    );
    let valid = "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
                 WHERE c.relname LIKE 'pmc\\_%\\_idx' AND i.indisvalid";
    assert_eq!(scalar_i64(&db, valid).await, missing.len() as i64);
    let (_, after) = vacuum_json(&db, &["--dry-run"]);
    assert_eq!(after["missing_indexes"], Value::Array(vec![]), "{after:#}");
}

#[tokio::test]
async fn an_existing_index_on_the_leading_column_counts() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    sqlx::raw_sql("CREATE INDEX orders_status_created ON orders (status, created_at)")
        .execute(&pool)
        .await
        .unwrap();
    let (_, report) = vacuum_json(&db, &["--dry-run"]);
    let on_orders: Vec<&str> = report["missing_indexes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["table"] == "orders")
        .map(|m| m["columns"][0].as_str().unwrap())
        .collect();
    assert!(!on_orders.contains(&"status"), "{on_orders:?}");
    assert!(
        on_orders.contains(&"created_at"),
        "a second column does not serve created_at: {on_orders:?}"
    );
    // A column an INCLUDE carries, or a BRIN index, serves no key lookup either.
    sqlx::raw_sql(
        "CREATE INDEX order_images_by_id ON order_images (id) INCLUDE (order_id);
         CREATE INDEX orders_brand_brin ON orders USING brin (brand_id);",
    )
    .execute(&pool)
    .await
    .unwrap();
    let (_, report) = vacuum_json(&db, &["--dry-run"]);
    let listed: Vec<String> = report["missing_indexes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{}({})",
                m["table"].as_str().unwrap(),
                m["columns"][0].as_str().unwrap()
            )
        })
        .collect();
    for key in ["order_images(order_id)", "orders(brand_id)"] {
        assert!(listed.contains(&key.to_string()), "{key} not in {listed:?}");
    }
}

#[tokio::test]
async fn reindex_runs_concurrently_and_invalid_leftovers_are_reported() {
    let db = TestDb::new().await;
    leave_an_invalid_index(&db, "colors_name_unique").await;

    let (code, report) = vacuum_json(&db, &["--table", "brands", "--reindex"]);
    assert_eq!(code, 0, "{report:#}");
    let brands = planned(&report, "public.brands").unwrap();
    assert_eq!(
        brands["statements"][1],
        "REINDEX TABLE CONCURRENTLY public.brands"
    );
    assert_eq!(brands["result"], "done");
    let invalid = &report["invalid_indexes"][0];
    assert_eq!(invalid["index"], "colors_name_unique");
    assert_eq!(
        invalid["statement"],
        "DROP INDEX CONCURRENTLY IF EXISTS public.colors_name_unique"
    );
    let still_there = "SELECT count(*) FROM pg_class WHERE relname = 'colors_name_unique'";
    assert_eq!(
        scalar_i64(&db, still_there).await,
        1,
        "pmc reports it and leaves it"
    );
}

#[tokio::test]
async fn full_needs_confirmation_and_max_runtime_stops_between_tables() {
    let db = TestDb::new().await;
    let out = pmc()
        .args([
            "--database-url",
            &db.url,
            "vacuum",
            "--full",
            "--table",
            "brands",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    let full = "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'brands'";
    assert_eq!(
        scalar_i64(&db, full).await,
        0,
        "nothing ran without confirmation"
    );

    // Cron: --yes under --quiet prints nothing on a clean run, the warning included.
    let out = pmc()
        .args(["--database-url", &db.url, "-q", "vacuum", "--full", "--yes"])
        .args(["--table", "brands"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        (out.stdout.as_slice(), String::from_utf8_lossy(&out.stderr)),
        (&b""[..], "".into())
    );

    let (code, report) = vacuum_json(&db, &["--full", "--yes", "--table", "brands"]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(
        planned(&report, "public.brands").unwrap()["statements"][0],
        "VACUUM (FULL, ANALYZE, SKIP_LOCKED) public.brands"
    );

    let (code, report) = vacuum_json(&db, &["--all", "--max-runtime", "0s"]);
    assert_eq!(code, 1, "a run cut short is partial: {report:#}");
    assert!(
        report["tables"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["result"] == "not_run")
    );
}

#[test]
fn bad_flags_are_usage_errors_naming_the_flag() {
    let cases: &[(&[&str], &str)] = &[
        (&["--min-dead-ratio", "150%"], "--min-dead-ratio"),
        (&["--min-dead-ratio", "lots"], "--min-dead-ratio"),
        (&["--xid-age", "-1"], "--xid-age"),
        (&["--max-runtime", "soon"], "--max-runtime"),
        (&["--all", "--table", "orders"], "--table"),
        (&["--dry-run", "--yes"], "--yes"),
    ];
    for (args, named) in cases {
        let out = pmc()
            .args([
                "--database-url",
                "postgres://nobody@127.0.0.1:1/none",
                "vacuum",
            ])
            .args(*args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(64), "{args:?}: {stderr}");
        assert!(
            stderr.contains(named),
            "{args:?} should name {named}: {stderr}"
        );
    }
}

/// Whether a VACUUM is running in `db` (another session than the caller's).
async fn vacuum_running(pool: &sqlx::PgPool) -> bool {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid() \
           AND state = 'active' AND query LIKE 'VACUUM%')",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

/// Creates `slow_stats`, a table whose ANALYZE takes minutes: its expression index calls a
/// function that sleeps in sessions opened after the database setting (pmc's), not in `pool`'s.
async fn make_slow_stats(db: &TestDb, pool: &sqlx::PgPool) {
    for statement in [
        "CREATE FUNCTION slow_identity(int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS \
         $$ BEGIN PERFORM pg_sleep(coalesce(nullif(current_setting('pmc_test.sleep', true), ''), \
         '0')::float8); RETURN $1; END $$",
        "CREATE TABLE slow_stats (id int)",
        "INSERT INTO slow_stats SELECT generate_series(1, 3)",
        "CREATE INDEX ON slow_stats (slow_identity(id))",
        &format!("ALTER DATABASE {} SET pmc_test.sleep = '60'", db.name),
    ] {
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
            .execute(pool)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn ctrl_c_cancels_the_statement_in_flight_on_the_server() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    make_slow_stats(&db, &pool).await;
    let child = crate::common::spawn_pmc(
        &db.url,
        &[
            "--json",
            "vacuum",
            "--yes",
            "--table",
            "slow_stats",
            "--table",
            "brands",
        ],
    );
    crate::common::eventually("pmc to start its VACUUM", || {
        let pool = pool.clone();
        async move { vacuum_running(&pool).await }
    })
    .await;
    crate::common::send_signal(&child, rustix::process::Signal::INT);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    // Cancelled on the server before pmc ended, not left running without a client.
    assert!(!vacuum_running(&pool).await, "the VACUUM outlived pmc");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["interrupted"], true);
    assert_eq!(
        planned(&report, "public.slow_stats").unwrap()["result"],
        "cancelled"
    );
    assert_eq!(
        planned(&report, "public.brands").unwrap()["result"],
        "interrupted",
        "no statement runs after a Ctrl-C"
    );
    let (outcome, exit_code): (String, i32) =
        sqlx::query_as("SELECT outcome, exit_code FROM pmc.runs WHERE command = 'vacuum'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((outcome.as_str(), exit_code), ("interrupted", 130));
}

#[tokio::test]
async fn a_statement_does_not_outlive_a_killed_pmc() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    make_slow_stats(&db, &pool).await;
    let mut child =
        crate::common::spawn_pmc(&db.url, &["vacuum", "--yes", "--table", "slow_stats"]);
    crate::common::eventually("pmc to start its VACUUM", || {
        let pool = pool.clone();
        async move { vacuum_running(&pool).await }
    })
    .await;
    // SIGKILL: pmc cancels nothing; the server notices its client is gone (the VACUUM alone
    // would sleep for minutes, past eventually's limit).
    child.kill().unwrap();
    child.wait().unwrap();
    crate::common::eventually("the VACUUM to end without its client", || {
        let pool = pool.clone();
        async move { !vacuum_running(&pool).await }
    })
    .await;
}

#[tokio::test]
async fn a_partitioned_parent_is_not_picked_by_its_own_stats() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    sqlx::raw_sql(
        "CREATE TABLE parted (id int, d date, brand_id varchar REFERENCES brands (id)) \
             PARTITION BY RANGE (d); \
         CREATE TABLE parted_2026 PARTITION OF parted FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
    )
    .execute(&pool)
    .await
    .unwrap();

    // The parent's relfrozenxid is 0, whose age is 2^31 - 1: not a reason to freeze it.
    let (code, plan) = vacuum_json(&db, &["--dry-run"]);
    assert_eq!(code, 0, "{plan:#}");
    assert!(planned(&plan, "public.parted").is_none(), "{plan:#}");

    // --all lists the partitions; a VACUUM of the parent would vacuum them a second time.
    let (_, all) = vacuum_json(&db, &["--dry-run", "--all"]);
    assert!(planned(&all, "public.parted").is_none(), "{all:#}");
    assert!(planned(&all, "public.parted_2026").is_some(), "{all:#}");

    let (code, one) = vacuum_json(&db, &["--table", "parted"]);
    assert_eq!(code, 0, "{one:#}");
    let parted = planned(&one, "public.parted").unwrap();
    assert_eq!(
        parted["statements"],
        serde_json::json!(["ANALYZE (SKIP_LOCKED) public.parted"]),
        "the partitions are vacuumed on their own; no FREEZE for the parent's age(0)"
    );
    assert_eq!(parted["result"], "done");
    let partition = planned(&one, "public.parted_2026").unwrap();
    assert_eq!(partition["reasons"][0], "partition of public.parted");
    assert_eq!(partition["result"], "done");

    // Its foreign key is offered for the partition, which can be indexed concurrently, not for
    // the parent, which cannot.
    let tables: Vec<&str> = one["missing_indexes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["columns"][0] == "brand_id")
        .map(|m| m["table"].as_str().unwrap())
        .collect();
    assert!(tables.contains(&"parted_2026"), "{one:#}");
    assert!(!tables.contains(&"parted"), "{one:#}");
}

#[tokio::test]
async fn other_sessions_temporary_tables_are_left_out() {
    let db = TestDb::new().await;
    let mut other = sqlx::PgConnection::connect(&db.url).await.unwrap();
    for statement in [
        "CREATE TEMP TABLE tmp_y (id int)",
        "CREATE TEMP TABLE tmp_parent (id int PRIMARY KEY)",
        "CREATE TEMP TABLE tmp_child (parent_id int REFERENCES tmp_parent)",
        "INSERT INTO tmp_y SELECT generate_series(1, 100)",
        "SELECT pg_stat_force_next_flush()",
    ] {
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
            .execute(&mut other)
            .await
            .unwrap();
    }
    let temp_schema: String = sqlx::query_scalar(
        "SELECT nspname::text FROM pg_namespace WHERE oid = pg_my_temp_schema()",
    )
    .fetch_one(&mut other)
    .await
    .unwrap();
    let is_temp = |t: &&Value| t["schema"].as_str().unwrap().starts_with("pg_temp");

    // Never analyzed and with rows, tmp_y would be picked, and skipped on every run.
    let (code, plan) = vacuum_json(&db, &["--dry-run"]);
    assert_eq!(code, 0, "{plan:#}");
    let tables = plan["tables"].as_array().unwrap();
    assert!(!tables.iter().any(|t| is_temp(&t)), "{plan:#}");
    let indexes = plan["missing_indexes"].as_array().unwrap();
    assert!(
        !indexes.iter().any(|m| is_temp(&m)),
        "no other session can index them: {plan:#}"
    );

    let (code, all) = vacuum_json(&db, &["--all", "--yes"]);
    assert_eq!(code, 0, "no false failure for cron: {all:#}");
    let tables = all["tables"].as_array().unwrap();
    assert!(!tables.iter().any(|t| is_temp(&t)), "{all:#}");
    assert!(planned(&all, "public.brands").is_some());

    let out = pmc()
        .args(["--database-url", &db.url, "vacuum", "--yes", "--table"])
        .arg(format!("{temp_schema}.tmp_y"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(64), "{stderr}");
    assert!(
        stderr.contains("--table") && stderr.contains("temporary table"),
        "{stderr}"
    );
    other.close().await.unwrap();
}

/// Names of the invalid indexes of the database that REINDEX ... CONCURRENTLY names its
/// transient indexes by.
async fn reindex_leftovers(db: &TestDb) -> Vec<String> {
    let pool = db.pool().await;
    sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
         WHERE NOT i.indisvalid AND c.relname ~ '_cc(new|old)[0-9]*$' ORDER BY 1",
    )
    .fetch_all(&pool)
    .await
    .unwrap()
}

/// A transaction older than a REINDEX, reading another table: REINDEX ... CONCURRENTLY waits
/// for it after building its new indexes, and fails at lock_timeout. ROLLBACK ends it.
async fn old_reader(db: &TestDb) -> sqlx::PgConnection {
    let mut reader = sqlx::PgConnection::connect(&db.url).await.unwrap();
    sqlx::raw_sql("BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM colors")
        .execute(&mut reader)
        .await
        .unwrap();
    reader
}

/// `pmc vacuum --yes --table TABLE --reindex` with a lock_timeout of 1s: exit code and report.
fn reindex_within_1s(db: &TestDb, table: &str) -> (Option<i32>, Value) {
    let out = pmc()
        .env("PMC_DATABASE_LOCK_TIMEOUT", "1s")
        .args(["--database-url", &db.url, "--json", "vacuum"])
        .args(["--yes", "--table", table, "--reindex"])
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), report)
}

#[tokio::test]
async fn a_failed_reindex_drops_the_invalid_indexes_it_left() {
    let db = TestDb::new().await;
    // Not pmc's: it stays, reported with its statement.
    leave_an_invalid_index(&db, "colors_name_unique").await;
    let mut reader = old_reader(&db).await;
    for _ in 0..2 {
        let (code, report) = reindex_within_1s(&db, "templates");
        assert_eq!(code, Some(1), "{report:#}");
        let templates = planned(&report, "public.templates").unwrap();
        assert_eq!(templates["result"], "failed", "{report:#}");
        assert!(
            templates["error"].as_str().unwrap().contains("REINDEX"),
            "{report:#}"
        );
        let dropped: Vec<&str> = templates["dropped_indexes"]
            .as_array()
            .unwrap_or_else(|| panic!("no dropped_indexes: {report:#}"))
            .iter()
            .map(|d| d.as_str().unwrap())
            .collect();
        assert!(
            dropped.contains(&"public.templates_pkey_ccnew"),
            "{report:#}"
        );
        assert!(
            dropped
                .iter()
                .any(|d| d.starts_with("pg_toast.pg_toast_") && d.ends_with("_index_ccnew")),
            "the TOAST table's index too: {report:#}"
        );
        assert_eq!(
            crate::common::texts(&report["invalid_indexes"], "index"),
            ["colors_name_unique"],
            "{report:#}"
        );
        // Nothing piles up from one failed run to the next.
        assert_eq!(reindex_leftovers(&db).await, Vec::<String>::new());
    }
    sqlx::raw_sql("ROLLBACK")
        .execute(&mut reader)
        .await
        .unwrap();
    let still_there = "SELECT count(*) FROM pg_class WHERE relname = 'colors_name_unique'";
    assert_eq!(
        scalar_i64(&db, still_there).await,
        1,
        "pmc drops only its own"
    );
}

/// `--table PARENT --reindex` reindexes every partition; a failure leaves `_ccnew` indexes on
/// the partitions, not on the parent, and those are dropped as for a plain table.
#[tokio::test]
async fn a_failed_reindex_of_a_partitioned_table_drops_its_partitions_leftovers() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    sqlx::raw_sql(
        "CREATE TABLE events (id bigint, at date NOT NULL, note text) PARTITION BY RANGE (at);
         CREATE TABLE events_2026 PARTITION OF events
             FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
         CREATE TABLE events_2027 PARTITION OF events
             FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
         CREATE INDEX events_id ON events (id);
         INSERT INTO events SELECT g, '2026-06-01'::date + (g % 400), 'x' FROM generate_series(1, 2000) g;",
    )
    .execute(&pool)
    .await
    .unwrap();
    let mut reader = old_reader(&db).await;
    let (code, report) = reindex_within_1s(&db, "events");
    sqlx::raw_sql("ROLLBACK")
        .execute(&mut reader)
        .await
        .unwrap();
    assert_eq!(code, Some(1), "{report:#}");
    let events = planned(&report, "public.events").unwrap();
    assert_eq!(events["result"], "failed", "{report:#}");
    let dropped = events["dropped_indexes"].as_array().unwrap();
    assert!(
        dropped
            .iter()
            .any(|d| d.as_str().unwrap().starts_with("public.events_20")),
        "{report:#}"
    );
    assert_eq!(
        report["invalid_indexes"],
        Value::Array(vec![]),
        "{report:#}"
    );
    assert_eq!(reindex_leftovers(&db).await, Vec::<String>::new());
}

#[tokio::test]
async fn a_reindex_cancelled_by_ctrl_c_drops_the_invalid_indexes_it_left() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let mut reader = old_reader(&db).await;
    let mut command = pmc();
    command.env("PMC_DATABASE_LOCK_TIMEOUT", "10min");
    let child = std::process::Command::from(command)
        .args(["--database-url", &db.url, "--json", "vacuum"])
        .args(["--yes", "--table", "templates", "--reindex"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    crate::common::eventually("the REINDEX to wait for the older transaction", || {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM pg_stat_activity \
                 WHERE datname = current_database() AND query LIKE 'REINDEX%' \
                   AND wait_event_type = 'Lock')",
            )
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    })
    .await;
    crate::common::send_signal(&child, rustix::process::Signal::INT);
    let out = child.wait_with_output().unwrap();
    sqlx::raw_sql("ROLLBACK")
        .execute(&mut reader)
        .await
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(out.status.code(), Some(130), "{report:#}");
    let templates = planned(&report, "public.templates").unwrap();
    assert_eq!(templates["result"], "cancelled", "{report:#}");
    assert!(
        templates["dropped_indexes"]
            .as_array()
            .unwrap()
            .contains(&Value::from("public.templates_pkey_ccnew")),
        "{report:#}"
    );
    assert_eq!(
        report["invalid_indexes"],
        Value::Array(vec![]),
        "{report:#}"
    );
    assert_eq!(reindex_leftovers(&db).await, Vec::<String>::new());
}

#[tokio::test]
async fn a_table_skipped_as_locked_is_not_reindexed() {
    let db = TestDb::new().await;
    let mut reader = sqlx::PgConnection::connect(&db.url).await.unwrap();
    sqlx::raw_sql("BEGIN; SELECT count(*) FROM brands")
        .execute(&mut reader)
        .await
        .unwrap();
    let out = pmc()
        .env("PMC_DATABASE_LOCK_TIMEOUT", "1s")
        .args(["--database-url", &db.url, "--json", "vacuum"])
        .args(["--full", "--yes", "--table", "brands", "--reindex"])
        .output()
        .unwrap();
    sqlx::raw_sql("ROLLBACK")
        .execute(&mut reader)
        .await
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(out.status.code(), Some(1), "{report:#}");
    let brands = planned(&report, "public.brands").unwrap();
    assert_eq!(brands["result"], "skipped_locked", "{report:#}");
    assert_eq!(brands["error"], Value::Null, "no REINDEX ran: {report:#}");
    assert_eq!(reindex_leftovers(&db).await, Vec::<String>::new());
}

/// An error names what was typed or found in the catalog; a newline or an escape sequence in it
/// shows visibly and cannot add a line of its own or drive the terminal.
#[tokio::test]
async fn an_error_naming_a_hostile_name_stays_one_visible_line() {
    let db = TestDb::new().await;
    let out = pmc()
        .args(["--database-url", &db.url, "vacuum", "--dry-run", "--table"])
        .arg("nosuch\nerror: database dropped\u{1b}]0;pwned\u{7}")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(64), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    assert!(
        stderr.contains("nosuch\\nerror: database dropped^[]0;pwned^G"),
        "{stderr}"
    );
}

/// Index names stay apart: `x_y (z)` and `x (y_z)` would both be pmc_x_y_z_idx, two keys of a
/// table with a long name would be cut to one name, and an index of another table may hold
/// the name already. Each gets its own index, `created` is said only of an index on the right
/// table and columns, and a second run finds nothing missing. A key served by an index on
/// the same columns in another order is not missing, and another table's invalid index of the
/// plain name is not dropped.
#[tokio::test]
async fn index_names_never_collide_and_created_means_that_index() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let long = "a_very_long_table_name_for_testing_index_name_truncation_x";
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "CREATE TABLE x_y (id int, z varchar REFERENCES brands (id));
         CREATE TABLE x (id int, y_z varchar REFERENCES brands (id));
         CREATE TABLE {long} (id int, brand_fk_one varchar REFERENCES brands (id),
                              brand_fk_two varchar REFERENCES brands (id));
         CREATE TABLE pair (a varchar, b varchar, PRIMARY KEY (a, b));
         CREATE TABLE pair_ref (a varchar, b varchar, FOREIGN KEY (a, b) REFERENCES pair (a, b));
         CREATE INDEX pair_ref_b_a ON pair_ref (b, a);
         CREATE TABLE other (id int);
         CREATE INDEX pmc_orders_created_at_idx ON other (id);"
    )))
    .execute(&pool)
    .await
    .unwrap();
    leave_an_invalid_index(&db, "pmc_orders_status_idx").await;

    let (code, report) = vacuum_json(&db, &["--create-missing-indexes"]);
    assert_eq!(code, 0, "{report:#}");
    let missing = report["missing_indexes"].as_array().unwrap();
    assert!(
        missing.iter().all(|m| m["result"] == "created"),
        "{report:#}"
    );
    assert!(
        !missing.iter().any(|m| m["table"] == "pair_ref"),
        "{report:#}"
    );
    let names: Vec<&str> = missing
        .iter()
        .map(|m| m["index_name"].as_str().unwrap())
        .collect();
    let mut distinct = names.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), names.len(), "{names:?}");
    assert!(names.iter().all(|n| n.len() <= 63), "{names:?}");
    // Every listed key now has an index of its own, on its table and column.
    for (table, column) in [
        ("x_y", "z"),
        ("x", "y_z"),
        (long, "brand_fk_one"),
        (long, "brand_fk_two"),
        ("orders", "status"),
        ("orders", "created_at"),
    ] {
        let indexed: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT count(*) FROM pg_index i \
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] \
                 WHERE i.indrelid = 'public.{table}'::regclass AND a.attname = '{column}' \
                   AND i.indisvalid"
        )))
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(indexed, 1, "{table} ({column})");
    }
    // The other tables' indexes of the plain names are left as they were.
    let kept = "SELECT count(*) FROM pg_class \
                WHERE relname IN ('pmc_orders_status_idx', 'pmc_orders_created_at_idx')";
    assert_eq!(scalar_i64(&db, kept).await, 2);
    let (_, after) = vacuum_json(&db, &["--dry-run"]);
    assert_eq!(after["missing_indexes"], Value::Array(vec![]), "{after:#}");
}

/// PostgreSQL skips a table the role may not vacuum (not its owner, nor the database's, nor a
/// superuser) with only a WARNING: pmc says so, names the roles that may, and exits 1, instead
/// of calling it locked.
#[tokio::test]
async fn a_table_this_role_does_not_own_is_reported_not_owner() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    // The owner's first run creates pmc's schema, which the maintenance role then may write.
    let (code, _) = vacuum_json(&db, &["--table", "brands"]);
    assert_eq!(code, 0);
    let role = format!("ops_{}", db.name);
    for statement in [
        format!("CREATE ROLE {role} LOGIN PASSWORD 'ops-pass'"),
        format!("GRANT CONNECT ON DATABASE {} TO {role}", db.name),
        format!("GRANT USAGE ON SCHEMA public, pmc TO {role}"),
        format!("GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA pmc TO {role}"),
        format!("GRANT USAGE ON ALL SEQUENCES IN SCHEMA pmc TO {role}"),
        format!("ALTER TABLE fonts OWNER TO {role}"),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(statement))
            .execute(&pool)
            .await
            .unwrap();
    }
    let owner: String = sqlx::query_scalar(
        "SELECT pg_get_userbyid(relowner)::text FROM pg_class WHERE relname = 'colors'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let url = db.url_as(&role, "ops-pass");
    let out = pmc()
        .args(["--database-url", &url, "--json", "vacuum"])
        .args(["--table", "colors", "--table", "fonts"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(out.status.code(), Some(1), "{report:#}");
    let colors = planned(&report, "public.colors").unwrap();
    assert_eq!(colors["result"], "skipped_not_owner", "{report:#}");
    let error = colors["error"].as_str().unwrap();
    assert!(error.contains(&format!("owner ({owner})")), "{error}");
    assert_eq!(planned(&report, "public.fonts").unwrap()["result"], "done");
    let vacuumed = "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'colors'";
    assert_eq!(scalar_i64(&db, vacuumed).await, 0);

    let out = pmc()
        .args([
            "--database-url",
            &url,
            "vacuum",
            "--dry-run",
            "--table",
            "colors",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("skipped: not owner"), "{text}");
    assert!(
        text.contains("skipped public.colors: this role may not vacuum it"),
        "{text}"
    );
    for statement in [format!("DROP OWNED BY {role}"), format!("DROP ROLE {role}")] {
        sqlx::query(sqlx::AssertSqlSafe(statement))
            .execute(&pool)
            .await
            .unwrap();
    }
}

/// A session of its own in the middle of a plain `REINDEX TABLE colors`: ACCESS EXCLUSIVE on
/// the table's indexes, SHARE on the table. ROLLBACK ends it.
async fn reindexing_colors(db: &TestDb) -> sqlx::PgConnection {
    let mut holder = sqlx::PgConnection::connect(&db.url).await.unwrap();
    sqlx::raw_sql("BEGIN; REINDEX TABLE colors")
        .execute(&mut holder)
        .await
        .unwrap();
    holder
}

/// A table whose indexes another session holds exclusively (a plain REINDEX) is measured as
/// unknown and skipped, like a locked table: neither the plan nor the run waits for it, and the
/// other tables are done.
#[tokio::test]
async fn a_table_whose_indexes_are_locked_is_skipped_not_waited_for() {
    let db = TestDb::new().await;
    let mut holder = reindexing_colors(&db).await;
    let run = |args: &[&str]| {
        let out = pmc()
            .env("PMC_DATABASE_LOCK_TIMEOUT", "10s")
            .args(["--database-url", &db.url, "--json", "vacuum"])
            .args(args)
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
        (out.status.code(), report)
    };
    let started = std::time::Instant::now();
    let (code, plan) = run(&["--dry-run", "--table", "fonts"]);
    assert_eq!(code, Some(0), "{plan:#}");
    let (code, report) = run(&["--table", "colors", "--table", "fonts"]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "waited for the lock"
    );
    sqlx::raw_sql("ROLLBACK")
        .execute(&mut holder)
        .await
        .unwrap();
    assert_eq!(code, Some(1), "{report:#}");
    let colors = planned(&report, "public.colors").unwrap();
    assert_eq!(colors["result"], "skipped_locked", "{report:#}");
    assert_eq!(colors["size_bytes_before"], Value::Null, "{report:#}");
    let fonts = planned(&report, "public.fonts").unwrap();
    assert_eq!(fonts["result"], "done", "{report:#}");
    assert!(fonts["size_bytes_after"].as_i64().is_some(), "{report:#}");
}

/// `--table PARENT` with one partition locked by another session: the other partitions are
/// vacuumed, the locked one is skipped, and the parent's ANALYZE (which would wait for the
/// locked partition) is left for a later run; nothing waits for lock_timeout.
#[tokio::test]
async fn a_locked_partition_does_not_stop_its_siblings() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    sqlx::raw_sql(
        "CREATE TABLE parted (id int, created date) PARTITION BY RANGE (created);
         CREATE TABLE parted_2026 PARTITION OF parted FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
         CREATE TABLE parted_2025 PARTITION OF parted FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
    )
    .execute(&pool)
    .await
    .unwrap();
    let mut holder = hold_table_lock(&db, "parted_2025").await;
    let started = std::time::Instant::now();
    let out = pmc()
        .env("PMC_DATABASE_LOCK_TIMEOUT", "10s")
        .args([
            "--database-url",
            &db.url,
            "--json",
            "vacuum",
            "--table",
            "parted",
        ])
        .output()
        .unwrap();
    let waited = started.elapsed();
    sqlx::raw_sql("ROLLBACK")
        .execute(&mut holder)
        .await
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert!(waited < std::time::Duration::from_secs(10), "{report:#}");
    assert_eq!(out.status.code(), Some(1), "{report:#}");
    assert_eq!(
        planned(&report, "public.parted_2026").unwrap()["result"],
        "done",
        "{report:#}"
    );
    assert_eq!(
        planned(&report, "public.parted_2025").unwrap()["result"],
        "skipped_locked"
    );
    let parted = planned(&report, "public.parted").unwrap();
    assert_eq!(parted["result"], "skipped_locked", "{report:#}");
    assert!(
        parted["error"]
            .as_str()
            .unwrap()
            .contains("public.parted_2025"),
        "{report:#}"
    );
    let vacuumed = "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'parted_2026'";
    assert_eq!(scalar_i64(&db, vacuumed).await, 1);

    // Unlocked, the next run does it all, the parent's ANALYZE included.
    let (code, report) = vacuum_json(&db, &["--table", "parted"]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(planned(&report, "public.parted").unwrap()["result"], "done");
    let analyzed = "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'parted'";
    assert_eq!(scalar_i64(&db, analyzed).await, 1);
}

/// Names with a newline (a table, a foreign key's column, an invalid index) stay on their line
/// everywhere in the table output: the plan's statements, the missing-index row and its
/// statement, the invalid-index line. JSON keeps them exact.
#[tokio::test]
async fn names_with_newlines_never_split_a_line() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    sqlx::raw_sql(
        "CREATE TABLE nlfk (id int, \"ref\nerror: fake\" varchar REFERENCES brands (id));
         CREATE TABLE \"nl\nerror: fake\" (id int);",
    )
    .execute(&pool)
    .await
    .unwrap();
    leave_an_invalid_index(&db, "\"bad\nerror: fake\"").await;
    let out = pmc()
        .args(["--database-url", &db.url, "vacuum", "--dry-run", "--all"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let fake: Vec<&str> = text.lines().filter(|l| l.contains("error: fake")).collect();
    // The table row and its statement; the key's row and its statement; the invalid index.
    assert!(fake.len() >= 5, "{text}");
    for line in fake {
        assert!(
            line.contains("\\nerror: fake"),
            "a split line: {line:?} in\n{text}"
        );
    }
    let (_, report) = vacuum_json(&db, &["--dry-run"]);
    assert!(
        crate::common::texts(&report["invalid_indexes"], "index").contains(&"bad\nerror: fake"),
        "{report:#}"
    );
}

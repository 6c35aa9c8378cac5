//! `pmc db-size` against a real PostgreSQL: sizes, legacy schema, JSON shape, thresholds,
//! a read-only role, growth after --record, bad flags.

use serde_json::Value;
use sqlx::{Connection as _, Row as _};

use crate::common::{TestDb, pmc, pmc_json};

fn db_size_json(db: &TestDb, extra: &[&str]) -> (i32, Value) {
    pmc_json(db, &[&["db-size"], extra].concat())
}

fn table<'a>(report: &'a Value, schema: &str, name: &str) -> &'a Value {
    report["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["schema"] == schema && t["table"] == name)
        .unwrap_or_else(|| panic!("no table {schema}.{name} in {report:#}"))
}

#[tokio::test]
async fn sizes_equal_pg_total_relation_size_and_add_up() {
    let db = TestDb::with_fixtures(1).await;
    let (code, report) = db_size_json(&db, &[]);
    assert_eq!(code, 0, "{report:#}");
    let pool = db.pool().await;
    let database: i64 = sqlx::query_scalar("SELECT pg_database_size(current_database())")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(report["size_bytes"], database);
    let tables = report["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 12, "the store's 12 tables and nothing else");
    let mut previous = i64::MAX;
    for t in tables {
        let name = format!(
            "{}.{}",
            t["schema"].as_str().unwrap(),
            t["table"].as_str().unwrap()
        );
        let row = sqlx::query(
            "SELECT pg_total_relation_size($1::regclass) AS total, pg_indexes_size($1::regclass) AS idx",
        )
        .bind(&name)
        .fetch_one(&pool)
        .await
        .unwrap();
        let total = t["total_bytes"].as_i64().unwrap();
        assert_eq!(total, row.get::<i64, _>("total"), "{name}");
        assert_eq!(
            t["index_bytes"].as_i64().unwrap(),
            row.get::<i64, _>("idx"),
            "{name}"
        );
        let parts = ["heap_bytes", "index_bytes", "toast_bytes"].map(|k| t[k].as_i64().unwrap());
        assert_eq!(
            parts.iter().sum::<i64>(),
            total,
            "{name}: heap + indexes + toast = total"
        );
        let share = t["share"].as_f64().unwrap();
        assert!(
            (share - total as f64 / database as f64).abs() < 1e-9,
            "{name} share"
        );
        assert!(total <= previous, "sorted by total, largest first");
        previous = total;
    }
    // The fixtures are analyzed, so the estimates are the real counts.
    let sessions = table(&report, "public", "vending_machine_sessions");
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM vending_machine_sessions")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(sessions["estimated_rows"], count);
}

#[tokio::test]
async fn json_has_the_documented_shape() {
    let db = TestDb::new().await;
    let (code, report) = db_size_json(&db, &[]);
    assert_eq!(code, 0);
    for key in [
        "database",
        "size_bytes",
        "size_limit_bytes",
        "limit_used",
        "status",
        "thresholds",
        "schema",
        "tables_total",
        "tables_shown",
        "hidden_bytes",
        "size_unknown",
        "tables",
        "growth",
        "history_readable",
        "history_exists",
        "recorded",
    ] {
        assert!(report.get(key).is_some(), "missing {key} in {report:#}");
    }
    assert_eq!(report["database"], db.name.as_str());
    assert_eq!(report["status"], "ok");
    assert_eq!(report["growth"], Value::Null);
    let first = &report["tables"][0];
    for key in [
        "schema",
        "table",
        "estimated_rows",
        "heap_bytes",
        "index_bytes",
        "toast_bytes",
        "total_bytes",
        "share",
        "growth_since_last_bytes",
        "growth_7d_bytes",
    ] {
        assert!(first.get(key).is_some(), "missing tables[].{key}");
    }
}

#[tokio::test]
async fn table_output_shows_human_sizes() {
    let db = TestDb::with_fixtures(1).await;
    let out = pmc()
        .args(["--database-url", &db.url, "db-size"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(&format!("database {}: ", db.name)),
        "{text}"
    );
    assert!(text.contains("vending_machine_sessions"), "{text}");
    assert!(text.contains("KiB") || text.contains("MiB"), "{text}");
    assert!(text.contains("no snapshots yet"), "{text}");
}

#[tokio::test]
async fn legacy_schema_shows_its_extra_tables() {
    let db = TestDb::legacy().await;
    let (code, report) = db_size_json(&db, &[]);
    assert_eq!(code, 0);
    for name in [
        "ai_generations",
        "sessions",
        "template_pricing",
        "orders",
        "brands",
    ] {
        table(&report, "public", name);
    }
    assert!(report["tables_total"].as_u64().unwrap() > 12);
    // The legacy indexes count towards the orders table's index size.
    assert!(
        table(&report, "public", "orders")["index_bytes"]
            .as_i64()
            .unwrap()
            > 8192
    );
}

#[tokio::test]
async fn top_and_schema_filter_the_tables() {
    let db = TestDb::with_fixtures(1).await;
    let (_, report) = db_size_json(&db, &["--top", "3"]);
    assert_eq!(report["tables"].as_array().unwrap().len(), 3);
    assert_eq!(report["tables_shown"], 3);
    assert_eq!(report["tables_total"], 12);
    assert!(report["hidden_bytes"].as_i64().unwrap() > 0);

    let (code, _) = db_size_json(&db, &["--record"]);
    assert_eq!(code, 0);
    let (_, report) = db_size_json(&db, &["--schema", "pmc"]);
    let tables = report["tables"].as_array().unwrap();
    assert!(!tables.is_empty());
    assert!(tables.iter().all(|t| t["schema"] == "pmc"), "{report:#}");
}

#[tokio::test]
async fn thresholds_give_exit_codes() {
    let db = TestDb::new().await;
    let run = |args: &[&str], env: Option<(&str, &str)>| {
        let mut cmd = pmc();
        cmd.args(["--database-url", &db.url, "db-size", "--json"])
            .args(args);
        if let Some((k, v)) = env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        (
            out.status.code().unwrap(),
            json,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, json, _) = run(&["--warn-at", "1TiB", "--crit-at", "2TiB"], None);
    assert_eq!((code, json["status"].as_str()), (0, Some("ok")));
    let (code, json, _) = run(&["--warn-at", "1KB"], None);
    assert_eq!((code, json["status"].as_str()), (1, Some("warning")));
    let (code, json, _) = run(&["--warn-at", "1KB", "--crit-at", "2KB"], None);
    assert_eq!((code, json["status"].as_str()), (2, Some("critical")));
    assert_eq!(json["thresholds"]["crit_bytes"], 2000);

    // Percentages are of database.size_limit.
    let (code, json, _) = run(
        &["--warn-at", "50%"],
        Some(("PMC_DATABASE_SIZE_LIMIT", "1MB")),
    );
    assert_eq!(code, 1);
    assert_eq!(json["thresholds"]["warn_bytes"], 500_000);
    assert_eq!(json["size_limit_bytes"], 1_000_000);
    let (code, json, _) = run(
        &["--crit-at", "90%"],
        Some(("PMC_DATABASE_SIZE_LIMIT", "1TiB")),
    );
    assert_eq!(code, 0);
    assert!(json["limit_used"].as_f64().unwrap() < 0.01);

    // A percentage without a limit is a configuration error.
    let (code, _, stderr) = run(&["--warn-at", "80%"], None);
    assert_eq!(code, 78, "{stderr}");
    assert!(stderr.contains("database.size_limit"), "{stderr}");
}

#[tokio::test]
async fn bad_flags_are_usage_errors_naming_the_flag() {
    let db = TestDb::new().await;
    let cases: &[(&[&str], &str)] = &[
        (&["--top", "0"], "--top"),
        (&["--top", "many"], "--top"),
        (&["--warn-at", "lots"], "--warn-at"),
        (&["--crit-at", "-5%"], "--crit-at"),
        (&["--warn-at", "2MB", "--crit-at", "1MB"], "--crit-at"),
        (&["--schema", "nope"], "--schema nope"),
        (&["--bogus"], "--bogus"),
    ];
    for (args, named) in cases {
        let out = pmc()
            .args(["--database-url", &db.url, "db-size"])
            .args(*args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(64), "{args:?}: {stderr}");
        assert!(
            stderr.contains(named),
            "{args:?} should name {named}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{args:?} printed a result");
    }
}

#[tokio::test]
async fn read_only_role_works_and_creates_nothing() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let role = format!("ro_{}", db.name);
    for statement in [
        format!("CREATE ROLE {role} LOGIN PASSWORD 'ro-pass'"),
        format!("GRANT CONNECT ON DATABASE {} TO {role}", db.name),
        format!("GRANT USAGE ON SCHEMA public TO {role}"),
        format!("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}"),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(statement))
            .execute(&pool)
            .await
            .unwrap();
    }
    let url = db.url_as(&role, "ro-pass");
    let out = pmc()
        .args(["--database-url", &url, "db-size", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["tables_total"], 12);

    let pmc_schema: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'pmc')")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(
        !pmc_schema,
        "a read-only run must not create the pmc schema"
    );

    // Recording needs to write: the role cannot, and says so without a backtrace.
    let out = pmc()
        .args(["--database-url", &url, "db-size", "--record"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr.starts_with("error: ") && stderr.contains("schema pmc"),
        "{stderr}"
    );
    assert!(!stderr.contains("ro-pass"), "{stderr}");

    // Once the owner has recorded, the role sees that there is history it may not read.
    let out = pmc()
        .args(["--database-url", &db.url, "db-size", "--record"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = pmc()
        .args(["--database-url", &url, "db-size"])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("growth: this role cannot read pmc.size_snapshots"),
        "{table}"
    );
    for statement in [format!("DROP OWNED BY {role}"), format!("DROP ROLE {role}")] {
        sqlx::query(sqlx::AssertSqlSafe(statement))
            .execute(&pool)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn growth_since_the_last_snapshot_and_over_seven_days() {
    let db = TestDb::new().await;
    let (code, first) = db_size_json(&db, &["--record"]);
    assert_eq!(code, 0, "{first:#}");
    assert!(first["recorded"]["snapshot_id"].as_i64().is_some());
    assert_eq!(
        first["growth"],
        Value::Null,
        "no snapshot before the first record"
    );

    let pool = db.pool().await;
    sqlx::query(
        "INSERT INTO fonts (id, name, css_style, font_weight, is_google_font, display_order, is_active) \
         SELECT 'f' || i, repeat('x', 90), 'font-family: x', '400', false, i, true \
         FROM generate_series(1, 5000) i",
    )
    .execute(&pool)
    .await
    .unwrap();
    let (code, second) = db_size_json(&db, &[]);
    assert_eq!(code, 0);
    let growth = &second["growth"];
    assert!(
        growth["since_last_bytes"].as_i64().unwrap() > 0,
        "{second:#}"
    );
    assert!(
        table(&second, "public", "fonts")["growth_since_last_bytes"]
            .as_i64()
            .unwrap()
            > 500_000
    );
    assert_eq!(
        table(&second, "public", "orders")["growth_since_last_bytes"],
        0
    );
    assert_eq!(
        growth["week_bytes"],
        Value::Null,
        "no snapshot a week old yet"
    );

    // Age the snapshot by seven and a half days: it becomes the 7-day baseline (8 or more
    // would be titled by its date), and with a size limit the days until full follow from the
    // rate.
    sqlx::query("UPDATE pmc.size_snapshots SET taken_at = taken_at - interval '7 days 12 hours'")
        .execute(&pool)
        .await
        .unwrap();
    let out = pmc()
        .args(["--database-url", &db.url, "db-size", "--json"])
        .env("PMC_DATABASE_SIZE_LIMIT", "10GiB")
        .output()
        .unwrap();
    let third: Value = serde_json::from_slice(&out.stdout).unwrap();
    let growth = &third["growth"];
    assert!(growth["week_bytes"].as_i64().unwrap() > 0, "{third:#}");
    assert!(
        table(&third, "public", "fonts")["growth_7d_bytes"]
            .as_i64()
            .unwrap()
            > 500_000
    );
    let rate = growth["bytes_per_day"].as_f64().unwrap();
    let days = growth["days_until_limit"].as_f64().unwrap();
    let size = third["size_bytes"].as_f64().unwrap();
    assert!(((10.0 * 1024.0 * 1024.0 * 1024.0 - size) / rate - days).abs() < 1.0);

    let text = pmc()
        .args(["--database-url", &db.url, "db-size"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("growth: +") && text.contains("in 7 days"),
        "{text}"
    );
    assert!(text.contains("since last"), "{text}");

    let runs: Vec<(String, String)> =
        sqlx::query_as("SELECT command, outcome FROM pmc.runs ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(runs, vec![("db-size".to_string(), "ok".to_string())]);
}

#[tokio::test]
async fn a_table_name_with_a_newline_stays_on_its_row() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    sqlx::raw_sql("CREATE TABLE \"two\nlines\" (id int)")
        .execute(&pool)
        .await
        .unwrap();
    for args in [&["db-size"][..], &["vacuum", "--dry-run", "--all"][..]] {
        let out = pmc()
            .args(["--database-url", &db.url])
            .args(args)
            .output()
            .unwrap();
        let table = String::from_utf8_lossy(&out.stdout);
        // The row holds the name on one line (so do vacuum's statements below the table; JSON
        // has them exact).
        let row = table.lines().find(|l| l.contains("two")).unwrap();
        assert!(row.contains("two\\nlines"), "{args:?}: {table}");
    }
}

/// A table whose indexes (a plain REINDEX) or whose table (VACUUM FULL, ALTER TABLE) another
/// session holds exclusively is shown with its size unknown, last, with a note; db-size does not
/// wait for the lock and fail as UNKNOWN, and --record saves the other tables.
#[tokio::test]
async fn a_locked_table_or_index_shows_its_size_unknown() {
    let db = TestDb::new().await;
    let mut reindexing = sqlx::PgConnection::connect(&db.url).await.unwrap();
    sqlx::raw_sql("BEGIN; REINDEX TABLE colors")
        .execute(&mut reindexing)
        .await
        .unwrap();
    let mut locked = crate::common::hold_table_lock(&db, "fonts").await;
    let run = |args: &[&str]| {
        pmc()
            .env("PMC_DATABASE_LOCK_TIMEOUT", "10s")
            .args(["--database-url", &db.url, "db-size"])
            .args(args)
            .output()
            .unwrap()
    };
    let started = std::time::Instant::now();
    let out = run(&["--json"]);
    let text = run(&[]);
    let recorded = run(&["--record", "--json"]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "waited for the lock"
    );
    for conn in [&mut reindexing, &mut locked] {
        sqlx::raw_sql("ROLLBACK").execute(conn).await.unwrap();
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["size_unknown"],
        serde_json::json!(["public.colors", "public.fonts"]),
        "{report:#}"
    );
    let colors = table(&report, "public", "colors");
    assert_eq!(colors["total_bytes"], Value::Null);
    assert!(
        table(&report, "public", "brands")["total_bytes"]
            .as_i64()
            .is_some()
    );
    let tables = report["tables"].as_array().unwrap();
    assert_eq!(
        tables[tables.len() - 1]["total_bytes"],
        Value::Null,
        "listed last"
    );

    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("size unknown (another session holds an exclusive lock")
            && text.contains("public.colors, public.fonts"),
        "{text}"
    );
    assert_eq!(
        recorded.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&recorded.stderr)
    );
    let recorded: Value = serde_json::from_slice(&recorded.stdout).unwrap();
    // Its own run created pmc's tables: count against what it measured.
    assert_eq!(
        recorded["recorded"]["tables"].as_u64().unwrap(),
        recorded["tables_total"].as_u64().unwrap() - 2,
        "{recorded:#}"
    );
}

/// Thresholds up to u64::MAX are accepted, and the message comparing them shows them as sizes,
/// never negative.
#[test]
fn a_huge_threshold_is_named_as_a_size_not_a_negative_one() {
    for (warn, crit, shown) in [
        ("18446744073709551615", "1", "--warn-at (16.0 EiB)"),
        ("9223372036854775808", "1GB", "--warn-at (8.0 EiB)"),
    ] {
        let out = pmc()
            .args([
                "--database-url",
                "postgres://nobody@127.0.0.1:1/none",
                "db-size",
            ])
            .args(["--warn-at", warn, "--crit-at", crit])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(64), "{stderr}");
        assert!(stderr.contains(shown), "{stderr}");
        assert!(!stderr.contains("(-"), "{stderr}");
    }
}

/// The growth line says what it knows: no rate yet (rather than "limit not in sight") with
/// only a fresh snapshot, the baseline's date when it is far older than 7 days, and why there is
/// no growth when every snapshot lies ahead of this clock.
#[tokio::test]
async fn the_growth_line_names_its_span_and_what_is_missing() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let (code, _) = db_size_json(&db, &["--record"]);
    assert_eq!(code, 0);
    let text = || {
        let out = pmc()
            .env("PMC_DATABASE_SIZE_LIMIT", "1GiB")
            .args(["--database-url", &db.url, "db-size"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let fresh = text();
    assert!(
        fresh.contains("no rate towards the limit yet (no snapshot a day old)")
            && !fresh.contains("limit not in sight"),
        "{fresh}"
    );

    sqlx::query("UPDATE pmc.size_snapshots SET taken_at = now() - interval '60 days'")
        .execute(&pool)
        .await
        .unwrap();
    let date: String = sqlx::query_scalar(
        "SELECT to_char(taken_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM pmc.size_snapshots",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let old = text();
    let growth = old.lines().find(|l| l.starts_with("growth:")).unwrap();
    assert!(
        growth.contains(&format!("since {date}")) && !growth.contains("7 days"),
        "{old}"
    );
    let header = old.lines().find(|l| l.contains("since last")).unwrap();
    assert!(header.contains(&format!("since {date}")), "{old}");
    let (_, report) = db_size_json(&db, &[]);
    let days = report["growth"]["week_days"].as_f64().unwrap();
    assert!((59.9..60.1).contains(&days), "{report:#}");

    sqlx::query("UPDATE pmc.size_snapshots SET taken_at = now() + interval '30 days'")
        .execute(&pool)
        .await
        .unwrap();
    let future = text();
    assert!(
        future.contains("growth: unknown: every snapshot is later than this machine's clock"),
        "{future}"
    );
    let (_, report) = db_size_json(&db, &[]);
    assert!(report["future_snapshot_at"].is_string(), "{report:#}");
}

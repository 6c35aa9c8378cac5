//! `pmc cleanup` and the orders archive against a real PostgreSQL: every sale rule archives
//! the sale, only no-sale sessions are deleted, dry-run equals the real run, archived rows
//! equal the originals, reruns, --max-runtime, kill -9, the confirm gate, a concurrent writer,
//! bad flags, and the orders archive rules.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use serde_json::Value;
use sqlx::Connection as _;
use sqlx::PgPool;

use crate::common::{TestDb, eventually, pmc, spawn_pmc};

/// Runs pmc with `args` against `db`; returns exit code, stdout as JSON (Null when it is not
/// JSON) and stderr.
fn run(db: &TestDb, args: &[&str]) -> (i32, Value, String) {
    let out = pmc()
        .args(["--database-url", &db.url])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap(), json, stderr)
}

fn cleanup_json(db: &TestDb, extra: &[&str]) -> Value {
    let mut args = vec!["--json", "cleanup"];
    args.extend_from_slice(extra);
    let (code, json, stderr) = run(db, &args);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    json
}

async fn count(pool: &PgPool, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

async fn ids(pool: &PgPool, sql: &'static str) -> HashSet<String> {
    sqlx::query_scalar::<_, String>(sql)
        .fetch_all(pool)
        .await
        .unwrap()
        .into_iter()
        .collect()
}

/// Every row of the store's session table as text, to compare before and after.
/// The ids of the hot table and of the archive, read in one statement (one snapshot).
async fn hot_and_archived(pool: &PgPool) -> (HashSet<String>, HashSet<String>) {
    let rows: Vec<(String, bool)> = sqlx::query_as(
        "SELECT id, false FROM vending_machine_sessions \
         UNION ALL SELECT id, true FROM pmc_archive.vending_sessions",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let (archived, hot): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(_, archived)| *archived);
    (
        hot.into_iter().map(|(id, _)| id).collect(),
        archived.into_iter().map(|(id, _)| id).collect(),
    )
}

async fn session_rows(pool: &PgPool) -> Vec<String> {
    sqlx::query_scalar("SELECT s::text FROM vending_machine_sessions AS s ORDER BY s.id")
        .fetch_all(pool)
        .await
        .unwrap()
}

/// Adds an expired session (30 days past expiry, status expired, no payment fields) with
/// these overrides; returns its session_id.
async fn add_session(pool: &PgPool, tag: &str, sql_set: &'static str) -> String {
    let session_id = format!("VM001_20261001_000000_{tag}");
    sqlx::query(
        "INSERT INTO vending_machine_sessions (id, session_id, machine_id, status, user_progress, \
         expires_at, created_at, session_data) \
         VALUES ($1, $2, 'VM001', 'expired', 'qr_scanned', now() - interval '30 days', \
                 now() - interval '30 days 1 hour', '{\"qr_scanned_at\": \"2026-10-01T00:00:00\"}')",
    )
    .bind(format!("test-{tag}"))
    .bind(&session_id)
    .execute(pool)
    .await
    .unwrap();
    if !sql_set.is_empty() {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE vending_machine_sessions SET {sql_set} WHERE id = $1"
        )))
        .bind(format!("test-{tag}"))
        .execute(pool)
        .await
        .unwrap();
    }
    session_id
}

/// One expired session per sale rule, plus one that holds nothing; returns (tag, expected
/// reason) for the sales.
async fn add_one_session_per_rule(pool: &PgPool) -> Vec<(&'static str, &'static str)> {
    let rules: [(&str, &'static str, &str); 14] = [
        (
            "PAIDXX01",
            "status = 'payment_completed'",
            "status payment_completed",
        ),
        (
            "PENDXX02",
            "status = 'payment_pending'",
            "status payment_pending",
        ),
        (
            "CONFXX03",
            "payment_confirmed_at = now() - interval '31 days'",
            "payment_confirmed_at is set",
        ),
        (
            "METHXX04",
            "payment_method = 'vending_machine'",
            "payment_method is set",
        ),
        (
            "PDATXX05",
            "session_data = '{\"payment_data\": {\"third_id\": \"PYEN000000000001\"}}'",
            "session_data carries payment_data",
        ),
        (
            "CPIDXX06",
            "session_data = '{\"chinese_payment_id\": \"MSPY1\"}'",
            "session_data carries chinese_payment_id",
        ),
        (
            "CORDXX07",
            "session_data = '{\"chinese_order_response\": {\"code\": 200}}'",
            "session_data carries chinese_order_response",
        ),
        (
            "OTIDXX08",
            "session_data = '{\"order_third_id\": \"OREN000000000001\"}'",
            "session_data carries order_third_id",
        ),
        (
            // The same key to a JSON reader, not to a text search.
            "ESCKXX13",
            r#"session_data = '{"payment\u005fdata": {"amount": 35}}'"#,
            "session_data has a key written with \\u escapes",
        ),
        (
            "MAPPXX09",
            "session_data = '{\"chinese_third_id\": \"PYEN991231000009\"}'",
            "its third_id has a payment_mappings row",
        ),
        (
            // PYEN991231000009 to a JSON reader, which has a mapping; not the same text.
            "ESCTXX15",
            r#"session_data = '{"chinese_third_id": "PYEN99123100000\u0039"}'"#,
            "its third_id is written with escapes",
        ),
        (
            "OIDSXX10",
            "order_id = (SELECT min(id) FROM orders)",
            "order_id is set",
        ),
        (
            // `pmc orders` reads a number as its text, which a mapping may hold.
            "NUMTXX17",
            r#"session_data = '{"chinese_third_id": 7.77002e5}'"#,
            "its third_id is a number",
        ),
        (
            // An empty third id that a mapping holds (the mapping below).
            "EMPTXX18",
            r#"session_data = '{"chinese_third_id": ""}'"#,
            "its third_id has a payment_mappings row",
        ),
    ];
    let mut expected = Vec::new();
    for (tag, set, reason) in rules {
        add_session(pool, tag, set).await;
        expected.push((tag, reason));
    }
    sqlx::query(
        "INSERT INTO payment_mappings (id, third_id, chinese_payment_id, device_id, pay_type) \
         VALUES ('test-mapping', 'PYEN991231000009', 'MSPY9', 'VM001', 5), \
                ('test-mapping-empty', '', 'MSPY10', 'VM001', 5)",
    )
    .execute(pool)
    .await
    .unwrap();
    // An order that names the session in orders.session_id.
    let referenced = add_session(pool, "OREFXX11", "").await;
    sqlx::query(
        "UPDATE orders SET session_id = $1 WHERE id = (SELECT max(id) FROM orders WHERE session_id IS NULL)",
    )
    .bind(&referenced)
    .execute(pool)
    .await
    .unwrap();
    expected.push(("OREFXX11", "an order references it"));
    add_session(pool, "NOSALE12", "").await;
    // Escapes in values (Python's ensure_ascii writes every non-ASCII character so) are no sale.
    add_session(
        pool,
        "NOSALE14",
        r#"session_data = '{"location": "Caf\u00e9 \"K\u00f6ln\"", "note": "x\u00e9"}'"#,
    )
    .await;
    // A key escaped beyond ASCII cannot be a sale key, which is ASCII (escaped, \u00XX), even
    // next to a value escaped within \u00XX.
    add_session(
        pool,
        "NOSALE16",
        r#"session_data = '{"\u4e2d\u6587": "Caf\u00e9", "\u0444": {"k": 1}}'"#,
    )
    .await;
    expected
}

#[tokio::test]
async fn every_sale_rule_archives_the_sale_and_only_no_sale_sessions_are_deleted() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let expected = add_one_session_per_rule(&pool).await;

    let plan = cleanup_json(&db, &["--dry-run"]);

    let done = cleanup_json(&db, &["--yes"]);
    assert_eq!(done["mode"], "applied");
    let by_reason = &done["done"]["archived_by_reason"];
    let archived = ids(&pool, "SELECT id FROM pmc_archive.vending_sessions").await;
    let hot = ids(&pool, "SELECT id FROM vending_machine_sessions").await;
    for (tag, reason) in &expected {
        let id = format!("test-{tag}");
        assert!(archived.contains(&id), "{tag} ({reason}) was not archived");
        assert!(!hot.contains(&id), "{tag} is still in the hot table");
        assert!(
            by_reason[*reason].as_i64().unwrap_or(0) >= 1,
            "no session archived for {reason}: {by_reason:#}"
        );
    }
    for tag in ["NOSALE12", "NOSALE14", "NOSALE16"] {
        let id = format!("test-{tag}");
        assert!(
            !archived.contains(&id) && !hot.contains(&id),
            "{tag} was kept"
        );
    }
    // Nothing deleted held a sale: every archived or deleted row was counted, and the plan's
    // deletions are exactly the no-sale ones.
    assert_eq!(
        plan["plan"]["delete"].as_i64().unwrap(),
        done["done"]["deleted"].as_i64().unwrap(),
        "{plan:#}\n{done:#}"
    );
    // Paid fixture sessions marked `expired` are among the archived.
    let paid_expired = count(
        &pool,
        "SELECT count(*) FROM pmc_archive.vending_sessions \
         WHERE status = 'expired' AND payment_confirmed_at IS NOT NULL",
    )
    .await;
    assert!(paid_expired > 0);
    // The journal has the run and its counts.
    let (outcome, summary): (String, Value) = sqlx::query_as(
        "SELECT outcome, summary FROM pmc.runs WHERE command = 'cleanup' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(outcome, "ok");
    assert_eq!(summary["done"]["deleted"], done["done"]["deleted"]);
    assert_eq!(summary["done"]["archived"], done["done"]["archived"]);
}

#[tokio::test]
async fn dry_run_changes_nothing_and_its_counts_equal_the_real_run() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    add_one_session_per_rule(&pool).await;
    // Keep-category rows: recently expired and still live.
    add_session(&pool, "RECENT13", "expires_at = now() - interval '1 day'").await;
    add_session(
        &pool,
        "LIVEXX14",
        "expires_at = now() + interval '1 hour', status = 'active'",
    )
    .await;
    let before = session_rows(&pool).await;

    let plan = cleanup_json(&db, &["--dry-run"]);
    assert_eq!(plan["mode"], "dry_run");
    assert!(plan["done"].is_null());
    assert_eq!(
        session_rows(&pool).await,
        before,
        "dry-run changed the table"
    );
    let has_pmc: bool = sqlx::query_scalar("SELECT to_regclass('pmc.runs') IS NOT NULL")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(!has_pmc, "dry-run created the pmc schema");
    let rows = plan["plan"]["rows"].as_array().unwrap();
    for category in ["delete", "archive", "keep"] {
        let row = rows.iter().find(|r| r["category"] == category).unwrap();
        assert!(!row["sample"].as_array().unwrap().is_empty(), "{row:#}");
    }
    let keep_reasons: Vec<&str> = rows
        .iter()
        .filter(|r| r["category"] == "keep")
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    assert!(
        keep_reasons.contains(&"live: expires_at is in the future"),
        "{keep_reasons:?}"
    );
    assert!(
        keep_reasons.contains(&"expired less than --older-than ago"),
        "{keep_reasons:?}"
    );

    let done = cleanup_json(&db, &["--yes"]);
    let d = &done["done"];
    assert_eq!(d["deleted"], plan["plan"]["delete"]);
    assert_eq!(d["archived"], plan["plan"]["archive"]);
    assert_eq!(d["remaining"], 0);
    assert_eq!(d["complete"], true);
    for row in rows.iter().filter(|r| r["category"] == "archive") {
        let reason = row["reason"].as_str().unwrap();
        assert_eq!(d["archived_by_reason"][reason], row["sessions"], "{reason}");
    }
    let left = count(&pool, "SELECT count(*) FROM vending_machine_sessions").await;
    assert_eq!(Value::from(left), plan["plan"]["keep"]);

    // A rerun finds nothing to do and changes nothing.
    let archived_before = count(&pool, "SELECT count(*) FROM pmc_archive.vending_sessions").await;
    let hot_before = session_rows(&pool).await;
    let again = cleanup_json(&db, &["--yes"]);
    assert_eq!(again["done"]["deleted"], 0);
    assert_eq!(again["done"]["archived"], 0);
    assert_eq!(session_rows(&pool).await, hot_before);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM pmc_archive.vending_sessions").await,
        archived_before
    );
}

/// The parallel sweeps cover the table exactly: one sweep and four, each with small batches
/// (many ranges per sweep), delete and archive the same sessions from two copies of one store.
#[tokio::test]
async fn any_number_of_jobs_cleans_exactly_the_same_sessions() {
    let mut outcomes = Vec::new();
    for jobs in ["1", "4"] {
        let db = TestDb::with_fixtures(1).await;
        let pool = db.pool().await;
        add_one_session_per_rule(&pool).await;
        let done = cleanup_json(&db, &["--yes", "--jobs", jobs, "--batch-size", "300"]);
        assert_eq!(done["jobs"], jobs.parse::<u32>().unwrap());
        assert_eq!(done["done"]["complete"], true, "{done:#}");
        assert_eq!(done["done"]["remaining"], 0, "{done:#}");
        assert!(done["done"]["batches"].as_u64().unwrap() > 4, "{done:#}");
        outcomes.push((
            session_rows(&pool).await,
            ids(&pool, "SELECT id FROM pmc_archive.vending_sessions").await,
            done["done"]["archived_by_reason"].clone(),
            done["done"]["deleted"].clone(),
        ));
    }
    assert!(outcomes[0] == outcomes[1], "jobs 1 and jobs 4 differ");
}

#[tokio::test]
async fn archived_rows_equal_the_originals_column_for_column() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    sqlx::query(
        "CREATE TABLE before_rows AS SELECT s.id, s::text AS row_text FROM vending_machine_sessions AS s",
    )
    .execute(&pool)
    .await
    .unwrap();
    let done = cleanup_json(&db, &["--yes", "--batch-size", "700"]);
    let archived = done["done"]["archived"].as_i64().unwrap();
    assert!(archived > 1000, "{done:#}");
    let equal = count(
        &pool,
        "SELECT count(*) FROM before_rows AS b \
         JOIN pmc_archive.vending_sessions AS a ON a.id = b.id \
         WHERE b.row_text = (a.id, a.session_id, a.machine_id, a.status, a.user_progress, \
               a.qr_data, a.user_agent, a.ip_address, a.order_id, a.payment_method, \
               a.payment_amount, a.payment_confirmed_at, a.expires_at, a.last_activity, \
               a.created_at, a.updated_at, a.session_data, a.error_log)::text",
    )
    .await;
    assert_eq!(equal, archived);
    let run_ids = count(
        &pool,
        "SELECT count(DISTINCT run_id) FROM pmc_archive.vending_sessions",
    )
    .await;
    assert_eq!(run_ids, 1);
}

/// A sale archived by one run, put back into the hot table (an operator restoring it) and
/// archived again by the next: the archive keeps one row, the newest copy, under the newer
/// run. Both batch statements: session_data json-typed (one statement) and text (parsed by pmc).
#[tokio::test]
async fn a_sale_archived_again_keeps_only_its_newest_copy() {
    for session_data_type in ["json", "text"] {
        let db = TestDb::with_fixtures(1).await;
        let pool = db.pool().await;
        if session_data_type == "text" {
            sqlx::query("ALTER TABLE vending_machine_sessions ALTER COLUMN session_data TYPE text")
                .execute(&pool)
                .await
                .unwrap();
        }
        add_session(&pool, "AGAIN001", "status = 'payment_completed'").await;
        cleanup_json(&db, &["--yes"]);
        sqlx::query(
            "INSERT INTO vending_machine_sessions (id, session_id, machine_id, status, \
             user_progress, expires_at, created_at, session_data) \
             SELECT id, session_id, machine_id, status, 'order_submitted', expires_at, \
                    created_at, session_data \
             FROM pmc_archive.vending_sessions WHERE id = 'test-AGAIN001'",
        )
        .execute(&pool)
        .await
        .unwrap();
        let again = cleanup_json(&db, &["--yes"]);
        assert_eq!(
            again["done"]["archived"], 1,
            "{session_data_type}: {again:#}"
        );
        let copies: Vec<(String, bool)> = sqlx::query_as(
            "SELECT a.user_progress, a.run_id = (SELECT max(id) FROM pmc.runs) \
             FROM pmc_archive.vending_sessions AS a WHERE a.id = 'test-AGAIN001'",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        assert_eq!(
            copies,
            [("order_submitted".to_string(), true)],
            "{session_data_type}: one copy, the newest, of the newest run"
        );
    }
}

#[tokio::test]
async fn unparsable_session_data_counts_as_a_sale() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    // A store whose session_data was changed to text by hand holds any text.
    sqlx::query("ALTER TABLE vending_machine_sessions ALTER COLUMN session_data TYPE text")
        .execute(&pool)
        .await
        .unwrap();
    add_session(
        &pool,
        "BROKEN01",
        "session_data = '{\"order_summary\": {\"brand\": \"iPh'",
    )
    .await;
    add_session(
        &pool,
        "VALIDX02",
        "session_data = '{\"order_summary\": {\"brand\": \"iPhone\"}}'",
    )
    .await;
    let plan = cleanup_json(&db, &["--dry-run"]);
    let row = plan["plan"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["reason"] == "session_data does not parse")
        .unwrap_or_else(|| panic!("{plan:#}"))
        .clone();
    assert_eq!(row["sessions"], 1);
    assert_eq!(row["category"], "archive");
    let done = cleanup_json(&db, &["--yes"]);
    assert_eq!(
        done["done"]["archived_by_reason"]["session_data does not parse"],
        1
    );
    let archived = ids(&pool, "SELECT id FROM pmc_archive.vending_sessions").await;
    assert!(archived.contains("test-BROKEN01"));
    assert!(!archived.contains("test-VALIDX02"));
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM vending_machine_sessions WHERE id LIKE 'test-%'"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn max_runtime_stops_between_batches_and_the_next_run_finishes() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let first = cleanup_json(
        &db,
        &["--yes", "--batch-size", "50", "--max-runtime", "1ms"],
    );
    let d = &first["done"];
    assert_eq!(d["stopped"], "max_runtime", "{first:#}");
    assert_eq!(d["complete"], false);
    assert!(d["remaining"].as_i64().unwrap() > 0);
    // Whatever it did was whole batches.
    let moved = d["deleted"].as_i64().unwrap() + d["archived"].as_i64().unwrap();
    assert!(moved <= d["batches"].as_i64().unwrap() * 50);
    let second = cleanup_json(&db, &["--yes"]);
    assert_eq!(second["done"]["complete"], true);
    assert_eq!(second["done"]["remaining"], 0);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM vending_machine_sessions WHERE expires_at < now() - interval '7 days'"
        )
        .await,
        0
    );
    let outcomes: Vec<String> =
        sqlx::query_scalar("SELECT outcome FROM pmc.runs WHERE command = 'cleanup' ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(outcomes, ["ok", "ok"]);
}

/// The sale rules as the fixtures need them (no payment_mappings-only or order-only sales
/// there), to know which sessions a cleanup may delete.
const FIXTURE_NO_SALE: &str = "SELECT id FROM vending_machine_sessions \
     WHERE expires_at < now() - interval '7 days' \
       AND coalesce(status, '') NOT IN ('payment_completed', 'payment_pending') \
       AND payment_confirmed_at IS NULL AND payment_method IS NULL AND order_id IS NULL \
       AND coalesce(session_data::text, '') \
           !~ '(payment_data|chinese_payment_id|chinese_order_response|order_third_id|third_id)' \
       AND session_id NOT IN (SELECT session_id FROM orders WHERE session_id IS NOT NULL)";

/// Waits until a running cleanup has committed a batch that archived a sale.
async fn until_a_batch_committed(pool: &PgPool) {
    eventually("pmc to commit a batch of its run", || {
        let pool = pool.clone();
        async move {
            // The archive exists once pmc has migrated; its journal row is open by then.
            let migrated: bool = sqlx::query_scalar(
                "SELECT to_regclass('pmc_archive.vending_sessions') IS NOT NULL",
            )
            .fetch_one(&pool)
            .await
            .unwrap();
            migrated
                && sqlx::query_scalar::<_, bool>(
                    "SELECT EXISTS (SELECT 1 FROM pmc.runs WHERE command = 'cleanup' AND outcome = 'running') \
                     AND EXISTS (SELECT 1 FROM pmc_archive.vending_sessions)",
                )
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    })
    .await;
}

#[tokio::test]
async fn kill_9_mid_run_loses_no_session_and_a_rerun_finishes() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let all = ids(&pool, "SELECT id FROM vending_machine_sessions").await;
    let deletable = ids(&pool, FIXTURE_NO_SALE).await;
    assert!(deletable.len() > 1000 && deletable.len() < all.len());

    let mut child = spawn_pmc(&db.url, &["cleanup", "--yes", "--batch-size", "5"]);
    until_a_batch_committed(&pool).await;
    crate::common::send_signal(&child, rustix::process::Signal::KILL);
    child.wait().unwrap();

    // Killed in the middle: work is left, and nothing is lost.
    let left = count(
        &pool,
        "SELECT count(*) FROM vending_machine_sessions WHERE expires_at < now() - interval '7 days'",
    )
    .await;
    assert!(left > 0, "pmc finished before the kill");
    let check_nothing_lost = |hot: &HashSet<String>, archived: &HashSet<String>| {
        for id in &all {
            assert!(
                hot.contains(id) || archived.contains(id) || deletable.contains(id),
                "session {id} was lost"
            );
            assert!(
                !(hot.contains(id) && archived.contains(id)),
                "session {id} is both hot and archived"
            );
        }
    };
    // Both sets from one snapshot: the killed client's server session may still commit the
    // batch it sent last, between two separate reads.
    let (hot, archived) = hot_and_archived(&pool).await;
    check_nothing_lost(&hot, &archived);
    let outcome: String =
        sqlx::query_scalar("SELECT outcome FROM pmc.runs WHERE command = 'cleanup'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(outcome, "running", "a kill -9 cannot close its journal row");

    // The rerun gets the lock (the server dropped it with the dead session) and finishes.
    let done = cleanup_json(&db, &["--yes"]);
    assert_eq!(done["done"]["complete"], true);
    assert_eq!(done["done"]["remaining"], 0);
    let (hot, archived) = hot_and_archived(&pool).await;
    check_nothing_lost(&hot, &archived);
    for id in all.difference(&deletable) {
        assert!(
            archived.contains(id) || hot.contains(id),
            "sale {id} is neither hot nor archived"
        );
    }
    for id in &deletable {
        assert!(!hot.contains(id), "deletable {id} is still there");
    }
    let last: String = sqlx::query_scalar(
        "SELECT outcome FROM pmc.runs WHERE command = 'cleanup' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(last, "ok");
}

#[tokio::test]
async fn without_a_terminal_and_without_yes_it_exits_64_and_changes_nothing() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let before = session_rows(&pool).await;
    for args in [
        &["cleanup"][..],
        &["orders", "archive", "--older-than", "30d"],
    ] {
        let (code, _, stderr) = run(&db, args);
        assert_eq!(code, 64, "{args:?}: {stderr}");
        assert!(stderr.contains("--yes"), "{stderr}");
    }
    assert_eq!(session_rows(&pool).await, before);
    let has_pmc: bool = sqlx::query_scalar("SELECT to_regclass('pmc.runs') IS NOT NULL")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(!has_pmc);
}

#[test]
fn bad_input_for_each_flag_exits_64_naming_the_flag() {
    let cases: &[(&[&str], &str)] = &[
        (&["cleanup", "--older-than", "soon"], "--older-than"),
        (&["cleanup", "--older-than", "0"], "--older-than"),
        // Taken as the flag's value, so the message names the flag, not an unknown `-1`.
        (&["cleanup", "--older-than", "-1d"], "--older-than"),
        // A cutoff that long ago is outside PostgreSQL's range.
        (&["cleanup", "--older-than", "100000y"], "--older-than"),
        (&["cleanup", "--batch-size", "0"], "--batch-size"),
        (&["cleanup", "--batch-size", "many"], "--batch-size"),
        (&["cleanup", "--max-runtime", "a while"], "--max-runtime"),
        (&["cleanup", "--max-runtime", "0s"], "--max-runtime"),
        (
            &["cleanup", "--orders-older-than", "never"],
            "--orders-older-than",
        ),
        (&["cleanup", "--dry-run", "--yes"], "--yes"),
        (&["cleanup", "--jobs", "0"], "--jobs"),
        (&["cleanup", "--jobs", "two"], "--jobs"),
        (&["orders", "archive"], "--older-than"),
        (
            &["orders", "archive", "--older-than", "ninety"],
            "--older-than",
        ),
        (
            &["orders", "archive", "--older-than", "100000y"],
            "--older-than",
        ),
        (
            &[
                "orders",
                "archive",
                "--older-than",
                "90d",
                "--batch-size",
                "0",
            ],
            "--batch-size",
        ),
        (
            &[
                "orders",
                "archive",
                "--older-than",
                "90d",
                "--max-runtime",
                "x",
            ],
            "--max-runtime",
        ),
    ];
    for (args, flag) in cases {
        let out = pmc()
            .args(["--database-url", "postgres://nobody@127.0.0.1:1/none"])
            .args(*args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(64), "{args:?}: {stderr}");
        assert!(stderr.contains(flag), "{args:?}: {stderr}");
    }
}

#[tokio::test]
async fn a_concurrent_writer_never_waits_longer_than_lock_timeout() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    // 50,000 expired sessions: the fixtures' plus four copies under new ids.
    sqlx::query(
        "INSERT INTO vending_machine_sessions \
         SELECT md5(s.id || ':' || k), s.session_id || '_' || k, s.machine_id, s.status, \
                s.user_progress, s.qr_data, s.user_agent, s.ip_address, s.order_id, \
                s.payment_method, s.payment_amount, s.payment_confirmed_at, s.expires_at, \
                s.last_activity, s.created_at, s.updated_at, s.session_data, s.error_log \
         FROM vending_machine_sessions AS s, generate_series(1, 4) AS k",
    )
    .execute(&pool)
    .await
    .unwrap();
    let expired = count(
        &pool,
        "SELECT count(*) FROM vending_machine_sessions WHERE expires_at < now() - interval '7 days'",
    )
    .await;
    assert!(expired >= 45_000, "{expired}");
    let targets: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM vending_machine_sessions WHERE expires_at < now() - interval '7 days' \
         ORDER BY md5(id) LIMIT 5000",
    )
    .fetch_all(&pool)
    .await
    .unwrap();

    let lock_timeout = Duration::from_secs(1);
    let mut child = tokio::process::Command::from(std::process::Command::from(pmc()))
        .args(["--database-url", &db.url, "--json", "cleanup", "--yes"])
        .env("PMC_DATABASE_LOCK_TIMEOUT", "1s")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();

    // The store's writer: no lock_timeout of its own, so a wait shows in full.
    let mut writer = sqlx::PgConnection::connect(&db.url).await.unwrap();
    let mut worst = Duration::ZERO;
    let mut statements = 0u32;
    let mut n = 0usize;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        let started = Instant::now();
        sqlx::query(
            "INSERT INTO vending_machine_sessions (id, session_id, machine_id, status, \
             user_progress, expires_at) \
             VALUES ($1, $1, 'VM001', 'active', 'started', now() + interval '30 minutes')",
        )
        .bind(format!("writer-{n}"))
        .execute(&mut writer)
        .await
        .unwrap();
        worst = worst.max(started.elapsed());
        let started = Instant::now();
        sqlx::query("UPDATE vending_machine_sessions SET last_activity = now() WHERE id = $1")
            .bind(&targets[n % targets.len()])
            .execute(&mut writer)
            .await
            .unwrap();
        worst = worst.max(started.elapsed());
        statements += 2;
        n += 1;
    };
    let out = child.wait_with_output().await.unwrap();
    assert_eq!(
        status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        statements >= 10,
        "the writer ran only {statements} statements"
    );
    assert!(
        worst < lock_timeout,
        "a writer statement waited {worst:?}, longer than lock_timeout {lock_timeout:?}"
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        report["done"]["deleted"].as_i64().unwrap() > 10_000,
        "{report:#}"
    );
    // The writer's new sessions are all there.
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM vending_machine_sessions WHERE id LIKE 'writer-%'"
        )
        .await,
        n as i64
    );
}

/// Slows every delete of an order_images row by `seconds` (a stand-in for the foreign-key
/// check that reads every session while sessions.order_id has no index).
async fn slow_image_deletes(pool: &PgPool, seconds: f64) {
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "CREATE FUNCTION slow_delete() RETURNS trigger LANGUAGE plpgsql AS \
         $$ BEGIN PERFORM pg_sleep({seconds}); RETURN OLD; END $$; \
         CREATE TRIGGER slow_delete BEFORE DELETE ON order_images \
         FOR EACH ROW EXECUTE FUNCTION slow_delete();"
    )))
    .execute(pool)
    .await
    .unwrap();
}

/// Slow orders archive batches are cut to fit: no store writer waits for an order a batch holds
/// longer than lock_timeout, and every order is archived all the same.
#[tokio::test]
async fn the_orders_archive_never_holds_a_writer_longer_than_lock_timeout() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let archivable = archivable_orders(&pool).await;
    assert!(archivable.len() > 100, "{}", archivable.len());
    slow_image_deletes(&pool, 0.01).await;
    let mut targets: Vec<String> = archivable.iter().cloned().collect();
    targets.sort();
    let lock_timeout = Duration::from_secs(1);
    let mut child = tokio::process::Command::from(std::process::Command::from(pmc()))
        .args(["--database-url", &db.url, "--json", "orders", "archive"])
        .args(["--older-than", "30d", "--yes", "--batch-size", "1000"])
        .env("PMC_DATABASE_LOCK_TIMEOUT", "1s")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The store's writer touches the orders in the order the archive takes them. Its own
    // lock_timeout is the one pmc must keep to: the server times only the wait for a lock, so a
    // machine slowed by the other tests cannot fail this, while a longer wait fails it (55P03).
    let mut writer = sqlx::PgConnection::connect(&db.url).await.unwrap();
    sqlx::query("SET lock_timeout = '1s'")
        .execute(&mut writer)
        .await
        .unwrap();
    let mut worst = Duration::ZERO;
    let mut statements = 0usize;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        let started = Instant::now();
        sqlx::query("UPDATE orders SET notes = coalesce(notes, '') WHERE id = $1")
            .bind(&targets[(statements * 7) % targets.len()])
            .execute(&mut writer)
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "a writer statement waited longer than lock_timeout {lock_timeout:?} \
                     (after {:?}): {e}",
                    started.elapsed()
                )
            });
        worst = worst.max(started.elapsed());
        statements += 1;
    };
    let out = child.wait_with_output().await.unwrap();
    assert_eq!(
        status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        statements >= 10,
        "the writer ran only {statements} statements"
    );
    // Wall time includes waiting for the CPU on a busy machine: shown, not asserted.
    eprintln!("worst writer statement: {worst:?}");
    assert!(
        report["done"]["batches"].as_i64().unwrap() > 1,
        "batches cut well below --batch-size: {report:#}"
    );
    // An order the writer held as its batch went by was skipped, not waited for: the next run
    // takes it, and then every order the rules allow has gone.
    // How many depends on how long each writer statement held its row, which a machine busy
    // with the other tests stretches: at most one per statement, and a small share.
    let skipped = archivable_orders(&pool).await;
    assert!(
        skipped.len() <= statements && skipped.len() * 10 < archivable.len(),
        "{} of {} skipped, {statements} writer statements: {skipped:?}",
        skipped.len(),
        archivable.len()
    );
    let (code, _, stderr) = run(&db, &["orders", "archive", "--older-than", "30d", "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(archivable_orders(&pool).await, HashSet::new());
}

/// A single order that cannot be archived within the batch's time stops the run with what to
/// do, and changes nothing of it.
#[tokio::test]
async fn an_order_too_slow_to_archive_alone_stops_the_run_and_changes_nothing() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    slow_image_deletes(&pool, 1.5).await;
    let orders = count(&pool, "SELECT count(*) FROM orders").await;
    let out = pmc()
        .args(["--database-url", &db.url, "orders", "archive"])
        .args(["--older-than", "30d", "--yes", "--batch-size", "64"])
        .env("PMC_DATABASE_LOCK_TIMEOUT", "1s")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stderr}{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        stderr.contains("a batch of one order took longer than 500ms")
            && stderr.contains("vending_machine_sessions.order_id"),
        "{stderr}"
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM orders").await, orders);
}

/// Orders the archive may take at `older_than_days`, by the rules.
async fn archivable_orders(pool: &PgPool) -> HashSet<String> {
    ids(
        pool,
        "SELECT o.id FROM orders AS o \
         WHERE o.status IN ('completed', 'printed', '12', '16') \
           AND greatest(o.created_at, o.updated_at, o.completed_at, o.paid_at) \
               < now() - interval '30 days' \
           AND NOT EXISTS (SELECT 1 FROM vending_machine_sessions AS s \
                           WHERE s.order_id = o.id OR s.session_id = o.session_id)",
    )
    .await
}

#[tokio::test]
async fn orders_archive_moves_finished_orders_with_their_images_and_nothing_else() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    // Two finished, old orders that a hot vending session still refers to must stay.
    let held: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM orders WHERE status = 'completed' ORDER BY created_at LIMIT 2",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    sqlx::query(
        "UPDATE vending_machine_sessions SET order_id = $1 \
         WHERE id = (SELECT min(id) FROM vending_machine_sessions)",
    )
    .bind(&held[0])
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("UPDATE orders SET session_id = (SELECT max(session_id) FROM vending_machine_sessions) WHERE id = $1")
        .bind(&held[1])
        .execute(&pool)
        .await
        .unwrap();
    let expected = archivable_orders(&pool).await;
    assert!(expected.len() > 50);
    assert!(!expected.contains(&held[0]) && !expected.contains(&held[1]));
    let expected_images = {
        let list: Vec<String> = expected.iter().cloned().collect();
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM order_images WHERE order_id = ANY($1)")
            .bind(&list)
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    sqlx::query("CREATE TABLE before_orders AS SELECT o.id, o::text AS row_text FROM orders AS o")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query(
        "CREATE TABLE before_images AS SELECT i.id, i::text AS row_text FROM order_images AS i",
    )
    .execute(&pool)
    .await
    .unwrap();

    let (code, plan, stderr) = run(
        &db,
        &[
            "--json",
            "orders",
            "archive",
            "--older-than",
            "30d",
            "--dry-run",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(plan["plan"]["archive_orders"], expected.len() as i64);
    assert_eq!(plan["plan"]["archive_images"], expected_images);
    assert!(
        plan["plan"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(
                |r| r["reason"] == "a vending session in the hot table refers to it"
                    && r["orders"].as_i64().unwrap() >= 2
            ),
        "{plan:#}"
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM orders").await, 2000);

    let (code, done, stderr) = run(
        &db,
        &[
            "--json",
            "orders",
            "archive",
            "--older-than",
            "30d",
            "--yes",
            "--batch-size",
            "40",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(done["done"]["orders"], expected.len() as i64);
    assert_eq!(done["done"]["images"], expected_images);
    assert!(done["done"]["batches"].as_i64().unwrap() >= 2);
    let archived = ids(&pool, "SELECT id FROM pmc_archive.orders").await;
    assert_eq!(archived, expected);
    // Every order not archived is untouched; every archived row equals its original.
    let untouched = count(
        &pool,
        "SELECT count(*) FROM before_orders AS b JOIN orders AS o ON o.id = b.id WHERE o::text = b.row_text",
    )
    .await;
    assert_eq!(untouched, 2000 - expected.len() as i64);
    let equal_orders = count(
        &pool,
        "SELECT count(*) FROM before_orders AS b JOIN pmc_archive.orders AS a ON a.id = b.id \
         WHERE b.row_text = (a.id, a.session_id, a.order_number, a.customer_name, a.customer_email, \
               a.customer_phone, a.shipping_address_line1, a.shipping_address_line2, \
               a.shipping_city, a.shipping_postcode, a.shipping_country, a.customer_notes, \
               a.user_data, a.brand_id, a.model_id, a.template_id, a.status, a.total_amount, \
               a.currency, a.stripe_session_id, a.stripe_payment_intent_id, a.payment_status, \
               a.paid_at, a.queue_number, a.third_party_payment_id, a.chinese_payment_id, \
               a.chinese_payment_status, a.chinese_order_id, a.estimated_completion, a.notes, \
               a.machine_id, a.created_at, a.updated_at, a.completed_at)::text",
    )
    .await;
    assert_eq!(equal_orders, expected.len() as i64);
    let equal_images = count(
        &pool,
        "SELECT count(*) FROM before_images AS b JOIN pmc_archive.order_images AS a ON a.id = b.id \
         WHERE b.row_text = (a.id, a.order_id, a.image_path, a.image_type, a.ai_params, \
               a.chinese_image_url, a.created_at)::text",
    )
    .await;
    assert_eq!(equal_images, expected_images);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM order_images WHERE order_id IN (SELECT id FROM pmc_archive.orders)").await,
        0
    );
    let unfinished_archived = count(
        &pool,
        "SELECT count(*) FROM pmc_archive.orders WHERE status NOT IN ('completed', 'printed', '12', '16')",
    )
    .await;
    assert_eq!(unfinished_archived, 0);

    // A rerun is a no-op; the journal has both runs.
    let (code, again, _) = run(
        &db,
        &[
            "--json",
            "orders",
            "archive",
            "--older-than",
            "30d",
            "--yes",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(again["done"]["orders"], 0);
    let outcomes: Vec<String> = sqlx::query_scalar(
        "SELECT outcome FROM pmc.runs WHERE command = 'orders archive' ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(outcomes, ["ok", "ok"]);
}

#[tokio::test]
async fn cleanup_with_orders_older_than_also_archives_orders() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let plan = cleanup_json(&db, &["--dry-run", "--orders-older-than", "30d"]);
    let planned_orders = plan["orders"]["plan"]["archive_orders"].as_i64().unwrap();
    assert!(planned_orders > 0, "{plan:#}");
    // The table names the flag that set the orders' cutoff, not orders archive's --older-than.
    let table = pmc()
        .args(["--database-url", &db.url, "cleanup", "--dry-run"])
        .args(["--orders-older-than", "30d"])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(table.contains("(--orders-older-than 30d):"), "{table}");
    let done = cleanup_json(&db, &["--yes", "--orders-older-than", "30d"]);
    // Sessions go first, so orders their sessions referred to may become free in the same run.
    assert!(done["orders"]["done"]["orders"].as_i64().unwrap() >= planned_orders);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM pmc_archive.orders").await,
        done["orders"]["done"]["orders"].as_i64().unwrap()
    );
    let summary: Value = sqlx::query_scalar(
        "SELECT summary FROM pmc.runs WHERE command = 'cleanup' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        summary["orders"]["done"]["orders"],
        done["orders"]["done"]["orders"]
    );
}

/// Runs `pmc --database-url URL cleanup` on a pseudo-terminal (util-linux `script`), typing
/// `answer`; returns the exit code and everything the terminal showed.
fn cleanup_at_a_terminal(db: &TestDb, answer: &str) -> (i32, String) {
    use std::io::{Read as _, Write as _};
    let template = std::process::Command::from(pmc());
    let pmc_bin = template.get_program().to_string_lossy().into_owned();
    let mut command = std::process::Command::new("script");
    command.args([
        "-qec",
        &format!(
            "{pmc_bin} --database-url '{}' cleanup --batch-size 700",
            db.url
        ),
        "/dev/null",
    ]);
    for (key, value) in template.get_envs() {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    let mut child = command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("util-linux script runs pmc on a terminal");
    // The answer waits in the terminal's input until pmc asks; stdin stays open until pmc
    // has exited, since script ends the session when its input ends.
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(answer.as_bytes()).unwrap();
    stdin.flush().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut shown = String::new();
        let _ = stdout.read_to_string(&mut shown);
        shown
    });
    let status = child.wait().unwrap();
    drop(stdin);
    (status.code().unwrap_or(-1), reader.join().unwrap())
}

#[tokio::test]
async fn at_a_terminal_it_shows_the_plan_asks_and_obeys_the_answer() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let before = session_rows(&pool).await;
    let (code, shown) = cleanup_at_a_terminal(&db, "n\n");
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("plan: delete"), "{shown}");
    assert!(shown.contains("vending sessions? [y/N]"), "{shown}");
    assert!(shown.contains("declined: nothing was changed"), "{shown}");
    assert_eq!(session_rows(&pool).await, before);

    let (code, shown) = cleanup_at_a_terminal(&db, "y\n");
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("deleted "), "{shown}");
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM vending_machine_sessions WHERE expires_at < now() - interval '7 days'"
        )
        .await,
        0
    );
    let (outcome, summary): (String, Value) = sqlx::query_as(
        "SELECT outcome, summary FROM pmc.runs WHERE command = 'cleanup' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(outcome, "ok");
    // The journal keeps the plan that was confirmed next to what was done, and the run kept
    // to the plan's cutoff: the clock moving on while the question waited changes nothing.
    assert_eq!(summary["plan"]["delete"], summary["done"]["deleted"]);
    assert_eq!(summary["plan"]["cutoff"], summary["done"]["cutoff"]);
}

/// Every sale `pmc orders` sees before a cleanup (by id, across every status and kind), and the
/// revenue of the period, as seen after the cleanup. The two commands write their sale rules in
/// separate SQL files; this ties them together: cleanup must not remove a sale that orders
/// counts.
#[tokio::test]
async fn cleanup_removes_no_sale_that_orders_sees() {
    let db = TestDb::with_fixtures(1).await;
    let now = "2026-12-31T00:00:00Z";
    let sales = |db: &TestDb| {
        let (code, list) =
            crate::common::pmc_json(db, &["orders", "list", "--limit", "100000", "--now", now]);
        assert_eq!(code, 0, "{list}");
        let ids: HashSet<String> = list["sales"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids.len() as i64, list["total_matching"].as_i64().unwrap());
        let (code, stats) =
            crate::common::pmc_json(db, &["orders", "stats", "--days", "365", "--now", now]);
        assert_eq!(code, 0, "{stats}");
        (ids, stats["totals"].clone())
    };
    let (before, totals_before) = sales(&db);
    assert!(
        before.len() > 1000,
        "the fixture has sales: {}",
        before.len()
    );

    let report = cleanup_json(&db, &["--yes"]);
    assert!(report["done"]["deleted"].as_i64().unwrap() > 0, "{report}");
    assert!(report["done"]["archived"].as_i64().unwrap() > 0, "{report}");

    let (after, totals_after) = sales(&db);
    let lost: Vec<&String> = before.difference(&after).collect();
    assert!(
        lost.is_empty(),
        "cleanup removed {} sales orders counted, e.g. {:?}",
        lost.len(),
        &lost[..lost.len().min(5)]
    );
    assert_eq!(totals_before, totals_after);
}

#[tokio::test]
async fn a_database_without_the_store_tables_is_refused_before_anything_is_written() {
    let db = TestDb::new().await;
    let other = format!("{}_not_the_store", db.name);
    db.create_database(&other).await;
    let url = db.server_url(&other);
    let commands: [&[&str]; 8] = [
        &["cleanup", "--yes"],
        &["cleanup", "--dry-run"],
        &["cleanup", "--yes", "--orders-older-than", "30d"],
        &["orders", "archive", "--older-than", "30d", "--yes"],
        &["orders", "list"],
        &["orders", "stuck"],
        &["orders", "show", "ORD-1"],
        &["orders", "stats"],
    ];
    for args in commands {
        let out = pmc()
            .args(["--database-url", &url])
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(65), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: this database has no table ")
                && stderr.trim_end().ends_with("is it the store database?"),
            "{args:?}: {stderr}"
        );
    }
    let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
    let schemas: i64 =
        sqlx::query_scalar("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pmc%'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert_eq!(
        schemas, 0,
        "pmc wrote its bookkeeping into a database that is not the store"
    );
    let _ = conn.close().await;
    db.drop_database(&other).await;

    // A store missing one table the sale rules read: named, nothing deleted.
    let pool = db.pool().await;
    sqlx::query("DROP TABLE payment_mappings CASCADE")
        .execute(&pool)
        .await
        .unwrap();
    let (code, _, stderr) = run(&db, &["cleanup", "--yes"]);
    assert_eq!(code, 65, "{stderr}");
    assert!(stderr.contains("no table payment_mappings"), "{stderr}");
}

#[tokio::test]
async fn ctrl_c_stops_between_batches_and_the_journal_keeps_the_counts() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let all = ids(&pool, "SELECT id FROM vending_machine_sessions").await;
    let child = spawn_pmc(
        &db.url,
        &["--json", "cleanup", "--yes", "--batch-size", "5"],
    );
    until_a_batch_committed(&pool).await;
    crate::common::send_signal(&child, rustix::process::Signal::INT);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");

    // The report and the journal row say exactly what the run did before it stopped.
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let done = &report["done"];
    assert_eq!(done["stopped"], "interrupted", "{report:#}");
    assert_eq!(done["complete"], false);
    let (hot, archived) = hot_and_archived(&pool).await;
    let deleted = all.len() - hot.len() - archived.len();
    assert!(deleted > 0 && !archived.is_empty());
    assert_eq!(done["deleted"], deleted as i64, "{report:#}");
    assert_eq!(done["archived"], archived.len() as i64);
    assert!(done["remaining"].as_i64().unwrap() > 0, "{report:#}");
    let (outcome, exit_code, summary): (String, i32, Value) = sqlx::query_as(
        "SELECT outcome, exit_code, summary FROM pmc.runs WHERE command = 'cleanup'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((outcome.as_str(), exit_code), ("interrupted", 130));
    assert_eq!(summary["done"]["deleted"], done["deleted"]);
    assert_eq!(summary["done"]["archived"], done["archived"]);

    // The next run takes the rest.
    let rerun = cleanup_json(&db, &["--yes"]);
    assert_eq!(rerun["done"]["complete"], true);
    assert_eq!(rerun["done"]["remaining"], 0);
}

/// Runs cleanup and orders archive, each as a dry run and for real, on a store they must refuse
/// (exit 65, the message naming `sessions_named` and `orders_named`), and checks that nothing
/// changed: the plan refuses what the run would, so a dry run never shows a plan that fails.
async fn refused_by_plan_and_run(db: &TestDb, sessions_named: &str, orders_named: &str) {
    let pool = db.pool().await;
    let sessions = session_rows(&pool).await;
    let orders = count(&pool, "SELECT count(*) FROM orders").await;
    let cases: [(&[&str], &str); 4] = [
        (&["cleanup", "--dry-run"], sessions_named),
        (&["cleanup", "--yes"], sessions_named),
        (
            &["orders", "archive", "--older-than", "30d", "--dry-run"],
            orders_named,
        ),
        (
            &["orders", "archive", "--older-than", "30d", "--yes"],
            orders_named,
        ),
    ];
    for (args, named) in cases {
        let (code, _, stderr) = run(db, args);
        assert_eq!(code, 65, "{args:?}: {stderr}");
        assert!(stderr.contains(named), "{args:?}: {stderr}");
    }
    assert_eq!(session_rows(&pool).await, sessions);
    assert_eq!(count(&pool, "SELECT count(*) FROM orders").await, orders);
}

#[tokio::test]
async fn a_column_the_archive_would_not_keep_is_refused_by_the_plan_as_by_the_run() {
    let db = TestDb::with_fixtures(1).await;
    sqlx::raw_sql(
        "ALTER TABLE vending_machine_sessions ADD COLUMN notes text; \
         ALTER TABLE orders ADD COLUMN gift_wrap boolean",
    )
    .execute(&db.pool().await)
    .await
    .unwrap();
    refused_by_plan_and_run(
        &db,
        "pmc does not archive (notes)",
        "pmc does not archive (orders.gift_wrap)",
    )
    .await;
}

/// A store column whose type changed after pmc made its archive (session_data json → text, a
/// varchar widened) would fail every batch's copy: the plan refuses it as the run does, with the
/// statement that makes the archive match, and after that statement the run goes through.
#[tokio::test]
async fn an_archive_the_store_changed_under_is_refused_with_the_statement_to_fix_it() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    pmc::journal::migrate(&pool).await.unwrap();
    sqlx::raw_sql(
        "ALTER TABLE vending_machine_sessions ALTER COLUMN session_data TYPE text; \
         ALTER TABLE orders ALTER COLUMN order_number TYPE varchar(80)",
    )
    .execute(&pool)
    .await
    .unwrap();
    refused_by_plan_and_run(
        &db,
        "vending_machine_sessions.session_data is text, pmc_archive.vending_sessions.session_data is json",
        "orders.order_number is character varying(80), pmc_archive.orders.order_number is \
         character varying(50)",
    )
    .await;
    let (_, _, stderr) = run(&db, &["cleanup", "--dry-run"]);
    let statement = stderr
        .split("rewrites the archive): ")
        .nth(1)
        .unwrap_or_else(|| panic!("{stderr}"))
        .trim();
    assert_eq!(
        statement,
        "ALTER TABLE pmc_archive.vending_sessions ALTER COLUMN session_data TYPE text USING \
         session_data::text"
    );
    sqlx::raw_sql(sqlx::AssertSqlSafe(statement.to_string()))
        .execute(&pool)
        .await
        .unwrap();
    let (code, _, stderr) = run(&db, &["cleanup", "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    // A column the archive lost: the statement adds it back.
    sqlx::raw_sql("ALTER TABLE pmc_archive.vending_sessions DROP COLUMN user_agent")
        .execute(&pool)
        .await
        .unwrap();
    let (code, _, stderr) = run(&db, &["cleanup", "--dry-run"]);
    assert_eq!(code, 65, "{stderr}");
    assert!(
        stderr.contains("pmc_archive.vending_sessions has no column user_agent")
            && stderr.trim_end().ends_with(
                "ALTER TABLE pmc_archive.vending_sessions ADD COLUMN user_agent character \
                 varying(500)"
            ),
        "{stderr}"
    );
    // A narrower store column fits the archive as it is.
    sqlx::raw_sql(
        "ALTER TABLE orders ALTER COLUMN order_number TYPE varchar(50); \
         ALTER TABLE pmc_archive.orders ALTER COLUMN order_number TYPE varchar(200)",
    )
    .execute(&pool)
    .await
    .unwrap();
    let (code, _, stderr) = run(&db, &["orders", "archive", "--older-than", "30d", "--yes"]);
    assert_eq!(code, 0, "{stderr}");
}

#[tokio::test]
async fn a_foreign_key_from_a_table_pmc_does_not_archive_is_refused_by_the_plan_as_by_the_run() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    // Tables added to the store by hand: deleting what they reference would cascade into
    // refunds no archive keeps, or fail halfway through the run.
    sqlx::raw_sql(
        "CREATE TABLE refunds (id serial PRIMARY KEY, \
             order_id varchar REFERENCES orders (id) ON DELETE CASCADE); \
         INSERT INTO refunds (order_id) \
             SELECT id FROM orders WHERE status = 'completed' LIMIT 3; \
         CREATE TABLE machine_visits (id serial PRIMARY KEY, \
             session_id varchar REFERENCES vending_machine_sessions (id))",
    )
    .execute(&pool)
    .await
    .unwrap();
    refused_by_plan_and_run(
        &db,
        "machine_visits → vending_machine_sessions (machine_visits_session_id_fkey)",
        "refunds → orders (refunds_order_id_fkey)",
    )
    .await;
    assert_eq!(count(&pool, "SELECT count(*) FROM refunds").await, 3);
}

#[tokio::test]
async fn infinite_and_unset_expiry_times_are_planned_as_the_run_treats_them() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    // Valid timestamps chrono cannot hold, and (on a hand-altered schema) no expiry at all.
    sqlx::raw_sql("ALTER TABLE vending_machine_sessions ALTER expires_at DROP NOT NULL")
        .execute(&pool)
        .await
        .unwrap();
    add_session(&pool, "INFNTY01", "expires_at = 'infinity'").await;
    add_session(&pool, "NEGINF02", "expires_at = '-infinity'").await;
    add_session(&pool, "NULLEX03", "expires_at = NULL").await;
    add_session(
        &pool,
        "NULLPD04",
        "expires_at = NULL, status = 'payment_completed'",
    )
    .await;
    let plan = cleanup_json(&db, &["--dry-run"]);
    let done = cleanup_json(&db, &["--yes"]);
    for (planned, applied) in [("delete", "deleted"), ("archive", "archived")] {
        assert_eq!(
            plan["plan"][planned], done["done"][applied],
            "{planned}: {plan:#}\n{done:#}"
        );
    }
    let hot = ids(&pool, "SELECT id FROM vending_machine_sessions").await;
    for kept in ["test-INFNTY01", "test-NULLEX03", "test-NULLPD04"] {
        assert!(hot.contains(kept), "{kept} was not kept");
    }
    assert!(!hot.contains("test-NEGINF02"));
}

#[tokio::test]
async fn a_failed_run_says_what_its_committed_batches_did() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    // A session at the end of the table whose delete fails, and an order the same way: the
    // batches before it commit, the run fails.
    add_session(&pool, "REFUSE01", "").await;
    // Batches go in id order: the last archivable order comes in a late batch.
    let last_order: String = sqlx::query_scalar(
        "SELECT max(id) FROM orders WHERE status = 'completed' \
         AND greatest(created_at, updated_at, completed_at, paid_at) < now() - interval '30 days'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS \
         $$ BEGIN RAISE EXCEPTION 'deleting % is refused', OLD.id; END $$; \
         CREATE TRIGGER refuse_session BEFORE DELETE ON vending_machine_sessions \
         FOR EACH ROW WHEN (OLD.id = 'test-REFUSE01') EXECUTE FUNCTION refuse_delete(); \
         CREATE TRIGGER refuse_order BEFORE DELETE ON orders FOR EACH ROW \
         WHEN (OLD.id = '{last_order}') EXECUTE FUNCTION refuse_delete()"
    )))
    .execute(&pool)
    .await
    .unwrap();
    let cases: [(&[&str], &str); 2] = [
        (
            &["cleanup", "--yes", "--jobs", "1", "--batch-size", "50"],
            "cleanup stopped after ",
        ),
        (
            &[
                "orders",
                "archive",
                "--yes",
                "--older-than",
                "30d",
                "--batch-size",
                "10",
            ],
            "the orders archive stopped after ",
        ),
    ];
    for (args, said) in cases {
        let (code, _, stderr) = run(&db, args);
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert!(
            stderr.contains(said) && stderr.contains("is refused"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains(&format!("{said}0 ")), "{stderr}");
        let error: String = sqlx::query_scalar(
            "SELECT error FROM pmc.runs WHERE outcome = 'failed' ORDER BY id DESC LIMIT 1",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert!(error.contains(said), "{error}");
    }
}

#[tokio::test]
async fn the_orders_archive_warns_while_sessions_order_id_has_no_index() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let plan = |db: &TestDb| {
        let (code, report, stderr) = run(
            db,
            &[
                "--json",
                "orders",
                "archive",
                "--older-than",
                "30d",
                "--dry-run",
            ],
        );
        assert_eq!(code, 0, "{stderr}");
        report["plan"]["warnings"].clone()
    };
    let warnings = plan(&db);
    assert!(
        warnings[0]
            .as_str()
            .unwrap()
            .starts_with("vending_machine_sessions.order_id has no index"),
        "{warnings:#}"
    );
    sqlx::raw_sql("CREATE INDEX ON vending_machine_sessions (order_id)")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(plan(&db), serde_json::json!([]));
}

#[tokio::test]
async fn a_foreign_key_pmc_does_not_handle_is_refused_even_from_a_table_it_archives() {
    // From the tables the archive handles, only the keys it handles pass: a self-reference
    // of order_images, or a second key from the sessions to orders, would cascade.
    for key in [
        "ALTER TABLE order_images ADD CONSTRAINT oi_self FOREIGN KEY (chinese_image_url) \
         REFERENCES order_images (id) ON DELETE CASCADE NOT VALID",
        "ALTER TABLE vending_machine_sessions ADD COLUMN linked_order varchar \
         CONSTRAINT linked_order_fkey REFERENCES orders (id) ON DELETE CASCADE",
    ] {
        let db = TestDb::with_fixtures(1).await;
        let pool = db.pool().await;
        sqlx::raw_sql(sqlx::AssertSqlSafe(key))
            .execute(&pool)
            .await
            .unwrap();
        let orders = count(&pool, "SELECT count(*) FROM orders").await;
        for args in [
            &["orders", "archive", "--older-than", "30d", "--dry-run"][..],
            &["orders", "archive", "--older-than", "30d", "--yes"][..],
        ] {
            let (code, _, stderr) = run(&db, args);
            assert_eq!(code, 65, "{key}: {stderr}");
            assert!(
                stderr.contains("foreign keys pmc does not handle"),
                "{stderr}"
            );
        }
        assert_eq!(count(&pool, "SELECT count(*) FROM orders").await, orders);
    }
}

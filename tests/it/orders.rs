//! `pmc orders list|show|stuck|stats` against a real PostgreSQL: filters, vending sales from
//! sessions and from the archive without double counting, show by every kind of id, stuck
//! categories and exit codes, stats against hand-written SQL, JSON shapes, a read-only role and
//! bad input for every flag.

use serde_json::Value;
use sqlx::{PgPool, Row as _};

use crate::common::{TestDb, pmc, pmc_json, texts};

/// The instant the fixtures are generated "as of".
const NOW: &str = "2026-11-01T12:00:00Z";

fn run(db_url: &str, args: &[&str]) -> (i32, Value, String) {
    let out = pmc()
        .args(["--database-url", db_url, "--json", "orders"])
        .args(args)
        .args(["--now", NOW])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap(), json, stderr)
}

fn orders(db: &TestDb, args: &[&str]) -> Value {
    let (code, json, stderr) = run(&db.url, args);
    assert!(code == 0, "orders {args:?} exited {code}: {stderr}");
    json
}

async fn scalar_i64(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn execute(pool: &PgPool, sql: &str) {
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Adds a paid £35 web order `id` (with `order_number`, if any) created at `created_at`, on
/// the fixtures' first phone model.
async fn add_paid_order(pool: &PgPool, id: &str, order_number: Option<&str>, created_at: &str) {
    sqlx::query(
        "INSERT INTO orders (id, order_number, brand_id, model_id, template_id, status,
                             total_amount, payment_status, created_at)
         SELECT $1, $2, brand_id, id, 'classic', 'paid', 35.00, 'paid', $3::timestamptz
         FROM phone_models ORDER BY id LIMIT 1",
    )
    .bind(id)
    .bind(order_number)
    .bind(created_at)
    .execute(pool)
    .await
    .unwrap();
}

/// The vending sessions that hold a sale no order stands for, written independently of
/// sql/orders_*.sql from the rule in the issue.
const HAND_SALE_SESSIONS: &str = "
    FROM vending_machine_sessions AS s
    WHERE (s.status IN ('payment_completed', 'payment_pending')
           OR s.payment_confirmed_at IS NOT NULL OR s.payment_method IS NOT NULL
           OR s.session_data::jsonb ?| ARRAY['payment_data', 'chinese_payment_id',
                                             'chinese_order_response', 'order_third_id']
           OR EXISTS (SELECT 1 FROM payment_mappings AS m
                      WHERE m.third_id = s.session_data::jsonb ->> 'chinese_third_id'))
      AND NOT EXISTS (SELECT 1 FROM orders AS o
                      WHERE o.session_id = s.session_id OR o.id = s.order_id)";

/// Creates the archive tables the way `pmc cleanup` and `orders archive` do: pmc's migrations.
async fn create_archive(pool: &PgPool) {
    pmc::journal::migrate(pool).await.unwrap();
}

/// Moves order `id` and its images into pmc_archive as `pmc orders archive` run `run_id` would.
async fn archive_by_hand(pool: &PgPool, id: &str, run_id: i64) {
    execute(
        pool,
        &format!(
            "INSERT INTO pmc_archive.order_images SELECT i.*, now(), {run_id} FROM order_images AS i WHERE i.order_id = '{id}';
             DELETE FROM order_images WHERE order_id = '{id}';
             INSERT INTO pmc_archive.orders SELECT o.*, now(), {run_id} FROM orders AS o WHERE o.id = '{id}';
             DELETE FROM orders WHERE id = '{id}';"
        ),
    )
    .await;
}

fn ids(report: &Value) -> Vec<String> {
    report["sales"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn list_counts_every_sale_once_newest_first() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let report = orders(&db, &["list"]);
    let orders_count = scalar_i64(&pool, "SELECT count(*) FROM orders").await;
    let sessions = scalar_i64(&pool, &format!("SELECT count(*) {HAND_SALE_SESSIONS}")).await;
    assert!(
        sessions > 1000,
        "the fixtures hold vending sales: {sessions}"
    );
    assert_eq!(report["total_matching"], orders_count + sessions);
    let sales = report["sales"].as_array().unwrap();
    assert_eq!(sales.len(), 50, "default --limit");
    let times: Vec<&str> = sales
        .iter()
        .map(|s| s["created_at"].as_str().unwrap())
        .collect();
    let mut sorted = times.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(times, sorted, "newest first");
    let kinds: Vec<&str> = sales.iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert!(
        kinds.contains(&"stripe") && kinds.contains(&"vending"),
        "{kinds:?}"
    );
    // Paid vending sales marked expired are sales all the same (expiry is lazy).
    let all = orders(
        &db,
        &[
            "list", "--kind", "vending", "--status", "expired", "--limit", "100000",
        ],
    );
    let expired_paid = all["sales"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["payment"] == "paid" && s["source"] == "session")
        .count() as i64;
    let hand = scalar_i64(
        &pool,
        "SELECT count(*) FROM vending_machine_sessions
         WHERE status = 'expired' AND payment_confirmed_at IS NOT NULL",
    )
    .await;
    assert!(hand > 0);
    assert_eq!(expired_paid, hand);
}

#[tokio::test]
async fn each_list_filter_narrows_to_what_it_names() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let all = |args: &[&str]| {
        let mut a = vec!["list", "--limit", "100000"];
        a.extend_from_slice(args);
        orders(&db, &a)
    };

    let r = all(&["--status", "8", "--status", "sent_to_chinese"]);
    let hand = scalar_i64(
        &pool,
        "SELECT count(*) FROM orders WHERE status IN ('8', 'sent_to_chinese')",
    )
    .await;
    assert!(hand > 0);
    assert_eq!(r["total_matching"], hand);
    assert!(
        r["sales"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] == "8" || s["status"] == "sent_to_chinese")
    );
    assert!(
        r["sales"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["status_label"] == "waiting for printing")
    );

    let r = all(&["--payment-status", "refunded"]);
    let hand = scalar_i64(
        &pool,
        "SELECT count(*) FROM orders WHERE payment_status = 'refunded'",
    )
    .await;
    assert!(hand > 0);
    assert_eq!(r["total_matching"], hand);

    let r = all(&["--older-than", "30d"]);
    let old = r["total_matching"].as_i64().unwrap();
    let r2 = all(&["--newer-than", "30d"]);
    let total = all(&[])["total_matching"].as_i64().unwrap();
    assert_eq!(
        old + r2["total_matching"].as_i64().unwrap(),
        total,
        "30d splits the sales"
    );
    assert!(
        r["sales"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["age_seconds"].as_i64().unwrap() > 30 * 86400)
    );
    assert!(
        r2["sales"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["age_seconds"].as_i64().unwrap() <= 30 * 86400)
    );
    let hand = scalar_i64(
        &pool,
        &format!(
            "SELECT (SELECT count(*) FROM orders WHERE created_at >= '{NOW}'::timestamptz - interval '30 days')
                  + (SELECT count(*) {HAND_SALE_SESSIONS}
                     AND s.created_at >= '{NOW}'::timestamptz - interval '30 days')"
        ),
    )
    .await;
    assert_eq!(r2["total_matching"], hand);

    let r = all(&["--machine", "16DCTRYUJSJH"]);
    let sales = r["sales"].as_array().unwrap();
    assert!(!sales.is_empty());
    assert!(sales.iter().all(|s| s["machine_id"] == "16DCTRYUJSJH"));
    // The promo machine's sales are £0.00 and still sales.
    assert!(
        sales
            .iter()
            .any(|s| s["amount_pence"] == 0 && s["payment"] == "paid")
    );

    let stripe = all(&["--kind", "stripe"]);
    let hand = scalar_i64(
        &pool,
        "SELECT count(*) FROM orders WHERE session_id IS NULL",
    )
    .await;
    assert_eq!(stripe["total_matching"], hand);
    assert!(
        stripe["sales"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["kind"] == "stripe")
    );
    let vending = all(&["--kind", "vending"]);
    assert_eq!(
        stripe["total_matching"].as_i64().unwrap() + vending["total_matching"].as_i64().unwrap(),
        total
    );

    let r = orders(&db, &["list", "--limit", "3"]);
    assert_eq!(r["sales"].as_array().unwrap().len(), 3);
    assert_eq!(r["total_matching"], total);

    let r = all(&["--status", "no such status"]);
    assert_eq!(r["total_matching"], 0);
    assert_eq!(r["sales"], serde_json::json!([]));
}

#[tokio::test]
async fn archived_and_referenced_sessions_are_listed_once() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let before = orders(&db, &["list", "--limit", "1"])["total_matching"]
        .as_i64()
        .unwrap();

    // A paid sale whose session was later marked expired, and an abandoned session.
    execute(
        &pool,
        "INSERT INTO vending_machine_sessions (id, session_id, machine_id, status, expires_at,
                                              created_at, session_data)
         VALUES ('extra-paid', 'VM001_20261020_101010_AAAA0001', 'VM001', 'expired',
                 '2026-10-20T10:40:10Z', '2026-10-20T10:10:10Z',
                 '{\"order_summary\": {\"template\": \"classic\", \"model\": \"iPhone 15 Pro\"},
                   \"payment_amount\": 35.0,
                   \"payment_data\": {\"third_id\": \"PYEN261020999001\", \"amount\": 35.0},
                   \"chinese_order_response\": {\"code\": 200, \"data\": {\"id\": \"MSORX\"}},
                   \"order_third_id\": \"OREN000000999001\"}'),
                ('extra-abandoned', 'VM001_20261020_111111_AAAA0002', 'VM001', 'expired',
                 '2026-10-20T11:41:11Z', '2026-10-20T11:11:11Z', '{\"qr_scanned_at\": \"x\"}');",
    )
    .await;
    let r = orders(&db, &["list", "--machine", "VM001", "--limit", "100000"]);
    let listed = ids(&r);
    assert!(listed.contains(&"VM001_20261020_101010_AAAA0001".to_string()));
    assert!(!listed.contains(&"VM001_20261020_111111_AAAA0002".to_string()));
    let sale = &r["sales"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "VM001_20261020_101010_AAAA0001")
        .unwrap()
        .clone();
    assert_eq!(sale["payment"], "paid");
    assert_eq!(sale["amount_pence"], 3500);
    assert_eq!(sale["kind"], "vending");
    assert_eq!(sale["third_id"], "PYEN261020999001");
    assert_eq!(sale["archived"], false);
    assert_eq!(
        orders(&db, &["list", "--limit", "1"])["total_matching"],
        before + 1
    );

    // Moved into the archive: still one sale, now marked archived.
    create_archive(&pool).await;
    execute(
        &pool,
        "INSERT INTO pmc_archive.vending_sessions
             SELECT s.*, now(), 7 FROM vending_machine_sessions AS s WHERE s.id = 'extra-paid';
         DELETE FROM vending_machine_sessions WHERE id = 'extra-paid';",
    )
    .await;
    let r = orders(&db, &["list", "--machine", "VM001", "--limit", "100000"]);
    let sale = r["sales"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "VM001_20261020_101010_AAAA0001")
        .unwrap()
        .clone();
    assert_eq!(sale["archived"], true);
    assert_eq!(r["archive_included"].as_array().unwrap().len(), 3);
    assert_eq!(
        orders(&db, &["list", "--limit", "1"])["total_matching"],
        before + 1
    );

    // An archived order is still a sale.
    let order_id: String = sqlx::query_scalar(
        "SELECT id FROM orders WHERE status = 'completed' AND order_number IS NOT NULL
         ORDER BY created_at LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    archive_by_hand(&pool, &order_id, 7).await;
    let r = orders(&db, &["list", "--status", "completed", "--limit", "100000"]);
    let archived = r["sales"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == order_id.as_str())
        .unwrap()
        .clone();
    assert_eq!(archived["archived"], true);
    assert_eq!(
        orders(&db, &["list", "--limit", "1"])["total_matching"],
        before + 1
    );

    // An order that references the archived session stands for it: the session goes.
    execute(
        &pool,
        "INSERT INTO orders (id, session_id, brand_id, model_id, template_id, status, total_amount,
                             payment_status, machine_id, created_at)
         SELECT 'extra-order', 'VM001_20261020_101010_AAAA0001', brand_id, id, 'classic', 'paid',
                35.00, 'paid', 'VM001', '2026-10-20T10:20:00Z'
         FROM phone_models LIMIT 1;",
    )
    .await;
    let r = orders(&db, &["list", "--machine", "VM001", "--limit", "100000"]);
    let listed = ids(&r);
    assert!(listed.contains(&"extra-order".to_string()));
    assert!(!listed.contains(&"VM001_20261020_101010_AAAA0001".to_string()));
    let order = r["sales"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "extra-order")
        .unwrap()
        .clone();
    assert_eq!(order["kind"], "vending");
    assert_eq!(
        orders(&db, &["list", "--limit", "1"])["total_matching"],
        before + 1
    );
}

#[tokio::test]
async fn show_finds_a_sale_by_every_kind_of_id() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    // An /api/orders/create order of an AI template: two images, a session id, an order number.
    let row = sqlx::query(
        "SELECT o.id, o.order_number, o.session_id FROM orders AS o
         JOIN templates AS t ON t.id = o.template_id
         WHERE o.order_number IS NOT NULL AND t.category = 'ai' ORDER BY o.created_at LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let (id, number, session): (String, String, String) = (
        row.get("id"),
        row.get("order_number"),
        row.get("session_id"),
    );
    let images: Vec<String> = sqlx::query_scalar(
        "SELECT image_path FROM order_images WHERE order_id = $1 ORDER BY created_at",
    )
    .bind(&id)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(images.len(), 2);
    let dir = tempfile::tempdir().unwrap();
    let present = images[0].rsplit('/').next().unwrap().to_string();
    fs_err::write(dir.path().join(&present), b"png").unwrap();

    for (key, by) in [
        (&id, "id"),
        (&number, "order_number"),
        (&session, "session_id"),
    ] {
        let out = pmc()
            .args([
                "--database-url",
                &db.url,
                "--json",
                "orders",
                "show",
                key,
                "--now",
                NOW,
            ])
            .env("PMC_STORE_IMAGES_DIR", dir.path())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let r: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(r["matched_by"], by, "{key}");
        assert_eq!(r["order"]["id"], id.as_str());
        assert_eq!(r["kind"], "vending");
        let images = r["images"].as_array().unwrap();
        assert_eq!(images.len(), 2);
        for i in images {
            assert_eq!(i["exists"], i["file"] == present.as_str(), "{i}");
        }
    }

    // A Stripe order, by its PYEN third id: mapping and factory ids.
    let row = sqlx::query(
        "SELECT id, third_party_payment_id, chinese_order_id FROM orders
         WHERE session_id IS NULL AND chinese_order_id IS NOT NULL ORDER BY created_at LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let (id, pyen): (String, String) = (row.get("id"), row.get("third_party_payment_id"));
    let out = pmc()
        .args(["--database-url", &db.url, "--json", "orders", "show", &pyen])
        .args(["--now", NOW])
        .env("PMC_STORE_IMAGES_DIR", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["matched_by"], "third_id");
    assert_eq!(r["kind"], "stripe");
    assert_eq!(r["order"]["id"], id.as_str());
    assert_eq!(
        r["factory"]["chinese_order_id"],
        row.get::<String, _>("chinese_order_id").as_str()
    );
    assert_eq!(r["payment_mappings"][0]["third_id"], pyen.as_str());
    assert_eq!(r["payment_mappings"][0]["pay_type"], 12);
    // URL-shaped paths name a file that is not in the images folder.
    assert!(
        r["images"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["exists"] == false)
    );
    assert!(
        r["images"][0]["path"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );

    // A vending sale: by session id, by its PYEN and by its OREN id.
    let row = sqlx::query(
        "SELECT session_id, session_data::jsonb -> 'payment_data' ->> 'third_id' AS pyen,
                session_data::jsonb ->> 'order_third_id' AS oren
         FROM vending_machine_sessions WHERE status = 'payment_completed'
         ORDER BY created_at LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let (sid, pyen, oren): (String, String, String) =
        (row.get("session_id"), row.get("pyen"), row.get("oren"));
    for (key, by) in [
        (&sid, "session_id"),
        (&pyen, "third_id"),
        (&oren, "third_id"),
    ] {
        let r = orders(&db, &["show", key]);
        assert_eq!(r["matched_by"], by, "{key}");
        assert_eq!(r["order"], Value::Null);
        assert_eq!(r["sessions"][0]["session_id"], sid.as_str());
        assert_eq!(r["factory"]["third_id"], pyen.as_str());
        assert_eq!(r["factory"]["order_third_id"], oren.as_str());
        assert_eq!(r["payment_mappings"][0]["pay_type"], 5);
        let sources = texts(&r["images"], "source");
        assert!(sources.contains(&"session_data"), "{sources:?}");
    }
    // The table shows the same sale.
    let out = pmc()
        .args([
            "--database-url",
            &db.url,
            "orders",
            "show",
            &sid,
            "--now",
            NOW,
        ])
        .env("PMC_STORE_IMAGES_DIR", dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(&format!(
            "vending session {sid} (vending; matched by session_id)"
        )),
        "{text}"
    );
    assert!(text.contains(&pyen) && text.contains("MISSING"), "{text}");
}

#[tokio::test]
async fn show_lists_the_pmc_runs_and_archived_rows() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let id: String = sqlx::query_scalar(
        "SELECT id FROM orders WHERE status = 'completed' ORDER BY created_at LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    // Without pmc.runs the runs are null, not an error.
    assert_eq!(orders(&db, &["show", &id])["runs"], Value::Null);
    pmc::journal::migrate(&pool).await.unwrap();
    execute(
        &pool,
        &format!(
            "INSERT INTO pmc.runs (command, arguments, host, os_user, os_pid, pmc_version, outcome, summary)
             VALUES ('orders archive', '[\"orders\", \"archive\"]', 'h', 'u', 1, '0.1.0', 'ok',
                     '{{\"archived_orders\": [\"{id}\"]}}'),
                    ('db-size', '[\"db-size\"]', 'h', 'u', 1, '0.1.0', 'ok', NULL)"
        ),
    )
    .await;
    let r = orders(&db, &["show", &id]);
    let runs = r["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0]["command"], "orders archive");

    // The run that archived a row touched it, whether or not its journal names the id.
    create_archive(&pool).await;
    execute(
        &pool,
        "INSERT INTO pmc.runs (command, arguments, host, os_user, os_pid, pmc_version, outcome)
         VALUES ('cleanup', '[\"cleanup\", \"--yes\"]', 'h', 'u', 1, '0.1.0', 'ok')",
    )
    .await;
    archive_by_hand(&pool, &id, 3).await;
    let r = orders(&db, &["show", &id]);
    assert_eq!(r["order"]["archived"], true);
    assert_eq!(r["order"]["run_id"], 3);
    let commands = texts(&r["runs"], "command");
    assert_eq!(commands, ["cleanup", "orders archive"]);
    assert!(!r["images"].as_array().unwrap().is_empty());
    assert!(
        r["images"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["archived"] == true)
    );
}

/// A vending sale that `pmc cleanup` archived shows that cleanup run among its runs.
#[tokio::test]
async fn show_of_a_sale_cleanup_archived_lists_that_run() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let (code, done) = pmc_json(&db, &["cleanup", "--yes"]);
    assert_eq!(code, 0, "{done:#}");
    let (session_id, run_id): (String, i64) = sqlx::query_as(
        "SELECT session_id, run_id FROM pmc_archive.vending_sessions ORDER BY id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let r = orders(&db, &["show", &session_id]);
    let runs = r["runs"].as_array().unwrap();
    assert!(
        runs.iter()
            .any(|run| run["id"] == run_id && run["command"] == "cleanup"),
        "{runs:?}"
    );
}

#[tokio::test]
async fn show_of_an_unknown_id_is_bad_input() {
    let db = TestDb::with_fixtures(1).await;
    for key in ["nope", "PYEN000000000000", "ORD-19990101-0001"] {
        let (code, json, stderr) = run(&db.url, &["show", key]);
        assert_eq!(code, 65, "{key}: {stderr}");
        assert_eq!(json, Value::Null);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.starts_with("error: no order") && stderr.contains(key),
            "{stderr}"
        );
    }
}

async fn stuck_counts(
    pool: &PgPool,
    pending: &str,
    paid: &str,
    sent: &str,
    vending: &str,
) -> [i64; 4] {
    let at = |interval: &str| format!("'{NOW}'::timestamptz - interval '{interval}'");
    [
        scalar_i64(pool, &format!("SELECT count(*) FROM orders WHERE status = 'paid' AND chinese_order_id IS NULL AND coalesce(paid_at, created_at) < {}", at(paid))).await,
        scalar_i64(pool, &format!("SELECT count(*) FROM orders WHERE status = 'pending_payment' AND stripe_session_id IS NOT NULL AND created_at < {}", at(pending))).await,
        scalar_i64(pool, &format!("SELECT count(*) FROM orders WHERE status = 'sent_to_chinese' AND coalesce(updated_at, paid_at, created_at) < {}", at(sent))).await,
        scalar_i64(pool, &format!("SELECT count(*) FROM vending_machine_sessions WHERE status = 'payment_pending' AND coalesce(last_activity, created_at) < {}", at(vending))).await,
    ]
}

fn category_counts(report: &Value) -> [i64; 4] {
    let c = report["categories"].as_array().unwrap();
    let names: Vec<&str> = c.iter().map(|c| c["category"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "paid_not_sent",
            "unconfirmed_checkout",
            "no_factory_progress",
            "vending_payment_pending"
        ]
    );
    [0, 1, 2, 3].map(|i| c[i]["count"].as_i64().unwrap())
}

#[tokio::test]
async fn stuck_finds_each_category_and_exits_by_the_worst() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let (code, r, stderr) = run(&db.url, &["stuck"]);
    assert_eq!(code, 2, "paid but never sent is critical: {stderr}");
    assert_eq!(r["status"], "critical");
    let hand = stuck_counts(&pool, "2 hours", "30 minutes", "72 hours", "1 hour").await;
    assert!(hand.iter().all(|n| *n > 0), "{hand:?}");
    assert_eq!(category_counts(&r), hand);
    let first = &r["categories"][0];
    assert_eq!(first["severity"], "critical");
    assert_eq!(first["threshold_seconds"], 1800);
    assert_eq!(
        first["sales"].as_array().unwrap().len(),
        20,
        "default --limit"
    );
    assert!(first["action"].as_str().unwrap().contains("never delete"));
    assert!(
        r["categories"][1]["action"]
            .as_str()
            .unwrap()
            .contains("paid in Stripe?")
    );
    let ages: Vec<i64> = first["sales"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["age_seconds"].as_i64().unwrap())
        .collect();
    assert!(
        ages.windows(2).all(|w| w[0] >= w[1]),
        "oldest first: {ages:?}"
    );

    // Thresholds from flags.
    let (code, r, _) = run(
        &db.url,
        &["stuck", "--paid-not-sent", "1000d", "--limit", "2"],
    );
    assert_eq!(code, 1, "only warnings left");
    assert_eq!(r["status"], "warning");
    assert_eq!(category_counts(&r)[0], 0);
    assert_eq!(r["categories"][1]["sales"].as_array().unwrap().len(), 2);
    let (code, r, _) = run(
        &db.url,
        &[
            "stuck",
            "--paid-not-sent",
            "1000d",
            "--pending-payment",
            "1000d",
            "--sent-no-progress",
            "1000d",
            "--vending-pending",
            "1000d",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(r["status"], "ok");
    assert_eq!(category_counts(&r), [0; 4]);
    let (_, r, _) = run(
        &db.url,
        &[
            "stuck",
            "--sent-no-progress",
            "10d",
            "--vending-pending",
            "5d",
        ],
    );
    assert_eq!(
        category_counts(&r),
        stuck_counts(&pool, "2 hours", "30 minutes", "10 days", "5 days").await
    );

    // Thresholds from configuration.
    let out = pmc()
        .args([
            "--database-url",
            &db.url,
            "--json",
            "orders",
            "stuck",
            "--now",
            NOW,
        ])
        .env("PMC_ORDERS_STUCK_PAID_NOT_SENT", "1000d")
        .env("PMC_ORDERS_STUCK_PENDING_PAYMENT", "1000d")
        .env("PMC_ORDERS_STUCK_SENT_NO_PROGRESS", "1000d")
        .env("PMC_ORDERS_STUCK_VENDING_PENDING", "1000d")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));

    // An empty store has nothing stuck.
    let empty = TestDb::new().await;
    let (code, r, _) = run(&empty.url, &["stuck"]);
    assert_eq!(code, 0);
    assert_eq!(category_counts(&r), [0; 4]);

    // The table names the action.
    let out = pmc()
        .args([
            "--database-url",
            &db.url,
            "orders",
            "stuck",
            "--limit",
            "1",
            "--now",
            NOW,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("stuck orders: "), "{text}");
    assert!(text.contains("paid_not_sent (critical)"), "{text}");
    assert!(text.contains("cs_live_"), "{text}");
}

#[tokio::test]
async fn stats_equal_hand_written_sql() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let r = orders(&db, &["stats", "--days", "30", "--top", "3"]);
    assert_eq!(r["from"], "2026-10-03T00:00:00Z");
    let daily = r["daily"].as_array().unwrap();
    assert_eq!(daily.len(), 30);
    assert_eq!(daily[0]["date"], "2026-10-03");
    assert_eq!(daily[29]["date"], "2026-11-01");
    let hand = sqlx::query(sqlx::AssertSqlSafe(format!(
        "WITH sale AS (
             SELECT CASE WHEN session_id IS NULL THEN 'stripe' ELSE 'vending' END AS kind,
                    created_at, status, payment_status = 'paid' AS paid, total_amount AS amount
             FROM orders
             UNION ALL
             SELECT 'vending', s.created_at, s.status,
                    s.payment_confirmed_at IS NOT NULL OR s.status = 'payment_completed'
                        OR s.session_data::jsonb ? 'chinese_order_response',
                    coalesce(s.payment_amount, (s.session_data::jsonb ->> 'payment_amount')::numeric)
             {HAND_SALE_SESSIONS})
         SELECT (created_at AT TIME ZONE 'UTC')::date::text AS day, kind, count(*) AS sales,
                count(*) FILTER (WHERE paid) AS paid,
                (coalesce(sum(amount) FILTER (WHERE paid), 0) * 100)::bigint AS pence,
                count(*) FILTER (WHERE status IN ('failed', 'payment_failed', 'payment_error')) AS failed
         FROM sale
         WHERE created_at >= '2026-10-03T00:00:00Z' AND created_at < '{NOW}'
         GROUP BY 1, 2"
    )))
    .fetch_all(&pool)
    .await
    .unwrap();
    let (mut sales, mut paid, mut pence, mut failed) = (0, 0, 0, 0);
    for row in &hand {
        let (day, kind): (String, String) = (row.get("day"), row.get("kind"));
        let side = if kind == "stripe" { "web" } else { "vending" };
        let d = daily.iter().find(|d| d["date"] == day.as_str()).unwrap();
        assert_eq!(d[side]["sales"], row.get::<i64, _>("sales"), "{day} {kind}");
        assert_eq!(d[side]["paid"], row.get::<i64, _>("paid"), "{day} {kind}");
        assert_eq!(
            d[side]["revenue_pence"],
            row.get::<i64, _>("pence"),
            "{day} {kind}"
        );
        sales += row.get::<i64, _>("sales");
        paid += row.get::<i64, _>("paid");
        pence += row.get::<i64, _>("pence");
        failed += row.get::<i64, _>("failed");
    }
    assert!(sales > 500 && pence > 0, "{sales} {pence}");
    assert_eq!(r["totals"]["all"]["sales"], sales);
    assert_eq!(r["totals"]["all"]["paid"], paid);
    assert_eq!(r["totals"]["all"]["revenue_pence"], pence);
    assert_eq!(
        r["totals"]["revenue_gbp"].as_f64().unwrap(),
        pence as f64 / 100.0
    );
    assert_eq!(r["failure_rate"]["failed"], failed);
    assert_eq!(r["failure_rate"]["total"], sales);
    let rate = r["failure_rate"]["rate"].as_f64().unwrap();
    assert!((rate - failed as f64 / sales as f64).abs() < 1e-12);
    let mix: i64 = r["status_mix"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["sales"].as_i64().unwrap())
        .sum();
    assert_eq!(mix, sales);

    let top = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT template, count(*) AS n FROM (
             SELECT template_id AS template, created_at FROM orders
             UNION ALL
             SELECT s.session_data::jsonb -> 'order_summary' ->> 'template', s.created_at
             {HAND_SALE_SESSIONS}) AS t
         WHERE created_at >= '2026-10-03T00:00:00Z' AND created_at < '{NOW}'
         GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
    )))
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(r["top_templates"].as_array().unwrap().len(), 3);
    assert_eq!(
        r["top_templates"][0]["name"],
        top.get::<String, _>("template").as_str()
    );
    assert_eq!(r["top_templates"][0]["sales"], top.get::<i64, _>("n"));
    assert_eq!(r["top_models"].as_array().unwrap().len(), 3);

    let out = pmc()
        .args([
            "--database-url",
            &db.url,
            "orders",
            "stats",
            "--days",
            "7",
            "--now",
            NOW,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("sales 2026-10-26 to 2026-11-01 (7 days, UTC): "),
        "{text}"
    );
    assert!(
        text.contains("█") && text.contains("failure rate "),
        "{text}"
    );
}

#[tokio::test]
async fn json_has_the_documented_shapes() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let keys = |v: &Value, expected: &[&str]| {
        for key in expected {
            assert!(v.get(key).is_some(), "missing {key} in {v:#}");
        }
    };
    let list = orders(&db, &["list", "--limit", "1"]);
    keys(
        &list,
        &[
            "now",
            "filters",
            "total_matching",
            "sales",
            "archive_included",
            "warnings",
        ],
    );
    keys(
        &list["sales"][0],
        &[
            "kind",
            "source",
            "id",
            "order_number",
            "status",
            "status_label",
            "payment",
            "amount_pence",
            "currency",
            "template",
            "model",
            "machine_id",
            "created_at",
            "age_seconds",
            "third_id",
            "chinese_payment_id",
            "chinese_order_id",
            "order_third_id",
            "archived",
        ],
    );
    let stuck = run(&db.url, &["stuck", "--limit", "1"]).1;
    keys(
        &stuck,
        &[
            "now",
            "status",
            "thresholds",
            "categories",
            "archive_included",
            "warnings",
        ],
    );
    keys(
        &stuck["thresholds"],
        &[
            "pending_payment",
            "paid_not_sent",
            "sent_no_progress",
            "vending_pending",
        ],
    );
    keys(
        &stuck["categories"][0],
        &[
            "category",
            "severity",
            "threshold_seconds",
            "description",
            "action",
            "count",
            "oldest_since",
            "sales",
        ],
    );
    keys(
        &stuck["categories"][0]["sales"][0],
        &[
            "kind",
            "id",
            "order_number",
            "status",
            "since",
            "age_seconds",
            "amount_pence",
            "machine_id",
            "stripe_session_id",
            "third_id",
            "chinese_order_id",
            "queue_number",
            "archived",
        ],
    );
    let stats = orders(&db, &["stats"]);
    keys(
        &stats,
        &[
            "now",
            "days",
            "from",
            "currency",
            "totals",
            "daily",
            "top_templates",
            "top_models",
            "status_mix",
            "failure_rate",
            "unreadable_amounts",
            "archive_included",
            "warnings",
        ],
    );
    keys(
        &stats["daily"][0],
        &["date", "web", "vending", "total", "revenue_gbp"],
    );
    keys(
        &stats["daily"][0]["web"],
        &["sales", "paid", "revenue_pence"],
    );
    keys(
        &stats["top_models"][0],
        &["name", "sales", "paid", "revenue_pence"],
    );
    keys(
        &stats["status_mix"][0],
        &["kind", "status", "sales", "share"],
    );
    keys(
        &stats["failure_rate"],
        &["statuses", "failed", "total", "rate"],
    );
    let id: String = sqlx::query_scalar("SELECT id FROM orders LIMIT 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    let show = orders(&db, &["show", &id]);
    keys(
        &show,
        &[
            "now",
            "key",
            "matched_by",
            "kind",
            "order",
            "sessions",
            "factory",
            "images_dir",
            "images",
            "payment_mappings",
            "runs",
            "archive_included",
            "warnings",
        ],
    );
    keys(
        &show["factory"],
        &[
            "third_id",
            "chinese_payment_id",
            "chinese_payment_status",
            "chinese_order_id",
            "order_third_id",
            "queue_number",
        ],
    );
    keys(
        &show["order"],
        &[
            "id",
            "status",
            "total_amount",
            "customer_email",
            "archived",
            "template_name",
            "model_name",
            "brand_name",
        ],
    );
}

#[tokio::test]
async fn a_read_only_role_can_run_every_subcommand() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    create_archive(&pool).await;
    pmc::journal::migrate(&pool).await.unwrap();
    let role = format!("ro_{}", db.name);
    execute(
        &pool,
        &format!(
            "CREATE ROLE {role} LOGIN PASSWORD 'ro-pass';
             GRANT CONNECT ON DATABASE {} TO {role};
             GRANT USAGE ON SCHEMA public TO {role};
             GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role};",
            db.name
        ),
    )
    .await;
    let url = db.url_as(&role, "ro-pass");
    // The archive exists but this role may not read it: said, not fatal.
    let (code, list, stderr) = run(&url, &["list", "--limit", "1"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        list["warnings"][0]
            .as_str()
            .unwrap()
            .contains("pmc_archive.orders"),
        "{list:#}"
    );
    assert_eq!(run(&url, &["stats"]).0, 0);
    assert_eq!(run(&url, &["stuck"]).0, 2);
    let id: String = sqlx::query_scalar("SELECT id FROM orders LIMIT 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    let (code, show, _) = run(&url, &["show", &id]);
    assert_eq!(code, 0);
    assert_eq!(
        show["runs"],
        Value::Null,
        "pmc.runs is not readable for this role"
    );

    // A role that cannot read orders: stuck could not check (3), list failed (1).
    execute(&pool, &format!("REVOKE SELECT ON orders FROM {role}")).await;
    let (code, _, stderr) = run(&url, &["stuck"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.starts_with("error: failed to look for stuck orders"),
        "{stderr}"
    );
    // The server's reason once, without the C source line sqlx appends to it.
    assert_eq!(
        stderr.matches("permission denied for table orders").count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains(" at line "), "{stderr}");
    assert!(!stderr.contains("ro-pass"));
    assert_eq!(run(&url, &["list"]).0, 1);

    let created: i64 = scalar_i64(&pool, "SELECT count(*) FROM pmc.runs").await;
    assert_eq!(created, 0, "read-only runs write no journal");
    execute(&pool, &format!("DROP OWNED BY {role}; DROP ROLE {role}")).await;
}

#[test]
fn bad_flag_values_exit_64_naming_the_flag() {
    let url = "postgres://nobody@127.0.0.1:1/none";
    for (args, flag) in [
        (&["list", "--older-than", "soon"][..], "--older-than"),
        (&["list", "--newer-than", "-1h"], "--newer-than"),
        // Dates that long ago are outside PostgreSQL's range.
        (&["list", "--older-than", "100000y"], "--older-than"),
        (&["list", "--limit", "0"], "--limit"),
        (&["list", "--limit", "many"], "--limit"),
        (&["list", "--kind", "paypal"], "--kind"),
        (&["list", "--status", ""], "--status"),
        (&["list", "--payment-status", " "], "--payment-status"),
        (&["list", "--machine", ""], "--machine"),
        (&["list", "--now", "yesterday"], "--now"),
        (&["show"], "<ID>"),
        (&["show", ""], "<ID>"),
        (
            &["stuck", "--pending-payment", "2 fortnights"],
            "--pending-payment",
        ),
        (&["stuck", "--paid-not-sent", "x"], "--paid-not-sent"),
        (&["stuck", "--sent-no-progress", "x"], "--sent-no-progress"),
        (&["stuck", "--vending-pending", "x"], "--vending-pending"),
        (&["stuck", "--limit", "0"], "--limit"),
        (&["stats", "--days", "0"], "--days"),
        (&["stats", "--days", "many"], "--days"),
        (&["stats", "--top", "0"], "--top"),
        (&["nope"], "nope"),
    ] {
        let out = pmc()
            .args(["--database-url", url, "orders"])
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(64), "{args:?}: {stderr}");
        assert!(
            stderr.contains(flag),
            "{args:?} does not name {flag}: {stderr}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[tokio::test]
async fn list_table_shows_the_columns() {
    let db = TestDb::with_fixtures(1).await;
    let out = pmc()
        .args([
            "--database-url",
            &db.url,
            "orders",
            "list",
            "--limit",
            "5",
            "--now",
            NOW,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for column in [
        "id",
        "order_number",
        "kind",
        "status",
        "payment",
        "amount",
        "template",
        "model",
        "age",
        "factory ids",
    ] {
        assert!(text.lines().next().unwrap().contains(column), "{text}");
    }
    assert!(text.contains("£"), "{text}");
    assert!(
        text.trim_end().ends_with("matching sales, newest first"),
        "{text}"
    );
}

/// `orders show KEY` as a table, with `dir` as the images folder when given.
fn show_table(db: &TestDb, key: &str, dir: Option<&std::path::Path>) -> (i32, String, String) {
    let mut cmd = pmc();
    cmd.args([
        "--database-url",
        &db.url,
        "orders",
        "show",
        key,
        "--now",
        NOW,
    ]);
    if let Some(dir) = dir {
        cmd.env("PMC_STORE_IMAGES_DIR", dir);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The `amount` line of `orders show KEY` as a table (the run must succeed).
fn show_amount(db: &TestDb, key: &str) -> String {
    let (code, text, stderr) = show_table(db, key, None);
    assert_eq!(code, 0, "{key}: {stderr}");
    text.lines()
        .find(|l| l.contains("  amount "))
        .unwrap_or_else(|| panic!("no amount line: {text}"))
        .to_string()
}

/// The store's nullable columns (created_at included) may be NULL on any row: the sale is
/// listed, with null in JSON and `-` in the table, and nothing fails to decode.
#[tokio::test]
async fn null_columns_are_shown_as_unknown() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let order: String = sqlx::query_scalar(
        "SELECT id FROM orders WHERE session_id IS NULL ORDER BY created_at DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let session: String = sqlx::query_scalar(
        "SELECT session_id FROM vending_machine_sessions
         WHERE payment_confirmed_at IS NOT NULL ORDER BY created_at DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    execute(
        &pool,
        &format!(
            "UPDATE orders SET created_at = NULL, updated_at = NULL, paid_at = NULL,
                               status = NULL, payment_status = NULL, currency = NULL,
                               order_number = NULL, machine_id = NULL
             WHERE id = '{order}';
             UPDATE vending_machine_sessions SET created_at = NULL, updated_at = NULL,
                                                 last_activity = NULL, status = NULL,
                                                 user_progress = NULL, payment_amount = NULL
             WHERE session_id = '{session}';
             UPDATE vending_machine_sessions SET created_at = NULL, last_activity = NULL
             WHERE id = (SELECT id FROM vending_machine_sessions
                         WHERE status = 'payment_pending' ORDER BY id LIMIT 1);"
        ),
    )
    .await;

    let (code, r, stderr) = run(&db.url, &["list", "--limit", "100000"]);
    assert_eq!(code, 0, "{stderr}");
    let sales = r["sales"].as_array().unwrap();
    for id in [&order, &session] {
        let at = sales.iter().position(|s| s["id"] == id.as_str()).unwrap();
        let sale = &sales[at];
        assert_eq!(sale["created_at"], Value::Null, "{sale}");
        assert_eq!(sale["age_seconds"], Value::Null, "{sale}");
        assert_eq!(sale["status"], Value::Null, "{sale}");
        // Newest first, and a sale of unknown age after all the dated ones.
        assert!(
            sales[at..].iter().all(|s| s["created_at"].is_null()),
            "{id} is listed before a dated sale"
        );
    }
    let out = pmc()
        .args([
            "--database-url",
            &db.url,
            "orders",
            "list",
            "--limit",
            "100000",
        ])
        .args(["--now", NOW])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text.lines().find(|l| l.contains(order.as_str())).unwrap();
    assert!(line.contains(" - "), "{line}");

    let (code, _, stderr) = run(&db.url, &["stats"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = run(&db.url, &["stuck"]);
    assert_eq!(code, 2, "{stderr}");
    for key in [&order, &session] {
        let (code, r, stderr) = run(&db.url, &["show", key]);
        assert_eq!(code, 0, "{key}: {stderr}");
        assert_eq!(r["key"], key.as_str());
        let (code, text, stderr) = show_table(&db, key, None);
        assert_eq!(code, 0, "{key}: {stderr}");
        let created = text.lines().find(|l| l.contains("created")).unwrap();
        assert!(created.trim_end().ends_with(" -"), "{created}");
    }
}

/// A key that names an order and also a different sale (a session the order does not own) is
/// ambiguous; a key that names an order and its own session is not.
#[tokio::test]
async fn show_of_a_key_naming_an_order_and_another_sale_is_ambiguous() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    add_paid_order(
        &pool,
        "tst-big-order",
        Some("TST-BIG"),
        "2026-10-30T10:00:00Z",
    )
    .await;
    execute(
        &pool,
        "INSERT INTO vending_machine_sessions (id, session_id, machine_id, status, expires_at,
                                              created_at, session_data)
         VALUES ('tst-big-session', 'TST-BIG', 'VM001', 'payment_completed',
                 '2026-10-30T11:30:00Z', '2026-10-30T11:00:00Z',
                 '{\"payment_amount\": 35.0, \"payment_data\": {\"third_id\": \"PYENAMB\"}}');
         INSERT INTO orders (id, session_id, order_number, brand_id, model_id, template_id,
                             status, total_amount, payment_status, third_party_payment_id,
                             created_at)
         SELECT 'tst-own-order', 'TST-OWN-S', 'TST-OWN', brand_id, id, 'classic', 'paid', 35.00,
                'paid', 'PYENOWN', '2026-10-30T12:00:00Z'
         FROM phone_models ORDER BY id LIMIT 1;
         INSERT INTO vending_machine_sessions (id, session_id, machine_id, status, expires_at,
                                              created_at, order_id, session_data)
         VALUES ('tst-own-session', 'TST-OWN-S', 'VM001', 'payment_completed',
                 '2026-10-30T12:30:00Z', '2026-10-30T11:55:00Z', 'tst-own-order',
                 '{\"payment_amount\": 35.0, \"payment_data\": {\"third_id\": \"PYENOWN\"}}');",
    )
    .await;

    let (code, json, stderr) = run(&db.url, &["show", "TST-BIG"]);
    assert_eq!(code, 65, "{json:#} {stderr}");
    assert_eq!(json, Value::Null);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("matches 2 sales")
            && stderr.contains("order tst-big-order")
            && stderr.contains("session TST-BIG (id tst-big-session)"),
        "{stderr}"
    );

    // Each of the two is still reachable by an id of its own.
    let r = orders(&db, &["show", "tst-big-order"]);
    assert_eq!(r["kind"], "stripe");
    assert_eq!(r["sessions"], serde_json::json!([]));
    assert_eq!(r["factory"]["third_id"], Value::Null);
    for key in ["PYENAMB", "tst-big-session"] {
        let r = orders(&db, &["show", key]);
        assert_eq!(r["order"], Value::Null, "{key}");
        assert_eq!(r["sessions"][0]["session_id"], "TST-BIG", "{key}");
    }

    // The order's own session (by its order_id and by the order's session_id) is one sale.
    for key in ["PYENOWN", "TST-OWN", "TST-OWN-S", "tst-own-order"] {
        let (code, r, stderr) = run(&db.url, &["show", key]);
        assert_eq!(code, 0, "{key}: {stderr}");
        assert_eq!(r["order"]["id"], "tst-own-order", "{key}");
        assert_eq!(texts(&r["sessions"], "session_id"), ["TST-OWN-S"], "{key}");
        assert_eq!(r["kind"], "vending", "{key}");
    }
}

/// A vending amount that is not a number a machine can charge (0 to 500 pounds) is unknown:
/// one such row neither breaks a listing nor is capped, and stats leave it out of revenue.
#[tokio::test]
async fn unreadable_amounts_are_unknown_not_fatal() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let before = orders(&db, &["stats"]);
    assert_eq!(before["unreadable_amounts"], 0);
    execute(
        &pool,
        "INSERT INTO vending_machine_sessions (id, session_id, machine_id, status, expires_at,
                                              created_at, last_activity, payment_amount,
                                              session_data)
         VALUES ('bad-1', 'VM001_20261031_101010_BADAMT01', 'VM001', 'payment_completed',
                 '2026-10-31T10:40:10Z', '2026-10-31T10:10:10Z', '2026-10-31T10:10:10Z', NULL,
                 '{\"payment_amount\": 1e17, \"payment_data\": {\"third_id\": \"PYENHUGE2\"}}'),
                ('bad-2', 'VM001_20261031_111111_BADAMT02', 'VM001', 'payment_completed',
                 '2026-10-31T11:41:11Z', '2026-10-31T11:11:11Z', '2026-10-31T11:11:11Z', NULL,
                 '{\"payment_amount\": \"lots\", \"payment_data\": {\"third_id\": \"PYENWORDS\"}}'),
                ('bad-3', 'VM001_20261031_121212_BADAMT03', 'VM001', 'payment_completed',
                 '2026-10-31T12:42:12Z', '2026-10-31T12:12:12Z', '2026-10-31T12:12:12Z',
                 99999999.99, '{\"payment_data\": {\"third_id\": \"PYENCOLUMN\"}}'),
                ('bad-4', 'VM001_20261020_131313_BADAMT04', 'VM001', 'payment_pending',
                 '2026-10-20T13:43:13Z', '2026-10-20T13:13:13Z', '2026-10-20T13:13:13Z', NULL,
                 '{\"payment_amount\": 1e17, \"payment_data\": {\"third_id\": \"PYENHUGE4\",
                                                              \"amount\": -1e30}}');",
    )
    .await;

    let (code, r, stderr) = run(
        &db.url,
        &["list", "--machine", "VM001", "--limit", "100000"],
    );
    assert_eq!(code, 0, "{stderr}");
    for n in 1..=4 {
        let sale = r["sales"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"].as_str().unwrap().ends_with(&format!("BADAMT0{n}")))
            .unwrap_or_else(|| panic!("BADAMT0{n} is not listed"));
        assert_eq!(sale["amount_pence"], Value::Null, "{sale}");
    }

    let (code, stats, stderr) = run(&db.url, &["stats"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stats["totals"]["all"]["sales"],
        before["totals"]["all"]["sales"].as_i64().unwrap() + 4
    );
    assert_eq!(
        stats["totals"]["all"]["paid"],
        before["totals"]["all"]["paid"].as_i64().unwrap() + 3
    );
    assert_eq!(
        stats["totals"]["all"]["revenue_pence"],
        before["totals"]["all"]["revenue_pence"]
    );
    assert_eq!(stats["unreadable_amounts"], 3, "the paid ones");
    assert!(
        stats["warnings"][0]
            .as_str()
            .unwrap()
            .contains("3 paid sales"),
        "{stats:#}"
    );

    let (code, stuck, stderr) = run(&db.url, &["stuck", "--limit", "100000"]);
    assert_eq!(code, 2, "{stderr}");
    let pending = stuck["categories"][3]["sales"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "VM001_20261020_131313_BADAMT04")
        .unwrap();
    assert_eq!(pending["amount_pence"], Value::Null, "{pending}");

    let (code, text, stderr) = show_table(&db, "PYENHUGE2", None);
    assert_eq!(code, 0, "{stderr}");
    let amount = text.lines().find(|l| l.contains("  amount ")).unwrap();
    // The raw value as PostgreSQL gives it back (jsonb writes numbers out in full).
    assert!(
        !amount.contains('£') && amount.contains("unreadable: 100000000000000000 "),
        "{amount}"
    );
    assert!(!text.contains("92,233,720"), "{text}");
    let (code, _, stderr) = show_table(&db, "PYENCOLUMN", None);
    assert_eq!(code, 0, "{stderr}");
}

/// Without the images folder (missing, or not a directory) pmc cannot tell whether a file is
/// gone: existence is unknown, not `MISSING`, and a warning names the folder and the setting.
#[tokio::test]
async fn show_without_the_images_folder_does_not_call_files_missing() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let id: String = sqlx::query_scalar(
        "SELECT o.id FROM orders AS o
         WHERE EXISTS (SELECT 1 FROM order_images AS i WHERE i.order_id = o.id)
         ORDER BY o.created_at LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    fs_err::write(&file, b"not a folder").unwrap();
    for folder in [std::path::Path::new("/nonexist"), file.as_path()] {
        let out = pmc()
            .args(["--database-url", &db.url, "--json", "orders", "show", &id])
            .args(["--now", NOW])
            .env("PMC_STORE_IMAGES_DIR", folder)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let r: Value = serde_json::from_slice(&out.stdout).unwrap();
        let images = r["images"].as_array().unwrap();
        assert!(!images.is_empty());
        assert!(images.iter().all(|i| i["exists"].is_null()), "{images:?}");
        let warning = r["warnings"][0].as_str().unwrap_or_default();
        for part in [
            folder.to_str().unwrap(),
            "store.images_dir",
            "PMC_STORE_IMAGES_DIR",
        ] {
            assert!(warning.contains(part), "{part} not in {r:#}");
        }
        let (code, text, stderr) = show_table(&db, &id, Some(folder));
        assert_eq!(code, 0, "{stderr}");
        assert!(!text.contains("MISSING"), "{text}");
        assert!(text.contains("unknown"), "{text}");
    }
    // The default folder is relative: from a directory without it, the same.
    let (code, text, _) = show_table(&db, &id, None);
    assert_eq!(code, 0);
    assert!(
        !text.contains("MISSING") && text.contains("generated-images"),
        "{text}"
    );
}

/// Times in the future read `in 29m`, times in the past `1m ago`.
#[tokio::test]
async fn show_says_in_for_the_future_and_ago_for_the_past() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    execute(
        &pool,
        "INSERT INTO vending_machine_sessions (id, session_id, machine_id, status, expires_at,
                                              created_at, session_data)
         VALUES ('tst-future', 'VM001_20261101_115900_F0F0F0F0', 'VM001', 'payment_pending',
                 '2026-11-01T12:29:00Z', '2026-11-01T11:59:00Z',
                 '{\"payment_amount\": 35.0, \"payment_data\": {\"third_id\": \"PYENFUTURE\"}}');",
    )
    .await;
    let (code, text, stderr) = show_table(&db, "PYENFUTURE", None);
    assert_eq!(code, 0, "{stderr}");
    let line = |name: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("no {name} in {text}"))
            .to_string()
    };
    assert!(
        line("expires").ends_with("2026-11-01 12:29 UTC (in 29m)"),
        "{text}"
    );
    assert!(
        line("created").ends_with("2026-11-01 11:59 UTC (1m ago)"),
        "{text}"
    );
}

/// The runs of a sale are those whose arguments or summary hold one of its ids as a whole
/// value, not every run whose text contains a short id somewhere (`re` in `restore`).
#[tokio::test]
async fn show_matches_runs_on_whole_ids_only() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    pmc::journal::migrate(&pool).await.unwrap();
    add_paid_order(&pool, "tst-re-order", Some("re"), "2026-10-30T10:00:00Z").await;
    execute(
        &pool,
        "INSERT INTO pmc.runs (command, arguments, host, os_user, os_pid, pmc_version, outcome,
                               summary)
         VALUES ('restore', '[\"restore\", \"--yes\", \"/srv/backups/x.dump\"]', 'h', 'u', 1,
                 '0.1.0', 'ok', '{\"database\": \"store_restored\"}'),
                ('backup', '[\"backup\"]', 'h', 'u', 1, '0.1.0', 'ok',
                 '{\"directory\": \"/srv/backups/reports\"}'),
                ('db-size', '[\"db-size\"]', 'h', 'u', 1, '0.1.0', 'ok', '{\"free\": 12}'),
                ('vacuum', '[\"vacuum\"]', 'h', 'u', 1, '0.1.0', 'ok',
                 '{\"note\": \"tst-re-order-2\"}'),
                ('orders archive', '[\"orders\", \"archive\"]', 'h', 'u', 1, '0.1.0', 'ok',
                 '{\"archived\": {\"orders\": [\"tst-re-order\"]}}'),
                ('cleanup', '[\"cleanup\", \"--order\", \"re\"]', 'h', 'u', 1, '0.1.0', 'ok',
                 NULL);",
    )
    .await;
    for key in ["re", "tst-re-order"] {
        let r = orders(&db, &["show", key]);
        assert_eq!(r["order"]["id"], "tst-re-order");
        let mut commands = texts(&r["runs"], "command");
        commands.sort();
        assert_eq!(commands, ["cleanup", "orders archive"], "{key}");
    }
}

/// What a json session_data may hold but jsonb (or an f64) cannot: a `\u0000` escape (a
/// customer can put one in metadata or the user agent), half a surrogate pair, a number beyond
/// numeric (1e200000) or beyond an f64 (1e400). One such session neither fails a listing nor a
/// check, and `show` shows it with what cannot be read as unreadable.
#[tokio::test]
async fn session_data_jsonb_cannot_hold_breaks_nothing() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    execute(
        &pool,
        r#"INSERT INTO vending_machine_sessions (id, session_id, machine_id, status, expires_at,
                                                 created_at, last_activity, session_data)
           VALUES ('odd-nul', 'VM001_20261031_090000_0DD00001', 'VM001', 'payment_pending',
                   '2026-10-31T09:30:00Z', '2026-10-31T09:00:00Z', '2026-10-31T09:00:00Z',
                   '{"metadata": {"note": "a\u0000b"}, "payment_amount": 35.0,
                     "payment_data": {"third_id": "PYENODDNUL"}}'),
                  ('odd-half', 'VM001_20261031_091000_0DD00002', 'VM001', 'payment_completed',
                   '2026-10-31T09:40:00Z', '2026-10-31T09:10:00Z', '2026-10-31T09:10:00Z',
                   '{"user_agent": "\ud800", "payment_amount": 20.0,
                     "payment_data": {"third_id": "PYENODDHALF"}}'),
                  ('odd-huge', 'VM001_20261031_092000_0DD00003', 'VM001', 'payment_pending',
                   '2026-10-31T09:50:00Z', '2026-10-31T09:20:00Z', '2026-10-31T09:20:00Z',
                   '{"payment_amount": 1e200000, "payment_data": {"third_id": "PYENODDHUGE"}}'),
                  ('odd-f64', 'VM001_20261031_093000_0DD00004', 'VM001', 'payment_completed',
                   '2026-10-31T10:00:00Z', '2026-10-31T09:30:00Z', '2026-10-31T09:30:00Z',
                   '{"payment_amount": 1e400, "payment_data": {"third_id": "PYENODDF64"}}');
           UPDATE orders SET user_data = '{"note": "\u0000"}'
           WHERE id = (SELECT id FROM orders WHERE session_id IS NULL ORDER BY id LIMIT 1);"#,
    )
    .await;
    let odd = |n: u32| format!("VM001_20261031_09{}000_0DD0000{n}", n - 1);

    let (code, r, stderr) = run(
        &db.url,
        &["list", "--machine", "VM001", "--limit", "100000"],
    );
    assert_eq!(code, 0, "{stderr}");
    let sale = |id: &str| {
        r["sales"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} is not listed"))
    };
    assert_eq!(sale(&odd(1))["amount_pence"], 3500);
    assert_eq!(sale(&odd(1))["third_id"], "PYENODDNUL");
    assert_eq!(sale(&odd(2))["amount_pence"], 2000);
    assert_eq!(sale(&odd(3))["amount_pence"], Value::Null);
    assert_eq!(sale(&odd(4))["amount_pence"], Value::Null);

    let (code, stats, stderr) = run(&db.url, &["stats"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stats["unreadable_amounts"], 1, "the paid 1e400: {stats:#}");

    // The fixtures hold critical breaches: 2, not 3 (could not check).
    let (code, stuck, stderr) = run(&db.url, &["stuck", "--limit", "100000"]);
    assert_eq!(code, 2, "{stderr}");
    let pending: Vec<&Value> = stuck["categories"][3]["sales"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["machine_id"] == "VM001" && s["id"].as_str().unwrap().contains("0DD"))
        .collect();
    assert_eq!(pending.len(), 2, "{pending:?}");
    assert!(
        pending
            .iter()
            .any(|s| s["third_id"] == "PYENODDNUL" && s["amount_pence"] == 3500)
    );
    assert!(
        pending
            .iter()
            .any(|s| s["third_id"] == "PYENODDHUGE" && s["amount_pence"].is_null())
    );

    for (key, id) in [
        ("PYENODDNUL", "odd-nul"),
        ("odd-half", "odd-half"),
        ("PYENODDHUGE", "odd-huge"),
        ("PYENODDF64", "odd-f64"),
    ] {
        let (code, r, stderr) = run(&db.url, &["show", key]);
        assert_eq!(code, 0, "{key}: {stderr}");
        assert_eq!(r["sessions"][0]["id"], id, "{key}");
        let (code, text, stderr) = show_table(&db, key, None);
        assert_eq!(code, 0, "{key}: {stderr}");
        assert!(text.contains("amount "), "{text}");
    }
    let r = orders(&db, &["show", "odd-nul"]);
    assert_eq!(
        r["sessions"][0]["session_data"]["metadata"]["note"],
        "a\u{fffd}b"
    );
    let r = orders(&db, &["show", "odd-half"]);
    assert_eq!(r["sessions"][0]["session_data"]["user_agent"], "\u{fffd}");
    for key in ["PYENODDHUGE", "PYENODDF64"] {
        let amount = show_amount(&db, key);
        assert!(amount.contains("unreadable: \"1e"), "{amount}");
    }
    let order: String =
        sqlx::query_scalar("SELECT id FROM orders WHERE session_id IS NULL ORDER BY id LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    let r = orders(&db, &["show", &order]);
    assert_eq!(r["order"]["user_data"]["note"], "\u{fffd}");
}

/// A json column nested as deep as serde_json refuses (128 levels) is shown as its JSON text
/// with a warning; the other columns and the rest of the sale are read as usual.
#[tokio::test]
async fn show_of_a_session_nested_too_deep_keeps_it_as_text() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let deep = format!("{}1{}", "[".repeat(300), "]".repeat(300));
    execute(
        &pool,
        &format!(
            r#"INSERT INTO vending_machine_sessions (id, session_id, machine_id, status,
                                                      expires_at, created_at, last_activity,
                                                      qr_data, session_data)
               VALUES ('deep-1', 'VM001_20261031_100000_DEEP0001', 'VM001', 'payment_completed',
                       '2026-10-31T10:30:00Z', '2026-10-31T10:00:00Z', '2026-10-31T10:00:00Z',
                       '{{"machine_id": "VM001"}}',
                       '{{"payment_amount": 35.0, "nest": {deep},
                          "payment_data": {{"third_id": "PYENDEEP"}}}}')"#
        ),
    )
    .await;
    for key in ["PYENDEEP", "deep-1", "VM001_20261031_100000_DEEP0001"] {
        let (code, r, stderr) = run(&db.url, &["show", key]);
        assert_eq!(code, 0, "{key}: {stderr}");
        let session = &r["sessions"][0];
        assert_eq!(session["id"], "deep-1");
        assert_eq!(session["qr_data"]["machine_id"], "VM001", "{session:#}");
        assert_eq!(
            session["nested_too_deep"],
            serde_json::json!(["session_data"])
        );
        let text = session["session_data"].as_str().expect("kept as text");
        assert!(text.contains("PYENDEEP") && text.matches('[').count() == 300);
        let warnings = r["warnings"].as_array().unwrap();
        assert!(
            warnings.iter().any(|w| w
                .as_str()
                .unwrap()
                .contains("session deep-1: session_data is nested")),
            "{warnings:?}"
        );
        let (code, table, stderr) = show_table(&db, key, None);
        assert_eq!(code, 0, "{key}: {stderr}");
        assert!(
            table.contains("nested 128 levels deep or more"),
            "{table}\n{stderr}"
        );
    }
}

/// The placeholder order the store makes when the partner's payStatus 3 finds no live session
/// (store-facts 3.7) is the same sale as that session: listed and counted once, as a vending
/// order, and `show` by the third id, the order id or the session id shows both.
#[tokio::test]
async fn a_placeholder_order_and_its_session_are_one_vending_sale() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let before = orders(&db, &["stats", "--days", "30"]);
    execute(
        &pool,
        r#"INSERT INTO payment_mappings (id, third_id, chinese_payment_id, device_id, pay_amount,
                                         pay_type, created_at)
           VALUES ('pm-ph', 'PYENPLACEHOLDER1', 'MSPYPH1', 'VM001', 35.00, 5,
                   '2026-10-30T10:06:00Z');
           INSERT INTO vending_machine_sessions (id, session_id, machine_id, status, expires_at,
                                                 created_at, last_activity, session_data)
           VALUES ('ph-session', 'VM001_20261030_100000_PH000001', 'VM001', 'expired',
                   '2026-10-30T10:30:00Z', '2026-10-30T10:00:00Z', '2026-10-30T10:40:00Z',
                   '{"payment_amount": 35.0,
                     "payment_data": {"third_id": "PYENPLACEHOLDER1", "amount": 35.0}}');
           INSERT INTO orders (id, brand_id, model_id, template_id, status, total_amount,
                               payment_status, paid_at, created_at, third_party_payment_id,
                               chinese_payment_id, user_data)
           SELECT 'ph-order', brand_id, id, 'classic', 'paid', 35.00, 'paid',
                  '2026-10-30T10:45:00Z', '2026-10-30T10:45:00Z', 'PYENPLACEHOLDER1', 'MSPYPH1',
                  '{"created_from": "chinese_payment_status"}'
           FROM phone_models ORDER BY id LIMIT 1;"#,
    )
    .await;
    // A second session of the same payment left in payment_pending: the placeholder order
    // exists because payStatus 3 came, so it is neither stuck nor a sale of its own.
    execute(
        &pool,
        r#"INSERT INTO vending_machine_sessions (id, session_id, machine_id, status, expires_at,
                                                 created_at, last_activity, session_data)
           VALUES ('ph-pending', 'VM001_20261030_095000_PH000002', 'VM001', 'payment_pending',
                   '2026-10-30T10:20:00Z', '2026-10-30T09:50:00Z', '2026-10-30T09:55:00Z',
                   '{"chinese_third_id": "PYENPLACEHOLDER1"}')"#,
    )
    .await;
    let (_, stuck, _) = run(&db.url, &["stuck", "--limit", "100000"]);
    let pending = texts(&stuck["categories"][3]["sales"], "id");
    assert!(
        !pending.contains(&"VM001_20261030_095000_PH000002"),
        "{stuck:#}"
    );
    // Paid, never sent: stuck, with its session's machine, as `list` gives it.
    let placeholder = stuck["categories"][0]["sales"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "ph-order")
        .unwrap_or_else(|| panic!("the placeholder is not paid_not_sent: {stuck:#}"));
    assert_eq!(placeholder["machine_id"], "VM001", "{placeholder:#}");
    let after = orders(&db, &["stats", "--days", "30"]);
    let total = |r: &Value, kind: &str, field: &str| r["totals"][kind][field].as_i64().unwrap();
    assert_eq!(
        total(&after, "all", "sales"),
        total(&before, "all", "sales") + 1
    );
    assert_eq!(
        total(&after, "vending", "paid"),
        total(&before, "vending", "paid") + 1
    );
    assert_eq!(
        total(&after, "web", "sales"),
        total(&before, "web", "sales"),
        "{after:#}"
    );

    let listed = orders(&db, &["list", "--machine", "VM001", "--limit", "100000"]);
    let listed_all = orders(&db, &["list", "--limit", "100000"]);
    assert!(!ids(&listed).contains(&"VM001_20261030_100000_PH000001".to_string()));
    // The order has no machine_id (the store writes none): its session's machine stands in.
    assert!(ids(&listed).contains(&"ph-order".to_string()), "{listed:#}");
    let order = listed_all["sales"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "ph-order")
        .expect("the placeholder order is listed");
    assert_eq!(order["kind"], "vending");

    for key in [
        "PYENPLACEHOLDER1",
        "ph-order",
        "VM001_20261030_100000_PH000001",
    ] {
        let (code, r, stderr) = run(&db.url, &["show", key]);
        assert_eq!(code, 0, "{key}: {stderr}");
        assert_eq!(r["order"]["id"], "ph-order", "{key}");
        assert_eq!(r["kind"], "vending", "{key}");
        // Both sessions of the payment belong to the one sale.
        let mut sessions = texts(&r["sessions"], "id");
        sessions.sort();
        assert_eq!(sessions, ["ph-pending", "ph-session"], "{key}");
    }

    // Without its session (the store's own cleanup deletes sessions), the placeholder is still a
    // vending sale to show as to list; and a session whose session_data is too deep to read
    // here still belongs to its placeholder.
    let deep = format!("{}1{}", "[".repeat(300), "]".repeat(300));
    execute(
        &pool,
        &format!(
            r#"INSERT INTO payment_mappings (id, third_id, chinese_payment_id, device_id,
                                             pay_amount, pay_type, created_at)
               VALUES ('pm-ph2', 'PYENPLACEHOLDER2', 'MSPYPH2', 'VM001', 35.00, 5,
                       '2026-10-30T11:06:00Z'),
                      ('pm-ph3', 'PYENPLACEHOLDER3', 'MSPYPH3', 'VM001', 35.00, 5,
                       '2026-10-30T12:06:00Z');
               INSERT INTO orders (id, brand_id, model_id, template_id, status, total_amount,
                                   payment_status, paid_at, created_at, third_party_payment_id)
               SELECT v.id, brand_id, p.id, 'classic', 'paid', 35.00, 'paid', v.at, v.at, v.third
               FROM (SELECT brand_id, id FROM phone_models ORDER BY id LIMIT 1) AS p
               CROSS JOIN (VALUES ('ph-alone', '2026-10-30T11:45:00Z'::timestamptz,
                                   'PYENPLACEHOLDER2'),
                                  ('ph-deep', '2026-10-30T12:45:00Z', 'PYENPLACEHOLDER3'))
                          AS v (id, at, third);
               INSERT INTO vending_machine_sessions (id, session_id, machine_id, status,
                                                     expires_at, created_at, session_data)
               VALUES ('ph-deep-session', 'VM001_20261030_120000_PH000003', 'VM001', 'expired',
                       '2026-10-30T12:30:00Z', '2026-10-30T12:00:00Z',
                       '{{"payment_data": {{"third_id": "PYENPLACEHOLDER3"}}, "n": {deep}}}')"#
        ),
    )
    .await;
    let r = orders(&db, &["show", "ph-alone"]);
    assert_eq!(r["kind"], "vending", "{r:#}");
    for key in [
        "PYENPLACEHOLDER3",
        "ph-deep",
        "VM001_20261030_120000_PH000003",
    ] {
        let (code, r, stderr) = run(&db.url, &["show", key]);
        assert_eq!(code, 0, "{key}: {stderr}");
        assert_eq!(r["order"]["id"], "ph-deep", "{key}");
        assert_eq!(r["kind"], "vending", "{key}");
        assert_eq!(texts(&r["sessions"], "id"), ["ph-deep-session"], "{key}");
    }
}

/// A sale in another currency than GBP is shown in that currency, never with a pound sign,
/// and stats leaves it out of the revenue (in GBP) with a warning.
#[tokio::test]
async fn a_sale_in_another_currency_is_not_counted_as_pounds() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let before = orders(&db, &["stats", "--days", "30"]);
    execute(
        &pool,
        r#"INSERT INTO vending_machine_sessions (id, session_id, machine_id, status, expires_at,
                                                 created_at, last_activity, payment_confirmed_at,
                                                 session_data)
           VALUES ('eur-1', 'VM001_20261030_110000_EUR00001', 'VM001', 'payment_completed',
                   '2026-10-30T11:30:00Z', '2026-10-30T11:00:00Z', '2026-10-30T11:10:00Z',
                   '2026-10-30T11:05:00Z', '{"currency": "EUR", "payment_amount": 400.0}')"#,
    )
    .await;
    let after = orders(&db, &["stats", "--days", "30"]);
    let total = |r: &Value, field: &str| r["totals"]["all"][field].as_i64().unwrap();
    assert_eq!(total(&after, "paid"), total(&before, "paid") + 1);
    assert_eq!(
        total(&after, "revenue_pence"),
        total(&before, "revenue_pence")
    );
    assert_eq!(after["other_currency"], 1, "{after:#}");
    assert!(
        after["warnings"][0]
            .as_str()
            .unwrap()
            .starts_with("1 paid sale is in a currency other than GBP"),
        "{after:#}"
    );
    let out = pmc()
        .args([
            "--database-url",
            &db.url,
            "orders",
            "list",
            "--machine",
            "VM001",
        ])
        .args(["--newer-than", "3d", "--now", NOW])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    let row = table.lines().find(|l| l.contains("EUR00001")).unwrap();
    assert!(row.contains("400.00 EUR") && !row.contains('£'), "{table}");
    let amount = show_amount(&db, "eur-1");
    assert!(amount.trim_end().ends_with(" 400.00 EUR"), "{amount}");
    // stuck says the currency too, in the table and in JSON.
    execute(
        &pool,
        "INSERT INTO orders (id, brand_id, model_id, template_id, status, total_amount, currency,
                             payment_status, created_at, stripe_session_id)
         SELECT 'usd-1', brand_id, id, 'classic', 'pending_payment', 401.00, 'USD', 'pending',
                '2026-10-30T08:00:00Z', 'cs_usd'
         FROM phone_models ORDER BY id LIMIT 1",
    )
    .await;
    let (_, stuck, _) = run(&db.url, &["stuck", "--limit", "100000"]);
    let sale = stuck["categories"][1]["sales"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "usd-1")
        .cloned()
        .unwrap_or_else(|| panic!("{stuck:#}"));
    assert_eq!(sale["currency"], "USD");
    let out = pmc()
        .args([
            "--database-url",
            &db.url,
            "orders",
            "stuck",
            "--limit",
            "100000",
        ])
        .args(["--now", NOW])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    let row = table.lines().find(|l| l.contains("usd-1")).unwrap();
    assert!(row.contains("401.00 USD") && !row.contains('£'), "{row}");
    // An empty currency is GBP everywhere: a pound sign, and in the revenue.
    execute(&pool, "UPDATE orders SET currency = '' WHERE id = 'usd-1'").await;
    let r = orders(&db, &["stats", "--days", "30"]);
    assert_eq!(r["other_currency"], 1, "only the EUR session: {r:#}");
}

/// Once cleanup has archived an expired payment_pending session, nothing can complete it: stuck
/// no longer lists it, so the check can come back to OK; list still shows it.
#[tokio::test]
async fn stuck_leaves_out_archived_payment_pending_sessions() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let (code, report) = pmc_json(&db, &["cleanup", "--yes"]);
    assert_eq!(code, 0, "{report:#}");
    let archived = scalar_i64(
        &pool,
        "SELECT count(*) FROM pmc_archive.vending_sessions WHERE status = 'payment_pending'",
    )
    .await;
    assert!(
        archived > 0,
        "the fixtures hold expired payment_pending sessions"
    );
    let hand = stuck_counts(&pool, "2 hours", "30 minutes", "72 hours", "1 hour").await;
    let (_, r, stderr) = run(&db.url, &["stuck"]);
    assert_eq!(category_counts(&r)[3], hand[3], "{stderr}{r:#}");
    assert!(
        r["categories"][3]["sales"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["archived"] == false),
        "{r:#}"
    );
    let listed = orders(
        &db,
        &["list", "--status", "payment_pending", "--limit", "100000"],
    );
    let archived_listed = listed["sales"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["archived"] == true)
        .count() as i64;
    assert_eq!(archived_listed, archived);
}

/// White space is no id and no currency, Unicode's included, in every subcommand: a blank third
/// id ties no session to an order; the second third id key ties as the first does.
#[tokio::test]
async fn blank_ids_tie_nothing_and_either_third_id_ties_a_session() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    execute(
        &pool,
        r#"INSERT INTO vending_machine_sessions (id, session_id, machine_id, status, expires_at,
                                                 created_at, payment_confirmed_at, session_data)
           VALUES ('blank-s', 'VM001_20261030_140000_BLANK001', 'VM001', 'payment_completed',
                   '2026-10-30T14:30:00Z', '2026-10-30T14:00:00Z', '2026-10-30T14:05:00Z',
                   '{"payment_amount": 35.0, "payment_data": {"third_id": " "}}'),
                  ('two-s', 'VM001_20261030_150000_TWOKEY01', 'VM001', 'expired',
                   '2026-10-30T15:30:00Z', '2026-10-30T15:00:00Z', NULL,
                   '{"payment_amount": 35.0, "payment_data": {"third_id": "PYENFIRSTKEY"},
                     "chinese_third_id": "PYENSECONDKEY"}');
           INSERT INTO orders (id, brand_id, model_id, template_id, status, total_amount,
                               currency, payment_status, paid_at, created_at,
                               third_party_payment_id, chinese_order_id)
           SELECT v.id, p.brand_id, p.id, 'classic', 'paid', 35.00, v.currency, 'paid', v.at,
                  v.at, v.third, v.factory
           FROM (SELECT brand_id, id FROM phone_models ORDER BY id LIMIT 1) AS p
           CROSS JOIN (VALUES ('blank-o', '2026-10-30T14:10:00Z'::timestamptz, ' ', 'GBP',
                               'MSOR1'),
                              ('second-key-o', '2026-10-30T15:10:00Z', 'PYENSECONDKEY',
                               E'\t', E'\u3000')) AS v (id, at, third, currency, factory)"#,
    )
    .await;
    let r = orders(&db, &["list", "--limit", "100000"]);
    let listed = ids(&r);
    assert!(
        listed.contains(&"VM001_20261030_140000_BLANK001".to_string()),
        "blank ties nothing"
    );
    assert!(
        !listed.contains(&"VM001_20261030_150000_TWOKEY01".to_string()),
        "second key ties"
    );
    let second = r["sales"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "second-key-o")
        .unwrap();
    assert_eq!(second["machine_id"], "VM001", "{second}");
    let stats = orders(&db, &["stats", "--days", "30"]);
    assert_eq!(
        stats["other_currency"], 0,
        "a tab is no currency, so GBP: {stats:#}"
    );
    let (_, stuck, _) = run(&db.url, &["stuck", "--limit", "100000"]);
    let critical = texts(&stuck["categories"][0]["sales"], "id");
    assert!(
        critical.contains(&"second-key-o"),
        "an ideographic space is no factory id"
    );
    let (code, show, stderr) = run(&db.url, &["show", "blank-s"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(show["order"], Value::Null, "{show:#}");
}

/// An empty or blank factory order id is none: a paid order holding one was never sent (the
/// critical paid_not_sent), and a blank Stripe checkout id gives nothing to look up.
#[tokio::test]
async fn stuck_takes_empty_ids_for_none() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    execute(
        &pool,
        "INSERT INTO orders (id, brand_id, model_id, template_id, status, total_amount,
                             payment_status, paid_at, created_at, chinese_order_id,
                             stripe_session_id)
         SELECT v.id, p.brand_id, p.id, 'classic', v.status, 35.00, v.payment, t.at, t.at,
                v.chinese, v.stripe
         FROM (SELECT brand_id, id FROM phone_models ORDER BY id LIMIT 1) AS p
         CROSS JOIN (VALUES ('empty-factory-id', 'paid', 'paid', '', 'cs_1'),
                            ('tab-factory-id', 'paid', 'paid', E'\t\n', 'cs_2'),
                            ('blank-checkout', 'pending_payment', 'pending', NULL, ' '),
                            ('crlf-checkout', 'pending_payment', 'pending', NULL, E'\t\r\n'))
                    AS v (id, status, payment, chinese, stripe)
         CROSS JOIN (SELECT '2020-01-01T00:00:00Z'::timestamptz AS at) AS t",
    )
    .await;
    let (_, r, stderr) = run(&db.url, &["stuck", "--limit", "100000"]);
    let listed = |category: usize| texts(&r["categories"][category]["sales"], "id");
    assert!(listed(0).contains(&"empty-factory-id"), "{stderr}{r:#}");
    assert!(listed(0).contains(&"tab-factory-id"), "{r:#}");
    assert!(!listed(1).contains(&"blank-checkout"), "{r:#}");
    assert!(!listed(1).contains(&"crlf-checkout"), "{r:#}");
}

/// `--newer-than` ends at now, as the window of `stats` does: with `--now` set to the past,
/// the later sales are not "at most DUR before now".
#[tokio::test]
async fn newer_than_ends_at_now() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    add_paid_order(&pool, "after-now", None, "2026-11-05T00:00:00Z").await;
    add_paid_order(&pool, "within-day", None, "2026-11-01T06:00:00Z").await;
    let r = orders(&db, &["list", "--newer-than", "1d", "--limit", "100000"]);
    let listed = ids(&r);
    assert!(listed.contains(&"within-day".to_string()));
    assert!(!listed.contains(&"after-now".to_string()), "{listed:?}");
    // Without the window a sale dated ahead is still listed, with its age in the future.
    let r = orders(&db, &["list", "--limit", "100000"]);
    assert!(ids(&r).contains(&"after-now".to_string()));
}

/// A vending amount without a currency in session_data is in GBP (the store charges only GBP):
/// `show` says so as `list` does.
#[tokio::test]
async fn show_and_list_agree_on_a_vending_currency() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    execute(
        &pool,
        r#"INSERT INTO vending_machine_sessions (id, session_id, machine_id, status, expires_at,
                                                 created_at, session_data)
           VALUES ('tst-gbp', 'VM001_20261031_100000_C0FFEE01', 'VM001', 'payment_completed',
                   '2026-10-31T10:30:00Z', '2026-10-31T10:00:00Z',
                   '{"payment_amount": 35.0, "payment_data": {"third_id": "PYENNOCUR"}}');"#,
    )
    .await;
    let r = orders(&db, &["list", "--machine", "VM001", "--limit", "100000"]);
    let sale = r["sales"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["third_id"] == "PYENNOCUR")
        .unwrap();
    assert_eq!(sale["currency"], "GBP");
    let amount = show_amount(&db, "PYENNOCUR");
    assert!(amount.trim_end().ends_with("£35.00 GBP"), "{amount}");
}

/// An exact match on a row id (an order id, then a session's row id) wins over a match on
/// order_number, session_id or a third id: an order_number equal to another order's id does not
/// make that order, which may have no order_number (every Stripe order), unreachable.
#[tokio::test]
async fn show_by_a_row_id_wins_over_the_other_fields() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    add_paid_order(&pool, "tst-a", None, "2026-10-30T10:00:00Z").await;
    add_paid_order(&pool, "tst-b", Some("tst-a"), "2026-10-30T11:00:00Z").await;
    add_paid_order(&pool, "tst-c", Some("tst-row"), "2026-10-30T12:00:00Z").await;
    execute(
        &pool,
        "UPDATE orders SET third_party_payment_id = 'tst-a' WHERE id = 'tst-c';
         INSERT INTO vending_machine_sessions (id, session_id, machine_id, status, expires_at,
                                              created_at, session_data)
         VALUES ('tst-row', 'VM001_20261030_130000_0B0B0B0B', 'VM001', 'payment_completed',
                 '2026-10-30T13:30:00Z', '2026-10-30T13:00:00Z',
                 '{\"payment_amount\": 35.0, \"payment_data\": {\"third_id\": \"tst-a\"}}');",
    )
    .await;
    // tst-a is order A's id, order B's order_number, order C's and the session's third id.
    let (code, r, stderr) = run(&db.url, &["show", "tst-a"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(r["order"]["id"], "tst-a");
    assert_eq!(r["matched_by"], "id");
    assert_eq!(r["sessions"], serde_json::json!([]));
    let (code, text, stderr) = show_table(&db, "tst-a", None);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        text.starts_with("order tst-a (stripe; matched by id)"),
        "{text}"
    );
    // tst-row is the session's row id and order C's order_number. The session shares its
    // payment (third id tst-a) with order C: one sale, as a placeholder order and its session.
    let (code, r, stderr) = run(&db.url, &["show", "tst-row"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(r["order"]["id"], "tst-c");
    assert_eq!(r["matched_by"], "id");
    assert_eq!(texts(&r["sessions"], "id"), ["tst-row"]);
    // Each of the others by its own id.
    for id in ["tst-b", "tst-c"] {
        let r = orders(&db, &["show", id]);
        assert_eq!(r["order"]["id"], id);
    }
}

/// A newline in store text cannot fake a line of output: `show` prints each value on its line
/// with the newline visible, and a table row stays one line.
#[tokio::test]
async fn store_text_with_newlines_stays_on_its_line() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let id: String = sqlx::query_scalar(
        "SELECT id FROM orders WHERE session_id IS NULL ORDER BY created_at DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    execute(
        &pool,
        &format!(
            "UPDATE orders SET customer_name = E'Bob\\n  status               refunded',
                               status = E'paid\\r\\nfake-row', notes = E'a\\nb'
             WHERE id = '{id}'"
        ),
    )
    .await;
    let (code, text, stderr) = show_table(&db, &id, None);
    assert_eq!(code, 0, "{stderr}");
    let statuses: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("status"))
        .collect();
    assert_eq!(
        statuses,
        [r"  status               paid\r\nfake-row"],
        "{text}"
    );
    assert!(
        text.contains(r"  customer             Bob\n  status               refunded <"),
        "{text}"
    );
    assert!(text.contains(r"  notes                a\nb"), "{text}");

    let out = pmc()
        .args([
            "--database-url",
            &db.url,
            "orders",
            "list",
            "--limit",
            "100000",
        ])
        .args(["--status", "paid\r\nfake-row", "--now", NOW])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    // Header, rule, the one sale, the footer.
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(
        text.lines().nth(2).unwrap().contains(r"paid\r\nfake-row"),
        "{text}"
    );
}

/// No currency, an empty one, white space or `gbp` is GBP in the JSON of `list` and `stuck`, as
/// in their tables (a dashboard reading `currency` should not have to know the store's habits);
/// another currency is passed on.
#[tokio::test]
async fn list_and_stuck_json_say_gbp_for_every_way_the_store_writes_none() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let stored = [
        ("cur-null", "NULL"),
        ("cur-empty", "''"),
        ("cur-space", "'  '"),
        ("cur-lower", "'gbp'"),
        ("cur-eur", "'EUR'"),
    ];
    for (id, currency) in stored {
        add_paid_order(&pool, id, None, "2026-10-30T10:00:00Z").await;
        execute(
            &pool,
            &format!("UPDATE orders SET currency = {currency} WHERE id = '{id}'"),
        )
        .await;
    }
    let expected = |id: &str| if id == "cur-eur" { "EUR" } else { "GBP" };
    let listed = orders(&db, &["list", "--limit", "100000"]);
    let (_, stuck, stderr) = run(
        &db.url,
        &["stuck", "--paid-not-sent", "1m", "--limit", "100000"],
    );
    let stuck_sales: Vec<&Value> = stuck["categories"]
        .as_array()
        .unwrap_or_else(|| panic!("{stderr}"))
        .iter()
        .flat_map(|c| c["sales"].as_array().unwrap())
        .collect();
    for (id, _) in stored {
        for (what, sales) in [
            (
                "list",
                listed["sales"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .collect::<Vec<_>>(),
            ),
            ("stuck", stuck_sales.clone()),
        ] {
            let sale = sales
                .iter()
                .find(|s| s["id"] == id)
                .unwrap_or_else(|| panic!("{what} does not show {id}"));
            assert_eq!(sale["currency"], expected(id), "{what} {id}");
        }
    }
}

/// A session's row id is exact: when two orders claim the session (both hold its third id), the
/// session is shown alone with a warning naming them, not refused as ambiguous. The third id,
/// which names both orders, stays ambiguous.
#[tokio::test]
async fn show_by_session_row_id_names_the_orders_that_both_claim_it() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    add_paid_order(&pool, "tst-claim-1", None, "2026-10-30T10:00:00Z").await;
    add_paid_order(&pool, "tst-claim-2", None, "2026-10-30T11:00:00Z").await;
    execute(
        &pool,
        "UPDATE orders SET third_party_payment_id = 'PYENDUP0001'
         WHERE id IN ('tst-claim-1', 'tst-claim-2');
         INSERT INTO vending_machine_sessions (id, session_id, machine_id, status, expires_at,
                                              created_at, session_data)
         VALUES ('tst-claimed', 'VM001_20261030_130000_0C0C0C0C', 'VM001', 'payment_completed',
                 '2026-10-30T13:30:00Z', '2026-10-30T13:00:00Z',
                 '{\"payment_amount\": 35.0, \"payment_data\": {\"third_id\": \"PYENDUP0001\"}}');",
    )
    .await;
    let (code, r, stderr) = run(&db.url, &["show", "tst-claimed"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(r["order"].is_null(), "{r:#}");
    assert_eq!(r["matched_by"], "id");
    assert_eq!(texts(&r["sessions"], "id"), ["tst-claimed"]);
    let warnings = r["warnings"].to_string();
    assert!(
        warnings.contains("2 orders claim this session")
            && warnings.contains("order tst-claim-1")
            && warnings.contains("order tst-claim-2"),
        "{warnings}"
    );
    let (code, _, stderr) = run(&db.url, &["show", "PYENDUP0001"]);
    assert_eq!(code, 65, "{stderr}");
    assert!(
        stderr.contains("order tst-claim-1, order tst-claim-2"),
        "{stderr}"
    );
}

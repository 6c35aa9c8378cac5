//! The store schema matches the ORM (and the legacy extras), and the fixtures are complete,
//! realistic where pmc's commands care, and byte-for-byte deterministic, image files included.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::UNIX_EPOCH;

use pmc::fixtures::{self, FixtureOptions, STORE_TABLES};
use sqlx::PgPool;

use crate::common::TestDb;

async fn strings(pool: &PgPool, sql: &'static str) -> Vec<String> {
    sqlx::query_scalar(sql)
        .fetch_all(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn count(pool: &PgPool, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn generate(db: &TestDb, opts: &FixtureOptions) -> fixtures::FixtureSummary {
    let pool = db.pool().await;
    let mut conn = pool.acquire().await.unwrap();
    fixtures::generate(&mut conn, opts).await.unwrap()
}

#[tokio::test]
async fn schema_has_exactly_the_orm_tables_and_no_secondary_indexes() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let tables = strings(
        &pool,
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = 'public' ORDER BY 1",
    )
    .await;
    let mut expected: Vec<String> = STORE_TABLES.iter().map(|t| t.to_string()).collect();
    expected.sort();
    assert_eq!(tables, expected);

    // Every index backs a primary key or a UNIQUE constraint.
    let secondary = strings(
        &pool,
        "SELECT i.indexrelid::regclass::text FROM pg_index AS i
         JOIN pg_class AS c ON c.oid = i.indrelid
         JOIN pg_namespace AS n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public'
           AND NOT EXISTS (SELECT 1 FROM pg_constraint AS k WHERE k.conindid = i.indexrelid)",
    )
    .await;
    assert!(secondary.is_empty(), "secondary indexes: {secondary:?}");

    let uniques = strings(
        &pool,
        "SELECT conname::text FROM pg_constraint
         WHERE contype = 'u' AND connamespace = 'public'::regnamespace ORDER BY 1",
    )
    .await;
    assert_eq!(
        uniques,
        [
            "admin_users_email_key",
            "admin_users_username_key",
            "orders_order_number_key",
            "payment_mappings_third_id_key",
            "vending_machine_sessions_session_id_key",
        ]
    );
}

#[tokio::test]
async fn schema_foreign_keys_have_no_on_delete_and_defaults_are_python_side() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let fks = strings(
        &pool,
        "SELECT conrelid::regclass::text || ':' || confdeltype::text FROM pg_constraint
         WHERE contype = 'f' AND connamespace = 'public'::regnamespace ORDER BY 1",
    )
    .await;
    assert_eq!(fks.len(), 9, "{fks:?}");
    assert!(
        fks.iter().all(|fk| fk.ends_with(":a")),
        "an FK has an ON DELETE action: {fks:?}"
    );

    let defaults = strings(
        &pool,
        "SELECT DISTINCT column_name::text FROM information_schema.columns
         WHERE table_schema = 'public' AND column_default IS NOT NULL ORDER BY 1",
    )
    .await;
    assert_eq!(defaults, ["created_at", "last_activity"]);

    let kinds = strings(
        &pool,
        "SELECT DISTINCT data_type::text FROM information_schema.columns
         WHERE table_schema = 'public' ORDER BY 1",
    )
    .await;
    assert!(kinds.contains(&"json".to_string()) && !kinds.contains(&"jsonb".to_string()));
    assert!(
        !kinds.contains(&"timestamp without time zone".to_string()),
        "{kinds:?}"
    );
    let pk_types = strings(
        &pool,
        "SELECT DISTINCT c.data_type || coalesce(c.character_maximum_length::text, '')
         FROM information_schema.columns AS c
         JOIN information_schema.key_column_usage AS k
           ON k.table_name = c.table_name AND k.column_name = c.column_name
         JOIN information_schema.table_constraints AS t
           ON t.constraint_name = k.constraint_name AND t.constraint_type = 'PRIMARY KEY'
         WHERE c.table_schema = 'public'",
    )
    .await;
    assert_eq!(pk_types, ["character varying"]);
}

#[tokio::test]
async fn legacy_schema_adds_the_old_tables_views_indexes_and_trigger() {
    let db = TestDb::legacy().await;
    let pool = db.pool().await;
    let tables = strings(
        &pool,
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    )
    .await;
    assert_eq!(tables.len(), 15, "{tables:?}");
    for extra in ["ai_generations", "sessions", "template_pricing"] {
        assert!(tables.contains(&extra.to_string()), "missing {extra}");
    }
    let views = strings(
        &pool,
        "SELECT viewname::text FROM pg_views WHERE schemaname = 'public' ORDER BY 1",
    )
    .await;
    assert_eq!(views, ["order_analytics", "recent_activity"]);
    let indexes = strings(
        &pool,
        "SELECT indexname::text FROM pg_indexes
         WHERE schemaname = 'public' AND indexname LIKE 'idx\\_%' ORDER BY 1",
    )
    .await;
    for index in [
        "idx_orders_created_at",
        "idx_orders_status",
        "idx_orders_payment_status",
        "idx_orders_stripe_session",
        "idx_orders_updated_at",
        "idx_ai_generations_order_id",
        "idx_sessions_expires_at",
    ] {
        assert!(
            indexes.contains(&index.to_string()),
            "missing {index}: {indexes:?}"
        );
    }
    assert_eq!(
        count(&pool, "SELECT count(*) FROM template_pricing").await,
        2
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM admin_users").await, 0);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM pg_trigger WHERE tgname = 'update_orders_updated_at'"
        )
        .await,
        1
    );

    // The fixtures load on a legacy store too, and the views and trigger work on them.
    let summary = generate(&db, &FixtureOptions::new(1)).await;
    assert_eq!(summary.rows("orders"), 2000);
    assert!(count(&pool, "SELECT count(*) FROM order_analytics").await > 100);
    count(&pool, "SELECT count(*) FROM recent_activity").await;
    sqlx::query("UPDATE orders SET notes = 'touched' WHERE updated_at IS NULL AND status = 'paid'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM orders WHERE status = 'paid' AND updated_at IS NULL"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn generate_fills_every_table_across_the_store_lifecycle() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;

    let rows: Vec<(String, i64)> = sqlx::query_as(fixtures::ROW_COUNTS)
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(rows.len(), 12);
    for (table, n) in &rows {
        let expected = match table.as_str() {
            "brands" => 3,
            "templates" => 9,
            "fonts" => 16,
            "colors" => 23,
            "orders" => 2000,
            "vending_machine_sessions" => 10000,
            _ => {
                assert!(*n > 0, "{table} is empty");
                continue;
            }
        };
        assert_eq!(*n, expected, "{table}");
    }

    // Partner ids and machines from the facts.
    let brands = strings(&pool, "SELECT id::text FROM brands ORDER BY display_order").await;
    assert_eq!(brands, ["BR20250111000002", "BR020250120000001", "google"]);
    for machine in [
        "JMSOOMSZRQO9",
        "CXYLOGD8OQUK",
        "16DCTRYUJSJH",
        "10HKNTDOH2BA",
        "VM001",
    ] {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM vending_machines WHERE id = $1")
            .bind(machine)
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(n, 1, "{machine}");
    }
    assert!(
        count(
            &pool,
            "SELECT count(*) FROM vending_machines WHERE name LIKE 'Chinese Vending Machine %'"
        )
        .await
            > 0
    );
    assert!(
        count(
            &pool,
            "SELECT count(*) FROM phone_models WHERE chinese_model_id = 'MM020250224000010'"
        )
        .await
            == 1
    );

    // Every order status the store's code writes, numeric partner codes included.
    let statuses = strings(&pool, "SELECT DISTINCT status::text FROM orders").await;
    for status in [
        "pending_payment",
        "paid",
        "sent_to_chinese",
        "print_command_sent",
        "print_job_triggered",
        "printing",
        "printed",
        "completed",
        "failed",
        "cancelled",
        "payment_failed",
        "payment_error",
        "created",
        "generating",
        "pending",
        "8",
        "12",
    ] {
        assert!(
            statuses.contains(&status.to_string()),
            "no order with status {status}"
        );
    }
    let checks: &[(&str, &'static str)] = &[
        (
            "pending_payment with a checkout session and no payment intent",
            "SELECT count(*) FROM orders WHERE status = 'pending_payment'
               AND stripe_session_id LIKE 'cs\\_%' AND stripe_payment_intent_id IS NULL",
        ),
        (
            "paid but never sent to the factory",
            "SELECT count(*) FROM orders WHERE status = 'paid' AND chinese_order_id IS NULL
               AND stripe_payment_intent_id LIKE 'pi\\_%'",
        ),
        (
            "completed with completed_at",
            "SELECT count(*) FROM orders WHERE status = 'completed' AND completed_at IS NOT NULL",
        ),
        ("£0.00 orders", "SELECT count(*) FROM orders WHERE total_amount = 0"),
        (
            "ORD- order numbers",
            "SELECT count(*) FROM orders WHERE order_number ~ '^ORD-[0-9]{8}-[0-9]{4}'",
        ),
        (
            "PYEN and MSPY ids on factory orders",
            "SELECT count(*) FROM orders WHERE status = 'sent_to_chinese'
               AND third_party_payment_id ~ '^PYEN[0-9]{12}$' AND chinese_payment_id LIKE 'MSPY%'",
        ),
        (
            "relative image paths",
            "SELECT count(*) FROM order_images WHERE image_path LIKE 'generated-images/%'",
        ),
        (
            "tokenised image URLs",
            "SELECT count(*) FROM order_images WHERE image_path
               ~ '^https://pimpmycase\\.onrender\\.com/image/[^?]+\\.png\\?token=[0-9]+:end_user:[0-9a-f]{64}$'",
        ),
        (
            "chinese_image_url",
            "SELECT count(*) FROM order_images WHERE chinese_image_url IS NOT NULL",
        ),
        (
            "paid sessions marked expired",
            "SELECT count(*) FROM vending_machine_sessions WHERE status = 'expired'
               AND payment_confirmed_at IS NOT NULL AND payment_method = 'vending_machine'
               AND session_data::jsonb ?& ARRAY['payment_data', 'chinese_payment_id',
                                                'chinese_order_response', 'order_third_id']",
        ),
        (
            "unpaid expired sessions",
            "SELECT count(*) FROM vending_machine_sessions WHERE status = 'expired'
               AND payment_confirmed_at IS NULL",
        ),
        (
            "vending payment mappings",
            "SELECT count(*) FROM payment_mappings WHERE pay_type = 5",
        ),
        (
            "Stripe payment mappings",
            "SELECT count(*) FROM payment_mappings WHERE pay_type = 12",
        ),
    ];
    for (what, sql) in checks {
        assert!(count(&pool, sql).await > 0, "no {what}");
    }
    for status in [
        "active",
        "payment_pending",
        "payment_completed",
        "payment_failed",
        "expired",
    ] {
        let n: i64 =
            sqlx::query_scalar("SELECT count(*) FROM vending_machine_sessions WHERE status = $1")
                .bind(status)
                .fetch_one(&pool)
                .await
                .unwrap();
        assert!(n > 0, "no session with status {status}");
    }

    let invariants: &[(&str, &'static str)] = &[
        (
            "session ids not shaped MACHINE_YYYYMMDD_HHMMSS_HEX8",
            "SELECT count(*) FROM vending_machine_sessions
             WHERE session_id !~ '^[A-Za-z0-9-]+_[0-9]{8}_[0-9]{6}_[0-9A-F]{8}$'
                OR split_part(session_id, '_', 1) <> machine_id",
        ),
        (
            "timeouts outside 5..60 minutes",
            "SELECT count(*) FROM vending_machine_sessions
             WHERE expires_at - created_at NOT BETWEEN interval '5 minutes' AND interval '61 minutes'",
        ),
        (
            "created_at outside the 120 days before now",
            "SELECT count(*) FROM (SELECT created_at FROM orders UNION ALL
                                   SELECT created_at FROM vending_machine_sessions) AS t
             WHERE created_at NOT BETWEEN timestamptz '2026-11-01T12:00:00Z' - interval '120 days'
                                      AND timestamptz '2026-11-01T12:00:00Z'",
        ),
        (
            "timestamps after now",
            "SELECT count(*) FROM (
                 SELECT greatest(created_at, paid_at, updated_at, completed_at) AS t FROM orders
                 UNION ALL
                 SELECT greatest(created_at, updated_at, last_activity, payment_confirmed_at)
                 FROM vending_machine_sessions
                 UNION ALL SELECT created_at FROM order_images
                 UNION ALL SELECT created_at FROM payment_mappings) AS all_times
             WHERE t > timestamptz '2026-11-01T12:00:00Z'",
        ),
        (
            "third ids not PYEN + 12 digits",
            "SELECT count(*) FROM payment_mappings WHERE third_id !~ '^PYEN[0-9]{12}$'",
        ),
        (
            "third ids whose date is not the payment date",
            "SELECT count(*) FROM payment_mappings
             WHERE substr(third_id, 5, 6) <> to_char(created_at AT TIME ZONE 'UTC', 'YYMMDD')",
        ),
        (
            "paid sessions without a mapping",
            "SELECT count(*) FROM vending_machine_sessions AS s
             WHERE s.payment_confirmed_at IS NOT NULL AND NOT EXISTS (
                 SELECT 1 FROM payment_mappings AS m
                 WHERE m.third_id = s.session_data -> 'payment_data' ->> 'third_id')",
        ),
        (
            "session_data over 2.5 KB",
            "SELECT count(*) FROM vending_machine_sessions
             WHERE length(session_data::text) > 2500",
        ),
    ];
    for (what, sql) in invariants {
        assert_eq!(count(&pool, sql).await, 0, "{what}");
    }
    // Most orders come from the Stripe checkout, which never sets order_number or updated_at.
    assert!(
        count(
            &pool,
            "SELECT count(*) FROM orders WHERE order_number IS NULL"
        )
        .await
            > 1500
    );
    assert!(
        count(
            &pool,
            "SELECT count(*) FROM orders WHERE updated_at IS NULL"
        )
        .await
            > 1000
    );
    // Planner statistics were refreshed.
    assert!(
        count(
            &pool,
            "SELECT reltuples::bigint FROM pg_class WHERE oid = 'orders'::regclass"
        )
        .await
            > 1000
    );
}

#[tokio::test]
async fn rows_grow_linearly_with_the_scale() {
    let db = TestDb::new().await;
    let summary = generate(&db, &FixtureOptions::new(2)).await;
    assert_eq!(summary.rows("orders"), 4000);
    assert_eq!(summary.rows("vending_machine_sessions"), 20000);
    assert!(summary.rows("payment_mappings") > 8000);
    assert_eq!(summary.image_files, 0);
    assert_eq!(summary.tables.len(), 12);
}

/// md5 of every row of every store table, in primary-key order.
async fn fingerprint(pool: &PgPool) -> Vec<String> {
    let mut out = Vec::new();
    for table in STORE_TABLES {
        let sql = format!(
            "SELECT '{table}:' || md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), ''))
             FROM {table} AS t"
        );
        let hash: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(pool)
            .await
            .unwrap();
        out.push(hash);
    }
    out
}

#[tokio::test]
async fn same_options_give_identical_rows() {
    let (a, b) = (TestDb::new().await, TestDb::new().await);
    let opts = FixtureOptions::new(1);
    let (sa, sb) = (generate(&a, &opts).await, generate(&b, &opts).await);
    assert_eq!(sa.tables, sb.tables);
    // Both databases live in the same cluster, so timestamps render in the same time zone.
    let (pa, pb) = (a.pool().await, b.pool().await);
    let (fa, fb) = (fingerprint(&pa).await, fingerprint(&pb).await);
    assert_eq!(fa, fb);

    // A second generate into a filled store is refused rather than doubling the data.
    let mut conn = pa.acquire().await.unwrap();
    let err = fixtures::generate(&mut conn, &opts).await.unwrap_err();
    assert!(format!("{err:#}").contains("non-empty"), "{err:#}");
}

#[derive(Debug, PartialEq, Eq)]
enum Name {
    /// `order-session_<ts>-final-<ts>-<hex>.png`: a design uploaded before any order.
    SessionFinal,
    /// `order-<uuid>-<final|ai_generated>-<ts>-<hex>.png`.
    OrderLinked,
    /// `<template>-<ts>-<hex>.png`: an AI image made without an order id.
    Template,
}

/// The file name shapes of `save_generated_image` (store-facts 4.2).
fn classify(name: &str) -> Option<Name> {
    let stem = name.strip_suffix(".png")?;
    let (rest, hex) = stem.rsplit_once('-')?;
    let (rest, ts) = rest.rsplit_once('-')?;
    let hex_ok = hex.len() == 8
        && hex
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
    let ts_ok = ts.len() == 10 && ts.bytes().all(|b| b.is_ascii_digit());
    if !hex_ok || !ts_ok {
        return None;
    }
    if let Some(session) = rest.strip_prefix("order-session_") {
        let (first_ts, kind) = session.split_once('-')?;
        return (kind == "final" && first_ts.bytes().all(|b| b.is_ascii_digit()))
            .then_some(Name::SessionFinal);
    }
    if let Some(order) = rest.strip_prefix("order-") {
        let (uuid, kind) = order.rsplit_once('-')?;
        let uuid_ok = uuid.len() == 36 && uuid.split('-').count() == 5;
        return (uuid_ok && (kind == "final" || kind == "ai_generated"))
            .then_some(Name::OrderLinked);
    }
    [
        "classic",
        "2-in-1",
        "3-in-1",
        "4-in-1",
        "film-strip-3",
        "funny-toon",
        "retro-remix",
        "cover-shoot",
        "glitch-pro",
    ]
    .contains(&rest)
    .then_some(Name::Template)
}

#[test]
fn classify_knows_the_real_names() {
    assert_eq!(
        classify("order-session_1766172024-final-1766172024-354c484a.png"),
        Some(Name::SessionFinal)
    );
    assert_eq!(
        classify("funny-toon-1766894053-cca8b8c3.png"),
        Some(Name::Template)
    );
    assert_eq!(
        classify("order-36525f49-498e-3554-68ca-6bb2d38ed573-ai_generated-1766894053-cca8b8c3.png"),
        Some(Name::OrderLinked)
    );
    assert_eq!(classify("backup_20251220_000937.sql"), None);
}

#[tokio::test]
async fn image_files_are_realistic_and_referenced() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let images = dir.path().join("generated-images");
    let mut opts = FixtureOptions::new(1);
    opts.images_dir = Some(images.clone());
    let summary = generate(&db, &opts).await;
    assert!(
        (200..2000).contains(&summary.image_files),
        "{} files",
        summary.image_files
    );

    let mut names = BTreeSet::new();
    let (mut total, mut jpeg_named_png, mut junk, mut real_png) = (0u64, 0, 0, 0);
    let (mut oldest, mut newest) = (u64::MAX, 0u64);
    for entry in fs_err::read_dir(&images).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = classify(&name).unwrap_or_else(|| panic!("unexpected file name {name}"));
        let bytes = fs_err::read(entry.path()).unwrap();
        total += bytes.len() as u64;
        assert!(bytes.len() < 16 * 1024, "{name} is {} bytes", bytes.len());
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF, 0xE0]) && &bytes[6..10] == b"JFIF" {
            jpeg_named_png += 1;
            assert_ne!(
                kind,
                Name::SessionFinal,
                "{name}: final designs are real PNGs"
            );
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            real_png += 1;
            assert!(
                name.contains("-final-"),
                "{name}: only final designs are PNGs"
            );
        } else {
            assert_eq!(
                bytes.len() as u64,
                fixtures::JUNK_FILE_BYTES,
                "{name}: unknown content"
            );
            junk += 1;
        }
        let mtime = entry.metadata().unwrap().modified().unwrap();
        let mtime = mtime.duration_since(UNIX_EPOCH).unwrap().as_secs();
        // The mtime is the upload time that the name carries.
        let ts: u64 = name.rsplit('-').nth(1).unwrap().parse().unwrap();
        assert!(mtime.abs_diff(ts) < 10, "{name}: mtime {mtime}");
        oldest = oldest.min(mtime);
        newest = newest.max(mtime);
        names.insert(name);
    }
    assert_eq!(names.len() as u64, summary.image_files);
    assert_eq!(total, summary.image_bytes);
    assert!(
        jpeg_named_png > 10 && junk > 0 && real_png > 10,
        "{jpeg_named_png} {junk} {real_png}"
    );
    assert!(
        newest - oldest > 100 * 86400,
        "mtimes span only {} s",
        newest - oldest
    );

    // Files referenced from each of the three places exist, and so do orphans.
    let pool = db.pool().await;
    let path_refs = strings(
        &pool,
        "SELECT substr(image_path, length('generated-images/') + 1) FROM order_images
         WHERE image_path LIKE 'generated-images/%'",
    )
    .await;
    let url_refs = strings(
        &pool,
        "SELECT regexp_replace(split_part(image_path, '?', 1), '^.*/', '') FROM order_images
         WHERE image_path LIKE 'https://%'",
    )
    .await;
    let session_refs = strings(
        &pool,
        "SELECT regexp_replace(split_part(u, '?', 1), '^.*/', '')
         FROM vending_machine_sessions AS s,
              LATERAL (VALUES (s.session_data ->> 'final_image_url'),
                              (s.session_data ->> 'original_image_url'),
                              (s.session_data -> 'order_summary' ->> 'finalImagePublicUrl')) AS v (u)
         WHERE u IS NOT NULL",
    )
    .await;
    for (what, refs) in [
        ("path", &path_refs),
        ("url", &url_refs),
        ("session", &session_refs),
    ] {
        let present = refs.iter().filter(|r| names.contains(*r)).count();
        assert!(present > 0, "no {what}-referenced file exists");
        assert!(
            present < refs.len(),
            "every {what}-referenced file exists: none was lost"
        );
    }
    let referenced: BTreeSet<&String> = path_refs
        .iter()
        .chain(&url_refs)
        .chain(&session_refs)
        .collect();
    let orphans = names.iter().filter(|n| !referenced.contains(n)).count();
    assert!(orphans > 50, "{orphans} orphans");

    // Every file of the last 72 hours that a row references is there (the factory may
    // still download it).
    let recent = strings(
        &pool,
        "SELECT regexp_replace(split_part(image_path, '?', 1), '^.*/', '') FROM order_images
         WHERE created_at > timestamptz '2026-11-01T12:00:00Z' - interval '70 hours'",
    )
    .await;
    assert!(!recent.is_empty());
    for name in &recent {
        assert!(
            names.contains(name),
            "recent referenced file {name} is missing"
        );
    }

    // Same options, same files: names, bytes and mtimes.
    let db2 = TestDb::new().await;
    let dir2 = tempfile::tempdir().unwrap();
    opts.images_dir = Some(dir2.path().to_path_buf());
    let summary2 = generate(&db2, &opts).await;
    assert_eq!(summary2.image_bytes, summary.image_bytes);
    for name in names.iter().step_by(37) {
        assert_same_file(&images.join(name), &dir2.path().join(name));
    }
}

fn assert_same_file(a: &Path, b: &Path) {
    assert_eq!(
        fs_err::read(a).unwrap(),
        fs_err::read(b).unwrap(),
        "{}",
        a.display()
    );
    let mtime = |p: &Path| fs_err::metadata(p).unwrap().modified().unwrap();
    assert_eq!(mtime(a), mtime(b), "{}", a.display());
}

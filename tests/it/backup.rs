//! `pmc backup` on the real harness: round trips through pg_restore, the repository's
//! permissions, the password kept off command lines, damaged and legacy files, kill -9, the
//! lock, the row-drop gate, encryption and the monitoring exit codes.

use std::io::{Read as _, Write as _};
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use age::secrecy::ExposeSecret as _;
use pmc::journal::{LOCK_CLASS, lock_id};
use serde_json::Value;
use sqlx::Connection as _;

use crate::common::{Pmc, TestDb, eventually, hold_table_lock, pmc};

/// `pmc --database-url URL backup --repo REPO ARGS…`.
fn backup(db: &TestDb, repo: &Path, args: &[&str]) -> Pmc {
    let mut command = pmc();
    command
        .args(["--database-url", &db.url, "backup", "--repo"])
        .arg(repo)
        .args(args);
    command
}

fn run(mut command: Pmc) -> (i32, String, String) {
    let out = command.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(db: &TestDb, repo: &Path, args: &[&str]) -> (i32, Value) {
    let mut command = backup(db, repo, args);
    command.arg("--json");
    let (code, stdout, stderr) = run(command);
    let value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}\nstderr: {stderr}"));
    (code, value)
}

fn listing(db: &TestDb, repo: &Path) -> Vec<Value> {
    let (code, list) = json(db, repo, &["list"]);
    assert_eq!(code, 0);
    list["backups"].as_array().unwrap().clone()
}

fn good_ids(db: &TestDb, repo: &Path) -> Vec<String> {
    listing(db, repo)
        .iter()
        .filter(|b| b["state"] == "good")
        .map(|b| b["id"].as_str().unwrap().to_string())
        .collect()
}

/// Sets every `backup.keep_*` to 0: retention keeps only what it always keeps.
fn keep_none(command: &mut Pmc) {
    for key in ["LAST", "DAILY", "WEEKLY", "MONTHLY"] {
        command.env(format!("PMC_BACKUP_KEEP_{key}"), "0");
    }
}

/// Copies the files of backup folder `from` into a new folder `to`, as an operator might.
fn copy_backup(from: &Path, to: &Path) {
    fs_err::create_dir_all(to).unwrap();
    for entry in fs_err::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        fs_err::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

fn manifest(repo: &Path, id: &str) -> Value {
    let text = fs_err::read_to_string(repo.join("backups").join(id).join("manifest.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

async fn counts(db_url: &str) -> std::collections::BTreeMap<String, i64> {
    let mut conn = sqlx::PgConnection::connect(db_url).await.unwrap();
    let tables: Vec<(String, String)> = sqlx::query_as(pmc::sql::BACKUP_TABLES)
        .fetch_all(&mut conn)
        .await
        .unwrap();
    let mut out = std::collections::BTreeMap::new();
    for (schema, table) in tables {
        if schema == "pmc" {
            continue;
        }
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT count(*) FROM \"{schema}\".\"{table}\""
        )))
        .fetch_one(&mut conn)
        .await
        .unwrap();
        out.insert(format!("{schema}.{table}"), n);
    }
    conn.close().await.unwrap();
    out
}

/// Restores a backup's dump into a new database on the test server with pg_restore and
/// returns that database's URL and a guard that drops it.
async fn restore_copy(db: &TestDb, repo: &Path, id: &str, name: &str) -> String {
    db.create_database(name).await;
    let url = db.server_url(name);
    let dump = repo.join("backups").join(id).join("dump.zst");
    let mut child = std::process::Command::new(pmc::pg_client::program("pg_restore"))
        .args(["--exit-on-error", "--no-owner", "--dbname", &url])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let mut decoder =
            zstd::stream::read::Decoder::new(fs_err::File::open(dump).unwrap()).unwrap();
        std::io::copy(&mut decoder, &mut stdin).unwrap();
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    assert!(
        out.status.success(),
        "pg_restore failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    url
}

fn mode(path: &Path) -> u32 {
    fs_err::metadata(path).unwrap().permissions().mode() & 0o777
}

async fn round_trip(scale: u32) {
    let db = TestDb::with_fixtures(scale).await;
    // Names pg_restore --list prints unquoted: a space, a dot, upper case.
    sqlx::raw_sql(
        r#"CREATE TABLE "Order Notes" (id int); INSERT INTO "Order Notes" VALUES (1), (2);
           CREATE TABLE "a.b" (x int); INSERT INTO "a.b" VALUES (3);"#,
    )
    .execute(&db.pool().await)
    .await
    .unwrap();
    let repo = tempfile::tempdir().unwrap();
    let repo = repo.path().join("repo");
    let (code, report) = json(&db, &repo, &["--label", "reason=test"]);
    assert_eq!(code, 0, "{report}");
    let id = report["id"].as_str().unwrap().to_string();
    assert_eq!(report["labels"]["reason"], "test");
    assert!(report["stored_bytes"].as_u64().unwrap() < report["raw_bytes"].as_u64().unwrap());

    // The manifest counts exactly what the database holds, and its recovery point is the
    // newest order.
    let m = manifest(&repo, &id);
    let source = counts(&db.url).await;
    for (table, n) in &source {
        assert_eq!(m["row_counts"][table].as_i64(), Some(*n), "{table}");
    }
    let pool = db.pool().await;
    let newest: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT max(created_at) FROM orders")
            .fetch_one(&pool)
            .await
            .unwrap();
    let recovery: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(m["recovery_point"].clone()).unwrap();
    assert_eq!(recovery, newest);
    assert!(m["globals"]["sha256"].is_string());
    assert_eq!(m["format"], "custom");

    // Verify passes, and the dump restores into another database with the same rows.
    let (code, verified) = json(&db, &repo, &["verify", "latest"]);
    assert_eq!(code, 0, "{verified}");
    assert_eq!(verified["ok"], true);
    let copy = format!("{}_copy", db.name);
    let copy_url = restore_copy(&db, &repo, &id, &copy).await;
    assert_eq!(counts(&copy_url).await, source);
    db.drop_database(&copy).await;

    // Private files in private folders.
    let folder = repo.join("backups").join(&id);
    assert_eq!(mode(&repo), 0o700);
    assert_eq!(mode(&repo.join("backups")), 0o700);
    assert_eq!(mode(&folder), 0o700);
    for name in ["dump.zst", "globals.zst", "manifest.json"] {
        assert_eq!(mode(&folder.join(name)), 0o600, "{name}");
    }
}

#[tokio::test]
async fn round_trip_at_scale_1() {
    round_trip(1).await;
}

#[tokio::test]
async fn round_trip_at_scale_2() {
    round_trip(2).await;
}

/// A bin directory whose pg_dump and pg_dumpall record their arguments and environment,
/// then run the real program; everything else links to the real installation.
fn recording_bin_dir(dir: &Path) -> PathBuf {
    let real = pmc::pg_cluster::PgBinaries::locate().unwrap().bin_dir;
    let bin = dir.join("bin");
    fs_err::create_dir_all(&bin).unwrap();
    for entry in fs_err::read_dir(&real).unwrap() {
        let entry = entry.unwrap();
        std::os::unix::fs::symlink(entry.path(), bin.join(entry.file_name())).unwrap();
    }
    for program in ["pg_dump", "pg_dumpall"] {
        let path = bin.join(program);
        fs_err::remove_file(&path).unwrap();
        let script = format!(
            "#!/bin/sh\nprintf '%s\\n' \"$0\" \"$@\" >> '{log}/args'\nprintf '%s\\n' \"PGPASSWORD=$PGPASSWORD\" >> '{log}/env'\nexec '{real}/{program}' \"$@\"\n",
            log = dir.display(),
            real = real.display(),
        );
        fs_err::write(&path, script).unwrap();
        fs_err::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    bin
}

#[tokio::test]
async fn the_password_reaches_pg_dump_through_its_environment_only() {
    let db = TestDb::with_fixtures(1).await;
    let dir = tempfile::tempdir().unwrap();
    let bin = recording_bin_dir(dir.path());
    // The test server trusts local connections, so any password works; what matters is where
    // pmc puts it.
    let url = db.url.replace("postgres@", "postgres:s3cret-canary@");
    let repo = dir.path().join("repo");
    let mut command = pmc();
    command
        .args(["backup", "--repo"])
        .arg(&repo)
        .env("DATABASE_URL", &url)
        .env("PMC_PG_BIN", &bin);
    let (code, _, stderr) = run(command);
    assert_eq!(code, 0, "{stderr}");
    let args = fs_err::read_to_string(dir.path().join("args")).unwrap();
    let env = fs_err::read_to_string(dir.path().join("env")).unwrap();
    assert!(args.contains("--snapshot="), "{args}");
    assert!(args.contains("--globals-only"), "{args}");
    assert!(
        !args.contains("s3cret-canary"),
        "password on a command line: {args}"
    );
    assert!(
        !args.contains("postgres://"),
        "URL on a command line: {args}"
    );
    assert_eq!(
        env.lines()
            .filter(|l| *l == "PGPASSWORD=s3cret-canary")
            .count(),
        2,
        "{env}"
    );
}

#[tokio::test]
async fn a_flipped_byte_or_a_truncated_file_fails_verify() {
    let db = TestDb::with_fixtures(1).await;
    let repo = tempfile::tempdir().unwrap();
    let repo = repo.path();
    let (code, report) = json(&db, repo, &[]);
    assert_eq!(code, 0, "{report}");
    let id = report["id"].as_str().unwrap().to_string();
    let dump = repo.join("backups").join(&id).join("dump.zst");
    let original = fs_err::read(&dump).unwrap();

    let mut flipped = original.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x01;
    fs_err::write(&dump, &flipped).unwrap();
    let (code, verified) = json(&db, repo, &["verify", &id]);
    assert_eq!(code, 2, "{verified}");
    assert_eq!(verified["ok"], false);
    let failed: Vec<&str> = verified["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == false)
        .map(|c| c["check"].as_str().unwrap())
        .collect();
    assert!(failed.contains(&"dump: sha256"), "{failed:?}");

    fs_err::write(&dump, &original[..original.len() / 3]).unwrap();
    let (code, verified) = json(&db, repo, &["verify"]);
    assert_eq!(code, 2, "{verified}");
    let failed: Vec<&str> = verified["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == false)
        .map(|c| c["check"].as_str().unwrap())
        .collect();
    assert!(failed.contains(&"dump: size"), "{failed:?}");
    assert!(failed.contains(&"dump: decompress"), "{failed:?}");

    fs_err::write(&dump, &original).unwrap();
    let (code, _, stderr) = run(backup(&db, repo, &["verify"]));
    assert_eq!(code, 0, "{stderr}");
}

#[tokio::test]
async fn legacy_dumps_are_imported_and_empty_or_truncated_ones_refused() {
    let db = TestDb::with_fixtures(1).await;
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let good = dir.path().join("backup_20251219_000912.sql");
    let out = std::process::Command::new(pmc::pg_client::program("pg_dump"))
        .args(["--dbname", &db.url, "--file"])
        .arg(&good)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let empty = dir.path().join("backup_20251220_000937.sql");
    fs_err::write(&empty, b"").unwrap();
    let (code, stdout, stderr) = run(backup(&db, &repo, &["import", empty.to_str().unwrap()]));
    assert_eq!(code, 65, "{stdout}{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("is empty (0 bytes)"), "{stderr}");

    let missing = dir.path().join("backup_20251222.sql");
    let (code, _, stderr) = run(backup(&db, &repo, &["import", missing.to_str().unwrap()]));
    assert_eq!(code, 65, "{stderr}");
    assert!(
        stderr.contains("backup_20251222.sql: no such file; refused"),
        "{stderr}"
    );

    let text = fs_err::read(&good).unwrap();
    let truncated = dir.path().join("backup_20251221.sql");
    fs_err::write(&truncated, &text[..text.len() * 2 / 3]).unwrap();
    let (code, _, stderr) = run(backup(&db, &repo, &["import", truncated.to_str().unwrap()]));
    assert_eq!(code, 65, "{stderr}");
    assert!(stderr.contains("is truncated"), "{stderr}");
    assert!(
        listing(&db, &repo).is_empty(),
        "a refused file left something behind"
    );

    // A batch: the good file is imported, the bad ones are refused, exit 65.
    let (code, report) = json(
        &db,
        &repo,
        &[
            "import",
            good.to_str().unwrap(),
            empty.to_str().unwrap(),
            truncated.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 65, "{report}");
    assert_eq!(report["imported"][0]["id"], "20251219T000912Z");
    assert_eq!(report["refused"].as_array().unwrap().len(), 2);
    let backups = listing(&db, &repo);
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0]["format"], "plain");
    assert_eq!(backups[0]["state"], "good");
    // Importing it again changes nothing.
    let (code, report) = json(&db, &repo, &["import", good.to_str().unwrap()]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["imported"][0]["already"], true);
    // A file named for the same time that is no plain dump is refused for what it is, not
    // for the clash of ids.
    let custom = dir.path().join("other").join("backup_20251219_000912.sql");
    fs_err::create_dir(custom.parent().unwrap()).unwrap();
    fs_err::write(&custom, b"PGDMP\x01\x0e\x00 a custom-format archive").unwrap();
    let (code, _, stderr) = run(backup(&db, &repo, &["import", custom.to_str().unwrap()]));
    assert_eq!(code, 65, "{stderr}");
    assert!(
        stderr.contains("is not a PostgreSQL plain dump"),
        "{stderr}"
    );

    let (code, verified) = json(&db, &repo, &["verify", "20251219T000912Z"]);
    assert_eq!(code, 0, "{verified}");
}

#[tokio::test]
async fn kill_9_during_a_backup_leaves_no_good_backup_and_releases_the_lock() {
    let db = TestDb::with_fixtures(1).await;
    let repo = tempfile::tempdir().unwrap();
    let repo = repo.path();
    // Hold pg_dump up on a table lock, so it is surely mid-backup when killed.
    let mut blocker = hold_table_lock(&db, "phone_models").await;
    let mut command = backup(&db, repo, &[]);
    command.env("PMC_DATABASE_LOCK_TIMEOUT", "1h");
    let mut child = std::process::Command::from(command)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pool = db.pool().await;
    eventually("pg_dump waiting for the table lock", || {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, bool>(
                "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE '%backup (pg_dump)' AND wait_event_type = 'Lock')",
            )
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    })
    .await;
    child.kill().unwrap();
    child.wait().unwrap();
    // The orphaned pg_dump goes on once the lock is free, and dies writing to a closed pipe.
    sqlx::query("COMMIT").execute(&mut blocker).await.unwrap();
    blocker.close().await.unwrap();

    let backups = listing(&db, repo);
    assert!(
        backups.iter().all(|b| b["state"] != "good"),
        "a killed backup is listed as good: {backups:?}"
    );
    let (code, status) = json(&db, repo, &["status"]);
    assert_eq!(code, 2, "{status}");

    // The lock went with pmc's session: the next backup runs, and its retention clears the
    // leftover folder.
    let mut last = String::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (code, _, stderr) = run(backup(&db, repo, &[]));
        if code == 0 {
            break;
        }
        assert_eq!(code, 75, "{stderr}");
        last = stderr;
        assert!(Instant::now() < deadline, "lock never released: {last}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let backups = listing(&db, repo);
    assert_eq!(backups.len(), 1, "{backups:?} {last}");
    assert_eq!(backups[0]["state"], "good");
}

#[tokio::test]
async fn a_second_concurrent_backup_exits_75() {
    let db = TestDb::with_fixtures(1).await;
    let repo = tempfile::tempdir().unwrap();
    let pool = db.pool().await;
    pmc::journal::migrate(&pool).await.unwrap();
    let mut holder = sqlx::PgConnection::connect(&db.url).await.unwrap();
    let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1, $2)")
        .bind(LOCK_CLASS)
        .bind(lock_id("backup"))
        .fetch_one(&mut holder)
        .await
        .unwrap();
    assert!(got);
    let (code, _, stderr) = run(backup(&db, repo.path(), &[]));
    assert_eq!(code, 75, "{stderr}");
    assert!(
        stderr.contains("another pmc backup run holds the lock"),
        "{stderr}"
    );
    // Prune takes the same lock.
    let (code, _, stderr) = run(backup(&db, repo.path(), &["prune", "--yes"]));
    assert!(code == 0 || code == 75, "{stderr}");
    // status shows the holder.
    let (_, status) = json(&db, repo.path(), &["status"]);
    assert!(status["running"].is_object(), "{status}");
    // A session that is not a pmc run has no OS pid pmc knows: null, and its server pid.
    let server_pid: i32 = sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(&mut holder)
        .await
        .unwrap();
    assert_eq!(status["running"]["pid"], Value::Null, "{status}");
    assert_eq!(status["running"]["server_pid"], server_pid, "{status}");
    holder.close().await.unwrap();
    let (code, _, stderr) = run(backup(&db, repo.path(), &[]));
    assert_eq!(code, 0, "{stderr}");
}

#[tokio::test]
async fn losing_orders_stops_the_backup_unless_accepted() {
    let db = TestDb::with_fixtures(1).await;
    let repo = tempfile::tempdir().unwrap();
    let repo = repo.path();
    // --quiet, as cron runs it: a good backup prints nothing at all.
    let (code, stdout, stderr) = run(backup(&db, repo, &["--quiet"]));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!((stdout.as_str(), stderr.as_str()), ("", ""));
    let pool = db.pool().await;
    sqlx::raw_sql(
        "DELETE FROM order_images WHERE order_id IN (SELECT id FROM orders WHERE id > (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY id) FROM orders));
         DELETE FROM orders WHERE id > (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY id) FROM orders);",
    )
    .execute(&pool)
    .await
    .unwrap();
    let (code, stdout, stderr) = run(backup(&db, repo, &[]));
    assert_eq!(code, 65, "{stdout}{stderr}");
    assert!(stderr.contains("public.orders fell from"), "{stderr}");
    assert!(stderr.contains("--accept-drop"), "{stderr}");
    assert_eq!(good_ids(&db, repo).len(), 1);
    assert_eq!(
        listing(&db, repo).len(),
        1,
        "the refused backup left a folder"
    );
    // A higher limit, or --accept-drop, lets it through.
    let (code, _, stderr) = run(backup(&db, repo, &["--max-row-drop", "60%"]));
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = run(backup(&db, repo, &["--accept-drop", "--min-size", "1KiB"]));
    assert_eq!(code, 0, "{stderr}");
    // --min-size refuses a dump that is too small.
    let (code, _, stderr) = run(backup(&db, repo, &["--min-size", "1GiB"]));
    assert_eq!(code, 65, "{stderr}");
    assert!(stderr.contains("--min-size"), "{stderr}");
}

#[tokio::test]
async fn encrypted_backups_need_the_right_identity() {
    let db = TestDb::with_fixtures(1).await;
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let key = age::x25519::Identity::generate();
    let other = age::x25519::Identity::generate();
    let identity = dir.path().join("key.txt");
    let wrong = dir.path().join("wrong.txt");
    fs_err::write(&identity, key.to_string().expose_secret()).unwrap();
    fs_err::write(&wrong, other.to_string().expose_secret()).unwrap();
    let with = |command: &mut Pmc, identity: Option<&Path>| {
        command.env("PMC_BACKUP_ENCRYPT_TO", key.to_public().to_string());
        if let Some(identity) = identity {
            command.env("PMC_BACKUP_IDENTITY_FILE", identity);
        }
    };
    let mut command = backup(&db, &repo, &["--json"]);
    with(&mut command, None);
    let (code, stdout, stderr) = run(command);
    assert_eq!(code, 0, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["encrypted"], true);
    let id = report["id"].as_str().unwrap();
    let folder = repo.join("backups").join(id);
    assert!(!folder.join("dump.zst").exists());
    let mut head = [0u8; 21];
    fs_err::File::open(folder.join("dump.zst.age"))
        .unwrap()
        .read_exact(&mut head)
        .unwrap();
    assert_eq!(&head, b"age-encryption.org/v1");
    assert!(folder.join("globals.zst.age").exists());

    let mut command = backup(&db, &repo, &["verify"]);
    with(&mut command, None);
    let (code, _, stderr) = run(command);
    assert_eq!(code, 78, "{stderr}");
    assert!(stderr.contains("backup.identity_file"), "{stderr}");

    let mut command = backup(&db, &repo, &["verify"]);
    with(&mut command, Some(&wrong));
    let (code, _, stderr) = run(command);
    assert_eq!(code, 78, "{stderr}");
    assert!(
        stderr.contains("none of its identities decrypts"),
        "{stderr}"
    );

    let mut command = backup(&db, &repo, &["verify"]);
    with(&mut command, Some(&identity));
    let (code, stdout, stderr) = run(command);
    assert_eq!(code, 0, "{stdout}{stderr}");
}

#[tokio::test]
async fn status_exit_codes_follow_age_attempts_and_drills() {
    let db = TestDb::with_fixtures(1).await;
    let repo = tempfile::tempdir().unwrap();
    let repo = repo.path();
    let (code, status) = json(&db, repo, &["status"]);
    assert_eq!(code, 2, "no backup yet: {status}");
    assert_eq!(status["latest_good"], Value::Null);

    let (code, report) = json(&db, repo, &[]);
    assert_eq!(code, 0, "{report}");
    let id = report["id"].as_str().unwrap().to_string();
    let (code, status) = json(&db, repo, &["status"]);
    assert_eq!(code, 0, "{status}");
    assert_eq!(status["latest_good"]["id"], id.as_str());
    assert_eq!(status["running"], Value::Null);
    assert_eq!(status["last_drill"], Value::Null);

    // A drill recorded by restore shows, and a failed one is a warning.
    let pool = db.pool().await;
    sqlx::query(
        "INSERT INTO pmc.runs (command, arguments, host, os_user, os_pid, pmc_version, finished_at, outcome, exit_code, summary) \
         VALUES ('restore', '[\"restore\", \"--drill\"]', 'h', 'u', 1, '0', now(), 'ok', 0, '{\"drill\": true, \"ok\": true, \"rto_seconds\": 31.5, \"rpo_seconds\": 3600}')",
    )
    .execute(&pool)
    .await
    .unwrap();
    let (code, status) = json(&db, repo, &["status"]);
    assert_eq!(code, 0, "{status}");
    assert_eq!(status["last_drill"]["rto_seconds"], 31.5);
    sqlx::query(
        "INSERT INTO pmc.runs (command, arguments, host, os_user, os_pid, pmc_version, started_at, finished_at, outcome, exit_code, error) \
         VALUES ('restore', '[\"restore\", \"--drill\"]', 'h', 'u', 1, '0', now() + interval '1 second', now(), 'failed', 1, 'boom')",
    )
    .execute(&pool)
    .await
    .unwrap();
    let (code, status) = json(&db, repo, &["status"]);
    assert_eq!(code, 1, "{status}");
    assert_eq!(status["last_drill"]["ok"], false);

    // Too old is critical.
    let path = repo.join("backups").join(&id).join("manifest.json");
    let mut m = manifest(repo, &id);
    m["finished_at"] = Value::from("2026-01-01T00:00:00Z");
    fs_err::write(&path, serde_json::to_vec(&m).unwrap()).unwrap();
    let (code, status) = json(&db, repo, &["status", "--max-age", "26h"]);
    assert_eq!(code, 2, "{status}");
    let (code, stdout, _) = run(backup(&db, repo, &["status", "--max-age", "100000d"]));
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("last drill"), "{stdout}");
}

#[tokio::test]
async fn prune_lists_reasons_keeps_pinned_and_removes_the_rest() {
    let db = TestDb::with_fixtures(1).await;
    let repo = tempfile::tempdir().unwrap();
    let repo = repo.path();
    let (code, report) = json(&db, repo, &[]);
    assert_eq!(code, 0, "{report}");
    let id = report["id"].as_str().unwrap().to_string();
    // Older copies of it on earlier days of the same week and month.
    let source = repo.join("backups").join(&id);
    let started = pmc::backup::inventory::parse_id(&id).unwrap();
    let mut older = Vec::new();
    for days in [1, 2, 40, 41] {
        let t = started - chrono::Duration::days(days);
        let other = pmc::backup::inventory::format_id(t);
        let folder = repo.join("backups").join(&other);
        copy_backup(&source, &folder);
        let mut m = manifest(repo, &id);
        m["id"] = Value::from(other.clone());
        m["started_at"] = serde_json::to_value(t).unwrap();
        fs_err::write(
            folder.join("manifest.json"),
            serde_json::to_vec(&m).unwrap(),
        )
        .unwrap();
        older.push(other);
    }
    let (code, _, stderr) = run(backup(&db, repo, &["pin", &older[3]]));
    assert_eq!(code, 0, "{stderr}");
    let mut command = backup(&db, repo, &["prune", "--dry-run", "--json"]);
    command
        .env("PMC_BACKUP_KEEP_DAILY", "2")
        .env("PMC_BACKUP_KEEP_WEEKLY", "0")
        .env("PMC_BACKUP_KEEP_MONTHLY", "0");
    let (code, stdout, stderr) = run(command);
    assert_eq!(code, 0, "{stderr}");
    let plan: Value = serde_json::from_str(&stdout).unwrap();
    let reasons: Vec<(String, Vec<String>)> = plan["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["reasons"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        reasons[0],
        (id.clone(), vec!["last".to_string(), "daily".to_string()])
    );
    assert_eq!(reasons[1], (older[0].clone(), vec!["daily".to_string()]));
    assert_eq!(reasons[2], (older[1].clone(), vec!["removed".to_string()]));
    assert_eq!(reasons[4], (older[3].clone(), vec!["pinned".to_string()]));
    assert_eq!(listing(&db, repo).len(), 5, "a dry run removed something");

    // Without a terminal and without --yes nothing happens.
    let mut command = backup(&db, repo, &["prune"]);
    command
        .env("PMC_BACKUP_KEEP_DAILY", "2")
        .env("PMC_BACKUP_KEEP_WEEKLY", "0")
        .env("PMC_BACKUP_KEEP_MONTHLY", "0");
    let (code, _, _) = run(command);
    assert_eq!(code, 64);
    let mut command = backup(&db, repo, &["prune", "--yes"]);
    command
        .env("PMC_BACKUP_KEEP_DAILY", "2")
        .env("PMC_BACKUP_KEEP_WEEKLY", "0")
        .env("PMC_BACKUP_KEEP_MONTHLY", "0");
    let (code, _, stderr) = run(command);
    assert_eq!(code, 0, "{stderr}");
    let mut left = good_ids(&db, repo);
    left.sort();
    let mut expected = vec![id.clone(), older[0].clone(), older[3].clone()];
    expected.sort();
    assert_eq!(left, expected);
    // The prune was journaled.
    let pool = db.pool().await;
    let runs: i64 = sqlx::query_scalar("SELECT count(*) FROM pmc.runs WHERE command = 'backup' AND arguments ? 'prune' AND outcome = 'ok'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(runs, 1);
    let _ = std::io::stdout().flush();
}

#[tokio::test]
async fn ctrl_c_during_a_backup_stops_pg_dump_and_journals_the_interruption() {
    a_signal_during_a_backup_stops_it(rustix::process::Signal::INT).await;
}

/// SIGTERM (systemd's stop, `timeout`, a cron wrapper) stops a backup as Ctrl-C does, rather
/// than leaving a half-written folder and a journal row `running` for ever.
#[tokio::test]
async fn sigterm_during_a_backup_stops_it_as_ctrl_c_does() {
    a_signal_during_a_backup_stops_it(rustix::process::Signal::TERM).await;
}

/// SIGHUP (the terminal or ssh session went away) too.
#[tokio::test]
async fn sighup_during_a_backup_stops_it_as_ctrl_c_does() {
    a_signal_during_a_backup_stops_it(rustix::process::Signal::HUP).await;
}

/// The query that says whether a backup's pg_dump of this test's database is running.
const PG_DUMP_RUNNING: &str = "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE '%backup (pg_dump)')";

/// Starts `pmc backup` of `db` into `repo` while a session holds a lock on phone_models, and
/// returns once its pg_dump waits for it: the child, the blocking session, and a pool.
async fn a_backup_behind_a_table_lock(
    db: &TestDb,
    repo: &Path,
) -> (std::process::Child, sqlx::PgConnection, sqlx::PgPool) {
    let blocker = hold_table_lock(db, "phone_models").await;
    let mut command = backup(db, repo, &[]);
    command.env("PMC_DATABASE_LOCK_TIMEOUT", "1h");
    let child = std::process::Command::from(command)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pool = db.pool().await;
    eventually("pg_dump to start", || {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, bool>(PG_DUMP_RUNNING)
                .fetch_one(&pool)
                .await
                .unwrap_or(false)
        }
    })
    .await;
    (child, blocker, pool)
}

async fn a_signal_during_a_backup_stops_it(signal: rustix::process::Signal) {
    let db = TestDb::with_fixtures(1).await;
    let repo = tempfile::tempdir().unwrap();
    let repo = repo.path();
    let (child, mut blocker, pool) = a_backup_behind_a_table_lock(&db, repo).await;
    crate::common::send_signal(&child, signal);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    // pg_dump was stopped with pmc, while the table was still locked.
    eventually("pg_dump to end", || {
        let pool = pool.clone();
        async move {
            !sqlx::query_scalar::<_, bool>(PG_DUMP_RUNNING)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    })
    .await;
    let outcome: String =
        sqlx::query_scalar("SELECT outcome FROM pmc.runs WHERE command = 'backup'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(outcome, "interrupted");
    sqlx::query("COMMIT").execute(&mut blocker).await.unwrap();
    blocker.close().await.unwrap();
    // Nothing is left: the unfinished folder went with the run.
    assert!(listing(&db, repo).is_empty(), "{:?}", listing(&db, repo));
}

#[tokio::test]
async fn deep_verify_restores_into_a_scratch_database_and_compares_the_counts() {
    let db = TestDb::with_fixtures(1).await;
    let repo = tempfile::tempdir().unwrap();
    let repo = repo.path();
    let (code, report) = json(&db, repo, &[]);
    assert_eq!(code, 0, "{report}");
    let id = report["id"].as_str().unwrap().to_string();

    let deep_check = |verified: &Value| {
        verified["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["check"].as_str().unwrap().starts_with("deep:"))
            .cloned()
            .unwrap_or_else(|| panic!("no deep check in {verified}"))
    };
    let (code, verified) = json(&db, repo, &["verify", &id, "--deep"]);
    assert_eq!(code, 0, "{verified}");
    assert_eq!(deep_check(&verified)["ok"], true, "{verified}");

    // A manifest that claims other counts than the dump holds fails the deep check only.
    let path = repo.join("backups").join(&id).join("manifest.json");
    let mut altered = manifest(repo, &id);
    altered["row_counts"]["public.orders"] = Value::from(1);
    fs_err::write(&path, serde_json::to_string_pretty(&altered).unwrap()).unwrap();
    let (code, verified) = json(&db, repo, &["verify", &id, "--deep"]);
    assert_eq!(code, 2, "{verified}");
    let deep = deep_check(&verified);
    assert_eq!(deep["ok"], false);
    assert!(
        deep["detail"]
            .as_str()
            .unwrap()
            .contains("public.orders 2000 rows, manifest 1"),
        "{deep}"
    );

    // Nothing is left behind on the server.
    let pool = db.pool().await;
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM pg_database WHERE datname LIKE $1")
        .bind(format!("{}_verify_%", db.name))
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn a_mistyped_repository_is_named_not_taken_for_an_empty_one() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-repo");
    for args in [
        &["list"][..],
        &["verify", "latest"],
        &["pin", "latest"],
        &["prune", "--dry-run"],
    ] {
        let (code, _, stderr) = run(backup(&db, &missing, args));
        assert_eq!(code, 64, "{args:?}: {stderr}");
        assert!(
            stderr.contains("no backup repository at") && stderr.contains("no such folder"),
            "{args:?}: {stderr}"
        );
    }
    let (code, status) = json(&db, &missing, &["status"]);
    assert_eq!(code, 2, "{status}");
    assert!(
        status["problems"][0]
            .as_str()
            .unwrap()
            .contains("no such folder"),
        "{status}"
    );
    let out = pmc()
        .args(["--database-url", &db.url, "restore", "latest", "--repo"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such folder"));

    // A file where the repository should be.
    let file = dir.path().join("a-file");
    fs_err::write(&file, "not a repository").unwrap();
    let (code, _, stderr) = run(backup(&db, &file, &["list"]));
    assert_eq!(code, 64, "{stderr}");
    assert!(stderr.contains("is not a folder"), "{stderr}");

    // The first backup still creates the repository.
    let (code, report) = json(&db, &missing, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(listing(&db, &missing).len(), 1);
}

#[tokio::test]
async fn retention_never_removes_the_newest_good_backup() {
    let db = TestDb::with_fixtures(1).await;
    let repo = tempfile::tempdir().unwrap();
    let repo = repo.path();
    let mut first = backup(&db, repo, &["--json"]);
    keep_none(&mut first);
    let (code, stdout, stderr) = run(first);
    assert_eq!(code, 0, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["retention"]["removed"], serde_json::json!([]));
    let first_id = report["id"].as_str().unwrap().to_string();
    assert_eq!(good_ids(&db, repo), vec![first_id.clone()]);

    // The next backup is the newest: the first one goes, the new one stays.
    let mut second = backup(&db, repo, &["--json"]);
    keep_none(&mut second);
    let (code, stdout, stderr) = run(second);
    assert_eq!(code, 0, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let second_id = report["id"].as_str().unwrap().to_string();
    assert_eq!(
        report["retention"]["removed"],
        serde_json::json!([first_id])
    );
    assert_eq!(good_ids(&db, repo), vec![second_id.clone()]);

    // `backup prune` keeps it too, and says why.
    let mut prune = backup(&db, repo, &["prune", "--yes", "--json"]);
    keep_none(&mut prune);
    let (code, stdout, stderr) = run(prune);
    assert_eq!(code, 0, "{stderr}");
    let plan: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(plan["decisions"][0]["id"], second_id.as_str());
    assert_eq!(plan["decisions"][0]["keep"], true);
    assert_eq!(
        plan["decisions"][0]["reasons"],
        serde_json::json!(["newest"])
    );
    assert_eq!(good_ids(&db, repo), vec![second_id]);
}

/// A plain dump of about `body_bytes` that barely compresses: a header, lines of pseudo-random
/// hex in SQL comments, and pg_dump's completion line.
fn incompressible_plain_dump(path: &Path, body_bytes: usize) {
    let mut text = String::from("--\n-- PostgreSQL database dump\n--\n\n");
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    while text.len() < body_bytes {
        text.push_str("-- ");
        for _ in 0..8 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push_str(&format!("{state:016x}"));
        }
        text.push('\n');
    }
    text.push_str("\n--\n-- PostgreSQL database dump complete\n--\n\n");
    fs_err::write(path, text).unwrap();
}

/// `pmc backup import FILE --repo REPO` without a database.
fn import(repo: &Path, file: &Path) -> (i32, String, String) {
    let mut command = pmc();
    command
        .args(["backup", "import"])
        .arg(file)
        .arg("--repo")
        .arg(repo);
    run(command)
}

#[test]
fn a_repository_that_cannot_be_written_is_not_blamed_on_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup_20251219_000912.sql");
    incompressible_plain_dump(&file, 24 << 20);

    // A full disk: the partial file of the dump is /dev/full, so writing fails with ENOSPC
    // long before the whole file has been read.
    let full = dir.path().join("full");
    let folder = full.join("backups").join("20251219T000912Z");
    fs_err::create_dir_all(&folder).unwrap();
    std::os::unix::fs::symlink("/dev/full", folder.join(".dump.zst.partial")).unwrap();
    let (code, stdout, stderr) = import(&full, &file);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(stderr.contains(full.to_str().unwrap()), "{stderr}");
    assert!(
        !stderr.contains("truncated") && !stderr.contains("refused"),
        "{stderr}"
    );

    // A repository whose folder cannot be made (here: a file in its place).
    let blocked = dir.path().join("blocked");
    fs_err::create_dir_all(&blocked).unwrap();
    fs_err::write(blocked.join("backups"), "in the way").unwrap();
    let (code, stdout, stderr) = import(&blocked, &file);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stderr.contains(blocked.to_str().unwrap()), "{stderr}");
    assert!(stderr.contains("Not a directory"), "{stderr}");
    assert!(!stderr.contains("not a PostgreSQL plain dump"), "{stderr}");

    // The same file into a writable repository is fine: the file was never the problem.
    let good = dir.path().join("good");
    let (code, stdout, stderr) = import(&good, &file);
    assert_eq!(code, 0, "{stdout}{stderr}");
}

#[tokio::test]
async fn verify_fails_a_missing_file_and_cannot_check_without_pg_restore() {
    let db = TestDb::with_fixtures(1).await;
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");

    // Nothing to verify in an empty repository: it could not check.
    fs_err::create_dir_all(&repo).unwrap();
    let (code, _, stderr) = run(backup(&db, &repo, &["verify"]));
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("no good backup"), "{stderr}");

    let (code, report) = json(&db, &repo, &[]);
    assert_eq!(code, 0, "{report}");
    let id = report["id"].as_str().unwrap().to_string();
    let folder = repo.join("backups").join(&id);

    // pg_restore cannot be run: that is no verdict on the backup.
    let bin = dir.path().join("bin");
    fs_err::create_dir_all(&bin).unwrap();
    let real = pmc::pg_cluster::PgBinaries::locate().unwrap().bin_dir;
    for tool in ["initdb", "postgres"] {
        std::os::unix::fs::symlink(real.join(tool), bin.join(tool)).unwrap();
    }
    let mut command = backup(&db, &repo, &["verify", &id]);
    command.env("PMC_PG_BIN", &bin).env("PATH", &bin);
    let (code, stdout, stderr) = run(command);
    assert_eq!(code, 3, "{stdout}{stderr}");
    assert!(stderr.contains("pg_restore"), "{stderr}");

    // A missing file is a failed check in the normal report.
    for name in ["globals.zst", "dump.zst"] {
        let path = folder.join(name);
        let saved = fs_err::read(&path).unwrap();
        fs_err::remove_file(&path).unwrap();
        let (code, verified) = json(&db, &repo, &["verify", &id]);
        assert_eq!(code, 2, "{name}: {verified}");
        let failed: Vec<&str> = verified["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["ok"] == false)
            .map(|c| c["detail"].as_str().unwrap())
            .collect();
        assert!(
            failed.iter().any(|d| d.contains("missing")),
            "{name}: {verified}"
        );
        fs_err::write(&path, saved).unwrap();
    }
    let (code, verified) = json(&db, &repo, &["verify", &id]);
    assert_eq!(code, 0, "{verified}");

    // status on a file instead of a repository: a problem of the check, with its report.
    let file = dir.path().join("a-file");
    fs_err::write(&file, "not a repository").unwrap();
    let (code, status) = json(&db, &file, &["status"]);
    assert_eq!(code, 2, "{status}");
    assert!(
        status["problems"][0]
            .as_str()
            .unwrap()
            .contains("is not a folder"),
        "{status}"
    );
}

#[tokio::test]
async fn a_damaged_manifest_is_never_removed_automatically() {
    let db = TestDb::with_fixtures(1).await;
    let repo = tempfile::tempdir().unwrap();
    let repo = repo.path();
    let (code, report) = json(&db, repo, &[]);
    assert_eq!(code, 0, "{report}");
    let damaged = report["id"].as_str().unwrap().to_string();
    let path = repo.join("backups").join(&damaged).join("manifest.json");
    let mut bytes = fs_err::read(&path).unwrap();
    bytes[0] ^= 0x01;
    fs_err::write(&path, &bytes).unwrap();

    let listed = listing(&db, repo);
    assert_eq!(listed[0]["state"], "damaged");
    let mut dry = backup(&db, repo, &["prune", "--dry-run", "--json"]);
    keep_none(&mut dry);
    let (code, stdout, stderr) = run(dry);
    assert_eq!(code, 0, "{stderr}");
    let plan: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(plan["decisions"][0]["id"], damaged.as_str());
    assert_eq!(plan["decisions"][0]["keep"], true, "{plan}");
    assert_eq!(
        plan["decisions"][0]["reasons"],
        serde_json::json!(["damaged"])
    );
    let mut table = backup(&db, repo, &["prune", "--dry-run"]);
    keep_none(&mut table);
    let (code, stdout, stderr) = run(table);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("pmc restore"), "says what to do: {stdout}");

    // Neither prune nor the retention of the next backup removes it.
    let mut prune = backup(&db, repo, &["prune", "--yes"]);
    keep_none(&mut prune);
    let (code, _, stderr) = run(prune);
    assert_eq!(code, 0, "{stderr}");
    let mut next = backup(&db, repo, &["--json"]);
    keep_none(&mut next);
    let (code, stdout, stderr) = run(next);
    assert_eq!(code, 0, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["retention"]["removed"], serde_json::json!([]));
    assert!(
        repo.join("backups")
            .join(&damaged)
            .join("dump.zst")
            .exists()
    );
    assert_eq!(listing(&db, repo).len(), 2);
    // Kept for a person to decide, so the check keeps saying so (a warning, exit 1).
    let (code, status) = json(&db, repo, &["status"]);
    assert_eq!(code, 1, "{status:#}");
    assert!(
        status["problems"][0]
            .as_str()
            .unwrap()
            .starts_with(&format!("backup {damaged} has a damaged manifest")),
        "{status:#}"
    );

    // Restoring it by id is a damaged backup: exit 65.
    let out = pmc()
        .args(["--database-url", &db.url, "restore", &damaged, "--repo"])
        .arg(repo)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(65), "{stderr}");
    assert!(stderr.contains("damaged"), "{stderr}");
}

/// `pmc backup import FILE… --repo REPO` without a database.
fn import_all(repo: &Path, files: &[&Path]) -> (i32, String, String) {
    let mut command = pmc();
    command
        .args(["backup", "import"])
        .args(files)
        .arg("--repo")
        .arg(repo);
    run(command)
}

/// Sets `path`'s modification time to `t`.
fn set_mtime(path: &Path, t: chrono::DateTime<chrono::Utc>) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(t.into()).unwrap();
}

#[test]
fn a_time_clash_or_an_impossible_date_says_how_to_rename_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let when = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2025, 5, 5, 10, 0, 0).unwrap();
    // Two different dumps whose times fall in the same second.
    let a = dir.path().join("a.sql");
    let b = dir.path().join("b.sql");
    incompressible_plain_dump(&a, 4 << 10);
    incompressible_plain_dump(&b, 8 << 10);
    set_mtime(&a, when);
    set_mtime(&b, when);
    let named = dir.path().join("backup_20250506_120000.sql");
    incompressible_plain_dump(&named, 4 << 10);
    let (code, stdout, stderr) = import_all(&repo, &[&a, &named]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("2 imported into") && stdout.contains(", 0 already there, 0 refused"),
        "{stdout}"
    );

    // a.sql again (already there), b.sql (another dump of the same second), c.sql (new).
    let c = dir.path().join("c.sql");
    incompressible_plain_dump(&c, 4 << 10);
    set_mtime(&c, when + chrono::Duration::hours(1));
    let (code, stdout, stderr) = import_all(&repo, &[&a, &b, &c]);
    assert_eq!(code, 65, "{stdout}{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("b.sql: the repository already has a backup 20250505T100000Z")
            && stderr.contains(&format!("imported from {}", a.display()))
            && stderr.contains("2025-05-05 10:00:00 UTC (from its modification time)")
            && stderr.contains("rename it to backup_YYYYMMDD_HHMMSS.sql"),
        "{stderr}"
    );
    assert!(
        stdout.contains("1 imported into") && stdout.contains(", 1 already there, 1 refused"),
        "{stdout}"
    );

    // A name of the legacy pattern with a date that does not exist is refused naming the
    // date, not imported at the file's mtime.
    let bad = dir.path().join("backup_20251340_000000.sql");
    incompressible_plain_dump(&bad, 4 << 10);
    let (code, stdout, stderr) = import(&repo, &bad);
    assert_eq!(code, 65, "{stdout}{stderr}");
    assert!(
        stderr.contains("20251340_000000 in its name is not a real date and time")
            && stderr.contains("rename it to backup_YYYYMMDD_HHMMSS.sql"),
        "{stderr}"
    );
    let ids: Vec<String> = fs_err::read_dir(repo.join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
}

#[test]
fn import_refuses_a_time_in_the_future_from_the_name_or_the_mtime() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let named = dir.path().join("backup_20990101_000000.sql");
    incompressible_plain_dump(&named, 4 << 10);
    let (code, stdout, stderr) = import(&repo, &named);
    assert_eq!(code, 65, "{stdout}{stderr}");
    assert!(
        stderr.contains("its time 2099-01-01 00:00:00 UTC (from its name) is in the future")
            && stderr.contains("rename it to backup_YYYYMMDD_HHMMSS.sql"),
        "{stderr}"
    );

    let touched = dir.path().join("dump.sql");
    incompressible_plain_dump(&touched, 4 << 10);
    set_mtime(&touched, chrono::Utc::now() + chrono::Duration::days(1));
    let (code, stdout, stderr) = import(&repo, &touched);
    assert_eq!(code, 65, "{stdout}{stderr}");
    assert!(
        stderr.contains("(from its modification time) is in the future"),
        "{stderr}"
    );
    assert!(
        !repo.join("backups").exists()
            || fs_err::read_dir(repo.join("backups"))
                .unwrap()
                .next()
                .is_none()
    );

    // A clock a little ahead is no reason to refuse.
    set_mtime(&touched, chrono::Utc::now() + chrono::Duration::minutes(2));
    let (code, stdout, stderr) = import(&repo, &touched);
    assert_eq!(code, 0, "{stdout}{stderr}");
}

/// A backup from 2099 (imported before pmc refused such times) must pass neither for the
/// newest backup nor for the latest: retention after a backup would remove the backup just
/// made, status would call it fresh for ever, and restore and drills would pick it.
#[tokio::test]
async fn a_backup_from_the_future_is_never_taken_for_the_newest() {
    let db = TestDb::with_fixtures(1).await;
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let file = dir.path().join("backup_20250101_000000.sql");
    let out = std::process::Command::new(pmc::pg_client::program("pg_dump"))
        .args(["--dbname", &db.url, "--file"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let (code, stdout, stderr) = import(&repo, &file);
    assert_eq!(code, 0, "{stdout}{stderr}");
    // Give it the time 2099 in its folder and manifest, as an import before the fix did.
    let future = "20990101T000000Z";
    let backups = repo.join("backups");
    fs_err::rename(backups.join("20250101T000000Z"), backups.join(future)).unwrap();
    let mut m = manifest(&repo, future);
    m["id"] = Value::from(future);
    m["started_at"] = Value::from("2099-01-01T00:00:00Z");
    m["finished_at"] = Value::from("2099-01-01T00:00:00Z");
    // Counts the store never had: the row-drop check must not compare with this backup.
    m["database"] = Value::from(db.name.as_str());
    m["row_counts"] = serde_json::json!({"public.orders": 1_000_000_000i64});
    fs_err::write(
        backups.join(future).join("manifest.json"),
        serde_json::to_string_pretty(&m).unwrap(),
    )
    .unwrap();

    let keep_last_1 = |command: &mut Pmc| {
        command.env("PMC_BACKUP_KEEP_LAST", "1");
        for key in ["DAILY", "WEEKLY", "MONTHLY"] {
            command.env(format!("PMC_BACKUP_KEEP_{key}"), "0");
        }
    };
    let mut first = backup(&db, &repo, &["--json"]);
    keep_last_1(&mut first);
    let (code, stdout, stderr) = run(first);
    assert_eq!(code, 0, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let made = report["id"].as_str().unwrap().to_string();
    assert_eq!(
        report["retention"]["removed"],
        serde_json::json!([]),
        "{report:#}"
    );
    let mut second = backup(&db, &repo, &["--json"]);
    keep_last_1(&mut second);
    let (code, stdout, stderr) = run(second);
    assert_eq!(code, 0, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let newest = report["id"].as_str().unwrap().to_string();
    assert_eq!(
        report["retention"]["removed"],
        serde_json::json!([made]),
        "{report:#}"
    );
    let mut good = good_ids(&db, &repo);
    good.sort();
    assert_eq!(good, vec![newest.clone(), future.to_string()]);

    // `list` says when it claims to be, not an age of 0s.
    let out = pmc()
        .args(["--database-url", &db.url, "backup", "list", "--repo"])
        .arg(&repo)
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    let line = table.lines().find(|l| l.contains(future)).unwrap();
    assert!(line.contains(" in ") && line.contains('d'), "{table}");

    let (code, status) = json(&db, &repo, &["status"]);
    assert_eq!(status["latest_good"]["id"], newest.as_str(), "{status:#}");
    assert_eq!(code, 1, "{status:#}");
    assert!(
        status["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p.as_str().unwrap().starts_with(&format!(
                "backup {future} claims to start at 2099-01-01 00:00:00 UTC, in the future"
            ))),
        "{status:#}"
    );
    let problem = |status: &Value, id: &str| {
        status["problems"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str())
            .find(|p| p.starts_with(&format!("backup {id} ")))
            .unwrap_or_else(|| panic!("no problem about {id}: {status:#}"))
            .to_string()
    };
    // An imported one: import the file again first, delete the folder only after.
    let advice = problem(&status, future);
    assert!(
        advice.contains("import") && advice.contains("once that import is good, delete"),
        "{advice}"
    );
    let (code, verified) = json(&db, &repo, &["verify", "latest"]);
    assert_eq!(code, 0, "{verified}");
    assert_eq!(verified["id"], newest.as_str());

    let out = pmc()
        .args([
            "--database-url",
            &db.url,
            "--json",
            "restore",
            "--drill",
            "--repo",
        ])
        .arg(&repo)
        .output()
        .unwrap();
    let drill: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{drill:#}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(drill["source"]["id"], newest.as_str(), "{drill:#}");

    // One pmc made while its host's clock was ahead: a good backup that only its id restores.
    // Nothing may tell the operator to delete it (`import` takes plain dumps only).
    let ahead = "20980101T000000Z";
    fs_err::rename(backups.join(&newest), backups.join(ahead)).unwrap();
    let mut m = manifest(&repo, ahead);
    m["id"] = Value::from(ahead);
    m["started_at"] = Value::from("2098-01-01T00:00:00Z");
    m["finished_at"] = Value::from("2098-01-01T00:00:00Z");
    assert!(m["imported_from"].is_null(), "{m:#}");
    fs_err::write(
        backups.join(ahead).join("manifest.json"),
        serde_json::to_string_pretty(&m).unwrap(),
    )
    .unwrap();
    let (_, status) = json(&db, &repo, &["status"]);
    let advice = problem(&status, ahead);
    assert!(
        advice.contains(&format!("`pmc restore {ahead}` restores it"))
            && !advice.contains("delete"),
        "{advice}"
    );
}

/// Folders under backups/ that pmc did not name (lost+found on a mount of its own, an
/// operator's copy) are not pmc's: a backup, its retention, list, status and prune go on and
/// leave them and what they hold alone.
#[tokio::test]
async fn folders_pmc_did_not_name_are_left_alone() {
    let db = TestDb::with_fixtures(1).await;
    let repo = tempfile::tempdir().unwrap();
    let repo = repo.path();
    let (code, _, stderr) = run(backup(&db, repo, &["-q"]));
    assert_eq!(code, 0, "{stderr}");
    for name in [
        "lost+found",
        "x.old",
        "old-2025",
        "my copy",
        "20261123T031500Z.bak",
    ] {
        let folder = repo.join("backups").join(name);
        fs_err::create_dir_all(&folder).unwrap();
        fs_err::write(folder.join("important.sql"), "-- keep me\n").unwrap();
    }
    let mut second = backup(&db, repo, &["--json"]);
    keep_none(&mut second);
    let (code, stdout, stderr) = run(second);
    assert_eq!(code, 0, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let removed = report["retention"]["removed"].as_array().unwrap();
    assert_eq!(removed.len(), 1, "only the older backup: {removed:?}");
    for args in [&["list"][..], &["status"], &["prune", "--yes"]] {
        let mut command = backup(&db, repo, args);
        keep_none(&mut command);
        let (code, stdout, stderr) = run(command);
        assert!(code == 0, "{args:?} exited {code}: {stderr}");
        assert!(
            !stdout.contains("x.old") && !stdout.contains("lost+found"),
            "{stdout}"
        );
    }
    for name in [
        "lost+found",
        "x.old",
        "old-2025",
        "my copy",
        "20261123T031500Z.bak",
    ] {
        assert!(
            repo.join("backups")
                .join(name)
                .join("important.sql")
                .exists(),
            "{name} was touched"
        );
    }
}

/// A repository that holds another database's backups is refused before anything is dumped:
/// this backup's retention would remove theirs.
#[tokio::test]
async fn a_repository_of_another_database_is_refused() {
    let db = TestDb::with_fixtures(1).await;
    let other = TestDb::with_fixtures(1).await;
    let repo = tempfile::tempdir().unwrap();
    let repo = repo.path();
    let (code, _, stderr) = run(backup(&other, repo, &["-q"]));
    assert_eq!(code, 0, "{stderr}");
    let before = good_ids(&other, repo);
    let (code, _, stderr) = run(backup(&db, repo, &["-q"]));
    assert_eq!(code, 65, "{stderr}");
    assert!(
        stderr.contains(&format!("holds backups of the database {:?}", other.name)),
        "{stderr}"
    );
    assert_eq!(good_ids(&other, repo), before);
    assert_eq!(
        fs_err::read_dir(repo.join("backups")).unwrap().count(),
        before.len(),
        "the refused backup left a folder"
    );
    // The check of this database does not count the other's backups as its own.
    let (code, status) = json(&db, repo, &["status"]);
    assert_eq!(code, 2, "{status:#}");
    assert!(status["latest_good"].is_null(), "{status:#}");
    assert!(
        status["problems"]
            .to_string()
            .contains("of another database"),
        "{status:#}"
    );
}

/// A backup folder copied (or renamed) by hand keeps a manifest that names another backup:
/// `list` calls it damaged, saying why, instead of good while verify and restore look in the
/// folder its manifest names.
#[tokio::test]
async fn a_folder_whose_manifest_names_another_backup_is_damaged() {
    let db = TestDb::with_fixtures(1).await;
    let repo = tempfile::tempdir().unwrap();
    let repo = repo.path();
    let (code, stdout, stderr) = run(backup(&db, repo, &["--json"]));
    assert_eq!(code, 0, "{stderr}");
    let id = serde_json::from_str::<Value>(&stdout).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let copy = "20200101T000000Z";
    let folder = repo.join("backups").join(copy);
    copy_backup(&repo.join("backups").join(&id), &folder);
    let copied = listing(&db, repo)
        .into_iter()
        .find(|b| b["id"] == copy)
        .unwrap();
    assert_eq!(copied["state"], "damaged", "{copied:#}");
    assert!(
        copied["problem"]
            .as_str()
            .unwrap()
            .contains(&format!("names the backup {id:?}")),
        "{copied:#}"
    );
}

/// A live database whose name PostgreSQL takes but a libpq command line or pmc's name check
/// would not (a space, a quote, `=`): the backup keeps its roles file, and `verify --deep`
/// restores it into a scratch database of a derived name.
#[tokio::test]
async fn a_database_with_an_odd_name_backs_up_and_verifies() {
    let db = TestDb::with_fixtures(1).await;
    let odd = format!("odd={} 'x", db.name);
    let mut admin = db.admin().await;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "CREATE DATABASE \"{odd}\" TEMPLATE \"{}\"",
        db.name
    )))
    .execute(&mut admin)
    .await
    .unwrap();
    let url = db.server_url(
        &odd.replace('=', "%3D")
            .replace(' ', "%20")
            .replace('\'', "%27"),
    );
    let repo = tempfile::tempdir().unwrap();
    let run_pmc = |args: &[&str]| {
        let out = pmc()
            .args(["--database-url", &url, "--json", "backup", "--repo"])
            .arg(repo.path())
            .args(args)
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        (
            out.status.code(),
            report,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let made = run_pmc(&[]);
    let verified = run_pmc(&["verify", "latest", "--deep"]);
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE \"{odd}\" WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await
    .unwrap();
    let (code, report, stderr) = made;
    assert_eq!(code, Some(0), "{stderr}\n{report:#}");
    assert!(!report["globals"].is_null(), "{report:#}");
    let (code, report, stderr) = verified;
    assert_eq!(code, Some(0), "{stderr}\n{report:#}");
}

/// `verify --deep` holds the restore lock of the live database: while a restore or another
/// deep verify runs, it exits 75 instead of losing its scratch database to the restore's
/// leftover sweep (or its name to a verify of the same second) and calling the backup bad.
#[tokio::test]
async fn deep_verify_waits_its_turn_behind_a_restore() {
    let db = TestDb::with_fixtures(1).await;
    let repo = tempfile::tempdir().unwrap();
    let repo = repo.path();
    let (code, _, stderr) = run(backup(&db, repo, &["-q"]));
    assert_eq!(code, 0, "{stderr}");
    let mut restoring = db.admin().await;
    sqlx::query("SELECT pg_advisory_lock($1, $2)")
        .bind(LOCK_CLASS)
        .bind(lock_id(&format!("restore of {}", db.name)))
        .execute(&mut restoring)
        .await
        .unwrap();
    let (code, _, stderr) = run(backup(&db, repo, &["verify", "latest", "--deep"]));
    assert_eq!(code, 75, "{stderr}");
    restoring.close().await.unwrap();
    let (code, stdout, stderr) = run(backup(&db, repo, &["verify", "latest", "--deep"]));
    assert_eq!(code, 0, "{stdout}{stderr}");
}

/// A database whose sessions end after idle_session_timeout must not end the session that
/// holds a job's lock while the job runs: a second backup would then run beside the first.
#[tokio::test]
async fn the_lock_session_outlives_idle_session_timeout() {
    let db = TestDb::with_fixtures(1).await;
    let repo = tempfile::tempdir().unwrap();
    let repo = repo.path();
    let mut admin = db.admin().await;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "ALTER DATABASE \"{}\" SET idle_session_timeout = '500ms'",
        db.name
    )))
    .execute(&mut admin)
    .await
    .unwrap();
    // The first backup's pg_dump waits for a table lock, its lock session idle meanwhile.
    let (child, mut blocker, _pool) = a_backup_behind_a_table_lock(&db, repo).await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let mut second = backup(&db, repo, &[]);
    second.env("PMC_DATABASE_LOCK_TIMEOUT", "1s");
    let (code, _, stderr) = run(second);
    sqlx::query("COMMIT").execute(&mut blocker).await.unwrap();
    blocker.close().await.unwrap();
    let out = child.wait_with_output().unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "ALTER DATABASE \"{}\" RESET idle_session_timeout",
        db.name
    )))
    .execute(&mut admin)
    .await
    .unwrap();
    assert_eq!(code, 75, "the second backup was not held off: {stderr}");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A folder named like a backup id that holds files pmc never writes (an operator's copy) is
/// not removed as an incomplete backup: retention leaves it and says so.
#[tokio::test]
async fn an_id_named_folder_with_other_files_is_never_removed() {
    let db = TestDb::with_fixtures(1).await;
    let repo = tempfile::tempdir().unwrap();
    let repo = repo.path();
    let folder = repo.join("backups").join("20200101T000000Z");
    fs_err::create_dir_all(&folder).unwrap();
    fs_err::write(folder.join("important.sql"), "-- keep me\n").unwrap();
    let (code, stdout, stderr) = run(backup(&db, repo, &["--json"]));
    assert_eq!(code, 1, "{stdout}{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        report["warnings"].to_string().contains("important.sql"),
        "{report:#}"
    );
    assert!(folder.join("important.sql").exists());
}

//! `pmc restore` on the real harness: backups in the repository format made here (pg_dump -Fc
//! -Z0, zstd, optionally age), round trips, damage caught before any database is created,
//! encryption, plain SQL files, --before, kill -9, --replace and the drill.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone as _, Utc};
use pmc::backup::manifest::{DumpFormat, MANIFEST_VERSION, Manifest, StoredFile};
use pmc::backup::repo::{DirStorage, Storage as _, write_manifest};
use serde_json::Value;
use sha2::Digest as _;
use sqlx::Connection as _;

use crate::common::{TestDb, eventually, pmc, pmc_json, texts};

fn pg_tool(name: &str) -> PathBuf {
    pmc::pg_cluster::PgBinaries::locate().unwrap().tool(name)
}

/// `pg_dump` of the test database with extra flags, to stdout, as bytes.
fn pg_dump(db: &TestDb, flags: &[&str]) -> Vec<u8> {
    let out = std::process::Command::new(pg_tool("pg_dump"))
        .args(flags)
        .args(["-d", &db.url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A repository in a temporary folder.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        Repo {
            dir: tempfile::Builder::new()
                .prefix("pmc-repo-")
                .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
                .unwrap(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn storage(&self) -> DirStorage {
        DirStorage::new(self.path().to_path_buf())
    }

    fn dump_path(&self, id: &str, name: &str) -> PathBuf {
        self.path().join("backups").join(id).join(name)
    }

    /// Backs `db` up as `pmc backup` does: `pg_dump -Fc -Z0`, zstd, optionally age to
    /// `recipient`, stored with a manifest holding real row counts and the recovery point.
    async fn backup(
        &self,
        db: &TestDb,
        started_at: DateTime<Utc>,
        recipient: Option<&age::x25519::Recipient>,
    ) -> Manifest {
        let raw = pg_dump(db, &["-Fc", "-Z0"]);
        self.backup_of(db, started_at, recipient, raw).await
    }

    /// Stores `raw` as a custom-format backup of `db` (see `backup`).
    async fn backup_of(
        &self,
        db: &TestDb,
        started_at: DateTime<Utc>,
        recipient: Option<&age::x25519::Recipient>,
        raw: Vec<u8>,
    ) -> Manifest {
        let id = started_at.format("%Y%m%dT%H%M%SZ").to_string();
        let mut stored = zstd::encode_all(&raw[..], 3).unwrap();
        if let Some(recipient) = recipient {
            let encryptor =
                age::Encryptor::with_recipients(std::iter::once(recipient as &dyn age::Recipient))
                    .unwrap();
            let mut out = Vec::new();
            let mut writer = encryptor.wrap_output(&mut out).unwrap();
            writer.write_all(&stored).unwrap();
            writer.finish().unwrap();
            stored = out;
        }
        let name = if recipient.is_some() {
            "dump.zst.age"
        } else {
            "dump.zst"
        };
        let storage = self.storage();
        let mut blob = storage.create(&id, name).unwrap();
        blob.write_all(&stored).unwrap();
        blob.commit().unwrap();
        let sha: String = sha2::Sha256::digest(&stored)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let pool = db.pool().await;
        let row_counts = pmc::restore::checks::row_counts(&pool).await.unwrap();
        let recovery_point: Option<DateTime<Utc>> =
            sqlx::query_scalar("SELECT max(created_at) FROM orders")
                .fetch_one(&pool)
                .await
                .unwrap();
        pool.close().await;
        let manifest = Manifest {
            manifest_version: MANIFEST_VERSION,
            id,
            started_at,
            finished_at: started_at + chrono::Duration::seconds(2),
            duration_seconds: 2.0,
            database: db.name.clone(),
            server_version: Some("15".into()),
            pg_dump_version: Some("pg_dump (PostgreSQL) 15".into()),
            format: DumpFormat::Custom,
            dump: StoredFile {
                name: name.into(),
                raw_bytes: raw.len() as u64,
                stored_bytes: stored.len() as u64,
                sha256: sha,
            },
            globals: None,
            encrypted_to: recipient.map(|r| vec![r.to_string()]).unwrap_or_default(),
            row_counts,
            recovery_point,
            labels: Default::default(),
            pmc_version: "test".into(),
            imported_from: None,
        };
        write_manifest(&storage, &manifest).unwrap();
        manifest
    }
}

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
}

/// Writes `identity` and an unrelated identity to key files in the repository's folder;
/// returns their paths (right, wrong).
fn identity_files(repo: &Repo, identity: &age::x25519::Identity) -> (PathBuf, PathBuf) {
    use age::secrecy::ExposeSecret as _;
    let key_file = repo.path().join("key.txt");
    fs_err::write(&key_file, identity.to_string().expose_secret()).unwrap();
    let wrong_file = repo.path().join("wrong.txt");
    let wrong = age::x25519::Identity::generate();
    fs_err::write(&wrong_file, wrong.to_string().expose_secret()).unwrap();
    (key_file, wrong_file)
}

/// Runs `pmc restore` against `db` with the repository; returns exit code, JSON (or Null) and
/// stderr.
fn restore(db: &TestDb, repo: &Repo, args: &[&str]) -> (i32, Value, String) {
    let out = pmc()
        .args(["--database-url", &db.url, "--json", "restore"])
        .args(args)
        .env("PMC_BACKUP_REPO", repo.path())
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        out.status.code().unwrap(),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// No database named after `db` exists: a refused restore created none (or removed its own).
async fn assert_no_database_made(db: &TestDb) {
    assert_eq!(
        db.databases(&format!("{}_", db.name)).await,
        Vec::<String>::new()
    );
}

async fn counts_of(db: &TestDb, name: &str) -> std::collections::BTreeMap<String, i64> {
    let mut pool_db_url = url::Url::parse(&db.url).unwrap();
    pool_db_url.set_path(&format!("/{name}"));
    let pool = sqlx::PgPool::connect(pool_db_url.as_str()).await.unwrap();
    let counts = pmc::restore::checks::row_counts(&pool).await.unwrap();
    pool.close().await;
    counts
}

fn failed_checks(report: &Value) -> Vec<Value> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "failed")
        .cloned()
        .collect()
}

async fn round_trip(scale: u32) {
    let db = TestDb::with_fixtures(scale).await;
    let repo = Repo::new();
    let manifest = repo.backup(&db, at(22, 3), None).await;
    let target = format!("{}_rt", db.name);
    let (code, report, stderr) = restore(&db, &repo, &["latest", "--target-db", &target]);
    assert_eq!(code, 0, "{stderr}\n{report:#}");
    assert_eq!(report["ok"], true);
    assert_eq!(report["drill"], false);
    assert_eq!(report["source"]["id"], manifest.id);
    assert_eq!(report["source"]["checksum"], "verified");
    assert_eq!(report["target_database"], target);
    assert!(failed_checks(&report).is_empty(), "{report:#}");
    let kinds = texts(&report["checks"], "check");
    for kind in ["row_count", "foreign_key", "recovery_point"] {
        assert!(kinds.contains(&kind), "no {kind} check in {report:#}");
    }
    // Nine foreign keys in the store schema, each checked.
    assert_eq!(kinds.iter().filter(|k| **k == "foreign_key").count(), 9);
    let orders = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["object"] == "public.orders")
        .unwrap();
    assert_eq!(orders["found"], (2000 * scale).to_string(), "{orders:#}");
    // Large values are compressed with lz4 when the server has it (--toast-compression).
    let pool = db.pool().await;
    let lz4: bool = sqlx::query_scalar(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    pool.close().await;
    if lz4 {
        let mut url = url::Url::parse(&db.url).unwrap();
        url.set_path(&format!("/{target}"));
        let mut conn = sqlx::PgConnection::connect(url.as_str()).await.unwrap();
        let methods: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT pg_column_compression(session_data) FROM vending_machine_sessions \
             WHERE pg_column_compression(session_data) IS NOT NULL",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        conn.close().await.unwrap();
        assert_eq!(methods, vec!["lz4".to_string()]);
    }
    // The restored copy really has the rows, and the live database is untouched.
    assert_eq!(counts_of(&db, &target).await, manifest.row_counts);
    assert_eq!(
        counts_of(&db, &db.name).await["public.orders"],
        2000 * i64::from(scale)
    );
    // The unpacked temporary copy is gone.
    let leftovers: Vec<_> = fs_err::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("pmc-restore-"))
        .filter(|e| {
            // Only this run's: another test may be restoring right now.
            fs_err::read_dir(e.path()).is_ok_and(|mut d| {
                d.any(|f| {
                    f.is_ok_and(|f| {
                        f.metadata()
                            .is_ok_and(|m| m.len() == manifest.dump.raw_bytes)
                    })
                })
            })
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    db.drop_database(&target).await;
}

#[tokio::test]
async fn round_trip_at_scale_1_validates() {
    round_trip(1).await;
}

#[tokio::test]
async fn round_trip_at_scale_3_validates() {
    round_trip(3).await;
}

#[tokio::test]
async fn a_flipped_byte_is_caught_before_any_database_is_created() {
    let db = TestDb::with_fixtures(1).await;
    let repo = Repo::new();
    let manifest = repo.backup(&db, at(22, 3), None).await;
    let path = repo.dump_path(&manifest.id, "dump.zst");
    let mut bytes = fs_err::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    fs_err::write(&path, &bytes).unwrap();
    let (code, _, stderr) = restore(&db, &repo, &[]);
    assert_eq!(code, 65, "{stderr}");
    assert!(stderr.contains("checksum mismatch"), "{stderr}");
    assert!(stderr.contains("nothing was restored"), "{stderr}");
    assert_no_database_made(&db).await;
}

#[tokio::test]
async fn a_truncated_backup_is_refused() {
    let db = TestDb::with_fixtures(1).await;
    let repo = Repo::new();
    let manifest = repo.backup(&db, at(22, 3), None).await;
    let path = repo.dump_path(&manifest.id, "dump.zst");
    let bytes = fs_err::read(&path).unwrap();
    fs_err::write(&path, &bytes[..bytes.len() / 3]).unwrap();
    let (code, _, stderr) = restore(&db, &repo, &[&manifest.id]);
    assert_eq!(code, 65, "{stderr}");
    assert!(stderr.contains("truncated"), "{stderr}");
    assert_no_database_made(&db).await;
}

#[tokio::test]
async fn an_encrypted_backup_needs_the_right_identity() {
    let db = TestDb::with_fixtures(1).await;
    let repo = Repo::new();
    let identity = age::x25519::Identity::generate();
    let manifest = repo
        .backup(&db, at(22, 3), Some(&identity.to_public()))
        .await;
    let (key_file, wrong_file) = identity_files(&repo, &identity);

    let (code, _, stderr) = restore(&db, &repo, &[]);
    assert_eq!(code, 64, "{stderr}");
    assert!(
        stderr.contains("is encrypted") && stderr.contains("--identity"),
        "{stderr}"
    );
    let (code, _, stderr) = restore(&db, &repo, &["--identity", wrong_file.to_str().unwrap()]);
    assert_eq!(code, 65, "{stderr}");
    assert!(
        stderr.contains("cannot decrypt") && stderr.contains("nothing was restored"),
        "{stderr}"
    );
    // A mistyped --identity is a bad flag value; a file that holds no identity is bad input,
    // named once.
    let (code, _, stderr) = restore(&db, &repo, &["--identity", "no-such-key.txt"]);
    assert_eq!(code, 64, "{stderr}");
    assert!(
        stderr.contains("--identity no-such-key.txt: cannot read it")
            && stderr.contains("nothing was restored"),
        "{stderr}"
    );
    let (code, _, stderr) = restore(&db, &repo, &["--identity", repo.path().to_str().unwrap()]);
    assert_eq!(code, 64, "a folder: {stderr}");
    assert!(stderr.contains("it is a folder"), "{stderr}");
    let garbage = repo.path().join("garbage.txt");
    fs_err::write(&garbage, "not a key\n").unwrap();
    let (code, _, stderr) = restore(&db, &repo, &["--identity", garbage.to_str().unwrap()]);
    assert_eq!(code, 65, "{stderr}");
    assert_eq!(stderr.matches("garbage.txt").count(), 1, "{stderr}");
    assert_no_database_made(&db).await;

    // The identity from backup.identity_file works like --identity.
    let target = format!("{}_enc", db.name);
    let out = pmc()
        .args([
            "--database-url",
            &db.url,
            "--json",
            "restore",
            "--target-db",
            &target,
        ])
        .env("PMC_BACKUP_REPO", repo.path())
        .env("PMC_BACKUP_IDENTITY_FILE", &key_file)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(report["source"]["encrypted"], true);
    assert_eq!(report["source"]["id"], manifest.id);
    db.drop_database(&target).await;
}

#[tokio::test]
async fn a_plain_sql_file_restores_through_psql_and_an_empty_one_is_refused() {
    let db = TestDb::with_fixtures(1).await;
    let repo = Repo::new();
    let file = repo.path().join("backup_20251220_000937.sql");
    fs_err::write(&file, pg_dump(&db, &[])).unwrap();
    let target = format!("{}_sql", db.name);
    let (code, report, stderr) = restore(
        &db,
        &repo,
        &[file.to_str().unwrap(), "--target-db", &target],
    );
    assert_eq!(code, 0, "{stderr}\n{report:#}");
    assert_eq!(report["source"]["kind"], "file");
    assert_eq!(report["source"]["format"], "plain");
    assert_eq!(report["source"]["checksum"], "none");
    let orders = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["object"] == "public.orders")
        .unwrap();
    assert_eq!(
        orders["status"], "info",
        "counts are reported, not compared"
    );
    assert_eq!(orders["found"], "2000");
    assert_eq!(counts_of(&db, &target).await["public.orders"], 2000);
    db.drop_database(&target).await;

    // A truncated plain dump has no completion trailer.
    let text = fs_err::read(&file).unwrap();
    let cut = repo.path().join("cut.sql");
    fs_err::write(&cut, &text[..text.len() / 2]).unwrap();
    let (code, _, stderr) = restore(&db, &repo, &[cut.to_str().unwrap()]);
    assert_eq!(code, 65, "{stderr}");
    assert!(stderr.contains("truncated"), "{stderr}");

    let empty = repo.path().join("backup_20251221.sql");
    fs_err::write(&empty, b"").unwrap();
    let (code, _, stderr) = restore(&db, &repo, &[empty.to_str().unwrap()]);
    assert_eq!(code, 65, "{stderr}");
    assert!(stderr.contains("empty (0 bytes)"), "{stderr}");
    assert_no_database_made(&db).await;
}

#[tokio::test]
async fn a_failing_object_is_named_and_the_target_dropped() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    let role = format!("{}_owner", db.name);
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "CREATE ROLE {role}; CREATE TABLE shop_notes (id int PRIMARY KEY); \
         ALTER TABLE shop_notes OWNER TO {role}"
    )))
    .execute(&pool)
    .await
    .unwrap();
    let repo = Repo::new();
    let file = repo.path().join("store.dump");
    fs_err::write(&file, pg_dump(&db, &["-Fc"])).unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "ALTER TABLE shop_notes OWNER TO CURRENT_USER; DROP ROLE {role}"
    )))
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;

    let target = format!("{}_bad", db.name);
    let (code, _, stderr) = restore(
        &db,
        &repo,
        &[file.to_str().unwrap(), "--target-db", &target],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("shop_notes"), "{stderr}");
    assert!(stderr.contains("does not exist"), "{stderr}");
    assert!(stderr.contains("was dropped"), "{stderr}");
    assert_eq!(db.databases(&target).await, Vec::<String>::new());

    // Without ownership the same file restores.
    let (code, report, stderr) = restore(
        &db,
        &repo,
        &[file.to_str().unwrap(), "--target-db", &target, "--no-owner"],
    );
    assert_eq!(code, 0, "{stderr}\n{report:#}");
    assert_eq!(report["source"]["format"], "custom");
    db.drop_database(&target).await;
}

#[tokio::test]
async fn before_selects_the_newest_backup_that_started_earlier() {
    let db = TestDb::with_fixtures(1).await;
    let repo = Repo::new();
    let first = repo.backup(&db, at(20, 3), None).await;
    let pool = db.pool().await;
    sqlx::query(
        "DELETE FROM order_images WHERE order_id IN (SELECT id FROM orders ORDER BY id LIMIT 5)",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let second = repo.backup(&db, at(21, 3), None).await;
    // A backup that never completed (no manifest) is not good and never chosen.
    let storage = repo.storage();
    let mut blob = storage.create("20261122T030000Z", "dump.zst").unwrap();
    blob.write_all(b"partial").unwrap();
    blob.commit().unwrap();

    for (args, want) in [
        (vec!["--before", "2026-11-21T00:00:00Z"], &first.id),
        (vec!["--before", "2026-11-21 03:00:01"], &second.id),
        (vec!["latest"], &second.id),
        (vec![first.id.as_str()], &first.id),
    ] {
        let target = format!("{}_b", db.name);
        let mut all = args.clone();
        all.extend(["--target-db", &target]);
        let (code, report, stderr) = restore(&db, &repo, &all);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert_eq!(&report["source"]["id"], want.as_str(), "{args:?}");
        db.drop_database(&target).await;
    }
    let (code, _, stderr) = restore(&db, &repo, &["--before", "2026-11-01"]);
    assert_eq!(code, 65, "{stderr}");
    assert!(stderr.contains("no good backup"), "{stderr}");
    let (code, _, stderr) = restore(&db, &repo, &["20261122T030000Z"]);
    assert_eq!(code, 65, "{stderr}");
    assert!(stderr.contains("no manifest"), "{stderr}");
}

/// A PMC_PG_BIN whose pg_restore never finishes (it waits while its parent lives), so a test
/// can kill pmc in the middle of a load deterministically.
fn hanging_pg_bin(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt as _;
    let real = pmc::pg_cluster::PgBinaries::locate().unwrap().bin_dir;
    let bin = dir.join("bin");
    fs_err::create_dir_all(&bin).unwrap();
    for tool in ["initdb", "postgres", "psql", "pg_dump", "pg_ctl"] {
        std::os::unix::fs::symlink(real.join(tool), bin.join(tool)).unwrap();
    }
    let script = bin.join("pg_restore");
    fs_err::write(
        &script,
        "#!/bin/sh\nwhile kill -0 $PPID 2>/dev/null; do sleep 0.05; done\nexit 1\n",
    )
    .unwrap();
    fs_err::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

#[tokio::test]
async fn kill_9_during_a_restore_leaves_the_live_database_alone_and_the_next_run_drops_the_target()
{
    let db = TestDb::with_fixtures(1).await;
    let repo = Repo::new();
    let manifest = repo.backup(&db, at(22, 3), None).await;
    let target = format!("{}_killed", db.name);
    let mut command = pmc();
    command
        .args(["--database-url", &db.url, "restore", "--target-db", &target])
        .env("PMC_BACKUP_REPO", repo.path())
        .env("PMC_PG_BIN", hanging_pg_bin(repo.path()));
    let mut child = std::process::Command::from(command)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let admin_url = db.server_url("postgres");
    let marker = format!("pmc restore in progress for {}:", db.name);
    eventually("the target marked as in progress", || {
        let admin_url = admin_url.clone();
        let target = target.clone();
        let marker = marker.clone();
        async move {
            let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
            let comment: Option<Option<String>> = sqlx::query_scalar(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1",
            )
            .bind(&target)
            .fetch_optional(&mut admin)
            .await
            .unwrap();
            let _ = admin.close().await;
            comment.flatten().is_some_and(|c| c.starts_with(&marker))
        }
    })
    .await;
    crate::common::send_signal(&child, rustix::process::Signal::KILL);
    child.wait().unwrap();

    // The live database is untouched; the half-made target is still there, marked.
    assert_eq!(counts_of(&db, &db.name).await, {
        let mut want = manifest.row_counts.clone();
        // The journal's own tables appear with the first mutating run.
        let now = counts_of(&db, &db.name).await;
        for (k, v) in now
            .iter()
            .filter(|(k, _)| k.starts_with("pmc.") || k.starts_with("pmc_archive."))
        {
            want.insert(k.clone(), *v);
        }
        want
    });
    assert_eq!(db.databases(&target).await, vec![target.clone()]);
    // The journal row of the killed run stays open ("running"): the server ended its session.
    let pool = db.pool().await;
    let outcome: String = sqlx::query_scalar(
        "SELECT outcome FROM pmc.runs WHERE command = 'restore' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(outcome, "running");
    pool.close().await;

    // The next restore of the same database drops the leftover and says so.
    let next = format!("{}_next", db.name);
    let (code, report, stderr) = restore(&db, &repo, &["--target-db", &next]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["dropped_leftovers"], serde_json::json!([target]));
    assert_eq!(db.databases(&target).await, Vec::<String>::new());
    db.drop_database(&next).await;
}

#[tokio::test]
async fn replace_needs_the_right_name_and_keeps_the_old_database() {
    let db = TestDb::with_fixtures(1).await;
    let repo = Repo::new();
    let manifest = repo.backup(&db, at(22, 3), None).await;
    // Disaster strikes after the backup.
    let pool = db.pool().await;
    sqlx::query("DELETE FROM payment_mappings")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let (code, _, stderr) = restore(&db, &repo, &["--replace", "--confirm", "pimpmycase"]);
    assert_eq!(code, 64, "{stderr}");
    assert!(stderr.contains("does not match"), "{stderr}");
    let (code, _, stderr) = restore(&db, &repo, &["--replace"]);
    assert_eq!(code, 64, "{stderr}");
    assert!(stderr.contains("--confirm"), "{stderr}");
    assert_no_database_made(&db).await;

    // A session of the store on the live database is terminated.
    let mut store_session = sqlx::PgConnection::connect(&db.url).await.unwrap();
    let (code, report, stderr) = restore(&db, &repo, &["--replace", "--confirm", &db.name]);
    assert_eq!(code, 0, "{stderr}\n{report:#}");
    assert!(stderr.contains("will be terminated"), "{stderr}");
    assert_eq!(report["replace"]["state"], "done");
    assert!(report["replace"]["terminated_sessions"].as_i64().unwrap() >= 1);
    assert!(
        sqlx::query("SELECT 1")
            .execute(&mut store_session)
            .await
            .is_err()
    );

    let old = db.databases(&format!("{}_before_restore_", db.name)).await;
    assert_eq!(old.len(), 1, "{old:?}");
    assert_eq!(report["replace"]["old_database"], old[0].as_str());
    // The live name now holds the backup's data; the old database keeps the damage.
    assert_eq!(
        counts_of(&db, &db.name).await["public.payment_mappings"],
        manifest.row_counts["public.payment_mappings"]
    );
    assert_eq!(counts_of(&db, &old[0]).await["public.payment_mappings"], 0);
    assert!(
        db.databases(&format!("{}_restore_", db.name))
            .await
            .is_empty()
    );
    // The swap is journaled in the database that is now live.
    let pool = db.pool().await;
    let summary: Value = sqlx::query_scalar(
        "SELECT summary FROM pmc.runs WHERE command = 'restore' AND outcome = 'ok' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(summary["replace"]["state"], "done");
    pool.close().await;
    db.drop_database(&old[0]).await;
}

#[tokio::test]
async fn the_drill_passes_on_a_sound_backup_and_is_journaled() {
    let db = TestDb::with_fixtures(1).await;
    let repo = Repo::new();
    repo.backup(&db, at(22, 3), None).await;
    let (code, report, stderr) = restore(&db, &repo, &["--drill"]);
    assert_eq!(code, 0, "{stderr}\n{report:#}");
    assert_eq!(report["drill"], true);
    assert_eq!(report["ok"], true);
    assert!(report["rto_seconds"].as_f64().unwrap() > 0.0);
    // The fixtures' newest order is from 2026-11-01, weeks before any test run.
    assert!(report["rpo_seconds"].as_f64().unwrap() > 86_400.0);
    let invariants = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["check"] == "invariant")
        .count();
    assert_eq!(invariants, 6);
    assert_eq!(report["target_kept"], false);
    assert!(
        db.databases(&format!("{}_drill_", db.name))
            .await
            .is_empty()
    );
    let pool = db.pool().await;
    let (outcome, summary): (String, Value) = sqlx::query_as(
        "SELECT outcome, summary FROM pmc.runs WHERE command = 'restore' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(outcome, "ok");
    assert_eq!(summary["drill"], true);
    assert_eq!(summary["ok"], true);
    assert!(summary["rto_seconds"].is_f64());
    assert!(summary["rpo_seconds"].is_f64());
    pool.close().await;
}

#[tokio::test]
async fn the_drill_fails_with_exit_2_on_a_broken_invariant() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    // A store whose sessions FK was lost (a hand-made table, say) and which then recorded a
    // session for a machine it does not know.
    sqlx::raw_sql(
        "ALTER TABLE vending_machine_sessions DROP CONSTRAINT vending_machine_sessions_machine_id_fkey; \
         INSERT INTO vending_machine_sessions (id, session_id, machine_id, expires_at) \
         VALUES ('ghost', 'GHOST01_20261101_120000_ABCDEF12', 'GHOST01', now())",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let repo = Repo::new();
    repo.backup(&db, at(22, 3), None).await;
    let (code, report, stderr) = restore(&db, &repo, &["--drill"]);
    assert_eq!(code, 2, "{stderr}\n{report:#}");
    assert_eq!(report["ok"], false);
    let failed = failed_checks(&report);
    assert_eq!(failed.len(), 1, "{failed:#?}");
    assert_eq!(
        failed[0]["object"],
        "every vending session names a known machine"
    );
    assert_eq!(failed[0]["detail"], "e.g. GHOST01_20261101_120000_ABCDEF12");
    assert!(
        db.databases(&format!("{}_drill_", db.name))
            .await
            .is_empty()
    );
    let pool = db.pool().await;
    let (outcome, exit, summary): (String, i32, Value) = sqlx::query_as(
        "SELECT outcome, exit_code, summary FROM pmc.runs WHERE command = 'restore' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((outcome.as_str(), exit), ("critical", 2));
    assert_eq!(summary["drill"], true);
    assert_eq!(summary["ok"], false);
    assert!(summary["rto_seconds"].is_f64() && summary["rpo_seconds"].is_f64());
    pool.close().await;
}

/// Runs SQL (several statements) on the database `name` of the test server.
async fn execute_in(db: &TestDb, name: &str, statements: &str) {
    let mut url = url::Url::parse(&db.url).unwrap();
    url.set_path(&format!("/{name}"));
    let mut conn = sqlx::PgConnection::connect(url.as_str()).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(statements.to_string()))
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("{statements}: {e}"));
    conn.close().await.unwrap();
}

/// One query's single value on the database `name` of the test server.
async fn value_in<T>(db: &TestDb, name: &str, query: &str) -> T
where
    T: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres> + Send + Unpin,
{
    let mut url = url::Url::parse(&db.url).unwrap();
    url.set_path(&format!("/{name}"));
    let mut conn = sqlx::PgConnection::connect(url.as_str()).await.unwrap();
    let value = sqlx::query_scalar(sqlx::AssertSqlSafe(query.to_string()))
        .fetch_one(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("{query}: {e}"));
    conn.close().await.unwrap();
    value
}

#[tokio::test]
async fn restore_creates_the_missing_roles_from_the_globals_and_leaves_existing_ones_alone() {
    let db = TestDb::with_fixtures(1).await;
    // Roles are the server's, shared by every test: names of this test's own.
    let owner = format!("{}_owner", db.name);
    let reader = format!("{}_reader", db.name);
    let keeper = format!("{}_keeper", db.name);
    execute_in(
        &db,
        &db.name,
        &format!(
            "CREATE ROLE {reader}; \
             CREATE ROLE {owner} LOGIN CREATEDB CONNECTION LIMIT 3 IN ROLE {reader}; \
             COMMENT ON ROLE {owner} IS 'the shop''s owner'; \
             CREATE ROLE {keeper} CONNECTION LIMIT 7; \
             CREATE TABLE shop_notes (id int PRIMARY KEY); \
             ALTER TABLE shop_notes OWNER TO {owner}; \
             GRANT SELECT ON orders TO {reader}; \
             GRANT SELECT ON phone_models TO {keeper}"
        ),
    )
    .await;
    let repo = Repo::new();
    let (code, backup) = pmc_json(&db, &["backup", "--repo", repo.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{backup:#}");
    assert!(backup["globals"].is_object(), "{backup:#}");
    // The roles go; the one that stays is changed after the backup.
    execute_in(
        &db,
        &db.name,
        &format!(
            "ALTER TABLE shop_notes OWNER TO CURRENT_USER; REVOKE ALL ON orders FROM {reader}; \
             DROP ROLE {owner}; DROP ROLE {reader}; ALTER ROLE {keeper} CONNECTION LIMIT 9"
        ),
    )
    .await;

    // Without the globals the load stops at the first object of a missing role.
    let target = format!("{}_roles", db.name);
    let (code, _, stderr) = restore(&db, &repo, &["--target-db", &target, "--no-globals"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("does not exist"), "{stderr}");
    assert!(db.databases(&target).await.is_empty());

    // A drill creates no roles: its load fails, and the error names every missing role.
    let (code, _, stderr) = restore(&db, &repo, &["--drill"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("the backup needs roles this server lacks: ")
            && stderr.contains(&owner)
            && stderr.contains(&reader)
            && stderr.contains("a drill creates none"),
        "{stderr}"
    );

    let (code, report, stderr) = restore(&db, &repo, &["--target-db", &target]);
    assert_eq!(code, 0, "{stderr}\n{report:#}");
    let globals = &report["globals"];
    assert_eq!(globals["state"], "applied", "{globals:#}");
    assert_eq!(
        globals["created"],
        serde_json::json!([owner.clone(), reader.clone()])
    );
    let existing: Vec<&str> = globals["existing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(existing.contains(&keeper.as_str()), "{globals:#}");
    assert!(globals["missing"].as_array().unwrap().is_empty());

    // The roles are back as they were, and ownership and grants landed.
    let (login, createdb, limit): (bool, bool, i32) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT rolcanlogin, rolcreatedb, rolconnlimit FROM pg_roles WHERE rolname = '{owner}'"
    )))
    .fetch_one(&mut sqlx::PgConnection::connect(&db.url).await.unwrap())
    .await
    .unwrap();
    assert_eq!((login, createdb, limit), (true, true, 3));
    let comment: Option<String> = value_in(
        &db,
        &db.name,
        &format!("SELECT shobj_description('{owner}'::regrole, 'pg_authid')"),
    )
    .await;
    assert_eq!(comment.as_deref(), Some("the shop's owner"));
    let member: bool = value_in(
        &db,
        &db.name,
        &format!("SELECT pg_has_role('{owner}', '{reader}', 'MEMBER')"),
    )
    .await;
    assert!(member);
    let table_owner: String = value_in(
        &db,
        &target,
        "SELECT tableowner::text FROM pg_tables WHERE tablename = 'shop_notes'",
    )
    .await;
    assert_eq!(table_owner, owner);
    let granted: bool = value_in(
        &db,
        &target,
        &format!("SELECT has_table_privilege('{reader}', 'public.orders', 'SELECT')"),
    )
    .await;
    assert!(granted);
    // The role that existed keeps what it has now, not what the globals say.
    let limit: i32 = value_in(
        &db,
        &db.name,
        &format!("SELECT rolconnlimit FROM pg_roles WHERE rolname = '{keeper}'"),
    )
    .await;
    assert_eq!(limit, 9);

    db.drop_database(&target).await;
    execute_in(
        &db,
        &db.name,
        &format!(
            "DROP OWNED BY {keeper}; DROP ROLE {owner}; DROP ROLE {reader}; DROP ROLE {keeper}"
        ),
    )
    .await;
}

/// `bytes` encrypted with age to `identity`.
fn age_encrypt(bytes: &[u8], identity: &age::x25519::Identity) -> Vec<u8> {
    let recipient = identity.to_public();
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .unwrap();
    let mut out = Vec::new();
    let mut writer = encryptor.wrap_output(&mut out).unwrap();
    writer.write_all(bytes).unwrap();
    writer.finish().unwrap();
    out
}

#[tokio::test]
async fn an_encrypted_file_restores_with_its_identity_and_a_wrong_one_touches_nothing() {
    let db = TestDb::with_fixtures(1).await;
    let repo = Repo::new();
    let identity = age::x25519::Identity::generate();
    let (key_file, wrong_file) = identity_files(&repo, &identity);
    // A zstd-compressed custom archive and a bare plain dump, each encrypted.
    let custom = repo.path().join("store.dump.zst.age");
    let archive = pg_dump(&db, &["-Fc", "-Z0"]);
    let compressed = zstd::encode_all(&archive[..], 3).unwrap();
    fs_err::write(&custom, age_encrypt(&compressed, &identity)).unwrap();
    let plain = repo.path().join("store.sql.age");
    fs_err::write(&plain, age_encrypt(&pg_dump(&db, &[]), &identity)).unwrap();

    let (code, _, stderr) = restore(&db, &repo, &[custom.to_str().unwrap()]);
    assert_eq!(code, 64, "{stderr}");
    assert!(
        stderr.contains("is encrypted") && stderr.contains("--identity"),
        "{stderr}"
    );
    let (code, _, stderr) = restore(
        &db,
        &repo,
        &[
            custom.to_str().unwrap(),
            "--identity",
            wrong_file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 65, "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("cannot decrypt"), "{stderr}");
    assert!(stderr.contains("store.dump.zst.age"), "{stderr}");
    assert_no_database_made(&db).await;

    for (file, format, method) in [(&custom, "custom", "copy"), (&plain, "plain", "psql")] {
        let target = format!("{}_age", db.name);
        let (code, report, stderr) = restore(
            &db,
            &repo,
            &[
                file.to_str().unwrap(),
                "--identity",
                key_file.to_str().unwrap(),
                "--target-db",
                &target,
            ],
        );
        assert_eq!(code, 0, "{stderr}\n{report:#}");
        assert_eq!(report["source"]["kind"], "file");
        assert_eq!(report["source"]["encrypted"], true);
        assert_eq!(report["source"]["format"], format);
        // The custom archive is streamed from the file as a backup is, never unpacked.
        assert_eq!(report["load"]["method"], method, "{report:#}");
        if format == "custom" {
            assert_eq!(report["source"]["dump_bytes"], archive.len());
        }
        assert_eq!(report["globals"]["state"], "none");
        assert_eq!(counts_of(&db, &target).await["public.orders"], 2000);
        db.drop_database(&target).await;
    }
}

/// A pseudo-terminal: the master side for the test, a path to the slave side for pmc.
fn pseudo_terminal() -> (std::fs::File, std::fs::File) {
    use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
    use std::os::unix::fs::OpenOptionsExt as _;
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    let name = ptsname(&master, Vec::new()).unwrap();
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(rustix::fs::OFlags::NOCTTY.bits() as i32)
        .open(name.to_str().unwrap())
        .unwrap();
    (std::fs::File::from(master), slave)
}

#[tokio::test]
async fn the_restore_lock_covers_the_swap_so_a_second_restore_exits_75() {
    use std::io::Read as _;
    let db = TestDb::with_fixtures(1).await;
    let repo = Repo::new();
    repo.backup(&db, at(22, 3), None).await;

    // The first --replace waits at the typed confirmation, between its validation (journaled,
    // the live database's lock released) and the swap.
    let (mut master, slave) = pseudo_terminal();
    let mut command = pmc();
    command
        .args(["--database-url", &db.url, "--json", "restore", "--replace"])
        .env("PMC_BACKUP_REPO", repo.path());
    let child = std::process::Command::from(command)
        .stdin(slave.try_clone().unwrap())
        .stderr(slave)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let screen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let reader = {
        let screen = screen.clone();
        let mut master = master.try_clone().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            // EIO once pmc has exited and closed the terminal.
            while let Ok(n) = master.read(&mut buf) {
                if n == 0 {
                    break;
                }
                screen
                    .lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        })
    };
    let prompt = format!("Type {} to go ahead", db.name);
    eventually("the typed confirmation of the first restore", || {
        let shown = screen.lock().unwrap().contains(&prompt);
        async move { shown }
    })
    .await;

    let second = format!("{}_second", db.name);
    let (code, _, stderr) = restore(
        &db,
        &repo,
        &["--replace", "--confirm", &db.name, "--target-db", &second],
    );
    assert_eq!(code, 75, "{stderr}");
    assert!(
        stderr.contains("another pmc restore run holds the lock"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("(pid {})", child.id())),
        "{stderr}"
    );
    assert!(db.databases(&second).await.is_empty());

    master
        .write_all(format!("{}\n", db.name).as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    reader.join().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no JSON ({e}): {}", screen.lock().unwrap()));
    assert_eq!(out.status.code(), Some(0), "{}", screen.lock().unwrap());
    assert_eq!(report["replace"]["state"], "done");
    let old = db.databases(&format!("{}_before_restore_", db.name)).await;
    assert_eq!(old.len(), 1, "{old:?}");

    // Once the first has finished, the lock is free again.
    let (code, _, stderr) = restore(&db, &repo, &["--target-db", &second]);
    assert_eq!(code, 0, "{stderr}");
    db.drop_database(&second).await;
    db.drop_database(&old[0]).await;
}

/// Everything a restore must reproduce, per object: each table's rows (an md5 of them in a
/// fixed order), sequence values, index and constraint definitions, and table privileges.
async fn fingerprint(db: &TestDb, name: &str) -> std::collections::BTreeMap<String, String> {
    let mut url = url::Url::parse(&db.url).unwrap();
    url.set_path(&format!("/{name}"));
    let mut conn = sqlx::PgConnection::connect(url.as_str()).await.unwrap();
    let mut all: Vec<(String, String)> = sqlx::query_as(
        "SELECT 'sequence ' || schemaname || '.' || sequencename, coalesce(last_value::text, '') \
         FROM pg_sequences \
         UNION ALL SELECT 'index ' || indexname, indexdef FROM pg_indexes \
           WHERE schemaname NOT IN ('pg_catalog', 'information_schema') \
         UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || conname, \
           pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid <> 0 \
           AND connamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace) \
         UNION ALL SELECT 'acl ' || oid::regclass, coalesce(relacl::text, '') FROM pg_class \
           WHERE relkind = 'r' \
           AND relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables \
         WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for table in tables {
        let sum: String = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT count(*) || ' rows, md5 ' || \
             md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {table} t"
        )))
        .fetch_one(&mut conn)
        .await
        .unwrap();
        all.push((format!("rows {table}"), sum));
    }
    conn.close().await.unwrap();
    all.into_iter().collect()
}

#[tokio::test]
async fn a_streamed_restore_is_identical_to_the_source_and_splits_the_big_table() {
    let db = TestDb::with_fixtures(3).await;
    let role = format!("{}_reader", db.name);
    let pool = db.pool().await;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "CREATE ROLE {role}; GRANT SELECT ON orders TO {role}; \
         CREATE SEQUENCE shop_numbers; SELECT setval('shop_numbers', 4242)"
    )))
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let repo = Repo::new();
    let manifest = repo.backup(&db, at(22, 3), None).await;
    // Before the restore, which adds pmc's journal to the live database.
    let source = fingerprint(&db, &db.name).await;
    let target = format!("{}_st", db.name);
    let (code, report, stderr) = restore(&db, &repo, &["--target-db", &target, "-j", "2"]);
    assert_eq!(code, 0, "{stderr}\n{report:#}");
    assert_eq!(report["load"]["method"], "copy", "{report:#}");
    assert_eq!(report["source"]["dump_bytes"], manifest.dump.raw_bytes);
    // The big table (~40 MiB at scale 3) went over both connections, and COPY counted every
    // row the manifest has, table by table.
    let tables = report["load"]["tables"].as_array().unwrap();
    let sessions = tables
        .iter()
        .find(|t| t["table"] == "public.vending_machine_sessions")
        .unwrap();
    assert_eq!(sessions["connections"], 2, "{sessions:#}");
    // ~20 MiB per connection: each ended a 16 MiB COPY and began another.
    assert!(sessions["copies"].as_u64().unwrap() > 2, "{sessions:#}");
    for t in tables {
        let table = t["table"].as_str().unwrap();
        assert_eq!(
            t["rows"].as_i64(),
            manifest.row_counts.get(table).copied(),
            "{table}"
        );
    }
    // Rows, sequences, indexes, constraints and privileges are those of the source.
    let restored = fingerprint(&db, &target).await;
    assert_eq!(restored["sequence public.shop_numbers"], "4242");
    assert_eq!(
        source.keys().collect::<Vec<_>>(),
        restored.keys().collect::<Vec<_>>()
    );
    for (key, value) in &source {
        assert_eq!(&restored[key], value, "{key}");
    }
    assert!(restored["acl orders"].contains(&role));
    db.drop_database(&target).await;
    let pool = db.pool().await;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "DROP OWNED BY {role}; DROP ROLE {role}"
    )))
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
}

#[tokio::test]
async fn a_backup_pmc_cannot_stream_is_restored_by_pg_restore() {
    let db = TestDb::with_fixtures(1).await;
    let repo = Repo::new();
    // pg_dump's own compression: the data blocks are zlib streams, which pg_restore reads.
    let raw = pg_dump(&db, &["-Fc"]);
    let manifest = repo.backup_of(&db, at(22, 3), None, raw).await;
    let target = format!("{}_fb", db.name);
    let (code, report, stderr) = restore(&db, &repo, &["--target-db", &target]);
    assert_eq!(code, 0, "{stderr}\n{report:#}");
    assert_eq!(report["load"]["method"], "pg_restore", "{report:#}");
    assert_eq!(report["load"]["tables"], serde_json::json!([]));
    assert!(failed_checks(&report).is_empty(), "{report:#}");
    assert_eq!(counts_of(&db, &target).await, manifest.row_counts);
    db.drop_database(&target).await;
}

#[tokio::test]
async fn a_row_the_target_refuses_stops_the_streamed_load_and_drops_the_target() {
    let db = TestDb::with_fixtures(3).await;
    let pool = db.pool().await;
    // A session in the middle of the big table, so rows before it are already loading.
    sqlx::query(
        "UPDATE vending_machine_sessions SET user_agent = 'PMC-SENTINEL-AGENT' WHERE id = \
         (SELECT id FROM vending_machine_sessions ORDER BY id \
          OFFSET (SELECT count(*) / 2 FROM vending_machine_sessions) LIMIT 1)",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    // The same number of bytes, one more column: COPY refuses the row.
    let mut raw = pg_dump(&db, &["-Fc", "-Z0"]);
    let at_sentinel = raw
        .windows(18)
        .position(|w| w == b"PMC-SENTINEL-AGENT")
        .unwrap();
    raw[at_sentinel + 12] = b'\t';
    let repo = Repo::new();
    repo.backup_of(&db, at(22, 3), None, raw).await;
    let target = format!("{}_refused", db.name);
    let (code, report, stderr) = restore(&db, &repo, &["--target-db", &target, "-j", "2"]);
    assert_eq!(code, 1, "{stderr}\n{report:#}");
    assert!(
        stderr.contains("public.vending_machine_sessions"),
        "{stderr}"
    );
    assert!(
        stderr.contains("extra data after last expected column"),
        "{stderr}"
    );
    assert!(stderr.contains("was dropped"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert_eq!(db.databases(&target).await, Vec::<String>::new());
}

#[tokio::test]
async fn a_custom_file_is_streamed_unless_pg_dump_compressed_its_data() {
    let db = TestDb::with_fixtures(1).await;
    let repo = Repo::new();
    let bare = repo.path().join("store.dump");
    let archive = pg_dump(&db, &["-Fc", "-Z0"]);
    fs_err::write(&bare, &archive).unwrap();
    let zlib = repo.path().join("store-z.dump");
    let compressed = pg_dump(&db, &["-Fc"]);
    fs_err::write(&zlib, &compressed).unwrap();
    for (file, method) in [(&bare, "copy"), (&zlib, "pg_restore")] {
        let target = format!("{}_file", db.name);
        let (code, report, stderr) = restore(
            &db,
            &repo,
            &[file.to_str().unwrap(), "--target-db", &target],
        );
        assert_eq!(code, 0, "{stderr}\n{report:#}");
        assert_eq!(report["load"]["method"], method, "{report:#}");
        assert_eq!(report["source"]["format"], "custom");
        assert_eq!(report["source"]["encrypted"], false);
        let len = fs_err::metadata(file).unwrap().len();
        assert_eq!(report["source"]["dump_bytes"], len);
        assert!(failed_checks(&report).is_empty(), "{report:#}");
        assert_eq!(counts_of(&db, &target).await["public.orders"], 2000);
        db.drop_database(&target).await;
    }
    // Cut short in its table data, a streamed FILE is found damaged only while loading: one
    // line, exit 65, and no target left behind.
    // So is one pg_restore loads (pg_dump compressed it): pg_restore says why, pmc knows it
    // for a damaged dump rather than a target that refused a row.
    for (name, whole) in [("cut.dump", &archive), ("cut-z.dump", &compressed)] {
        let cut = repo.path().join(name);
        fs_err::write(&cut, &whole[..whole.len() * 3 / 4]).unwrap();
        let target = format!("{}_cut", db.name);
        let (code, _, stderr) =
            restore(&db, &repo, &[cut.to_str().unwrap(), "--target-db", &target]);
        assert_eq!(code, 65, "{name}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(stderr.contains("damaged or truncated"), "{stderr}");
        assert!(db.databases(&target).await.is_empty());
    }
}

#[tokio::test]
async fn an_imported_plain_dump_restores_and_drills_with_its_recovery_point_reported() {
    let db = TestDb::with_fixtures(1).await;
    let repo = Repo::new();
    let file = repo.path().join("backup_20251220_000937.sql");
    fs_err::write(&file, pg_dump(&db, &[])).unwrap();
    let out = pmc()
        .args(["backup", "import"])
        .arg(&file)
        .arg("--repo")
        .arg(repo.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = "20251220T000937Z";

    let target = format!("{}_imported", db.name);
    let (code, report, stderr) = restore(&db, &repo, &[id, "--target-db", &target]);
    assert_eq!(code, 0, "{stderr}\n{report:#}");
    let point = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "recovery_point")
        .unwrap();
    assert_eq!(point["status"], "info", "{point}");
    assert_eq!(point["expected"], Value::Null, "{point}");
    assert!(
        point["found"].as_str().unwrap().starts_with("2026-"),
        "{point}"
    );
    assert!(report["recovery_point"].is_string(), "{report:#}");
    db.drop_database(&target).await;

    let (code, report, stderr) = restore(&db, &repo, &["--drill", id]);
    assert_eq!(code, 0, "{stderr}\n{report:#}");
    assert_eq!(report["ok"], true);
    let out = pmc()
        .args(["--database-url", &db.url, "--json", "backup", "status"])
        .args(["--max-age", "100000d", "--repo"])
        .arg(repo.path())
        .output()
        .unwrap();
    let status: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{status:#}");
    assert_eq!(status["last_drill"]["ok"], true, "{status:#}");
}

/// A copy of `db` named `len` bytes long (its own name padded with `l`), and its URL.
async fn long_named_copy(db: &TestDb, len: usize) -> (String, String) {
    let live = format!("{}_{}", db.name, "l".repeat(len - 1 - db.name.len()));
    let mut admin = db.admin().await;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "CREATE DATABASE \"{live}\" TEMPLATE \"{}\"",
        db.name
    )))
    .execute(&mut admin)
    .await
    .unwrap();
    let _ = admin.close().await;
    let url = db.server_url(&live);
    (live, url)
}

#[tokio::test]
async fn replace_works_for_a_long_live_name_and_picks_the_old_name_up_front() {
    let db = TestDb::with_fixtures(1).await;
    let repo = Repo::new();
    // A backup of `db`, named by its id: `latest` takes only backups of the live database.
    let manifest = repo.backup(&db, at(22, 3), None).await;
    // 38 bytes: `<live>_restore_<ts>` fits in 63, `<live>_before_restore_<ts>` does not.
    let (live, live_url) = long_named_copy(&db, 38).await;

    let out = pmc()
        .args([
            "--database-url",
            &live_url,
            "--json",
            "restore",
            &manifest.id,
        ])
        .args(["--replace", "--confirm", &live])
        .env("PMC_BACKUP_REPO", repo.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let left = db.databases(&live[..30]).await;
    for name in &left {
        db.drop_database(name).await;
    }
    assert_eq!(out.status.code(), Some(0), "{stderr}\n{report:#}");
    assert_eq!(report["replace"]["state"], "done", "{report:#}");
    let old_name = report["replace"]["old_database"].as_str().unwrap();
    assert!(old_name.len() <= 63, "{old_name}");
    assert!(old_name.contains("_before_restore_"), "{old_name}");
    assert!(left.contains(&old_name.to_string()), "{left:?}");
}

#[tokio::test]
async fn a_swap_that_fails_keeps_the_restored_copy_and_says_so() {
    use std::os::unix::fs::PermissionsExt as _;
    let db = TestDb::with_fixtures(1).await;
    let repo = Repo::new();
    repo.backup(&db, at(22, 3), None).await;
    // A pg_restore that first creates the name the live database is to be renamed to, as
    // another session might while a long restore runs: `<db>_restore_<ts>` is its target.
    let real = pmc::pg_cluster::PgBinaries::locate().unwrap().bin_dir;
    let bin = repo.path().join("bin");
    fs_err::create_dir_all(&bin).unwrap();
    for tool in ["initdb", "postgres", "psql", "pg_dump", "pg_ctl"] {
        std::os::unix::fs::symlink(real.join(tool), bin.join(tool)).unwrap();
    }
    let script = bin.join("pg_restore");
    fs_err::write(
        &script,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in --dbname=*) t=\"${{a#--dbname=}}\";; esac; done\n\
             old=$(echo \"$t\" | sed 's/_restore_\\([0-9]*\\)$/_before_restore_\\1/')\n\
             '{real}/psql' -X -q -d postgres -c \"CREATE DATABASE \\\"$old\\\"\" >/dev/null 2>&1\n\
             exec '{real}/pg_restore' \"$@\"\n",
            real = real.display()
        ),
    )
    .unwrap();
    fs_err::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();

    let out = pmc()
        .args(["--database-url", &db.url, "--json", "restore"])
        .args(["--replace", "--confirm", &db.name])
        .env("PMC_BACKUP_REPO", repo.path())
        .env("PMC_PG_BIN", &bin)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let restored = db.databases(&format!("{}_restore_", db.name)).await;
    let old = db.databases(&format!("{}_before_restore_", db.name)).await;
    for name in restored.iter().chain(&old) {
        db.drop_database(name).await;
    }
    assert_eq!(out.status.code(), Some(1), "{stderr}\n{report:#}");
    assert_eq!(report["ok"], false, "{report:#}");
    assert_eq!(report["replace"]["state"], "failed", "{report:#}");
    let error = report["replace"]["error"].as_str().unwrap();
    assert!(
        error.contains("was created while the restore ran"),
        "{error}"
    );
    // The restored copy is kept, and the report names it.
    assert_eq!(restored.len(), 1, "{restored:?}");
    assert_eq!(report["target_database"], restored[0].as_str());
    assert_eq!(report["target_kept"], true);
    // The live database is unchanged and the journal says the swap failed.
    let pool = db.pool().await;
    let (outcome, error): (String, Option<String>) = sqlx::query_as(
        "SELECT outcome, error FROM pmc.runs WHERE command = 'restore' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    pool.close().await;
    assert_eq!(outcome, "failed");
    assert!(error.unwrap().contains("swap"));
}

#[tokio::test]
async fn no_globals_restores_a_backup_whose_globals_file_is_missing() {
    let db = TestDb::with_fixtures(1).await;
    let repo = Repo::new();
    let (code, report) = pmc_json(&db, &["backup", "--repo", repo.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{report:#}");
    let id = report["id"].as_str().unwrap();
    let globals = repo.dump_path(id, "globals.zst");
    assert!(globals.exists());
    fs_err::remove_file(&globals).unwrap();

    let (code, _, stderr) = restore(&db, &repo, &[id]);
    assert_eq!(code, 65, "{stderr}");
    assert!(stderr.contains("--no-globals"), "{stderr}");
    for flag in ["--no-globals", "--no-owner"] {
        let target = format!("{}_ng", db.name);
        let (code, report, stderr) = restore(&db, &repo, &[id, flag, "--target-db", &target]);
        db.drop_database(&target).await;
        assert_eq!(code, 0, "{flag}: {stderr}\n{report:#}");
        assert_eq!(report["globals"]["state"], "skipped", "{flag}");
    }
    // Damaged rather than missing: still not read.
    fs_err::write(&globals, b"not zstd").unwrap();
    let target = format!("{}_ng", db.name);
    let (code, report, stderr) = restore(&db, &repo, &[id, "--no-globals", "--target-db", &target]);
    db.drop_database(&target).await;
    assert_eq!(code, 0, "{stderr}\n{report:#}");
}

#[tokio::test]
async fn a_role_password_from_the_globals_never_reaches_the_log() {
    let db = TestDb::with_fixtures(1).await;
    let owner = format!("{}_pw_owner", db.name);
    execute_in(
        &db,
        &db.name,
        &format!(
            "CREATE ROLE {owner} LOGIN PASSWORD 'owner-password'; \
             CREATE TABLE shop_notes (id int PRIMARY KEY); \
             ALTER TABLE shop_notes OWNER TO {owner}"
        ),
    )
    .await;
    let repo = Repo::new();
    let repo_path = repo.path().to_str().unwrap();
    let (code, backup) = pmc_json(
        &db,
        &["backup", "--repo", repo_path, "--with-role-passwords"],
    );
    assert_eq!(code, 0, "{backup:#}");
    execute_in(
        &db,
        &db.name,
        &format!("ALTER TABLE shop_notes OWNER TO CURRENT_USER; DROP ROLE {owner}"),
    )
    .await;
    let target = format!("{}_pw", db.name);
    let log = repo.path().join("restore.log");
    let out = pmc()
        .args(["--database-url", &db.url, "--json", "-vvv"])
        .args(["--log-file", log.to_str().unwrap()])
        .args(["restore", "--target-db", &target])
        .env("PMC_BACKUP_REPO", repo.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["globals"]["created"],
        serde_json::json!([owner.clone()])
    );
    let hash: String = value_in(
        &db,
        &db.name,
        &format!("SELECT rolpassword FROM pg_authid WHERE rolname = '{owner}'"),
    )
    .await;
    let logged = format!("{stderr}{}", fs_err::read_to_string(&log).unwrap());
    assert!(logged.contains("CREATE DATABASE"), "-vvv logs statements");
    assert!(!logged.contains(&hash), "the password hash was logged");
    db.drop_database(&target).await;
    execute_in(
        &db,
        &db.name,
        &format!("DROP OWNED BY {owner}; DROP ROLE {owner}"),
    )
    .await;
}

/// A negative duration is the flag's bad value (exit 64 naming it), not clap's "unexpected
/// argument '-1'"; refused before any database is asked.
#[test]
fn a_negative_duration_is_refused_naming_its_flag() {
    let cases: &[(&[&str], &str)] = &[
        (&["restore", "--before", "-1h"], "--before"),
        (&["restore", "--drill", "--before", "-36h"], "--before"),
        (&["backup", "status", "--max-age", "-1h"], "--max-age"),
    ];
    for (args, flag) in cases {
        let out = pmc()
            .args(["--database-url", "postgres://nobody@127.0.0.1:1/none"])
            .args(*args)
            .args(["--repo", "/nonexistent"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(64), "{args:?}: {stderr}");
        assert!(stderr.contains(flag), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("unexpected argument"),
            "{args:?}: {stderr}"
        );
    }
}

/// Every name pmc derives from a live name of the longest kind PostgreSQL allows (63 bytes)
/// is shortened to fit: the drill's scratch database, verify --deep's, the default restore
/// target and the old database's name under --replace.
#[tokio::test]
async fn every_derived_name_fits_a_63_byte_live_name() {
    let db = TestDb::with_fixtures(1).await;
    let repo = Repo::new();
    let manifest = repo.backup(&db, at(22, 3), None).await;
    let (live, live_url) = long_named_copy(&db, 63).await;
    let run = |args: &[&str]| {
        let out = pmc()
            .args(["--database-url", &live_url, "--json"])
            .args(args)
            .env("PMC_BACKUP_REPO", repo.path())
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        (
            out.status.code().unwrap(),
            report,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };

    // The backup is of `db`, named by its id: `latest` takes only backups of the live database.
    let drill = run(&["restore", &manifest.id, "--drill"]);
    let verified = run(&["backup", "verify", &manifest.id, "--deep"]);
    let replaced = run(&["restore", &manifest.id, "--replace", "--confirm", &live]);
    let left = db.databases(&live[..30]).await;
    for name in &left {
        db.drop_database(name).await;
    }

    let (code, report, stderr) = drill;
    assert_eq!(code, 0, "{stderr}\n{report:#}");
    let scratch = report["target_database"].as_str().unwrap();
    assert!(
        scratch.len() <= 63 && scratch.contains("_drill_"),
        "{scratch}"
    );

    let (code, report, stderr) = verified;
    assert_eq!(code, 0, "{stderr}\n{report:#}");
    let deep = texts(&report["checks"], "check");
    assert!(deep.contains(&"deep: row counts"), "{report:#}");

    let (code, report, stderr) = replaced;
    assert_eq!(code, 0, "{stderr}\n{report:#}");
    // The default target `<live>_restore_<ts>` was loaded and swapped in under the live name.
    assert_eq!(report["replace"]["state"], "done", "{report:#}");
    let old_name = report["replace"]["old_database"].as_str().unwrap();
    assert!(left.contains(&old_name.to_string()), "{left:?}");
    assert!(left.contains(&live), "{left:?}");
}

/// `latest` and `--before` choose among the live database's backups: in a repository two
/// databases shared, another database's newer backup is neither put in place of the live one
/// nor drilled for it, and a repository of another database's backups only is refused.
#[tokio::test]
async fn latest_never_takes_another_databases_backup() {
    let db = TestDb::with_fixtures(1).await;
    let other = TestDb::with_fixtures(1).await;
    let repo = Repo::new();
    repo.backup(&other, at(22, 3), None).await;
    for args in [
        &["--replace", "--confirm", &db.name][..],
        &["--drill"],
        &["--drill", "--before", "2026-11-23"],
    ] {
        let (code, _, stderr) = restore(&db, &repo, args);
        assert_eq!(code, 65, "{args:?}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "holds no backup of the database {:?}, only of {:?}",
                db.name, other.name
            )),
            "{stderr}"
        );
        assert_no_database_made(&db).await;
    }
    // With a backup of its own, older than the other's, that one is the latest.
    let mine = repo.backup(&db, at(21, 3), None).await;
    let (code, report, stderr) = restore(&db, &repo, &["--drill"]);
    assert_eq!(code, 0, "{stderr}\n{report:#}");
    assert_eq!(report["source"]["id"], mine.id.as_str(), "{report:#}");
}

/// A partitioned table: the backup counts its partitions' rows into the manifest, and the
/// restore's validation counts the same tables, so a drill of a good backup passes.
#[tokio::test]
async fn a_partitioned_table_validates() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    sqlx::raw_sql(
        "CREATE TABLE parted (id int, d date) PARTITION BY RANGE (d);
         CREATE TABLE parted_2026 PARTITION OF parted
             FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
         INSERT INTO parted SELECT g, '2026-05-01' FROM generate_series(1, 500) AS g;",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let repo = tempfile::tempdir().unwrap();
    let out = pmc()
        .args(["--database-url", &db.url, "backup", "-q", "--repo"])
        .arg(repo.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = pmc()
        .args([
            "--database-url",
            &db.url,
            "--json",
            "restore",
            "--drill",
            "--repo",
        ])
        .arg(repo.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{report:#}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let partition = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "row_count" && c["object"] == "public.parted_2026")
        .unwrap_or_else(|| panic!("{report:#}"));
    assert_eq!(partition["status"], "ok", "{partition:#}");
}

/// What pg_dump does not save of the database itself (owner, privileges, connection limit,
/// settings per database and per role in it) goes with --replace from the old live database to
/// the new one: without it the store's database would go live owned by pmc's role and open to
/// PUBLIC again.
#[tokio::test]
async fn replace_keeps_the_live_databases_owner_privileges_and_settings() {
    let db = TestDb::with_fixtures(1).await;
    let repo = Repo::new();
    repo.backup(&db, at(22, 3), None).await;
    let app = format!("app_{}", db.name);
    let mut admin = db.admin().await;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "CREATE ROLE {app} LOGIN;
         ALTER DATABASE {d} OWNER TO {app};
         REVOKE ALL ON DATABASE {d} FROM PUBLIC;
         GRANT CONNECT ON DATABASE {d} TO {app};
         ALTER DATABASE {d} CONNECTION LIMIT 50;
         ALTER DATABASE {d} SET statement_timeout = '7s';
         ALTER DATABASE {d} SET search_path = \"$user\", public;
         ALTER ROLE {app} IN DATABASE {d} SET search_path = '';
         ALTER ROLE {app} IN DATABASE {d} SET work_mem = '8MB';",
        d = db.name
    )))
    .execute(&mut admin)
    .await
    .unwrap();
    let properties = |name: String| {
        format!(
            "SELECT pg_get_userbyid(d.datdba)::text, coalesce(d.datacl::text[], '{{}}'), \
                    d.datconnlimit, \
                    coalesce((SELECT array_agg(coalesce(pg_get_userbyid(s.setrole), '') || ':' \
                                               || array_to_string(s.setconfig, ';') \
                                               ORDER BY s.setrole) \
                              FROM pg_db_role_setting AS s WHERE s.setdatabase = d.oid), '{{}}') \
             FROM pg_database AS d WHERE d.datname = '{name}'"
        )
    };
    type Properties = (String, Vec<String>, i32, Vec<String>);
    let before: Properties = sqlx::query_as(sqlx::AssertSqlSafe(properties(db.name.clone())))
        .fetch_one(&mut admin)
        .await
        .unwrap();

    let (code, report, stderr) = restore(&db, &repo, &["--replace", "--confirm", &db.name]);
    assert_eq!(code, 0, "{stderr}\n{report:#}");
    let after: Properties = sqlx::query_as(sqlx::AssertSqlSafe(properties(db.name.clone())))
        .fetch_one(&mut admin)
        .await
        .unwrap();
    assert_eq!(after, before);
    assert_eq!(after.0, app);
    assert_eq!(after.2, 50);

    let old = db.databases(&format!("{}_before_restore_", db.name)).await;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "ALTER DATABASE {d} OWNER TO CURRENT_USER; ALTER DATABASE {o} OWNER TO CURRENT_USER;
         ALTER ROLE {app} IN DATABASE {d} RESET ALL; DROP ROLE {app};",
        d = db.name,
        o = old[0]
    )))
    .execute(&mut admin)
    .await
    .unwrap();
    db.drop_database(&old[0]).await;
}

/// A custom-format FILE cut exactly between two tables' data blocks is as damaged as one cut
/// inside a block: exit 65, and the half-made target is dropped.
#[tokio::test]
async fn a_file_cut_between_two_tables_is_damaged() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    sqlx::raw_sql(
        "CREATE TABLE aaa_first (id int, note text);
         INSERT INTO aaa_first VALUES (1, 'first-table-row');
         CREATE TABLE zzz_last (id int, note text);
         INSERT INTO zzz_last VALUES (1, 'last-table-row');",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let dump = pg_dump(&db, &["--format=custom", "--compress=0"]);
    // A data block: type 1, the entry's id (a sign byte and 4 bytes), then chunks, each a length
    // (a sign byte and 4 bytes) and the COPY text: the row starts 11 bytes after its block.
    let row = b"1\tlast-table-row\n";
    let at = dump
        .windows(row.len())
        .position(|w| w == row)
        .expect("the row is in the dump");
    assert_eq!(dump[at - 11], 1, "not at a block start");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cut.dump");
    fs_err::write(&file, &dump[..at - 11]).unwrap();
    let repo = Repo::new();
    let target = format!("{}_cut", db.name);
    let (code, _, stderr) = restore(
        &db,
        &repo,
        &[file.to_str().unwrap(), "--target-db", &target],
    );
    assert_eq!(code, 65, "{stderr}");
    assert!(stderr.contains("ends before the data of"), "{stderr}");
    assert!(db.databases(&target).await.is_empty());
}

/// The disaster case: the live database is gone. The restore says how to go on (an empty
/// database of that name, then --replace), exit 69, nothing made.
#[tokio::test]
async fn a_missing_live_database_is_named_with_the_way_on() {
    let db = TestDb::with_fixtures(1).await;
    let repo = Repo::new();
    repo.backup(&db, at(22, 3), None).await;
    let gone = format!("{}_gone", db.name);
    let out = pmc()
        .args(["--database-url", &db.server_url(&gone), "restore"])
        .env("PMC_BACKUP_REPO", repo.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(69), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "create it empty (CREATE DATABASE \"{gone}\") and run `pmc restore --replace --confirm {gone}`"
        )),
        "{stderr}"
    );
    assert!(db.databases(&gone).await.is_empty());
}

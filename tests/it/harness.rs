//! The harness itself: test databases are separate and complete and go away when dropped, and
//! throwaway clusters leave nothing behind, even when their owner is killed.

use std::io::{BufRead as _, BufReader};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pmc::pg_cluster::{Cluster, PgBinaries};
use sqlx::Connection as _;

use crate::common::{TestDb, pmc};

/// The tables `sql/store/schema.sql` creates.
const STORE_TABLES: [&str; 12] = [
    "admin_users",
    "ai_styles",
    "brands",
    "colors",
    "fonts",
    "order_images",
    "orders",
    "payment_mappings",
    "phone_models",
    "templates",
    "vending_machine_sessions",
    "vending_machines",
];

/// Set in the re-invoked test binary that plays the owner to be killed.
const OWNER_VAR: &str = "PMC_HARNESS_CLUSTER_OWNER";

/// The line the owner prints once its cluster is up: `<marker> <port> <dir>`.
const OWNER_MARKER: &str = "pmc-harness-cluster";

async fn public_tables(url: &str) -> Vec<String> {
    let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
    let tables = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
    tables
}

fn listening(port: u16) -> bool {
    TcpStream::connect(("127.0.0.1", port)).is_ok()
}

/// Polls `condition` every 20 ms until it holds or `limit` passes; true if it held.
fn eventually(limit: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if condition() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[tokio::test]
async fn test_databases_are_separate_and_hold_the_store_tables() {
    let (a, b) = (TestDb::new().await, TestDb::new().await);
    assert_ne!(a.name, b.name);
    assert_ne!(a.url, b.url);
    for db in [&a, &b] {
        assert!(
            db.name
                .starts_with(&format!("pmc_test_{}_", std::process::id())),
            "{}",
            db.name
        );
        assert_eq!(public_tables(&db.url).await, STORE_TABLES, "{}", db.name);
    }

    let pool = a.pool().await;
    let current: String = sqlx::query_scalar("SELECT current_database()::text")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(current, a.name);
    sqlx::query("CREATE TABLE only_in_a (id int)")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    assert!(
        public_tables(&a.url)
            .await
            .contains(&"only_in_a".to_string())
    );
    assert_eq!(public_tables(&b.url).await, STORE_TABLES);
}

#[tokio::test]
async fn a_dropped_test_database_is_gone() {
    let db = TestDb::new().await;
    let name = db.name.clone();
    let admin_url = db.server_url("postgres");
    // A connection still open must not keep the database alive.
    let pool = db.pool().await;
    sqlx::query("SELECT 1").execute(&pool).await.unwrap();

    let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
    let count = "SELECT count(*) FROM pg_database WHERE datname = $1";
    let before: i64 = sqlx::query_scalar(count)
        .bind(&name)
        .fetch_one(&mut admin)
        .await
        .unwrap();
    assert_eq!(before, 1);
    drop(db);
    let after: i64 = sqlx::query_scalar(count)
        .bind(&name)
        .fetch_one(&mut admin)
        .await
        .unwrap();
    assert_eq!(after, 0, "{name} still exists");
    admin.close().await.unwrap();
}

#[tokio::test]
async fn legacy_and_fixture_templates_hold_their_extras() {
    let legacy = TestDb::legacy().await;
    let tables = public_tables(&legacy.url).await;
    assert!(
        STORE_TABLES
            .iter()
            .all(|t| tables.iter().any(|have| have == t)),
        "{tables:?}"
    );
    assert!(tables.iter().any(|t| t == "template_pricing"), "{tables:?}");

    let filled = TestDb::with_fixtures(1).await;
    assert_eq!(public_tables(&filled.url).await, STORE_TABLES);
    let pool = filled.pool().await;
    let orders: i64 = sqlx::query_scalar("SELECT count(*) FROM orders")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(orders > 1000, "{orders} orders at scale 1");
}

#[test]
fn a_stopped_cluster_leaves_nothing_behind() {
    let binaries = PgBinaries::locate().unwrap();
    let started = Instant::now();
    let cluster = Cluster::start(&binaries).unwrap();
    let elapsed = started.elapsed();
    eprintln!("cluster started in {elapsed:?}");
    let (dir, port) = (cluster.dir().to_path_buf(), cluster.port());
    assert!(cluster.data_dir().join("PG_VERSION").is_file());
    assert!(listening(port));
    assert_eq!(
        cluster.url("x"),
        format!("postgres://postgres@127.0.0.1:{port}/x")
    );
    assert!(format!("{cluster:?}").starts_with("Cluster { port: "));

    let stopping = Instant::now();
    cluster.stop().unwrap();
    eprintln!("cluster stopped and removed in {:?}", stopping.elapsed());
    assert!(!dir.exists(), "{} is still there", dir.display());
    assert!(!listening(port));
}

#[test]
fn a_dropped_cluster_leaves_nothing_behind() {
    let cluster = Cluster::start(&PgBinaries::locate().unwrap()).unwrap();
    let (dir, port) = (cluster.dir().to_path_buf(), cluster.port());
    assert!(dir.is_dir());
    drop(cluster);
    assert!(!dir.exists(), "{} is still there", dir.display());
    assert!(!listening(port));
}

#[test]
fn the_guard_tears_down_a_cluster_whose_owner_was_killed() {
    if std::env::var_os(OWNER_VAR).is_some() {
        return own_a_cluster_until_killed();
    }
    let test_name = format!(
        "{}::the_guard_tears_down_a_cluster_whose_owner_was_killed",
        module_path!()
            .split_once("::")
            .map_or(module_path!(), |(_, rest)| rest)
    );
    let stderr = tempfile::NamedTempFile::new().unwrap();
    let mut owner = Command::new(std::env::current_exe().unwrap())
        .args([
            test_name.as_str(),
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(OWNER_VAR, "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(stderr.reopen().unwrap())
        .spawn()
        .unwrap();
    // Read on a thread, so that a silent owner fails the test instead of hanging it.
    let stdout = owner.stdout.take().unwrap();
    let (lines, announcements) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            // libtest prints "test <name> ... " on the same line first.
            if let Some((_, rest)) = line.split_once(OWNER_MARKER)
                && let Some((port, dir)) = rest.trim().split_once(' ')
                && let Ok(port) = port.parse::<u16>()
            {
                let _ = lines.send((port, PathBuf::from(dir)));
            }
        }
    });
    let announced = announcements.recv_timeout(Duration::from_secs(60)).ok();
    let Some((port, dir)) = announced else {
        let _ = owner.kill();
        let _ = owner.wait();
        panic!(
            "the owner process did not start a cluster:\n{}",
            fs_err::read_to_string(stderr.path()).unwrap()
        );
    };
    assert!(dir.join("data").is_dir());
    assert!(listening(port));

    owner.kill().unwrap(); // SIGKILL: no Drop, no atexit, nothing.
    owner.wait().unwrap();
    assert!(
        eventually(Duration::from_secs(30), || !dir.exists()),
        "the guard did not remove {}",
        dir.display()
    );
    assert!(!listening(port), "the server still listens on {port}");
}

/// The owner's side: start a cluster, say where it is, then block until killed. If the parent
/// goes away instead, stdin reaches EOF and the cluster is dropped normally.
fn own_a_cluster_until_killed() {
    let cluster = Cluster::start(&PgBinaries::locate().unwrap()).unwrap();
    println!(
        "{OWNER_MARKER} {} {}",
        cluster.port(),
        cluster.dir().display()
    );
    let _ = std::io::stdin().read_line(&mut String::new());
    drop(cluster);
}

/// Uid of the `postgres` account, as `id` reports it.
fn postgres_uid() -> u32 {
    let out = Command::new("id")
        .args(["-u", "postgres"])
        .output()
        .unwrap();
    assert!(out.status.success(), "no postgres account");
    String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// The real and effective uid of a process, from /proc.
fn process_uids(pid: u32) -> (u32, u32) {
    let status = fs_err::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("Uid:")).unwrap();
    let ids: Vec<u32> = line
        .split_whitespace()
        .skip(1)
        .map(|id| id.parse().unwrap())
        .collect();
    (ids[0], ids[1])
}

#[test]
fn the_server_runs_as_postgres_when_we_are_root() {
    let cluster = Cluster::start(&PgBinaries::locate().unwrap()).unwrap();
    let me = rustix::process::geteuid();
    let expected = if me.is_root() {
        postgres_uid()
    } else {
        me.as_raw()
    };
    assert_eq!(process_uids(cluster.server_pid()), (expected, expected));
    let owner = fs_err::metadata(cluster.data_dir()).unwrap();
    assert_eq!(std::os::unix::fs::MetadataExt::uid(&owner), expected);
    cluster.stop().unwrap();
}

#[test]
fn pmc_runs_in_an_empty_home_with_a_scrubbed_environment() {
    let cmd = pmc();
    let home = cmd.home().to_path_buf();
    assert!(home.is_dir());
    assert_eq!(fs_err::read_dir(&home).unwrap().count(), 0);
    assert_eq!(cmd.get_current_dir(), Some(home.as_path()));
    let envs: Vec<_> = cmd
        .get_envs()
        .map(|(k, v)| (k.to_owned(), v.map(|v| v.to_owned())))
        .collect();
    let value = |key: &str| envs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    assert_eq!(value("NO_COLOR"), Some(Some("1".into())));
    assert_eq!(value("HOME"), Some(Some(home.clone().into_os_string())));
    for removed in [
        "RUST_BACKTRACE",
        "RUST_LIB_BACKTRACE",
        "DATABASE_URL",
        "API_BASE_URL",
    ] {
        assert_eq!(value(removed), Some(None), "{removed}");
    }
    assert_eq!(value("PATH"), None, "PATH is inherited");

    // The std form keeps all of it and keeps the directory on disk for the child.
    let std_cmd = Command::from(cmd);
    assert_eq!(std_cmd.get_current_dir(), Some(home.as_path()));
    assert!(
        std_cmd
            .get_envs()
            .any(|(k, v)| k == "DATABASE_URL" && v.is_none())
    );
    assert!(home.is_dir());
    fs_err::remove_dir(&home).unwrap();

    // Dropping the assert_cmd form removes its directory.
    let cmd = pmc();
    let home = cmd.home().to_path_buf();
    drop(cmd);
    assert!(!home.exists());
}

#[tokio::test]
async fn pmc_test_database_url_points_the_harness_at_another_server() {
    let bins = PgBinaries::locate().unwrap();
    let server = Cluster::start(&bins).unwrap();
    // Re-run one harness test in a child test process pointed at `server`.
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "harness::a_dropped_test_database_is_gone",
            "--test-threads=1",
        ])
        .env("PMC_TEST_DATABASE_URL", server.url("postgres"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 passed"));
    let mut admin = sqlx::PgConnection::connect(&server.url("postgres"))
        .await
        .unwrap();
    let names: Vec<String> = sqlx::query_scalar("SELECT datname::text FROM pg_database ORDER BY 1")
        .fetch_all(&mut admin)
        .await
        .unwrap();
    admin.close().await.unwrap();
    assert!(
        names.iter().any(|n| n.starts_with("pmc_tpl_")),
        "the child built its template there: {names:?}"
    );
    assert!(
        !names.iter().any(|n| n.starts_with("pmc_test_")),
        "and dropped its test database: {names:?}"
    );
    server.stop().unwrap();
}

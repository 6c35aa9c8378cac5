//! The integration-test harness: per-test databases cloned from prepared templates, and a
//! `pmc` command that sees none of the developer's own configuration.
//!
//! The server is `PMC_TEST_DATABASE_URL` when that is set, otherwise one throwaway cluster per
//! test process, kept in a `static`; its guard process removes it when the test binary exits.
//! Templates are built once per process and, on a shared server, once per schema version (their
//! names carry a hash of what went into them). Every `#[tokio::test]` has its own runtime, so
//! nothing here keeps a connection or pool across tests: statics hold only names and URLs.

use std::collections::BTreeMap;
use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use anyhow::Context as _;
use pmc::fixtures::{self, FixtureOptions};
use pmc::pg_cluster::{Cluster, PgBinaries};
use sqlx::postgres::{PgConnection, PgPool, PgPoolOptions};
use sqlx::{AssertSqlSafe, Connection as _};

/// Names a shared server to use instead of a private throwaway cluster. The role needs
/// CREATEDB; the URL's database is used for administration (e.g. `.../postgres`).
const SERVER_URL_VAR: &str = "PMC_TEST_DATABASE_URL";

/// Bump to rebuild every template on shared servers after a change to how they are built.
const TEMPLATE_FORMAT: u32 = 1;

/// A fresh database for one test, cloned from a template that holds the store schema.
///
/// Dropping it drops the database (terminating any connection still open).
#[derive(Debug)]
pub struct TestDb {
    /// URL of this test's database.
    pub url: String,
    /// The database's name, `pmc_test_<pid>_<n>`.
    pub name: String,
}

impl TestDb {
    /// An empty store: the 12 tables of `pmc::fixtures::STORE_SCHEMA`.
    pub async fn new() -> TestDb {
        TestDb::from_template(Template::Store).await
    }

    /// The store schema plus `pmc::fixtures::LEGACY_SCHEMA`.
    pub async fn legacy() -> TestDb {
        TestDb::from_template(Template::Legacy).await
    }

    /// The store schema filled by `pmc::fixtures::generate` at `scale`, with the fixed default
    /// `now` of `FixtureOptions::new` (no image files are written).
    pub async fn with_fixtures(scale: u32) -> TestDb {
        TestDb::from_template(Template::Fixtures(scale)).await
    }

    /// A small pool to this test's database. Make it in the test that uses it: a pool belongs
    /// to the runtime that made it.
    pub async fn pool(&self) -> PgPool {
        PgPoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(30))
            .connect(&self.url)
            .await
            .unwrap_or_else(|e| panic!("failed to connect to test database {}: {e}", self.name))
    }

    /// This database's URL for logging in as `role` with `password`.
    pub fn url_as(&self, role: &str, password: &str) -> String {
        let mut url = url::Url::parse(&self.url).expect("the test URL parses");
        url.set_username(role)
            .expect("a URL with a host takes a user");
        url.set_password(Some(password))
            .expect("a URL with a host takes a password");
        url.to_string()
    }

    /// URL of another database on the same server, e.g. `postgres` for creating roles.
    pub fn server_url(&self, database: &str) -> String {
        server().url(database)
    }

    /// A connection to the server's administration database, for CREATE and DROP DATABASE.
    pub async fn admin(&self) -> PgConnection {
        connect(&server().admin_url())
            .await
            .unwrap_or_else(|e| panic!("{e:#}"))
    }

    /// An empty database `name` on the test server, replacing one of that name.
    pub async fn create_database(&self, name: &str) {
        self.drop_database(name).await;
        let mut admin = self.admin().await;
        execute(&mut admin, format!("CREATE DATABASE {}", quoted(name)))
            .await
            .unwrap_or_else(|e| panic!("{e:#}"));
        let _ = admin.close().await;
    }

    /// Drops database `name` of the test server if it exists, ending its sessions.
    pub async fn drop_database(&self, name: &str) {
        let mut admin = self.admin().await;
        execute(
            &mut admin,
            format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", quoted(name)),
        )
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
        let _ = admin.close().await;
    }

    /// Databases of the test server whose name starts with `prefix`, sorted.
    pub async fn databases(&self, prefix: &str) -> Vec<String> {
        let mut admin = self.admin().await;
        let names = sqlx::query_scalar(
            "SELECT datname::text FROM pg_database WHERE starts_with(datname, $1) ORDER BY 1",
        )
        .bind(prefix)
        .fetch_all(&mut admin)
        .await
        .unwrap_or_else(|e| panic!("failed to list the databases: {e}"));
        let _ = admin.close().await;
        names
    }

    async fn from_template(template: Template) -> TestDb {
        let result = async {
            let server = server_async().await?;
            let template = template_name(template).await?;
            create_test_database(server, &template).await
        }
        .await;
        result.unwrap_or_else(|e| panic!("failed to create a test database: {e:#}"))
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        // Drop may run inside the test's runtime, which cannot block on a future: use a
        // thread with a runtime of its own.
        let admin = server().admin_url();
        let name = self.name.clone();
        let dropped = std::thread::spawn(move || -> anyhow::Result<()> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .context("failed to build a runtime")?;
            runtime.block_on(async {
                let mut admin = connect(&admin).await?;
                execute(
                    &mut admin,
                    format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                )
                .await?;
                let _ = admin.close().await;
                Ok(())
            })
        })
        .join();
        // Never panic here: Drop also runs while a failed test unwinds.
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("warning: failed to drop test database {}: {e:#}", self.name),
            Err(_) => eprintln!("warning: dropping test database {} panicked", self.name),
        }
    }
}

/// The server the tests use.
enum Server {
    /// `PMC_TEST_DATABASE_URL`.
    Shared(url::Url),
    /// Our own cluster; never dropped, its guard removes it when the process exits.
    Private(Cluster),
}

impl Server {
    fn url(&self, database: &str) -> String {
        match self {
            Server::Shared(base) => {
                let mut url = base.clone();
                url.set_path(&format!("/{database}"));
                url.to_string()
            }
            Server::Private(cluster) => cluster.url(database),
        }
    }

    /// URL of the database to run CREATE and DROP DATABASE from.
    fn admin_url(&self) -> String {
        match self {
            Server::Shared(base) => base.to_string(),
            Server::Private(cluster) => cluster.url("postgres"),
        }
    }
}

/// The process's server; errors are kept as text so every test reports the real cause.
static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();

/// The server, started on first use (blocking: the cluster starts with std::process).
fn try_server() -> anyhow::Result<&'static Server> {
    let server = SERVER.get_or_init(|| start_server().map_err(|e| format!("{e:#}")));
    server
        .as_ref()
        .map_err(|e| anyhow::anyhow!("no PostgreSQL server for the tests: {e}"))
}

/// The server, which exists once a [`TestDb`] does.
fn server() -> &'static Server {
    try_server().unwrap_or_else(|e| panic!("{e:#}"))
}

fn start_server() -> anyhow::Result<Server> {
    if let Some(url) = std::env::var_os(SERVER_URL_VAR) {
        let url = url
            .into_string()
            .map_err(|_| anyhow::anyhow!("{SERVER_URL_VAR} is not valid UTF-8"))?;
        let url =
            url::Url::parse(&url).with_context(|| format!("{SERVER_URL_VAR} is not a URL"))?;
        return Ok(Server::Shared(url));
    }
    let binaries = PgBinaries::locate()?;
    let cluster = Cluster::start_in(&binaries, &cluster_parent())
        .context("failed to start the test cluster")?;
    Ok(Server::Private(cluster))
}

/// Where the test cluster lives: `/dev/shm` when it has room, since on a memory file system
/// `initdb` is about 3 times and `CREATE DATABASE … TEMPLATE` about 10 times faster than on
/// a disk (measured: 0.4 s and 20 ms against 1.25 s and 250 ms). Docker gives containers a
/// 64 MB `/dev/shm` by default, too small, so the free space decides.
fn cluster_parent() -> std::path::PathBuf {
    const MIN_FREE_BYTES: u64 = 2 << 30;
    let shm = Path::new("/dev/shm");
    let roomy = rustix::fs::statvfs(shm)
        .is_ok_and(|fs| fs.f_bavail.saturating_mul(fs.f_frsize) >= MIN_FREE_BYTES);
    let writable = rustix::fs::access(shm, rustix::fs::Access::WRITE_OK).is_ok();
    if roomy && writable {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

/// [`try_server`] from async code, off the runtime's thread while the cluster starts.
async fn server_async() -> anyhow::Result<&'static Server> {
    tokio::task::spawn_blocking(try_server)
        .await
        .context("the server start-up task failed")?
}

/// What a template holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Template {
    Store,
    Legacy,
    Fixtures(u32),
}

impl Template {
    /// `pmc_tpl_<hash>`: the hash covers everything that goes into the template, so a shared
    /// server reuses a template from an earlier run only while it would come out the same.
    fn database_name(self) -> String {
        format!("pmc_tpl_{:016x}", self.hash())
    }

    fn hash(self) -> u64 {
        let mut hash = Fnv1a::new();
        hash.write(&TEMPLATE_FORMAT.to_le_bytes());
        hash.write(fixtures::STORE_SCHEMA.as_bytes());
        match self {
            Template::Store => hash.write(b"store"),
            Template::Legacy => {
                hash.write(b"legacy");
                hash.write(fixtures::LEGACY_SCHEMA.as_bytes());
            }
            Template::Fixtures(scale) => {
                hash.write(b"fixtures");
                hash.write(&scale.to_le_bytes());
                hash.write(FixtureOptions::new(scale).now.to_rfc3339().as_bytes());
                for (file, sql) in fixtures::SQL_FILES {
                    hash.write(file.as_bytes());
                    hash.write(sql.as_bytes());
                }
            }
        }
        hash.finish()
    }

    async fn fill(self, conn: &mut PgConnection) -> anyhow::Result<()> {
        match self {
            Template::Store => fixtures::apply_schema(conn, false).await,
            Template::Legacy => fixtures::apply_schema(conn, true).await,
            Template::Fixtures(scale) => {
                fixtures::apply_schema(conn, false).await?;
                fixtures::generate(conn, &FixtureOptions::new(scale)).await?;
                Ok(())
            }
        }
    }
}

/// FNV-1a, 64 bits: a hash that stays the same across Rust versions, unlike std's.
struct Fnv1a(u64);

impl Fnv1a {
    fn new() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        self.0 = (self.0 ^ 0xff).wrapping_mul(0x0100_0000_01b3);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// One cell per template kind; a cell holds only the template's name once it is built.
type TemplateCells = BTreeMap<Template, Arc<tokio::sync::OnceCell<String>>>;
static TEMPLATES: Mutex<TemplateCells> = Mutex::new(BTreeMap::new());

/// The name of a built template, building it on first use in this process.
async fn template_name(template: Template) -> anyhow::Result<String> {
    let cell = {
        let mut cells = TEMPLATES
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        cells.entry(template).or_default().clone()
    };
    // Concurrent callers wait for the first; if it fails, the next one tries again.
    cell.get_or_try_init(|| build_template(template))
        .await
        .cloned()
}

/// Builds `template` unless the server already has it.
///
/// An advisory lock serializes builders across processes that share a server. The template
/// is filled under a temporary name and renamed when complete, so a crashed build never
/// leaves a half-filled template behind, and it refuses connections afterwards, so nothing
/// can block the clones.
async fn build_template(template: Template) -> anyhow::Result<String> {
    let server = server_async().await?;
    let name = template.database_name();
    let mut admin = connect(&server.admin_url()).await?;
    // The lock key is the template's hash, so different templates build in parallel.
    let key = i64::from_ne_bytes(template.hash().to_ne_bytes());
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(key)
        .execute(&mut admin)
        .await
        .context("failed to take the template lock")?;
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(&name)
            .fetch_one(&mut admin)
            .await
            .context("failed to look for the template")?;
    if !exists {
        let building = format!("{name}_new");
        execute(
            &mut admin,
            format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"),
        )
        .await?;
        execute(
            &mut admin,
            format!("CREATE DATABASE {building} TEMPLATE template0"),
        )
        .await?;
        let mut conn = connect(&server.url(&building)).await?;
        template
            .fill(&mut conn)
            .await
            .with_context(|| format!("failed to fill template {name} ({template:?})"))?;
        conn.close()
            .await
            .context("failed to close the template connection")?;
        // RENAME waits (up to 5 s) for our just-closed session to go away.
        retry_in_use(
            &mut admin,
            format!("ALTER DATABASE {building} RENAME TO {name}"),
        )
        .await?;
        execute(
            &mut admin,
            format!("ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false"),
        )
        .await?;
    }
    // Closing the session releases the lock too, but an explicit unlock says so.
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(key)
        .execute(&mut admin)
        .await
        .context("failed to release the template lock")?;
    let _ = admin.close().await;
    Ok(name)
}

/// Counter behind the `<n>` of `pmc_test_<pid>_<n>`.
static NEXT_DATABASE: AtomicU64 = AtomicU64::new(1);

async fn create_test_database(server: &'static Server, template: &str) -> anyhow::Result<TestDb> {
    let mut admin = connect(&server.admin_url()).await?;
    let pid = std::process::id();
    loop {
        let name = format!(
            "pmc_test_{pid}_{}",
            NEXT_DATABASE.fetch_add(1, Ordering::Relaxed)
        );
        let created = retry_in_use(
            &mut admin,
            format!("CREATE DATABASE {name} TEMPLATE {template}"),
        )
        .await;
        match created {
            Ok(()) => {
                let _ = admin.close().await;
                return Ok(TestDb {
                    url: server.url(&name),
                    name,
                });
            }
            // Left over on a shared server by an earlier run whose pid was the same: that run
            // is gone, but the name may be in use by something else, so pick the next one.
            Err(e) if sqlstate(&e).as_deref() == Some("42P04") => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Runs `sql`, retrying while PostgreSQL reports that a database involved "is being accessed
/// by other users" (a session that has just closed can take a moment to end).
async fn retry_in_use(conn: &mut PgConnection, sql: String) -> anyhow::Result<()> {
    let mut attempts = 0;
    loop {
        match execute(conn, sql.clone()).await {
            Err(e) if sqlstate(&e).as_deref() == Some("55006") && attempts < 20 => {
                attempts += 1;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            other => return other,
        }
    }
}

/// `name` as an SQL identifier.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

async fn execute(conn: &mut PgConnection, sql: String) -> anyhow::Result<()> {
    sqlx::query(AssertSqlSafe(sql.clone()))
        .execute(conn)
        .await
        .with_context(|| format!("failed to run `{sql}`"))?;
    Ok(())
}

async fn connect(url: &str) -> anyhow::Result<PgConnection> {
    PgConnection::connect(url)
        .await
        .with_context(|| format!("failed to connect to {}", without_password(url)))
}

/// `url` for messages: a shared server's URL may carry a password.
fn without_password(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(_) => url.to_string(),
        Err(_) => "the test server".to_string(),
    }
}

/// The SQLSTATE of a database error somewhere in the chain.
fn sqlstate(err: &anyhow::Error) -> Option<String> {
    err.chain().find_map(|cause| {
        let code = cause
            .downcast_ref::<sqlx::Error>()?
            .as_database_error()?
            .code()?;
        Some(code.into_owned())
    })
}

/// A `pmc` command that sees none of the developer's own configuration. Derefs to
/// `assert_cmd::Command`; `std::process::Command::from(pmc())` gives a spawnable command.
///
/// The environment loses `RUST_BACKTRACE`, `RUST_LIB_BACKTRACE`, `DATABASE_URL`,
/// `API_BASE_URL`, the XDG base directories and every `PMC_*` and `CHINESE_API_*` variable;
/// `NO_COLOR=1` is set; `HOME` and the working directory are a fresh empty directory, removed
/// when the command is dropped. PATH is kept.
pub struct Pmc {
    command: assert_cmd::Command,
    home: tempfile::TempDir,
}

/// See [`Pmc`].
pub fn pmc() -> Pmc {
    let home = tempfile::Builder::new()
        .prefix("pmc-home-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("failed to create an empty home directory for pmc");
    let mut command = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("pmc"));
    for (key, _) in std::env::vars_os() {
        let Some(key) = key.to_str() else { continue };
        if key.starts_with("PMC_") || key.starts_with("CHINESE_API_") {
            command.env_remove(key);
        }
    }
    for key in [
        "RUST_BACKTRACE",
        "RUST_LIB_BACKTRACE",
        "DATABASE_URL",
        "API_BASE_URL",
        // directories::ProjectDirs prefers these to HOME.
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_STATE_HOME",
        "XDG_CACHE_HOME",
    ] {
        command.env_remove(key);
    }
    command
        .env("NO_COLOR", "1")
        .env("HOME", home.path())
        .current_dir(home.path());
    Pmc { command, home }
}

impl Pmc {
    /// The empty directory that is `HOME` and the working directory.
    pub fn home(&self) -> &Path {
        self.home.path()
    }
}

impl Deref for Pmc {
    type Target = assert_cmd::Command;

    fn deref(&self) -> &Self::Target {
        &self.command
    }
}

impl DerefMut for Pmc {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.command
    }
}

/// For tests that spawn pmc and signal it. Carries the program, arguments, environment and
/// working directory (not `write_stdin` or `timeout`, which std does not have). The home
/// directory is kept on disk, under Cargo's target tmp directory, since the `Command` cannot
/// own it.
impl From<Pmc> for std::process::Command {
    fn from(pmc: Pmc) -> Self {
        let mut command = std::process::Command::new(pmc.command.get_program());
        command.args(pmc.command.get_args());
        for (key, value) in pmc.command.get_envs() {
            match value {
                Some(value) => command.env(key, value),
                None => command.env_remove(key),
            };
        }
        if let Some(dir) = pmc.command.get_current_dir() {
            command.current_dir(dir);
        }
        let _ = pmc.home.keep();
        command
    }
}

/// The `field` of each object in the JSON array `array`, as text (panics on anything else).
pub fn texts<'a>(array: &'a serde_json::Value, field: &str) -> Vec<&'a str> {
    array
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {array}"))
        .iter()
        .map(|item| {
            item[field]
                .as_str()
                .unwrap_or_else(|| panic!("no text {field} in {item}"))
        })
        .collect()
}

/// Runs `pmc --database-url <db> <args...> --json`; returns the exit code and the report.
/// Panics, with pmc's stderr, when stdout is not JSON.
pub fn pmc_json(db: &TestDb, args: &[&str]) -> (i32, serde_json::Value) {
    let out = pmc()
        .args(["--database-url", &db.url])
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    let code = out.status.code().expect("pmc was killed by a signal");
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "pmc {args:?} printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, json)
}

/// Waits until `check` holds, polling every 20 ms; panics naming `what` after 60 s. For
/// waiting on another process (a lock taken, a row written), never for time to pass.
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while !check().await {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A session of its own holding an ACCESS EXCLUSIVE lock on `table` in an open transaction,
/// so a test can make pmc meet a locked table. End it with ROLLBACK or COMMIT, or drop it.
pub async fn hold_table_lock(db: &TestDb, table: &str) -> PgConnection {
    let mut holder = PgConnection::connect(&db.url).await.unwrap();
    sqlx::raw_sql(AssertSqlSafe(format!(
        "BEGIN; LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"
    )))
    .execute(&mut holder)
    .await
    .unwrap();
    holder
}

/// Sends `signal` to the running `child` (Ctrl-C is `Signal::INT`).
pub fn send_signal(child: &std::process::Child, signal: rustix::process::Signal) {
    let pid = rustix::process::Pid::from_raw(child.id() as i32).expect("a child has a pid");
    rustix::process::kill_process(pid, signal).expect("the child is still running");
}

/// `pmc --database-url URL ARGS…` started in the background, stdout and stderr piped, for a
/// test that signals it mid-run.
pub fn spawn_pmc(url: &str, args: &[&str]) -> std::process::Child {
    std::process::Command::from(pmc())
        .args(["--database-url", url])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("pmc starts")
}

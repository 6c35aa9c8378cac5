//! Throwaway PostgreSQL clusters for `pmc demo` and the integration tests: `initdb` into a
//! fresh temporary directory, a server on a free loopback port with durability switched off,
//! and removal of everything afterwards, also when the owning process dies without unwinding.
//!
//! Teardown has two paths. [`Cluster::stop`] and `Drop` stop the server themselves (SIGQUIT,
//! PostgreSQL's immediate shutdown), wait for it, remove the directory and then dismiss the
//! guard. The guard is a small `sh` process started before `initdb`; its stdin is a pipe whose
//! only write end this process holds (std opens pipes close-on-exec, so nothing we spawn, such
//! as a `pmc` under test, inherits it). When this process dies in any way (SIGKILL, a test
//! binary exiting with the cluster in a `static`, Ctrl-C) the kernel closes that end, the guard
//! reads EOF, runs `pg_ctl stop -m immediate` and removes the directory.

use std::fmt;
use std::io::Write as _;
use std::net::{Ipv4Addr, TcpListener};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, anyhow, bail};

/// The address the server listens on; nothing else on the machine or network can reach it.
const HOST: &str = "127.0.0.1";

/// How long the server may take to accept connections, and to stop.
const SERVER_TIMEOUT: Duration = Duration::from_secs(30);

/// Interval between readiness checks: startup takes about 100 ms after `initdb`, so a short
/// interval keeps the wait close to the real startup time.
const POLL_INTERVAL: Duration = Duration::from_millis(20);

/// How many lines of a log an error quotes.
const LOG_TAIL_LINES: usize = 15;

/// Where the versioned server packages of Debian and Ubuntu install their binaries.
const VERSIONED_ROOT: &str = "/usr/lib/postgresql";

/// The guard's program, run as `sh -c GUARD_SCRIPT pmc-pg-guard <pg_ctl> <dir>`.
///
/// INT and HUP are ignored so that a Ctrl-C or a closed terminal cannot end the guard before
/// it has cleaned up; `disarm` on stdin means the owner has already cleaned up itself. The
/// `case` refuses to remove anything that is not one of our temporary directories.
const GUARD_SCRIPT: &str = r#"trap '' INT HUP
read -r word
[ "$word" = disarm ] && exit 0
case "$2" in */pmc-pg-*) ;; *) exit 1 ;; esac
"$1" stop -D "$2/data" -m immediate -w -t 30 >/dev/null 2>&1
rm -rf -- "$2"
"#;

/// Where the PostgreSQL server binaries live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgBinaries {
    /// The directory holding `initdb`, `postgres`, `pg_ctl` and the client tools.
    pub bin_dir: PathBuf,
}

impl PgBinaries {
    /// Finds the server binaries: `PMC_PG_BIN` if set (and then only there), else
    /// `pg_config --bindir` if that directory has `initdb` and `postgres`, else the newest
    /// `/usr/lib/postgresql/<N>/bin` that has them.
    ///
    /// The error says what to install.
    pub fn locate() -> Result<Self> {
        let explicit = std::env::var_os("PMC_PG_BIN")
            .filter(|value| !value.is_empty())
            .map(PathBuf::from);
        locate_in(explicit, pg_config_bindir, Path::new(VERSIONED_ROOT))
    }

    /// The path of one of the PostgreSQL programs, e.g. `"pg_dump"` or `"psql"`.
    pub fn tool(&self, name: &str) -> PathBuf {
        self.bin_dir.join(name)
    }
}

/// [`PgBinaries::locate`] with its sources passed in, so tests need not touch the process
/// environment: the `PMC_PG_BIN` value, a way to ask `pg_config` (only called when needed)
/// and the directory holding one folder per major version.
fn locate_in(
    explicit: Option<PathBuf>,
    pg_config: impl FnOnce() -> Option<PathBuf>,
    versions_root: &Path,
) -> Result<PgBinaries> {
    // An explicit choice is never second-guessed: falling back to another installation would
    // hide a typo and run a server version the operator did not ask for.
    if let Some(dir) = explicit {
        if has_server_binaries(&dir) {
            return Ok(PgBinaries { bin_dir: dir });
        }
        bail!(
            "PMC_PG_BIN is {}, which has no initdb and postgres: install postgresql-15 or point \
             PMC_PG_BIN at the directory that holds them",
            dir.display()
        );
    }
    if let Some(dir) = pg_config().filter(|dir| has_server_binaries(dir)) {
        return Ok(PgBinaries { bin_dir: dir });
    }
    if let Some(dir) = newest_versioned_bin_dir(versions_root) {
        return Ok(PgBinaries { bin_dir: dir });
    }
    bail!(
        "no PostgreSQL server binaries found (looked in PMC_PG_BIN, pg_config --bindir, {}/*/bin): \
         install postgresql-15 or set PMC_PG_BIN",
        versions_root.display()
    )
}

fn has_server_binaries(dir: &Path) -> bool {
    ["initdb", "postgres"]
        .iter()
        .all(|name| dir.join(name).is_file())
}

/// `pg_config --bindir`, if `pg_config` is on PATH. Debian's `pg_config` comes with the client
/// libraries, so its answer may name a directory without the server: the caller checks.
fn pg_config_bindir() -> Option<PathBuf> {
    let output = Command::new("pg_config")
        .arg("--bindir")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let dir = text.trim();
    (!dir.is_empty()).then(|| PathBuf::from(dir))
}

/// The `bin` folder of the highest version under `root` (`root/15/bin`, `root/9.6/bin`, …)
/// that has the server binaries. Versions compare numerically, so 15 beats 9.6.
fn newest_versioned_bin_dir(root: &Path) -> Option<PathBuf> {
    fs_err::read_dir(root)
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version: Vec<u32> = entry
                .file_name()
                .to_str()?
                .split('.')
                .map(|part| part.parse().ok())
                .collect::<Option<_>>()?;
            let bin = entry.path().join("bin");
            has_server_binaries(&bin).then_some((version, bin))
        })
        .max_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, bin)| bin)
}

/// The account the server runs as when we are root (PostgreSQL refuses to run as root).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Account {
    uid: u32,
    gid: u32,
}

/// `Some(postgres account)` when running as root, `None` otherwise.
fn server_account() -> Result<Option<Account>> {
    if !rustix::process::geteuid().is_root() {
        return Ok(None);
    }
    postgres_account().map(Some)
}

fn postgres_account() -> Result<Account> {
    if let Ok(passwd) = fs_err::read_to_string("/etc/passwd")
        && let Some(account) = passwd_account(&passwd, "postgres")
    {
        return Ok(account);
    }
    // Accounts served by NSS (LDAP, sssd) are not in /etc/passwd; `id` asks NSS.
    let id = |flag: &str| -> Option<u32> {
        let output = Command::new("id")
            .args([flag, "postgres"])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        if !output.status.success() {
            return None;
        }
        String::from_utf8(output.stdout).ok()?.trim().parse().ok()
    };
    match (id("-u"), id("-g")) {
        (Some(uid), Some(gid)) => Ok(Account { uid, gid }),
        _ => bail!(
            "running as root, but there is no postgres account to run the server as (PostgreSQL \
             refuses to run as root): install postgresql-15, which creates it, or run as an \
             ordinary user"
        ),
    }
}

/// The uid and gid of `user` in passwd(5) text.
fn passwd_account(passwd: &str, user: &str) -> Option<Account> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        if fields.next()? != user {
            return None;
        }
        let _password = fields.next()?;
        let uid = fields.next()?.parse().ok()?;
        let gid = fields.next()?.parse().ok()?;
        Some(Account { uid, gid })
    })
}

/// A running throwaway cluster: user `postgres`, trust authentication, loopback only.
///
/// Everything lives in one temporary directory (`pmc-pg-*`): the data directory, the Unix
/// socket and the logs. [`Cluster::stop`] or dropping it stops the server and removes the
/// directory; if this process dies first, the guard process does it.
pub struct Cluster {
    /// The temporary directory; `None` once removed.
    tempdir: Option<tempfile::TempDir>,
    dir: PathBuf,
    data_dir: PathBuf,
    port: u16,
    pid: u32,
    account: Option<Account>,
    /// The postmaster; `None` before launch and once stopped.
    server: Option<Child>,
    guard: Option<Guard>,
}

/// The guard process and the write end of its stdin.
struct Guard {
    process: Child,
    pipe: Option<ChildStdin>,
}

/// Why a launch failed: the port being taken is worth one retry with another port.
enum LaunchError {
    PortTaken(anyhow::Error),
    Other(anyhow::Error),
}

impl From<anyhow::Error> for LaunchError {
    fn from(err: anyhow::Error) -> Self {
        LaunchError::Other(err)
    }
}

impl LaunchError {
    fn into_inner(self) -> anyhow::Error {
        match self {
            LaunchError::PortTaken(err) | LaunchError::Other(err) => err,
        }
    }
}

impl Cluster {
    /// Runs `initdb`, starts the server and waits until it accepts connections.
    ///
    /// The cluster lives in a new directory in the system's temporary directory (`TMPDIR`,
    /// else `/tmp`). Blocking (std::process and short sleeps); async callers use
    /// `spawn_blocking`. Takes 0.5–1.5 s, nearly all of it `initdb`. As root, the server runs
    /// as the `postgres` account.
    pub fn start(bins: &PgBinaries) -> Result<Cluster> {
        Cluster::start_in(bins, &std::env::temp_dir())
    }

    /// [`Cluster::start`] with the cluster's directory created inside `parent`.
    ///
    /// On a memory file system (`/dev/shm`) `initdb` and `CREATE DATABASE` run several times
    /// faster than on a disk, which is what the test harness wants; the data then uses RAM.
    pub fn start_in(bins: &PgBinaries, parent: &Path) -> Result<Cluster> {
        let account = server_account()?;
        let tempdir = tempfile::Builder::new()
            .prefix("pmc-pg-")
            .tempdir_in(parent)
            .with_context(|| {
                format!(
                    "failed to create a directory for the PostgreSQL cluster in {}",
                    parent.display()
                )
            })?;
        let dir = tempdir.path().to_path_buf();
        if let Some(account) = account {
            fs_err::os::unix::fs::chown(&dir, Some(account.uid), Some(account.gid))
                .context("failed to hand the cluster directory to the postgres account")?;
        }
        // From here on, an early return drops `cluster`, which cleans up whatever exists.
        let mut cluster = Cluster {
            tempdir: Some(tempdir),
            data_dir: dir.join("data"),
            dir,
            port: 0,
            pid: 0,
            account,
            server: None,
            guard: None,
        };
        cluster.guard = Some(cluster.spawn_guard(bins)?);
        cluster.initdb(bins)?;
        match cluster.launch(bins) {
            Ok(()) => {}
            // Another process can take the port between our probe and the server's bind.
            Err(LaunchError::PortTaken(err)) => {
                tracing::debug!("{err:#}; retrying with another port");
                cluster.launch(bins).map_err(LaunchError::into_inner)?;
            }
            Err(LaunchError::Other(err)) => return Err(err),
        }
        Ok(cluster)
    }

    /// The TCP port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The address the server listens on: `127.0.0.1`.
    pub fn host(&self) -> &str {
        HOST
    }

    /// The data directory (inside the cluster's temporary directory).
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The cluster's temporary directory: data directory, Unix socket, `initdb.log` and
    /// `server.log`. It is gone after teardown.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The process id of the postmaster.
    pub fn server_pid(&self) -> u32 {
        self.pid
    }

    /// URL for `database` as user `postgres` (trust authentication, no password):
    /// `postgres://postgres@127.0.0.1:PORT/<database>`.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@{HOST}:{}/{database}", self.port)
    }

    /// Stops the server (immediate shutdown), waits for it and removes the directory,
    /// reporting any failure. Dropping the cluster does the same but only logs failures.
    pub fn stop(mut self) -> Result<()> {
        self.teardown()
    }

    /// A command for a server program, run as the postgres account when we are root.
    fn command(&self, program: &Path) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(&self.dir).stdin(Stdio::null());
        if let Some(account) = self.account {
            // Root's HOME is usually unreadable for postgres; give it the cluster directory.
            cmd.uid(account.uid).gid(account.gid).env("HOME", &self.dir);
        }
        cmd
    }

    fn spawn_guard(&self, bins: &PgBinaries) -> Result<Guard> {
        let mut cmd = Command::new("/bin/sh");
        cmd.args(["-c", GUARD_SCRIPT, "pmc-pg-guard"])
            .arg(bins.tool("pg_ctl"))
            .arg(&self.dir)
            .current_dir("/")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so a Ctrl-C meant for us does not reach it.
            .process_group(0);
        if let Some(account) = self.account {
            // pg_ctl refuses to run as root; the directory belongs to postgres anyway.
            cmd.uid(account.uid).gid(account.gid).env("HOME", &self.dir);
        }
        let mut process = cmd
            .spawn()
            .context("failed to start the cluster's guard process (/bin/sh)")?;
        let pipe = process.stdin.take();
        Ok(Guard { process, pipe })
    }

    fn initdb(&self, bins: &PgBinaries) -> Result<()> {
        let log_path = self.dir.join("initdb.log");
        let (stdout, stderr) = log_file(&log_path)?;
        let program = bins.tool("initdb");
        let status = self
            .command(&program)
            .arg("-D")
            .arg(&self.data_dir)
            .args(["-A", "trust", "-U", "postgres"])
            .args(["-E", "UTF8", "--locale=C.UTF-8"])
            .args(["--no-sync", "--no-instructions"])
            .stdout(stdout)
            .stderr(stderr)
            .status()
            .with_context(|| format!("failed to run {}", program.display()))?;
        if !status.success() {
            bail!(
                "initdb failed ({status}); last lines of {}:\n{}",
                log_path.display(),
                log_tail(&log_path)
            );
        }
        Ok(())
    }

    /// Starts the server on a free port and waits until it accepts connections.
    fn launch(&mut self, bins: &PgBinaries) -> Result<(), LaunchError> {
        let port = free_port()?;
        let log_path = self.dir.join("server.log");
        // Truncates the log of a failed first attempt, so its tail describes this attempt.
        let (stdout, stderr) = log_file(&log_path)?;
        let program = bins.tool("postgres");
        let mut cmd = self.command(&program);
        cmd.arg("-D")
            .arg(&self.data_dir)
            .arg("-k")
            .arg(&self.dir)
            .arg("-p")
            .arg(port.to_string())
            .args(["-c", "listen_addresses=127.0.0.1"])
            .args(["-c", "fsync=off", "-c", "synchronous_commit=off"])
            .args(["-c", "full_page_writes=off", "-c", "max_connections=200"])
            .stdout(stdout)
            .stderr(stderr)
            // Its own process group, so a Ctrl-C meant for us does not start a second,
            // competing shutdown: we (or the guard) stop it.
            .process_group(0);
        let server = cmd
            .spawn()
            .with_context(|| format!("failed to run {}", program.display()))?;
        self.pid = server.id();
        self.port = port;
        self.server = Some(server);
        self.wait_ready(bins, &log_path)
    }

    fn wait_ready(&mut self, bins: &PgBinaries, log_path: &Path) -> Result<(), LaunchError> {
        let pg_isready = bins.tool("pg_isready");
        // A full conninfo, so PGSSLMODE and friends in the environment cannot change the probe.
        let conninfo = format!(
            "host={HOST} port={} user=postgres dbname=postgres sslmode=disable connect_timeout=5",
            self.port
        );
        let deadline = Instant::now() + SERVER_TIMEOUT;
        loop {
            let server = self.server.as_mut().context("the server was not started")?;
            let exited = server
                .try_wait()
                .context("failed to check on the PostgreSQL server process")?;
            if let Some(status) = exited {
                self.server = None;
                let tail = log_tail(log_path);
                let err = anyhow!(
                    "the PostgreSQL server exited during startup ({status}); last lines of {}:\n{tail}",
                    log_path.display()
                );
                return Err(if port_was_taken(&tail) {
                    LaunchError::PortTaken(err)
                } else {
                    LaunchError::Other(err)
                });
            }
            let probe = Command::new(&pg_isready)
                .args(["-q", "-d", &conninfo])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .with_context(|| format!("failed to run {}", pg_isready.display()))?;
            if probe.success() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                // The caller drops the cluster, which stops the server.
                return Err(LaunchError::Other(anyhow!(
                    "the PostgreSQL server did not accept connections within {}s; last lines of {}:\n{}",
                    SERVER_TIMEOUT.as_secs(),
                    log_path.display(),
                    log_tail(log_path)
                )));
            }
            std::thread::sleep(POLL_INTERVAL);
        }
    }

    /// Stops the server, removes the directory, then dismisses the guard. Runs at most once;
    /// later calls find nothing left to do.
    fn teardown(&mut self) -> Result<()> {
        let stopped = self.stop_server();
        let removed = if stopped.is_ok() {
            self.remove_dir()
        } else {
            // The server may still run: leave the files to the guard, whose pg_ctl stop is
            // the second attempt, and keep TempDir's own Drop from removing them under it.
            if let Some(tempdir) = self.tempdir.take() {
                let _ = tempdir.keep();
            }
            Ok(())
        };
        let cleaned_up = stopped.is_ok() && removed.is_ok();
        // Only now may the guard go: had we died during the steps above, it would have
        // finished them. If they failed, closing its pipe without `disarm` makes it try.
        let released = self.release_guard(cleaned_up);
        stopped.and(removed).and(released)
    }

    fn stop_server(&mut self) -> Result<()> {
        let Some(mut server) = self.server.take() else {
            return Ok(());
        };
        let exited = server
            .try_wait()
            .context("failed to check on the PostgreSQL server process")?;
        if exited.is_some() {
            return Ok(());
        }
        // SIGQUIT is PostgreSQL's immediate shutdown: no checkpoint, since nothing in a
        // throwaway cluster is worth writing out.
        let pid = rustix::process::Pid::from_child(&server);
        match rustix::process::kill_process(pid, rustix::process::Signal::QUIT) {
            Ok(()) | Err(rustix::io::Errno::SRCH) => {}
            Err(err) => {
                return Err(std::io::Error::from(err)).with_context(|| {
                    format!("failed to signal the PostgreSQL server (pid {})", self.pid)
                });
            }
        }
        let deadline = Instant::now() + SERVER_TIMEOUT;
        loop {
            let exited = server
                .try_wait()
                .context("failed to wait for the PostgreSQL server to stop")?;
            if exited.is_some() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                let _ = server.kill();
                let _ = server.wait();
                bail!(
                    "the PostgreSQL server (pid {}) did not stop within {}s and was killed",
                    self.pid,
                    SERVER_TIMEOUT.as_secs()
                );
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn remove_dir(&mut self) -> Result<()> {
        let Some(tempdir) = self.tempdir.take() else {
            return Ok(());
        };
        let path = tempdir.keep();
        match fs_err::remove_dir_all(&path) {
            Ok(()) => Ok(()),
            // Already gone is the goal, whoever removed it.
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(err) => Err(err).context("failed to remove the cluster's files"),
        }
    }

    fn release_guard(&mut self, disarm: bool) -> Result<()> {
        let Some(mut guard) = self.guard.take() else {
            return Ok(());
        };
        if let Some(mut pipe) = guard.pipe.take()
            && disarm
        {
            // A failed write means the guard is gone already, which is fine.
            let _ = pipe.write_all(b"disarm\n");
        }
        guard
            .process
            .wait()
            .context("failed to wait for the cluster's guard process")?;
        Ok(())
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if let Err(err) = self.teardown() {
            tracing::warn!("failed to tear down the throwaway PostgreSQL cluster: {err:#}");
        }
    }
}

impl fmt::Debug for Cluster {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cluster")
            .field("port", &self.port)
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// A loopback port nobody listens on right now (the OS picks it).
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .context("failed to find a free port on 127.0.0.1")?;
    Ok(listener
        .local_addr()
        .context("failed to read the probed port")?
        .port())
}

/// Whether a server log says the port was taken. The server's messages are in English: the
/// cluster's `lc_messages` is C.UTF-8.
fn port_was_taken(log: &str) -> bool {
    log.contains("could not bind IPv4 address") && log.contains("Address already in use")
}

/// A log file opened twice, for a child's stdout and stderr.
fn log_file(path: &Path) -> Result<(Stdio, Stdio)> {
    let file = fs_err::File::create(path)?.into_file();
    let copy = file
        .try_clone()
        .with_context(|| format!("failed to duplicate the handle of {}", path.display()))?;
    Ok((Stdio::from(file), Stdio::from(copy)))
}

/// The last lines of a log, indented, for an error message.
fn log_tail(path: &Path) -> String {
    match fs_err::read(path) {
        Ok(bytes) => tail_lines(&String::from_utf8_lossy(&bytes), LOG_TAIL_LINES),
        Err(err) => format!("  ({err})"),
    }
}

fn tail_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    let start = lines.len().saturating_sub(count);
    lines[start..]
        .iter()
        .map(|line| format!("  {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake installation: empty files named like the server binaries.
    fn fake_bin_dir(root: &Path, names: &[&str]) -> PathBuf {
        let bin = root.join("bin");
        fs_err::create_dir_all(&bin).unwrap();
        for name in names {
            fs_err::write(bin.join(name), "").unwrap();
        }
        bin
    }

    #[test]
    fn explicit_dir_without_binaries_says_what_to_install() {
        let empty = tempfile::tempdir().unwrap();
        let versions = tempfile::tempdir().unwrap();
        fake_bin_dir(&versions.path().join("15"), &["initdb", "postgres"]);
        let err = locate_in(
            Some(empty.path().to_path_buf()),
            || panic!("pg_config must not be asked when PMC_PG_BIN is set"),
            versions.path(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("PMC_PG_BIN is "), "{err}");
        assert!(err.contains("install postgresql-15"), "{err}");
        assert!(!err.contains('\n'), "{err}");
    }

    #[test]
    fn nothing_found_names_every_place_looked() {
        let versions = tempfile::tempdir().unwrap();
        // A version folder with only client tools does not count.
        fake_bin_dir(&versions.path().join("15"), &["psql"]);
        let err = locate_in(None, || None, versions.path())
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            format!(
                "no PostgreSQL server binaries found (looked in PMC_PG_BIN, pg_config --bindir, \
                 {}/*/bin): install postgresql-15 or set PMC_PG_BIN",
                versions.path().display()
            )
        );
    }

    #[test]
    fn explicit_then_pg_config_then_newest_version() {
        let root = tempfile::tempdir().unwrap();
        let explicit = fake_bin_dir(&root.path().join("explicit"), &["initdb", "postgres"]);
        let configured = fake_bin_dir(&root.path().join("configured"), &["initdb", "postgres"]);
        let client_only = fake_bin_dir(&root.path().join("client"), &["psql", "pg_config"]);
        let versions = root.path().join("versions");
        fake_bin_dir(&versions.join("9.6"), &["initdb", "postgres"]);
        let v15 = fake_bin_dir(&versions.join("15"), &["initdb", "postgres"]);
        fake_bin_dir(&versions.join("16"), &["psql"]);
        fake_bin_dir(&versions.join("notes"), &["initdb", "postgres"]);

        let found = locate_in(
            Some(explicit.clone()),
            || Some(configured.clone()),
            &versions,
        );
        assert_eq!(found.unwrap().bin_dir, explicit);
        let found = locate_in(None, || Some(configured.clone()), &versions);
        assert_eq!(found.unwrap().bin_dir, configured);
        // pg_config from a client-only package: fall through to the versioned folders.
        let found = locate_in(None, || Some(client_only.clone()), &versions);
        let found = found.unwrap();
        assert_eq!(found.bin_dir, v15);
        assert_eq!(found.tool("pg_dump"), v15.join("pg_dump"));
    }

    #[test]
    fn passwd_lookup_reads_uid_and_gid() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\n\
                      postgresql:x:7:7::/:/bin/false\n\
                      postgres:x:101:104:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash\n";
        assert_eq!(
            passwd_account(passwd, "postgres"),
            Some(Account { uid: 101, gid: 104 })
        );
        assert_eq!(passwd_account(passwd, "nobody"), None);
        assert_eq!(passwd_account("postgres:x:abc:1::/:", "postgres"), None);
    }

    #[test]
    fn log_tail_keeps_the_last_non_empty_lines() {
        let text = "one\ntwo\n\nthree\nfour\n";
        assert_eq!(tail_lines(text, 2), "  three\n  four");
        assert_eq!(tail_lines(text, 10), "  one\n  two\n  three\n  four");
        assert_eq!(tail_lines("", 3), "");
    }

    #[test]
    fn a_taken_port_is_recognised_in_the_server_log() {
        let taken = "2026-11-23 20:29:07.210 UTC [25092] LOG:  could not bind IPv4 address \
                     \"127.0.0.1\": Address already in use\n\
                     2026-11-23 20:29:07.210 UTC [25092] HINT:  Is another postmaster already \
                     running on port 5432? If not, wait a few seconds and retry.\n\
                     2026-11-23 20:29:07.210 UTC [25092] FATAL:  could not create any TCP/IP sockets";
        assert!(port_was_taken(taken));
        let other = "FATAL:  data directory \"/tmp/x/data\" has invalid permissions";
        assert!(!port_was_taken(other));
    }

    #[test]
    fn guard_script_is_valid_sh() {
        let status = Command::new("/bin/sh")
            .args(["-n", "-c", GUARD_SCRIPT])
            .status()
            .unwrap();
        assert!(status.success());
    }
}

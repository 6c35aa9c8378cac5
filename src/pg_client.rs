//! Running the PostgreSQL client programs (pg_dump, pg_dumpall, pg_restore, psql) for the
//! store: where they are, and how they are told where to connect. Everything about the connection,
//! the password included, goes through the child's environment (libpq's `PG*` variables),
//! never its command line, which `ps` shows to every user of the machine.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use url::Url;

use crate::error::Failure;

/// The path of a PostgreSQL client program: the server installation pmc would use
/// (`PMC_PG_BIN`, `pg_config --bindir`, `/usr/lib/postgresql/*/bin`), else the program of that
/// name on PATH (a machine with only the client package).
pub fn program(name: &str) -> PathBuf {
    crate::pg_cluster::PgBinaries::locate()
        .map(|binaries| binaries.tool(name))
        .ok()
        .filter(|path| path.is_file())
        .unwrap_or_else(|| PathBuf::from(name))
}

/// `pg_dump --version` (and the like), or a `Failure::Unavailable` saying what to install.
pub fn version(program: &std::path::Path) -> anyhow::Result<String> {
    let out = Command::new(program)
        .arg("--version")
        .output()
        .map_err(|e| {
            Failure::Unavailable(format!(
                "cannot run {}: {e} (install the PostgreSQL client programs matching the \
                 server, e.g. postgresql-client-15, or set PMC_PG_BIN)",
                program.display()
            ))
        })?;
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The libpq environment of a connection: host, port, user, database, password and the
/// URL's libpq parameters. Its `Debug` hides the password.
#[derive(Clone, PartialEq, Eq)]
pub struct ConnectionEnv {
    vars: Vec<(&'static str, String)>,
}

impl std::fmt::Debug for ConnectionEnv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown: Vec<(&str, &str)> = self
            .vars
            .iter()
            .map(|(k, v)| (*k, if *k == "PGPASSWORD" { "********" } else { v }))
            .collect();
        f.debug_struct("ConnectionEnv")
            .field("vars", &shown)
            .finish()
    }
}

/// URL query parameters libpq understands, and the variable each becomes.
const PARAMETERS: &[(&str, &str)] = &[
    ("host", "PGHOST"),
    ("hostaddr", "PGHOSTADDR"),
    ("port", "PGPORT"),
    ("user", "PGUSER"),
    ("password", "PGPASSWORD"),
    ("dbname", "PGDATABASE"),
    ("sslmode", "PGSSLMODE"),
    ("sslrootcert", "PGSSLROOTCERT"),
    ("sslcert", "PGSSLCERT"),
    ("sslkey", "PGSSLKEY"),
    ("sslcrl", "PGSSLCRL"),
    ("options", "PGOPTIONS"),
    ("target_session_attrs", "PGTARGETSESSIONATTRS"),
    ("channel_binding", "PGCHANNELBINDING"),
    ("gssencmode", "PGGSSENCMODE"),
];

impl ConnectionEnv {
    /// The environment for a `postgres://` URL. `application_name` names the child's session
    /// (`pg_stat_activity`) and `connect_timeout` bounds its connection attempt.
    pub fn from_url(url: &Url, application_name: &str, connect_timeout: Duration) -> Self {
        let mut vars: Vec<(&'static str, String)> = Vec::new();
        let mut set = |name: &'static str, value: String| {
            vars.retain(|(k, _)| *k != name);
            vars.push((name, value));
        };
        if let Some(host) = url.host_str().filter(|h| !h.is_empty()) {
            set(
                "PGHOST",
                host.trim_start_matches('[')
                    .trim_end_matches(']')
                    .to_string(),
            );
        }
        if let Some(port) = url.port() {
            set("PGPORT", port.to_string());
        }
        if !url.username().is_empty() {
            set("PGUSER", crate::db::percent_decode(url.username()));
        }
        if let Some(password) = url.password() {
            set("PGPASSWORD", crate::db::percent_decode(password));
        }
        let database = url.path().trim_start_matches('/');
        if !database.is_empty() {
            set("PGDATABASE", crate::db::percent_decode(database));
        }
        for (key, value) in url.query_pairs() {
            if let Some((_, var)) = PARAMETERS.iter().find(|(k, _)| *k == key) {
                set(var, value.into_owned());
            }
        }
        set("PGAPPNAME", application_name.to_string());
        set(
            "PGCONNECT_TIMEOUT",
            connect_timeout.as_secs().max(2).to_string(),
        );
        ConnectionEnv { vars }
    }

    /// Sets `name` unless the URL already did: what the URL leaves out, pmc's own connection
    /// fills in, so the child reaches the server pmc reached.
    pub fn set_default(&mut self, name: &'static str, value: String) {
        if !self.vars.iter().any(|(k, _)| *k == name) {
            self.vars.push((name, value));
        }
    }

    /// The variables, for tests and for commands that set them one by one.
    pub fn vars(&self) -> &[(&'static str, String)] {
        &self.vars
    }

    /// The database name, if the URL gave one.
    pub fn database(&self) -> Option<&str> {
        self.vars
            .iter()
            .find(|(k, _)| *k == "PGDATABASE")
            .map(|(_, v)| v.as_str())
    }

    /// A command for `program` that connects with this environment. Inherited `PG*`
    /// variables the URL does not set stay as they are (a `PGPASSFILE`, `PGSSLMODE`, …), so
    /// an operator's usual libpq setup keeps working.
    pub fn command(&self, program: &std::path::Path) -> Command {
        let mut command = Command::new(program);
        for (key, value) in &self.vars {
            command.env(key, value);
        }
        command
    }
}

/// Every argument of a command, for checks that nothing secret is on it.
pub fn arguments(command: &Command) -> Vec<OsString> {
    std::iter::once(command.get_program().to_os_string())
        .chain(command.get_args().map(|a| a.to_os_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_goes_to_the_environment_and_never_to_the_arguments() {
        let url = Url::parse(
            "postgres://shop%40ops:s3cr%2Ft@db.internal:6432/pimpmycase?sslmode=require&statement-cache-capacity=10",
        )
        .unwrap();
        let env = ConnectionEnv::from_url(&url, "pmc backup", Duration::from_secs(10));
        let get = |k: &str| {
            env.vars()
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(get("PGPASSWORD").as_deref(), Some("s3cr/t"));
        assert_eq!(get("PGUSER").as_deref(), Some("shop@ops"));
        assert_eq!(get("PGHOST").as_deref(), Some("db.internal"));
        assert_eq!(get("PGPORT").as_deref(), Some("6432"));
        assert_eq!(get("PGDATABASE").as_deref(), Some("pimpmycase"));
        assert_eq!(get("PGSSLMODE").as_deref(), Some("require"));
        assert_eq!(env.database(), Some("pimpmycase"));
        assert!(!format!("{env:?}").contains("s3cr"));

        let mut command = env.command(std::path::Path::new("pg_dump"));
        command.args(["-Fc", "-Z0", "--no-password"]);
        for arg in arguments(&command) {
            let arg = arg.to_string_lossy();
            assert!(!arg.contains("s3cr"), "password on the command line: {arg}");
            assert!(
                !arg.contains("postgres://"),
                "URL on the command line: {arg}"
            );
        }
        let envs: Vec<_> = command.get_envs().collect();
        assert!(
            envs.iter().any(|(k, v)| *k == "PGPASSWORD"
                && v.map(|v| v.to_string_lossy() == "s3cr/t") == Some(true))
        );
    }

    #[test]
    fn socket_directories_and_ipv6_hosts_are_understood() {
        let url = Url::parse("postgres:///shop?host=/var/run/postgresql").unwrap();
        let env = ConnectionEnv::from_url(&url, "pmc", Duration::from_secs(1));
        assert!(
            env.vars()
                .contains(&("PGHOST", "/var/run/postgresql".to_string()))
        );
        assert!(env.vars().contains(&("PGCONNECT_TIMEOUT", "2".to_string())));
        let url = Url::parse("postgres://u@[::1]:5433/shop").unwrap();
        let env = ConnectionEnv::from_url(&url, "pmc", Duration::from_secs(10));
        assert!(env.vars().contains(&("PGHOST", "::1".to_string())));
        assert!(!env.vars().iter().any(|(k, _)| *k == "PGPASSWORD"));
    }
}

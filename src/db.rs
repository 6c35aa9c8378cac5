//! Connecting to the store database: every session is named `pmc <version> <command>`, bounded
//! by the configured statement and lock timeouts, and read-only for read-only commands, so a
//! check can never change the store even by mistake.

use std::time::Duration;

use anyhow::Context as _;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions as _, Connection as _, PgConnection, PgPool};

use crate::config::Config;
use crate::error::Failure;
use crate::pg_client::ConnectionEnv;

/// Whether a command may change the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Sessions run with `default_transaction_read_only = on`.
    ReadOnly,
    ReadWrite,
}

/// How to reach the store database; holds no open connection.
#[derive(Clone)]
pub struct Database {
    options: PgConnectOptions,
    connect_timeout: Duration,
    host: String,
    port: u16,
    name: String,
    /// The configured URL, for child programs' environment (never their command line).
    url: url::Url,
}

// The connect options hold the password; show only where the database is.
impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Database({}:{}/{})", self.host, self.port, self.name)
    }
}

impl Database {
    /// Builds the connect options from the configuration. No database URL is a `Failure::Config`.
    pub fn from_config(config: &Config, command: &str, access: Access) -> anyhow::Result<Self> {
        let url = config.url("database.url").ok_or_else(|| {
            Failure::Config(
                "no database configured: set DATABASE_URL (or PMC_DATABASE_URL), database.url in \
                 pmc.toml, or --database-url"
                    .to_string(),
            )
        })?;
        // sqlx does not know libpq's sslpassword and logs an unknown parameter with its value:
        // pmc's own connections go without it (the child programs get the whole URL).
        let mut for_sqlx = url.clone();
        if for_sqlx.query_pairs().any(|(k, _)| k == "sslpassword") {
            let kept: Vec<(String, String)> = for_sqlx
                .query_pairs()
                .filter(|(k, _)| k != "sslpassword")
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            for_sqlx.set_query(None);
            if !kept.is_empty() {
                for_sqlx.query_pairs_mut().extend_pairs(kept);
            }
        }
        let options: PgConnectOptions = for_sqlx.as_str().parse().map_err(|e| {
            Failure::Config(format!(
                "database.url {}: {e}",
                crate::config::redact_url(url.as_str())
            ))
        })?;
        let millis = |key: &str| config.duration(key).as_millis().to_string();
        let mut settings = vec![
            ("statement_timeout", millis("database.statement_timeout")),
            ("lock_timeout", millis("database.lock_timeout")),
        ];
        if access == Access::ReadOnly {
            settings.push(("default_transaction_read_only", "on".to_string()));
        }
        let options = options
            .application_name(&format!("pmc {} {command}", env!("CARGO_PKG_VERSION")))
            .options(settings)
            .log_statements(tracing::log::LevelFilter::Debug);
        Ok(Database {
            url: url.clone(),
            host: options.get_host().to_string(),
            port: options.get_port(),
            name: options.get_database().unwrap_or("postgres").to_string(),
            connect_timeout: config.duration("database.connect_timeout"),
            options,
        })
    }

    /// The database name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The same server, user and session settings, another database (restore's targets and
    /// the `postgres` maintenance database).
    pub fn for_database(&self, name: &str) -> Database {
        Database {
            options: self.options.clone().database(name),
            connect_timeout: self.connect_timeout,
            host: self.host.clone(),
            port: self.port,
            name: name.to_string(),
            url: self.url.clone(),
        }
    }

    /// The same database with sqlx's statement log off, for a connection whose statements may
    /// carry a secret (restore's CREATE ROLE … PASSWORD): `-vvv` logs every statement whole,
    /// and slow ones are logged at warn.
    pub fn without_statement_log(&self) -> Database {
        Database {
            options: self.options.clone().disable_statement_logging(),
            ..self.clone()
        }
    }

    /// The libpq environment that makes a PostgreSQL program (pg_dump, pg_restore, psql)
    /// connect to this database where pmc does, named `pmc <version> <program>` in
    /// pg_stat_activity: the URL's host, port, user, password and libpq parameters, with this
    /// database's name (a `dbname=` parameter in the URL would otherwise send the child to the
    /// configured database instead of a restore target), and pmc's own host, port and user
    /// where the URL names none. Passed through the child's environment so the password never
    /// appears on a command line.
    pub fn client_env(&self, program: &str) -> ConnectionEnv {
        let mut url = self.url.clone();
        // set_path leaves `%` as it is; the name is text, so escape it for the decode.
        url.set_path(&format!("/{}", self.name.replace('%', "%25")));
        let query: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(key, _)| key != "dbname")
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect();
        url.set_query(None);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        let mut env = ConnectionEnv::from_url(
            &url,
            &format!("pmc {} {program}", env!("CARGO_PKG_VERSION")),
            self.connect_timeout,
        );
        let host = match self.options.get_socket() {
            Some(dir) => dir.display().to_string(),
            None => self.options.get_host().to_string(),
        };
        env.set_default("PGHOST", host);
        env.set_default("PGPORT", self.port.to_string());
        env.set_default("PGUSER", self.options.get_username().to_string());
        env
    }

    /// The read-write `Database` of `url` with default settings, for unit tests.
    #[cfg(test)]
    pub(crate) fn for_tests(url: &str) -> Database {
        let config = Config::load(&crate::config::LoadOptions {
            flags: vec![("database.url", url.to_string())],
            cwd: std::env::temp_dir().join("pmc-no-such-dir"),
            ..Default::default()
        })
        .expect("the test URL loads");
        Database::from_config(&config, "test", Access::ReadWrite).expect("the test URL parses")
    }

    /// A failed connect, as [`Failure::DatabaseUnreachable`] with the server's reason. A
    /// database set to refuse new sessions (55000, ALLOW_CONNECTIONS false), which a `pmc
    /// restore --replace` killed during its swap leaves behind, also gets the way to undo it.
    fn connect_error(&self, e: sqlx::Error) -> anyhow::Error {
        let closed = e.as_database_error().is_some_and(|d| {
            d.code().as_deref() == Some("55000")
                && d.message().contains("not currently accepting connections")
        });
        let err = anyhow::Error::new(e);
        let err = if closed {
            err.context(format!(
                "the database refuses new sessions (ALLOW_CONNECTIONS false, as a `pmc restore \
                 --replace` killed during its swap leaves it; from another database, `ALTER \
                 DATABASE {} ALLOW_CONNECTIONS true` lets the store back in)",
                crate::restore::quote_ident(&self.name)
            ))
        } else {
            err
        };
        err.context(self.unreachable())
    }

    fn unreachable(&self) -> Failure {
        Failure::DatabaseUnreachable {
            host: self.host.clone(),
            port: self.port,
            database: self.name.clone(),
        }
    }

    /// A small pool; the first connection is made here, so an unreachable server fails now
    /// with exit 69 instead of in the middle of a command.
    pub async fn pool(&self) -> anyhow::Result<PgPool> {
        self.pool_of(4).await
    }

    /// [`Database::pool`] with room for `connections` connections at once.
    pub async fn pool_of(&self, connections: u32) -> anyhow::Result<PgPool> {
        // The pool retries a failed connect until acquire_timeout and then reports only the
        // timeout: connect once by hand first, so a refused connection or a wrong password
        // fails at once, with the server's reason.
        self.connection()
            .await?
            .close()
            .await
            .context(self.unreachable())?;
        let pool = PgPoolOptions::new()
            .max_connections(connections)
            .min_connections(0)
            .acquire_timeout(self.connect_timeout)
            .after_connect(|conn, _| Box::pin(watch_client(conn)))
            .connect_lazy_with(self.options.clone());
        let first = tokio::time::timeout(self.connect_timeout, pool.acquire()).await;
        match first {
            Ok(Ok(_conn)) => Ok(pool),
            Ok(Err(e)) => Err(self.connect_error(e)),
            Err(_) => Err(
                anyhow::anyhow!("no answer within {:?}", self.connect_timeout)
                    .context(self.unreachable()),
            ),
        }
    }

    /// A connection of its own, outside any pool: advisory locks live as long as it does.
    pub async fn connection(&self) -> anyhow::Result<PgConnection> {
        match tokio::time::timeout(
            self.connect_timeout,
            PgConnection::connect_with(&self.options),
        )
        .await
        {
            Ok(Ok(mut conn)) => {
                watch_client(&mut conn).await.context(self.unreachable())?;
                Ok(conn)
            }
            Ok(Err(e)) => Err(self.connect_error(e)),
            Err(_) => Err(
                anyhow::anyhow!("no answer within {:?}", self.connect_timeout)
                    .context(self.unreachable()),
            ),
        }
    }
}

/// Makes the server end this connection's statement once pmc is gone. Without it a statement
/// outlives a pmc that was killed (SIGKILL, a second Ctrl-C, a lost terminal) until it finishes
/// or reaches its statement_timeout: a VACUUM FULL, which has none, would hold its table's
/// ACCESS EXCLUSIVE lock to the end. PostgreSQL 13 and older lack the setting and would refuse
/// it, hence a SET after connecting rather than a startup option.
async fn watch_client(conn: &mut PgConnection) -> sqlx::Result<()> {
    if conn.server_version_num().is_some_and(|v| v >= 140_000) {
        sqlx::raw_sql(crate::sql::PMC_WATCH_CLIENT)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// `%XX` escapes of a URL part decoded (a `+` stays a `+`, as in libpq).
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Fails with exit 65, naming the first missing table, unless the database has every one of
/// the store's `tables`: a command pointed at the wrong database (`postgres`, a fresh one) says
/// so before it writes anything, pmc's own bookkeeping included.
pub async fn require_store_tables(pool: &PgPool, tables: &[&str]) -> anyhow::Result<()> {
    let missing: Vec<String> = sqlx::query_scalar(crate::sql::STORE_TABLES_MISSING)
        .bind(tables)
        .fetch_all(pool)
        .await
        .context("failed to look the store's tables up in pg_catalog")?;
    match missing.first() {
        None => Ok(()),
        Some(table) => Err(missing_store_table(table).into()),
    }
}

/// The error for a database without the store's `table`.
pub fn missing_store_table(table: &str) -> Failure {
    Failure::BadInput(format!(
        "this database has no table {table}: is it the store database?"
    ))
}

/// Closes a connection politely; failures are irrelevant because the server ends the session
/// (and releases its locks) when the socket closes anyway.
pub async fn close(conn: PgConnection) {
    let _ = conn.close().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get<'a>(env: &'a ConnectionEnv, name: &str) -> Option<&'a str> {
        env.vars()
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn a_child_connects_to_the_target_database_not_the_urls() {
        let live = Database::for_tests(
            "postgres://ops:p%40ss@db.internal:6432/live?dbname=live&sslmode=require&options=-c%20x%3Dy",
        );
        let env = live
            .for_database("live_restore_50%")
            .client_env("pg_restore");
        assert_eq!(get(&env, "PGDATABASE"), Some("live_restore_50%"));
        assert_eq!(get(&env, "PGHOST"), Some("db.internal"));
        assert_eq!(get(&env, "PGPORT"), Some("6432"));
        assert_eq!(get(&env, "PGUSER"), Some("ops"));
        assert_eq!(get(&env, "PGPASSWORD"), Some("p@ss"));
        assert_eq!(get(&env, "PGSSLMODE"), Some("require"));
        assert_eq!(get(&env, "PGOPTIONS"), Some("-c x=y"));
        assert!(get(&env, "PGAPPNAME").is_some_and(|app| app.ends_with(" pg_restore")));
        assert_eq!(
            env.vars()
                .iter()
                .filter(|(k, _)| *k == "PGDATABASE")
                .count(),
            1
        );
        assert!(!format!("{env:?}").contains("p@ss"));
    }

    #[test]
    fn what_the_url_leaves_out_comes_from_pmcs_own_connection() {
        let db = Database::for_tests("postgres:///shop");
        let env = db.client_env("pg_dump");
        assert_eq!(get(&env, "PGDATABASE"), Some("shop"));
        // localhost, or the socket directory sqlx found; either way where pmc connects.
        let host = match db.options.get_socket() {
            Some(dir) => dir.display().to_string(),
            None => db.host.clone(),
        };
        assert_eq!(get(&env, "PGHOST"), Some(host.as_str()));
        assert_eq!(get(&env, "PGPORT"), Some(db.port.to_string().as_str()));
        assert!(get(&env, "PGUSER").is_some());
        assert_eq!(get(&env, "PGPASSWORD"), None);
    }
}

//! The errors a caller branches on: each carries the exit code it ends the process with.
//! Everything else is an `anyhow::Error` with context, which ends the run as a plain failure.

use crate::exit::Exit;

/// An error with a documented exit code. It sits somewhere in an `anyhow` chain; `main` finds
/// it with `downcast_ref` and exits with its code.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// A flag or argument value that clap could not check by itself.
    #[error("{0}")]
    Usage(String),
    /// Input data pmc cannot use.
    #[error("{0}")]
    BadInput(String),
    /// The database could not be reached. Never carries the password.
    #[error("could not connect to database \"{database}\" at {host}:{port}")]
    DatabaseUnreachable {
        host: String,
        port: u16,
        database: String,
    },
    /// A service or program pmc needs is not there (other than the database).
    #[error("{0}")]
    Unavailable(String),
    /// A malformed configuration file, key or environment value.
    #[error("{0}")]
    Config(String),
    /// Another run of the same job holds the advisory lock.
    #[error("another pmc {job} run holds the lock since {since} on {host} (pid {pid})")]
    Locked {
        job: String,
        since: String,
        host: String,
        pid: String,
    },
    /// The run was interrupted by Ctrl-C.
    #[error("interrupted")]
    Interrupted,
}

impl Failure {
    /// The exit code this failure ends the process with.
    pub fn exit(&self) -> Exit {
        match self {
            Failure::Usage(_) => Exit::Usage,
            Failure::BadInput(_) => Exit::DataErr,
            Failure::DatabaseUnreachable { .. } | Failure::Unavailable(_) => Exit::Unavailable,
            Failure::Config(_) => Exit::Config,
            Failure::Locked { .. } => Exit::Locked,
            Failure::Interrupted => Exit::Interrupted,
        }
    }
}

/// The exit code for an error chain: the first `Failure` in it decides; an error without one
/// is `fallback` (a plain failure for most commands, `Unknown` for check commands).
pub fn exit_for(err: &anyhow::Error, fallback: Exit) -> Exit {
    // `.context(Failure::…)` stores the Failure as the outermost context, which `chain()`
    // shows as text only; `downcast_ref` on the error itself finds it.
    err.downcast_ref::<Failure>()
        .or_else(|| {
            err.chain()
                .find_map(|cause| cause.downcast_ref::<Failure>())
        })
        .map_or(fallback, Failure::exit)
}

/// An error and its causes on one line, as pmc prints and records them: each cause once (a
/// cause whose text its parent already ends with is not repeated), and a PostgreSQL error as
/// its message with its detail and hint, without the server's C source line sqlx appends.
pub fn one_line(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut database_error_told = false;
    for cause in err.chain() {
        // The boxed database error under a sqlx::Error::Database: already told, without the
        // source line its own text carries.
        if std::mem::take(&mut database_error_told) {
            continue;
        }
        let text = match cause.downcast_ref::<sqlx::Error>() {
            Some(sqlx::Error::Database(db)) => {
                database_error_told = true;
                database_message(db.as_ref())
            }
            _ => without_source_location(cause.to_string()),
        };
        if parts.last().is_some_and(|last| last.ends_with(&text)) {
            continue;
        }
        parts.push(text);
    }
    parts.join(": ")
}

/// `text` without the ` (sqlx_postgres::connection::tls:95)` some sqlx errors end with: where
/// in sqlx the error was noticed means nothing to an operator.
fn without_source_location(text: String) -> String {
    match text.rfind(" (sqlx") {
        Some(at)
            if text.ends_with(')')
                && text[at + 2..text.len() - 1]
                    .rsplit_once(':')
                    .is_some_and(|(path, line)| {
                        path.contains("::") && line.chars().all(|c| c.is_ascii_digit())
                    }) =>
        {
            text[..at].to_string()
        }
        _ => text,
    }
}

/// A failed statement's error on one line, as [`one_line`] says it.
pub fn statement_error(err: sqlx::Error) -> String {
    one_line(&anyhow::Error::new(err))
}

fn database_message(db: &dyn sqlx::error::DatabaseError) -> String {
    let mut text = format!("error returned from database: {}", db.message());
    if let Some(pg) = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
        if let Some(detail) = pg.detail() {
            text.push_str(&format!(" ({detail})"));
        }
        if let Some(hint) = pg.hint() {
            text.push_str(&format!(" (hint: {hint})"));
        }
    }
    text.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_says_each_cause_once() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        let err = anyhow::Error::new(sqlx::Error::Io(io)).context("failed to read orders");
        assert_eq!(
            one_line(&err),
            "failed to read orders: error communicating with database: refused"
        );
    }

    #[test]
    fn one_line_leaves_out_where_in_sqlx_an_error_was_noticed() {
        let err = anyhow::anyhow!(
            "encountered unexpected or invalid data: unexpected response from SSLRequest: 0x48 \
             (sqlx_postgres::connection::tls:95)"
        )
        .context("could not connect");
        assert_eq!(
            one_line(&err),
            "could not connect: encountered unexpected or invalid data: unexpected response from \
             SSLRequest: 0x48"
        );
        let kept = anyhow::anyhow!("a note (sqlx is fine)");
        assert_eq!(one_line(&kept), "a note (sqlx is fine)");
    }
}

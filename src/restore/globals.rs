//! The roles a restore needs, from the backup's `pg_dumpall --globals-only` file.
//!
//! A dump names roles (`ALTER TABLE … OWNER TO shop_owner`, `GRANT SELECT … TO reader`) but
//! does not create them; on a server that lacks one, pg_restore stops at the first object it
//! owns. Before loading, restore creates the roles the dump refers to that the server lacks,
//! as the globals file defines them (attributes, settings, comment, memberships), in one
//! transaction. Roles that exist are never altered or dropped, and no password is set that the
//! globals file does not hold (`pmc backup` saves none unless `--with-role-passwords`).
//!
//! pmc builds the CREATE ROLE statement itself from the attributes it recognises; the few
//! statements it runs as written (`ALTER ROLE x SET …`, `COMMENT ON ROLE x …`, `GRANT a TO x`)
//! are checked to be one statement about a role it has just created. Tablespaces are not
//! created (they need folders on the server).

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Context as _;
use serde::Serialize;
use sqlx::{AssertSqlSafe, Connection as _, PgConnection};
use tokio::io::AsyncReadExt as _;

use super::engine::Tools;
use super::quote_ident;
use super::quote_literal;
use super::source::Prepared;
use crate::backup::manifest::DumpFormat;
use crate::error::Failure;
use crate::sql;

/// A token of SQL as pg_dump and pg_dumpall write it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// An unquoted word or number, folded to lower case as PostgreSQL folds identifiers.
    Word(String),
    /// A quoted identifier, as written inside the quotes (`""` undone).
    Quoted(String),
    /// A string literal's value (`''` undone), or a dollar-quoted body.
    Literal(String),
    /// Any other character but `;`.
    Symbol(char),
}

impl Token {
    /// The name this token stands for, when it can be an identifier.
    fn name(&self) -> Option<&str> {
        match self {
            Token::Word(w) | Token::Quoted(w) => Some(w),
            _ => None,
        }
    }

    fn is(&self, keyword: &str) -> bool {
        matches!(self, Token::Word(w) if w == keyword)
    }
}

/// One statement: its tokens and its text without the closing `;`.
#[derive(Debug)]
struct Statement<'a> {
    tokens: Vec<(Token, usize)>,
    /// Where `text` starts in the whole file (token positions are in the whole file too).
    start: usize,
    text: &'a str,
}

impl Statement<'_> {
    fn token(&self, i: usize) -> Option<&Token> {
        self.tokens.get(i).map(|(t, _)| t)
    }

    fn starts(&self, keywords: &[&str]) -> bool {
        keywords
            .iter()
            .enumerate()
            .all(|(i, k)| self.token(i).is_some_and(|t| t.is(k)))
    }
}

/// Splits `text` into statements. Comments, psql meta-commands (`\restrict …`) and blank
/// statements are left out; literals, quoted identifiers and dollar quotes are kept whole, so
/// a `;` inside them never ends a statement.
fn statements(text: &str) -> Vec<Statement<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut tokens: Vec<(Token, usize)> = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let at_line_start = |i: usize| {
        text[..i].trim_end_matches([' ', '\t']).ends_with('\n') || {
            text[..i].trim_start().is_empty()
        }
    };
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b';' => {
                if !tokens.is_empty() {
                    out.push(Statement {
                        tokens: std::mem::take(&mut tokens),
                        start,
                        text: text[start..i].trim_end(),
                    });
                }
                i += 1;
                start = i;
            }
            _ if c.is_ascii_whitespace() => i += 1,
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |n| i + 2 + n + 2);
            }
            b'\\' if tokens.is_empty() && at_line_start(i) => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                start = i;
            }
            b'\'' | b'"' => {
                let mut value = String::new();
                let mut j = i + 1;
                loop {
                    match text[j..].find(c as char) {
                        None => {
                            value.push_str(&text[j..]);
                            j = bytes.len();
                            break;
                        }
                        Some(n) => {
                            value.push_str(&text[j..j + n]);
                            j += n + 1;
                            if bytes.get(j) == Some(&c) {
                                value.push(c as char);
                                j += 1;
                            } else {
                                break;
                            }
                        }
                    }
                }
                if tokens.is_empty() {
                    start = i;
                }
                let token = if c == b'"' {
                    Token::Quoted(value)
                } else {
                    Token::Literal(value)
                };
                tokens.push((token, i));
                i = j;
            }
            b'$' if dollar_tag(&text[i..]).is_some() => {
                let tag = dollar_tag(&text[i..]).expect("checked");
                let body = i + tag.len();
                let end = text[body..].find(tag).map_or(bytes.len(), |n| body + n);
                if tokens.is_empty() {
                    start = i;
                }
                tokens.push((Token::Literal(text[body..end].to_string()), i));
                i = (end + tag.len()).min(bytes.len());
            }
            _ if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 => {
                let mut j = i;
                while j < bytes.len()
                    && (bytes[j].is_ascii_alphanumeric()
                        || matches!(bytes[j], b'_' | b'$' | b'.')
                        || bytes[j] >= 0x80)
                {
                    j += 1;
                }
                if tokens.is_empty() {
                    start = i;
                }
                // A qualified name (public.orders) is one word; identifiers are its parts.
                tokens.push((Token::Word(text[i..j].to_lowercase()), i));
                i = j;
            }
            _ => {
                if tokens.is_empty() {
                    start = i;
                }
                let ch = text[i..].chars().next().expect("not at the end");
                tokens.push((Token::Symbol(ch), i));
                i += ch.len_utf8();
            }
        }
    }
    if !tokens.is_empty() {
        out.push(Statement {
            tokens,
            start,
            text: text[start..].trim_end(),
        });
    }
    out
}

/// `$tag$` at the start of `text`, if a dollar quote opens there.
fn dollar_tag(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('$')?;
    let end = rest.find('$')?;
    let tag = &rest[..end];
    (tag.is_empty()
        || (tag.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')))
    .then(|| &text[..end + 2])
}

/// Every name the statements of `text` could refer to: unquoted words (folded), the parts of
/// qualified names, and quoted identifiers. Literals and comments are left out.
fn identifiers(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for statement in statements(text) {
        for (token, _) in statement.tokens {
            match token {
                Token::Word(w) => names.extend(w.split('.').map(str::to_string)),
                Token::Quoted(q) => {
                    names.insert(q);
                }
                _ => {}
            }
        }
    }
    names
}

/// One role of the globals file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Role {
    /// The role's attributes that differ from CREATE ROLE's defaults, as SQL.
    attributes: Vec<String>,
    /// `ALTER ROLE x SET …` and `COMMENT ON ROLE x …`, as written.
    statements: Vec<String>,
    /// `GRANT group TO x …` without its GRANTED BY clause: (group, statement).
    memberships: Vec<(String, String)>,
}

/// The roles of a globals file, by name.
#[derive(Debug, Default)]
pub struct Globals {
    roles: BTreeMap<String, Role>,
}

/// CREATE ROLE attributes: (keyword, whether it is the default and can be left out).
const ATTRIBUTES: &[(&str, bool)] = &[
    ("superuser", false),
    ("nosuperuser", true),
    ("createdb", false),
    ("nocreatedb", true),
    ("createrole", false),
    ("nocreaterole", true),
    ("inherit", true),
    ("noinherit", false),
    ("login", false),
    ("nologin", true),
    ("replication", false),
    ("noreplication", true),
    ("bypassrls", false),
    ("nobypassrls", true),
];

/// The attributes of `ALTER ROLE x WITH …` (tokens after WITH) that CREATE ROLE needs.
fn attributes(name: &str, tokens: &[(Token, usize)]) -> anyhow::Result<Vec<String>> {
    let unreadable = |what: &str| {
        Failure::BadInput(format!(
            "the backup's globals: cannot read the attributes of role {name}: {what}"
        ))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while let Some((token, _)) = tokens.get(i) {
        let next = tokens.get(i + 1).map(|(t, _)| t);
        let Token::Word(word) = token else {
            return Err(unreadable("unexpected symbol or literal").into());
        };
        if let Some((keyword, default)) = ATTRIBUTES.iter().find(|(k, _)| k == word) {
            if !default {
                out.push(keyword.to_uppercase());
            }
            i += 1;
            continue;
        }
        match (word.as_str(), next) {
            ("encrypted", _) => i += 1,
            ("password", Some(Token::Literal(secret))) => {
                out.push(format!("PASSWORD {}", quote_literal(secret)));
                i += 2;
            }
            ("password", Some(t)) if t.is("null") => i += 2,
            ("valid", Some(t)) if t.is("until") => match tokens.get(i + 2) {
                Some((Token::Literal(until), _)) => {
                    out.push(format!("VALID UNTIL {}", quote_literal(until)));
                    i += 3;
                }
                _ => return Err(unreadable("VALID UNTIL without a time").into()),
            },
            ("connection", Some(t)) if t.is("limit") => {
                let (negative, at) = match tokens.get(i + 2) {
                    Some((Token::Symbol('-'), _)) => (true, i + 3),
                    _ => (false, i + 2),
                };
                let limit = match tokens.get(at) {
                    Some((Token::Word(n), _)) => n.parse::<i64>().ok(),
                    _ => None,
                }
                .ok_or_else(|| unreadable("CONNECTION LIMIT without a number"))?;
                if !negative {
                    out.push(format!("CONNECTION LIMIT {limit}"));
                }
                i = at + 1;
            }
            _ => return Err(unreadable(&format!("unknown attribute {word:?}")).into()),
        }
    }
    Ok(out)
}

/// Reads a `pg_dumpall --globals-only` file.
pub fn parse(text: &str) -> anyhow::Result<Globals> {
    let mut globals = Globals::default();
    for statement in statements(text) {
        let name = |i: usize| statement.token(i).and_then(Token::name).map(str::to_string);
        if statement.starts(&["create", "role"])
            && let Some(role) = name(2)
        {
            globals.roles.entry(role).or_default();
        } else if statement.starts(&["alter", "role"])
            && let Some(role) = name(2)
        {
            let entry = globals.roles.entry(role.clone()).or_default();
            match statement.token(3) {
                Some(t) if t.is("with") => {
                    entry
                        .attributes
                        .extend(attributes(&role, &statement.tokens[4..])?);
                }
                // Settings of the role everywhere; per-database ones name the old database.
                Some(t) if t.is("set") || t.is("reset") => {
                    entry.statements.push(statement.text.to_string());
                }
                _ => {}
            }
        } else if statement.starts(&["comment", "on", "role"])
            && let Some(role) = name(3)
        {
            let entry = globals.roles.entry(role).or_default();
            entry.statements.push(statement.text.to_string());
        } else if statement.starts(&["grant"])
            && statement.token(2).is_some_and(|t| t.is("to"))
            && let (Some(group), Some(member)) = (name(1), name(3))
        {
            // pg_dumpall records the grantor; this run is the grantor now, and only a
            // superuser may name another one.
            let end = statement
                .tokens
                .iter()
                .find(|(t, _)| t.is("granted"))
                .map_or(statement.text.len(), |(_, at)| at - statement.start);
            let grant = statement.text[..end].trim().to_string();
            let entry = globals.roles.entry(member).or_default();
            entry.memberships.push((group, grant));
        }
    }
    Ok(globals)
}

/// What restore did with the backup's roles, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct GlobalsReport {
    /// `applied`; `checked` (a drill: nothing is created on the server); `skipped`
    /// (--no-globals or --no-owner); `none` (no globals: a FILE, an imported backup, or a
    /// backup whose pg_dumpall failed).
    pub state: &'static str,
    /// Roles the dump needs that this run created from the globals.
    pub created: Vec<String>,
    /// Roles the dump needs that were already on the server: left untouched.
    pub existing: Vec<String>,
    /// Roles the dump needs that the server lacks and this run did not create.
    pub missing: Vec<String>,
}

impl GlobalsReport {
    fn empty(state: &'static str) -> Self {
        GlobalsReport {
            state,
            created: Vec::new(),
            existing: Vec::new(),
            missing: Vec::new(),
        }
    }
}

/// What to do with the globals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Create the missing roles the dump needs.
    Apply,
    /// Only report which roles are there and which are missing (the drill).
    Check,
    /// Leave them alone (--no-globals, --no-owner).
    Skip,
}

/// The names a custom-format dump's definitions refer to, read with `pg_restore
/// --schema-only -f -` (no database involved); None for a plain dump, whose text would have to
/// be read whole.
async fn dump_identifiers(prepared: &Prepared) -> anyhow::Result<Option<BTreeSet<String>>> {
    if prepared.format != DumpFormat::Custom {
        return Ok(None);
    }
    let program = Tools::locate().pg_restore;
    let mut child = tokio::process::Command::new(&program)
        .args(["--schema-only", "--file=-"])
        .arg(&prepared.path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| {
            Failure::Unavailable(format!(
                "cannot run {}: {e} (install the PostgreSQL client programs or set PMC_PG_BIN)",
                program.display()
            ))
        })?;
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let (mut schema, mut messages) = (Vec::new(), Vec::new());
    let (read, read_err, status) = tokio::join!(
        stdout.read_to_end(&mut schema),
        stderr.read_to_end(&mut messages),
        child.wait()
    );
    read.and(read_err)
        .context("failed to read the dump's definitions")?;
    let status = status.context("failed to wait for pg_restore --schema-only")?;
    if !status.success() {
        anyhow::bail!(
            "pg_restore --schema-only could not list the dump's definitions: {}",
            String::from_utf8_lossy(&messages).trim()
        );
    }
    Ok(Some(identifiers(&String::from_utf8_lossy(&schema))))
}

async fn existing_roles(conn: &mut PgConnection) -> anyhow::Result<BTreeSet<String>> {
    let names: Vec<String> = sqlx::query_scalar(sql::RESTORE_ROLES)
        .fetch_all(conn)
        .await
        .context("failed to list the server's roles")?;
    Ok(names.into_iter().collect())
}

async fn run(conn: &mut PgConnection, statement: &str) -> Result<(), sqlx::Error> {
    sqlx::raw_sql(AssertSqlSafe(statement.to_string()))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Creates, in one transaction on `admin`, the roles of `globals` that the dump in `prepared`
/// refers to and the server lacks (or, with `Mode::Check`, only says which those are).
pub async fn restore_roles(
    admin: &mut PgConnection,
    globals_text: Option<&str>,
    prepared: &Prepared,
    mode: Mode,
) -> anyhow::Result<GlobalsReport> {
    // Skipped comes first: with --no-globals the file was not even read.
    if mode == Mode::Skip {
        return Ok(GlobalsReport::empty("skipped"));
    }
    let Some(text) = globals_text else {
        return Ok(GlobalsReport::empty("none"));
    };
    let globals = parse(text)?;
    let referenced = dump_identifiers(prepared).await?;
    let needed: Vec<(&String, &Role)> = globals
        .roles
        .iter()
        .filter(|(name, _)| referenced.as_ref().is_none_or(|r| r.contains(*name)))
        .collect();

    let mut tx = admin
        .begin()
        .await
        .context("failed to start the transaction that creates roles")?;
    let mut report = GlobalsReport::empty(if mode == Mode::Apply {
        "applied"
    } else {
        "checked"
    });
    let mut known = existing_roles(&mut tx).await?;
    for (name, role) in &needed {
        if known.contains(*name) {
            report.existing.push(name.to_string());
            continue;
        }
        if mode == Mode::Check {
            report.missing.push(name.to_string());
            continue;
        }
        let mut create = format!("CREATE ROLE {}", quote_ident(name));
        if !role.attributes.is_empty() {
            create.push_str(" WITH ");
            create.push_str(&role.attributes.join(" "));
        }
        run(&mut tx, "SAVEPOINT pmc_role").await?;
        match run(&mut tx, &create).await {
            Ok(()) => {
                run(&mut tx, "RELEASE SAVEPOINT pmc_role").await?;
                report.created.push(name.to_string());
                known.insert(name.to_string());
            }
            // Created by someone else since we looked: theirs stays as it is.
            Err(e)
                if e.as_database_error()
                    .and_then(|d| d.code())
                    .is_some_and(|c| c == "42710") =>
            {
                run(&mut tx, "ROLLBACK TO SAVEPOINT pmc_role").await?;
                report.existing.push(name.to_string());
            }
            // The statement may hold a password hash: name the role, not the statement.
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!(
                    "failed to create role {name} from the backup's globals (give --no-globals \
                     to skip them, or create the role yourself); no role was created"
                )));
            }
        }
    }
    for (name, role) in &needed {
        if !report.created.contains(*name) {
            continue;
        }
        for statement in &role.statements {
            run(&mut tx, statement).await.with_context(|| {
                format!(
                    "failed to apply the settings of the new role {name} from the backup's \
                     globals; no role was created"
                )
            })?;
        }
        for (group, grant) in &role.memberships {
            if !known.contains(group) {
                tracing::info!(role = %name, group, "membership of a role the server lacks: skipped");
                continue;
            }
            run(&mut tx, grant).await.with_context(|| {
                format!(
                    "failed to make the new role {name} a member of {group}; no role was created"
                )
            })?;
        }
    }
    tx.commit()
        .await
        .context("failed to commit the new roles")?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DUMPALL: &str = r#"--
-- PostgreSQL database cluster dump
--

\restrict hgC60PxBffJ5chOmEXsyxVG3Vw1r5AVgui426pPVu80YkuxQR4nsyHyjYwlzHFw

SET default_transaction_read_only = off;

CREATE ROLE postgres;
ALTER ROLE postgres WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS;
CREATE ROLE reader;
ALTER ROLE reader WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS;
COMMENT ON ROLE reader IS 'it''s; odd';
CREATE ROLE "Shop Owner";
ALTER ROLE "Shop Owner" WITH NOSUPERUSER INHERIT NOCREATEROLE CREATEDB LOGIN NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 5 PASSWORD 'SCRAM-SHA-256$4096:abc' VALID UNTIL '2030-01-01 00:00:00+00';

ALTER ROLE reader SET work_mem TO '8MB';
ALTER ROLE reader IN DATABASE shop SET search_path TO 'x';

GRANT reader TO "Shop Owner" GRANTED BY postgres;
CREATE TABLESPACE fast OWNER postgres LOCATION '/srv/fast';

\unrestrict hgC60PxBffJ5chOmEXsyxVG3Vw1r5AVgui426pPVu80YkuxQR4nsyHyjYwlzHFw
"#;

    #[test]
    fn reads_roles_attributes_settings_and_memberships() {
        let globals = parse(DUMPALL).unwrap();
        let names: Vec<&str> = globals.roles.keys().map(String::as_str).collect();
        assert_eq!(names, ["Shop Owner", "postgres", "reader"]);
        let reader = &globals.roles["reader"];
        assert!(reader.attributes.is_empty(), "{reader:?}");
        assert_eq!(
            reader.statements,
            [
                "COMMENT ON ROLE reader IS 'it''s; odd'",
                "ALTER ROLE reader SET work_mem TO '8MB'"
            ]
        );
        let owner = &globals.roles["Shop Owner"];
        assert_eq!(
            owner.attributes,
            [
                "CREATEDB",
                "LOGIN",
                "CONNECTION LIMIT 5",
                "PASSWORD 'SCRAM-SHA-256$4096:abc'",
                "VALID UNTIL '2030-01-01 00:00:00+00'"
            ]
        );
        assert_eq!(
            owner.memberships,
            [(
                "reader".to_string(),
                "GRANT reader TO \"Shop Owner\"".to_string()
            )]
        );
        assert_eq!(
            globals.roles["postgres"].attributes,
            [
                "SUPERUSER",
                "CREATEROLE",
                "CREATEDB",
                "LOGIN",
                "REPLICATION",
                "BYPASSRLS"
            ]
        );
    }

    #[test]
    fn an_unknown_attribute_is_refused_naming_the_role() {
        let err = parse("CREATE ROLE x; ALTER ROLE x WITH LOGIN FLY;").unwrap_err();
        assert!(err.to_string().contains("role x"), "{err}");
        assert!(err.to_string().contains("fly"), "{err}");
    }

    #[test]
    fn identifiers_skip_literals_comments_and_bodies() {
        let names = identifiers(
            "-- owner: ghost\nALTER TABLE public.t OWNER TO shop_owner;\n\
             GRANT SELECT ON TABLE public.t TO \"Read Only\";\n\
             COMMENT ON TABLE public.t IS 'for phantom';\n\
             CREATE FUNCTION f() RETURNS int AS $$ SELECT spectre $$ LANGUAGE sql;",
        );
        for name in ["shop_owner", "Read Only", "public", "t"] {
            assert!(names.contains(name), "{name} missing from {names:?}");
        }
        for name in ["ghost", "phantom", "spectre"] {
            assert!(!names.contains(name), "{name} in {names:?}");
        }
    }
}

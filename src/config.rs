//! Layered configuration. Each setting comes from the first of these that has it:
//! a flag, a `PMC_*` environment variable, the store's own environment name (`DATABASE_URL`,
//! `CHINESE_API_*`, …), a `.env` file, `pmc.toml`, the built-in default.
//!
//! Every value is parsed while loading, so a malformed one stops pmc before it touches anything,
//! with one line that names the file (and line) or the variable. Each value remembers its
//! source, which `pmc config` prints.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;
use url::Url;

use crate::error::Failure;

/// What a setting holds, and so how its text is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A `postgres://` URL; its password is redacted on display.
    DatabaseUrl,
    /// An `http(s)://` URL.
    HttpUrl,
    /// `5s`, `2m`, `1h 30m`, or a whole number of seconds.
    Duration,
    /// A [`Kind::Duration`] that bounds a wait, so more than zero.
    Timeout,
    /// A duration PostgreSQL itself enforces (a session setting in milliseconds, where 0
    /// would mean no limit at all).
    PgTimeout,
    /// `800MB`, `1GiB`, or a whole number of bytes.
    Size,
    /// A [`Kind::Size`] that is a limit, so more than zero (unset means no limit).
    SizeLimit,
    /// A whole number (`7`).
    Count,
    /// `20%`: a fraction between 0 and 100 percent.
    Percent,
    Path,
}

/// One configuration key, its names in every layer, and its default.
#[derive(Debug)]
pub struct Setting {
    /// `section.name`, as written in pmc.toml.
    pub key: &'static str,
    /// The name the store itself reads from its environment and `.env`, if any.
    pub store_env: Option<&'static str>,
    /// The global flag that sets it, if any.
    pub flag: Option<&'static str>,
    pub default: Option<&'static str>,
    pub kind: Kind,
    /// Shown as `********` and never logged.
    pub secret: bool,
    pub help: &'static str,
}

/// Every setting pmc knows. pmc.toml may hold only these keys.
pub const SETTINGS: &[Setting] = &[
    Setting {
        key: "database.url",
        store_env: Some("DATABASE_URL"),
        flag: Some("--database-url"),
        default: None,
        kind: Kind::DatabaseUrl,
        secret: false,
        help: "PostgreSQL URL of the store database (the password is never printed)",
    },
    Setting {
        key: "database.statement_timeout",
        store_env: None,
        flag: None,
        default: Some("5m"),
        kind: Kind::PgTimeout,
        secret: false,
        help: "longest a single SQL statement of pmc may run",
    },
    Setting {
        key: "database.lock_timeout",
        store_env: None,
        flag: None,
        default: Some("5s"),
        kind: Kind::PgTimeout,
        secret: false,
        help: "longest pmc waits for a row or table lock before giving up",
    },
    Setting {
        key: "database.connect_timeout",
        store_env: None,
        flag: None,
        default: Some("10s"),
        kind: Kind::Timeout,
        secret: false,
        help: "longest pmc waits to connect to the database",
    },
    Setting {
        key: "database.size_limit",
        store_env: None,
        flag: None,
        default: None,
        kind: Kind::SizeLimit,
        secret: false,
        help: "storage limit of the database plan, for db-size percentages and days until full",
    },
    Setting {
        key: "store.api_url",
        store_env: Some("API_BASE_URL"),
        flag: None,
        default: None,
        kind: Kind::HttpUrl,
        secret: false,
        help: "base URL of the store backend",
    },
    Setting {
        key: "store.images_dir",
        store_env: None,
        flag: None,
        default: Some("generated-images"),
        kind: Kind::Path,
        secret: false,
        help: "folder of generated and uploaded images",
    },
    Setting {
        key: "orders.stuck_pending_payment",
        store_env: None,
        flag: None,
        default: Some("2h"),
        kind: Kind::Duration,
        secret: false,
        help: "orders stuck: a pending_payment order with a Stripe checkout older than this",
    },
    Setting {
        key: "orders.stuck_paid_not_sent",
        store_env: None,
        flag: None,
        default: Some("30m"),
        kind: Kind::Duration,
        secret: false,
        help: "orders stuck: a paid order not sent to the factory for longer than this (critical)",
    },
    Setting {
        key: "orders.stuck_sent_no_progress",
        store_env: None,
        flag: None,
        default: Some("72h"),
        kind: Kind::Duration,
        secret: false,
        help: "orders stuck: a sent_to_chinese order unchanged for longer than this",
    },
    Setting {
        key: "orders.stuck_vending_pending",
        store_env: None,
        flag: None,
        default: Some("1h"),
        kind: Kind::Duration,
        secret: false,
        help: "orders stuck: a vending session in payment_pending for longer than this",
    },
    Setting {
        key: "partner.base_url",
        store_env: Some("CHINESE_API_BASE_URL"),
        flag: None,
        default: None,
        kind: Kind::HttpUrl,
        secret: false,
        help: "base URL of the manufacturing partner API",
    },
    Setting {
        key: "partner.account",
        store_env: Some("CHINESE_API_ACCOUNT"),
        flag: None,
        default: None,
        kind: Kind::Text,
        secret: false,
        help: "partner API account (an e-mail address)",
    },
    Setting {
        key: "partner.password",
        store_env: Some("CHINESE_API_PASSWORD"),
        flag: None,
        default: None,
        kind: Kind::Text,
        secret: true,
        help: "partner API password",
    },
    Setting {
        key: "partner.fixed_key",
        store_env: Some("CHINESE_API_FIXED_KEY"),
        flag: None,
        default: None,
        kind: Kind::Text,
        secret: true,
        help: "shared secret the partner signatures end with",
    },
    Setting {
        key: "partner.system_name",
        store_env: Some("CHINESE_API_SYSTEM_NAME"),
        flag: None,
        default: Some("mobileShell"),
        kind: Kind::Text,
        secret: false,
        help: "system name the partner signatures include",
    },
    Setting {
        key: "partner.device_id",
        store_env: Some("CHINESE_API_DEVICE_ID"),
        flag: None,
        default: Some("JMSOOMSZRQO9"),
        kind: Kind::Text,
        secret: false,
        help: "default device id for partner calls",
    },
    Setting {
        key: "backup.repo",
        store_env: None,
        flag: None,
        default: None,
        kind: Kind::Path,
        secret: false,
        help: "backup repository: a local directory (0700) holding one folder per backup",
    },
    Setting {
        key: "backup.encrypt_to",
        store_env: None,
        flag: None,
        default: None,
        kind: Kind::Text,
        secret: false,
        help: "age recipients (X25519 public keys, comma-separated) to encrypt backups to",
    },
    Setting {
        key: "backup.identity_file",
        store_env: None,
        flag: None,
        default: None,
        kind: Kind::Path,
        secret: false,
        help: "age identity file that decrypts encrypted backups (restore, verify)",
    },
    Setting {
        key: "backup.keep_last",
        store_env: None,
        flag: None,
        default: Some("1"),
        kind: Kind::Count,
        secret: false,
        help: "retention: always keep this many newest good backups (the newest is kept even at 0)",
    },
    Setting {
        key: "backup.keep_daily",
        store_env: None,
        flag: None,
        default: Some("7"),
        kind: Kind::Count,
        secret: false,
        help: "retention: keep the newest good backup of each of this many days",
    },
    Setting {
        key: "backup.keep_weekly",
        store_env: None,
        flag: None,
        default: Some("4"),
        kind: Kind::Count,
        secret: false,
        help: "retention: keep the newest good backup of each of this many ISO weeks",
    },
    Setting {
        key: "backup.keep_monthly",
        store_env: None,
        flag: None,
        default: Some("12"),
        kind: Kind::Count,
        secret: false,
        help: "retention: keep the newest good backup of each of this many months",
    },
    Setting {
        key: "backup.min_size",
        store_env: None,
        flag: None,
        default: Some("1KiB"),
        kind: Kind::Size,
        secret: false,
        help: "a dump smaller than this is refused (exit 65) and not marked good",
    },
    Setting {
        key: "backup.max_row_drop",
        store_env: None,
        flag: None,
        default: Some("20%"),
        kind: Kind::Percent,
        secret: false,
        help: "refuse a backup whose orders, sessions or phone models lost more rows than this",
    },
    Setting {
        key: "backup.max_age",
        store_env: None,
        flag: None,
        default: Some("26h"),
        kind: Kind::Duration,
        secret: false,
        help: "backup status: the latest good backup may be at most this old",
    },
];

impl Setting {
    /// The `PMC_*` environment name: `database.lock_timeout` is `PMC_DATABASE_LOCK_TIMEOUT`.
    pub fn pmc_env(&self) -> String {
        format!("PMC_{}", self.key.replace('.', "_").to_uppercase())
    }

    fn find(key: &str) -> Option<&'static Setting> {
        SETTINGS.iter().find(|s| s.key == key)
    }
}

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    Default,
    ConfigFile {
        path: PathBuf,
        line: usize,
    },
    EnvFile {
        path: PathBuf,
        line: usize,
        variable: String,
    },
    Environment {
        variable: String,
    },
    Flag {
        flag: String,
    },
    /// Set by `pmc demo` for the sandbox store.
    Sandbox,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => write!(f, "default"),
            Source::ConfigFile { path, line } => write!(f, "{} line {line}", path.display()),
            Source::EnvFile {
                path,
                line,
                variable,
            } => {
                write!(f, "{} line {line} ({variable})", path.display())
            }
            Source::Environment { variable } => write!(f, "environment {variable}"),
            Source::Flag { flag } => write!(f, "flag {flag}"),
            Source::Sandbox => write!(f, "pmc demo sandbox"),
        }
    }
}

/// A parsed value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Url(Url),
    Duration(Duration),
    Size(u64),
    Count(u64),
    /// A fraction: `20%` is 0.2.
    Fraction(f64),
    Path(PathBuf),
}

/// A value with its source.
#[derive(Clone)]
pub struct Resolved {
    pub setting: &'static Setting,
    pub value: Value,
    pub source: Source,
}

impl Resolved {
    /// The value as shown to people: secrets masked, URL passwords redacted.
    pub fn display_value(&self) -> String {
        if self.setting.secret {
            return "********".to_string();
        }
        match &self.value {
            Value::Text(s) if is_age_secret_key(s) => "********".to_string(),
            Value::Text(s) => s.clone(),
            Value::Url(u) => redact_url(u.as_str()),
            Value::Duration(d) => crate::output::duration_text(*d),
            Value::Size(b) => format!("{} ({b} bytes)", bytesize::ByteSize(*b).display().iec()),
            Value::Count(n) => n.to_string(),
            Value::Fraction(f) => format!("{}%", f * 100.0),
            Value::Path(p) => p.display().to_string(),
        }
    }
}

// Secrets must never reach a log line through `{:?}`.
impl fmt::Debug for Resolved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}={} ({})",
            self.setting.key,
            self.display_value(),
            self.source
        )
    }
}

/// Replaces the password of a URL (user info, or a `password=` query parameter) with `***`.
/// Text that does not parse as a URL may still be a mistyped one (a bad port, a `#` in the
/// password): what could be a password in it is hidden all the same.
pub fn redact_url(text: &str) -> String {
    let Ok(mut url) = Url::parse(text) else {
        return redact_unparsed_url(text);
    };
    // `postgres://ops:2024#Summer@db/store` parses, as host `ops`, port 2024 and a fragment:
    // an `@` after the authority means the password was cut short by a `#`, `?` or `/` in it.
    if [
        url.path(),
        url.query().unwrap_or(""),
        url.fragment().unwrap_or(""),
    ]
    .iter()
    .any(|part| part.contains('@'))
    {
        return redact_unparsed_url(text);
    }
    if url.password().is_some() {
        // Setting a password only fails for URLs that cannot have one, which this one has.
        let _ = url.set_password(Some("***"));
    }
    if url.query_pairs().any(|(k, _)| secret_parameter(&k)) {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let v = if secret_parameter(&k) {
                    "***".into()
                } else {
                    v.into()
                };
                (k.into_owned(), v)
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
    url.to_string()
}

/// A URL query parameter that holds a secret: `password`, libpq's `sslpassword`, an API
/// `token`, `secret` or `key`.
fn secret_parameter(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["password", "token", "secret", "key"]
        .iter()
        .any(|s| name.ends_with(s))
}

/// Inputs of a load, injected so tests need not touch the process environment or HOME.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// `--config FILE`: must exist when given.
    pub config_file: Option<PathBuf>,
    /// `--env-file FILE`: must exist when given.
    pub env_file: Option<PathBuf>,
    /// Values from flags, by setting key.
    pub flags: Vec<(&'static str, String)>,
    /// The process environment.
    pub env: BTreeMap<String, String>,
    /// Names of the environment variables whose value is not UTF-8: an error if pmc reads one,
    /// and never shown (it may be a secret).
    pub env_not_utf8: Vec<String>,
    /// Where `./pmc.toml` and `./.env` are looked for.
    pub cwd: PathBuf,
    /// The user config directory (`~/.config/pmc`), where `pmc.toml` is looked for second.
    pub user_config_dir: Option<PathBuf>,
}

impl LoadOptions {
    /// The real environment, current directory and user config directory.
    pub fn from_process(
        config_file: Option<PathBuf>,
        env_file: Option<PathBuf>,
        flags: Vec<(&'static str, String)>,
    ) -> Self {
        // std::env::vars() panics on a value that is not UTF-8, and the panic shows it.
        let mut env = BTreeMap::new();
        let mut env_not_utf8 = Vec::new();
        for (name, value) in std::env::vars_os() {
            match (name.into_string(), value.into_string()) {
                (Ok(name), Ok(value)) => {
                    env.insert(name, value);
                }
                (Ok(name), Err(_)) => env_not_utf8.push(name),
                (Err(_), _) => {}
            }
        }
        LoadOptions {
            config_file,
            env_file,
            flags,
            env,
            env_not_utf8,
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            user_config_dir: directories::ProjectDirs::from("", "", "pmc")
                .map(|dirs| dirs.config_dir().to_path_buf()),
        }
    }
}

/// The effective configuration.
#[derive(Debug, Clone)]
pub struct Config {
    values: BTreeMap<&'static str, Resolved>,
    /// The pmc.toml that was read, if any.
    pub config_file: Option<PathBuf>,
    /// The .env file that was read, if any.
    pub env_file: Option<PathBuf>,
}

impl Config {
    /// Loads every layer. A malformed file or value is a `Failure::Config` naming it.
    pub fn load(opts: &LoadOptions) -> anyhow::Result<Config> {
        let mut config = Config {
            values: BTreeMap::new(),
            config_file: None,
            env_file: None,
        };
        for setting in SETTINGS {
            if let Some(default) = setting.default {
                config.set(setting, default, Source::Default)?;
            }
        }

        let toml_path = match &opts.config_file {
            Some(path) => Some(require_file(path, "--config")?),
            None => std::iter::once(opts.cwd.join("pmc.toml"))
                .chain(opts.user_config_dir.iter().map(|dir| dir.join("pmc.toml")))
                // A folder or an unreadable file of that name is an error, not no file.
                .find(|path| path.exists()),
        };
        if let Some(path) = toml_path {
            config.apply_toml(&path)?;
            config.config_file = Some(path);
        }

        let env_path = match &opts.env_file {
            Some(path) => Some(require_file(path, "--env-file")?),
            None => Some(opts.cwd.join(".env")).filter(|path| path.exists()),
        };
        if let Some(path) = env_path {
            config.apply_env_file(&path)?;
            config.env_file = Some(path);
        }

        for setting in SETTINGS {
            let names = setting.store_env.map(str::to_string).into_iter();
            if let Some(name) = names
                .chain([setting.pmc_env()])
                .find(|name| opts.env_not_utf8.contains(name))
            {
                return Err(Failure::Config(format!(
                    "environment variable {name} is not valid UTF-8, so pmc cannot read {}",
                    setting.key
                ))
                .into());
            }
        }
        // Store names first, so a PMC_* variable beside one wins.
        for setting in SETTINGS {
            if let Some(name) = setting.store_env
                && let Some(raw) = opts.env.get(name)
            {
                config.set(
                    setting,
                    raw,
                    Source::Environment {
                        variable: name.to_string(),
                    },
                )?;
            }
        }
        for setting in SETTINGS {
            let name = setting.pmc_env();
            if let Some(raw) = opts.env.get(&name) {
                config.set(setting, raw, Source::Environment { variable: name })?;
            }
        }
        for (key, raw) in &opts.flags {
            let setting = Setting::find(key).expect("flags name known settings");
            let flag = setting.flag.unwrap_or(key).to_string();
            config.set(setting, raw, Source::Flag { flag })?;
        }
        Ok(config)
    }

    /// Sets a value from outside the layers, e.g. the sandbox store of `pmc demo`.
    pub fn set_override(&mut self, key: &str, raw: &str, source: Source) -> anyhow::Result<()> {
        let setting = Setting::find(key)
            .ok_or_else(|| Failure::Config(format!("unknown configuration key {key}")))?;
        self.set(setting, raw, source)
    }

    /// Parses and stores a value; an empty value unsets the setting (as the store's own
    /// `.env` leaves unused variables empty), which puts its default back: an empty
    /// `PMC_DATABASE_LOCK_TIMEOUT=` must not become a timeout of 0, PostgreSQL's "no limit".
    fn set(&mut self, setting: &'static Setting, raw: &str, source: Source) -> anyhow::Result<()> {
        let raw = raw.trim();
        if raw.is_empty() {
            self.values.remove(setting.key);
            if let Some(default) = setting.default {
                return self.set(setting, default, Source::Default);
            }
            return Ok(());
        }
        let value = parse_value(setting, raw).map_err(|why| {
            let shown = if setting.secret {
                "********".to_string()
            } else if setting.kind == Kind::DatabaseUrl {
                redact_database_url(raw)
            } else {
                redact_url(raw)
            };
            let message = format!(
                "invalid value {shown:?} for {} from {source}: {why}",
                setting.key
            );
            // A bad value typed on the command line is a usage error (64), as for every flag;
            // one in a file or the environment is a configuration error (78).
            match source {
                Source::Flag { .. } => Failure::Usage(message),
                _ => Failure::Config(message),
            }
        })?;
        self.values.insert(
            setting.key,
            Resolved {
                setting,
                value,
                source,
            },
        );
        Ok(())
    }

    fn apply_toml(&mut self, path: &Path) -> anyhow::Result<()> {
        let text = fs_err::read_to_string(path)
            .map_err(|e| Failure::Config(format!("cannot read config file: {e}")))?;
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        type Entries = BTreeMap<toml::Spanned<String>, toml::Spanned<toml::Value>>;
        type Sections = BTreeMap<toml::Spanned<String>, toml::Spanned<Entries>>;
        let known_keys = || {
            SETTINGS
                .iter()
                .map(|s| s.key)
                .collect::<Vec<_>>()
                .join(", ")
        };
        // A key above every [section] header: say where it belongs, not "expected a map".
        if let Ok(top) = toml::from_str::<Entries>(&text)
            && let Some((key, value)) = top.iter().find(|(_, v)| !v.get_ref().is_table())
        {
            // `[[database]]` is an array of tables: one [database] section is what pmc reads.
            let why =
                if value.get_ref().is_array() && text.contains(&format!("[[{}]]", key.get_ref())) {
                    format!(
                        "[[{0}]] is a list of sections; write [{0}] once",
                        key.get_ref()
                    )
                } else {
                    format!(
                        "{} is not in a [section]; pmc's keys are {}",
                        key.get_ref(),
                        known_keys()
                    )
                };
            return Err(Failure::Config(format!(
                "{} line {}: {why}",
                path.display(),
                line_of(key.span().start),
            ))
            .into());
        }
        let sections: Sections = toml::from_str(&text).map_err(|e| {
            let line = e.span().map_or(1, |span| line_of(span.start));
            Failure::Config(format!(
                "{} line {line}: {}",
                path.display(),
                e.message().trim_end_matches('\n')
            ))
        })?;
        for (section, entries) in &sections {
            for (name, value) in entries.get_ref() {
                let key = format!("{}.{}", section.get_ref(), name.get_ref());
                let line = line_of(name.span().start);
                let setting = Setting::find(&key).ok_or_else(|| {
                    Failure::Config(format!(
                        "{} line {line}: unknown key {key} (known keys: {})",
                        path.display(),
                        known_keys()
                    ))
                })?;
                let raw = match value.get_ref() {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Integer(i) => i.to_string(),
                    other => {
                        return Err(Failure::Config(format!(
                            "{} line {line}: {key} must be a string, not a {}",
                            path.display(),
                            other.type_str()
                        ))
                        .into());
                    }
                };
                self.set(
                    setting,
                    &raw,
                    Source::ConfigFile {
                        path: path.to_path_buf(),
                        line,
                    },
                )?;
            }
        }
        Ok(())
    }

    fn apply_env_file(&mut self, path: &Path) -> anyhow::Result<()> {
        let text = fs_err::read_to_string(path)
            .map_err(|e| Failure::Config(format!("cannot read env file: {e}")))?;
        let read_by_pmc = |name: &str| {
            SETTINGS
                .iter()
                .any(|s| s.store_env == Some(name) || s.pmc_env() == name)
        };
        // The last assignment of a name wins, as in python-dotenv.
        let mut lookup: BTreeMap<String, (usize, String)> = BTreeMap::new();
        for entry in crate::dotenv::parse(&text) {
            match entry.value {
                Ok(value) => {
                    lookup.insert(entry.name, (entry.line, value));
                }
                // Never the line's text: it may hold a password.
                Err(why) if read_by_pmc(&entry.name) => {
                    return Err(Failure::Config(format!(
                        "{} line {}: cannot read the value of {}: {why}",
                        path.display(),
                        entry.line,
                        entry.name
                    ))
                    .into());
                }
                // The store's backend skips such a line too (python-dotenv warns and goes on).
                Err(why) => tracing::warn!(
                    file = %path.display(),
                    line = entry.line,
                    "skipped a line pmc does not read: {why}"
                ),
            }
        }
        // Store names first, so a PMC_* line in the same file wins, as in the environment.
        for setting in SETTINGS {
            for name in setting
                .store_env
                .map(str::to_string)
                .into_iter()
                .chain([setting.pmc_env()])
            {
                if let Some((line, raw)) = lookup.get(&name) {
                    let source = Source::EnvFile {
                        path: path.to_path_buf(),
                        line: *line,
                        variable: name.clone(),
                    };
                    self.set(setting, raw, source)?;
                }
            }
        }
        Ok(())
    }

    /// The resolved value of a key, if set.
    pub fn get(&self, key: &str) -> Option<&Resolved> {
        self.values.get(key)
    }

    /// Every setting in the table order, with its value if set.
    pub fn entries(&self) -> impl Iterator<Item = (&'static Setting, Option<&Resolved>)> {
        SETTINGS.iter().map(|s| (s, self.values.get(s.key)))
    }

    /// A URL setting.
    pub fn url(&self, key: &str) -> Option<&Url> {
        match self.get(key).map(|r| &r.value) {
            Some(Value::Url(url)) => Some(url),
            _ => None,
        }
    }

    /// A duration setting (every duration setting has a default).
    pub fn duration(&self, key: &str) -> Duration {
        match self.get(key).map(|r| &r.value) {
            Some(Value::Duration(d)) => *d,
            _ => Duration::ZERO,
        }
    }

    /// A size setting in bytes.
    pub fn size(&self, key: &str) -> Option<u64> {
        match self.get(key).map(|r| &r.value) {
            Some(Value::Size(b)) => Some(*b),
            _ => None,
        }
    }

    /// A whole-number setting.
    pub fn count(&self, key: &str) -> Option<u64> {
        match self.get(key).map(|r| &r.value) {
            Some(Value::Count(n)) => Some(*n),
            _ => None,
        }
    }

    /// A percentage setting as a fraction (`20%` is 0.2).
    pub fn fraction(&self, key: &str) -> Option<f64> {
        match self.get(key).map(|r| &r.value) {
            Some(Value::Fraction(f)) => Some(*f),
            _ => None,
        }
    }

    /// A text or path setting.
    pub fn text(&self, key: &str) -> Option<String> {
        match self.get(key).map(|r| &r.value) {
            Some(Value::Text(s)) => Some(s.clone()),
            Some(Value::Path(p)) => Some(p.display().to_string()),
            _ => None,
        }
    }
}

fn require_file(path: &Path, flag: &str) -> anyhow::Result<PathBuf> {
    let problem = if path.is_file() {
        return Ok(path.to_path_buf());
    } else if path.is_dir() {
        "is a folder, not a file"
    } else {
        "no such file"
    };
    Err(Failure::Config(format!(
        "{flag} {}: {problem} (check the path, or leave {flag} out to use the defaults)",
        path.display()
    ))
    .into())
}

fn parse_value(setting: &Setting, raw: &str) -> Result<Value, String> {
    match setting.kind {
        Kind::Text => Ok(Value::Text(raw.to_string())),
        Kind::Path => Ok(Value::Path(PathBuf::from(raw))),
        Kind::DatabaseUrl => {
            let url = Url::parse(raw).map_err(|e| format!("not a URL ({e})"))?;
            match url.scheme() {
                // `postgres:ops:pw@host/db` parses, as a path: no host, no user, no password.
                "postgres" | "postgresql" if url.cannot_be_a_base() => Err(format!(
                    "{}: is not followed by // (postgres://user@host/database)",
                    url.scheme()
                )),
                "postgres" | "postgresql" => Ok(Value::Url(url)),
                // Not the scheme's name: `ops:pw@host/db` parses with scheme `ops`.
                _ if url.cannot_be_a_base() => {
                    Err("not a postgres:// URL (postgres://user@host/database)".into())
                }
                other => Err(format!(
                    "scheme {other}:// is not postgres:// or postgresql://"
                )),
            }
        }
        Kind::HttpUrl => {
            let url = Url::parse(raw).map_err(|e| format!("not a URL ({e})"))?;
            match url.scheme() {
                "http" | "https" => Ok(Value::Url(url)),
                other => Err(format!("scheme {other}:// is not http:// or https://")),
            }
        }
        Kind::Duration => parse_duration(raw).map(Value::Duration),
        Kind::Timeout => match parse_duration(raw)? {
            d if d.is_zero() => Err("a timeout of 0 leaves no time at all".into()),
            d => Ok(Value::Duration(d)),
        },
        Kind::PgTimeout => parse_pg_timeout(raw).map(Value::Duration),
        Kind::Size => parse_size(raw).map(Value::Size),
        Kind::SizeLimit => match parse_size(raw)? {
            0 => Err("a limit of 0 bytes leaves no room: leave it unset for no limit".into()),
            bytes => Ok(Value::Size(bytes)),
        },
        Kind::Count => raw
            .trim()
            .parse::<u64>()
            .map(Value::Count)
            .map_err(|_| format!("{raw:?} is not a whole number")),
        Kind::Percent => parse_percent(raw).map(Value::Fraction),
    }
}

/// `20%` (or `20`) as the fraction 0.2; between 0 and 100 percent.
pub fn parse_percent(raw: &str) -> Result<f64, String> {
    let number = raw.trim().trim_end_matches('%').trim();
    match number.parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Ok(p / 100.0),
        _ => Err(format!("{raw:?} is not a percentage between 0% and 100%")),
    }
}

/// The longest duration pmc takes, 1000 years: beyond it a value is a typo, and a date that
/// long ago is outside PostgreSQL's range (an `--older-than 100000y` cutoff would fail in SQL).
pub const LONGEST_DURATION: Duration = Duration::from_secs(1000 * 31_557_600);

/// `5s`, `2m`, `1h 30m`, `7d`, or a whole number of seconds; at most 1000 years.
pub fn parse_duration(raw: &str) -> Result<Duration, String> {
    // humantime reads `M` as months (30.44 days): `5M` typed for five minutes would be five
    // months, for a backup's maximum age or a cleanup's cutoff alike. Months are refused.
    let months = raw
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|unit| matches!(unit, "M" | "month" | "months" | "mo"));
    if months {
        return Err(
            "months are not a unit here (`M` is months, `m` minutes): give days, as 30d".into(),
        );
    }
    let duration = match raw.parse::<u64>() {
        Ok(secs) => Duration::from_secs(secs),
        Err(_) => humantime::parse_duration(raw)
            .map_err(|_| "not a duration (examples: 30s, 5m, 1h 30m, 7d)".to_string())?,
    };
    if duration > LONGEST_DURATION {
        return Err("must be at most 1000 years".into());
    }
    Ok(duration)
}

/// A PostgreSQL timeout setting: PostgreSQL takes at most 2147483647 ms (24d 20h 31m 23s).
pub fn parse_pg_timeout(raw: &str) -> Result<Duration, String> {
    let duration = parse_duration(raw)?;
    if duration.as_millis() > i32::MAX as u128 {
        return Err("PostgreSQL takes at most 24d 20h 31m 23s".into());
    }
    // PostgreSQL reads 0 as no limit, which would let pmc wait on a lock or run a statement
    // for ever: the opposite of what the setting is for.
    if duration.as_millis() == 0 {
        return Err("0 would turn PostgreSQL's limit off: give at least 1ms".into());
    }
    Ok(duration)
}

/// `800MB`, `1 GiB`, `1.5GB`, or a whole number of bytes.
pub fn parse_size(raw: &str) -> Result<u64, String> {
    const TOO_LARGE: &str =
        "too large a size (at most 18446744073709551615 bytes, just under 16 EiB)";
    let digits = raw.trim().trim_end_matches(['B', 'b']).trim_end();
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return digits.parse::<u64>().map_err(|_| TOO_LARGE.to_string());
    }
    let bytes = raw
        .parse::<bytesize::ByteSize>()
        .map(|b| b.as_u64())
        .map_err(|_| "not a size (examples: 800MB, 1GiB, 1073741824)".to_string())?;
    // bytesize saturates a size with a unit (`99999999999PiB`) at u64::MAX instead of failing.
    if bytes == u64::MAX {
        return Err(TOO_LARGE.into());
    }
    Ok(bytes)
}

/// Whether `text` holds an age secret key: an identity pasted where its public key belongs
/// (`backup.encrypt_to`) must be masked like any other secret.
pub fn is_age_secret_key(text: &str) -> bool {
    text.to_ascii_uppercase().contains("AGE-SECRET-KEY-")
}

/// A database URL that was refused, for its error message: [`redact_url`], and where that
/// finds no password to mask although the text is no URL with a host (`postgres://ops:pw`,
/// `ops:pw/db`, a bare `pw`), everything that could be one: after the first `:` of the
/// authority up to the path, or the whole text when it has no `:`.
fn redact_database_url(raw: &str) -> String {
    let shown = redact_url(raw);
    let plain_url = Url::parse(raw).is_ok_and(|url| url.has_host() && url.password().is_none());
    if shown != raw || plain_url {
        return shown;
    }
    let authority = credentials_start(raw);
    match raw[authority..].find(':').map(|i| authority + i) {
        Some(colon) => {
            let end = raw[colon..].find('/').map_or(raw.len(), |i| colon + i);
            format!("{}***{}", &raw[..=colon], &raw[end..])
        }
        None if authority == 0 => "***".into(),
        None => raw.to_string(),
    }
}

/// Where `user:password` would start in a URL-like text: after `://`, else after a
/// `postgres:` missing its `//`, else at the start (`ops:pw@host/db`, the scheme forgotten).
fn credentials_start(text: &str) -> usize {
    if let Some(i) = text.find("://") {
        return i + 3;
    }
    let lower = text.to_ascii_lowercase();
    ["postgresql:", "postgres:"]
        .iter()
        .find(|scheme| lower.starts_with(*scheme))
        .map_or(0, |scheme| scheme.len())
}

/// [`redact_url`] for text that is not a URL: after `scheme://`, everything between the first
/// `:` and the last `@` (a password may hold `@`, `/`, `#`), and each `password=` value.
fn redact_unparsed_url(text: &str) -> String {
    let mut text = text.to_string();
    let authority = credentials_start(&text);
    if let Some(at) = text[authority..].rfind('@').map(|i| authority + i)
        && let Some(colon) = text[authority..at].find(':').map(|i| authority + i)
    {
        text.replace_range(colon + 1..at, "***");
    }
    // Each `name=value` whose name holds a secret, wherever it is.
    let mut out = String::new();
    let mut rest = 0;
    for (eq, _) in text.match_indices('=') {
        if eq < rest {
            continue;
        }
        let name_start = text[..eq]
            .rfind(['?', '&', ' ', '/', '#'])
            .map_or(0, |i| i + 1);
        if !secret_parameter(&text[name_start..eq]) {
            continue;
        }
        let end = text[eq + 1..].find('&').map_or(text.len(), |i| eq + 1 + i);
        out.push_str(&text[rest..=eq]);
        out.push_str("***");
        rest = end;
    }
    out.push_str(&text[rest..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_bounded_where_postgresql_would_refuse_them() {
        assert_eq!(parse_duration("7d"), Ok(Duration::from_secs(7 * 86400)));
        assert_eq!(parse_duration("1000y"), Ok(LONGEST_DURATION));
        assert!(parse_duration("5M").is_err());
        assert!(parse_duration("2months").is_err());
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert!(parse_duration("1001y").is_err());
        assert!(parse_pg_timeout("24d").is_ok());
        assert!(parse_pg_timeout("25d").is_err());
        // 0 is PostgreSQL's "no limit", and so is anything below a millisecond.
        assert!(parse_pg_timeout("0").is_err());
        let connect = SETTINGS
            .iter()
            .find(|s| s.key == "database.connect_timeout")
            .unwrap();
        assert!(parse_value(connect, "0s").is_err());
        assert!(parse_value(connect, "1s").is_ok());
    }

    #[test]
    fn sizes_too_large_are_refused_with_or_without_a_unit() {
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("18446744073709551615"), Ok(u64::MAX));
        assert!(parse_size("99999999999PiB").is_err());
        assert!(
            parse_size("18446744073709551616")
                .unwrap_err()
                .starts_with("too large")
        );
        assert_eq!(parse_size("18446744073709551615B"), Ok(u64::MAX));
        assert_eq!(parse_size("2048 B"), Ok(2048));
        assert!(
            parse_size("16EiB")
                .unwrap_err()
                .contains("just under 16 EiB")
        );
    }

    #[test]
    fn an_empty_value_puts_the_default_back() {
        let dir = tempfile::tempdir().unwrap();
        fs_err::write(
            dir.path().join(".env"),
            "PMC_DATABASE_LOCK_TIMEOUT=\nPMC_DATABASE_CONNECT_TIMEOUT=\n",
        )
        .unwrap();
        let c = Config::load(&opts(dir.path())).unwrap();
        assert_eq!(c.duration("database.lock_timeout"), Duration::from_secs(5));
        assert_eq!(
            c.duration("database.connect_timeout"),
            Duration::from_secs(10)
        );
        assert!(matches!(
            c.get("database.lock_timeout").unwrap().source,
            Source::Default
        ));
    }

    fn opts(dir: &Path) -> LoadOptions {
        LoadOptions {
            cwd: dir.to_path_buf(),
            ..LoadOptions::default()
        }
    }

    #[test]
    fn precedence_runs_flag_pmc_env_store_env_dotenv_toml_default() {
        let dir = tempfile::tempdir().unwrap();
        fs_err::write(
            dir.path().join("pmc.toml"),
            "[database]\nlock_timeout = \"1s\"\nstatement_timeout = \"1s\"\nconnect_timeout = \"1s\"\n\
             url = \"postgres://toml@h/db\"\n",
        )
        .unwrap();
        fs_err::write(
            dir.path().join(".env"),
            "PMC_DATABASE_STATEMENT_TIMEOUT=2s\nPMC_DATABASE_CONNECT_TIMEOUT=2s\nDATABASE_URL=postgres://dotenv@h/db\n",
        )
        .unwrap();
        let mut o = opts(dir.path());
        o.env
            .insert("PMC_DATABASE_CONNECT_TIMEOUT".into(), "3s".into());
        o.env
            .insert("DATABASE_URL".into(), "postgres://env@h/db".into());
        o.flags
            .push(("database.url", "postgres://flag@h/db".into()));
        let c = Config::load(&o).unwrap();
        assert_eq!(c.duration("database.lock_timeout"), Duration::from_secs(1));
        assert_eq!(
            c.duration("database.statement_timeout"),
            Duration::from_secs(2)
        );
        assert_eq!(
            c.duration("database.connect_timeout"),
            Duration::from_secs(3)
        );
        assert_eq!(c.url("database.url").unwrap().username(), "flag");
        assert_eq!(
            c.get("partner.system_name").unwrap().source,
            Source::Default
        );
        assert!(matches!(
            c.get("database.lock_timeout").unwrap().source,
            Source::ConfigFile { line: 2, .. }
        ));
    }

    #[test]
    fn bad_toml_value_names_file_key_and_line() {
        let dir = tempfile::tempdir().unwrap();
        fs_err::write(
            dir.path().join("pmc.toml"),
            "[database]\n\nlock_timeout = \"soon\"\n",
        )
        .unwrap();
        let err = Config::load(&opts(dir.path())).unwrap_err().to_string();
        assert!(err.contains("database.lock_timeout"), "{err}");
        assert!(err.contains("pmc.toml line 3"), "{err}");
    }

    #[test]
    fn unknown_toml_key_and_syntax_error_are_config_errors() {
        let dir = tempfile::tempdir().unwrap();
        fs_err::write(
            dir.path().join("pmc.toml"),
            "[database]\nlock_timout = \"5s\"\n",
        )
        .unwrap();
        let err = Config::load(&opts(dir.path())).unwrap_err();
        assert_eq!(
            crate::error::exit_for(&err, crate::exit::Exit::Software),
            crate::exit::Exit::Config
        );
        assert!(
            err.to_string()
                .contains("line 2: unknown key database.lock_timout"),
            "{err}"
        );
        fs_err::write(dir.path().join("pmc.toml"), "[database\n").unwrap();
        let err = Config::load(&opts(dir.path())).unwrap_err().to_string();
        assert!(err.contains("pmc.toml line 1"), "{err}");
    }

    #[test]
    fn store_env_file_is_read_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        fs_err::write(
            dir.path().join(".env"),
            "# store settings\nexport DATABASE_URL=\"postgres://u:pw@db:5432/store\"\nJWT_SECRET_KEY=x\n\
             CHINESE_API_PASSWORD='hunter2'\nCHINESE_API_FIXED_KEY=\n",
        )
        .unwrap();
        let c = Config::load(&opts(dir.path())).unwrap();
        let url = c.get("database.url").unwrap();
        assert_eq!(url.display_value(), "postgres://u:***@db:5432/store");
        assert!(matches!(url.source, Source::EnvFile { line: 2, .. }));
        assert_eq!(
            c.get("partner.password").unwrap().display_value(),
            "********"
        );
        assert!(c.get("partner.fixed_key").is_none());
    }

    #[test]
    fn counts_and_percentages_parse_and_reject_nonsense() {
        assert_eq!(parse_percent("20%"), Ok(0.2));
        assert_eq!(parse_percent("5"), Ok(0.05));
        assert!(parse_percent("120%").is_err());
        assert!(parse_percent("-5%").is_err());
        let keep = SETTINGS
            .iter()
            .find(|s| s.key == "backup.keep_daily")
            .unwrap();
        assert!(matches!(parse_value(keep, "7"), Ok(Value::Count(7))));
        assert!(
            parse_value(keep, "seven")
                .unwrap_err()
                .contains("whole number")
        );
    }

    #[test]
    fn redacts_query_passwords_and_leaves_other_text() {
        assert_eq!(
            redact_url("postgres://h/db?user=a&password=b"),
            "postgres://h/db?user=a&password=***"
        );
        assert_eq!(redact_url("not a url"), "not a url");
        // Mistyped URLs that do not parse hide their passwords all the same.
        assert_eq!(
            redact_url("postgres://u:S3cr#t:p@ss/w%rd?x&y@h:5432x/db"),
            "postgres://u:***@h:5432x/db"
        );
        assert_eq!(
            redact_url("postgres://h:bad/db?user=a&PASSWORD=b&x=1"),
            "postgres://h:bad/db?user=a&PASSWORD=***&x=1"
        );
        // A URL that parses, but with the password cut short by a `#` into a fragment.
        assert_eq!(
            redact_url("postgres://ops:2024#Summer@db.example.com/store"),
            "postgres://ops:***@db.example.com/store"
        );
        // libpq's sslpassword, and tokens of API URLs.
        assert_eq!(
            redact_url("postgres://u@h/db?sslpassword=KeyPass&sslmode=require"),
            "postgres://u@h/db?sslpassword=***&sslmode=require"
        );
        assert_eq!(
            redact_url("https://api.example.com/x?token=abc&n=1"),
            "https://api.example.com/x?token=***&n=1"
        );
    }

    #[test]
    fn missing_explicit_files_are_config_errors() {
        let dir = tempfile::tempdir().unwrap();
        let mut o = opts(dir.path());
        o.env_file = Some(dir.path().join("nope.env"));
        let err = Config::load(&o).unwrap_err().to_string();
        assert!(
            err.contains("--env-file") && err.contains("nope.env"),
            "{err}"
        );
    }
}

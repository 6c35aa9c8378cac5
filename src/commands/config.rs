//! `pmc config`: the effective configuration, each value with its source, secrets masked.

use std::io::{self, Write};
use std::path::PathBuf;

use serde::Serialize;

use crate::config::{Config, Source};
use crate::ctx::Ctx;
use crate::exit::Exit;
use crate::output::{Outcome, Report, table};

/// Print the effective configuration.
///
/// Every setting pmc knows, its value (passwords and keys masked, URL passwords redacted),
/// and where the value came from: a flag, an environment variable, a line of .env or
/// pmc.toml, or the default. A malformed file or value exits 78 naming it.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// One setting as shown.
#[derive(Debug, Serialize)]
pub struct Entry {
    pub key: &'static str,
    /// The value as shown (masked when secret); null when not set.
    pub value: Option<String>,
    pub source: Option<Source>,
    pub secret: bool,
    /// The environment variables that set it, strongest first.
    pub environment: Vec<String>,
    pub help: &'static str,
}

/// The configuration report.
#[derive(Debug, Serialize)]
pub struct ConfigReport {
    pub config_file: Option<PathBuf>,
    pub env_file: Option<PathBuf>,
    pub settings: Vec<Entry>,
}

impl ConfigReport {
    pub fn from_config(config: &Config) -> Self {
        let settings = config
            .entries()
            .map(|(setting, resolved)| Entry {
                key: setting.key,
                value: resolved.map(|r| r.display_value()),
                source: resolved.map(|r| r.source.clone()),
                secret: setting.secret,
                environment: std::iter::once(setting.pmc_env())
                    .chain(setting.store_env.map(str::to_string))
                    .collect(),
                help: setting.help,
            })
            .collect();
        ConfigReport {
            config_file: config.config_file.clone(),
            env_file: config.env_file.clone(),
            settings,
        }
    }
}

impl Report for ConfigReport {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn write_table(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()> {
        let shown = |p: &Option<PathBuf>| {
            p.as_ref()
                .map_or("none".into(), |p| p.display().to_string())
        };
        writeln!(out, "config file: {}", shown(&self.config_file))?;
        writeln!(out, "env file:    {}", shown(&self.env_file))?;
        writeln!(out)?;
        let mut t = table::new(
            style,
            &[
                table::text("key"),
                table::text("value"),
                table::text("source"),
            ],
        );
        for entry in &self.settings {
            t.add_row([
                entry.key.to_string(),
                entry.value.clone().unwrap_or_else(|| "-".into()),
                entry
                    .source
                    .as_ref()
                    .map_or("not set".into(), ToString::to_string),
            ]);
        }
        writeln!(out, "{t}")
    }
}

pub fn run(_args: Args, ctx: &Ctx) -> anyhow::Result<Outcome> {
    let config = ctx.config()?;
    // The check the nightly backup would make, now rather than at 3 a.m.: recipients that are
    // not age public keys (an identity pasted there) are a configuration error (78).
    if let Some(recipients) = config.text("backup.encrypt_to") {
        crate::backup::pipeline::parse_recipients(&recipients)?;
    }
    Ok(Outcome::new(ConfigReport::from_config(config), Exit::Ok))
}

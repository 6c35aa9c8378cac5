//! `pmc completions` and the hidden `pmc man`: shell completions and man pages generated from
//! the clap tree. The copies checked in under completions/ and commands/man/ are refreshed
//! with `--out-dir` and a test fails when they are stale.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use clap::CommandFactory as _;
use clap_complete::Shell;
use serde::Serialize;

use crate::cli::Cli;
use crate::error::Failure;
use crate::exit::Exit;
use crate::output::{Outcome, Report, table};

/// Print shell completions, or write them for every shell with --out-dir.
///
/// Install for bash: `pmc completions bash > /etc/bash_completion.d/pmc`; zsh: put the output
/// of `pmc completions zsh` in a file named `_pmc` on your $fpath.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to print completions for
    #[arg(value_enum, required_unless_present = "out_dir")]
    pub shell: Option<Shell>,

    /// Write completions for bash, zsh, fish, powershell and elvish into this directory
    #[arg(long, value_name = "DIR", conflicts_with = "shell")]
    pub out_dir: Option<PathBuf>,
}

/// Write man pages for pmc and every subcommand.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// The directory to write pmc.1 and pmc-<command>.1 into
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
}

/// Every shell pmc writes completions for.
pub const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::PowerShell,
    Shell::Elvish,
];

/// Generated text, or the files written.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Generated {
    Script { shell: String, script: String },
    Files { written: Vec<PathBuf> },
}

impl Report for Generated {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    /// The script is what `pmc completions SHELL > file` is run for: `-q` leaves it (the list
    /// of files --out-dir wrote is an account, and quiet hides it).
    fn is_product(&self) -> bool {
        matches!(self, Generated::Script { .. })
    }

    fn write_table(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()> {
        match self {
            Generated::Script { script, .. } => out.write_all(script.as_bytes()),
            Generated::Files { written } => {
                let mut t = table::new(style, &[table::text("written")]);
                for path in written {
                    t.add_row([path.display().to_string()]);
                }
                writeln!(out, "{t}")
            }
        }
    }
}

/// Writes every shell's completions into `dir` and returns the files.
pub fn write_completions(dir: &std::path::Path) -> anyhow::Result<Vec<PathBuf>> {
    fs_err::create_dir_all(dir)?;
    SHELLS
        .iter()
        .map(|shell| {
            clap_complete::generate_to(*shell, &mut Cli::command(), "pmc", dir).with_context(|| {
                format!("failed to write {shell} completions into {}", dir.display())
            })
        })
        .collect()
}

/// Writes the man pages into `dir` and returns the files, sorted.
pub fn write_man_pages(dir: &std::path::Path) -> anyhow::Result<Vec<PathBuf>> {
    fs_err::create_dir_all(dir)?;
    clap_mangen::generate_to(Cli::command(), dir)
        .with_context(|| format!("failed to write man pages into {}", dir.display()))?;
    let mut written: Vec<PathBuf> = fs_err::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "1"))
        .collect();
    written.sort();
    Ok(written)
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let report = match (args.shell, args.out_dir) {
        (_, Some(dir)) => Generated::Files {
            written: write_completions(&dir)?,
        },
        (Some(shell), None) => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "pmc", &mut script);
            Generated::Script {
                shell: shell.to_string(),
                script: String::from_utf8_lossy(&script).into_owned(),
            }
        }
        (None, None) => {
            return Err(Failure::Usage(
                "name a shell (bash, zsh, fish, powershell, elvish) or give --out-dir".into(),
            )
            .into());
        }
    };
    Ok(Outcome::new(report, Exit::Ok))
}

pub fn run_man(args: ManArgs) -> anyhow::Result<Outcome> {
    Ok(Outcome::new(
        Generated::Files {
            written: write_man_pages(&args.out_dir)?,
        },
        Exit::Ok,
    ))
}

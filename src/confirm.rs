//! Plan, show, confirm, apply: the one gate every destructive command passes through.
//!
//! A command builds its plan, shows it, then asks `Confirm::decide`. `--dry-run` stops after
//! the plan; `--yes` applies without asking; otherwise a person at a terminal answers a
//! prompt on stderr. Without a terminal and without `--yes` nothing is changed: cron and
//! scripts must say `--yes` out loud.

use std::io::{self, BufRead as _, IsTerminal as _, Write as _};

use crate::error::Failure;

/// The flags every destructive command takes (`#[command(flatten)]`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Confirm {
    /// Show exactly what would be done, change nothing
    #[arg(long, conflicts_with = "yes")]
    pub dry_run: bool,
    /// Apply without asking (needed when not run from a terminal, e.g. from cron)
    #[arg(short = 'y', long)]
    pub yes: bool,
}

/// What to do with a plan that has been shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// `--dry-run`: the plan was the result.
    DryRun,
    /// Go ahead.
    Apply,
    /// The person at the prompt said no; nothing was changed.
    Declined,
}

impl Confirm {
    /// Asks `question` (a yes/no prompt) unless the flags already decide.
    pub fn decide(&self, question: &str) -> anyhow::Result<Decision> {
        self.decide_with(question, None, interactive())
    }

    /// Like `decide`, but the person must type `expected` (a database name, say) to go ahead;
    /// `--confirm-value` style flags are the caller's business and arrive here as `yes`.
    pub fn decide_typed(&self, question: &str, expected: &str) -> anyhow::Result<Decision> {
        self.decide_with(question, Some(expected), interactive())
    }

    fn decide_with(
        &self,
        question: &str,
        expected: Option<&str>,
        interactive: bool,
    ) -> anyhow::Result<Decision> {
        if self.dry_run {
            return Ok(Decision::DryRun);
        }
        if self.yes {
            return Ok(Decision::Apply);
        }
        if !interactive {
            return Err(Failure::Usage(
                "not run from a terminal, so nobody can confirm: add --yes to apply, or --dry-run to see the plan"
                    .into(),
            )
            .into());
        }
        let prompt = match expected {
            Some(word) => format!("{question} Type {word} to go ahead: "),
            None => format!("{question} [y/N] "),
        };
        let mut stderr = io::stderr().lock();
        write!(stderr, "{prompt}")?;
        stderr.flush()?;
        let mut answer = String::new();
        io::stdin().lock().read_line(&mut answer)?;
        let answer = answer.trim();
        let yes = match expected {
            Some(word) => answer == word,
            None => matches!(answer, "y" | "Y" | "yes" | "YES" | "Yes"),
        };
        Ok(if yes {
            Decision::Apply
        } else {
            Decision::Declined
        })
    }
}

/// A person can answer: both stdin and stderr are terminals.
fn interactive() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_decide_without_a_prompt() {
        let dry = Confirm {
            dry_run: true,
            yes: false,
        };
        assert_eq!(dry.decide("go?").unwrap(), Decision::DryRun);
        let yes = Confirm {
            dry_run: false,
            yes: true,
        };
        assert_eq!(
            yes.decide_typed("go?", "pimpmycase").unwrap(),
            Decision::Apply
        );
    }

    #[test]
    fn no_terminal_and_no_yes_is_a_usage_error() {
        let err = Confirm::default()
            .decide_with("go?", None, false)
            .unwrap_err();
        assert_eq!(
            crate::error::exit_for(&err, crate::exit::Exit::Warning),
            crate::exit::Exit::Usage
        );
        assert!(err.to_string().contains("--yes"));
    }
}

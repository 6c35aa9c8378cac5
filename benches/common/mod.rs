//! What several benchmarks share: settings from the environment and median wall times.
#![allow(dead_code)] // each benchmark uses its own part of this

use std::process::Command;
use std::time::{Duration, Instant};

/// A number from the environment (PMC_BENCH_SCALE, PMC_BENCH_RUNS), else `default`.
pub fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// The median wall time of `runs` runs of `command`, each of which must exit 0 or with one of
/// `also_ok` (a check that reports a finding by its exit code).
pub fn time_runs(
    runs: usize,
    also_ok: &[i32],
    mut command: impl FnMut() -> Command,
) -> anyhow::Result<Duration> {
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let out = command().output()?;
        anyhow::ensure!(
            out.status.success() || out.status.code().is_some_and(|c| also_ok.contains(&c)),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        samples.push(started.elapsed());
    }
    Ok(median(samples))
}

//! What a repository holds: every backup folder with its manifest (if complete) and pin, the
//! id ↔ time mapping, `latest`, and applying retention.

use anyhow::Context as _;
use chrono::{DateTime, NaiveDateTime, Utc};

use super::manifest::Manifest;
use super::repo::{self, Storage};
use super::retention::{self, Candidate, Decision, Policy};
use crate::config::Config;
use crate::error::Failure;

/// The id format: UTC start time.
pub const ID_FORMAT: &str = "%Y%m%dT%H%M%SZ";

/// The id of a backup started at `t`.
pub fn format_id(t: DateTime<Utc>) -> String {
    t.format(ID_FORMAT).to_string()
}

/// The start time an id names.
pub fn parse_id(id: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(id, ID_FORMAT)
        .ok()
        .map(|t| t.and_utc())
}

/// One backup folder.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    /// The complete manifest; None when the backup never finished (or was refused).
    pub manifest: Option<Manifest>,
    pub pinned: bool,
    /// Why the manifest could not be read, when it exists but is damaged.
    pub problem: Option<String>,
}

impl Entry {
    /// A backup with a complete, readable manifest.
    pub fn good(&self) -> bool {
        self.manifest.is_some()
    }

    /// When it started: from the manifest, else from the id.
    pub fn started_at(&self) -> DateTime<Utc> {
        self.manifest
            .as_ref()
            .map(|m| m.started_at)
            .or_else(|| parse_id(&self.id))
            .unwrap_or(DateTime::UNIX_EPOCH)
    }

    /// `good`, `incomplete` or `damaged`.
    pub fn state(&self) -> &'static str {
        match (&self.manifest, &self.problem) {
            (Some(_), _) => "good",
            (None, Some(_)) => "damaged",
            (None, None) => "incomplete",
        }
    }
}

/// Every backup folder, oldest first.
pub fn entries(storage: &dyn Storage) -> anyhow::Result<Vec<Entry>> {
    let ids = storage
        .ids()
        .with_context(|| format!("failed to list backups in {}", storage.location()))?;
    let mut entries = Vec::with_capacity(ids.len());
    for id in ids {
        let (manifest, problem) = match repo::read_manifest(storage, &id) {
            Ok(manifest) => (manifest, None),
            Err(e) => (None, Some(crate::error::one_line(&e))),
        };
        let pinned = storage.exists(&id, repo::PINNED)?;
        entries.push(Entry {
            id,
            manifest,
            pinned,
            problem,
        });
    }
    entries.sort_by(|a, b| a.started_at().cmp(&b.started_at()).then(a.id.cmp(&b.id)));
    Ok(entries)
}

/// What to do about a backup whose manifest is damaged (retention keeps it): its dump can
/// still be restored as a file.
pub fn damaged_advice(location: &str, id: &str) -> String {
    format!(
        "its dump may be intact: `pmc restore {location}/backups/{id}/dump.zst` restores it as a \
         file (dump.zst.age with --identity when encrypted); once you do not need it, delete the \
         folder by hand"
    )
}

/// The newest good backup at `now`. One that claims to start in the future (a file imported
/// with a wrong time) is passed over: it would otherwise be "the latest" for ever.
pub fn latest_good(entries: &[Entry], now: DateTime<Utc>) -> Option<&Entry> {
    entries
        .iter()
        .rev()
        .find(|e| e.good() && !retention::in_future(e.started_at(), now))
}

/// The good backups that claim to start in the future, beyond the clock skew.
pub fn from_the_future(entries: &[Entry], now: DateTime<Utc>) -> impl Iterator<Item = &Entry> {
    entries
        .iter()
        .filter(move |e| e.good() && retention::in_future(e.started_at(), now))
}

/// What to do about a backup from the future (retention keeps it, `latest` passes it over).
/// Nothing here says to delete it first: a backup pmc made while its host's clock was ahead is
/// a good backup that only its id can restore, and `backup import` takes plain dumps only.
pub fn future_advice(location: &str, entry: &Entry) -> String {
    let id = &entry.id;
    match entry
        .manifest
        .as_ref()
        .and_then(|m| m.imported_from.as_ref())
    {
        Some(file) => format!(
            "if its time is wrong, import {file} again named backup_YYYYMMDD_HHMMSS.sql with its \
             real time (UTC); once that import is good, delete the folder {location}/backups/{id}"
        ),
        None => format!(
            "pmc made it while its host's clock was ahead (check the clock); it is a good backup: \
             `pmc restore {id}` restores it by its id. Keep it until a newer good backup exists"
        ),
    }
}

/// The backup `target` names: `latest` (the newest good one) or an id.
pub fn resolve<'a>(
    entries: &'a [Entry],
    target: &str,
    location: &str,
) -> anyhow::Result<&'a Entry> {
    if target == "latest" {
        return latest_good(entries, Utc::now()).ok_or_else(|| {
            Failure::BadInput(format!("there is no good backup in {location}")).into()
        });
    }
    entries.iter().find(|e| e.id == target).ok_or_else(|| {
        Failure::Usage(format!(
            "no backup {target} in {location} (`pmc backup list` shows them)"
        ))
        .into()
    })
}

/// The retention policy from the configuration.
pub fn policy(config: &Config) -> Policy {
    let default = Policy::default();
    Policy {
        keep_last: config
            .count("backup.keep_last")
            .unwrap_or(default.keep_last),
        keep_daily: config
            .count("backup.keep_daily")
            .unwrap_or(default.keep_daily),
        keep_weekly: config
            .count("backup.keep_weekly")
            .unwrap_or(default.keep_weekly),
        keep_monthly: config
            .count("backup.keep_monthly")
            .unwrap_or(default.keep_monthly),
    }
}

/// Retention's view of the folders.
pub fn candidates(entries: &[Entry]) -> Vec<Candidate> {
    entries
        .iter()
        .map(|e| Candidate {
            id: e.id.clone(),
            started_at: e.started_at(),
            good: e.good(),
            damaged: e.state() == "damaged",
            pinned: e.pinned,
        })
        .collect()
}

/// The plan for the repository as it is now, newest first; `just_made` is the backup the
/// calling run has just made, which it keeps whatever times the others claim.
pub fn plan(
    storage: &dyn Storage,
    policy: &Policy,
    just_made: Option<&str>,
) -> anyhow::Result<Vec<Decision>> {
    Ok(retention::plan(
        &candidates(&entries(storage)?),
        policy,
        Utc::now(),
        just_made,
    ))
}

/// Removes what `decisions` removes. A backup pinned since the plan was made is spared.
/// Returns the ids removed. Call only while holding the backup lock, so that no backup of
/// this database is being written (its folder would look incomplete).
pub fn apply(storage: &dyn Storage, decisions: &[Decision]) -> anyhow::Result<Vec<String>> {
    let mut removed = Vec::new();
    for decision in decisions.iter().filter(|d| !d.keep) {
        if storage.exists(&decision.id, repo::PINNED)? {
            continue;
        }
        storage.remove(&decision.id).with_context(|| {
            format!(
                "failed to remove backup {} from {}",
                decision.id,
                storage.location()
            )
        })?;
        removed.push(decision.id.clone());
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_utc_start_times() {
        let t = parse_id("20261123T031500Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-23T03:15:00+00:00");
        assert_eq!(format_id(t), "20261123T031500Z");
        assert!(parse_id("latest").is_none());
    }
}

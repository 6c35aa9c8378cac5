//! Which backups to keep: the store's policy (keep-last, 7 daily, 4 weekly, 12 monthly) as a
//! pure function of the backups and their times, so it can be tested over years of simulated
//! days. Calendar buckets are UTC days, ISO weeks and months, like the backup ids.
//!
//! Each bucket keeps its newest good backup, newest buckets first (the restic and pgBackRest
//! rule), so applying the plan every day gives the same result as applying it once.
//!
//! Whatever the policy, the newest good backup is kept: a policy of all zeros would otherwise
//! remove the backup just made, and an operator would learn it only at restore time. "Newest"
//! is the backup a run just made when there is one, else the newest good backup that does not
//! claim to start in the future: a backup imported with a wrong time (2099) must not take that
//! place, nor the buckets of real backups.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike as _, Duration, Utc};
use serde::Serialize;

/// How far ahead of this host's clock a backup's time may be before it counts as in the
/// future: clocks of the hosts that made or copied a dump may be off by a little.
pub const CLOCK_SKEW: Duration = Duration::minutes(5);

/// Whether a backup started at `t` claims a time in the future, beyond [`CLOCK_SKEW`].
pub fn in_future(t: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    t > now + CLOCK_SKEW
}

/// How many of each to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Policy {
    pub keep_last: u64,
    pub keep_daily: u64,
    pub keep_weekly: u64,
    pub keep_monthly: u64,
}

impl Default for Policy {
    /// The store's policy from its maintenance docs: 7 daily, 4 weekly, 12 monthly.
    fn default() -> Self {
        Policy {
            keep_last: 1,
            keep_daily: 7,
            keep_weekly: 4,
            keep_monthly: 12,
        }
    }
}

/// One backup folder as retention sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: String,
    pub started_at: DateTime<Utc>,
    /// It has a complete manifest.
    pub good: bool,
    /// It has a manifest that cannot be read: its dump may well be intact.
    pub damaged: bool,
    pub pinned: bool,
}

/// Why a backup is kept or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Pinned,
    /// The newest good backup, kept whatever the policy says.
    Newest,
    Last,
    Daily,
    Weekly,
    Monthly,
    /// Not kept by any rule.
    Removed,
    /// No complete manifest: a run that died or was refused; never restorable.
    Incomplete,
    /// A manifest that cannot be read. Kept: the folder may hold an intact dump, and only a
    /// person can tell whether it is worth keeping.
    Damaged,
    /// A good backup whose start is in the future (a wrong time given on import). Kept, and
    /// counted for no rule: it may be a valuable dump, and only a person can tell its time.
    Future,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Pinned => "pinned",
            Reason::Newest => "newest",
            Reason::Last => "last",
            Reason::Daily => "daily",
            Reason::Weekly => "weekly",
            Reason::Monthly => "monthly",
            Reason::Removed => "removed",
            Reason::Incomplete => "incomplete",
            Reason::Damaged => "damaged",
            Reason::Future => "future",
        }
    }
}

/// The decision for one backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub id: String,
    pub started_at: DateTime<Utc>,
    pub keep: bool,
    /// Every rule that keeps it (several can), or `removed` / `incomplete`.
    pub reasons: Vec<Reason>,
}

/// Decides every candidate, newest first, at `now`. Pinned backups are always kept, whatever
/// their state, and so are the newest good backup, whatever the policy, every damaged one and
/// every one from the future; incomplete, damaged and future ones never count towards a rule.
///
/// `just_made` is the backup the calling run has just made: it is the newest good backup
/// whatever times the others claim, so retention after a backup never removes that backup.
pub fn plan(
    candidates: &[Candidate],
    policy: &Policy,
    now: DateTime<Utc>,
    just_made: Option<&str>,
) -> Vec<Decision> {
    let mut sorted: Vec<&Candidate> = candidates.iter().collect();
    sorted.sort_by(|a, b| b.started_at.cmp(&a.started_at).then(b.id.cmp(&a.id)));
    let newest_good = just_made
        .filter(|id| sorted.iter().any(|c| c.good && c.id == *id))
        .map(str::to_string)
        .or_else(|| {
            sorted
                .iter()
                .find(|c| c.good && !in_future(c.started_at, now))
                .map(|c| c.id.clone())
        });

    let mut last = 0u64;
    let mut days = BTreeSet::new();
    let mut weeks = BTreeSet::new();
    let mut months = BTreeSet::new();
    sorted
        .into_iter()
        .map(|c| {
            let mut reasons = BTreeSet::new();
            if c.pinned {
                reasons.insert(Reason::Pinned);
            }
            let future = in_future(c.started_at, now);
            if c.good && future {
                reasons.insert(Reason::Future);
            } else if c.good {
                if last < policy.keep_last {
                    last += 1;
                    reasons.insert(Reason::Last);
                }
                let t = c.started_at;
                let day = t.date_naive();
                let week = (t.iso_week().year(), t.iso_week().week());
                let month = (t.year(), t.month());
                if !days.contains(&day) && (days.len() as u64) < policy.keep_daily {
                    days.insert(day);
                    reasons.insert(Reason::Daily);
                }
                if !weeks.contains(&week) && (weeks.len() as u64) < policy.keep_weekly {
                    weeks.insert(week);
                    reasons.insert(Reason::Weekly);
                }
                if !months.contains(&month) && (months.len() as u64) < policy.keep_monthly {
                    months.insert(month);
                    reasons.insert(Reason::Monthly);
                }
            }
            // Said only when no rule keeps it: with keep_last 1 or more it is simply `last`.
            if reasons.is_empty() && newest_good.as_ref() == Some(&c.id) {
                reasons.insert(Reason::Newest);
            }
            if c.damaged && !c.good {
                reasons.insert(Reason::Damaged);
            }
            let keep = !reasons.is_empty();
            if !keep {
                reasons.insert(if c.good {
                    Reason::Removed
                } else {
                    Reason::Incomplete
                });
            }
            Decision {
                id: c.id.clone(),
                started_at: c.started_at,
                keep,
                reasons: reasons.into_iter().collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone as _};

    use super::*;

    fn at(day: i64, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 1, 1, hour, 0, 0).unwrap() + Duration::days(day)
    }

    fn candidate(t: DateTime<Utc>, good: bool, pinned: bool) -> Candidate {
        Candidate {
            id: t.format("%Y%m%dT%H%M%SZ").to_string(),
            started_at: t,
            good,
            damaged: false,
            pinned,
        }
    }

    /// 400 days of a daily 03:00 cron, with retention after every good backup, a few failed
    /// days, a pinned backup and a manual extra backup on some days.
    #[test]
    fn four_hundred_days_of_daily_backups_keep_the_policy() {
        let policy = Policy::default();
        let mut repo: Vec<Candidate> = Vec::new();
        let pinned_day = 40;
        let failed_days = [100, 101, 250, 399];
        for day in 0..400 {
            let good = !failed_days.contains(&day);
            repo.push(candidate(at(day, 3), good, day == pinned_day));
            if day % 30 == 7 {
                repo.push(candidate(at(day, 15), true, false));
            }
            if !good {
                // Nothing is removed on a day whose backup failed; the failed folder stays
                // until the next good day's retention.
                continue;
            }
            let before = repo.len();
            let decisions = plan(&repo, &policy, at(day, 3), None);
            repo.retain(|c| decisions.iter().any(|d| d.id == c.id && d.keep));
            assert!(repo.len() <= before);
            // Today's backup is always kept.
            assert_eq!(
                repo.iter().map(|c| c.started_at.date_naive()).max(),
                Some(at(day, 3).date_naive())
            );
        }
        let decisions = plan(&repo, &policy, at(399, 3), None);
        // Day 399 failed: its incomplete folder is still there and nothing was pruned today.
        let failed = decisions
            .iter()
            .find(|d| d.started_at == at(399, 3))
            .unwrap();
        assert_eq!(failed.reasons, vec![Reason::Incomplete]);
        assert!(!failed.keep);

        let kept: BTreeSet<DateTime<Utc>> = repo
            .iter()
            .filter(|c| c.good)
            .map(|c| c.started_at)
            .collect();
        // 7 daily: days 392..=398 (399 failed).
        for day in 392..=398 {
            assert!(
                kept.iter()
                    .any(|t| t.date_naive() == at(day, 3).date_naive()),
                "daily {day} missing"
            );
        }
        // One per ISO week for 4 weeks, one per month for 12 months, the pinned one.
        let weeks: BTreeSet<_> = kept
            .iter()
            .map(|t| (t.iso_week().year(), t.iso_week().week()))
            .collect();
        let months: BTreeSet<_> = kept.iter().map(|t| (t.year(), t.month())).collect();
        assert!(weeks.len() >= 4);
        assert!(months.len() >= 12);
        assert!(kept.contains(&at(pinned_day, 3)), "pinned removed");
        // Every kept backup is the newest of its month, week or day, or pinned.
        for t in &kept {
            let newest_of_month = kept
                .iter()
                .filter(|o| (o.year(), o.month()) == (t.year(), t.month()))
                .max()
                == Some(t);
            let newest_of_week =
                kept.iter().filter(|o| o.iso_week() == t.iso_week()).max() == Some(t);
            let recent = *t >= at(392, 0);
            assert!(
                newest_of_month || newest_of_week || recent || *t == at(pinned_day, 3),
                "{t} kept for no reason"
            );
        }
        // 7 daily + at most 4 weekly + 12 monthly + pinned, overlapping.
        assert!(kept.len() <= 7 + 4 + 12 + 1, "{} kept", kept.len());
        // Applying the plan once more removes nothing that is good.
        assert!(
            plan(&repo, &policy, at(399, 3), None)
                .iter()
                .all(|d| d.keep || d.reasons == [Reason::Incomplete])
        );
    }

    #[test]
    fn a_policy_of_zeros_still_keeps_the_newest_good_backup() {
        let repo = vec![
            candidate(at(0, 3), true, false),
            candidate(at(1, 3), true, false),
            candidate(at(2, 3), false, false),
        ];
        let zeros = Policy {
            keep_last: 0,
            keep_daily: 0,
            keep_weekly: 0,
            keep_monthly: 0,
        };
        let decisions: Vec<(String, bool, Vec<Reason>)> = plan(&repo, &zeros, at(2, 3), None)
            .into_iter()
            .map(|d| (d.id, d.keep, d.reasons))
            .collect();
        assert_eq!(
            decisions,
            vec![
                (repo[2].id.clone(), false, vec![Reason::Incomplete]),
                (repo[1].id.clone(), true, vec![Reason::Newest]),
                (repo[0].id.clone(), false, vec![Reason::Removed]),
            ]
        );
    }

    #[test]
    fn a_damaged_backup_is_kept_and_counts_for_no_rule() {
        let damaged = Candidate {
            damaged: true,
            ..candidate(at(1, 3), false, false)
        };
        let repo = vec![candidate(at(0, 3), true, false), damaged.clone()];
        let decisions = plan(&repo, &Policy::default(), at(1, 3), None);
        assert_eq!(decisions[0].id, damaged.id);
        assert!(decisions[0].keep);
        assert_eq!(decisions[0].reasons, vec![Reason::Damaged]);
        // The good backup before it is still the newest good one, of its day, week and month.
        assert_eq!(
            decisions[1].reasons,
            vec![Reason::Last, Reason::Daily, Reason::Weekly, Reason::Monthly]
        );
    }

    #[test]
    fn every_backup_gets_its_reasons() {
        let repo = vec![
            candidate(at(0, 3), true, false),
            candidate(at(1, 3), true, true),
            candidate(at(1, 9), true, false),
            candidate(at(2, 3), false, false),
        ];
        let policy = Policy {
            keep_last: 1,
            keep_daily: 1,
            keep_weekly: 0,
            keep_monthly: 0,
        };
        let decisions = plan(&repo, &policy, at(2, 3), None);
        let reasons: Vec<(&str, Vec<Reason>)> = decisions
            .iter()
            .map(|d| (d.id.as_str(), d.reasons.clone()))
            .collect();
        assert_eq!(
            reasons,
            vec![
                ("20250103T030000Z", vec![Reason::Incomplete]),
                ("20250102T090000Z", vec![Reason::Last, Reason::Daily]),
                ("20250102T030000Z", vec![Reason::Pinned]),
                ("20250101T030000Z", vec![Reason::Removed]),
            ]
        );
    }

    /// A backup imported with a time in 2099 must not pass for the newest: with keep-last 1,
    /// retention after a backup would otherwise remove the backup it has just made.
    #[test]
    fn a_backup_from_the_future_neither_passes_for_the_newest_nor_takes_a_bucket() {
        let now = at(10, 3);
        let future = candidate(
            Utc.with_ymd_and_hms(2099, 1, 1, 0, 0, 0).unwrap(),
            true,
            false,
        );
        // Within the clock skew: counted like any other.
        let skewed = candidate(now + Duration::minutes(4), true, false);
        let today = candidate(now, true, false);
        let yesterday = candidate(at(9, 3), true, false);
        let keep_last_1 = Policy {
            keep_last: 1,
            keep_daily: 0,
            keep_weekly: 0,
            keep_monthly: 0,
        };
        let repo = vec![yesterday.clone(), today.clone(), future.clone()];
        let reasons = |decisions: Vec<Decision>| -> Vec<(String, bool, Vec<Reason>)> {
            decisions
                .into_iter()
                .map(|d| (d.id, d.keep, d.reasons))
                .collect()
        };
        let want = vec![
            (future.id.clone(), true, vec![Reason::Future]),
            (today.id.clone(), true, vec![Reason::Last]),
            (yesterday.id.clone(), false, vec![Reason::Removed]),
        ];
        assert_eq!(reasons(plan(&repo, &keep_last_1, now, None)), want);
        assert_eq!(
            reasons(plan(&repo, &keep_last_1, now, Some(&today.id))),
            want
        );

        // A backup a few minutes ahead counts, but the one the run just made is still kept.
        let repo = vec![yesterday.clone(), today.clone(), skewed.clone()];
        assert_eq!(
            reasons(plan(&repo, &keep_last_1, now, Some(&today.id))),
            vec![
                (skewed.id.clone(), true, vec![Reason::Last]),
                (today.id.clone(), true, vec![Reason::Newest]),
                (yesterday.id.clone(), false, vec![Reason::Removed]),
            ]
        );
    }
}

//! `pmc orders stats`: sales and revenue per day over the last N days, web (Stripe) against
//! vending, the top templates and models, the status mix and the failure rate.

use std::collections::BTreeMap;
use std::io::{self, Write};

use anyhow::Context as _;
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;
use sqlx::{PgPool, Row as _};

use super::sources::Sources;
use super::{money, one_line_row, pounds, status_text};
use crate::output::{Report, table};
use crate::sql;

/// The statuses that count as failures for the failure rate.
pub const FAILURE_STATUSES: [&str; 3] = ["failed", "payment_failed", "payment_error"];

/// What to aggregate.
#[derive(Debug, Clone)]
pub struct StatsOptions {
    /// Whole UTC days ending with the day of `now` (today counts as one).
    pub days: u32,
    /// Templates and models shown.
    pub top: usize,
    pub now: DateTime<Utc>,
}

/// Sales, paid sales and revenue of one group.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub sales: i64,
    pub paid: i64,
    pub revenue_pence: i64,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.sales += other.sales;
        self.paid += other.paid;
        self.revenue_pence += other.revenue_pence;
    }
}

/// One UTC day.
#[derive(Debug, Clone, Serialize)]
pub struct Day {
    pub date: NaiveDate,
    pub web: Counts,
    pub vending: Counts,
    pub total: Counts,
    pub revenue_gbp: f64,
}

/// A template or a model and its sales.
#[derive(Debug, Clone, Serialize)]
pub struct Ranked {
    /// The template id or the model's display name; null when the sale does not say.
    pub name: Option<String>,
    #[serde(flatten)]
    pub counts: Counts,
}

/// One status of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    pub kind: String,
    pub status: Option<String>,
    pub sales: i64,
    /// sales over all sales of the period.
    pub share: f64,
}

/// Failures over all sales.
#[derive(Debug, Clone, Serialize)]
pub struct FailureRate {
    pub statuses: [&'static str; 3],
    pub failed: i64,
    pub total: i64,
    /// failed / total, 0 when there are no sales.
    pub rate: f64,
}

/// The totals of the period.
#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub web: Counts,
    pub vending: Counts,
    pub all: Counts,
    pub revenue_gbp: f64,
}

/// The stats report; the JSON shape is documented in commands/orders.md.
#[derive(Debug, Clone, Serialize)]
pub struct StatsReport {
    pub now: DateTime<Utc>,
    pub days: u32,
    pub from: DateTime<Utc>,
    pub currency: &'static str,
    pub totals: Totals,
    pub daily: Vec<Day>,
    pub top_templates: Vec<Ranked>,
    pub top_models: Vec<Ranked>,
    pub status_mix: Vec<StatusCount>,
    pub failure_rate: FailureRate,
    /// Paid sales of the period whose amount the store holds but pmc cannot read as one (not
    /// a number, or a vending amount outside 0 to 500 pounds): their revenue is left out.
    pub unreadable_amounts: i64,
    /// Paid sales in another currency than GBP, left out of the revenue.
    pub other_currency: i64,
    pub archive_included: Vec<String>,
    pub warnings: Vec<String>,
}

fn top(groups: BTreeMap<Option<String>, Counts>, n: usize) -> Vec<Ranked> {
    let mut ranked: Vec<Ranked> = groups
        .into_iter()
        .map(|(name, counts)| Ranked { name, counts })
        .collect();
    // Most sales first, then most revenue; the BTreeMap order breaks the remaining ties.
    ranked.sort_by(|a, b| {
        (b.counts.sales, b.counts.revenue_pence).cmp(&(a.counts.sales, a.counts.revenue_pence))
    });
    ranked.truncate(n);
    ranked
}

/// Aggregates the sales of the last `opts.days` UTC days.
pub async fn stats(pool: &PgPool, opts: &StatsOptions) -> anyhow::Result<StatsReport> {
    let sources = Sources::detect(pool).await?;
    let today = opts.now.date_naive();
    let first = today
        .checked_sub_days(Days::new(u64::from(opts.days.max(1) - 1)))
        .unwrap_or(NaiveDate::MIN);
    let from = first.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let statement = sources.statement(sql::ORDERS_STATS);
    let rows = sqlx::query(sqlx::AssertSqlSafe(statement.into_owned()))
        .bind(from)
        .bind(opts.now)
        .fetch_all(pool)
        .await
        .context("failed to aggregate sales from orders and vending_machine_sessions")?;

    let mut daily: BTreeMap<NaiveDate, (Counts, Counts)> = BTreeMap::new();
    let mut date = first;
    while date <= today {
        daily.insert(date, Default::default());
        date = date.succ_opt().unwrap_or(NaiveDate::MAX);
        if date == NaiveDate::MAX {
            break;
        }
    }
    let mut templates = BTreeMap::new();
    let mut models = BTreeMap::new();
    let mut statuses = Vec::new();
    let (mut web, mut vending) = (Counts::default(), Counts::default());
    let mut unreadable_amounts = 0;
    let mut other_currency = 0;
    for row in rows {
        let dimension: String = row.try_get("dimension")?;
        let counts = Counts {
            sales: row.try_get("sales")?,
            paid: row.try_get("paid")?,
            revenue_pence: row.try_get("revenue_pence")?,
        };
        match dimension.as_str() {
            "day" => {
                let day: NaiveDate = row.try_get("day")?;
                let kind: String = row.try_get("kind")?;
                // Each sale of the period is in exactly one day group: count them there.
                unreadable_amounts += row.try_get::<i64, _>("unreadable_amounts")?;
                other_currency += row.try_get::<i64, _>("other_currency")?;
                let entry = daily.entry(day).or_default();
                if kind == "vending" {
                    entry.1.add(counts);
                    vending.add(counts);
                } else {
                    entry.0.add(counts);
                    web.add(counts);
                }
            }
            "template" => {
                templates.insert(row.try_get::<Option<String>, _>("template")?, counts);
            }
            "model" => {
                models.insert(row.try_get::<Option<String>, _>("model")?, counts);
            }
            _ => statuses.push((
                row.try_get::<String, _>("kind")?,
                row.try_get::<Option<String>, _>("status")?,
                counts.sales,
            )),
        }
    }
    let mut all = web;
    all.add(vending);
    let share = |n: i64| {
        if all.sales > 0 {
            n as f64 / all.sales as f64
        } else {
            0.0
        }
    };
    let mut status_mix: Vec<StatusCount> = statuses
        .into_iter()
        .map(|(kind, status, sales)| StatusCount {
            kind,
            status,
            sales,
            share: share(sales),
        })
        .collect();
    status_mix.sort_by(|a, b| b.sales.cmp(&a.sales).then(a.kind.cmp(&b.kind)));
    let failed = status_mix
        .iter()
        .filter(|s| {
            s.status
                .as_deref()
                .is_some_and(|s| FAILURE_STATUSES.contains(&s))
        })
        .map(|s| s.sales)
        .sum();
    let mut warnings: Vec<String> = sources.warning().into_iter().collect();
    if unreadable_amounts > 0 {
        warnings.push(format!(
            "{} paid {} an amount that is not one (not a number, or a vending amount outside \
             £0.00 to £500.00): left out of the revenue; `pmc orders show` prints it",
            table::count(unreadable_amounts),
            if unreadable_amounts == 1 {
                "sale has"
            } else {
                "sales have"
            },
        ));
    }
    if other_currency > 0 {
        warnings.push(format!(
            "{} paid {} in a currency other than GBP: left out of the revenue, which is in GBP; \
             `pmc orders list` shows {}",
            table::count(other_currency),
            if other_currency == 1 {
                "sale is"
            } else {
                "sales are"
            },
            if other_currency == 1 { "it" } else { "them" },
        ));
    }
    Ok(StatsReport {
        now: opts.now,
        days: opts.days,
        from,
        currency: "GBP",
        totals: Totals {
            web,
            vending,
            all,
            revenue_gbp: pounds(all.revenue_pence),
        },
        daily: daily
            .into_iter()
            .map(|(date, (web, vending))| {
                let mut total = web;
                total.add(vending);
                Day {
                    date,
                    web,
                    vending,
                    total,
                    revenue_gbp: pounds(total.revenue_pence),
                }
            })
            .collect(),
        top_templates: top(templates, opts.top),
        top_models: top(models, opts.top),
        status_mix,
        failure_rate: FailureRate {
            statuses: FAILURE_STATUSES,
            failed,
            total: all.sales,
            rate: share(failed),
        },
        unreadable_amounts,
        other_currency,
        warnings,
        archive_included: sources.archive_included,
    })
}

/// A bar of `width` cells for `value` out of `max`, in eighths of a cell.
pub fn bar(value: i64, max: i64, width: usize) -> String {
    if max <= 0 || value <= 0 {
        return String::new();
    }
    let eighths = ((value as f64 / max as f64) * (width * 8) as f64).round() as usize;
    let eighths = eighths.max(1);
    let mut s = "█".repeat(eighths / 8);
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    s.push_str(PARTS[eighths % 8]);
    s
}

/// One character per value, `▁` to `█`, scaled to the largest.
pub fn sparkline(values: &[i64]) -> String {
    const TICKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .map(|&v| {
            if max <= 0 || v <= 0 {
                ' '
            } else {
                TICKS[((v as f64 / max as f64) * 7.0).round() as usize]
            }
        })
        .collect()
}

impl Report for StatsReport {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn write_table(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()> {
        let t = &self.totals;
        let (first, last) = (
            self.daily
                .first()
                .map(|d| d.date.to_string())
                .unwrap_or_default(),
            self.daily
                .last()
                .map(|d| d.date.to_string())
                .unwrap_or_default(),
        );
        writeln!(
            out,
            "sales {first} to {last} ({} day{}, UTC): {} sales, {} paid, {} revenue",
            self.days,
            if self.days == 1 { "" } else { "s" },
            table::count(t.all.sales),
            table::count(t.all.paid),
            money(Some(t.all.revenue_pence))
        )?;
        writeln!(
            out,
            "web {} sales, {}; vending {} sales, {}",
            table::count(t.web.sales),
            money(Some(t.web.revenue_pence)),
            table::count(t.vending.sales),
            money(Some(t.vending.revenue_pence))
        )?;
        let fr = &self.failure_rate;
        writeln!(
            out,
            "failure rate {} ({} of {} sales ended {})",
            table::percent(fr.rate),
            table::count(fr.failed),
            table::count(fr.total),
            fr.statuses.join(", ")
        )?;
        let revenue: Vec<i64> = self.daily.iter().map(|d| d.total.revenue_pence).collect();
        writeln!(out, "daily revenue |{}|", sparkline(&revenue))?;
        writeln!(out)?;

        let max = revenue.iter().copied().max().unwrap_or(0);
        let mut days = table::new(
            style,
            &[
                table::text("day"),
                table::number("web"),
                table::number("web £"),
                table::number("vending"),
                table::number("vending £"),
                table::number("paid"),
                table::number("revenue"),
                table::text(""),
            ],
        );
        for d in &self.daily {
            days.add_row([
                d.date.to_string(),
                table::count(d.web.sales),
                money(Some(d.web.revenue_pence)),
                table::count(d.vending.sales),
                money(Some(d.vending.revenue_pence)),
                table::count(d.total.paid),
                money(Some(d.total.revenue_pence)),
                bar(d.total.revenue_pence, max, 20),
            ]);
        }
        writeln!(out, "{days}")?;

        for (title, ranked) in [
            ("template", &self.top_templates),
            ("model", &self.top_models),
        ] {
            writeln!(out)?;
            let mut t = table::new(
                style,
                &[
                    table::text(title),
                    table::number("sales"),
                    table::number("paid"),
                    table::number("revenue"),
                ],
            );
            for r in ranked {
                t.add_row(one_line_row([
                    r.name.clone().unwrap_or_else(|| "(unknown)".into()),
                    table::count(r.counts.sales),
                    table::count(r.counts.paid),
                    money(Some(r.counts.revenue_pence)),
                ]));
            }
            writeln!(out, "{t}")?;
        }

        writeln!(out)?;
        let mut mix = table::new(
            style,
            &[
                table::text("kind"),
                table::text("status"),
                table::number("sales"),
                table::number("share"),
            ],
        );
        for s in &self.status_mix {
            mix.add_row(one_line_row([
                s.kind.clone(),
                status_text(s.status.as_deref()),
                table::count(s.sales),
                table::percent(s.share),
            ]));
        }
        writeln!(out, "{mix}")?;
        for w in &self.warnings {
            writeln!(out, "warning: {w}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_and_sparklines_scale_to_the_largest() {
        assert_eq!(bar(100, 100, 4), "████");
        assert_eq!(bar(50, 100, 4), "██");
        assert_eq!(bar(1, 100, 4), "▏");
        assert_eq!(bar(0, 100, 4), "");
        assert_eq!(sparkline(&[0, 1, 2, 4]), " ▃▅█");
    }
}

//! `pmc orders stuck`: orders and vending sessions past the SLA of their state, grouped by
//! category with the action to take; the exit code is that of the worst category, so
//! monitoring can page on it.

use std::io::{self, Write};
use std::time::Duration;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgPool, Row as _};

use super::sources::Sources;
use super::{age, currency_code, duration_text, money_in, one_line_row, status_text};
use crate::exit::Exit;
use crate::output::{Report, table};
use crate::sql;

/// The SLAs: how long a sale may stay in each state.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Thresholds {
    /// pending_payment with a Stripe checkout (orders.stuck_pending_payment).
    #[serde(with = "seconds")]
    pub pending_payment: Duration,
    /// paid, not sent to the factory (orders.stuck_paid_not_sent).
    #[serde(with = "seconds")]
    pub paid_not_sent: Duration,
    /// sent_to_chinese without progress (orders.stuck_sent_no_progress).
    #[serde(with = "seconds")]
    pub sent_no_progress: Duration,
    /// vending session in payment_pending (orders.stuck_vending_pending).
    #[serde(with = "seconds")]
    pub vending_pending: Duration,
}

mod seconds {
    pub fn serialize<S: serde::Serializer>(
        d: &std::time::Duration,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.serialize_u64(d.as_secs())
    }
}

/// What to check.
#[derive(Debug, Clone)]
pub struct StuckOptions {
    pub thresholds: Thresholds,
    /// Rows shown per category (the counts cover all).
    pub limit: usize,
    pub now: DateTime<Utc>,
}

/// One stuck order or session.
#[derive(Debug, Clone, Serialize)]
pub struct StuckSale {
    pub kind: String,
    pub id: String,
    pub order_number: Option<String>,
    pub status: Option<String>,
    /// When the state began, as far as the store records it.
    pub since: DateTime<Utc>,
    pub age_seconds: i64,
    pub amount_pence: Option<i64>,
    /// GBP when the store keeps none (see [`currency_code`]); the table shows a pound sign for
    /// GBP only.
    pub currency: String,
    pub machine_id: Option<String>,
    pub stripe_session_id: Option<String>,
    pub third_id: Option<String>,
    pub chinese_order_id: Option<String>,
    pub queue_number: Option<String>,
    pub archived: bool,
}

/// One SLA and what breaches it.
#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub category: &'static str,
    /// `warning` or `critical`.
    pub severity: &'static str,
    pub threshold_seconds: u64,
    pub description: &'static str,
    pub action: &'static str,
    pub count: usize,
    pub oldest_since: Option<DateTime<Utc>>,
    /// The oldest breaches, at most --limit.
    pub sales: Vec<StuckSale>,
}

/// The stuck report; the JSON shape is documented in commands/orders.md.
#[derive(Debug, Clone, Serialize)]
pub struct StuckReport {
    pub now: DateTime<Utc>,
    /// ok, warning or critical: the worst category with a breach.
    pub status: &'static str,
    pub thresholds: Thresholds,
    pub categories: Vec<Category>,
    pub archive_included: Vec<String>,
    pub warnings: Vec<String>,
}

impl StuckReport {
    pub fn exit(&self) -> Exit {
        match self.status {
            "critical" => Exit::Critical,
            "warning" => Exit::Warning,
            _ => Exit::Ok,
        }
    }
}

/// The categories in the order they are shown: the critical one first.
const CATEGORIES: [(&str, &str, &str, &str); 4] = [
    (
        "paid_not_sent",
        "critical",
        "status paid but no factory order id: paid but never sent to the factory",
        "resubmit the order to the partner (payData, payStatus 3, orderData) or refund the \
         customer; never delete it",
    ),
    (
        "unconfirmed_checkout",
        "warning",
        "pending_payment with a Stripe checkout session: the customer may have paid and closed \
         the tab (there is no Stripe webhook)",
        "paid in Stripe? look the checkout session up in Stripe before anything is removed; if \
         it is paid, complete the order (POST /process-payment-success)",
    ),
    (
        "no_factory_progress",
        "warning",
        "sent_to_chinese with no progress from the factory",
        "ask the partner about the factory order (chinese_order_id, queue number)",
    ),
    (
        "vending_payment_pending",
        "warning",
        "vending session still in payment_pending",
        "check the partner payment status of the third id (GET \
         /api/chinese/payment/<third_id>/status); keep the session: a late payStatus 3 still \
         completes it",
    ),
];

fn cutoff(now: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    now - chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

/// Finds the breaches of every SLA.
pub async fn stuck(pool: &PgPool, opts: &StuckOptions) -> anyhow::Result<StuckReport> {
    let sources = Sources::detect(pool).await?;
    let t = opts.thresholds;
    let statement = sources.statement(sql::ORDERS_STUCK);
    let rows = sqlx::query(sqlx::AssertSqlSafe(statement.into_owned()))
        .bind(cutoff(opts.now, t.pending_payment))
        .bind(cutoff(opts.now, t.paid_not_sent))
        .bind(cutoff(opts.now, t.sent_no_progress))
        .bind(cutoff(opts.now, t.vending_pending))
        .fetch_all(pool)
        .await
        .context("failed to look for stuck orders in orders and vending_machine_sessions")?;
    let mut categories: Vec<Category> = CATEGORIES
        .iter()
        .map(|&(category, severity, description, action)| Category {
            category,
            severity,
            threshold_seconds: match category {
                "paid_not_sent" => t.paid_not_sent,
                "unconfirmed_checkout" => t.pending_payment,
                "no_factory_progress" => t.sent_no_progress,
                _ => t.vending_pending,
            }
            .as_secs(),
            description,
            action,
            count: 0,
            oldest_since: None,
            sales: Vec::new(),
        })
        .collect();
    for row in rows {
        let name: String = row.try_get("category")?;
        let Some(c) = categories.iter_mut().find(|c| c.category == name) else {
            continue;
        };
        let since: DateTime<Utc> = row.try_get("since")?;
        c.count += 1;
        c.oldest_since = Some(c.oldest_since.map_or(since, |o| o.min(since)));
        if c.sales.len() < opts.limit {
            c.sales.push(StuckSale {
                kind: row.try_get("kind")?,
                id: row.try_get("id")?,
                order_number: row.try_get("order_number")?,
                status: row.try_get("status")?,
                since,
                age_seconds: (opts.now - since).num_seconds(),
                amount_pence: row.try_get("amount_pence")?,
                currency: currency_code(row.try_get::<Option<String>, _>("currency")?.as_deref()),
                machine_id: row.try_get("machine_id")?,
                stripe_session_id: row.try_get("stripe_session_id")?,
                third_id: row.try_get("third_id")?,
                chinese_order_id: row.try_get("chinese_order_id")?,
                queue_number: row.try_get("queue_number")?,
                archived: row.try_get("archived")?,
            });
        }
    }
    let breached = |severity| {
        categories
            .iter()
            .any(|c| c.count > 0 && c.severity == severity)
    };
    let status = if breached("critical") {
        "critical"
    } else if breached("warning") {
        "warning"
    } else {
        "ok"
    };
    Ok(StuckReport {
        now: opts.now,
        status,
        thresholds: t,
        categories,
        warnings: sources.warning().into_iter().collect(),
        archive_included: sources.archive_included,
    })
}

impl Report for StuckReport {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn write_table(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()> {
        let total: usize = self.categories.iter().map(|c| c.count).sum();
        writeln!(
            out,
            "stuck orders: {}, status {}",
            table::count(total as i64),
            table::status(style, self.status)
        )?;
        for c in &self.categories {
            writeln!(out)?;
            let oldest = c
                .oldest_since
                .map(|o| format!(", oldest {}", age(self.now, o)))
                .unwrap_or_default();
            writeln!(
                out,
                "{} ({}): {} older than {}{oldest}",
                c.category,
                if c.count > 0 {
                    table::status(style, c.severity)
                } else {
                    table::status(style, "ok")
                },
                table::count(c.count as i64),
                duration_text(c.threshold_seconds),
            )?;
            writeln!(out, "  {}", c.description)?;
            if c.count == 0 {
                continue;
            }
            writeln!(out, "  action: {}", c.action)?;
            let mut t = table::new(
                style,
                &[
                    table::text("id"),
                    table::text("order_number"),
                    table::text("kind"),
                    table::text("status"),
                    table::number("amount"),
                    table::text("machine"),
                    table::number("age"),
                    table::text("check"),
                ],
            );
            for s in &c.sales {
                let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
                let check = match c.category {
                    "unconfirmed_checkout" => dash(&s.stripe_session_id),
                    "no_factory_progress" => format!(
                        "{} queue {}",
                        dash(&s.chinese_order_id),
                        dash(&s.queue_number)
                    ),
                    _ => dash(&s.third_id),
                };
                let kind = if s.archived {
                    format!("{} (archived)", s.kind)
                } else {
                    s.kind.clone()
                };
                t.add_row(one_line_row([
                    s.id.clone(),
                    dash(&s.order_number),
                    kind,
                    status_text(s.status.as_deref()),
                    money_in(s.amount_pence, &s.currency),
                    dash(&s.machine_id),
                    age(self.now, s.since),
                    check,
                ]));
            }
            writeln!(out, "{t}")?;
            if c.count > c.sales.len() {
                writeln!(
                    out,
                    "  ({} more not shown; --limit raises the number shown)",
                    table::count((c.count - c.sales.len()) as i64)
                )?;
            }
        }
        for w in &self.warnings {
            writeln!(out, "warning: {w}")?;
        }
        Ok(())
    }
}

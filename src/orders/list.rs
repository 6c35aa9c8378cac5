//! `pmc orders list`: sales, newest first, from the orders table, the vending sessions holding
//! a sale, and the archive, filtered by status, payment, age, machine and kind.

use std::io::{self, Write};
use std::time::Duration;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgPool, Row as _};

use super::sources::Sources;
use super::{Kind, age, currency_code, money_in, one_line_row, status_label, status_text};
use crate::output::{Report, table};
use crate::sql;

/// What to list.
#[derive(Debug, Clone)]
pub struct ListOptions {
    /// Exact statuses (free text); empty = any.
    pub statuses: Vec<String>,
    /// Exact payment statuses; empty = any.
    pub payment_statuses: Vec<String>,
    /// Only sales created more than this long before `now`.
    pub older_than: Option<Duration>,
    /// Only sales created at most this long before `now`.
    pub newer_than: Option<Duration>,
    pub machine: Option<String>,
    pub kind: Option<Kind>,
    pub limit: u32,
    pub now: DateTime<Utc>,
}

/// One sale as listed.
#[derive(Debug, Clone, Serialize)]
pub struct Sale {
    pub kind: String,
    /// `order` (a row of orders) or `session` (a vending session holding the sale).
    pub source: String,
    /// The order id, or the vending session_id.
    pub id: String,
    pub order_number: Option<String>,
    pub status: Option<String>,
    /// The meaning of a numeric partner status code, else null.
    pub status_label: Option<&'static str>,
    /// orders.payment_status; for a vending session `paid`, `failed` or `pending`.
    pub payment: Option<String>,
    pub amount_pence: Option<i64>,
    /// GBP when the store keeps none (see [`currency_code`]).
    pub currency: String,
    pub template: Option<String>,
    pub model: Option<String>,
    pub machine_id: Option<String>,
    /// Null when the store has no creation time (the column is nullable).
    pub created_at: Option<DateTime<Utc>>,
    pub age_seconds: Option<i64>,
    /// Our PYEN payment id.
    pub third_id: Option<String>,
    pub chinese_payment_id: Option<String>,
    pub chinese_order_id: Option<String>,
    /// The OREN id of a vending order.
    pub order_third_id: Option<String>,
    pub archived: bool,
}

/// The filters as applied, for the JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Filters {
    pub status: Vec<String>,
    pub payment_status: Vec<String>,
    pub created_before: Option<DateTime<Utc>>,
    pub created_after: Option<DateTime<Utc>>,
    pub machine: Option<String>,
    pub kind: Option<Kind>,
    pub limit: u32,
}

/// The list report; the JSON shape is documented in commands/orders.md.
#[derive(Debug, Clone, Serialize)]
pub struct ListReport {
    pub now: DateTime<Utc>,
    pub filters: Filters,
    /// Sales matching the filters, before --limit.
    pub total_matching: i64,
    pub sales: Vec<Sale>,
    pub archive_included: Vec<String>,
    pub warnings: Vec<String>,
}

fn before(now: DateTime<Utc>, d: Option<Duration>) -> Option<DateTime<Utc>> {
    d.map(|d| now - chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX))
}

/// Reads the sales matching `opts`.
pub async fn list(pool: &PgPool, opts: &ListOptions) -> anyhow::Result<ListReport> {
    let sources = Sources::detect(pool).await?;
    let non_empty = |v: &Vec<String>| (!v.is_empty()).then(|| v.clone());
    let filters = Filters {
        status: opts.statuses.clone(),
        payment_status: opts.payment_statuses.clone(),
        created_before: before(opts.now, opts.older_than),
        created_after: before(opts.now, opts.newer_than),
        machine: opts.machine.clone(),
        kind: opts.kind,
        limit: opts.limit,
    };
    let statement = sources.statement(sql::ORDERS_LIST);
    let rows = sqlx::query(sqlx::AssertSqlSafe(statement.into_owned()))
        .bind(non_empty(&opts.statuses))
        .bind(non_empty(&opts.payment_statuses))
        .bind(filters.created_before)
        .bind(filters.created_after)
        .bind(opts.machine.as_deref())
        .bind(opts.kind.map(Kind::as_str))
        .bind(i64::from(opts.limit))
        // A sale dated after now (a clock ahead, or every later sale with --now) is not "at
        // most DUR before now".
        .bind(opts.newer_than.map(|_| opts.now))
        .fetch_all(pool)
        .await
        .context("failed to list sales from orders and vending_machine_sessions")?;
    let mut total_matching = 0;
    let mut sales = Vec::with_capacity(rows.len());
    for row in rows {
        total_matching = row.try_get("total_matching")?;
        let created_at: Option<DateTime<Utc>> = row.try_get("created_at")?;
        let status: Option<String> = row.try_get("status")?;
        sales.push(Sale {
            kind: row.try_get("kind")?,
            source: row.try_get("source")?,
            id: row.try_get("id")?,
            order_number: row.try_get("order_number")?,
            status_label: status.as_deref().and_then(status_label),
            status,
            payment: row.try_get("payment")?,
            amount_pence: row.try_get("amount_pence")?,
            currency: currency_code(row.try_get::<Option<String>, _>("currency")?.as_deref()),
            template: row.try_get("template")?,
            model: row.try_get("model")?,
            machine_id: row.try_get("machine_id")?,
            created_at,
            age_seconds: created_at.map(|t| (opts.now - t).num_seconds()),
            third_id: row.try_get("third_id")?,
            chinese_payment_id: row.try_get("chinese_payment_id")?,
            chinese_order_id: row.try_get("chinese_order_id")?,
            order_third_id: row.try_get("order_third_id")?,
            archived: row.try_get("archived")?,
        });
    }
    Ok(ListReport {
        now: opts.now,
        filters,
        total_matching,
        sales,
        warnings: sources.warning().into_iter().collect(),
        archive_included: sources.archive_included,
    })
}

/// The factory ids of a sale, in the order the money and the order travel.
pub fn factory_ids(ids: [&Option<String>; 4]) -> String {
    let parts: Vec<&str> = ids.iter().filter_map(|id| id.as_deref()).collect();
    if parts.is_empty() {
        "-".into()
    } else {
        parts.join(" ")
    }
}

impl Report for ListReport {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn write_table(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()> {
        let mut t = table::new(
            style,
            &[
                table::text("id"),
                table::text("order_number"),
                table::text("kind"),
                table::text("status"),
                table::text("payment"),
                table::number("amount"),
                table::text("template"),
                table::text("model"),
                table::number("age"),
                table::text("factory ids"),
            ],
        );
        for s in &self.sales {
            let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
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
                dash(&s.payment),
                money_in(s.amount_pence, &s.currency),
                dash(&s.template),
                dash(&s.model),
                s.created_at
                    .map_or_else(|| "-".into(), |t| age(self.now, t)),
                factory_ids([
                    &s.third_id,
                    &s.chinese_payment_id,
                    &s.chinese_order_id,
                    &s.order_third_id,
                ]),
            ]));
        }
        if !self.sales.is_empty() {
            writeln!(out, "{t}")?;
        }
        let archive = if self.archive_included.is_empty() {
            String::new()
        } else {
            format!(
                "; archived rows included from {}",
                self.archive_included.join(", ")
            )
        };
        writeln!(
            out,
            "{} of {} matching sales, newest first{archive}",
            table::count(self.sales.len() as i64),
            table::count(self.total_matching),
        )?;
        for w in &self.warnings {
            writeln!(out, "warning: {w}")?;
        }
        Ok(())
    }
}

//! Is the restored database the store it claims to be? Row counts against the manifest, every
//! foreign key by an anti-join, the recovery point, sequences ahead of their columns; and for
//! the drill, the store's own business rules. Each check is one row of the report; a check
//! that cannot run (a missing table, say) is a failed row, not an aborted restore.

use std::collections::BTreeMap;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{AssertSqlSafe, PgPool};

use super::quote_ident;
use crate::backup::manifest::Manifest;
use crate::sql;

/// The verdict of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Failed,
    /// Reported, not judged (counts of a dump without a manifest, tables the manifest does
    /// not list).
    Info,
}

impl Status {
    pub fn word(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Failed => "failed",
            Status::Info => "info",
        }
    }
}

/// One row of the table of checks.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// `row_count`, `foreign_key`, `recovery_point`, `sequence` or `invariant`.
    pub check: &'static str,
    /// What was checked: a table, constraint, sequence or rule.
    pub object: String,
    pub expected: Option<String>,
    pub found: Option<String>,
    pub status: Status,
    /// Why it failed, or an example offending row.
    pub detail: Option<String>,
}

impl Check {
    fn new(check: &'static str, object: impl Into<String>, status: Status) -> Self {
        Check {
            check,
            object: object.into(),
            expected: None,
            found: None,
            status,
            detail: None,
        }
    }
}

/// `schema.table` for a manifest key (`orders` means `public.orders`).
fn qualified(key: &str) -> String {
    if key.contains('.') {
        key.to_string()
    } else {
        format!("public.{key}")
    }
}

/// `table` for the store's public schema, `schema.table` otherwise: short enough for a table
/// column.
fn short(schema: &str, table: &str) -> String {
    if schema == "public" {
        table.to_string()
    } else {
        format!("{schema}.{table}")
    }
}

/// The tables of the database as (schema, table): the very ones a backup counts into its
/// manifest (leaf partitions, not their parents), so that the counts compare.
async fn tables(pool: &PgPool) -> anyhow::Result<Vec<(String, String)>> {
    sqlx::query_as(sql::BACKUP_TABLES)
        .fetch_all(pool)
        .await
        .context("failed to list the restored tables")
}

/// Runs single-number statements concurrently on the pool (its size bounds the parallelism);
/// each result in input order.
async fn scalars(pool: &PgPool, statements: Vec<String>) -> Vec<Result<Option<i64>, String>> {
    let mut set = tokio::task::JoinSet::new();
    for (i, statement) in statements.into_iter().enumerate() {
        let pool = pool.clone();
        set.spawn(async move {
            let value: Result<Option<i64>, String> = sqlx::query_scalar(AssertSqlSafe(statement))
                .fetch_one(&pool)
                .await
                .map_err(|e| e.to_string());
            (i, value)
        });
    }
    let mut out: Vec<Result<Option<i64>, String>> = Vec::new();
    let mut results = Vec::new();
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(pair) => results.push(pair),
            Err(e) => results.push((usize::MAX, Err(e.to_string()))),
        }
    }
    results.sort_by_key(|(i, _)| *i);
    out.extend(results.into_iter().map(|(_, r)| r));
    out
}

/// The exact row count of every table, by `schema.table`.
pub async fn row_counts(pool: &PgPool) -> anyhow::Result<BTreeMap<String, i64>> {
    let tables = tables(pool).await?;
    let statements = tables
        .iter()
        .map(|(s, t)| format!("SELECT count(*) FROM {}.{}", quote_ident(s), quote_ident(t)))
        .collect();
    let mut counts = BTreeMap::new();
    for ((schema, table), count) in tables.into_iter().zip(scalars(pool, statements).await) {
        let count = count
            .map_err(|e| anyhow::anyhow!(e))
            .with_context(|| format!("failed to count the rows of {schema}.{table}"))?;
        counts.insert(format!("{schema}.{table}"), count.unwrap_or(0));
    }
    Ok(counts)
}

/// Row counts: equal to the manifest's, or only reported without one.
async fn count_checks(pool: &PgPool, manifest: Option<&Manifest>) -> anyhow::Result<Vec<Check>> {
    let found = row_counts(pool).await?;
    let mut checks = Vec::new();
    let expected: BTreeMap<String, i64> = manifest
        .map(|m| {
            m.row_counts
                .iter()
                .map(|(k, v)| (qualified(k), *v))
                .collect()
        })
        .unwrap_or_default();
    let compare = manifest.is_some_and(|m| !m.row_counts.is_empty());
    for (table, want) in &expected {
        let got = found.get(table).copied();
        let mut check = Check::new(
            "row_count",
            table,
            if got == Some(*want) {
                Status::Ok
            } else {
                Status::Failed
            },
        );
        check.expected = Some(want.to_string());
        check.found = got.map(|n| n.to_string());
        if got.is_none() {
            check.detail = Some("the table is missing from the restored database".into());
        }
        checks.push(check);
    }
    for (table, got) in &found {
        if expected.contains_key(table) {
            continue;
        }
        let mut check = Check::new("row_count", table, Status::Info);
        check.found = Some(got.to_string());
        if compare {
            check.detail = Some("not in the manifest".into());
        }
        checks.push(check);
    }
    Ok(checks)
}

type ForeignKey = (
    String,
    String,
    String,
    Vec<String>,
    String,
    String,
    Vec<String>,
);

/// Every foreign key holds: no child row whose key is complete but has no parent. Constraints
/// are checked by query, not trusted, since a dump can carry NOT VALID ones.
async fn foreign_key_checks(pool: &PgPool) -> anyhow::Result<Vec<Check>> {
    let keys: Vec<ForeignKey> = sqlx::query_as(sql::RESTORE_FOREIGN_KEYS)
        .fetch_all(pool)
        .await
        .context("failed to list the foreign keys")?;
    let statements = keys
        .iter()
        .map(|(_, cs, ct, ccols, ps, pt, pcols)| {
            let not_null = ccols
                .iter()
                .map(|c| format!("c.{} IS NOT NULL", quote_ident(c)))
                .collect::<Vec<_>>()
                .join(" AND ");
            let join = ccols
                .iter()
                .zip(pcols)
                .map(|(c, p)| format!("p.{} = c.{}", quote_ident(p), quote_ident(c)))
                .collect::<Vec<_>>()
                .join(" AND ");
            format!(
                "SELECT count(*) FROM {}.{} AS c WHERE {not_null} AND NOT EXISTS \
                 (SELECT 1 FROM {}.{} AS p WHERE {join})",
                quote_ident(cs),
                quote_ident(ct),
                quote_ident(ps),
                quote_ident(pt)
            )
        })
        .collect();
    let results = scalars(pool, statements).await;
    Ok(keys
        .into_iter()
        .zip(results)
        .map(|((name, cs, ct, ccols, ps, pt, pcols), result)| {
            let object = format!(
                "{}({}) -> {}({}) [{name}]",
                short(&cs, &ct),
                ccols.join(", "),
                short(&ps, &pt),
                pcols.join(", ")
            );
            let mut check = Check::new("foreign_key", object, Status::Ok);
            check.expected = Some("0 orphans".into());
            match result {
                Ok(n) => {
                    let n = n.unwrap_or(0);
                    check.found = Some(format!("{n} orphans"));
                    if n > 0 {
                        check.status = Status::Failed;
                    }
                }
                Err(e) => {
                    check.status = Status::Failed;
                    check.detail = Some(e);
                }
            }
            check
        })
        .collect())
}

fn show_time(t: Option<DateTime<Utc>>) -> String {
    t.map_or("none".into(), |t| {
        t.format("%Y-%m-%d %H:%M:%S%.6f UTC").to_string()
    })
}

/// The newest order in the restored database, if it has an orders table.
pub async fn recovery_point(pool: &PgPool) -> anyhow::Result<Option<DateTime<Utc>>> {
    sqlx::query_scalar(sql::RESTORE_RECOVERY_POINT)
        .fetch_one(pool)
        .await
        .context("failed to read the newest orders.created_at")
}

async fn recovery_point_check(
    pool: &PgPool,
    manifest: Option<&Manifest>,
) -> (Check, Option<DateTime<Utc>>) {
    let mut check = Check::new("recovery_point", "newest orders.created_at", Status::Info);
    let found = match recovery_point(pool).await {
        Ok(found) => found,
        Err(e) => {
            check.status = Status::Failed;
            check.detail = Some(crate::error::one_line(&e));
            return (check, None);
        }
    };
    check.found = Some(show_time(found));
    match manifest.map(Manifest::expected_recovery_point) {
        Some(Some(expected)) => {
            check.expected = Some(show_time(expected));
            check.status = if expected == found {
                Status::Ok
            } else {
                Status::Failed
            };
        }
        Some(None) => {
            check.detail =
                Some("an imported dump has no recovery point in its manifest: reported".into());
        }
        None => {}
    }
    (check, found)
}

type OwnedSequence = (String, String, String, String, String, Option<i64>);

/// Every sequence that feeds a column is at or past the column's largest value, so the next
/// insert cannot collide with a restored row.
async fn sequence_checks(pool: &PgPool) -> anyhow::Result<Vec<Check>> {
    let sequences: Vec<OwnedSequence> = sqlx::query_as(sql::RESTORE_OWNED_SEQUENCES)
        .fetch_all(pool)
        .await
        .context("failed to list the sequences")?;
    let statements = sequences
        .iter()
        .map(|(_, _, ts, tt, col, _)| {
            format!(
                "SELECT max({})::bigint FROM {}.{}",
                quote_ident(col),
                quote_ident(ts),
                quote_ident(tt)
            )
        })
        .collect();
    let results = scalars(pool, statements).await;
    Ok(sequences
        .into_iter()
        .zip(results)
        .map(|((ss, sn, ts, tt, col, last), result)| {
            let object = format!("{} for {}.{col}", short(&ss, &sn), short(&ts, &tt));
            let mut check = Check::new("sequence", object, Status::Ok);
            check.found = Some(last.map_or("never used".into(), |v| v.to_string()));
            match result {
                Ok(max) => {
                    check.expected =
                        Some(max.map_or("any (no rows)".into(), |m| format!(">= {m}")));
                    let sane = match (max, last) {
                        (None, _) => true,
                        (Some(max), Some(last)) => last >= max,
                        (Some(_), None) => false,
                    };
                    if !sane {
                        check.status = Status::Failed;
                        check.detail =
                            Some("the next value would collide with a restored row".to_string());
                    }
                }
                Err(e) => {
                    check.status = Status::Failed;
                    check.detail = Some(e);
                }
            }
            check
        })
        .collect())
}

/// The validations every restore runs: row counts, foreign keys, recovery point, sequences.
/// Also returns the recovery point found.
pub async fn validate(
    pool: &PgPool,
    manifest: Option<&Manifest>,
) -> anyhow::Result<(Vec<Check>, Option<DateTime<Utc>>)> {
    let mut checks = count_checks(pool, manifest).await?;
    checks.extend(foreign_key_checks(pool).await?);
    let (point, found) = recovery_point_check(pool, manifest).await;
    checks.push(point);
    checks.extend(sequence_checks(pool).await?);
    Ok((checks, found))
}

/// The store's business rules the drill checks, as (name, statement). Each statement returns
/// (offending rows, one example).
pub const INVARIANTS: &[(&str, &str)] = &[
    (
        "every order's brand exists",
        sql::RESTORE_INVARIANT_ORDER_BRAND,
    ),
    (
        "every order's phone model exists",
        sql::RESTORE_INVARIANT_ORDER_MODEL,
    ),
    (
        "every order's template exists",
        sql::RESTORE_INVARIANT_ORDER_TEMPLATE,
    ),
    (
        "every order image points at an order",
        sql::RESTORE_INVARIANT_ORDER_IMAGES,
    ),
    (
        "every paid order has a payment id",
        sql::RESTORE_INVARIANT_PAID_ORDERS,
    ),
    (
        "every vending session names a known machine",
        sql::RESTORE_INVARIANT_SESSION_MACHINES,
    ),
];

/// The store's invariants (see [`INVARIANTS`]), one check each.
pub async fn invariants(pool: &PgPool) -> Vec<Check> {
    let mut checks = Vec::new();
    for (name, statement) in INVARIANTS {
        let mut check = Check::new("invariant", *name, Status::Ok);
        check.expected = Some("0 rows".into());
        let row: Result<(i64, Option<String>), _> =
            sqlx::query_as(*statement).fetch_one(pool).await;
        match row {
            Ok((n, example)) => {
                check.found = Some(format!("{n} rows"));
                if n > 0 {
                    check.status = Status::Failed;
                    check.detail = example.map(|e| format!("e.g. {e}"));
                }
            }
            Err(e) => {
                check.status = Status::Failed;
                check.detail = Some(crate::error::statement_error(e));
            }
        }
        checks.push(check);
    }
    checks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_keys_default_to_public() {
        assert_eq!(qualified("orders"), "public.orders");
        assert_eq!(qualified("pmc.runs"), "pmc.runs");
    }
}

//! Where sales come from: the store's tables and, when they exist and this role can read them,
//! pmc's archive tables (`pmc_archive.vending_sessions`, `pmc_archive.orders`,
//! `pmc_archive.order_images`, made by `pmc cleanup` and `pmc orders archive`).
//!
//! A statement cannot name a table that may not exist, so each `sql/orders_*.sql` file carries
//! its archive branch inside a block comment tagged with the table, `/*[pmc_archive.orders] …
//! */`. As written, the file is a complete statement over the store tables alone; `statement`
//! removes the comment markers of the archive tables that are present. The text that goes to
//! the server is therefore always one of the file's own two forms, never anything typed by a
//! user.

use std::borrow::Cow;

use anyhow::Context as _;
use serde::Serialize;
use sqlx::PgPool;

use crate::sql;

/// The archive tables, in the tag form the statements use.
pub const ARCHIVE_TABLES: [&str; 3] = [
    "pmc_archive.vending_sessions",
    "pmc_archive.orders",
    "pmc_archive.order_images",
];

/// The store tables the `pmc orders` statements read.
pub const STORE_TABLES: [&str; 7] = [
    "orders",
    "order_images",
    "vending_machine_sessions",
    "payment_mappings",
    "phone_models",
    "templates",
    "brands",
];

/// Which optional tables exist and can be read.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Sources {
    /// Archive tables whose rows are included.
    pub archive_included: Vec<String>,
    /// Archive tables that exist but this role may not read: their rows are missing.
    pub archive_unreadable: Vec<String>,
    /// Whether pmc.runs exists and is readable (for `orders show`).
    #[serde(skip)]
    pub runs_readable: bool,
}

impl Sources {
    /// Looks the optional tables up in the catalog; fails (exit 65) on a database that lacks
    /// one of the store's tables.
    pub async fn detect(pool: &PgPool) -> anyhow::Result<Sources> {
        crate::db::require_store_tables(pool, &STORE_TABLES).await?;
        let rows: Vec<(String, bool)> = sqlx::query_as(sql::ORDERS_OPTIONAL_TABLES)
            .fetch_all(pool)
            .await
            .context("failed to look for the pmc_archive tables in pg_catalog")?;
        let mut sources = Sources::default();
        for (name, readable) in rows {
            if name == "pmc.runs" {
                sources.runs_readable = readable;
            } else if readable {
                sources.archive_included.push(name);
            } else {
                sources.archive_unreadable.push(name);
            }
        }
        Ok(sources)
    }

    /// `statement` with the archive branches of the readable archive tables enabled.
    pub fn statement(&self, statement: &'static str) -> Cow<'static, str> {
        enable(statement, &self.archive_included)
    }

    /// A one-line warning when archived rows are left out, for the reports.
    pub fn warning(&self) -> Option<String> {
        (!self.archive_unreadable.is_empty()).then(|| {
            format!(
                "archived rows left out: this role cannot read {} (GRANT USAGE ON SCHEMA \
                 pmc_archive and SELECT on its tables)",
                self.archive_unreadable.join(", ")
            )
        })
    }
}

/// Removes the comment markers around the branches tagged with one of `tables`.
pub fn enable(statement: &'static str, tables: &[String]) -> Cow<'static, str> {
    let mut text = Cow::Borrowed(statement);
    for table in tables {
        let open = format!("/*[{table}]");
        while let Some(start) = text.find(&open) {
            let body = start + open.len();
            let Some(len) = text[body..].find("*/") else {
                break;
            };
            let mut owned = text.into_owned();
            owned.replace_range(body + len..body + len + 2, "");
            owned.replace_range(start..body, "");
            text = Cow::Owned(owned);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enabling_removes_only_the_markers_of_present_tables() {
        let sql = "SELECT 1 /*[pmc_archive.orders] UNION ALL SELECT 2 */\n\
                   /*[pmc_archive.vending_sessions] UNION ALL SELECT 3 */";
        let sql: &'static str = Box::leak(sql.to_string().into_boxed_str());
        assert_eq!(enable(sql, &[]), sql);
        let on = enable(sql, &["pmc_archive.orders".to_string()]);
        assert_eq!(
            on,
            "SELECT 1  UNION ALL SELECT 2 \n/*[pmc_archive.vending_sessions] UNION ALL SELECT 3 */"
        );
        let all = enable(
            sql,
            &ARCHIVE_TABLES
                .iter()
                .map(|t| t.to_string())
                .collect::<Vec<_>>(),
        );
        assert!(!all.contains("/*") && !all.contains("*/"), "{all}");
    }

    #[test]
    fn every_archive_tag_is_closed() {
        for (name, text) in sql::ALL.iter().filter(|(n, _)| n.starts_with("orders_")) {
            for table in ARCHIVE_TABLES {
                let tag = format!("/*[{table}]");
                for (at, _) in text.match_indices(&tag) {
                    assert!(text[at..].contains("*/"), "sql/{name}: {tag} is not closed");
                }
            }
        }
    }
}

//! `pmc orders show`: everything about one sale, found by order id, order_number, vending
//! session id or third id (PYEN/OREN): the order or session row, its images and whether their
//! files are still in the images folder, the payment mapping, the factory ids, and the pmc
//! runs that mention it.

use std::io::{self, Write};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use sqlx::{PgPool, Row as _};

use super::sources::Sources;
use super::{currency_code, money, money_in, one_line_row, relative, status_text, when};
use crate::error::Failure;
use crate::output::{Report, one_line_value, table};
use crate::sql;

/// What to show.
#[derive(Debug, Clone)]
pub struct ShowOptions {
    /// The id the operator typed.
    pub key: String,
    /// store.images_dir.
    pub images_dir: PathBuf,
    pub now: DateTime<Utc>,
}

/// One image of the sale.
#[derive(Debug, Clone, Serialize)]
pub struct Image {
    /// `order_images` or `session_data` (a vending sale's URLs).
    pub source: String,
    /// image_type, or the session_data key.
    pub image_type: Option<String>,
    /// As stored: `generated-images/<file>` or a full URL with a token.
    pub path: String,
    /// The file name in the images folder (URL basename without the query).
    pub file: Option<String>,
    /// Whether the file is in the images folder; null when that folder is not there to look in.
    pub exists: Option<bool>,
    pub chinese_image_url: Option<String>,
    pub archived: bool,
}

/// A payment_mappings row.
#[derive(Debug, Clone, Serialize)]
pub struct Mapping {
    pub third_id: String,
    pub chinese_payment_id: Option<String>,
    pub device_id: Option<String>,
    pub mobile_model_id: Option<String>,
    pub pay_amount_pence: Option<i64>,
    pub pay_type: Option<i32>,
    pub created_at: Option<DateTime<Utc>>,
}

/// A pmc.runs row that names one of the sale's ids as a whole value, or archived its rows.
#[derive(Debug, Clone, Serialize)]
pub struct Run {
    pub id: i64,
    pub command: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub outcome: String,
    pub arguments: Value,
    pub summary: Option<Value>,
}

/// The ids the factory and the payment partner know the sale by.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Factory {
    pub third_id: Option<String>,
    pub chinese_payment_id: Option<String>,
    pub chinese_payment_status: Option<i64>,
    pub chinese_order_id: Option<String>,
    pub order_third_id: Option<String>,
    pub queue_number: Option<String>,
}

/// The show report; the JSON shape is documented in commands/orders.md.
#[derive(Debug, Clone, Serialize)]
pub struct ShowReport {
    pub now: DateTime<Utc>,
    pub key: String,
    /// Which field the key matched: id, order_number, session_id or third_id.
    pub matched_by: &'static str,
    pub kind: &'static str,
    /// The orders row as stored (every column) plus archived, template_name, model_name,
    /// brand_name; null for a vending sale without an order.
    pub order: Option<Value>,
    /// The vending sessions of the sale, each as stored plus archived.
    pub sessions: Vec<Value>,
    pub factory: Factory,
    pub images_dir: PathBuf,
    pub images: Vec<Image>,
    pub payment_mappings: Vec<Mapping>,
    /// Null when pmc.runs does not exist or this role cannot read it.
    pub runs: Option<Vec<Run>>,
    pub archive_included: Vec<String>,
    pub warnings: Vec<String>,
}

fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// The file name an image path or URL refers to: the last path segment without the query.
pub fn file_name(path: &str) -> Option<String> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let name = path.rsplit('/').next().unwrap_or_default();
    (!name.is_empty() && name != "." && name != "..").then(|| name.to_string())
}

/// An image of the sale; `dir` is the images folder, None when it is not a directory: then
/// whether the file exists is unknown, since a wrong folder (the default is relative to the
/// working directory) would otherwise report every file gone.
fn image(source: &str, image_type: Option<String>, path: String, dir: Option<&Path>) -> Image {
    let file = file_name(&path);
    let exists = dir.map(|dir| file.as_ref().is_some_and(|f| dir.join(f).is_file()));
    Image {
        source: source.into(),
        image_type,
        path,
        file,
        exists,
        chinese_image_url: None,
        archived: false,
    }
}

async fn find_orders(
    pool: &PgPool,
    sources: &Sources,
    key: &str,
    order_id: Option<&str>,
) -> anyhow::Result<Vec<Value>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(
        sources.statement(sql::ORDERS_SHOW_ORDERS).into_owned(),
    ))
    .bind(key)
    .bind(order_id)
    .fetch_all(pool)
    .await
    .context("failed to look the key up in orders")?;
    rows.into_iter()
        .map(|row| {
            let mut order = row_value(&row)?;
            if let Value::Object(map) = &mut order {
                map.insert(
                    "archived".into(),
                    row.try_get::<bool, _>("archived")?.into(),
                );
                for extra in ["template_name", "model_name", "brand_name"] {
                    map.insert(
                        extra.into(),
                        row.try_get::<Option<String>, _>(extra)?.into(),
                    );
                }
            }
            Ok(order)
        })
        .collect()
}

/// The `row` column, one table row as JSON. A column nested as deep as serde_json refuses
/// (128 levels; no store code writes that, but a json column takes it) is kept as its JSON
/// text and named in the row's `nested_too_deep`, rather than failing the whole show.
fn row_value(row: &sqlx::postgres::PgRow) -> anyhow::Result<Value> {
    let raw: sqlx::types::Json<Box<serde_json::value::RawValue>> = row.try_get("row")?;
    let text = raw.0.get();
    match serde_json::from_str(text) {
        Ok(value) => return Ok(value),
        Err(e) if !is_too_deep(&e) => return Err(e).context("failed to read a row as JSON"),
        Err(_) => {}
    }
    // Skipping a value (RawValue) keeps no stack per level, so the columns split at any depth.
    let columns: std::collections::BTreeMap<String, Box<serde_json::value::RawValue>> =
        serde_json::from_str(text).context("failed to read a row as JSON")?;
    let mut map = serde_json::Map::new();
    let mut too_deep = Vec::new();
    for (name, column) in columns {
        let value = match serde_json::from_str(column.get()) {
            Ok(value) => value,
            Err(e) if is_too_deep(&e) => {
                too_deep.push(Value::String(name.clone()));
                Value::String(column.get().to_string())
            }
            Err(e) => return Err(e).context(format!("failed to read column {name} as JSON")),
        };
        map.insert(name, value);
    }
    // The row as a whole may be one level too deep while each column reads on its own.
    if !too_deep.is_empty() {
        map.insert("nested_too_deep".into(), Value::Array(too_deep));
    }
    Ok(Value::Object(map))
}

fn is_too_deep(e: &serde_json::Error) -> bool {
    e.to_string().starts_with("recursion limit exceeded")
}

/// Warnings for the rows `row_value` could only keep as text.
fn too_deep_warnings(what: &str, row: &Value) -> Vec<String> {
    let id = text(row, "id").unwrap_or_default();
    row.get("nested_too_deep")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|column| {
            format!(
                "{what} {id}: {column} is nested 128 levels deep or more; it is shown as its JSON \
                 text and pmc read nothing from it (images, amount)"
            )
        })
        .collect()
}

async fn find_sessions(
    pool: &PgPool,
    sources: &Sources,
    key: &str,
    order: Option<&Value>,
) -> anyhow::Result<Vec<Value>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(
        sources.statement(sql::ORDERS_SHOW_SESSIONS).into_owned(),
    ))
    .bind(key)
    .bind(order.and_then(|o| text(o, "id")))
    .bind(order.and_then(|o| text(o, "session_id")))
    .fetch_all(pool)
    .await
    .context("failed to look the key up in vending_machine_sessions")?;
    rows.into_iter()
        .map(|row| {
            let mut session = row_value(&row)?;
            if let Value::Object(map) = &mut session {
                map.insert(
                    "archived".into(),
                    row.try_get::<bool, _>("archived")?.into(),
                );
                map.insert(
                    "payment_third_ids".into(),
                    row.try_get::<Vec<String>, _>("third_ids")?.into(),
                );
            }
            Ok(session)
        })
        .collect()
}

fn describe(order: &Value) -> String {
    let archived = if order["archived"] == true {
        ", archived"
    } else {
        ""
    };
    format!("order {}{archived}", text(order, "id").unwrap_or_default())
}

/// `session <session_id>`, with the row id when the session_id is the key itself: then the row
/// id is what tells this session apart from the other sales the key names.
fn describe_session(key: &str, session: &Value) -> String {
    let session_id = text(session, "session_id").unwrap_or_default();
    let archived = if session["archived"] == true {
        ", archived"
    } else {
        ""
    };
    if session_id == key {
        let id = text(session, "id").unwrap_or_default();
        format!("session {session_id} (id {id}{archived})")
    } else if archived.is_empty() {
        format!("session {session_id}")
    } else {
        format!("session {session_id} (archived)")
    }
}

/// Whether `session` is `order`'s own: the session points at the order, or the order carries
/// the session's id. A session and the order that references it are one sale.
fn owns(order: &Value, session: &Value) -> bool {
    let points_at = text(session, "order_id").is_some_and(|id| text(order, "id") == Some(id));
    let carries =
        text(order, "session_id").is_some_and(|sid| text(session, "session_id") == Some(sid));
    // The placeholder order the store makes for a payStatus 3 that found no live session
    // (store-facts 3.7) shares only the payment's third id with the session.
    let same_payment = text(order, "third_party_payment_id")
        .filter(|third_id| !third_id.trim().is_empty())
        .is_some_and(|third_id| session_third_ids(session).contains(&third_id));
    points_at || carries || same_payment
}

/// The payment third ids a session's session_data names, as orders_sales.sql reads them (read
/// by the statement, so also for a session_data too deep to parse here).
fn session_third_ids(session: &Value) -> Vec<String> {
    session
        .get("payment_third_ids")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

fn ambiguous(key: &str, what: Vec<String>) -> anyhow::Error {
    Failure::BadInput(format!(
        "{key} matches {} sales ({}): give the id of one of them (an order id, or a session's row id)",
        what.len(),
        what.join(", ")
    ))
    .into()
}

/// Which row id the key is exactly.
#[derive(Debug, Clone, Copy)]
enum Exact {
    /// An order's id.
    Order,
    /// A vending session's row id.
    Session,
}

/// Finds the sale `opts.key` names and everything about it. An unknown key is
/// `Failure::BadInput` (exit 65), so is a key that matches several sales.
pub async fn show(pool: &PgPool, opts: &ShowOptions) -> anyhow::Result<ShowReport> {
    let key = opts.key.trim();
    let sources = Sources::detect(pool).await?;
    let mut orders = find_orders(pool, &sources, key, None).await?;
    let mut matched_by = None;
    // An exact match on a row id wins over the other fields: an order id first (every order
    // can be shown by its id, Stripe orders having no order_number), then a session's row id.
    // Otherwise an order_number equal to another order's id (free text) would leave that order
    // no way to be shown when it has no order_number or third id of its own, as Stripe orders.
    let is_key = |row: &Value| text(row, "id").as_deref() == Some(key);
    let mut exact = None;
    // Orders that all claim the session a row id names: that session is shown alone, with a
    // warning naming them, rather than refused as ambiguous (the row id is exact).
    let mut claimed_by = Vec::new();
    if orders.iter().any(is_key) {
        orders.retain(is_key);
        exact = Some(Exact::Order);
    } else {
        let mut sessions = find_sessions(pool, &sources, key, None).await?;
        if sessions.iter().any(is_key) {
            sessions.retain(is_key);
            orders.clear();
            exact = Some(Exact::Session);
        }
        if !orders.is_empty() {
            sessions.clear();
        }
        match sessions.as_slice() {
            [] if !orders.is_empty() => {}
            [] => {
                return Err(Failure::BadInput(format!(
                    "no order, order number, vending session or third id {key:?} in the store{}",
                    if sources.archive_included.is_empty() {
                        ""
                    } else {
                        " or its archive"
                    }
                ))
                .into());
            }
            [session] => {
                let session_id = text(session, "session_id").unwrap_or_default();
                let order_id = text(session, "order_id");
                orders = find_orders(pool, &sources, &session_id, order_id.as_deref()).await?;
                // Only orders the session belongs to, not ones that merely share the text.
                orders.retain(|o| {
                    text(o, "session_id").as_deref() == Some(session_id.as_str())
                        || text(o, "id") == order_id
                });
                // Else a placeholder order that shares the session's payment.
                for third_id in session_third_ids(session) {
                    if orders.is_empty() {
                        orders = find_orders(pool, &sources, &third_id, None).await?;
                        orders.retain(|o| owns(o, session));
                    }
                }
                if matches!(exact, Some(Exact::Session)) && orders.len() > 1 {
                    claimed_by = orders.drain(..).map(|o| describe(&o)).collect();
                }
                matched_by = Some(if session_id == key {
                    "session_id"
                } else if text(session, "id").as_deref() == Some(key) {
                    "id"
                } else {
                    "third_id"
                });
            }
            many => {
                return Err(ambiguous(
                    key,
                    many.iter().map(|s| describe_session(key, s)).collect(),
                ));
            }
        }
    }
    if orders.len() > 1 {
        return Err(ambiguous(key, orders.iter().map(describe).collect()));
    }
    let order = orders.pop();
    let mut sessions = find_sessions(pool, &sources, key, order.as_ref()).await?;
    // An order found by its id or number may share its payment with a session (a placeholder
    // order): that session is found by the order's third id.
    if let Some(third_id) = order
        .as_ref()
        .and_then(|o| text(o, "third_party_payment_id"))
        && third_id != key
    {
        for session in find_sessions(pool, &sources, &third_id, None).await? {
            let known = sessions
                .iter()
                .any(|s| text(s, "id") == text(&session, "id"));
            if !known && order.as_ref().is_some_and(|o| owns(o, &session)) {
                sessions.push(session);
            }
        }
    }
    // The sale a row id names is that row's: other sessions the key also names (by session_id
    // or third id) are other sales, reachable by their own ids.
    match (exact, &order) {
        (Some(Exact::Order), Some(o)) => sessions.retain(|s| owns(o, s)),
        (Some(Exact::Session), o) => {
            sessions.retain(|s| is_key(s) || o.as_ref().is_some_and(|o| owns(o, s)))
        }
        _ => {}
    }
    match &order {
        None if sessions.len() > 1 => {
            return Err(ambiguous(
                key,
                sessions.iter().map(|s| describe_session(key, s)).collect(),
            ));
        }
        // The key may also name a session that is not this order's: another sale (say an
        // order_number that is also some session's session_id).
        Some(o) if sessions.iter().any(|s| !owns(o, s)) => {
            return Err(ambiguous(
                key,
                std::iter::once(describe(o))
                    .chain(
                        sessions
                            .iter()
                            .filter(|s| !owns(o, s))
                            .map(|s| describe_session(key, s)),
                    )
                    .collect(),
            ));
        }
        _ => {}
    }
    let matched_by = matched_by.unwrap_or_else(|| {
        let o = order.as_ref();
        let is = |field: &str| o.and_then(|o| text(o, field)).as_deref() == Some(key);
        if is("id") {
            "id"
        } else if is("order_number") {
            "order_number"
        } else if is("session_id") {
            "session_id"
        } else {
            "third_id"
        }
    });

    // Factory ids: the order's columns, else the vending session's session_data.
    let data = |s: &Value| s.get("session_data").cloned().unwrap_or(Value::Null);
    let mut factory = Factory::default();
    if let Some(o) = &order {
        factory = Factory {
            third_id: text(o, "third_party_payment_id"),
            chinese_payment_id: text(o, "chinese_payment_id"),
            chinese_payment_status: o.get("chinese_payment_status").and_then(Value::as_i64),
            chinese_order_id: text(o, "chinese_order_id"),
            order_third_id: None,
            queue_number: text(o, "queue_number"),
        };
    }
    for s in &sessions {
        let d = data(s);
        let fill = |slot: &mut Option<String>, value: Option<String>| {
            if slot.is_none() {
                *slot = value;
            }
        };
        fill(
            &mut factory.third_id,
            d.get("payment_data")
                .and_then(|p| text(p, "third_id"))
                .or_else(|| text(&d, "chinese_third_id")),
        );
        fill(
            &mut factory.chinese_payment_id,
            text(&d, "chinese_payment_id"),
        );
        fill(
            &mut factory.chinese_order_id,
            d.get("chinese_order_response")
                .and_then(|r| r.get("data"))
                .and_then(|r| text(r, "id")),
        );
        fill(&mut factory.order_third_id, text(&d, "order_third_id"));
        fill(&mut factory.queue_number, text(&d, "queue_number"));
    }

    // Images: order_images rows, and the URLs a vending session holds.
    let images_dir = opts
        .images_dir
        .is_dir()
        .then_some(opts.images_dir.as_path());
    let mut images = Vec::new();
    if let Some(o) = &order {
        let rows = sqlx::query(sqlx::AssertSqlSafe(
            sources.statement(sql::ORDERS_SHOW_IMAGES).into_owned(),
        ))
        .bind(text(o, "id"))
        .fetch_all(pool)
        .await
        .context("failed to read order_images")?;
        for row in rows {
            let mut i = image(
                "order_images",
                row.try_get("image_type")?,
                row.try_get("image_path")?,
                images_dir,
            );
            i.chinese_image_url = row.try_get("chinese_image_url")?;
            i.archived = row.try_get("archived")?;
            images.push(i);
        }
    }
    for s in &sessions {
        let d = data(s);
        let summary = d.get("order_summary").cloned().unwrap_or(Value::Null);
        for (name, url) in [
            ("final_image_url", text(&d, "final_image_url")),
            ("original_image_url", text(&d, "original_image_url")),
            (
                "order_summary.finalImagePublicUrl",
                text(&summary, "finalImagePublicUrl"),
            ),
        ] {
            if let Some(url) = url {
                let mut i = image("session_data", Some(name.into()), url, images_dir);
                i.archived = s["archived"] == true;
                images.push(i);
            }
        }
    }

    let third_ids: Vec<String> = order
        .iter()
        .filter_map(|o| text(o, "third_party_payment_id"))
        .chain(sessions.iter().flat_map(session_third_ids))
        .collect();
    let rows = sqlx::query(sql::ORDERS_SHOW_MAPPINGS)
        .bind(&third_ids)
        .fetch_all(pool)
        .await
        .context("failed to read payment_mappings")?;
    let payment_mappings = rows
        .into_iter()
        .map(|row| {
            Ok(Mapping {
                third_id: row.try_get("third_id")?,
                chinese_payment_id: row.try_get("chinese_payment_id")?,
                device_id: row.try_get("device_id")?,
                mobile_model_id: row.try_get("mobile_model_id")?,
                pay_amount_pence: row.try_get("pay_amount_pence")?,
                pay_type: row.try_get("pay_type")?,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;

    let runs = if sources.runs_readable {
        let mut ids: Vec<String> = order
            .iter()
            .flat_map(|o| {
                [
                    text(o, "id"),
                    text(o, "order_number"),
                    text(o, "session_id"),
                ]
            })
            .chain(sessions.iter().map(|s| text(s, "session_id")))
            .flatten()
            .chain(third_ids.iter().cloned())
            .chain(factory.order_third_id.clone())
            .filter(|id| !id.is_empty())
            .collect();
        ids.sort();
        ids.dedup();
        // An archived row carries the run that moved it (pmc_archive.*.run_id).
        let archiving_runs: Vec<i64> = order
            .iter()
            .chain(&sessions)
            .filter(|row| row["archived"] == true)
            .filter_map(|row| row.get("run_id").and_then(Value::as_i64))
            .collect();
        let rows = sqlx::query(sql::ORDERS_SHOW_RUNS)
            .bind(&ids)
            .bind(&archiving_runs)
            .fetch_all(pool)
            .await
            .context("failed to read pmc.runs")?;
        Some(
            rows.into_iter()
                .map(|row| {
                    Ok(Run {
                        id: row.try_get("id")?,
                        command: row.try_get("command")?,
                        started_at: row.try_get("started_at")?,
                        finished_at: row.try_get("finished_at")?,
                        outcome: row.try_get("outcome")?,
                        arguments: row.try_get("arguments")?,
                        summary: row.try_get("summary")?,
                    })
                })
                .collect::<anyhow::Result<Vec<_>>>()?,
        )
    } else {
        None
    };

    let mut warnings: Vec<String> = sources.warning().into_iter().collect();
    if !claimed_by.is_empty() {
        warnings.push(format!(
            "{} orders claim this session ({}): it is shown without them; show each by its \
             order id",
            claimed_by.len(),
            claimed_by.join(", ")
        ));
    }
    warnings.extend(order.iter().flat_map(|o| too_deep_warnings("order", o)));
    warnings.extend(
        sessions
            .iter()
            .flat_map(|s| too_deep_warnings("session", s)),
    );
    if images_dir.is_none() && !images.is_empty() {
        warnings.push(images_dir_warning(&opts.images_dir));
    }

    // As orders_sources.sql decides it for list and stats: an order is vending when it carries
    // a session id, a session points at it, or its third id is a vending payment (pay_type 5).
    let kind = match &order {
        Some(o) => {
            let third_id = text(o, "third_party_payment_id");
            let vending = text(o, "session_id").is_some()
                || sessions
                    .iter()
                    .any(|s| text(s, "order_id").is_some_and(|id| text(o, "id") == Some(id)))
                || payment_mappings
                    .iter()
                    .any(|m| Some(&m.third_id) == third_id.as_ref() && m.pay_type == Some(5));
            if vending { "vending" } else { "stripe" }
        }
        None => "vending",
    };
    Ok(ShowReport {
        now: opts.now,
        key: key.to_string(),
        matched_by,
        kind,
        order,
        sessions,
        factory,
        images_dir: opts.images_dir.clone(),
        images,
        payment_mappings,
        runs,
        warnings,
        archive_included: sources.archive_included,
    })
}

/// Why the image files could not be checked, and how to point pmc at the folder.
fn images_dir_warning(dir: &Path) -> String {
    let relative = if dir.is_relative() {
        std::env::current_dir()
            .map(|cwd| format!(" (relative to {})", cwd.display()))
            .unwrap_or_default()
    } else {
        String::new()
    };
    format!(
        "images folder {}{relative} does not exist or is not a directory: whether the image \
         files exist is unknown; set store.images_dir (or PMC_STORE_IMAGES_DIR) to the store's \
         images folder",
        dir.display()
    )
}

/// One `name value` line; the value (store text) on one line, so that a newline in it cannot
/// print what looks like another field (`customer  Bob\n  status  refunded`).
fn field(out: &mut dyn Write, name: &str, value: impl AsRef<str>) -> io::Result<()> {
    writeln!(out, "  {name:<20} {}", one_line_value(value.as_ref()))
}

fn time_of(v: &Value, key: &str, now: DateTime<Utc>) -> String {
    text(v, key)
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| {
            let t = t.with_timezone(&Utc);
            format!("{} ({})", when(t), relative(now, t))
        })
        .unwrap_or_else(|| "-".into())
}

/// The pounds a vending machine can charge (store-facts 7; 0 on promo machines).
const VENDING_POUNDS: RangeInclusive<f64> = 0.0..=500.0;

/// Pounds whose pence fit an i64 with room to spare: any orders.total_amount, a numeric(10,2).
const ORDER_POUNDS: RangeInclusive<f64> = -9.0e16..=9.0e16;

/// An amount as the store holds it.
#[derive(Debug, Clone, PartialEq)]
enum Amount {
    /// Nothing stored.
    Unknown,
    Pence(i64),
    /// Stored but not an amount (text, or a number out of range): the raw JSON, shown as it
    /// is rather than capped.
    Unreadable(String),
}

/// The first of `values` (JSON null and absent ones skipped) that is a number of pounds in
/// `range`, in pence; else the first one stored, as unreadable.
fn amount_of(values: &[Option<&Value>], range: RangeInclusive<f64>) -> Amount {
    let stored: Vec<&Value> = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| !v.is_null())
        .collect();
    let pence = stored.iter().find_map(|v| {
        let pounds = v.as_f64().filter(|p| range.contains(p))?;
        Some((pounds * 100.0).round() as i64)
    });
    match (pence, stored.first()) {
        (Some(p), _) => Amount::Pence(p),
        (None, Some(raw)) => Amount::Unreadable(raw.to_string()),
        (None, None) => Amount::Unknown,
    }
}

/// `£35.00 GBP`; `35.00 EUR`; `- GBP` when unknown; the raw value and why when unreadable.
/// `currency` is a [`currency_code`].
fn amount_text(amount: &Amount, currency: &str, range: &RangeInclusive<f64>) -> String {
    match amount {
        Amount::Unknown => format!("- {currency}"),
        // `35.00 EUR`: a pound sign only on pounds.
        Amount::Pence(p) if currency != "GBP" => money_in(Some(*p), currency),
        Amount::Pence(p) => format!("{} GBP", money(Some(*p))),
        Amount::Unreadable(raw) => format!(
            "unreadable: {raw} (not a number of pounds from {} to {})",
            range.start(),
            range.end()
        ),
    }
}

impl Report for ShowReport {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn write_table(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()> {
        let dash = |v: Option<String>| v.unwrap_or_else(|| "-".into());
        if let Some(o) = &self.order {
            let archived = if o["archived"] == true {
                ", archived"
            } else {
                ""
            };
            writeln!(
                out,
                "order {} ({}{archived}; matched by {})",
                one_line_value(&dash(text(o, "id"))),
                self.kind,
                self.matched_by
            )?;
            field(out, "order_number", dash(text(o, "order_number")))?;
            field(out, "status", status_text(text(o, "status").as_deref()))?;
            field(out, "payment", dash(text(o, "payment_status")))?;
            field(
                out,
                "amount",
                amount_text(
                    &amount_of(&[o.get("total_amount")], ORDER_POUNDS),
                    &currency_code(text(o, "currency").as_deref()),
                    &ORDER_POUNDS,
                ),
            )?;
            field(
                out,
                "template",
                format!(
                    "{} ({})",
                    dash(text(o, "template_id")),
                    dash(text(o, "template_name"))
                ),
            )?;
            field(
                out,
                "model",
                format!(
                    "{} (brand {})",
                    dash(text(o, "model_name")),
                    dash(text(o, "brand_name"))
                ),
            )?;
            field(out, "machine", dash(text(o, "machine_id")))?;
            field(out, "session_id", dash(text(o, "session_id")))?;
            field(
                out,
                "customer",
                format!(
                    "{} <{}>",
                    dash(text(o, "customer_name")),
                    dash(text(o, "customer_email"))
                ),
            )?;
            field(out, "stripe session", dash(text(o, "stripe_session_id")))?;
            field(
                out,
                "stripe payment",
                dash(text(o, "stripe_payment_intent_id")),
            )?;
            field(out, "created", time_of(o, "created_at", self.now))?;
            field(out, "paid", time_of(o, "paid_at", self.now))?;
            field(out, "updated", time_of(o, "updated_at", self.now))?;
            field(out, "completed", time_of(o, "completed_at", self.now))?;
            if let Some(notes) = text(o, "notes") {
                field(out, "notes", notes)?;
            }
        }
        for s in &self.sessions {
            if self.order.is_some() {
                writeln!(out)?;
            }
            let d = s.get("session_data").cloned().unwrap_or(Value::Null);
            let summary = d.get("order_summary").cloned().unwrap_or(Value::Null);
            let archived = if s["archived"] == true {
                ", archived"
            } else {
                ""
            };
            let matched = if self.order.is_none() {
                format!("; matched by {}", self.matched_by)
            } else {
                String::new()
            };
            writeln!(
                out,
                "vending session {} (vending{archived}{matched})",
                one_line_value(&dash(text(s, "session_id")))
            )?;
            field(out, "machine", dash(text(s, "machine_id")))?;
            field(out, "status", status_text(text(s, "status").as_deref()))?;
            field(out, "progress", dash(text(s, "user_progress")))?;
            // The same candidates, in the same order, as list and stats (orders_sales.sql).
            let amount = amount_of(
                &[
                    s.get("payment_amount"),
                    d.get("payment_amount"),
                    d.get("payment_data").and_then(|p| p.get("amount")),
                ],
                VENDING_POUNDS,
            );
            field(
                out,
                "amount",
                amount_text(
                    &amount,
                    &currency_code(text(&d, "currency").as_deref()),
                    &VENDING_POUNDS,
                ),
            )?;
            field(out, "payment method", dash(text(s, "payment_method")))?;
            field(
                out,
                "design",
                format!(
                    "{} on {} (brand {})",
                    dash(text(&summary, "template")),
                    dash(text(&summary, "model")),
                    dash(text(&summary, "brand"))
                ),
            )?;
            field(out, "created", time_of(s, "created_at", self.now))?;
            field(out, "expires", time_of(s, "expires_at", self.now))?;
            field(
                out,
                "payment confirmed",
                time_of(s, "payment_confirmed_at", self.now),
            )?;
            if let Some(error) = text(&d, "chinese_api_error") {
                field(out, "partner error", error)?;
            }
        }

        writeln!(out, "\nfactory")?;
        let f = &self.factory;
        field(out, "third id", dash(f.third_id.clone()))?;
        field(
            out,
            "chinese payment",
            format!(
                "{}{}",
                dash(f.chinese_payment_id.clone()),
                f.chinese_payment_status
                    .map(|s| format!(" (status {s})"))
                    .unwrap_or_default()
            ),
        )?;
        field(out, "chinese order", dash(f.chinese_order_id.clone()))?;
        if f.order_third_id.is_some() {
            field(out, "order third id", dash(f.order_third_id.clone()))?;
        }
        field(out, "queue", dash(f.queue_number.clone()))?;

        writeln!(out, "\nimages in {}", self.images_dir.display())?;
        if self.images.is_empty() {
            writeln!(out, "  none")?;
        } else {
            let mut t = table::new(
                style,
                &[
                    table::text("source"),
                    table::text("type"),
                    table::text("file"),
                    table::text("on disk"),
                ],
            );
            for i in &self.images {
                t.add_row(one_line_row([
                    i.source.clone(),
                    dash(i.image_type.clone()),
                    dash(i.file.clone()),
                    match i.exists {
                        Some(true) => "yes",
                        Some(false) => "MISSING",
                        None => "unknown",
                    }
                    .to_string(),
                ]));
            }
            writeln!(out, "{t}")?;
        }

        writeln!(out, "\npayment mappings")?;
        if self.payment_mappings.is_empty() {
            writeln!(out, "  none")?;
        } else {
            let mut t = table::new(
                style,
                &[
                    table::text("third_id"),
                    table::text("chinese_payment_id"),
                    table::text("device"),
                    table::text("model"),
                    table::number("amount"),
                    table::number("pay_type"),
                ],
            );
            for m in &self.payment_mappings {
                t.add_row(one_line_row([
                    m.third_id.clone(),
                    dash(m.chinese_payment_id.clone()),
                    dash(m.device_id.clone()),
                    dash(m.mobile_model_id.clone()),
                    money(m.pay_amount_pence),
                    m.pay_type.map_or("-".into(), |p| p.to_string()),
                ]));
            }
            writeln!(out, "{t}")?;
        }

        writeln!(out, "\npmc runs")?;
        match &self.runs {
            None => writeln!(out, "  pmc.runs does not exist or is not readable")?,
            Some(runs) if runs.is_empty() => writeln!(out, "  none")?,
            Some(runs) => {
                let mut t = table::new(
                    style,
                    &[
                        table::number("run"),
                        table::text("command"),
                        table::text("started"),
                        table::text("outcome"),
                    ],
                );
                for r in runs {
                    t.add_row(one_line_row([
                        r.id.to_string(),
                        r.command.clone(),
                        when(r.started_at),
                        r.outcome.clone(),
                    ]));
                }
                writeln!(out, "{t}")?;
            }
        }
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
    fn file_names_come_from_paths_and_urls() {
        assert_eq!(
            file_name("generated-images/order-x-final-1-abcd.png").as_deref(),
            Some("order-x-final-1-abcd.png")
        );
        assert_eq!(
            file_name("https://h/image/a-1-b.png?token=1:end_user:ff").as_deref(),
            Some("a-1-b.png")
        );
        assert_eq!(file_name("https://h/image/").as_deref(), None);
        assert_eq!(file_name("..").as_deref(), None);
    }

    #[test]
    fn a_gbp_amount_reads_the_same_whatever_its_currency_field_holds() {
        let range = 0.0..=500.0;
        for currency in [None, Some(""), Some("GBP"), Some("gbp")] {
            assert_eq!(
                amount_text(&Amount::Pence(2200), &currency_code(currency), &range),
                "£22.00 GBP",
                "{currency:?}"
            );
        }
        assert_eq!(
            amount_text(&Amount::Pence(1400), "EUR", &range),
            "14.00 EUR"
        );
    }

    #[test]
    fn amounts_out_of_range_are_unreadable_not_capped() {
        let v: Value = serde_json::json!({"a": 1e17, "b": "lots", "c": 35.5, "d": null, "e": 0});
        let of = |keys: &[&str]| {
            let values: Vec<Option<&Value>> = keys.iter().map(|k| v.get(*k)).collect();
            amount_of(&values, VENDING_POUNDS)
        };
        assert_eq!(of(&["a", "c"]), Amount::Pence(3550));
        assert_eq!(of(&["d", "e"]), Amount::Pence(0));
        assert_eq!(of(&["a"]), Amount::Unreadable("1e+17".into()));
        assert_eq!(of(&["b", "a"]), Amount::Unreadable("\"lots\"".into()));
        assert_eq!(of(&["d", "missing"]), Amount::Unknown);
        assert_eq!(
            amount_of(&[v.get("a")], ORDER_POUNDS),
            Amount::Unreadable("1e+17".into())
        );
        assert_eq!(
            amount_text(&of(&["a"]), "GBP", &VENDING_POUNDS),
            "unreadable: 1e+17 (not a number of pounds from 0 to 500)"
        );
    }
}

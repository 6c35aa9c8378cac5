//! The logic of `pmc orders`: one module per subcommand, each with a plain options struct, a
//! function that reads the store and a report. Clap types stay in `src/commands/orders.rs`.
//!
//! A sale is a row of `orders` (a web checkout, or an order made by /api/orders/create) or a
//! vending session holding a sale, which has no orders row at all (store-facts 3.7 and 9.1);
//! archived ones count as well (see [`sources`]).

pub mod list;
pub mod show;
pub mod sources;
pub mod stats;
pub mod stuck;

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::output::one_line_value;

/// Which kind of sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Web-shop orders: rows of the orders table paid through Stripe checkout.
    Stripe,
    /// Sales at a vending machine: sessions holding a sale, and orders carrying a session id.
    Vending,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Stripe => "stripe",
            Kind::Vending => "vending",
        }
    }
}

/// The meaning of a numeric partner order status stored verbatim (store-facts 3.5).
pub fn status_label(status: &str) -> Option<&'static str> {
    Some(match status.trim().parse::<u8>().ok()? {
        1 => "waiting for payment",
        2 => "cancelled",
        3 => "paying",
        4 => "paid",
        5 => "payment failed",
        6 => "refunding",
        7 => "refunded",
        8 => "waiting for printing",
        9 => "picking up",
        10 => "pickup completed",
        11 => "printing",
        12 => "printed",
        13 => "printing failed",
        14 => "printing cancelled",
        15 => "shipping",
        16 => "shipping completed",
        _ => return None,
    })
}

/// A status for a table: a numeric partner code gets its meaning in brackets.
pub fn status_text(status: Option<&str>) -> String {
    match status {
        None => "-".into(),
        Some(s) => match status_label(s) {
            Some(label) => format!("{s} ({label})"),
            None => s.to_string(),
        },
    }
}

/// `£35.00` from pence; `-` when unknown.
pub fn money(pence: Option<i64>) -> String {
    match pence {
        None => "-".into(),
        Some(p) => {
            let sign = if p < 0 { "-" } else { "" };
            let p = p.unsigned_abs();
            let pounds = crate::output::table::count((p / 100) as i64);
            format!("{sign}£{pounds}.{:02}", p % 100)
        }
    }
}

/// The currency an amount is in, as pmc reports it: `GBP` when the store keeps none, an empty
/// one, white space, or `gbp` in any letter case (the store charges GBP); else the stored code,
/// trimmed.
pub fn currency_code(stored: Option<&str>) -> String {
    match stored.map(str::trim) {
        Some(c) if !c.is_empty() && !c.eq_ignore_ascii_case("GBP") => c.to_string(),
        _ => "GBP".into(),
    }
}

/// An amount in its currency (a [`currency_code`]): `£35.00` for GBP, else `35.00 EUR`, never a
/// pound sign on another currency.
pub fn money_in(pence: Option<i64>, currency: &str) -> String {
    match pence {
        Some(p) if currency != "GBP" => {
            let text = money(Some(p)).replacen('£', "", 1);
            format!("{text} {currency}")
        }
        _ => money(pence),
    }
}

/// Pounds as a JSON number, from exact pence.
pub fn pounds(pence: i64) -> f64 {
    pence as f64 / 100.0
}

/// `3d 4h`, `2h 5m`, `12m`, `40s`: how long ago `t` was; `in 5m` for the future.
pub fn age(now: DateTime<Utc>, t: DateTime<Utc>) -> String {
    let secs = (now - t).num_seconds();
    if secs < 0 {
        return format!("in {}", duration_text(secs.unsigned_abs()));
    }
    duration_text(secs as u64)
}

/// `3h ago` for an instant in the past, `in 29m` for one in the future.
pub fn relative(now: DateTime<Utc>, t: DateTime<Utc>) -> String {
    let secs = (now - t).num_seconds();
    if secs < 0 {
        format!("in {}", duration_text(secs.unsigned_abs()))
    } else {
        format!("{} ago", duration_text(secs as u64))
    }
}

/// `3d 4h`, `2h 5m`, `12m`, `40s`.
pub fn duration_text(secs: u64) -> String {
    let (d, h, m) = (secs / 86_400, secs % 86_400 / 3_600, secs % 3_600 / 60);
    if d > 0 && h > 0 {
        format!("{d}d {h}h")
    } else if d > 0 {
        format!("{d}d")
    } else if h > 0 && m > 0 {
        format!("{h}h {m}m")
    } else if h > 0 {
        format!("{h}h")
    } else if m > 0 {
        format!("{m}m")
    } else {
        format!("{secs}s")
    }
}

/// A table row with each cell on one line ([`one_line_value`]): store text (a status, a
/// template, an id) with a newline would otherwise split the row and fake another.
pub fn one_line_row<const N: usize>(cells: [String; N]) -> [String; N] {
    cells.map(|cell| match one_line_value(&cell) {
        Cow::Borrowed(_) => cell,
        Cow::Owned(line) => line,
    })
}

/// `2026-11-01 12:00 UTC`.
pub fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_money_ages_and_partner_codes() {
        assert_eq!(money(Some(3500)), "£35.00");
        assert_eq!(money(Some(0)), "£0.00");
        assert_eq!(money(Some(123_456_789)), "£1,234,567.89");
        assert_eq!(money(None), "-");
        let money_as_stored = |pence, stored| money_in(pence, &currency_code(stored));
        assert_eq!(money_as_stored(Some(40000), Some("EUR")), "400.00 EUR");
        assert_eq!(money_as_stored(Some(-150), Some(" usd ")), "-1.50 usd");
        assert_eq!(money_as_stored(None, Some("EUR")), "-");
        for gbp in [None, Some(""), Some(" \t"), Some("gbp"), Some(" GBP")] {
            assert_eq!(currency_code(gbp), "GBP", "{gbp:?}");
            assert_eq!(money_as_stored(Some(3500), gbp), "£35.00", "{gbp:?}");
        }
        assert_eq!(duration_text(90_000), "1d 1h");
        assert_eq!(duration_text(7_500), "2h 5m");
        assert_eq!(duration_text(720), "12m");
        assert_eq!(duration_text(7_200), "2h");
        assert_eq!(duration_text(259_200), "3d");
        assert_eq!(duration_text(40), "40s");
        assert_eq!(status_text(Some("8")), "8 (waiting for printing)");
        assert_eq!(status_text(Some("sent_to_chinese")), "sent_to_chinese");
        assert_eq!(status_label("99"), None);
        let now = DateTime::parse_from_rfc3339("2026-11-29T18:11:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let at = |m: i64| now + chrono::Duration::minutes(m);
        assert_eq!(relative(now, at(29)), "in 29m");
        assert_eq!(relative(now, at(-180)), "3h ago");
        assert_eq!(relative(now, now), "0s ago");
    }
}

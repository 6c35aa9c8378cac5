//! The one place tables are built, so every command's output looks alike: a light header
//! rule, numbers right-aligned, sizes in binary units.

use comfy_table::{
    Attribute, Cell, CellAlignment, ContentArrangement, LineStyle, Table, TableStyle,
};

/// No borders, one rule under the header: reads like psql, copies cleanly into a ticket.
const HOUSE: TableStyle = TableStyle::new().header_separator(LineStyle::new('─', '─', '─', '─'));

/// Presentation settings shared by every table.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

/// A column: its header and whether it holds numbers (right-aligned).
pub struct Column<'a> {
    pub header: &'a str,
    pub numeric: bool,
}

/// A text column.
pub fn text(header: &str) -> Column<'_> {
    Column {
        header,
        numeric: false,
    }
}

/// A right-aligned number column.
pub fn number(header: &str) -> Column<'_> {
    Column {
        header,
        numeric: true,
    }
}

/// A table with the house style and these columns.
pub fn new(style: &Style, columns: &[Column<'_>]) -> Table {
    let mut table = Table::new();
    table.load_style(HOUSE);
    table.set_content_arrangement(ContentArrangement::Disabled);
    if !style.color {
        table.force_no_tty();
    } else {
        table.enforce_styling();
    }
    table.set_header(columns.iter().map(|c| {
        let cell = Cell::new(c.header);
        if style.color {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
    }));
    for (i, c) in columns.iter().enumerate() {
        if c.numeric
            && let Some(column) = table.column_mut(i)
        {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    table
}

/// `7.4 MiB`: a byte count for people.
pub fn bytes(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", unsigned_bytes(n.unsigned_abs()))
}

/// `1.2 MiB`: a size that cannot be negative, up to `u64::MAX` (a threshold or a limit).
pub fn unsigned_bytes(n: u64) -> String {
    bytesize::ByteSize(n).display().iec().to_string()
}

/// `+1.2 MiB` / `-3 KiB` / `0 B`: a change in size.
pub fn bytes_delta(n: i64) -> String {
    if n > 0 {
        format!("+{}", bytes(n))
    } else {
        bytes(n)
    }
}

/// `12.5%`: a share between 0 and 1.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// `12,345`: a count with thousands separators.
pub fn count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A status word, coloured when colour is on: ok green, warning yellow, critical red.
pub fn status(style: &Style, word: &str) -> String {
    if !style.color {
        return word.to_string();
    }
    let colour = match word {
        "ok" => anstyle::AnsiColor::Green,
        "warning" => anstyle::AnsiColor::Yellow,
        _ => anstyle::AnsiColor::Red,
    };
    let s = anstyle::Style::new().fg_color(Some(colour.into())).bold();
    format!("{s}{word}{s:#}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers_for_people() {
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(count(-12), "-12");
        assert_eq!(bytes(1536), "1.5 KiB");
        assert_eq!(bytes_delta(2048), "+2.0 KiB");
        assert_eq!(bytes_delta(-1024), "-1.0 KiB");
        assert_eq!(percent(0.125), "12.5%");
    }
}

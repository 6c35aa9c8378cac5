//! Restores: turning a backup (or a dump file) back into a database, and proving the result is
//! the store it claims to be. `source` finds and unpacks the dump (checksum and decryption
//! before any database is touched), `engine` creates the new database and runs pg_restore or
//! psql into it, or, for pmc's own backups, streams the table data in itself (`archive` reads
//! the custom format, `stream_load` loads it over several connections), `checks` validates the
//! result. `pmc restore` and `backup verify --deep` share
//! them.

pub mod archive;
pub mod checks;
pub mod engine;
pub mod globals;
pub mod source;
pub mod stream_load;

/// `name` as a quoted SQL identifier: `"my ""db"""`. Only ever applied to names that come from
/// the catalog or from pmc itself, never to free text spliced into a statement otherwise.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `text` as a quoted SQL string literal, for the few utility statements (COMMENT ON DATABASE)
/// that take no parameters.
pub fn quote_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_identifiers_and_literals() {
        assert_eq!(quote_ident("orders"), "\"orders\"");
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(quote_literal("it's"), "'it''s'");
    }
}

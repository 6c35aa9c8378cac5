//! Every file under sql/ is compiled into pmc and valid against the real store schema with
//! pmc's migrations applied (the behaviour tests then execute each one for real).

use sqlx::Executor as _;

use crate::common::TestDb;

fn files_under(dir: &std::path::Path, prefix: &str, out: &mut Vec<String>) {
    for entry in fs_err::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = format!("{prefix}{}", path.file_name().unwrap().to_string_lossy());
        if path.is_dir() {
            files_under(&path, &format!("{name}/"), out);
        } else {
            out.push(name);
        }
    }
}

#[test]
fn every_sql_file_is_compiled_in() {
    let mut files = Vec::new();
    files_under(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sql"),
        "",
        &mut files,
    );
    let known: Vec<&str> = pmc::sql::ALL
        .iter()
        .chain(pmc::fixtures::SQL_FILES)
        .map(|(name, _)| *name)
        .chain(pmc::sql::FRAGMENTS.iter().copied())
        .chain(["store/schema.sql", "store/schema_legacy.sql"])
        .collect();
    for file in &files {
        assert!(
            known.contains(&file.as_str()),
            "sql/{file} is not listed in src/sql.rs or src/fixtures.rs"
        );
    }
}

#[test]
fn every_fragment_is_included_and_composed_in() {
    for fragment in pmc::sql::FRAGMENTS {
        let text = fs_err::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("sql")
                .join(fragment),
        )
        .unwrap();
        let rule = text.lines().find(|l| !l.starts_with("--")).unwrap().trim();
        let users: Vec<&str> = pmc::sql::ALL
            .iter()
            .filter(|(_, statement)| statement.contains(rule))
            .map(|(name, _)| *name)
            .collect();
        assert!(!users.is_empty(), "sql/{fragment} is included nowhere");
    }
    for (name, statement) in pmc::sql::ALL {
        assert!(
            !statement.contains("-- include: "),
            "sql/{name}: an include line was left uncomposed"
        );
    }
}

#[tokio::test]
async fn every_statement_prepares_against_the_store_schema() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    pmc::journal::migrate(&pool).await.unwrap();
    let mut conn = pool.acquire().await.unwrap();
    for (name, statement) in pmc::sql::ALL {
        let first_line = statement.lines().next().unwrap_or_default();
        assert!(
            first_line.starts_with("--"),
            "sql/{name} must open with a comment saying what it returns"
        );
        if name.starts_with("migrations/") {
            continue; // applied by migrate() above
        }
        conn.prepare(sqlx::SqlSafeStr::into_sql_str(*statement))
            .await
            .unwrap_or_else(|e| panic!("sql/{name}: {e}"));
    }
}

//! Composes the SQL statements under `sql/` into `OUT_DIR/sql/`, where `src/sql.rs` compiles
//! them in. A line `-- include: fragments/NAME.sql` is replaced by that fragment, indented like
//! the line, so a rule several statements share (which vending sessions hold a sale, where the
//! sales come from) is written once and cannot drift between them. A fragment may include
//! another (the sales rows read session_data through the same guard as `orders show`).

use fs_err as fs;
use std::path::{Path, PathBuf};

const INCLUDE: &str = "-- include: ";

fn main() {
    println!("cargo:rerun-if-changed=sql");
    let source = Path::new("sql");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("sql");
    compose_dir(source, source, &out);
}

fn compose_dir(root: &Path, dir: &Path, out: &Path) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{e}")) {
        let path = entry.expect("readable sql/ entry").path();
        if path.is_dir() {
            compose_dir(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "sql") {
            let target = out.join(path.strip_prefix(root).expect("under sql/"));
            fs::create_dir_all(target.parent().expect("a file has a parent"))
                .unwrap_or_else(|e| panic!("{e}"));
            fs::write(&target, compose(root, &path, 0)).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

/// How deep fragments may include fragments: deeper is a cycle.
const MAX_DEPTH: usize = 4;

/// The text of `path` with its include lines replaced, those of the fragments it includes too;
/// `depth` is how many includes deep `path` is.
fn compose(root: &Path, path: &Path, depth: usize) -> String {
    assert!(
        depth <= MAX_DEPTH,
        "{}: fragments include each other in a cycle",
        path.display()
    );
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut composed = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_start();
        let Some(name) = body.strip_prefix(INCLUDE) else {
            composed.push_str(line);
            continue;
        };
        let indent = &line[..line.len() - body.len()];
        let fragment_path = root.join(name.trim());
        assert!(
            fragment_path.is_file(),
            "{}: {INCLUDE}{}: no such file",
            path.display(),
            fragment_path.display()
        );
        let fragment = compose(root, &fragment_path, depth + 1);
        for fragment_line in fragment.lines() {
            if !fragment_line.is_empty() {
                composed.push_str(indent);
            }
            composed.push_str(fragment_line);
            composed.push('\n');
        }
    }
    composed
}

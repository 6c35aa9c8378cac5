//! The checked-in completions and man pages are what the current clap tree generates.
//! Refresh them with `cargo run -- completions --out-dir completions` and
//! `cargo run -- man --out-dir commands/man`.

use std::path::Path;

fn assert_same_files(generated: &[std::path::PathBuf], checked_in: &Path, refresh: &str) {
    for file in generated {
        let name = file.file_name().unwrap();
        let fresh = fs_err::read_to_string(file).unwrap();
        let kept = fs_err::read_to_string(checked_in.join(name)).unwrap_or_default();
        assert!(
            fresh == kept,
            "{} is stale: run `{refresh}`",
            checked_in.join(name).display()
        );
    }
    let count = fs_err::read_dir(checked_in).unwrap().count();
    assert_eq!(
        count,
        generated.len(),
        "{} holds files the generator no longer writes",
        checked_in.display()
    );
}

#[test]
fn completions_are_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let files = pmc::commands::completions::write_completions(dir.path()).unwrap();
    assert_eq!(files.len(), 5);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_same_files(
        &files,
        &root.join("completions"),
        "cargo run -- completions --out-dir completions",
    );
}

#[test]
fn man_pages_are_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let files = pmc::commands::completions::write_man_pages(dir.path()).unwrap();
    assert!(files.iter().any(|f| f.ends_with("pmc-db-size.1")));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_same_files(
        &files,
        &root.join("commands/man"),
        "cargo run -- man --out-dir commands/man",
    );
}

#[test]
fn completions_command_prints_a_script() {
    let out = crate::common::pmc()
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().contains("_pmc()"));
    let out = crate::common::pmc().args(["completions"]).output().unwrap();
    assert_eq!(out.status.code(), Some(64));
}

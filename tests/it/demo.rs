//! `pmc demo`: boots a sandbox store, runs the tour with real output, and leaves nothing behind.

use std::io::BufRead as _;
use std::net::TcpStream;
use std::path::PathBuf;

use crate::common::pmc;

fn port_of(url: &str) -> u16 {
    url::Url::parse(url).unwrap().port().unwrap()
}

fn listening(port: u16) -> bool {
    TcpStream::connect(("127.0.0.1", port)).is_ok()
}

#[test]
fn demo_runs_the_tour_and_tears_down() {
    let out = pmc().args(["demo", "--json"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sandbox = &report["sandbox"];
    assert_eq!(sandbox["tables"].as_array().unwrap().len(), 12);
    assert!(sandbox["image_files"].as_u64().unwrap() > 0);
    let steps = report["steps"].as_array().unwrap();
    assert_eq!(steps.len(), pmc::commands::demo::TOUR.len());
    let first = &steps[0]["report"];
    assert_eq!(first["database"], "pimpmycase");
    assert_eq!(first["tables_total"], 12);
    assert!(first["size_bytes"].as_i64().unwrap() > 1_000_000);
    assert!(
        steps[1]["report"]["recorded"]["snapshot_id"]
            .as_i64()
            .is_some()
    );
    // The orders steps see the sandbox's recent sales and stuck orders.
    let stuck = steps
        .iter()
        .find(|s| s["command"] == "pmc orders stuck --limit 3")
        .expect("the tour runs orders stuck");
    assert_eq!(stuck["exit"], 2, "the sandbox has paid orders never sent");
    assert_eq!(stuck["report"]["categories"].as_array().unwrap().len(), 4);
    let stats = steps
        .iter()
        .find(|s| s["command"] == "pmc orders stats --days 14")
        .expect("the tour runs orders stats");
    assert!(stats["report"]["totals"]["all"]["sales"].as_i64().unwrap() > 0);
    // Torn down: the server is gone and so are the images.
    let port = port_of(sandbox["database_url"].as_str().unwrap());
    assert!(
        !listening(port),
        "the sandbox server still listens on {port}"
    );
    assert!(!PathBuf::from(sandbox["images_dir"].as_str().unwrap()).exists());
}

#[test]
fn demo_table_output_shows_each_command() {
    let out = pmc().arg("demo").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("sandbox store: "), "{text}");
    assert!(
        text.contains("$ pmc db-size --warn-at 80% --crit-at 95%   # exit 0"),
        "{text}"
    );
    assert!(text.contains("database pimpmycase: "), "{text}");
    assert!(text.contains("recorded snapshot 1 of"), "{text}");
}

#[test]
fn demo_keep_serves_until_ctrl_c() {
    let mut child = std::process::Command::from(pmc())
        .args(["demo", "--keep", "--legacy"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let mut url = None;
    let mut images = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(v) = line.strip_prefix("export DATABASE_URL=") {
            url = Some(v.to_string());
        }
        if let Some(v) = line.strip_prefix("export PMC_STORE_IMAGES_DIR=") {
            images = Some(PathBuf::from(v));
            break;
        }
    }
    let url = url.expect("demo --keep printed DATABASE_URL");
    let images = images.expect("demo --keep printed PMC_STORE_IMAGES_DIR");
    assert!(images.read_dir().unwrap().count() > 0);

    // Another pmc, pointed at the sandbox the documented way, sees the legacy store.
    let out = pmc()
        .args(["db-size", "--json"])
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        report["tables"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["table"] == "template_pricing")
    );

    crate::common::send_signal(&child, rustix::process::Signal::INT);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(!listening(port_of(&url)));
    assert!(!images.exists());
}

#[test]
fn demo_without_server_binaries_says_what_to_install() {
    let empty = tempfile::tempdir().unwrap();
    let out = pmc()
        .arg("demo")
        .env("PMC_PG_BIN", empty.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(69), "{stderr}");
    assert!(
        stderr.starts_with("error: ") && stderr.contains("postgresql"),
        "{stderr}"
    );
}

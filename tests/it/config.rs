//! `pmc config` and the configuration layers, through the binary.

use crate::common::pmc;

#[test]
fn shows_each_value_with_its_source_and_masks_secrets() {
    let dir = tempfile::tempdir().unwrap();
    fs_err::write(
        dir.path().join("pmc.toml"),
        "[database]\nlock_timeout = \"2s\"\nsize_limit = \"1GiB\"\n",
    )
    .unwrap();
    fs_err::write(
        dir.path().join(".env"),
        "DATABASE_URL=postgres://store:dbsecret@db.internal:5432/pimpmycase\nCHINESE_API_FIXED_KEY=signkey\nJWT_SECRET_KEY=unused\n",
    )
    .unwrap();
    let out = pmc()
        .current_dir(dir.path())
        .args(["config", "--json"])
        .env("CHINESE_API_PASSWORD", "partnerpw")
        .env("PMC_DATABASE_STATEMENT_TIMEOUT", "90s")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for secret in ["dbsecret", "signkey", "partnerpw"] {
        assert!(!text.contains(secret), "leaked {secret}");
    }
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let get = |key: &str| {
        json["settings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == key)
            .unwrap()
            .clone()
    };
    assert_eq!(
        get("database.url")["value"],
        "postgres://store:***@db.internal:5432/pimpmycase"
    );
    assert_eq!(get("database.url")["source"]["kind"], "env_file");
    assert_eq!(get("database.url")["source"]["line"], 1);
    assert_eq!(get("database.lock_timeout")["value"], "2s");
    assert_eq!(
        get("database.lock_timeout")["source"]["kind"],
        "config_file"
    );
    assert_eq!(
        get("database.statement_timeout")["source"]["variable"],
        "PMC_DATABASE_STATEMENT_TIMEOUT"
    );
    assert_eq!(get("partner.password")["value"], "********");
    assert_eq!(get("partner.fixed_key")["value"], "********");
    assert_eq!(get("partner.system_name")["source"]["kind"], "default");
    assert_eq!(get("store.api_url")["value"], serde_json::Value::Null);

    let out = pmc()
        .current_dir(dir.path())
        .arg("config")
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("pmc.toml line 2"), "{table}");
    assert!(table.contains(".env line 1 (DATABASE_URL)"), "{table}");
    assert!(!table.contains("dbsecret"));
}

#[test]
fn flags_beat_everything_and_explicit_files_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("other.toml");
    fs_err::write(&conf, "[database]\nurl = \"postgres://toml@h/db\"\n").unwrap();
    let out = pmc()
        .args(["config", "--json", "--config"])
        .arg(&conf)
        .args(["--database-url", "postgres://flag@h/db"])
        .env("DATABASE_URL", "postgres://env@h/db")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["settings"][0]["value"], "postgres://flag@h/db");
    assert_eq!(json["settings"][0]["source"]["flag"], "--database-url");
    assert_eq!(json["config_file"], conf.display().to_string());

    for flag in ["--config", "--env-file"] {
        let out = pmc().args(["config", flag, "/nowhere/x"]).output().unwrap();
        assert_eq!(out.status.code(), Some(78));
        assert!(
            String::from_utf8_lossy(&out.stderr)
                .contains(&format!("{flag} /nowhere/x: no such file"))
        );
        let out = pmc()
            .args(["config", flag])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(78));
        assert!(String::from_utf8_lossy(&out.stderr).contains("is a folder, not a file"));
    }
    // A bad value typed as a flag is a usage error (64), as for every flag; the same value
    // from the environment is a configuration error (78).
    let out = pmc()
        .args(["config", "--database-url", "notaurl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("from flag --database-url"));
    let out = pmc()
        .arg("config")
        .env("PMC_DATABASE_URL", "notaurl")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78));
    // A folder where pmc looks for its file by default is not taken for no file.
    fs_err::create_dir(dir.path().join("pmc.toml")).unwrap();
    let out = pmc()
        .current_dir(dir.path())
        .arg("config")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78));
}

/// `PMC_CONFIG=` left empty (a crontab line) means no file given, as an empty PMC_* setting
/// restores its default: pmc looks for ./pmc.toml as usual.
#[test]
fn an_empty_pmc_config_is_the_usual_lookup() {
    let dir = tempfile::tempdir().unwrap();
    fs_err::write(
        dir.path().join("pmc.toml"),
        "[database]\nurl = \"postgres://toml@h/db\"\n",
    )
    .unwrap();
    for env in [Some(""), None] {
        let mut command = pmc();
        command.current_dir(dir.path()).args(["config", "--json"]);
        match env {
            Some(value) => command.env("PMC_CONFIG", value),
            None => command.args(["--config", ""]),
        };
        let out = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            json["settings"][0]["value"], "postgres://toml@h/db",
            "{json:#}"
        );
    }
}

/// An environment value that is not UTF-8 neither crashes pmc nor shows: another program's
/// variable is passed over, one pmc reads is a configuration error naming only the variable.
#[test]
fn an_environment_value_that_is_not_utf8_is_never_shown() {
    use std::os::unix::ffi::OsStringExt as _;
    let secret = std::ffi::OsString::from_vec(b"S3cr\xe9tPw".to_vec());
    let out = pmc()
        .arg("config")
        .env("PGPASSWORD", &secret)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = pmc()
        .arg("config")
        .env("CHINESE_API_PASSWORD", &secret)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(78), "{stderr}");
    assert!(
        stderr.contains("environment variable CHINESE_API_PASSWORD is not valid UTF-8")
            && !stderr.contains("S3cr"),
        "{stderr}"
    );
}

#[test]
fn malformed_files_name_file_key_and_line() {
    let dir = tempfile::tempdir().unwrap();
    // Writes `file` in the folder and runs `pmc config` there: exit code and stderr.
    let config_with = |file: &str, text: &str| {
        fs_err::write(dir.path().join(file), text).unwrap();
        let out = pmc()
            .current_dir(dir.path())
            .arg("config")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        (out.status.code(), stderr)
    };

    let (code, stderr) = config_with("pmc.toml", "[database]\n\nstatement_timeout = \"later\"\n");
    assert_eq!(code, Some(78));
    assert!(
        stderr.contains("database.statement_timeout") && stderr.contains("pmc.toml line 3"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1);

    // PostgreSQL takes a timeout of at most 2^31-1 ms: a longer one is the setting's error,
    // not a failed connection.
    let (code, stderr) = config_with("pmc.toml", "[database]\nlock_timeout = \"30d\"\n");
    assert_eq!(code, Some(78), "{stderr}");
    assert!(
        stderr.contains("database.lock_timeout") && stderr.contains("at most 24d"),
        "{stderr}"
    );

    let (code, stderr) = config_with("pmc.toml", "[database]\nsize_limit = \"0\"\n");
    assert_eq!(code, Some(78), "{stderr}");
    assert!(
        stderr.contains("database.size_limit") && stderr.contains("unset for no limit"),
        "{stderr}"
    );

    let (code, stderr) = config_with("pmc.toml", "# pmc\nurl = \"postgres://h/db\"\n");
    assert_eq!(code, Some(78), "{stderr}");
    assert!(
        stderr.contains("pmc.toml line 2: url is not in a [section]; pmc's keys are database.url"),
        "{stderr}"
    );

    let (code, stderr) = config_with("pmc.toml", "[[database]]\nurl = \"postgres://h/db\"\n");
    assert_eq!(code, Some(78), "{stderr}");
    assert!(
        stderr
            .contains("pmc.toml line 1: [[database]] is a list of sections; write [database] once"),
        "{stderr}"
    );

    config_with("pmc.toml", "");
    // The store's .env is read as python-dotenv reads it: lines pmc does not read may be
    // anything the store's backend skips.
    let (code, stderr) = config_with(
        ".env",
        "\u{feff}GREETING=hello world\nSOME_FLAG\nthis line is not an assignment\n",
    );
    assert_eq!(code, Some(0), "{stderr}");
    // A broken line pmc reads is an error naming the line and the variable, not its value.
    let (code, stderr) = config_with(".env", "GOOD=1\nCHINESE_API_PASSWORD=\"TopSecret123\n");
    assert_eq!(code, Some(78), "{stderr}");
    assert!(
        stderr.contains(".env line 2: cannot read the value of CHINESE_API_PASSWORD"),
        "{stderr}"
    );
    assert!(!stderr.contains("TopSecret"), "{stderr}");
}

#[test]
fn a_secret_in_a_value_that_does_not_parse_is_never_shown() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("run.log");
    let age_secret = "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ";
    let runs: [(&[&str], &str); 9] = [
        // No `@host`: the password reads as a port, or the text is no URL at all.
        (
            &[
                "--database-url",
                "postgres://ops:S3cretPw/store",
                "orders",
                "list",
            ],
            "S3cretPw",
        ),
        (
            &["--database-url", "S3cretPw", "orders", "list"],
            "S3cretPw",
        ),
        // The scheme forgotten, or `postgres:` without its `//`: both parse, as a path.
        (
            &[
                "--database-url",
                "ops:S3cretPw@db.example.com/store",
                "orders",
                "list",
            ],
            "S3cretPw",
        ),
        (
            &[
                "--database-url",
                "postgres:ops:S3cretPw@db.example.com/store",
                "orders",
                "list",
            ],
            "S3cretPw",
        ),
        // Parses, but as host `ops`, port 2024 and a fragment: the `#` cut the password.
        (
            &[
                "--database-url",
                "postgres://ops:2024#Summer@db.example.com/store",
                "config",
            ],
            "Summer",
        ),
        // libpq's sslpassword.
        (
            &[
                "--database-url",
                "postgres://ops@127.0.0.1:1/store?sslpassword=KeyPassS3cret",
                "config",
            ],
            "KeyPassS3cret",
        ),
        // A mistyped port: not a URL, yet the password must not be echoed.
        (
            &[
                "--database-url",
                "postgres://ops:S3cr#t:p@ss@127.0.0.1:5432x/pimpmycase",
                "orders",
                "list",
            ],
            "S3cr",
        ),
        // The identity line pasted where its public key belongs.
        (&["config"], age_secret),
        (&["backup", "--repo", "repo"], age_secret),
    ];
    for (args, secret) in runs {
        let out = pmc()
            .current_dir(dir.path())
            .args(["-vv", "--log-file", log.to_str().unwrap()])
            .args(args)
            .env("PMC_BACKUP_ENCRYPT_TO", age_secret)
            .env("DATABASE_URL", "postgres://u@127.0.0.1:1/db")
            .output()
            .unwrap();
        let shown = format!(
            "{}{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            fs_err::read_to_string(&log).unwrap_or_default()
        );
        assert!(
            !shown.contains(secret),
            "{args:?} showed the secret: {shown}"
        );
        if args == ["config"] {
            // pmc config checks the recipients as the backup would, and says what to do.
            assert_eq!(out.status.code(), Some(78), "{shown}");
            assert!(shown.contains("age-keygen -y"), "{shown}");
        }
        if args.last() != Some(&"config") {
            // A bad flag value is a usage error; a bad configured one a configuration error.
            let expected = if args.contains(&"--database-url") {
                64
            } else {
                78
            };
            assert_eq!(out.status.code(), Some(expected), "{args:?}: {shown}");
        }
    }
}

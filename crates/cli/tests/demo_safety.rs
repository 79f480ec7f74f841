//! Demo accounts, whose password is printed on the first start, never reach a network: `antt
//! serve` on an address other than loopback refuses while they exist, says how to create the
//! first administrator and close them, and starts once `antt demo remove` has. On SQLite, and on
//! PostgreSQL when `ANTT_TEST_PG_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};

fn antt(dir: &std::path::Path, db: Option<&str>, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_antt"));
    c.args(args)
        .current_dir(dir)
        .env_remove("ANTT_DATABASE_URL")
        .env("ANTT_PASSWORD", "mat-khau-quan-tri-1")
        .env("ANTT_LOG", "warn");
    if let Some(url) = db {
        c.env("ANTT_DATABASE_URL", url);
    }
    c
}

fn run(dir: &std::path::Path, db: Option<&str>, args: &[&str]) -> Output {
    antt(dir, db, args).output().unwrap()
}

fn log_backend(backend: &str) {
    antt_testkit::log_backend(backend, "cli");
}

/// The databases this run tests: the embedded default, and a fresh PostgreSQL one when set.
async fn databases() -> Vec<(&'static str, Option<String>)> {
    let mut out = vec![("sqlite", None)];
    if let Ok(pg) = std::env::var("ANTT_TEST_PG_URL") {
        let url = antt_testkit::db::pg_database_named(&pg, "antt_cli").await;
        out.push(("postgres", Some(url.expose().to_string())));
    }
    out
}

#[tokio::test]
async fn serving_on_a_network_is_refused_while_the_demo_accounts_exist() {
    for (backend, db) in databases().await {
        log_backend(backend);
        let dir = tempfile::tempdir().unwrap();
        let db = db.as_deref();
        assert!(run(dir.path(), db, &["demo"]).status.success(), "{backend}");
        // Every address of the machine: refused, before anything listens.
        let out = run(dir.path(), db, &["serve", "--listen", "0.0.0.0:0"]);
        assert_eq!(out.status.code(), Some(2), "{backend}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("tài khoản minh họa"), "{err}");
        assert!(
            err.contains("antt user create") && err.contains("antt demo remove"),
            "{err}"
        );
        // The first administrator, then the demo accounts closed.
        let out = run(
            dir.path(),
            db,
            &[
                "user",
                "create",
                "--username",
                "quantri",
                "--display-name",
                "Quản trị",
                "--role",
                "admin",
                "--all-units",
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = run(dir.path(), db, &["demo", "remove"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            said.contains("ca.iatoi") && said.contains("admin"),
            "{said}"
        );
        let again = run(dir.path(), db, &["demo", "remove"]);
        assert!(String::from_utf8_lossy(&again.stdout).contains("Không còn"));
        // Now it serves on the network.
        let mut child = antt(dir.path(), db, &["serve", "--listen", "0.0.0.0:0"])
            .env("ANTT_DEMO", "false")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let started = lines
            .by_ref()
            .map_while(Result::ok)
            .any(|l| l.contains("đang chạy tại"));
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            started,
            "{backend}: the server did not start after the demo accounts were closed"
        );
        // The printed password opens nothing any more.
        let url = match db {
            Some(u) => antt_store::DbUrl::parse(u).unwrap(),
            None => antt_store::DbUrl::sqlite_file(&dir.path().join("antt-data/antt.db")),
        };
        let store = antt_store::Store::open(&url, antt_store::Clock::System)
            .await
            .unwrap();
        assert!(matches!(
            store.login("ca.iatoi", antt_testkit::PASSWORD).await,
            Err(antt_store::StoreError::BadCredentials)
        ));
        assert!(store.login("quantri", "mat-khau-quan-tri-1").await.is_ok());
    }
}

#[test]
fn loopback_still_serves_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = antt(dir.path(), None, &["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let printed: Vec<String> = lines
        .by_ref()
        .map_while(Result::ok)
        .take_while(|l| !l.contains("đang chạy tại"))
        .collect();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        printed.iter().any(|l| l.contains("Tài khoản minh họa")),
        "the README's first command keeps serving the demo: {printed:?}"
    );
}

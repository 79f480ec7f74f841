//! The real `antt serve` process under hostile roster uploads: each small file that used to ask
//! for gigabytes is answered 422 with its code, the server keeps answering, and its peak memory
//! (VmHWM of the server process, read from /proc while it runs) stays bounded.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

#[path = "../../documents/tests/workbook/mod.rs"]
mod workbook;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use antt_testkit::PASSWORD;
use antt_testkit::app::Client;
use serde_json::{Value, json};
use workbook::{Package, SHEET_HEAD, SHEET_TAIL, sheet_only};

const HEADER: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c><c r="B1" t="inlineStr"><is><t>Số CCCD</t></is></c></row>"#;

/// The server, killed when the test ends however it ends.
struct Server {
    child: Child,
    base: String,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_antt"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .current_dir(dir.path())
            .env_remove("ANTT_DATABASE_URL")
            .env("ANTT_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut base = None;
        for line in lines.by_ref() {
            let line = line.unwrap();
            if let Some(rest) = line.split("http://").nth(1) {
                base = Some(format!("http://{}", rest.split('/').next().unwrap()));
                break;
            }
        }
        // Keep reading, so a later line never meets a closed pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Server {
            child,
            base: base.expect("the server printed its address"),
            _dir: dir,
        }
    }

    /// The server's peak resident memory so far, in MiB.
    fn peak_mib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let kb: u64 = status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap();
        kb / 1024
    }
}

fn gib_inline_string() -> Vec<u8> {
    let mut p = Package::plain();
    p.start_sheet()
        .write(SHEET_HEAD.as_bytes())
        .write(HEADER.as_bytes())
        .write(br#"<row r="2"><c r="A2" t="inlineStr"><is><t>"#)
        .repeat(&[b'a'; 1 << 20], 1 << 10)
        .write(b"</t></is></c></row>")
        .write(SHEET_TAIL.as_bytes());
    p.finish()
}

fn two_gib_of_whitespace() -> Vec<u8> {
    let mut p = Package::plain();
    p.start_sheet()
        .write(SHEET_HEAD.as_bytes())
        .write(HEADER.as_bytes())
        .repeat(&[b' '; 1 << 20], 2 << 10)
        .write(SHEET_TAIL.as_bytes());
    p.finish()
}

#[tokio::test]
async fn hostile_workbooks_are_refused_by_the_running_server_with_bounded_memory() {
    let server = Server::start();
    let client = Client::login(&server.base, "ca.iatoi", PASSWORD)
        .await
        .unwrap_or_else(|(status, body)| panic!("login: {status} {body}"));
    let (http, csrf) = (&client.http, &client.csrf);
    let before = server.peak_mib();
    let cases: Vec<(&str, Vec<u8>, &[&str])> = vec![
        (
            "XFD1048576",
            sheet_only(&format!(
                r#"{HEADER}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#
            )),
            &["too_many_columns"],
        ),
        (
            "CV1000000",
            sheet_only(&format!(
                r#"{HEADER}<row r="1000000"><c r="CV1000000"><v>1</v></c></row>"#
            )),
            &["too_many_columns"],
        ),
        (
            "B1000000",
            sheet_only(&format!(
                r#"{HEADER}<row r="1000000"><c r="B1000000"><v>1</v></c></row>"#
            )),
            &["too_many_rows"],
        ),
        (
            "1 GiB inline string",
            gib_inline_string(),
            &["cell_too_long"],
        ),
        (
            "2 GiB of whitespace",
            two_gib_of_whitespace(),
            &["malformed_spreadsheet", "spreadsheet_too_large"],
        ),
    ];
    for (what, bytes, codes) in &cases {
        for dry_run in ["true", "false"] {
            let res = http
                .post(format!(
                    "{}/api/v1/import/roster?commune=23538&dry_run={dry_run}",
                    server.base
                ))
                .header("x-csrf-token", csrf)
                .body(bytes.clone())
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 422, "{what}");
            let body: Value = res.json().await.unwrap();
            let code = body["error"].as_str().unwrap_or_default();
            assert!(codes.contains(&code), "{what}: {body}");
            assert!(!body["message"].as_str().unwrap().is_empty());
        }
        let health = http
            .get(format!("{}/healthz", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(health.status(), 200, "the server is alive after {what}");
        eprintln!(
            "{what}: {} KiB file, server peak {} MiB (before the uploads {before} MiB)",
            bytes.len() / 1024,
            server.peak_mib()
        );
    }
    let peak = server.peak_mib();
    assert!(
        peak < before + 200,
        "peak memory of the server {peak} MiB (was {before} MiB before the uploads)"
    );
}

#[tokio::test]
async fn a_server_stopped_by_sigterm_anchors_the_newest_audit_row_on_its_way_out() {
    let mut server = Server::start();
    let checkpoints = server._dir.path().join("antt-data/audit-checkpoints.log");
    let lines = |p: &std::path::Path| {
        std::fs::read_to_string(p)
            .unwrap_or_default()
            .lines()
            .count()
    };
    // The first checkpoint is written as the server starts; a login then adds a row after it.
    for _ in 0..100 {
        if lines(&checkpoints) > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let before = lines(&checkpoints);
    assert_eq!(before, 1, "the checkpoint of the start");
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/session", server.base))
        .json(&json!({ "username": "ca.iatoi", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // A service manager stops the server with SIGTERM.
    let status = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exited = server.child.wait().unwrap();
    assert!(exited.success(), "a graceful stop: {exited:?}");
    assert_eq!(
        lines(&checkpoints),
        before + 1,
        "the login row was anchored on the way out"
    );
}

//! The `antt` binary as a user runs it: demo, audit verify, user create.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::process::Command;

fn antt(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_antt"))
        .args(args)
        .current_dir(dir)
        .env_remove("ANTT_DATABASE_URL")
        .env("ANTT_PASSWORD", "mat-khau-quan-tri-1")
        .env("ANTT_LOG", "warn")
        .output()
        .unwrap()
}

#[tokio::test]
async fn audit_verify_passes_on_a_fresh_demo_and_names_the_tampered_record() {
    let dir = tempfile::tempdir().unwrap();
    let out = antt(dir.path(), &["demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        dir.path().join("antt-data/antt.db").exists(),
        "the default embedded database"
    );
    let out = antt(dir.path(), &["audit", "verify"]);
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["status"], "intact");

    // Someone with direct access to the file rewrites history.
    let url = antt_store::DbUrl::sqlite_file(&dir.path().join("antt-data/antt.db"));
    let store = antt_store::Store::open(&url, antt_store::Clock::System)
        .await
        .unwrap();
    use sea_orm::ConnectionTrait;
    let db = store.raw_connection();
    db.execute_unprepared("DROP TRIGGER audit_log_no_update")
        .await
        .unwrap();
    db.execute_unprepared("UPDATE audit_log SET after_json = '{}' WHERE seq = 3")
        .await
        .unwrap();
    drop(store);
    let out = antt(dir.path(), &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["status"], "broken");
    assert_eq!(report["seq"], 3);
    assert!(String::from_utf8_lossy(&out.stderr).contains("bản ghi số 3"));
}

#[test]
fn the_first_administrator_is_created_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = antt(
        dir.path(),
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
    let again = antt(
        dir.path(),
        &[
            "user",
            "create",
            "--username",
            "quantri",
            "--display-name",
            "X",
            "--role",
            "admin",
            "--all-units",
        ],
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("Tên đăng nhập: đã tồn tại."));
    let bad = antt(
        dir.path(),
        &[
            "user",
            "create",
            "--username",
            "x1",
            "--display-name",
            "X",
            "--role",
            "thu_kho",
            "--all-units",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_bad_configuration_file_is_refused_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("antt.toml"),
        "databse_url = \"sqlite://x.db\"\n",
    )
    .unwrap();
    let out = antt(dir.path(), &["migrate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("databse_url"));
}

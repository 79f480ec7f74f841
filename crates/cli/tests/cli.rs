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

#[tokio::test]
async fn the_audit_key_is_kept_outside_the_database_and_a_cut_after_a_checkpoint_is_named() {
    let dir = tempfile::tempdir().unwrap();
    assert!(antt(dir.path(), &["demo"]).status.success());
    let key = dir.path().join("antt-data/audit.key");
    let meta = std::fs::metadata(&key).unwrap();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        meta.permissions().mode() & 0o777,
        0o600,
        "only its owner reads the key"
    );
    let out = antt(dir.path(), &["audit", "checkpoint"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cp: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let seq = cp["seq"].as_i64().unwrap();
    let out = antt(dir.path(), &["audit", "verify"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["sealed"], true);
    assert_eq!(report["checkpoints"], 1);

    // Someone with the database file deletes the newest rows and their seals.
    let url = antt_store::DbUrl::sqlite_file(&dir.path().join("antt-data/antt.db"));
    let store = antt_store::Store::open_to_inspect(&url, antt_store::Clock::System, None)
        .await
        .unwrap();
    use sea_orm::ConnectionTrait;
    let db = store.raw_connection();
    for sql in [
        "DROP TRIGGER audit_log_no_delete".to_string(),
        "DROP TRIGGER audit_seal_no_delete".to_string(),
        format!("DELETE FROM audit_log WHERE seq > {}", seq - 3),
        format!("DELETE FROM audit_seal WHERE seq > {}", seq - 3),
    ] {
        db.execute_unprepared(&sql).await.unwrap();
    }
    drop(store);
    let out = antt(dir.path(), &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["status"], "broken", "{report}");
    // The next start puts the triggers back before anything else is written.
    assert!(antt(dir.path(), &["migrate"]).status.success());
    let out = antt(dir.path(), &["audit", "verify"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["status"], "broken",
        "still broken: the cut is not repaired, only named"
    );
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

fn policy(args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["policy"];
    all.extend_from_slice(args);
    let out = antt(dir.path(), &all);
    let v = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code(), v)
}

#[test]
fn policy_quota_reports_kon_tums_gap_with_exit_3_and_computes_from_a_published_pack() {
    let (code, v) = policy(&[
        "quota",
        "--pack",
        "kon-tum-nq-24-2024",
        "--date",
        "2025-03-01",
        "--kind",
        "rural",
        "--households",
        "320",
    ]);
    assert_eq!(code, Some(3));
    assert_eq!(v["error"], "policy_gap");
    assert_eq!(v["missing"][0]["parameter"], "team_size");
    assert!(
        v["missing"][0]["citation"]
            .as_str()
            .unwrap()
            .contains("24/2024/NQ-HĐND")
    );
    let (code, v) = policy(&[
        "quota",
        "--pack",
        "binh-dinh-nq-03-2024",
        "--date",
        "2025-03-01",
        "--kind",
        "rural",
        "--households",
        "350",
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(v["members"], serde_json::json!({ "base": 3, "max": 4 }));
    assert_eq!(v["explanation"][0]["rule"], "BD-1");
}

#[test]
fn policy_amounts_and_equipment_explain_each_figure() {
    let (code, v) = policy(&[
        "amounts",
        "--pack",
        "demo-kon-tum",
        "--date",
        "2025-09-01",
        "--role",
        "leader",
        "--household",
        "poor",
    ]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["amounts"]["bhyt_contribution"]["dong"], 105_300);
    assert_eq!(v["amounts"]["bhxh_state_support"]["dong"], 165_000);
    assert_eq!(v["amounts"]["monthly_support"]["illustrative"], true);
    let (code, v) = policy(&[
        "equipment",
        "--pack",
        "demo-kon-tum",
        "--date",
        "2025-09-01",
        "--members",
        "3",
    ]);
    assert_eq!(code, Some(0));
    assert!(
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["name"] == "Dùi cui cao su" && i["min"] == 3)
    );
    let (code, _) = policy(&[
        "equipment",
        "--pack",
        "national",
        "--date",
        "2025-09-01",
        "--members",
        "3",
    ]);
    assert_eq!(code, Some(3), "TT14-8.R: no rounding rule, a gap");
}

#[test]
fn policy_eligibility_and_bad_arguments() {
    let (code, v) = policy(&[
        "eligibility",
        "--pack",
        "national",
        "--date",
        "2026-03-01",
        "--birth-date",
        "2008-02-29",
        "--education",
        "primary",
        "--residence-since",
        "2020-01-01",
        "--health-certificate",
        "2026-02-01",
        "--flags",
        "border",
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(v["eligible"], true, "{v}");
    let (code, v) = policy(&[
        "quota",
        "--pack",
        "khong-co",
        "--date",
        "2025-03-01",
        "--kind",
        "rural",
        "--households",
        "1",
    ]);
    assert_eq!(code, Some(2));
    assert!(v["message"].as_str().unwrap().contains("Không có gói"));
    let (code, _) = policy(&[
        "quota",
        "--pack",
        "national",
        "--date",
        "31/02/2025",
        "--kind",
        "rural",
    ]);
    assert_eq!(code, Some(2));
}

#[test]
fn policy_check_names_the_line_of_a_malformed_pack() {
    let dir = tempfile::tempdir().unwrap();
    let good = include_str!("../../../policies/binh-dinh-nq-03-2024.toml");
    let bad = good.replacen("fixed = 1440000", "fixed = \"một triệu\"", 1);
    std::fs::write(dir.path().join("bad.toml"), &bad).unwrap();
    std::fs::write(dir.path().join("good.toml"), good).unwrap();
    let out = antt(dir.path(), &["policy", "check", "bad.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let line = bad.lines().position(|l| l.contains("một triệu")).unwrap() + 1;
    assert_eq!(v["line"], line);
    assert!(v["message"].as_str().unwrap().contains("sai kiểu"));
    let ok = antt(dir.path(), &["policy", "check", "good.toml"]);
    assert_eq!(ok.status.code(), Some(0));
}

#[test]
fn policy_by_unit_uses_the_province_the_village_belonged_to_and_the_demo_only_in_a_demo_install() {
    let dir = tempfile::tempdir().unwrap();
    assert!(antt(dir.path(), &["demo"]).status.success());
    let args = [
        "policy",
        "quota",
        "--unit",
        "23537-01",
        "--date",
        "2026-01-01",
    ];
    let out = antt(dir.path(), &args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["members"]["base"], 3,
        "226 households from the village's own facts"
    );
    assert_eq!(v["illustrative"], true);
    // The same database as a real installation: Kon Tum's gap shows, the demo does not fill it.
    let real = Command::new(env!("CARGO_BIN_EXE_antt"))
        .args(args)
        .current_dir(dir.path())
        .env_remove("ANTT_DATABASE_URL")
        .env("ANTT_DEMO", "false")
        .output()
        .unwrap();
    assert_eq!(real.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&real.stdout).unwrap();
    assert!(
        v["missing"][0]["citation"]
            .as_str()
            .unwrap()
            .contains("Kon Tum")
    );
}

#[test]
fn export_members_writes_a_workbook_and_refuses_an_unknown_commune() {
    let dir = tempfile::tempdir().unwrap();
    assert!(antt(dir.path(), &["demo"]).status.success());
    let out = antt(
        dir.path(),
        &[
            "export",
            "members",
            "--commune",
            "23538",
            "--date",
            "2025-08-01",
            "--out",
            "ds.xlsx",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(dir.path().join("ds.xlsx")).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an XLSX file is a zip package");
    let bad = antt(
        dir.path(),
        &["export", "members", "--commune", "99999", "--out", "x.xlsx"],
    );
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn import_roster_checks_then_imports_once_and_refuses_a_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    assert!(antt(dir.path(), &["demo"]).status.success());
    let out = antt(dir.path(), &["import", "template", "--out", "mau.xlsx"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("mau.xlsx").exists());
    let header = "Tên Tổ;Mã thôn, tổ dân phố;Ngày thành lập Tổ;Số CCCD;Họ và tên;Ngày sinh;Giới tính;Dân tộc;Nơi cư trú;Trình độ học vấn;Chức danh;Nguồn;Ngày bắt đầu";
    let good = format!(
        "{header}\nTổ thôn Minh họa 4;23537-01;01/08/2025;062090000701;Rơ Mah Dòng Lệnh;10/02/1990;Nam;Gia Rai;Thôn Minh họa 4;THCS;Tổ trưởng;Bảo vệ dân phố;01/08/2025\n"
    );
    std::fs::write(dir.path().join("to.csv"), &good).unwrap();
    let args = ["import", "roster", "to.csv", "--commune", "23538"];
    let out = antt(dir.path(), &[&args[..], &["--dry-run"]].concat());
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{said}");
    assert!(said.starts_with("Kiểm tra xong"), "{said}");
    let out = antt(dir.path(), &args);
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        said.starts_with("Đã nhập") && said.contains("thành viên mới 1"),
        "{said}"
    );
    let out = antt(dir.path(), &args);
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        said.contains("thành viên mới 0, đã có 1"),
        "the same file twice: {said}"
    );

    let bad = good.replace("062090000701", "062190000702");
    std::fs::write(dir.path().join("sai.csv"), bad).unwrap();
    let out = antt(
        dir.path(),
        &["import", "roster", "sai.csv", "--commune", "23538"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Dòng 2, cột «Số CCCD»"), "{err}");

    // The duty log of the team just imported, as the commune police keep it in a sheet.
    let duty = "Tổ;Ngày;Giờ bắt đầu;Giờ kết thúc;Loại ca;Người tham gia\nTổ thôn Minh họa 4;20/11/2026;22:00;02:00;Tuần tra;062090000701\n";
    std::fs::write(dir.path().join("so-truc.csv"), duty).unwrap();
    let args = [
        "--as",
        "ca.iatoi",
        "import",
        "duty",
        "so-truc.csv",
        "--commune",
        "23538",
    ];
    let out = antt(dir.path(), &args);
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.starts_with("Đã nhập") && said.contains("ca mới 1"),
        "{said}"
    );
    let out = antt(dir.path(), &args);
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        said.contains("ca mới 0") && said.contains("ca đã có 1"),
        "{said}"
    );
    std::fs::write(
        dir.path().join("so-truc-sai.csv"),
        duty.replace("Tuần tra", "Đi dạo"),
    )
    .unwrap();
    let out = antt(
        dir.path(),
        &[
            "--as",
            "ca.iatoi",
            "import",
            "duty",
            "so-truc-sai.csv",
            "--commune",
            "23538",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Dòng 2, cột «Loại ca»"), "{err}");
}

#[tokio::test]
async fn a_command_run_as_a_user_has_that_users_scope_and_the_audit_names_them() {
    let dir = tempfile::tempdir().unwrap();
    assert!(antt(dir.path(), &["demo"]).status.success());
    let header = "Tên Tổ;Mã thôn, tổ dân phố;Ngày thành lập Tổ;Số CCCD;Họ và tên;Ngày sinh;Giới tính;Dân tộc;Nơi cư trú;Trình độ học vấn;Chức danh;Nguồn;Ngày bắt đầu";
    let roster = format!(
        "{header}\nTổ thôn Minh họa 4;23537-01;01/08/2025;062090000701;Rơ Mah Dòng Lệnh;10/02/1990;Nam;Gia Rai;Thôn Minh họa 4;THCS;Tổ trưởng;Bảo vệ dân phố;01/08/2025\n"
    );
    std::fs::write(dir.path().join("to.csv"), &roster).unwrap();
    // Ia Tơi's police officer cannot import into, or export, Ia Đal.
    let out = antt(
        dir.path(),
        &[
            "--as",
            "ca.iatoi",
            "import",
            "roster",
            "to.csv",
            "--commune",
            "23535",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = antt(
        dir.path(),
        &[
            "--as",
            "ca.iatoi",
            "export",
            "members",
            "--commune",
            "23535",
            "--out",
            "x.xlsx",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    // Nor close the demo accounts; nor can anyone act as a name that does not exist.
    let out = antt(dir.path(), &["--as", "ca.iatoi", "demo", "remove"]);
    assert_eq!(out.status.code(), Some(2));
    let out = antt(
        dir.path(),
        &[
            "--as",
            "khong.co.ai",
            "export",
            "members",
            "--commune",
            "23538",
            "--out",
            "x.xlsx",
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("khong.co.ai"));
    // Their own commune they may, and the audit log names them.
    let out = antt(
        dir.path(),
        &[
            "--as",
            "ca.iatoi",
            "import",
            "roster",
            "to.csv",
            "--commune",
            "23538",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let url = antt_store::DbUrl::sqlite_file(&dir.path().join("antt-data/antt.db"));
    let store = antt_store::Store::open_to_inspect(&url, antt_store::Clock::System, None)
        .await
        .unwrap();
    let rows = store
        .audit_entries(&antt_store::Actor::system("test"), None, None, 5)
        .await
        .unwrap();
    let import = rows.iter().find(|r| r.action == "import.roster").unwrap();
    assert!(import.actor.starts_with("ca.iatoi"), "{}", import.actor);
}

/// `antt payroll …` as the commune's accountant and chairman run it: the November draft with the
/// arrears of 1/7/2026 (FIX-1) as JSON, the steps `--as` the users who own them, the exit codes.
#[tokio::test]
async fn the_payroll_runs_checks_and_approves_from_the_command_line_with_its_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    assert!(antt(dir.path(), &["demo"]).status.success());
    let out = antt(
        dir.path(),
        &["payroll", "run", "--commune", "23538", "--month", "2026-11"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["commune"], "23538");
    assert_eq!(v["month"], "2026-11");
    assert_eq!(v["state"], "draft");
    assert_eq!(v["illustrative"], true);
    let lines = v["lines"].as_array().unwrap();
    assert!(!lines.is_empty());
    let arrear = &lines[0]["arrears"][0];
    for k in ["month", "item", "old", "new", "diff", "cause"] {
        assert!(!arrear[k].is_null(), "{k}: {arrear}");
    }
    assert_eq!(arrear["month"], "2026-07");
    assert!(v["total_in_words"].as_str().unwrap().ends_with("đồng"));
    // The operator is no chairman: approving needs --as the one who may.
    let out = antt(
        dir.path(),
        &[
            "payroll",
            "approve",
            "--commune",
            "23538",
            "--month",
            "2026-11",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = antt(
        dir.path(),
        &[
            "--as",
            "kt.iatoi",
            "payroll",
            "check",
            "--commune",
            "23538",
            "--month",
            "2026-11",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = antt(
        dir.path(),
        &[
            "--as",
            "ubnd.iatoi",
            "payroll",
            "approve",
            "--commune",
            "23538",
            "--month",
            "2026-11",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["state"], "approved");
    let out = antt(
        dir.path(),
        &[
            "--as",
            "ubnd.iatoi",
            "payroll",
            "approve",
            "--commune",
            "23538",
            "--month",
            "2026-11",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("payroll_locked"));
    // Bad arguments.
    let out = antt(
        dir.path(),
        &["payroll", "run", "--commune", "23538", "--month", "2026-13"],
    );
    assert_eq!(out.status.code(), Some(2));
    // The sheet as a file.
    let file = dir.path().join("bang.xlsx");
    let out = antt(
        dir.path(),
        &[
            "payroll",
            "export",
            "--commune",
            "23538",
            "--month",
            "2026-11",
            "--format",
            "xlsx",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(&file).unwrap().starts_with(b"PK"));
    // The province, commune by commune.
    let out = antt(
        dir.path(),
        &["payroll", "run", "--unit", "51", "--month", "2026-10"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sum: i64 = r["communes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["total"].as_i64().unwrap())
        .sum();
    assert_eq!(sum, r["total"].as_i64().unwrap());
    // Without the demo's packs, Kon Tum's resolution gives no figure: a policy gap, exit 3.
    let out = Command::new(env!("CARGO_BIN_EXE_antt"))
        .args(["payroll", "run", "--commune", "23538", "--month", "2026-12"])
        .current_dir(dir.path())
        .env_remove("ANTT_DATABASE_URL")
        .env("ANTT_DEMO", "false")
        .env("ANTT_LOG", "warn")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("monthly_support"));
}

/// INS-10 and BNK-3/6 from the command line: the quarter per member and in total, the refusals
/// with exit 2, the Treasury list and the bank file of an approved month, a gap with exit 3.
#[tokio::test]
async fn the_insurance_quarter_and_the_payment_files_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    assert!(antt(dir.path(), &["demo"]).status.success());
    let out = antt(
        dir.path(),
        &[
            "insurance",
            "quarter",
            "--commune",
            "23538",
            "--quarter",
            "2026-Q3",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["state"], "settled");
    let lines = v["lines"].as_array().unwrap();
    for k in ["cccd", "name", "advance", "actual", "difference"] {
        assert!(!lines[0][k].is_null(), "{k}");
    }
    let diff: i64 = lines
        .iter()
        .map(|l| l["difference"].as_i64().unwrap())
        .sum();
    assert_eq!(diff, v["difference"].as_i64().unwrap());
    assert_eq!(
        v["actual"]["transfer"].as_i64().unwrap() - v["advance"]["transfer"].as_i64().unwrap(),
        diff
    );
    // Writing needs --as the accountant; the quarter under way cannot be settled.
    let out = antt(
        dir.path(),
        &[
            "insurance",
            "advance",
            "--commune",
            "23538",
            "--quarter",
            "2027-Q1",
            "--on",
            "01/12/2026",
            "--voucher",
            "U1",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = antt(
        dir.path(),
        &[
            "--as",
            "kt.iatoi",
            "insurance",
            "settle",
            "--commune",
            "23538",
            "--quarter",
            "2026-Q4",
            "--on",
            "01/12/2026",
            "--voucher",
            "Q",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("insurance_quarter_not_over"));
    let out = antt(
        dir.path(),
        &[
            "insurance",
            "quarter",
            "--commune",
            "23538",
            "--quarter",
            "2026-Q5",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    // The province's quarter, commune by commune (INS-13), as the finance office reads it.
    let out = antt(
        dir.path(),
        &[
            "--as",
            "tc.quangngai",
            "insurance",
            "rollup",
            "--unit",
            "51",
            "--quarter",
            "2026-Q3",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ia_toi = r["communes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["commune"] == "23538")
        .unwrap();
    assert_eq!(ia_toi["actual"], 1_079_100);
    let sum: i64 = r["communes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["actual"].as_i64().unwrap())
        .sum();
    assert_eq!(sum, r["actual"].as_i64().unwrap());
    // The files.
    for (args, magic) in [
        (
            vec![
                "payroll",
                "export",
                "--commune",
                "23538",
                "--month",
                "2026-10",
                "--format",
                "treasury",
            ],
            &b"%PDF"[..],
        ),
        (
            vec![
                "payroll",
                "export",
                "--commune",
                "23538",
                "--month",
                "2026-10",
                "--format",
                "bank",
            ],
            "\u{feff}STT".as_bytes(),
        ),
        (
            vec![
                "insurance",
                "export",
                "--commune",
                "23538",
                "--quarter",
                "2026-Q3",
                "--format",
                "xlsx",
            ],
            &b"PK"[..],
        ),
    ] {
        let file = dir.path().join("out.bin");
        let mut all = args.clone();
        all.extend(["--out", file.to_str().unwrap()]);
        let out = antt(dir.path(), &all);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(std::fs::read(&file).unwrap().starts_with(magic), "{args:?}");
    }
    let out = antt(
        dir.path(),
        &[
            "payroll",
            "export",
            "--commune",
            "23538",
            "--month",
            "2026-11",
            "--format",
            "bank",
            "--out",
            "x.csv",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "a draft is not paid");
    // The estimate of the year ahead, line by line.
    let out = antt(
        dir.path(),
        &["budget", "estimate", "--unit", "23538", "--year", "2027"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let b: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sum: i64 = b["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["dong"].as_i64())
        .sum();
    assert_eq!(sum, b["total"].as_i64().unwrap());
    assert!(b["lines"][0]["formula"].as_str().unwrap().contains("người"));
    let out = antt(
        dir.path(),
        &["budget", "estimate", "--unit", "51", "--year", "2027"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = antt(
        dir.path(),
        &["budget", "estimate", "--unit", "23538", "--year", "27"],
    );
    assert_eq!(out.status.code(), Some(2));
    // Without the demo's packs, who pays the member's part is not said: exit 3.
    let out = Command::new(env!("CARGO_BIN_EXE_antt"))
        .args([
            "insurance",
            "quarter",
            "--commune",
            "23538",
            "--quarter",
            "2027-Q1",
        ])
        .current_dir(dir.path())
        .env_remove("ANTT_DATABASE_URL")
        .env("ANTT_DEMO", "false")
        .env("ANTT_LOG", "warn")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

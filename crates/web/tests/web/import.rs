//! Roster import: the template, the dry run, one transaction, idempotence, and bad files.

use calamine::{Reader, Xlsx};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{Client, TestApp, spawn_apps};

const HEADER: &str = "STT,Tên Tổ,\"Mã thôn, tổ dân phố\",Ngày thành lập Tổ,Số QĐ thành lập Tổ,Số CCCD,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Nơi cư trú,Cư trú từ ngày,Trình độ học vấn,Ngày khám sức khỏe,Số điện thoại,Diện hộ,Chức danh,Nguồn,Ngày bắt đầu,Số QĐ công nhận";

fn line(n: u32, cccd: &str, name: &str, born: &str, sex: &str, role: &str) -> String {
    format!(
        "{n},Tổ bảo vệ ANTT thôn Minh họa 4,23537-01,01/08/2025,,{cccd},{name},{born},{sex},Gia Rai,\"Thôn Minh họa 4, xã Ia Tơi\",,THCS,,0901234567,Hộ nghèo,{role},Dân phòng,01/08/2025,"
    )
}

fn roster() -> String {
    [
        HEADER.to_string(),
        line(
            1,
            "062090000401",
            "Rơ Mah Nhập A",
            "10/02/1990",
            "Nam",
            "Tổ trưởng",
        ),
        line(
            2,
            "062192000402",
            "Ksor H' Nhập B",
            "11/03/1992",
            "Nữ",
            "Tổ phó",
        ),
        line(
            3,
            "062200000403",
            "Siu Nhập C",
            "12/04/2000",
            "Nam",
            "Tổ viên",
        ),
    ]
    .join("\r\n")
}

async fn post(c: &Client, query: &str, body: Vec<u8>) -> (StatusCode, Value) {
    post_to(c, &format!("commune=23538&{query}"), body).await
}

/// Posts a file with exactly `query` (no commune unless it says one).
async fn post_to(c: &Client, query: &str, body: Vec<u8>) -> (StatusCode, Value) {
    let res = c
        .http
        .post(c.url(&format!("/api/v1/import/roster?{query}")))
        .header("x-csrf-token", &c.csrf)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn team_members(c: &Client, name: &str) -> Option<usize> {
    let (_, teams) = c.get("/api/v1/teams?commune=23538&date=2025-09-01").await;
    teams["teams"]
        .as_array()
        .or(teams.as_array())
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .map(|t| t["members"].as_array().unwrap().len())
}

async fn counts(app: &TestApp, c: &Client) -> (usize, Option<usize>) {
    (
        app.audit_count().await,
        team_members(c, "Tổ bảo vệ ANTT thôn Minh họa 4").await,
    )
}

#[tokio::test]
async fn import_dry_run_then_one_transaction_and_the_same_file_twice_changes_nothing() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        // Logged in first: a login is an audit row of its own.
        let admin = app.login("admin").await;
        let before = counts(&app, &police).await;
        assert_eq!(before.1, None);
        let (status, dry) = post(
            &police,
            "dry_run=true&file_name=to.csv",
            roster().into_bytes(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{dry}");
        assert_eq!(dry["committed"], false);
        assert_eq!(
            (
                &dry["teams_created"],
                &dry["people_created"],
                &dry["memberships_created"]
            ),
            (&Value::from(1), &Value::from(3), &Value::from(3)),
            "{dry}"
        );
        assert_eq!(
            counts(&app, &police).await,
            before,
            "a dry run writes nothing"
        );

        let (status, done) = post(&police, "file_name=to.csv", roster().into_bytes()).await;
        assert_eq!(status, StatusCode::OK, "{done}");
        assert_eq!(done["committed"], true);
        let after = counts(&app, &police).await;
        assert_eq!(after.1, Some(3), "{}", app.backend);
        // One team, three people, three memberships and the import itself.
        assert_eq!(after.0, before.0 + 8);
        let (_, log) = admin.audit(None).await;
        assert!(log.to_string().contains("SHA-256"), "{log}");

        let (status, again) = post(&police, "file_name=to.csv", roster().into_bytes()).await;
        assert_eq!(status, StatusCode::OK, "{again}");
        assert_eq!(again["memberships_unchanged"], 3);
        assert_eq!(again["people_unchanged"], 3);
        assert_eq!(again["memberships_created"], 0);
        assert_eq!(
            counts(&app, &police).await,
            after,
            "the same file twice changes nothing"
        );
    }
}

#[tokio::test]
async fn a_bad_roster_reports_every_bad_row_with_its_column_and_writes_nothing() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let before = counts(&app, &police).await;
        let bad = [
            HEADER.to_string(),
            line(
                1,
                "062090000501",
                "Rơ Mah Tốt",
                "10/02/1990",
                "Nam",
                "Tổ trưởng",
            ),
            // Unknown province code 099.
            line(
                2,
                "099090000502",
                "Sai Mã Tỉnh",
                "10/02/1990",
                "Nam",
                "Tổ viên",
            ),
            // The sex-and-century digit says a woman born in the 1900s; the row says a man.
            line(
                3,
                "062190000503",
                "Sai Giới Tính",
                "10/02/1990",
                "Nam",
                "Tổ viên",
            ),
            // 17 on the start date (LAW-13.1).
            line(
                4,
                "062208000504",
                "Chưa Đủ Tuổi",
                "02/08/2008",
                "Nam",
                "Tổ viên",
            ),
            // A second leader at the same time.
            line(
                5,
                "062091000505",
                "Tổ Trưởng Thứ Hai",
                "10/02/1991",
                "Nam",
                "Tổ trưởng",
            ),
            // A date that does not exist.
            line(
                6,
                "062091000506",
                "Ngày Sai",
                "31/02/1991",
                "Nam",
                "Tổ viên",
            ),
        ]
        .join("\n");
        let (status, r) = post(&police, "dry_run=false&file_name=sai.csv", bad.into_bytes()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{r}");
        assert_eq!(r["committed"], false);
        let got: Vec<(u64, String, String)> = r["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["line"].as_u64().unwrap(),
                    e["column"].as_str().unwrap().to_string(),
                    e["code"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let want: Vec<(u64, String, String)> = [
            (3, "Số CCCD", "cccd_unknown_province"),
            (4, "Số CCCD", "cccd_sex_mismatch"),
            (5, "Ngày bắt đầu", "under_18"),
            (6, "Chức danh", "second_leader"),
            (7, "Ngày sinh", "invalid_date"),
        ]
        .iter()
        .map(|(l, c, k)| (*l, c.to_string(), k.to_string()))
        .collect();
        assert_eq!(got, want, "{r}");
        let msg = r["errors"][0]["message"].as_str().unwrap();
        assert!(msg.starts_with("Dòng 3, cột «Số CCCD»:"), "{msg}");
        assert_eq!(
            counts(&app, &police).await,
            before,
            "nothing is half-written"
        );

        // A file that is not a spreadsheet.
        let (status, r) = post(
            &police,
            "file_name=hong.xlsx",
            b"PK\x03\x04not really".to_vec(),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r["errors"][0]["code"], "malformed_spreadsheet");
        // A header without the CCCD column.
        let (_, r) = post(&police, "", "Tên Tổ,Họ và tên\nA,B".as_bytes().to_vec()).await;
        assert_eq!(r["errors"][0]["code"], "missing_column", "{r}");
        assert_eq!(counts(&app, &police).await, before);
    }
}

#[tokio::test]
async fn the_template_opens_in_excel_and_a_filled_workbook_imports() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let res = police
            .http
            .get(police.url("/api/v1/import/roster/template?commune=23538"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(
            res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .contains("mau-nhap-danh-sach-to-bao-ve-antt-xa-ia-toi.xlsx")
        );
        let bytes = res.bytes().await.unwrap().to_vec();
        // The commune's teams and village codes, and the fixed lists, are drop-downs.
        {
            use std::io::Read;
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
            let mut xml = String::new();
            zip.by_name("xl/worksheets/sheet1.xml")
                .unwrap()
                .read_to_string(&mut xml)
                .unwrap();
            let lists = xml.matches("<dataValidation ").count();
            assert!(lists >= 9, "drop-downs: {lists}\n{xml}");
            assert!(xml.contains("type=\"list\""));
            // Header columns are wide enough to read their header.
            assert!(!xml.contains("width=\"8.43\""), "{xml}");
        }
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(wb.sheet_names(), ["Danh sách", "Danh mục", "Hướng dẫn"]);
        let lists = wb.worksheet_range("Danh mục").unwrap();
        let listed: Vec<String> = lists
            .rows()
            .flat_map(|r| r.iter().map(|c| c.to_string()))
            .collect();
        for v in [
            "23538",
            "Tổ bảo vệ ANTT thôn Minh họa 1",
            "Tổ trưởng",
            "Gia Rai",
            "Xơ Đăng",
            "Nữ",
        ] {
            assert!(listed.iter().any(|t| t == v), "{v} not listed: {listed:?}");
        }
        let village = listed
            .iter()
            .find(|t| t.starts_with("23537-01 — "))
            .expect("the village codes with their names");
        assert!(village.contains("Thôn"), "{village}");
        let sheet = wb.worksheet_range("Danh sách").unwrap();
        let header: Vec<String> = sheet
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        let expected: Vec<String> = antt_domain::roster::COLUMNS
            .iter()
            .map(|c| c.header.to_string())
            .collect();
        assert_eq!(header, expected);

        // A workbook as a commune fills it: dates as Excel dates, the CCCD typed as a number
        // (Excel drops its leading zero).
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        for (i, h) in expected.iter().enumerate() {
            ws.write_string(0, i as u16, h).unwrap();
        }
        let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
        let col = |name: &str| expected.iter().position(|h| h == name).unwrap() as u16;
        let d = |y, m, dd| rust_xlsxwriter::ExcelDateTime::from_ymd(y, m, dd).unwrap();
        ws.write_string(1, col("Tên Tổ"), "Tổ bảo vệ ANTT thôn Minh họa 4")
            .unwrap();
        // As the drop-down writes it: the code and the village's name.
        ws.write_string(1, col("Mã thôn, tổ dân phố"), village.as_str())
            .unwrap();
        ws.write_datetime_with_format(1, col("Ngày thành lập Tổ"), d(2025, 8, 1), &date)
            .unwrap();
        ws.write_number(1, col("Số CCCD"), 62090000601.0).unwrap();
        ws.write_string(1, col("Họ và tên"), "Rơ Mah Excel")
            .unwrap();
        ws.write_datetime_with_format(1, col("Ngày sinh"), d(1990, 2, 10), &date)
            .unwrap();
        ws.write_string(1, col("Giới tính"), "Nam").unwrap();
        ws.write_string(1, col("Dân tộc"), "Gia Rai").unwrap();
        ws.write_string(1, col("Nơi cư trú"), "Thôn Minh họa 4")
            .unwrap();
        ws.write_string(1, col("Trình độ học vấn"), "Tiểu học")
            .unwrap();
        ws.write_string(1, col("Chức danh"), "Tổ trưởng").unwrap();
        ws.write_string(1, col("Nguồn"), "Công an xã bán chuyên trách")
            .unwrap();
        ws.write_datetime_with_format(1, col("Ngày bắt đầu"), d(2025, 8, 1), &date)
            .unwrap();
        let file = book.save_to_buffer().unwrap();
        let (status, r) = post(&police, "file_name=excel.xlsx", file).await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["memberships_created"], 1);
        let (_, people) = police.get("/api/v1/people?commune=23538&q=excel").await;
        assert!(people.to_string().contains("062090000601"), "{people}");
    }
}

#[tokio::test]
async fn law_13_a_member_over_70_imports_only_with_the_chairmans_exception_decision() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        // 75 on the start date (born 1950: century-and-sex digit 0, year digits 50).
        let elder = line(
            1,
            "062050000701",
            "Rơ Mah Cao Niên",
            "15/05/1950",
            "Nam",
            "Tổ viên",
        );
        let young = line(
            2,
            "062093000702",
            "Siu Trẻ Tuổi",
            "15/05/1993",
            "Nam",
            "Tổ trưởng",
        );
        // A file from the older template, without the last column: it still reads, and says
        // where the decision goes.
        let old = [HEADER.to_string(), elder.clone(), young.clone()].join("\n");
        let (status, r) = post(&police, "dry_run=true", old.into_bytes()).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {r}",
            app.backend
        );
        assert_eq!(r["errors"].as_array().unwrap().len(), 1, "{r}");
        assert_eq!(r["errors"][0]["line"], 2);
        assert_eq!(r["errors"][0]["code"], "over_70_needs_decision");
        assert_eq!(
            r["errors"][0]["column"],
            "Số QĐ cho tham gia khi trên 70 tuổi"
        );
        let header = format!("{HEADER},Số QĐ cho tham gia khi trên 70 tuổi");
        let with = |number: &str| {
            [
                header.clone(),
                format!("{elder},{number}"),
                format!("{young},"),
            ]
            .join("\n")
            .into_bytes()
        };
        // A number that is not in the register.
        let (_, r) = post(&police, "dry_run=true", with("31/QĐ-UBND")).await;
        assert_eq!(r["errors"][0]["code"], "decision_not_found", "{r}");
        assert_eq!(
            r["errors"][0]["column"],
            "Số QĐ cho tham gia khi trên 70 tuổi"
        );
        let (status, d) = police
            .send(
                reqwest::Method::POST,
                "/api/v1/decisions",
                serde_json::json!({ "commune": "23538", "number": "31/QĐ-UBND", "signed_on": "2025-07-25",
                    "signer": "Ksor Minh (minh họa)", "kind": "over70_exception",
                    "subject": "Cho ông Rơ Mah Cao Niên tham gia Tổ bảo vệ ANTT" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{d}");
        let (status, r) = post(&police, "dry_run=false", with("31/QĐ-UBND")).await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["memberships_created"], 2);
        let (_, people) = police.get("/api/v1/people?q=cao nien").await;
        let pid = people["people"][0]["id"].as_str().unwrap().to_string();
        let (_, p) = police.get(&format!("/api/v1/people/{pid}")).await;
        assert_eq!(
            p["memberships"][0]["over70_decision"]["id"], d["id"],
            "the exception decision is kept with the membership: {p}"
        );
    }
}

#[tokio::test]
async fn a_province_administrator_imports_several_communes_in_one_file_in_one_transaction() {
    for app in spawn_apps().await {
        let admin = app.login("qt.quangngai").await;
        let header = format!("Mã xã,{HEADER}");
        let row = |commune: &str, team: &str, village: &str, cccd: &str, name: &str, born: &str| {
            format!(
                "{commune},1,{team},{village},01/08/2025,,{cccd},{name},{born},Nam,Gia Rai,\"{team}\",,THCS,,,,Tổ trưởng,Dân phòng,01/08/2025,"
            )
        };
        let ia_toi = row(
            "23538",
            "Tổ thôn Minh họa 4",
            "23537-01",
            "062090000901",
            "Rơ Mah Tỉnh A",
            "10/02/1990",
        );
        let ia_dal = row(
            "23535",
            "Tổ thôn Minh họa 1 xã Ia Đal",
            "23535-01",
            "062091000902",
            "Siu Tỉnh B",
            "10/02/1991",
        );
        // 17 on the start date: the whole file is refused, Ia Tơi's good row included.
        let young = row(
            "23535",
            "Tổ thôn Minh họa 3 xã Ia Đal",
            "23535-03",
            "062208000903",
            "Chưa Đủ Tuổi",
            "02/08/2008",
        );
        let file = |rows: &[&String]| {
            std::iter::once(&header)
                .chain(rows.iter().copied())
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join("\n")
                .into_bytes()
        };
        let teams_of = |code: &'static str| {
            let admin = &admin;
            async move {
                let (_, t) = admin
                    .get(&format!("/api/v1/teams?commune={code}&date=2025-09-01"))
                    .await;
                t["teams"].as_array().unwrap().len()
            }
        };
        let before = (
            teams_of("23538").await,
            teams_of("23535").await,
            app.audit_count().await,
        );
        let post_all = |body: Vec<u8>| post_to(&admin, "dry_run=false", body);
        let (status, r) = post_all(file(&[&ia_toi, &ia_dal, &young])).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {r}",
            app.backend
        );
        assert_eq!(r["errors"][0]["line"], 4);
        assert_eq!(r["errors"][0]["code"], "under_18");
        assert_eq!(
            (
                teams_of("23538").await,
                teams_of("23535").await,
                app.audit_count().await
            ),
            before,
            "one transaction across communes: nothing is written anywhere"
        );
        let (status, r) = post_all(file(&[&ia_toi, &ia_dal])).await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["teams_created"], 2);
        assert_eq!(r["memberships_created"], 2);
        assert_eq!(teams_of("23538").await, before.0 + 1);
        assert_eq!(teams_of("23535").await, before.1 + 1);
        // The same file again changes nothing.
        let (_, again) = post_all(file(&[&ia_toi, &ia_dal])).await;
        assert_eq!(again["memberships_unchanged"], 2, "{again}");
        assert_eq!(teams_of("23538").await, before.0 + 1);

        // A commune's police cannot reach another commune through the column, and a file
        // without the column needs the commune chosen.
        let police = app.login("ca.iatoi").await;
        let other = row(
            "23535",
            "Tổ thôn Minh họa 3 xã Ia Đal",
            "23535-03",
            "062092000904",
            "Ngoài Phạm Vi",
            "10/02/1992",
        );
        let (status, r) = post(&police, "dry_run=true", file(&[&other])).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{r}");
        assert_eq!(r["errors"][0]["code"], "commune_unknown");
        assert_eq!(r["errors"][0]["column"], "Mã xã");
        let (_, r) = post_to(&police, "dry_run=true", roster().into_bytes()).await;
        assert_eq!(r["errors"][0]["code"], "required", "{r}");
        assert_eq!(r["errors"][0]["column"], "Mã xã");
    }
}

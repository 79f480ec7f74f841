//! The duty log from Excel over HTTP: the template with the commune's teams in its drop-down,
//! a workbook filled as Excel fills it (dates and times as Excel's own cells), the dry run that
//! names the bad rows, the import, the same file again, and another commune refused.

use calamine::{Reader, Xlsx};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{Client, spawn_apps};

async fn post(c: &Client, query: &str, body: Vec<u8>) -> (StatusCode, Value) {
    let res = c
        .http
        .post(c.url(&format!("/api/v1/duty-shifts/import?{query}")))
        .header("x-csrf-token", &c.csrf)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_duty_log_kept_in_excel_is_checked_then_imported_once() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let res = police
            .http
            .get(police.url("/api/v1/duty-shifts/template?commune=23538"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let bytes = res.bytes().await.unwrap().to_vec();
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let header: Vec<String> = wb
            .worksheet_range("Danh sách")
            .unwrap()
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        let expected: Vec<String> = antt_domain::payroll::duty_import::DUTY_COLUMNS
            .iter()
            .map(|c| c.header.to_string())
            .collect();
        assert_eq!(header, expected);
        let listed: Vec<String> = wb
            .worksheet_range("Danh mục")
            .unwrap()
            .rows()
            .flat_map(|r| r.iter().map(|c| c.to_string()))
            .collect();
        let (_, teams) = police
            .get("/api/v1/teams?commune=23538&date=2026-11-20")
            .await;
        let teams = teams["teams"]
            .as_array()
            .or(teams.as_array())
            .unwrap()
            .clone();
        let team = &teams[0];
        let name = team["name"].as_str().unwrap();
        assert!(listed.iter().any(|t| t == name), "{listed:?}");
        assert!(listed.iter().any(|t| t == "Tuần tra"));
        let cccd = team["members"][0]["cccd"].as_str().unwrap().to_string();

        // As Excel keeps them: the day a date cell, the hours time cells, the CCCD a number.
        let workbook = |rows: &[(&str, u16, u16)]| {
            let mut book = rust_xlsxwriter::Workbook::new();
            let ws = book.add_worksheet();
            for (i, h) in expected.iter().enumerate() {
                ws.write_string(0, i as u16, h).unwrap();
            }
            let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
            let time = rust_xlsxwriter::Format::new().set_num_format("hh:mm");
            for (i, (team, start, end)) in rows.iter().enumerate() {
                let r = i as u32 + 1;
                ws.write_string(r, 0, *team).unwrap();
                ws.write_datetime_with_format(
                    r,
                    1,
                    rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 11, 20).unwrap(),
                    &date,
                )
                .unwrap();
                for (c, h) in [(2u16, *start), (3, *end)] {
                    ws.write_datetime_with_format(
                        r,
                        c,
                        rust_xlsxwriter::ExcelDateTime::from_hms(h, 0, 0).unwrap(),
                        &time,
                    )
                    .unwrap();
                }
                ws.write_string(r, 4, "Tuần tra").unwrap();
                ws.write_number(r, 7, cccd.parse::<f64>().unwrap()).unwrap();
            }
            book.save_to_buffer().unwrap()
        };
        let bad = workbook(&[(name, 22, 2), ("Tổ không có", 22, 2)]);
        let (status, r) = post(
            &police,
            "commune=23538&dry_run=true&file_name=so-truc.xlsx",
            bad,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{r}");
        assert_eq!(r["errors"][0]["line"], 3);
        assert_eq!(r["errors"][0]["code"], "team_unknown");
        assert_eq!(r["errors"][0]["column"], "Tổ");
        let before = app.audit_count().await;
        let good = workbook(&[(name, 22, 2), (name, 6, 11)]);
        let (status, r) = post(&police, "commune=23538&dry_run=true", good.clone()).await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(
            (r["committed"].as_bool(), r["shifts_created"].as_u64()),
            (Some(false), Some(2))
        );
        assert_eq!(app.audit_count().await, before, "a dry run writes nothing");
        let (status, r) = post(
            &police,
            "commune=23538&file_name=so-truc.xlsx",
            good.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["committed"], true);
        assert_eq!(app.audit_count().await, before + 2, "one entry per shift");
        let (_, log) = police
            .get("/api/v1/duty-shifts?commune=23538&from=2026-11-20&to=2026-11-20")
            .await;
        let spans: Vec<String> = log
            .as_array()
            .or(log["shifts"].as_array())
            .unwrap()
            .iter()
            .map(|s| {
                format!(
                    "{}-{}",
                    s["start"].as_str().unwrap(),
                    s["end"].as_str().unwrap()
                )
            })
            .collect();
        assert!(spans.contains(&"22:00-02:00".to_string()), "{spans:?}");
        assert!(spans.contains(&"06:00-11:00".to_string()), "{spans:?}");
        // Again: nothing changes, nothing is recorded.
        let (status, r) = post(&police, "commune=23538", good.clone()).await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["shifts_unchanged"], 2);
        assert_eq!(app.audit_count().await, before + 2);

        // Not a workbook nor UTF-8 text: refused with its code, nothing written.
        let (status, r) = post(&police, "commune=23538", vec![b'P', b'K', 3, 4, 0, 0]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{r}");
        assert_eq!(r["error"], "malformed_spreadsheet");
        // Another commune's police: Ia Tơi is not theirs. The accountant keeps no duty log.
        let other = app.login("ca.iadal").await;
        let kt = app.login("kt.iatoi").await;
        let (_, log_before) = police
            .get("/api/v1/duty-shifts?commune=23538&from=2026-11-20&to=2026-11-20")
            .await;
        let (status, _) = post(&other, "commune=23538", good.clone()).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = post(&kt, "commune=23538", good).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (_, log_after) = police
            .get("/api/v1/duty-shifts?commune=23538&from=2026-11-20&to=2026-11-20")
            .await;
        assert_eq!(log_before, log_after);
    }
}

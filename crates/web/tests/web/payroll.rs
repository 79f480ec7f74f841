//! The payroll and the duty log over HTTP as their users and an attacker meet them: the demo's
//! November with the arrears of 1/7/2026 (FIX-1), the flow of check, approve and pay by the
//! roles that own each step, the files read back, the refusals with their codes, the pages that
//! keep what was typed.

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::spawn_apps;

fn lines(v: &Value) -> &Vec<Value> {
    v["lines"].as_array().expect("lines")
}

#[tokio::test]
async fn fix_1_the_november_payroll_carries_the_arrears_and_goes_through_check_approve_and_pay() {
    for app in spawn_apps().await {
        let kt = app.login("kt.iatoi").await;
        let (status, nov) = kt.get("/api/v1/payrolls?commune=23538&month=2026-11").await;
        assert_eq!(status, StatusCode::OK, "{}: {nov}", app.backend);
        assert_eq!(nov["commune"], "23538");
        assert_eq!(nov["month"], "2026-11");
        assert_eq!(nov["state"], "draft");
        assert_eq!(nov["illustrative"], true);
        // The shape the CLI and the API share.
        let l = &lines(&nov)[0];
        for k in [
            "cccd",
            "name",
            "team",
            "role",
            "days",
            "monthly_support",
            "allowances",
            "arrears",
            "total",
            "items",
        ] {
            assert!(!l[k].is_null(), "{k}: {l}");
        }
        let arrears: Vec<&Value> = lines(&nov)
            .iter()
            .flat_map(|l| l["arrears"].as_array().unwrap())
            .collect();
        assert_eq!(
            arrears.iter().filter(|a| a["month"] == "2026-07").count(),
            lines(&nov).len(),
            "every member is owed July"
        );
        assert!(arrears.iter().all(|a| a["diff"].as_i64().unwrap() > 0
            && a["cause"].as_str().unwrap().contains("161/2026")));
        let sum: i64 = lines(&nov)
            .iter()
            .map(|l| l["total"].as_i64().unwrap())
            .sum();
        assert_eq!(sum, nov["total"].as_i64().unwrap());
        assert!(nov["total_in_words"].as_str().unwrap().ends_with("đồng"));

        // The home page's list names the month to check, and leads to it.
        let (_, inbox) = kt.get("/api/v1/inbox").await;
        let item = inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["kind"] == "payroll_not_checked")
            .unwrap_or_else(|| panic!("{inbox}"));
        assert_eq!(item["target"], "payroll");
        assert_eq!(item["target_id"], "23538/2026-11");
        let (_, home) = kt.get_html("/").await;
        assert!(
            home.contains("/payroll?commune=23538&amp;month=2026-11")
                || home.contains("/payroll?commune=23538&month=2026-11"),
            "{home}"
        );
        // The arrears report names them too.
        let (_, report) = kt
            .get("/api/v1/payrolls/arrears?commune=23538&from=2026-07&to=2026-11")
            .await;
        assert_eq!(report["arrears"].as_array().unwrap().len(), arrears.len());

        // The police may read it, not check it; the accountant checks; the chairman approves.
        let police = app.login("ca.iatoi").await;
        let body = json!({ "commune": "23538", "month": "2026-11" });
        let (status, _) = police
            .send(Method::POST, "/api/v1/payrolls/check", body.clone())
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, checked) = kt
            .send(Method::POST, "/api/v1/payrolls/check", body.clone())
            .await;
        assert_eq!(status, StatusCode::OK, "{checked}");
        assert_eq!(checked["state"], "checked");
        let (status, e) = kt
            .send(Method::POST, "/api/v1/payrolls/approve", body.clone())
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{e}");
        let chair = app.login("ubnd.iatoi").await;
        let (status, approved) = chair
            .send(Method::POST, "/api/v1/payrolls/approve", body.clone())
            .await;
        assert_eq!(status, StatusCode::OK, "{approved}");
        assert_eq!(approved["state"], "approved");
        assert_eq!(
            approved["total"], nov["total"],
            "approving changes no figure"
        );
        // Locked: the duty log of November refuses a new shift, saying why.
        let (_, teams) = police
            .get("/api/v1/teams?commune=23538&date=2026-11-01")
            .await;
        let team = &teams["teams"][0];
        let person = team["members"][0]["person_id"]
            .as_str()
            .unwrap()
            .to_string();
        let shift = json!({ "team": team["id"], "date": "2026-11-21", "start": "22:00", "end": "02:00",
            "kind": "patrol", "people": [person] });
        let (status, e) = police
            .send(Method::POST, "/api/v1/duty-shifts", shift.clone())
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["error"], "payroll_locked", "{e}");
        assert!(e["message"].as_str().unwrap().contains("đã được duyệt"));
        let (status, e) = kt
            .send(Method::POST, "/api/v1/payrolls/check", body.clone())
            .await;
        assert_eq!(
            (status, e["error"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("payroll_locked"))
        );
        // Paid, with its voucher.
        let (status, e) = kt
            .send(Method::POST, "/api/v1/payrolls/pay", json!({ "commune": "23538", "month": "2026-11", "paid_on": "30/11/2026", "voucher": "" }))
            .await;
        assert_eq!(
            (status, e["error"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("required"))
        );
        let (status, paid) = kt
            .send(Method::POST, "/api/v1/payrolls/pay", json!({ "commune": "23538", "month": "2026-11", "paid_on": "30/11/2026", "voucher": "PC-11/2026" }))
            .await;
        assert_eq!(status, StatusCode::OK, "{paid}");
        assert_eq!(paid["paid_on"], "2026-11-30");

        // The sheet as Excel and PDF, named for what it is.
        let res = kt
            .http
            .get(kt.url("/api/v1/payrolls?commune=23538&month=2026-11&format=xlsx"))
            .send()
            .await
            .unwrap();
        let cd = res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            cd.contains("bang-thanh-toan-phu-cap-xa-ia-toi-thang-11-2026.xlsx"),
            "{cd}"
        );
        let bytes = res.bytes().await.unwrap().to_vec();
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        let ws = wb.worksheet_range(antt_documents::payroll::SHEET).unwrap();
        let total = ws
            .rows()
            .find(|r| r.get(1).is_some_and(|c| *c == "Tổng cộng"))
            .unwrap()[8]
            .clone();
        assert_eq!(
            total,
            calamine::Data::Float(nov["total"].as_i64().unwrap() as f64)
        );
        let pdf = kt
            .download("/api/v1/payrolls?commune=23538&month=2026-11&format=pdf")
            .await;
        assert!(pdf.starts_with(b"%PDF"));
    }
}

#[tokio::test]
async fn another_commune_another_province_and_the_wrong_role_are_refused() {
    for app in spawn_apps().await {
        let body = json!({ "commune": "23538", "month": "2026-11" });
        // Another commune's police: the payroll does not exist for them.
        let other = app.login("ca.iadal").await;
        let (status, _) = other
            .get("/api/v1/payrolls?commune=23538&month=2026-11")
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = other
            .get("/api/v1/duty-shifts?commune=23538&from=2026-11-01&to=2026-11-30")
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // A province's administrator approves no money; the social insurance office reads no
        // payroll.
        let admin = app.login("qt.quangngai").await;
        let (status, _) = admin
            .send(Method::POST, "/api/v1/payrolls/approve", body.clone())
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let bhxh = app.login("bhxh.iahdrai").await;
        let (status, _) = bhxh
            .get("/api/v1/payrolls?commune=23538&month=2026-11")
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // Bad input is named.
        let kt = app.login("kt.iatoi").await;
        let (status, e) = kt.get("/api/v1/payrolls?commune=23538&month=2026-13").await;
        assert_eq!(
            (status, e["error"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_month"))
        );
        let police = app.login("ca.iatoi").await;
        let (_, teams) = police
            .get("/api/v1/teams?commune=23538&date=2026-11-01")
            .await;
        let team = teams["teams"][0]["id"].clone();
        let (status, e) = police
            .send(Method::POST, "/api/v1/duty-shifts", json!({ "team": team, "date": "2026-11-21", "start": "25:00", "end": "02:00", "kind": "patrol", "people": [] }))
            .await;
        assert_eq!(
            (status, e["error"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_time"))
        );
        let many: Vec<String> = (0..101).map(|_| uuid::Uuid::now_v7().to_string()).collect();
        let (status, e) = police
            .send(Method::POST, "/api/v1/duty-shifts", json!({ "team": team, "date": "2026-11-21", "start": "22:00", "end": "02:00", "kind": "patrol", "people": many }))
            .await;
        assert_eq!(
            (status, e["error"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("too_many_people"))
        );
        // The province's finance office reads the roll-up: each commune, and a sum that adds up.
        let finance = app.login("tc.quangngai").await;
        let (status, r) = finance
            .get("/api/v1/payrolls/rollup?unit=51&month=2026-10")
            .await;
        assert_eq!(status, StatusCode::OK, "{r}");
        let communes = r["communes"].as_array().unwrap();
        let sum: i64 = communes.iter().map(|c| c["total"].as_i64().unwrap()).sum();
        assert_eq!(sum, r["total"].as_i64().unwrap());
        let ia_toi = communes.iter().find(|c| c["commune"] == "23538").unwrap();
        assert_eq!(ia_toi["state"], "paid");
    }
}

#[tokio::test]
async fn a_refused_shift_and_a_refused_payment_come_back_as_typed() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let (status, html) = police.get_html("/duty?commune=23538&week=2026-11-16").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Ghi ca mới"), "{html}");
        let (_, teams) = police
            .get("/api/v1/teams?commune=23538&date=2026-11-16")
            .await;
        let team = teams["teams"][0]["id"].as_str().unwrap().to_string();
        let person = teams["teams"][0]["members"][0]["person_id"]
            .as_str()
            .unwrap()
            .to_string();
        let res = police
            .post_form(
                "/duty",
                &[
                    ("commune", "23538"),
                    ("team", &team),
                    ("date", "18/11/2026"),
                    ("start", "22:00"),
                    ("end", "7:75"),
                    ("kind", "event"),
                    ("note", "Bảo vệ lễ hội làng"),
                    ("people", &person),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert!(html.contains("data-code=\"invalid_time\""), "{html}");
        for kept in [
            "value=\"18/11/2026\"",
            "value=\"7:75\"",
            "Bảo vệ lễ hội làng",
            "value=\"event\" selected",
        ] {
            assert!(html.contains(kept), "{kept}");
        }
        // The same shift, right, goes in and shows in the week.
        let res = police
            .post_form(
                "/duty",
                &[
                    ("commune", "23538"),
                    ("team", &team),
                    ("date", "18/11/2026"),
                    ("start", "22:00"),
                    ("end", "02:00"),
                    ("kind", "event"),
                    ("note", "Bảo vệ lễ hội làng"),
                    ("people", &person),
                ],
            )
            .await;
        assert!(
            res.status().is_success() || res.status().is_redirection(),
            "{}",
            res.status()
        );
        let (_, html) = police.get_html("/duty?commune=23538&week=2026-11-18").await;
        assert!(
            html.contains("Bảo vệ lễ hội làng") && html.contains("ban đêm 4 giờ 0 phút"),
            "{html}"
        );

        // The accountant's page: the arrears explained, the check button; a refused payment
        // keeps the voucher typed.
        let kt = app.login("kt.iatoi").await;
        let (_, html) = kt.get_html("/payroll?commune=23538&month=11/2026").await;
        assert!(html.contains("Kiểm tra bảng thanh toán"), "{html}");
        assert!(
            html.contains("Truy lĩnh hỗ trợ thường xuyên hằng tháng tháng 07/2026"),
            "{html}"
        );
        let body = json!({ "commune": "23538", "month": "2026-11" });
        let (status, _) = kt
            .send(Method::POST, "/api/v1/payrolls/check", body.clone())
            .await;
        assert_eq!(status, StatusCode::OK);
        let chair = app.login("ubnd.iatoi").await;
        let (status, _) = chair
            .send(Method::POST, "/api/v1/payrolls/approve", body)
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, html) = kt.get_html("/payroll?commune=23538&month=2026-11").await;
        assert!(
            html.contains("Ghi nhận đã chi trả") && html.contains("Đã duyệt"),
            "{html}"
        );
        let res = kt
            .post_form(
                "/payroll/act",
                &[
                    ("commune", "23538"),
                    ("month", "2026-11"),
                    ("action", "pay"),
                    ("paid_on", "31/02/2026"),
                    ("voucher", "PC-11 bổ sung"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert!(html.contains("data-code=\"invalid_date\""), "{html}");
        assert!(
            html.contains("value=\"31/02/2026\"") && html.contains("value=\"PC-11 bổ sung\""),
            "{html}"
        );
    }
}

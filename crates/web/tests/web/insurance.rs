//! Insurance and payment over HTTP as their users and an attacker meet them: the demo's third
//! quarter settled and confirmed by the office (INS-10, INS-1), the lists read back, the
//! Treasury list and the bank file of an approved month (BNK-3, BNK-6), the refusals with their
//! codes, a form that keeps what was typed.

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::spawn_apps;

#[tokio::test]
async fn ins_10_the_quarter_is_settled_by_the_commune_confirmed_by_the_office_and_read_back() {
    for app in spawn_apps().await {
        let kt = app.login("kt.iatoi").await;
        let (status, q3) = kt
            .get("/api/v1/insurance?commune=23538&quarter=2026-Q3")
            .await;
        assert_eq!(status, StatusCode::OK, "{}: {q3}", app.backend);
        assert_eq!(q3["state"], "settled");
        assert_eq!(q3["quarter"], "2026-Q3");
        let lines = q3["lines"].as_array().unwrap();
        let sum: i64 = lines
            .iter()
            .map(|l| l["difference"].as_i64().unwrap())
            .sum();
        assert_eq!(sum, q3["difference"].as_i64().unwrap());
        assert!(sum > 0, "the rise of 1/7/2026 is owed: {sum}");
        // The workbook: the transfer and the lists, opened back.
        let bytes = kt
            .download("/api/v1/insurance?commune=23538&quarter=2026-Q3&format=xlsx")
            .await;
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        assert_eq!(
            wb.sheet_names(),
            vec!["Kinh phí quý", "D05-TS", "D03-TS", "Tăng giảm", "TK1-TS"]
        );
        // INS-2: each member's line to declare, with the roster's details.
        let tk1 = wb.worksheet_range("TK1-TS").unwrap();
        let declared = tk1
            .rows()
            .filter(|r| r.get(6).is_some_and(|c| c.to_string().len() == 12))
            .count();
        assert_eq!(declared, lines.len());
        assert_eq!(
            q3["declarants"].as_array().unwrap().len(),
            lines.len(),
            "{q3}"
        );
        let d05 = wb.worksheet_range("D05-TS").unwrap();
        assert_eq!(
            d05.rows()
                .filter(|r| r
                    .get(2)
                    .is_some_and(|c| c.to_string().starts_with("62230000")))
                .count(),
            lines.len()
        );
        let pdf = kt
            .download("/api/v1/insurance?commune=23538&quarter=2026-Q3&format=pdf")
            .await;
        assert!(pdf.starts_with(b"%PDF"));

        // Refusals with their codes, nothing written.
        let (status, body) = kt
            .send(
                Method::POST,
                "/api/v1/insurance/advance",
                json!({"commune": "23538", "quarter": "2026-Q4", "on": "02/11/2026", "voucher": "X"}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["error"], "insurance_advance_recorded");
        let (status, body) = kt
            .send(
                Method::POST,
                "/api/v1/insurance/confirm",
                json!({"commune": "23538", "quarter": "2026-Q3"}),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let other = app.login("ca.iadal").await;
        assert_eq!(
            other
                .get("/api/v1/insurance?commune=23538&quarter=2026-Q3")
                .await
                .0,
            StatusCode::NOT_FOUND
        );

        // The office confirms, from its own area.
        let bhxh = app.login("bhxh.iahdrai").await;
        let (_, inbox) = bhxh.get("/api/v1/inbox").await;
        assert!(
            inbox["items"].as_array().unwrap().iter().any(|i| i["kind"]
                == "insurance_not_confirmed"
                && i["target_id"] == "23538/2026-Q3"),
            "{inbox}"
        );
        let (status, v) = bhxh
            .send(
                Method::POST,
                "/api/v1/insurance/confirm",
                json!({"commune": "23538", "quarter": "2026-Q3"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{v}");
        assert_eq!(v["state"], "confirmed");
        let (_, year) = kt
            .get("/api/v1/insurance/year?commune=23538&year=2026")
            .await;
        assert_eq!(year["quarters"].as_array().unwrap().len(), 4);
        assert_eq!(
            year["balance"].as_i64().unwrap(),
            year["actual"].as_i64().unwrap() - year["transferred"].as_i64().unwrap()
        );
        // The page names the quarter and its figures.
        let (status, html) = kt
            .get_html("/insurance?commune=23538&quarter=2026-Q4")
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Quý IV năm 2026"), "{html}");
        assert!(html.contains("data-state=\"advanced\""));
    }
}

#[tokio::test]
async fn bnk_3_an_approved_month_goes_to_the_treasury_and_the_bank_and_a_draft_does_not() {
    for app in spawn_apps().await {
        let kt = app.login("kt.iatoi").await;
        let pdf = kt
            .download("/api/v1/payrolls?commune=23538&month=2026-10&format=treasury")
            .await;
        assert!(pdf.starts_with(b"%PDF"));
        let csv = kt
            .download("/api/v1/payrolls?commune=23538&month=2026-10&format=bank")
            .await;
        let text = String::from_utf8(csv).unwrap();
        let rows: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(
            rows[0],
            "STT,\"Họ và tên (không dấu, chữ in hoa)\",Số tài khoản,Số tiền,Nội dung (không dấu)"
        );
        let (_, oct) = kt.get("/api/v1/payrolls?commune=23538&month=2026-10").await;
        let total: i64 = rows[1..]
            .iter()
            .map(|r| r.split(',').nth(3).unwrap().parse::<i64>().unwrap())
            .sum();
        assert_eq!(
            total,
            oct["total"].as_i64().unwrap(),
            "the bank file pays the payroll to the đồng"
        );
        let (status, body) = kt
            .get("/api/v1/payrolls?commune=23538&month=2026-11&format=treasury")
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["error"], "payroll_not_approved");
        let (status, body) = kt
            .get("/api/v1/payrolls?commune=23538&month=2026-10&format=bank&bank=Vietcombank")
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["error"], "no_bank_layout");
        // A second bank's layout: the approved month's page links a file for each bank.
        let (status, body) = kt
            .send(
                Method::PUT,
                "/api/v1/bank-layouts",
                json!({"commune": "23538", "bank": "Ngân hàng B & C", "columns": ["account", "name_ascii", "amount"], "delimiter": ";", "header": false}),
            )
            .await;
        assert!(status.is_success(), "{status} {body}");
        let (_, html) = kt.get_html("/payroll?commune=23538&month=2026-10").await;
        assert!(
            html.contains("Tệp chi trả qua Agribank (minh họa) (CSV)"),
            "{html}"
        );
        assert!(html.contains("bank=Ng%C3%A2n+h%C3%A0ng+B+%26+C"), "{html}");
        let csv = kt
            .download("/api/v1/payrolls?commune=23538&month=2026-10&format=bank&bank=Ng%C3%A2n+h%C3%A0ng+B+%26+C")
            .await;
        let text = String::from_utf8(csv).unwrap();
        assert!(
            text.trim_start_matches('\u{feff}')
                .lines()
                .next()
                .unwrap()
                .contains(';')
        );

        // An account is checked, and another commune cannot touch it.
        let person = oct["lines"][0]["person"].as_str().unwrap().to_string();
        let (status, body) = kt
            .send(
                Method::PUT,
                &format!("/api/v1/people/{person}/bank-account"),
                json!({"account_no": "12-AB", "bank": "Agribank", "branch": null}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["error"], "invalid_account");
        let other = app.login("ca.iadal").await;
        let (status, _) = other
            .send(
                Method::PUT,
                &format!("/api/v1/people/{person}/insurance"),
                json!({"payment_mode": "monthly"}),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // The member's page keeps what was typed when the code is wrong.
        let res = kt
            .post_form(
                "/insurance/member",
                &[
                    ("person", &person),
                    ("form", "enrolment"),
                    ("bhxh_code", "62230"),
                    ("bhxh_from", "07/2024"),
                    ("payment_mode", "half_yearly"),
                    ("state_months_before", "4"),
                    ("bhyt_card", ""),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert!(html.contains("data-code=\"invalid_bhxh_code\""), "{html}");
        for kept in [
            "value=\"62230\"",
            "value=\"07/2024\"",
            "value=\"half_yearly\" selected",
            "value=\"4\"",
        ] {
            assert!(html.contains(kept), "{kept}");
        }
    }
}

/// BUD-10 over HTTP: a commune's lines add up and open back in Excel; a province lists its
/// communes; another commune's estimate is not shown.
#[tokio::test]
async fn bud_10_the_estimate_reads_as_json_a_page_and_a_workbook() {
    for app in spawn_apps().await {
        let kt = app.login("kt.iatoi").await;
        let (status, v) = kt.get("/api/v1/budgets?unit=23538&year=2027").await;
        assert_eq!(status, StatusCode::OK, "{v}");
        let sum: i64 = v["lines"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|l| l["dong"].as_i64())
            .sum();
        assert_eq!(sum, v["total"].as_i64().unwrap());
        let bytes = kt
            .download("/api/v1/budgets?unit=23538&year=2027&format=xlsx")
            .await;
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        let ws = wb.worksheet_range("Dự toán").unwrap();
        let total = ws
            .rows()
            .find(|r| r.get(1).is_some_and(|c| *c == "Tổng cộng"))
            .unwrap();
        assert_eq!(total[3], calamine::Data::Float(sum as f64));
        let (status, html) = kt.get_html("/budget?unit=23538&year=2027").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Dự toán kinh phí năm 2027"), "{html}");
        let tc = app.login("tc.quangngai").await;
        let (status, r) = tc.get("/api/v1/budgets?unit=51&year=2027").await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert!(r["communes"].as_array().unwrap().len() >= 2);
        // Kon Tum in 2025 rolls up through its districts of then: a subtotal row each.
        let (status, r) = tc.get("/api/v1/budgets?unit=62&year=2025").await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert!(
            r["districts"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["district"] == "618"),
            "{r}"
        );
        let (_, html) = tc.get_html("/budget?unit=62&year=2025").await;
        assert!(html.contains("data-district=\"618\""), "{html}");
        let other = app.login("ca.iadal").await;
        assert_eq!(
            other.get("/api/v1/budgets?unit=23538&year=2027").await.0,
            StatusCode::NOT_FOUND
        );
    }
}

/// INS-13: the province's finance office reads every commune's quarter as JSON and as a page;
/// the sums match; a commune's police cannot read the province; the unit is required.
#[tokio::test]
async fn ins_13_the_finance_office_reads_the_provinces_quarter_commune_by_commune() {
    for app in spawn_apps().await {
        let finance = app.login("tc.quangngai").await;
        let (status, r) = finance
            .get("/api/v1/insurance/rollup?unit=51&quarter=2026-Q3")
            .await;
        assert_eq!(status, StatusCode::OK, "{r}");
        let communes = r["communes"].as_array().unwrap();
        let ia_toi = communes.iter().find(|c| c["commune"] == "23538").unwrap();
        assert_eq!(ia_toi["state"], "settled");
        assert_eq!(ia_toi["to_settle"], 0);
        let sum: i64 = communes
            .iter()
            .map(|c| c["to_settle"].as_i64().unwrap())
            .sum();
        assert_eq!(sum, r["to_settle"].as_i64().unwrap());
        let (status, html) = finance
            .get_html("/insurance?commune=51&quarter=2026-Q3")
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Tổng cộng"), "{html}");
        assert!(html.contains("data-commune=\"23538\""));
        assert!(html.contains("1.079.100"));
        let police = app.login("ca.iadal").await;
        let (status, _) = police
            .get("/api/v1/insurance/rollup?unit=51&quarter=2026-Q3")
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, r) = finance
            .get("/api/v1/insurance/rollup?quarter=2026-Q3")
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{r}");
        // The year's settlement paper of a commune (INS-10), for signing.
        let kt = app.login("kt.iatoi").await;
        let pdf = kt
            .download("/api/v1/insurance/year?commune=23538&year=2026&format=pdf")
            .await;
        assert!(pdf.starts_with(b"%PDF"));
        let (status, r) = kt
            .get("/api/v1/insurance/year?commune=23538&year=2026&format=xlsx")
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{r}");
        let (_, html) = kt
            .get_html("/insurance?commune=23538&quarter=2026-Q3")
            .await;
        assert!(html.contains("In quyết toán năm 2026 (PDF)"));
    }
}

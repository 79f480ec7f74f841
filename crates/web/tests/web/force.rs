use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{
    Client, DecisionBody, MembershipBody, PersonBody, TeamBody, TestApp, docx_text, pdf_text,
    spawn_apps,
};

async fn person(c: &Client, cccd: &str, name: &str, born: &str, sex: &str) -> (StatusCode, Value) {
    c.create_person(&PersonBody {
        commune: "23538".into(),
        cccd: cccd.into(),
        full_name: name.into(),
        birth_date: born.into(),
        sex: sex.into(),
        ethnicity: "Gia Rai".into(),
        residence: "Thôn Minh họa 2, xã Ia Tơi".into(),
        residence_since: Some("2015-01-01".into()),
        education: "primary".into(),
        health_certificate_on: Some("2025-06-01".into()),
        household: Some("poor".into()),
        ..PersonBody::default()
    })
    .await
}

async fn team(app: &TestApp, c: &Client) -> String {
    let (status, d) = c
        .create_decision(&DecisionBody {
            commune: "23538".into(),
            number: "21/QĐ-UBND".into(),
            signed_on: "2025-07-15".into(),
            signer: "Chủ tịch UBND xã (minh họa)".into(),
            kind: "team_establishment".into(),
            subject: "Thành lập Tổ thôn Minh họa 5".into(),
        })
        .await;
    assert_eq!(status, StatusCode::CREATED, "{}: {d}", app.backend);
    let (status, t) = c
        .create_team(&TeamBody {
            commune: "23538".into(),
            name: "Tổ bảo vệ ANTT thôn Minh họa 5".into(),
            villages: vec!["23537-02".into()],
            workplace: Some("Nhà văn hóa thôn".into()),
            established_on: "2025-07-15".into(),
            decision: d["id"].as_str().map(String::from),
        })
        .await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    t["id"].as_str().unwrap().to_string()
}

/// A membership of `person` (the answer that created them) in team `tid`.
fn membership(person: &Value, tid: &str, role: &str, start_date: &str) -> MembershipBody {
    MembershipBody {
        person: person["id"].as_str().unwrap_or_default().into(),
        team: tid.into(),
        role: role.into(),
        start_date: start_date.into(),
        ..MembershipBody::default()
    }
}

#[tokio::test]
async fn a_commune_sets_up_a_team_and_the_overview_compares_it_with_the_quota() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let tid = team(&app, &police).await;
        let (status, p) = person(
            &police,
            "062092001122",
            "Rơ Mah Minh Họa",
            "1992-03-03",
            "male",
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{p}");
        let (status, m) = police
            .add_membership(&MembershipBody {
                origin: Some("former_civil_defence".into()),
                ..membership(&p, &tid, "leader", "2025-07-15")
            })
            .await;
        assert_eq!(status, StatusCode::CREATED, "{m}");
        let (status, overview) = police.commune_overview("23538", Some("2025-08-01")).await;
        assert_eq!(status, StatusCode::OK, "{overview}");
        let t = overview["teams"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["team"]["id"] == tid.as_str())
            .unwrap();
        assert_eq!(
            t["quota"],
            json!({ "base": 3, "max": 3 }),
            "143 households, demo rule"
        );
        assert_eq!(t["illustrative"], true);
        assert_eq!(t["flags"], json!(["under_staffed"]));
        let missing: Vec<&str> = overview["villages_without_team"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["code"].as_str().unwrap())
            .collect();
        assert_eq!(
            missing,
            ["23537-01"],
            "the demo teams cover the other three"
        );
        assert_eq!(
            overview["health_certificate_rule_missing"], true,
            "no pack sets how long a certificate lasts"
        );
        // A deputy who turns 71 on 1/9/2025 is flagged 60 days ahead, with the decision the law needs.
        let (_, elder) = person(
            &police,
            "062054009988",
            "Ông Minh Họa",
            "1954-09-01",
            "male",
        )
        .await;
        let (status, e) = police
            .add_membership(&membership(&elder, &tid, "deputy", "2025-07-15"))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{e}");
        let (_, soon) = police.commune_overview("23538", Some("2025-07-10")).await;
        assert!(
            soon["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .all(|w| w["kind"] != "turning_71"),
            "the new deputy is not in post before the team starts"
        );
        let (_, soon) = police.commune_overview("23538", Some("2025-07-20")).await;
        let w = soon["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["kind"] == "turning_71")
            .expect("warned");
        assert_eq!(w["date"], "2025-09-01");
        let (_, early) = police.commune_overview("23538", Some("2025-07-01")).await;
        assert!(
            early["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .all(|w| w["kind"] != "turning_71")
        );
        // Issue 10: as of a date means what existed on it. The team set up on 10/07/2025 is not
        // in the overview of 01/07/2025 (nor flagged there for having no leader), nor in the list.
        assert!(
            early["teams"]
                .as_array()
                .unwrap()
                .iter()
                .all(|t| t["team"]["id"] != tid.as_str()),
            "{early}"
        );
        let (_, listed) = police
            .get("/api/v1/teams?commune=23538&date=2025-07-01")
            .await;
        assert!(
            listed["teams"]
                .as_array()
                .unwrap()
                .iter()
                .all(|t| t["id"] != tid.as_str()),
            "{listed}"
        );
        let (_, html) = police.get_html("/teams?date=2025-08-01").await;
        assert!(
            html.contains("Tổ bảo vệ ANTT thôn Minh họa 5")
                && html.contains("Thiếu thành viên")
                && html.contains("Thôn, tổ dân phố chưa có Tổ")
        );
        let (_, html) = police
            .get_html(&format!("/teams/{tid}?date=2025-08-01"))
            .await;
        assert!(html.contains("Rơ Mah Minh Họa") && html.contains("21/QĐ-UBND"));
    }
}

#[tokio::test]
async fn bad_people_and_memberships_are_refused_with_vietnamese_messages_and_nothing_is_written() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let tid = team(&app, &police).await;
        let before = app.audit_count().await;
        let (status, e) = person(&police, "063092001122", "Sai Tỉnh", "1992-03-03", "male").await;
        assert_eq!(
            (status, e["error"].as_str()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("cccd_unknown_province")
            )
        );
        assert!(e["message"].as_str().unwrap().contains("mã tỉnh"));
        let (_, e) = person(&police, "062292001122", "Sai Thế Kỷ", "1992-03-03", "male").await;
        assert_eq!(e["error"], "cccd_century_mismatch");
        let (_, e) = person(
            &police,
            "062192001122",
            "Sai Giới Tính",
            "1992-03-03",
            "male",
        )
        .await;
        assert_eq!(e["error"], "cccd_sex_mismatch");
        assert_eq!(app.audit_count().await, before, "{}", app.backend);
        let (_, young) = person(&police, "062209001122", "Em Minh Họa", "2009-01-01", "male").await;
        let (status, e) = police
            .add_membership(&membership(&young, &tid, "member", "2025-08-01"))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["error"], "under_18");
        let (_, a) = person(
            &police,
            "062090000001",
            "Anh Minh Họa",
            "1990-01-01",
            "male",
        )
        .await;
        let (_, b) = person(
            &police,
            "062191000002",
            "Chị Minh Họa",
            "1991-01-01",
            antt_domain::person::Sex::Female.as_str(),
        )
        .await;
        for (p, expect) in [
            (&a, StatusCode::CREATED),
            (&b, StatusCode::UNPROCESSABLE_ENTITY),
        ] {
            let (status, e) = police
                .add_membership(&membership(p, &tid, "leader", "2025-08-01"))
                .await;
            assert_eq!(status, expect, "{e}");
        }
        let (_, member) = police
            .get(&format!("/api/v1/people/{}", a["id"].as_str().unwrap()))
            .await;
        let mid = member["memberships"][0]["id"].as_str().unwrap().to_string();
        let (status, e) = police
            .send(
                Method::POST,
                &format!("/api/v1/memberships/{mid}/end"),
                json!({ "end_date": "2025-07-01", "reason": "voluntary" }),
            )
            .await;
        assert_eq!(
            (status, e["error"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("date_order"))
        );
        // Issue 10: the message names the real fault and the start date.
        assert!(
            e["message"]
                .as_str()
                .unwrap()
                .contains("không được trước ngày bắt đầu tham gia 01/08/2025"),
            "{e}"
        );
        // Even for a stop whose thresholds the policy would give on that (earlier) date: the
        // membership's own fault is told first, not a gap of the pack.
        let (_, e) = police
            .send(
                Method::POST,
                &format!("/api/v1/memberships/{mid}/end"),
                json!({ "end_date": "2024-06-30", "reason": "discipline" }),
            )
            .await;
        assert_eq!(e["error"], "date_order", "{e}");
        let (_, e) = police
            .send(
                Method::POST,
                &format!("/api/v1/memberships/{mid}/end"),
                json!({ "end_date": "2025-12-01", "reason": "discipline" }),
            )
            .await;
        assert_eq!(e["error"], "discipline_needs_evidence");
        for day in ["2025-09-01", "2025-10-01"] {
            let (status, _) = police
                .send(
                    Method::POST,
                    &format!("/api/v1/memberships/{mid}/evidence"),
                    json!({ "kind": "written_reminder", "date": day }),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED);
        }
        let (status, e) = police
            .send(
                Method::POST,
                &format!("/api/v1/memberships/{mid}/end"),
                json!({ "end_date": "2025-12-01", "reason": "discipline" }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{e}");
        assert_eq!(e["rule"], "LAW-17.3c");
        // The report proposing the stop (Mẫu 07) names the ground and the dated reminders.
        let report = pdf_text(
            &police
                .download(&format!("/api/v1/memberships/{mid}/forms/mau-07.pdf"))
                .await,
        );
        assert!(report.contains("điểm c khoản 3 Điều 17"), "{report}");
        assert!(report.contains("Anh Minh Họa"), "{report}");
        assert!(
            report.contains("01/09/2025") && report.contains("01/10/2025"),
            "{report}"
        );
        assert!(
            report.contains("Nguyễn Văn Họa (minh họa)"),
            "signed by the police chief in office on 01/12/2025: {report}"
        );
        let decision = docx_text(
            &police
                .download(&format!("/api/v1/memberships/{mid}/forms/mau-08.docx"))
                .await,
        );
        assert!(
            decision.contains("QUYẾT ĐỊNH") && decision.contains("Anh Minh Họa"),
            "{decision}"
        );
        assert!(
            decision.contains("Ksor Minh (minh họa)"),
            "a decision not yet in the register names the chairman then in office: {decision}"
        );
        let setup = docx_text(
            &police
                .download(&format!("/api/v1/teams/{tid}/forms/mau-08.docx"))
                .await,
        );
        assert!(setup.contains("Số: 21/QĐ-UBND"), "{setup}");
        assert!(setup.contains("Tổ bảo vệ ANTT thôn Minh họa 5"), "{setup}");
        // The file is named for the paper, the commune, the team and the date.
        let res = police
            .http
            .get(police.url(&format!("/api/v1/teams/{tid}/forms/mau-08.pdf")))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.headers()["content-disposition"].to_str().unwrap(),
            "attachment; filename=\"mau-08-xa-ia-toi-to-bao-ve-antt-thon-minh-hoa-5-15-07-2025.pdf\""
        );
        let other = app.login("ca.iadal").await;
        assert_eq!(other.team(&tid, None).await.0, StatusCode::NOT_FOUND);
        assert_eq!(
            other
                .get(&format!("/api/v1/people/{}", a["id"].as_str().unwrap()))
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        let (_, list) = other.get("/api/v1/people?q=minh").await;
        assert!(
            list["people"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["commune"] == "23535"),
            "{list}"
        );
    }
}

#[tokio::test]
async fn the_member_list_downloads_as_a_spreadsheet_that_opens_back() {
    use calamine::Reader;
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let tid = team(&app, &police).await;
        let (_, p) = person(
            &police,
            "062092001122",
            "Rơ Mah Minh Họa",
            "1992-03-03",
            "male",
        )
        .await;
        police
            .add_membership(&membership(&p, &tid, "leader", "2025-07-15"))
            .await;
        let res = police
            .http
            .get(police.url("/api/v1/teams/export?commune=23538&date=2025-08-01"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(
            res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .contains("danh-sach-thanh-vien-xa-ia-toi-01-08-2025.xlsx"),
            "the file is named for the commune and the date"
        );
        let bytes = res.bytes().await.unwrap().to_vec();
        let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let print = book.worksheet_range("Danh sách").unwrap();
        let texts: Vec<String> = print
            .rows()
            .flat_map(|r| r.iter().map(|c| c.to_string()))
            .collect();
        for s in [
            "CÔNG AN XÃ IA TƠI",
            "Thành viên Tổ bảo vệ an ninh, trật tự xã Ia Tơi",
            "Tính đến ngày 01 tháng 8 năm 2025",
            "TRƯỞNG CÔNG AN XÃ",
        ] {
            assert!(texts.iter().any(|t| t == s), "{s:?} not printed: {texts:?}");
        }
        assert!(
            texts.iter().any(|t| t.starts_with("Cộng: ")),
            "a count under each team"
        );
        let sheet = book.worksheet_range("Dữ liệu").unwrap();
        let cell = |r: u32, c: u32| {
            sheet
                .get_value((r, c))
                .map(|v| v.to_string())
                .unwrap_or_default()
        };
        let row = (1..sheet.height() as u32)
            .find(|r| cell(*r, 8) == "062092001122")
            .expect("the new leader is listed");
        assert_eq!(cell(row, 4), "Rơ Mah Minh Họa");
        assert_eq!(cell(row, 12), "Tổ trưởng");
        assert_eq!(cell(row, 2), "Tổ bảo vệ ANTT thôn Minh họa 5");
        assert_eq!(cell(row, 1), "Xã Ia Tơi");
        assert_eq!(cell(row, 6), "1992", "the year of birth is a number");
        // The same list to print and sign, as PDF and Word.
        for (path, kind) in [
            ("/teams/export.pdf?commune=23538&date=2025-08-01", "pdf"),
            ("/teams/export.docx?commune=23538&date=2025-08-01", "docx"),
        ] {
            let bytes = police.download(path).await;
            let text = if kind == "pdf" {
                pdf_text(&bytes)
            } else {
                docx_text(&bytes)
            };
            for s in [
                "CÔNG AN XÃ IA TƠI",
                "DANH SÁCH",
                "Rơ Mah Minh Họa",
                "062092001122",
                "TRƯỞNG CÔNG AN XÃ",
            ] {
                assert!(text.contains(s), "{kind} lacks {s:?}: {text}");
            }
        }
        let other = app.login("ca.iadal").await;
        let res = other
            .http
            .get(other.url("/api/v1/teams/export?commune=23538"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::NOT_FOUND,
            "another commune's list stays out of reach"
        );
    }
}

#[tokio::test]
async fn a_new_health_certificate_clears_the_warning_and_is_audited_once() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let (_, demo) = police.get("/api/v1/people?q=062092000004").await;
        let pid = demo["people"][0]["id"].as_str().unwrap().to_string();
        let warned = |o: &Value| {
            o["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w["kind"] == "no_health_certificate" && w["person_id"] == pid.as_str())
        };
        let (_, before) = police.commune_overview("23538", Some("2026-11-01")).await;
        assert!(
            warned(&before),
            "the demo deputy has no certificate on file"
        );
        let count = app.audit_count().await;
        let (status, r) = police
            .send(
                Method::PATCH,
                &format!("/api/v1/people/{pid}"),
                json!({ "health_certificate_on": "2026-10-20", "phone": "0987 654 321" }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["outcome"], "changed");
        assert_eq!(app.audit_count().await, count + 1);
        let (_, again) = police
            .send(
                Method::PATCH,
                &format!("/api/v1/people/{pid}"),
                json!({ "health_certificate_on": "2026-10-20" }),
            )
            .await;
        assert_eq!(again["outcome"], "unchanged");
        assert_eq!(app.audit_count().await, count + 1, "{}", app.backend);
        let (_, after) = police.commune_overview("23538", Some("2026-11-01")).await;
        assert!(!warned(&after));
        let (status, e) = police
            .send(
                Method::PATCH,
                &format!("/api/v1/people/{pid}"),
                json!({ "health_certificate_on": "2027-01-01" }),
            )
            .await;
        assert_eq!(
            (status, e["error"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("date_in_future"))
        );
        let other = app.login("ca.iadal").await;
        let (status, _) = other
            .send(
                Method::PATCH,
                &format!("/api/v1/people/{pid}"),
                json!({ "phone": "0900000000" }),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn households_crossing_a_band_produce_a_proposal_citing_the_quota_rule() {
    for app in spawn_apps().await {
        let admin = app.login("admin").await;
        let police = app.login("ca.iatoi").await;
        let (_, before) = police
            .get("/api/v1/communes/23538/proposals?date=2026-06-01")
            .await;
        assert!(
            !before.to_string().contains("quota_changed"),
            "no change yet: {before}"
        );
        // Thôn Minh họa 1 grows from 305 to 460 households: one more step of 150 (DEMO-1).
        let (status, v) = admin
            .send(
                Method::PUT,
                "/api/v1/units/23538-01/facts",
                json!({ "valid_from": "2026-01-01", "households": 460, "population": 1700,
                        "flags": ["border", "mountainous", "ethnic_minority"] }),
            )
            .await;
        assert!(status.is_success(), "{v}");
        let (status, after) = police
            .get("/api/v1/communes/23538/proposals?date=2026-06-01")
            .await;
        assert_eq!(status, StatusCode::OK, "{after}");
        let items = after["proposals"].as_array().unwrap();
        let changed = items
            .iter()
            .find(|p| p["kind"] == "quota_changed" && p["team"] == "Tổ bảo vệ ANTT thôn Minh họa 1")
            .unwrap_or_else(|| panic!("{after}"));
        assert!(
            changed["message"].as_str().unwrap().contains("4–4"),
            "{changed}"
        );
        assert!(
            changed["message"].as_str().unwrap().contains("5–5"),
            "{changed}"
        );
        assert!(
            changed["rule"].as_str().unwrap().starts_with("DEMO-1"),
            "{changed}"
        );
        assert!(
            items.iter().any(
                |p| p["kind"] == "add_members" && p["team"] == "Tổ bảo vệ ANTT thôn Minh họa 1"
            ),
            "{after}"
        );
        assert!(
            items.iter().any(|p| p["kind"] == "set_up_team"),
            "Thôn Minh họa 4 has no team: {after}"
        );
    }
}

#[tokio::test]
async fn correcting_an_identity_checks_the_cccd_against_the_new_birth_date_and_keeps_the_reason() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let (_, p) = person(
            &police,
            "062092001144",
            "Nguyễn Văn Sửa",
            "1992-03-03",
            "male",
        )
        .await;
        let (_, other) = person(
            &police,
            "062093001155",
            "Trần Văn Khác",
            "1993-05-05",
            "male",
        )
        .await;
        assert!(other["id"].is_string());
        let path = format!("/api/v1/people/{}/identity", p["id"].as_str().unwrap());
        // The birth year was typed wrong; the CCCD's year digits say 1992.
        let (status, e) = police
            .send(
                Method::PUT,
                &path,
                json!({ "birth_date": "1993-03-03", "reason": "Sai năm sinh" }),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["error"], "cccd_year_mismatch");
        let (status, e) = police
            .send(Method::PUT, &path, json!({ "cccd": "062093001155", "birth_date": "1993-03-03", "reason": "Nhập nhầm" }))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["error"], "duplicate");
        assert!(
            e["message"].as_str().unwrap().contains("Trần Văn Khác"),
            "{e}"
        );
        let (status, e) = police
            .send(
                Method::PUT,
                &path,
                json!({ "full_name": "Nguyễn Văn Sữa", "reason": "" }),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a reason is required: {e}"
        );
        let audit_before = app.audit_count().await;
        let (status, ok) = police
            .send(
                Method::PUT,
                &path,
                json!({ "cccd": "062093001144", "birth_date": "1993-03-03",
                "reason": "Theo CCCD bản gốc, năm sinh 1993" }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{ok}");
        assert_eq!(ok["outcome"], "changed");
        assert_eq!(ok["person"]["cccd"], "062093001144");
        assert_eq!(app.audit_count().await, audit_before + 1);
        let (_, same) = police
            .send(
                Method::PUT,
                &path,
                json!({ "cccd": "062093001144", "reason": "Lặp lại" }),
            )
            .await;
        assert_eq!(same["outcome"], "unchanged");
        assert_eq!(
            app.audit_count().await,
            audit_before + 1,
            "a no-op records nothing"
        );
    }
}

#[tokio::test]
async fn signature_blocks_name_whoever_held_the_office_on_the_papers_date() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let url = "/api/v1/communes/23538/officials";
        // The demo's police chief changed with the reorganisation of 1/7/2025.
        let (status, before) = police.get(&format!("{url}?date=2025-06-30")).await;
        assert_eq!(status, StatusCode::OK, "{}: {before}", app.backend);
        assert_eq!(before["current"]["police_chief"], "Đinh Văn Thử (minh họa)");
        assert_eq!(before["current"]["chairman"], "Ksor Minh (minh họa)");
        let (_, now) = police.get(url).await;
        assert_eq!(now["current"]["police_chief"], "Nguyễn Văn Họa (minh họa)");
        let chiefs: Vec<&Value> = now["terms"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["office"] == "police_chief")
            .collect();
        assert_eq!(chiefs.len(), 2);
        assert_eq!(chiefs[0]["to"], "2025-06-30", "closed the day before");

        // The demo round's proposal is not sent yet: its Mẫu 05 is a draft of today, signed by
        // today's chief.
        let (_, rounds) = police.get("/api/v1/selection-rounds?commune=23538").await;
        let rid = rounds["rounds"][0]["id"].as_str().unwrap().to_string();
        let form = format!("/api/v1/selection-rounds/{rid}/forms/mau-05.pdf");
        let text = pdf_text(&police.download(&form).await);
        assert!(text.contains("Nguyễn Văn Họa (minh họa)"), "{text}");

        // A new chief from tomorrow; today's papers keep today's name.
        let audit_before = app.audit_count().await;
        let (status, after) = police
            .send(
                Method::POST,
                url,
                json!({ "office": "police_chief", "full_name": "Lê Văn Mới", "from": "2026-12-01" }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{after}");
        assert_eq!(after["outcome"], "changed");
        assert_eq!(
            after["current"]["police_chief"],
            "Nguyễn Văn Họa (minh họa)"
        );
        assert_eq!(app.audit_count().await, audit_before + 1);
        let (_, tomorrow) = police.get(&format!("{url}?date=2026-12-01")).await;
        assert_eq!(tomorrow["current"]["police_chief"], "Lê Văn Mới");
        let (_, same) = police
            .send(
                Method::POST,
                url,
                json!({ "office": "police_chief", "full_name": "Lê Văn Mới", "from": "2026-12-01" }),
            )
            .await;
        assert_eq!(same["outcome"], "unchanged");
        assert_eq!(
            app.audit_count().await,
            audit_before + 1,
            "a no-op records nothing"
        );

        // Terms are entered in order, the office is one of the two, the name is required.
        let (status, e) = police
            .send(
                Method::POST,
                url,
                json!({ "office": "police_chief", "full_name": "Phạm Văn Cũ", "from": "2025-01-01" }),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["error"], "before_current_term");
        assert!(e["message"].as_str().unwrap().contains("phải sau"), "{e}");
        let (_, e) = police
            .send(
                Method::POST,
                url,
                json!({ "office": "mayor", "full_name": "X", "from": "2026-12-01" }),
            )
            .await;
        assert_eq!(e["error"], "invalid_choice");
        let (_, e) = police
            .send(
                Method::POST,
                url,
                json!({ "office": "chairman", "full_name": " ", "from": "2026-12-01" }),
            )
            .await;
        assert_eq!(e["error"], "required");
        assert_eq!(
            app.audit_count().await,
            audit_before + 1,
            "refusals write nothing"
        );

        // Another commune's police neither read nor write Ia Tơi's offices.
        let other = app.login("ca.iadal").await;
        let (status, _) = other.get(url).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = other
            .send(
                Method::POST,
                url,
                json!({ "office": "chairman", "full_name": "Người Ngoài", "from": "2026-12-01" }),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // The teams page shows the holders and keeps the form's error beside it.
        let (_, page) = police.get_html("/teams?commune=23538").await;
        assert!(page.contains("Người ký văn bản") && page.contains("Nguyễn Văn Họa (minh họa)"));
        assert!(
            page.contains("value=\"Ksor Minh (minh họa)\""),
            "the register's signer starts as today's chairman"
        );
        let res = police
            .post_form(
                "/officials",
                &[
                    ("commune", "23538"),
                    ("office", "chairman"),
                    ("full_name", "Ksor Minh"),
                    ("from", "2024-06-01"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("phải sau ngày nhận nhiệm vụ")
        );
    }
}

#[tokio::test]
async fn tt14_4_2_the_police_propose_the_civil_defence_leader_as_team_leader_in_writing() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let (_, teams) = police.get("/api/v1/teams?commune=23538").await;
        let team_id = |name: &str| {
            teams["teams"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["name"] == name)
                .unwrap_or_else(|| panic!("{name} in {teams}"))["id"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let one = team_id("Tổ bảo vệ ANTT thôn Minh họa 1");
        let path = format!("/api/v1/teams/{one}/forms/de-nghi-dan-phong");
        let pdf = pdf_text(&police.download(&format!("{path}.pdf")).await);
        let docx = docx_text(&police.download(&format!("{path}.docx")).await);
        for text in [&pdf, &docx] {
            assert!(
                text.contains(
                    "Đề nghị công nhận Đội trưởng, Đội phó dân phòng là Tổ trưởng, Tổ phó"
                ),
                "{}: {text}",
                app.backend
            );
            assert!(text.contains("khoản 2 Điều 4 Thông tư số 14/2024/TT-BCA"));
            // The leader came from civil defence; the deputy was a neighbourhood guard.
            assert!(text.contains("Rơ Mah Minh Họa") && text.contains("062085000001"));
            assert!(!text.contains("Ksor Thị Minh Họa"), "{text}");
            // Signed by the chief in office when the team was set up (1/7/2024).
            assert!(text.contains("Đinh Văn Thử (minh họa)"), "{text}");
        }
        let two = team_id("Tổ bảo vệ ANTT thôn Minh họa 2 và làng Minh họa 3");
        let (status, e) = police
            .get(&format!("/api/v1/teams/{two}/forms/de-nghi-dan-phong.pdf"))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["error"], "no_civil_defence_leaders");
        let (_, page) = police.get_html(&format!("/teams/{one}")).await;
        assert!(page.contains("de-nghi-dan-phong.pdf"));
        let (_, page) = police.get_html(&format!("/teams/{two}")).await;
        assert!(!page.contains("de-nghi-dan-phong.pdf"));
    }
}

/// Issue 10: a role change and a transfer are actions tied to a decision, not stop reasons. The
/// membership ends the day before and the next one starts on the day, in one step; the history
/// keeps both; a change to the role already held is refused.
#[tokio::test]
async fn a_role_change_and_a_transfer_close_one_membership_and_open_the_next_the_next_day() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let tid = team(&app, &police).await;
        let (_, p) = person(
            &police,
            "062093004455",
            "Rơ Lan Minh Họa",
            "1993-05-05",
            "male",
        )
        .await;
        let (status, m) = police
            .add_membership(&membership(&p, &tid, "member", "2025-08-01"))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{m}");
        let mid = m["id"].as_str().unwrap().to_string();
        let (_, d) = police
            .create_decision(&DecisionBody {
                commune: "23538".into(),
                number: "31/QĐ-UBND".into(),
                signed_on: "2026-01-05".into(),
                signer: "Chủ tịch UBND xã (minh họa)".into(),
                kind: "other".into(),
                subject: "Công nhận Tổ phó".into(),
            })
            .await;
        let decision = d["id"].as_str().unwrap().to_string();
        let change = |body: Value| {
            let police = &police;
            let path = format!("/api/v1/memberships/{mid}/change");
            async move { police.send(Method::POST, &path, body).await }
        };
        let (status, e) =
            change(json!({ "on": "2026-01-05", "role": "member", "decision": decision })).await;
        assert_eq!(
            (status, e["error"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("same_role")),
            "{e}"
        );
        let (status, e) =
            change(json!({ "on": "2025-08-01", "role": "deputy", "decision": decision })).await;
        assert_eq!(
            e["error"], "date_order",
            "a change on the first day would end it before it began: {status} {e}"
        );
        let audit_before = app.audit_count().await;
        let (status, next) =
            change(json!({ "on": "2026-01-05", "role": "deputy", "decision": decision })).await;
        assert_eq!(status, StatusCode::CREATED, "{next}");
        assert_eq!(
            app.audit_count().await,
            audit_before + 1,
            "one labelled row"
        );
        let (_, person_now) = police
            .get(&format!("/api/v1/people/{}", p["id"].as_str().unwrap()))
            .await;
        let history = person_now["memberships"].as_array().unwrap();
        assert_eq!(history.len(), 2, "{person_now}");
        assert_eq!(history[0]["role"], "member");
        assert_eq!(history[0]["end_date"], "2026-01-04");
        assert_eq!(history[0]["end_reason"], "role_change");
        assert_eq!(history[1]["role"], "deputy");
        assert_eq!(history[1]["start_date"], "2026-01-05");
        assert_eq!(history[1]["end_date"], Value::Null);
        // On the day itself the team counts one deputy and no extra member.
        let (_, t) = police.team(&tid, Some("2026-01-05")).await;
        assert_eq!(t["staffing"]["deputies"], 1, "{t}");

        // A transfer to a demo team of the same commune, keeping the role.
        let (_, teams) = police
            .get("/api/v1/teams?commune=23538&date=2026-02-01")
            .await;
        let other = teams["teams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .find(|id| *id != tid)
            .unwrap();
        let moved_from = next["id"].as_str().unwrap().to_string();
        let (status, moved) = police
            .send(
                Method::POST,
                &format!("/api/v1/memberships/{moved_from}/change"),
                json!({ "on": "2026-02-01", "team": other, "decision": decision }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{moved}");
        let (_, person_now) = police
            .get(&format!("/api/v1/people/{}", p["id"].as_str().unwrap()))
            .await;
        let history = person_now["memberships"].as_array().unwrap();
        assert_eq!(history.len(), 3);
        assert_eq!(history[1]["end_reason"], "transfer");
        assert_eq!(history[2]["team_id"], other.as_str());
        assert_eq!(history[2]["role"], "deputy");
        // Without a decision nothing happens.
        let (status, e) = police
            .send(
                Method::POST,
                &format!(
                    "/api/v1/memberships/{}/change",
                    moved["id"].as_str().unwrap()
                ),
                json!({ "on": "2026-03-01", "role": "member", "decision": "" }),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    }
}

/// Issue 10: the people list stopped silently at 200 of 2,011 and sorted as strings ("117" after
/// "1169"). It answers the total beside a page of rows, pages on, and sorts in Vietnamese order
/// (the alphabet's own order — D before Đ — and numbers by value).
#[tokio::test]
async fn the_people_list_pages_with_its_total_in_vietnamese_order() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let names = [
            "Minh Họa Thứ Tự Đông",
            "Minh Họa Thứ Tự 1169",
            "Minh Họa Thứ Tự Dương",
            "Minh Họa Thứ Tự 117",
            "Minh Họa Thứ Tự 19",
        ];
        for (i, name) in names.iter().enumerate() {
            let (status, p) = person(
                &police,
                &format!("06209000120{i}"),
                name,
                "1990-01-01",
                "male",
            )
            .await;
            assert_eq!(status, StatusCode::CREATED, "{p}");
        }
        let (_, all) = police.get("/api/v1/people?q=minh%20hoa%20thu%20tu").await;
        assert_eq!(all["total"], 5, "{all}");
        let order: Vec<&str> = all["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["full_name"].as_str().unwrap())
            .collect();
        assert_eq!(
            order,
            [
                "Minh Họa Thứ Tự 19",
                "Minh Họa Thứ Tự 117",
                "Minh Họa Thứ Tự 1169",
                "Minh Họa Thứ Tự Dương",
                "Minh Họa Thứ Tự Đông",
            ]
        );
        let (_, page) = police
            .get("/api/v1/people?q=minh%20hoa%20thu%20tu&offset=2&limit=2")
            .await;
        assert_eq!(
            (page["total"].as_u64(), page["offset"].as_u64()),
            (Some(5), Some(2))
        );
        let names: Vec<&str> = page["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["full_name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Minh Họa Thứ Tự 1169", "Minh Họa Thứ Tự Dương"]);
        // The page says how many there are and links on.
        let (_, html) = police.get_html("/people?q=minh%20hoa%20thu%20tu").await;
        assert!(html.contains("Hiển thị 1–5 trong 5 người"), "{html}");
        let (_, teams) = police.get("/api/v1/teams?commune=23538").await;
        assert_eq!(
            teams["total"].as_u64(),
            Some(teams["teams"].as_array().unwrap().len() as u64)
        );
    }
}

/// Issue 10: `GET /api/v1/inbox` answers what the commune needs done, overdue first, each item
/// with its kind, urgency and what to open.
#[tokio::test]
async fn the_inbox_lists_the_communes_work_most_urgent_first() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let (status, inbox) = police.get("/api/v1/inbox").await;
        assert_eq!(status, StatusCode::OK, "{inbox}");
        let items = inbox["items"].as_array().unwrap();
        assert_eq!(inbox["total"].as_u64(), Some(items.len() as u64));
        assert!(
            items.iter().any(|i| i["kind"] == "village_without_team"
                && i["target"] == "unit"
                && i["target_id"] == "23537-01"),
            "{inbox}"
        );
        let step = items
            .iter()
            .find(|i| i["kind"] == "round_step")
            .expect("the demo round's next step");
        assert!(step["due"].is_string(), "{step}");
        let rank = |u: &str| {
            ["overdue", "this_week", "needs_decision", "to_do"]
                .iter()
                .position(|x| *x == u)
                .unwrap()
        };
        let ranks: Vec<usize> = items
            .iter()
            .map(|i| rank(i["urgency"].as_str().unwrap()))
            .collect();
        assert!(
            ranks.windows(2).all(|w| w[0] <= w[1]),
            "most urgent first: {ranks:?}"
        );
        // Another commune's police see none of Ia Tơi's work.
        let other = app.login("ca.iadal").await;
        let (_, theirs) = other.get("/api/v1/inbox").await;
        assert!(
            theirs["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| i["commune"] != "23538"),
            "{theirs}"
        );
    }
}

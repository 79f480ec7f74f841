//! A selection round walked from the plan to the decisions (TT 14/2024 Đ3–4), across Tết 2026.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Client, docx_text, pdf_text, spawn_apps};

async fn ok(c: &Client, path: &str, body: Value) -> Value {
    let (status, v) = c.send(Method::POST, path, body).await;
    assert!(status.is_success(), "{path}: {status} {v}");
    v
}

async fn refused(c: &Client, path: &str, body: Value) -> (String, String) {
    let (status, v) = c.send(Method::POST, path, body).await;
    assert!(
        status.is_client_error(),
        "{path} should be refused: {status} {v}"
    );
    let code = v["error"].as_str().unwrap_or_default().to_string();
    assert!(!v["message"].as_str().unwrap_or_default().is_empty(), "{v}");
    (code, v.to_string())
}

async fn applicant(c: &Client, cccd: &str, name: &str, born: &str, sex: &str) -> String {
    let p = ok(
        c,
        "/api/v1/people",
        json!({ "commune": "23538", "cccd": cccd, "full_name": name, "birth_date": born, "sex": sex,
            "ethnicity": "Gia Rai", "residence": "Thôn Minh họa 4, xã Ia Tơi", "residence_since": "2010-01-01",
            "education": "lower_secondary", "health_certificate_on": "2026-01-15", "household": "none" }),
    )
    .await;
    p["id"].as_str().unwrap().to_string()
}

async fn decision(c: &Client, number: &str, on: &str, kind: &str, subject: &str) -> String {
    let d = ok(
        c,
        "/api/v1/decisions",
        json!({ "commune": "23538", "number": number, "signed_on": on,
            "signer": "Chủ tịch UBND xã (minh họa)", "kind": kind, "subject": subject }),
    )
    .await;
    d["id"].as_str().unwrap().to_string()
}

fn step_status<'a>(round: &'a Value, step: &str) -> Option<&'a Value> {
    round["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["step"] == step)
}

#[tokio::test]
async fn tt14_a_full_selection_round_from_plan_to_decisions_across_tet() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let round = ok(&police, "/api/v1/selection-rounds", json!({
            "commune": "23538", "villages": ["23537-01"], "title": "Tuyển chọn Tổ viên thôn Minh họa 4 năm 2026",
            "quota": 2, "documents": "Đơn (Mẫu 01), sơ yếu lý lịch, giấy chứng nhận sức khỏe, bằng THCS",
            "place": "Trụ sở Công an xã Ia Tơi", "application_deadline": "2026-02-05", "meeting_on": "2026-02-12" }))
        .await;
        let rid = round["id"].as_str().unwrap().to_string();
        let base = format!("/api/v1/selection-rounds/{rid}");
        let a = applicant(
            &police,
            "062095000301",
            "Rơ Châm Minh Họa A",
            "1995-04-10",
            "male",
        )
        .await;
        let b = applicant(
            &police,
            "062198000302",
            "Ksor H' Minh Họa B",
            "1998-08-20",
            antt_domain::person::Sex::Female.as_str(),
        )
        .await;
        let c = applicant(
            &police,
            "062201000303",
            "Siu Minh Họa C",
            "2001-01-05",
            "male",
        )
        .await;
        let young = applicant(
            &police,
            "062208000304",
            "Rơ Lan Minh Họa D",
            "2008-06-01",
            "male",
        )
        .await;
        let partial = applicant(
            &police,
            "062099000305",
            "Nay Minh Họa E",
            "1999-03-03",
            "male",
        )
        .await;

        // An application before the plan is posted is refused, and nothing is written.
        let full =
            json!({ "form01": true, "cv": true, "health_certificate": true, "diploma": true });
        let (code, _) = refused(&police, &format!("{base}/applications"),
            json!({ "person": a, "submitted_on": "2026-01-22", "received_by": "Công an xã", "checklist": full })).await;
        assert_eq!(code, "application_outside_window");

        let plan = decision(
            &police,
            "105/QĐ-UBND",
            "2026-01-20",
            "other",
            "Phê duyệt kế hoạch tuyển chọn",
        )
        .await;
        ok(
            &police,
            &format!("{base}/steps"),
            json!({ "step": "plan_approved", "on": "2026-01-20", "decision": plan }),
        )
        .await;
        // Steps go in order.
        let (code, _) = refused(
            &police,
            &format!("{base}/steps"),
            json!({ "step": "list_approved", "on": "2026-02-06" }),
        )
        .await;
        assert_eq!(code, "step_out_of_order");
        ok(
            &police,
            &format!("{base}/steps"),
            json!({ "step": "plan_posted", "on": "2026-01-21" }),
        )
        .await;

        for (p, day, checklist) in [
            (&a, "2026-01-22", full.clone()),
            (&b, "2026-01-23", full.clone()),
            (&c, "2026-01-26", full.clone()),
            (&young, "2026-01-27", full.clone()),
            (
                &partial,
                "2026-02-05",
                json!({ "form01": true, "cv": true }),
            ),
        ] {
            ok(&police, &format!("{base}/applications"), json!({ "person": p, "village": "23537-01",
                "submitted_on": day, "received_by": "Trung úy Minh Họa, Công an xã", "checklist": checklist })).await;
        }
        let (code, _) = refused(&police, &format!("{base}/applications"),
            json!({ "person": a, "submitted_on": "2026-02-06", "received_by": "Công an xã", "checklist": full })).await;
        assert_eq!(code, "application_outside_window", "after the deadline");

        let (_, r) = police.get(&base).await;
        let apps = r["applications"].as_array().unwrap();
        let by = |id: &str| apps.iter().find(|x| x["person_id"] == id).unwrap().clone();
        assert_eq!(by(&a)["on_list"], true);
        let d = by(&young);
        assert_eq!(d["eligible"], false, "17 on the day he applied (LAW-13.1)");
        assert!(d["eligibility"]["reasons"].to_string().contains("LAW-13.1"));
        let e = by(&partial);
        assert_eq!(e["on_list"], false);
        assert_eq!(
            e["missing"],
            json!([
                "giấy chứng nhận sức khỏe",
                "bằng hoặc giấy xác nhận trình độ học vấn"
            ])
        );

        let (code, _) = refused(
            &police,
            &format!("{base}/steps"),
            json!({ "step": "list_approved", "on": "2026-02-05" }),
        )
        .await;
        assert_eq!(code, "list_before_deadline");
        ok(
            &police,
            &format!("{base}/steps"),
            json!({ "step": "list_approved", "on": "2026-02-06" }),
        )
        .await;
        ok(
            &police,
            &format!("{base}/steps"),
            json!({ "step": "list_posted", "on": "2026-02-09" }),
        )
        .await;

        let app_id = |p: &str| by(p)["id"].as_str().unwrap().to_string();
        let (ia, ib, ic) = (app_id(&a), app_id(&b), app_id(&c));
        let council = json!([
            { "full_name": "Phó Chủ tịch UBND xã Minh Họa", "role": "chair", "organisation": "UBND xã", "present": true },
            { "full_name": "Trưởng Công an xã Minh Họa", "role": "vice_chair", "organisation": "Công an xã", "present": true },
            { "full_name": "Bí thư Đoàn Minh Họa", "role": "member", "organisation": "Đoàn TNCS Hồ Chí Minh xã", "present": true },
            { "full_name": "Chủ tịch Hội LHPN Minh Họa", "role": "member", "organisation": "Hội LHPN xã", "present": true },
            { "full_name": "Chủ tịch Hội Nông dân Minh Họa", "role": "member", "organisation": "Hội Nông dân xã", "present": false },
            { "full_name": "Trưởng thôn Minh Họa 4", "role": "member", "organisation": "Thôn Minh họa 4", "present": true },
            { "full_name": "Công chức Minh Họa", "role": "secretary", "organisation": "UBND xã", "present": true },
        ]);
        // 6 of 7 present: a "yes" from more than half means 4 or more. Votes must cover the list.
        let (code, _) = refused(
            &police,
            &format!("{base}/vote"),
            json!({ "met_on": "2026-02-12", "method": "secret_ballot",
            "council": council, "votes": [{ "application": ia, "yes": 6 }] }),
        )
        .await;
        assert_eq!(code, "votes_must_match_list");
        let (code, _) = refused(&police, &format!("{base}/vote"), json!({ "met_on": "2026-02-12", "method": "secret_ballot",
            "council": council, "votes": [{ "application": ia, "yes": 7 }, { "application": ib, "yes": 5 }, { "application": ic, "yes": 5 }] })).await;
        assert_eq!(code, "votes_over_present");
        ok(&police, &format!("{base}/vote"), json!({ "met_on": "2026-02-12", "method": "secret_ballot",
            "council": council, "votes": [{ "application": ia, "yes": 6 }, { "application": ib, "yes": 5 }, { "application": ic, "yes": 5 }] })).await;
        let (_, r) = police.get(&base).await;
        assert_eq!(r["tally"]["needed"], 4);
        assert_eq!(r["tally"]["present"], 6);
        assert_eq!(r["tally"]["tie"]["places"], 1, "{}", r["tally"]);
        // The minutes wait for the decision on the tie.
        let (code, _) = refused(
            &police,
            &format!("{base}/steps"),
            json!({ "step": "minutes_signed", "on": "2026-02-12" }),
        )
        .await;
        assert_eq!(code, "tie_unresolved");
        let tie = decision(
            &police,
            "109/QĐ-UBND",
            "2026-02-12",
            "other",
            "Chọn người trúng tuyển khi bằng phiếu",
        )
        .await;
        let (code, _) = refused(
            &police,
            &format!("{base}/tie"),
            json!({ "decision": tie, "chosen": [ia] }),
        )
        .await;
        assert_eq!(code, "tie_choice_mismatch");
        ok(
            &police,
            &format!("{base}/tie"),
            json!({ "decision": tie, "chosen": [ic] }),
        )
        .await;
        ok(
            &police,
            &format!("{base}/steps"),
            json!({ "step": "minutes_signed", "on": "2026-02-12" }),
        )
        .await;

        // The proposal is due 5 working days after the minutes: Tết (14–22/2/2026) does not count.
        let (_, r) = police.get(&base).await;
        let due = step_status(&r, "proposal_sent").unwrap();
        assert_eq!(due["due"], "2026-02-26", "{due}");
        assert_eq!(due["overdue"], true, "today (30/11/2026) is past it");
        assert_eq!(r["overdue"], json!(["proposal_sent"]));
        let outcome = |id: &str| {
            r["tally"]["lines"]
                .as_array()
                .unwrap()
                .iter()
                .find(|l| l["candidate"] == id)
                .unwrap()["outcome"]
                .clone()
        };
        assert_eq!(outcome(&ia), "selected");
        assert_eq!(outcome(&ic), "selected");
        assert_eq!(outcome(&ib), "passed_over_quota");

        // Issue 10: no paper before its data. Mẫu 06 lists the proposed leader and deputy
        // (none yet) and Mẫu 08 names the team it sets up (this plan gave no name).
        for file in ["mau-06.pdf", "mau-08.docx"] {
            let (status, e) = police.get(&format!("{base}/forms/{file}")).await;
            assert_eq!(
                (status.as_u16(), e["error"].as_str()),
                (422, Some("form_not_ready")),
                "{file}: {e}"
            );
        }
        let (code, _) = refused(
            &police,
            &format!("{base}/proposal"),
            json!({ "on": "2026-02-26", "roles": [{ "application": ib, "role": "leader" }] }),
        )
        .await;
        assert_eq!(code, "role_not_selected");
        ok(&police, &format!("{base}/proposal"), json!({ "on": "2026-02-26",
            "roles": [{ "application": ia, "role": "leader" }, { "application": ic, "role": "deputy" }] })).await;
        // Who was proposed for which role is in the audit log, not only the step.
        let log = app
            .store
            .audit_entries(&antt_store::Actor::system("test"), None, None, 5)
            .await
            .unwrap();
        let proposal = log
            .iter()
            .find(|e| e.action == "selection.proposal")
            .unwrap();
        let roles: Vec<String> = proposal.after.as_ref().unwrap()["proposed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["role"].as_str().unwrap().to_string())
            .collect();
        assert!(
            roles.contains(&"leader".to_string()) && roles.contains(&"deputy".to_string()),
            "{roles:?}"
        );
        let (_, r) = police.get(&base).await;
        let due = step_status(&r, "decisions_signed").unwrap();
        assert_eq!(due["due"], "2026-03-05");
        assert_eq!(step_status(&r, "proposal_sent").unwrap()["late"], false);

        let establish = decision(
            &police,
            "112/QĐ-UBND",
            "2026-03-04",
            "team_establishment",
            "Thành lập Tổ bảo vệ ANTT thôn Minh họa 4 và công nhận thành viên",
        )
        .await;
        // Issue 10, wrong data accepted: the chairman's decision step (Mẫu 08, TT14-4.3) refuses
        // a date after today, a decision signed before the police's proposal (TT14-4.1), a
        // decision already used to set up another team, and a decision of another kind.
        let team_name = "Tổ bảo vệ ANTT thôn Minh họa 4";
        let (code, body) = refused(
            &police,
            &format!("{base}/decisions"),
            json!({ "on": "2026-12-02", "decision": establish, "team_name": team_name }),
        )
        .await;
        assert_eq!(code, "date_in_future", "{body}");
        let early = decision(
            &police,
            "111/QĐ-UBND",
            "2026-02-20",
            "team_establishment",
            "Ký trước đề nghị",
        )
        .await;
        let (code, _) = refused(
            &police,
            &format!("{base}/decisions"),
            json!({ "on": "2026-03-04", "decision": early, "team_name": team_name }),
        )
        .await;
        assert_eq!(code, "decision_before_proposal");
        let (_, teams) = police.get("/api/v1/teams?commune=23538").await;
        let used = teams["teams"]
            .as_array()
            .unwrap()
            .iter()
            .find_map(|t| t["decision"]["id"].as_str())
            .expect("a demo team of Ia Tơi has its decision on file")
            .to_string();
        let (code, body) = refused(
            &police,
            &format!("{base}/decisions"),
            json!({ "on": "2026-03-04", "decision": used, "team_name": team_name }),
        )
        .await;
        assert_eq!(code, "decision_already_used", "{body}");
        let stop = decision(&police, "113/QĐ-UBND", "2026-03-04", "stop", "Cho thôi").await;
        let (code, _) = refused(
            &police,
            &format!("{base}/decisions"),
            json!({ "on": "2026-03-04", "decision": stop, "team_name": team_name }),
        )
        .await;
        assert_eq!(code, "decision_wrong_kind");
        let (code, _) = refused(
            &police,
            &format!("{base}/decisions"),
            json!({ "on": "2026-03-04", "decision": establish }),
        )
        .await;
        assert_eq!(code, "round_has_no_team", "a new team needs its name");
        let audit_before = app.audit_count().await;
        let t = ok(&police, &format!("{base}/decisions"), json!({ "on": "2026-03-04", "decision": establish,
            "team_name": "Tổ bảo vệ ANTT thôn Minh họa 4", "workplace": "Nhà văn hóa thôn Minh họa 4" })).await;
        assert!(
            app.audit_count().await >= audit_before + 4,
            "step, team and two memberships audited"
        );
        let log = app
            .store
            .audit_entries(&antt_store::Actor::system("test"), None, None, 3)
            .await
            .unwrap();
        let linked = &log[0];
        assert_eq!(
            linked.action, "selection.decision",
            "the links are the last row"
        );
        let after = linked.after.as_ref().unwrap();
        assert_eq!(after["team"], t["team"]);
        assert_eq!(after["recognised"].as_array().unwrap().len(), 2);
        let (_, team) = police
            .team(t["team"].as_str().unwrap(), Some("2026-03-04"))
            .await;
        let mut members: Vec<(String, String)> = team["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["full_name"].as_str().unwrap().to_string(),
                    m["role"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        members.sort();
        assert_eq!(
            members,
            [
                ("Rơ Châm Minh Họa A".to_string(), "leader".to_string()),
                ("Siu Minh Họa C".to_string(), "deputy".to_string())
            ]
        );
        assert_eq!(team["decision"]["number"], "112/QĐ-UBND");
        // The forms, filled from the round, open back with their text.
        let forms = format!("{base}/forms");
        let f01 = docx_text(
            &police
                .download(&format!("{forms}/mau-01.docx?application={ia}"))
                .await,
        );
        assert!(
            f01.contains("Rơ Châm Minh Họa A") && f01.contains("062095000301"),
            "{f01}"
        );
        assert!(f01.contains("Kính gửi: Công an xã Ia Tơi"), "{f01}");
        let f02 = pdf_text(&police.download(&format!("{forms}/mau-02.pdf")).await);
        for name in ["Rơ Châm Minh Họa A", "Ksor H' Minh Họa B", "Siu Minh Họa C"] {
            assert!(f02.contains(name), "ballot lists {name}: {f02}");
        }
        assert!(
            !f02.contains("Rơ Lan Minh Họa D"),
            "not on the approved list"
        );
        for (file, text) in [
            (
                "mau-04.pdf",
                pdf_text(&police.download(&format!("{forms}/mau-04.pdf")).await),
            ),
            (
                "mau-04.docx",
                docx_text(&police.download(&format!("{forms}/mau-04.docx")).await),
            ),
        ] {
            assert!(text.contains("BIÊN BẢN"), "{file}: {text}");
            assert!(
                text.contains("Ia Tơi, ngày 12 tháng 02 năm 2026"),
                "{file}: {text}"
            );
            assert!(
                text.contains("Phó Chủ tịch UBND xã Minh Họa"),
                "{file}: chair"
            );
            assert!(
                text.contains("Quyết định số 109/QĐ-UBND"),
                "{file}: the tie decision"
            );
            assert!(text.contains("83,33"), "{file}: 5 of 6 present: {text}");
            assert!(!text.contains("%%"), "{file}");
            // Issue 10: a paper for signing carries no internal code, only the law in words.
            assert!(
                !text.contains("TT14-") && !text.contains("LAW-"),
                "{file}: an internal rule ID on the paper: {text}"
            );
            assert!(text.contains("Thông tư số 14/2024/TT-BCA"), "{file}");
        }
        let f05 = pdf_text(&police.download(&format!("{forms}/mau-05.pdf")).await);
        assert!(
            f05.contains("Rơ Châm Minh Họa A") && f05.contains("Siu Minh Họa C"),
            "{f05}"
        );
        assert!(!f05.contains("Ksor H' Minh Họa B"), "over the quota: {f05}");
        assert!(
            f05.contains("CÔNG AN TỈNH QUẢNG NGÃI"),
            "the commune police's governing agency, though the province is outside the user's scope: {f05}"
        );
        let f06 = docx_text(&police.download(&format!("{forms}/mau-06.docx")).await);
        assert!(f06.contains("Tổ trưởng") && f06.contains("Tổ phó"), "{f06}");
        for text in [
            pdf_text(&police.download(&format!("{forms}/mau-08.pdf")).await),
            docx_text(&police.download(&format!("{forms}/mau-08.docx")).await),
        ] {
            assert!(text.contains("Số: 112/QĐ-UBND"), "{text}");
            assert!(text.contains("Ia Tơi, ngày 04 tháng 3 năm 2026"), "{text}");
            assert!(
                text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                "{text}"
            );
            assert!(text.contains("Tổ bảo vệ ANTT thôn Minh họa 4"), "{text}");
            assert!(
                text.contains("Chủ tịch UBND xã (minh họa)"),
                "the signer: {text}"
            );
        }

        let (_, r) = police.get(&base).await;
        assert_eq!(r["next_step"], Value::Null);
        assert_eq!(r["overdue"], json!([]));
        assert_eq!(step_status(&r, "decisions_signed").unwrap()["late"], false);
    }
}

#[tokio::test]
async fn tt14_4_3_a_round_for_an_existing_team_recognises_its_new_members() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let (_, teams) = police
            .get("/api/v1/teams?commune=23538&date=2026-03-01")
            .await;
        let team = teams["teams"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == "Tổ bảo vệ ANTT thôn Minh họa 1")
            .unwrap()
            .clone();
        let before = team["members"].as_array().unwrap().len();
        let round = ok(&police, "/api/v1/selection-rounds", json!({
            "commune": "23538", "team": team["id"], "title": "Bổ sung Tổ viên thôn Minh họa 1",
            "quota": 1, "documents": "Đơn, lý lịch, giấy khám sức khỏe, bằng", "place": "Công an xã",
            "application_deadline": "2026-03-10", "meeting_on": "2026-03-16" }))
        .await;
        let base = format!("/api/v1/selection-rounds/{}", round["id"].as_str().unwrap());
        let (_, r) = police.get(&base).await;
        assert_eq!(
            r["villages"][0]["code"], "23538-01",
            "the team's villages: {r}"
        );
        ok(
            &police,
            &format!("{base}/steps"),
            json!({ "step": "plan_approved", "on": "2026-03-02" }),
        )
        .await;
        ok(
            &police,
            &format!("{base}/steps"),
            json!({ "step": "plan_posted", "on": "2026-03-02" }),
        )
        .await;
        let p = applicant(
            &police,
            "062096000311",
            "Rơ Mah Bổ Sung",
            "1996-06-06",
            "male",
        )
        .await;
        let full =
            json!({ "form01": true, "cv": true, "health_certificate": true, "diploma": true });
        let a = ok(
            &police,
            &format!("{base}/applications"),
            json!({ "person": p,
            "submitted_on": "2026-03-05", "received_by": "Công an xã", "checklist": full }),
        )
        .await;
        ok(
            &police,
            &format!("{base}/steps"),
            json!({ "step": "list_approved", "on": "2026-03-11" }),
        )
        .await;
        ok(
            &police,
            &format!("{base}/steps"),
            json!({ "step": "list_posted", "on": "2026-03-11" }),
        )
        .await;
        ok(
            &police,
            &format!("{base}/vote"),
            json!({ "met_on": "2026-03-16", "method": "show_of_hands",
            "council": [{ "full_name": "Chủ tịch HĐ", "role": "chair", "present": true },
                        { "full_name": "Thành viên HĐ", "role": "member", "present": true },
                        { "full_name": "Thư ký HĐ", "role": "secretary", "present": true }],
            "votes": [{ "application": a["id"], "yes": 2 }] }),
        )
        .await;
        ok(
            &police,
            &format!("{base}/steps"),
            json!({ "step": "minutes_signed", "on": "2026-03-16" }),
        )
        .await;
        ok(
            &police,
            &format!("{base}/proposal"),
            json!({ "on": "2026-03-18" }),
        )
        .await;
        let d = decision(
            &police,
            "130/QĐ-UBND",
            "2026-03-20",
            "recognition",
            "Công nhận Tổ viên thôn Minh họa 1",
        )
        .await;
        let done = ok(
            &police,
            &format!("{base}/decisions"),
            json!({ "on": "2026-03-20", "decision": d }),
        )
        .await;
        assert_eq!(done["team"], team["id"], "no new team");
        let (_, t) = police
            .team(team["id"].as_str().unwrap(), Some("2026-03-20"))
            .await;
        assert_eq!(t["members"].as_array().unwrap().len(), before + 1);
        let text = docx_text(&police.download(&format!("{base}/forms/mau-08.docx")).await);
        assert!(text.contains("Về việc công nhận thành viên"), "{text}");
        assert!(
            text.contains("Rơ Mah Bổ Sung") && text.contains("Số: 130/QĐ-UBND"),
            "{text}"
        );
    }
}

/// Issue 10: the team's name is asked at the plan, so the draft decision (Mẫu 08) names the team
/// it sets up before the decision step, instead of printing "thành lập ……".
#[tokio::test]
async fn tt14_3_1_a_plan_names_the_team_it_will_set_up_and_the_draft_decision_prints_it() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let round = ok(
            &police,
            "/api/v1/selection-rounds",
            json!({
            "commune": "23538", "villages": ["23537-01"], "title": "Tuyển chọn thôn Minh họa 4",
            "team_name": "Tổ bảo vệ ANTT thôn Minh họa 4 (mới)",
            "quota": 1, "documents": "Đơn (Mẫu 01)", "place": "Trụ sở Công an xã Ia Tơi",
            "application_deadline": "2026-02-05", "meeting_on": "2026-02-12" }),
        )
        .await;
        let rid = round["id"].as_str().unwrap();
        let (_, r) = police.get(&format!("/api/v1/selection-rounds/{rid}")).await;
        assert_eq!(
            r["new_team_name"], "Tổ bảo vệ ANTT thôn Minh họa 4 (mới)",
            "{r}"
        );
        let text = docx_text(
            &police
                .download(&format!("/api/v1/selection-rounds/{rid}/forms/mau-08.docx"))
                .await,
        );
        assert!(
            text.contains("Tổ bảo vệ ANTT thôn Minh họa 4 (mới)"),
            "{text}"
        );
        assert!(!text.contains("thành lập ……"), "{text}");
    }
}

//! The holes an attacker found, over HTTP: jurisdiction, tokens, logins, headers, search, names.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{anonymous, spawn_apps, spawn_non_demo_app};

#[tokio::test]
async fn a_province_administrator_gets_403_for_a_new_province_and_nothing_is_committed() {
    for app in spawn_apps().await {
        let qt = app.login("qt.quangngai").await;
        let before = app.audit_count().await;
        for code in ["79", "96", "97", "98"] {
            let (status, body) = qt
                .send(
                    Method::POST,
                    "/api/v1/units",
                    json!({ "code": code, "level": "province", "name": "Tỉnh thử", "kind": "tinh",
                            "valid_from": "2025-07-01" }),
                )
                .await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{}: {code} {body}",
                app.backend
            );
        }
        let admin = app.login("admin").await;
        let (_, found) = admin.get("/api/v1/units?q=79&level=province").await;
        assert!(
            found["units"]
                .as_array()
                .unwrap()
                .iter()
                .all(|u| u["unit"]["code"] != "79"),
            "{found}"
        );
        // Four refusals recorded (and a login); no unit written.
        assert_eq!(app.audit_count().await, before + 4 + 1, "{}", app.backend);
        // A province's administrator still creates a commune inside the province, and gets it back.
        let (status, created) = qt
            .send(
                Method::POST,
                "/api/v1/units",
                json!({ "code": "99991", "level": "commune", "name": "Xã Thử", "kind": "xa",
                        "parent": "51", "valid_from": "2025-07-01" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert_eq!(created["code"], "99991");
    }
}

#[tokio::test]
async fn a_province_administrator_cannot_change_the_national_calendar_over_http() {
    for app in spawn_apps().await {
        let qt = app.login("qt.quangngai").await;
        let (status, body) = qt
            .send(
                Method::PUT,
                "/api/v1/calendar/2031",
                json!({ "year": 2031, "tet": ["2031-01-22"], "source": "thử" }),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}: {body}", app.backend);
        let (_, year) = qt.get("/api/v1/calendar/2031").await;
        assert_ne!(year["source"], "thử", "{year}");
    }
}

#[tokio::test]
async fn tokens_are_revoked_by_their_owner_an_administrator_a_password_reset_and_logout_everywhere()
{
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let new_token = |name: &'static str| {
            let police = &police;
            async move {
                let (status, t) = police
                    .send(Method::POST, "/api/v1/tokens", json!({ "name": name }))
                    .await;
                assert_eq!(status, StatusCode::CREATED, "{t}");
                (
                    t["id"].as_str().unwrap().to_string(),
                    t["token"].as_str().unwrap().to_string(),
                )
            }
        };
        let program = reqwest::Client::new();
        let me = |token: String, scheme: &'static str| {
            let program = program.clone();
            let url = app.url("/api/v1/me");
            async move {
                program
                    .get(url)
                    .header("authorization", format!("{scheme} {token}"))
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        };
        let (id1, t1) = new_token("Bảng tính 1").await;
        assert_eq!(
            me(t1.clone(), "bearer").await,
            StatusCode::OK,
            "lower-case scheme"
        );
        assert_eq!(me(t1.clone(), "BEARER").await, StatusCode::OK);
        // A token cannot mint tokens.
        let res = program
            .post(app.url("/api/v1/tokens"))
            .bearer_auth(&t1)
            .json(&json!({ "name": "con" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"], "session_required");
        // Its owner revokes it.
        let (status, _) = police
            .send(Method::DELETE, &format!("/api/v1/tokens/{id1}"), json!({}))
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(me(t1, "Bearer").await, StatusCode::UNAUTHORIZED);
        // Another commune's officer cannot see or revoke it; the province's administrator can.
        let (id2, t2) = new_token("Bảng tính 2").await;
        let other = app.login("ca.iadal").await;
        let (status, _) = other
            .send(Method::DELETE, &format!("/api/v1/tokens/{id2}"), json!({}))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let qt = app.login("qt.quangngai").await;
        let (status, _) = qt
            .send(Method::DELETE, &format!("/api/v1/tokens/{id2}"), json!({}))
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{}", app.backend);
        assert_eq!(me(t2, "Bearer").await, StatusCode::UNAUTHORIZED);
        // A password reset revokes the tokens and ends the sessions.
        let (_, t3) = new_token("Bảng tính 3").await;
        let (_, users) = qt.get("/api/v1/users").await;
        let uid = users["users"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["username"] == "ca.iatoi")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let (status, body) = qt
            .send(
                Method::PATCH,
                &format!("/api/v1/users/{uid}"),
                json!({ "password": "mat-khau-moi-2026" }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(me(t3, "Bearer").await, StatusCode::UNAUTHORIZED);
        let (status, _) = police.get("/api/v1/me").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "the session ended too");
        // Log out everywhere: every session and token of the user.
        let again = app.login_with("ca.iatoi", "mat-khau-moi-2026").await;
        let second = app.login_with("ca.iatoi", "mat-khau-moi-2026").await;
        let (status, t4) = again
            .send(Method::POST, "/api/v1/tokens", json!({ "name": "4" }))
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, ended) = again
            .send(Method::DELETE, "/api/v1/sessions", json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{ended}");
        assert_eq!(ended["sessions_ended"], 2);
        assert_eq!(ended["tokens_revoked"], 1);
        assert_eq!(second.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(
            me(t4["token"].as_str().unwrap().to_string(), "Bearer").await,
            StatusCode::UNAUTHORIZED
        );
    }
}

#[tokio::test]
async fn a_lockout_shows_its_end_and_unknown_names_get_the_same_answers() {
    for app in spawn_apps().await {
        let http = anonymous();
        let mut known = Vec::new();
        let mut unknown = Vec::new();
        for _ in 0..6 {
            for (name, out) in [("ca.iadal", &mut known), ("khong.co.ai", &mut unknown)] {
                let res = http
                    .post(app.url("/api/v1/session"))
                    .json(&json!({ "username": name, "password": "sai-mat-khau" }))
                    .send()
                    .await
                    .unwrap();
                let status = res.status();
                let body: Value = res.json().await.unwrap();
                out.push((status, body["error"].as_str().unwrap().to_string()));
                if status == StatusCode::TOO_MANY_REQUESTS {
                    let msg = body["message"].as_str().unwrap();
                    assert!(msg.contains(" ngày ") && msg.contains("phút"), "{msg}");
                }
            }
        }
        assert_eq!(known, unknown, "{}", app.backend);
        assert_eq!(known[4].0, StatusCode::TOO_MANY_REQUESTS);
    }
}

#[tokio::test]
async fn pages_and_json_carry_the_security_headers() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        for path in ["/teams?commune=23538", "/api/v1/people?q=", "/login"] {
            let res = police.http.get(police.url(path)).send().await.unwrap();
            let h = res.headers();
            let csp = h["content-security-policy"].to_str().unwrap();
            assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
            assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
            assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
            assert_eq!(h["referrer-policy"], "same-origin", "{path}");
            assert_eq!(
                h["cache-control"], "no-store",
                "{path}: CCCD numbers are not cached"
            );
        }
        let res = police
            .http
            .get(police.url("/assets/htmx.min.js"))
            .send()
            .await
            .unwrap();
        assert!(
            res.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("max-age")
        );
    }
}

#[tokio::test]
async fn search_matches_percent_and_underscore_literally_and_refuses_a_nul_byte() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let (status, all) = police.get("/api/v1/units?q=").await;
        assert_eq!(status, StatusCode::OK);
        assert!(!all["units"].as_array().unwrap().is_empty());
        for q in ["%25", "_", "%25%25"] {
            let (status, hits) = police.get(&format!("/api/v1/units?q={q}")).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(
                hits["units"],
                json!([]),
                "{}: «{q}» is not a wildcard",
                app.backend
            );
            let (_, people) = police.get(&format!("/api/v1/people?q={q}")).await;
            assert_eq!(people["people"], json!([]), "{q}: {people}");
        }
        for path in ["/api/v1/units?q=ia%00", "/api/v1/people?q=ia%00"] {
            let (status, body) = police.get(path).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {body}");
            assert_eq!(body["error"], "control_character");
        }
    }
}

#[tokio::test]
async fn a_round_id_that_is_not_a_uuid_is_not_found() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let (status, body) = police.get("/api/v1/selection-rounds/0").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        assert_eq!(body["error"], "not_found");
    }
}

#[tokio::test]
async fn a_name_with_a_bidirectional_override_or_a_zero_width_character_is_refused() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let before = app.audit_count().await;
        for name in ["Nguyễn \u{202E}nờV A", "Nguyễn\u{200B}Văn A"] {
            let (status, body) = police
                .send(
                    Method::POST,
                    "/api/v1/people",
                    json!({ "commune": "23538", "cccd": "062092001199", "full_name": name,
                            "birth_date": "1992-03-03", "sex": "male", "ethnicity": "Gia Rai",
                            "residence": "Thôn Minh họa 2", "education": "primary" }),
                )
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert_eq!(body["error"], "bidi_control");
            assert_eq!(body["field"], "full_name");
            assert!(body["message"].as_str().unwrap().contains("U+202E"));
        }
        assert_eq!(app.audit_count().await, before);
    }
}

#[tokio::test]
async fn every_page_of_a_demo_installation_carries_the_minh_hoa_band() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        for path in ["/teams?commune=23538", "/units", "/account", "/selection"] {
            let (status, html) = police.get_html(path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert!(
                html.contains(r#"<div class="demo-band" role="note">MINH HỌA"#),
                "{path}"
            );
        }
        let login = anonymous()
            .get(app.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(login.contains("demo-band"), "even before logging in");
        let (_, json) = police.get("/api/v1/me").await;
        assert!(
            !json.to_string().contains("demo-band"),
            "JSON is left as it is"
        );
    }
    let real = spawn_non_demo_app().await;
    let police = real.login("ca.iatoi").await;
    let (_, html) = police.get_html("/teams?commune=23538").await;
    assert!(
        !html.contains("demo-band"),
        "an installation that is not a demo has no band"
    );
}

#[tokio::test]
async fn the_audit_page_names_every_action_including_the_security_events() {
    for app in spawn_apps().await {
        let _ = anonymous()
            .post(app.url("/api/v1/session"))
            .json(&json!({ "username": "ca.iatoi", "password": "sai-mat-khau" }))
            .send()
            .await
            .unwrap();
        let admin = app.login("admin").await;
        let (status, html) = admin.get_html("/audit").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("Đăng nhập sai") && html.contains(">Đăng nhập<"),
            "{}",
            app.backend
        );
        assert!(!html.contains("Thay đổi khác"), "every action has its name");
        // Every row the demo and this test wrote has a named action.
        let rows = app
            .store
            .audit_entries(&antt_store::Actor::system("test"), None, None, 500)
            .await
            .unwrap();
        assert!(rows.len() > 50);
        for e in &rows {
            assert!(
                antt_store::audit_action::AuditAction::parse(&e.action).is_some(),
                "{} has no name",
                e.action
            );
        }
    }
}

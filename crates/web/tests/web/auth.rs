use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, anonymous, spawn_apps};

#[tokio::test]
async fn a_cookie_request_without_the_csrf_token_is_refused_and_writes_nothing() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let before = app.audit_count().await;
        let res = police
            .http
            .put(police.url("/api/v1/units/23538-01/facts"))
            .json(&json!({ "valid_from": "2026-01-01", "households": 999 }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert_eq!(res.json::<Value>().await.unwrap()["error"], "csrf");
        let form = police
            .http
            .post(police.url("/units/23538-01/facts"))
            .form(&[
                ("valid_from", "2026-01-01"),
                ("households", "999"),
                ("csrf", "sai"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(form.status(), StatusCode::FORBIDDEN);
        assert_eq!(app.audit_count().await, before, "{}", app.backend);
        let ok = police
            .post_form(
                "/units/23538-01/facts",
                &[("valid_from", "2026-01-01"), ("households", "999")],
            )
            .await;
        assert_eq!(ok.status(), StatusCode::SEE_OTHER);
        assert_eq!(app.audit_count().await, before + 1);
    }
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site() {
    for app in spawn_apps().await {
        let res = anonymous()
            .post(app.url("/api/v1/session"))
            .json(&json!({ "username": "ca.iatoi", "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        let cookie = res
            .headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(cookie.starts_with("antt_session="));
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
    }
}

#[tokio::test]
async fn five_wrong_passwords_throttle_the_login() {
    for app in spawn_apps().await {
        let http = anonymous();
        let mut last = StatusCode::OK;
        for _ in 0..5 {
            last = http
                .post(app.url("/api/v1/session"))
                .json(&json!({ "username": "ca.iadal", "password": "sai-mat-khau" }))
                .send()
                .await
                .unwrap()
                .status();
        }
        assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
        let res = http
            .post(app.url("/api/v1/session"))
            .json(&json!({ "username": "ca.iadal", "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"], "login_throttled");
        assert!(body["message"].as_str().unwrap().contains("phút"));
    }
}

#[tokio::test]
async fn an_api_token_acts_as_its_user_without_a_cookie_or_csrf() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let (status, res) = police
            .send(
                Method::POST,
                "/api/v1/tokens",
                json!({ "name": "Bảng tính xã" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let token = res["token"].as_str().unwrap().to_string();
        let program = reqwest::Client::new();
        let me: Value = program
            .get(app.url("/api/v1/me"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(me["username"], "ca.iatoi");
        let write = program
            .put(app.url("/api/v1/units/23538-02/facts"))
            .bearer_auth(&token)
            .json(&json!({ "valid_from": "2026-01-01", "households": 200 }))
            .send()
            .await
            .unwrap();
        assert_eq!(write.status(), StatusCode::OK);
        let other = program
            .get(app.url("/api/v1/units/23535"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(
            other.status(),
            StatusCode::NOT_FOUND,
            "a token carries its user's scope"
        );
        let bad = program
            .get(app.url("/api/v1/me"))
            .bearer_auth("antt_khong_dung")
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status(), StatusCode::UNAUTHORIZED);
    }
}

use reqwest::StatusCode;

use crate::helpers::{PASSWORD, anonymous, spawn_apps};

fn csrf_in(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    html[at..].split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn a_user_logs_in_through_the_form_and_finds_ia_dal_without_accents() {
    for app in spawn_apps().await {
        let http = anonymous();
        let res = http.get(app.url("/units")).send().await.unwrap();
        assert_eq!(res.headers()["location"], "/login");
        let login = http
            .get(app.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(login.contains("Đăng nhập"));
        let csrf = csrf_in(&login);
        let wrong = http
            .post(app.url("/login"))
            .form(&[
                ("username", "ca.iadal"),
                ("password", "sai"),
                ("csrf", csrf.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
        assert!(
            wrong
                .text()
                .await
                .unwrap()
                .contains("Sai tên đăng nhập hoặc mật khẩu")
        );
        let ok = http
            .post(app.url("/login"))
            .form(&[
                ("username", "ca.iadal"),
                ("password", PASSWORD),
                ("csrf", csrf.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), StatusCode::SEE_OTHER);
        let page = http
            .get(app.url("/units?q=ia+dal"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("Xã Ia Đal"), "{}", app.backend);
        let fragment = http
            .get(app.url("/units?q=IA+%C4%90AL"))
            .header("hx-request", "true")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(fragment.starts_with("<div id=\"results\">") && fragment.contains("Xã Ia Đal"));
    }
}

#[tokio::test]
async fn the_login_form_needs_its_own_token() {
    for app in spawn_apps().await {
        let res = anonymous()
            .post(app.url("/login"))
            .form(&[("username", "ca.iadal"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn the_unit_page_shows_history_and_a_bad_facts_form_names_the_field() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let (status, html) = police.get_html("/units/23537-01?date=2025-06-30").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("Thôn Minh họa 1 (Ia Dom)") && html.contains("Xã Ia Dom"),
            "{html}"
        );
        assert!(html.contains("MINH HỌA"), "demo figures are marked");
        let (_, today) = police.get_html("/units/23537-01").await;
        assert!(today.contains("Thôn Minh họa 4") && today.contains("Cập nhật số liệu thôn"));
        let before = app.audit_count().await;
        let res = police
            .post_form(
                "/units/23537-01/facts",
                &[("valid_from", "2026-01-01"), ("households", "mười")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = res.text().await.unwrap();
        assert!(
            body.contains("Số hộ: phải là số nguyên không âm."),
            "the form names the field"
        );
        assert_eq!(app.audit_count().await, before);
        let (status, _) = police.get_html("/users").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn an_administrator_creates_a_user_through_the_pages() {
    for app in spawn_apps().await {
        let admin = app.login("qt.quangngai").await;
        let (_, list) = admin.get_html("/users").await;
        assert!(list.contains("ca.iatoi") && !list.contains(">admin<"));
        let res = admin
            .post_form(
                "/users",
                &[
                    ("username", "ubnd.iadal"),
                    ("display_name", "Lê Văn Cường"),
                    ("password", "mat-khau-dai-2"),
                    ("roles", "commune_chair"),
                    ("scope", "23535"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let bad = admin
            .post_form(
                "/users",
                &[
                    ("username", "x"),
                    ("display_name", "X"),
                    ("password", "ngan"),
                    ("roles", "commune_chair"),
                    ("scope", "23535"),
                ],
            )
            .await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.text().await.unwrap().contains("Tên đăng nhập"));
        let chair = app.login_with("ubnd.iadal", "mat-khau-dai-2").await;
        assert_eq!(chair.get("/api/v1/units/23535").await.0, StatusCode::OK);
    }
}

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::spawn_apps;

async fn expect_refused(
    app: &crate::helpers::TestApp,
    c: &crate::helpers::Client,
    method: Method,
    path: &str,
    body: Value,
    code: &str,
    field: Option<&str>,
) {
    let before = app.audit_count().await;
    let (status, res) = c.send(method, path, body.clone()).await;
    assert!(
        status.is_client_error(),
        "{}: {path} {body}: {status}",
        app.backend
    );
    assert_eq!(res["error"], code, "{}: {body} → {res}", app.backend);
    if let Some(f) = field {
        assert_eq!(res["field"], f, "{res}");
    }
    let msg = res["message"].as_str().unwrap();
    assert!(
        msg.chars()
            .any(|c| "ăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ".contains(c)),
        "Vietnamese message: {msg}"
    );
    assert!(
        !msg.contains("Error") && !msg.contains("sqlx"),
        "no internal text: {msg}"
    );
    assert_eq!(
        app.audit_count().await,
        before,
        "{}: nothing written for {body}",
        app.backend
    );
}

#[tokio::test]
async fn each_kind_of_bad_input_gets_a_vietnamese_error_with_a_stable_code_and_writes_nothing() {
    for app in spawn_apps().await {
        let admin = app.login("admin").await;
        let unit = |code: &str, name: &str, kind: &str, parent: &str, from: &str| json!({ "code": code, "level": "commune", "name": name, "kind": kind, "parent": parent, "valid_from": from });
        expect_refused(
            &app,
            &admin,
            Method::POST,
            "/api/v1/units",
            unit("2353", "Xã Mới", "xa", "51", "2026-01-01"),
            "invalid_code",
            Some("code"),
        )
        .await;
        expect_refused(
            &app,
            &admin,
            Method::POST,
            "/api/v1/units",
            unit("23535", "Xã Ia Đal", "xa", "51", "2026-01-01"),
            "duplicate",
            Some("code"),
        )
        .await;
        expect_refused(
            &app,
            &admin,
            Method::POST,
            "/api/v1/units",
            unit("23990", "Xã Mới", "xa", "51", "31/02/2026"),
            "invalid_date",
            Some("valid_from"),
        )
        .await;
        expect_refused(
            &app,
            &admin,
            Method::POST,
            "/api/v1/units",
            unit("23990", &"Ơ".repeat(201), "xa", "51", "2026-01-01"),
            "too_long",
            Some("name"),
        )
        .await;
        expect_refused(
            &app,
            &admin,
            Method::POST,
            "/api/v1/units",
            unit("23990", "Xã Mới", "thon", "51", "2026-01-01"),
            "level_mismatch",
            Some("kind"),
        )
        .await;
        expect_refused(
            &app,
            &admin,
            Method::POST,
            "/api/v1/units",
            unit("23990", "Xã Mới", "xa", "99", "2026-01-01"),
            "unit_not_found",
            Some("parent"),
        )
        .await;
        let mut backwards = unit("23990", "Xã Mới", "xa", "51", "2026-01-01");
        backwards["valid_to"] = json!("2025-12-31");
        expect_refused(
            &app,
            &admin,
            Method::POST,
            "/api/v1/units",
            backwards,
            "date_order",
            Some("valid_to"),
        )
        .await;
        expect_refused(
            &app, &admin, Method::POST, "/api/v1/units/23538/versions",
            json!({ "name": "Xã Ia Tơi", "kind": "xa", "parent": "51", "valid_from": "2025-08-01", "close_open": false }),
            "overlapping_validity", Some("valid_from"),
        ).await;
        expect_refused(
            &app, &admin, Method::POST, "/api/v1/units/23538/versions",
            json!({ "name": "Xã Ia Tơi", "kind": "xa", "parent": "23538-01", "valid_from": "2026-01-01" }),
            "hierarchy_cycle", Some("parent"),
        ).await;
        expect_refused(
            &app,
            &admin,
            Method::PUT,
            "/api/v1/units/23538-01/facts",
            json!({ "valid_from": "2026-01-01", "households": -5 }),
            "invalid_number",
            Some("households"),
        )
        .await;
        expect_refused(
            &app,
            &admin,
            Method::PUT,
            "/api/v1/units/23538-01/facts",
            json!({ "valid_from": "2026-01-01", "flags": ["biên giới"] }),
            "invalid_choice",
            Some("flags"),
        )
        .await;
        expect_refused(
            &app,
            &admin,
            Method::PUT,
            "/api/v1/units/23538-01/facts",
            json!({ "households": 3 }),
            "invalid_json",
            None,
        )
        .await;

        let before = app.audit_count().await;
        let raw = admin
            .http
            .post(admin.url("/api/v1/units"))
            .header("x-csrf-token", &admin.csrf)
            .header("content-type", "application/json")
            .body(b"{\"code\":\"23990\",\"name\":\"X\xff\xfe\"}".to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(raw.status(), StatusCode::BAD_REQUEST);
        let body: Value = raw.json().await.unwrap();
        assert_eq!(body["error"], "invalid_utf8");
        let broken = admin
            .http
            .post(admin.url("/api/v1/units"))
            .header("x-csrf-token", &admin.csrf)
            .header("content-type", "application/json")
            .body("{\"code\": ")
            .send()
            .await
            .unwrap();
        assert_eq!(broken.status(), StatusCode::BAD_REQUEST);
        assert_eq!(
            broken.json::<Value>().await.unwrap()["error"],
            "invalid_json"
        );
        assert_eq!(app.audit_count().await, before);
        let (status, res) = admin.get("/api/v1/units/tree?date=hom-qua").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res["error"], "invalid_date");
    }
}

#[tokio::test]
async fn a_village_facts_write_is_audited_and_repeating_it_records_nothing() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let chair = app.login("ubnd.iatoi").await;
        let body = json!({ "valid_from": "01/01/2026", "households": "1.250", "population": 4100,
                           "area_ha": "3120,5", "flags": ["border", "key_security"], "source": "Báo cáo thôn" });
        let (status, res) = police
            .send(Method::PUT, "/api/v1/units/23538-01/facts", body.clone())
            .await;
        assert_eq!(status, StatusCode::OK, "{res}");
        assert_eq!(res["outcome"], "changed");
        assert_eq!(res["facts"][1]["households"], 1250);
        assert_eq!(res["facts"][1]["area_centi_ha"], 312050);
        let (_, audit) = chair.audit(Some(1)).await;
        let entry = &audit["entries"][0];
        assert_eq!(entry["action"], "village_facts.set");
        assert!(entry["actor"].as_str().unwrap().starts_with("ca.iatoi"));
        assert_eq!(entry["before"][0]["households"], 305);
        let count = app.audit_count().await;
        let (_, res) = police
            .send(Method::PUT, "/api/v1/units/23538-01/facts", body)
            .await;
        assert_eq!(res["outcome"], "unchanged");
        assert_eq!(
            app.audit_count().await,
            count,
            "{}: a no-op leaves no audit row",
            app.backend
        );
    }
}

#[tokio::test]
async fn an_administrator_records_a_rename_and_a_succession_through_the_api() {
    for app in spawn_apps().await {
        let admin = app.login("admin").await;
        let (status, res) = admin
            .send(
                Method::POST,
                "/api/v1/units",
                json!({ "code": "23538-04", "level": "village", "name": "Thôn Mới",
                    "kind": "thon", "parent": "23538", "valid_from": "2026-01-01" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{res}");
        let (status, res) = admin
            .send(
                Method::POST,
                "/api/v1/units/23538-04/versions",
                json!({ "name": "Thôn Mới Đổi Tên", "kind": "thon",
                    "parent": "23538", "valid_from": "2026-06-01", "basis": "QĐ minh họa" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{res}");
        assert_eq!(res["versions"][0]["valid_to"], "2026-05-31");
        let (status, _) = admin
            .send(
                Method::POST,
                "/api/v1/successions",
                json!({ "kind": "merge", "date": "2026-07-01", "basis": "QĐ minh họa",
                    "predecessors": ["23538-03", "23538-04"], "successors": ["23538-04"] }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (_, succ) = admin.get("/api/v1/units/23538-03/successors").await;
        assert_eq!(succ["successors"][0]["code"], "23538-04");
        let (status, res) = admin
            .send(
                Method::POST,
                "/api/v1/successions",
                json!({ "kind": "merge", "date": "2026-07-01", "basis": "x",
                    "predecessors": ["23538-03"], "successors": ["23538-04"] }),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a merger needs two predecessors: {res}"
        );
    }
}

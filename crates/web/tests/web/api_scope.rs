use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{anonymous, spawn_apps};

fn codes(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["code"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn every_documented_route_exists_and_refuses_a_request_without_login() {
    let doc: Value = serde_json::from_str(antt_web::openapi::json()).unwrap();
    for app in spawn_apps().await {
        let http = anonymous();
        let served: Value = http
            .get(app.url("/api/v1/openapi.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(served, doc, "the served document is the committed one");
        let mut checked = 0;
        for (path, ops) in doc["paths"].as_object().unwrap() {
            for (method, op) in ops.as_object().unwrap() {
                let public = op
                    .get("security")
                    .is_some_and(|s| s.as_array().unwrap().is_empty());
                let concrete = path.replace("{id}", "23538");
                let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let res = http
                    .request(m, app.url(&format!("/api/v1{concrete}")))
                    .header("content-type", "application/json")
                    .body("{}")
                    .send()
                    .await
                    .unwrap();
                let status = res.status();
                if public {
                    assert_ne!(status, StatusCode::NOT_FOUND, "{method} {path}");
                    assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
                } else {
                    assert_eq!(
                        status,
                        StatusCode::UNAUTHORIZED,
                        "{}: {method} {path}",
                        app.backend
                    );
                    let body: Value = res.json().await.unwrap();
                    assert_eq!(body["error"], "unauthenticated");
                }
                checked += 1;
            }
        }
        assert!(checked >= 20, "{checked} operations documented");
        let health: Value = http
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(health["status"], "ok");
        assert_eq!(health["database"], app.backend);
    }
}

#[tokio::test]
async fn a_commune_user_cannot_reach_another_commune_through_any_endpoint() {
    for app in spawn_apps().await {
        let ia_dal = app.login("ca.iadal").await;
        let admin = app.login("admin").await;
        let (_, toi) = admin.get("/api/v1/units/23538").await;
        let toi_uuid = toi["id"].as_str().unwrap().to_string();
        for path in [
            "/api/v1/units/23538".to_string(),
            format!("/api/v1/units/{toi_uuid}"),
            "/api/v1/units/23538/rollup".into(),
            "/api/v1/units/23538/successors".into(),
            "/api/v1/units/23538-01".into(),
            "/api/v1/units/51".into(),
            "/api/v1/units/00000000-0000-7000-8000-000000000000".into(),
        ] {
            let (status, body) = ia_dal.get(&path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{}: {path}", app.backend);
            assert_eq!(
                body["error"], "not_found",
                "absent and forbidden look the same"
            );
        }
        let before = app.audit_count().await;
        let (status, _) = ia_dal
            .send(
                Method::PUT,
                "/api/v1/units/23538-01/facts",
                json!({ "valid_from": "2026-01-01", "households": 1 }),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = ia_dal
            .send(
                Method::POST,
                "/api/v1/units/23538/versions",
                json!({ "name": "X", "kind": "xa", "valid_from": "2026-01-01" }),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "only administrators add versions"
        );
        assert_eq!(app.audit_count().await, before, "nothing written");
        let (_, tree) = ia_dal.get("/api/v1/units/tree?date=2026-01-01").await;
        assert_eq!(codes(&tree, "tree"), ["23535"]);
        let (_, hits) = ia_dal.get("/api/v1/units?q=minh%20hoa").await;
        assert!(
            codes(&hits, "units")
                .iter()
                .all(|c| c.starts_with("23535-")),
            "{hits}"
        );
        assert_eq!(ia_dal.get("/api/v1/users").await.0, StatusCode::FORBIDDEN);
        assert_eq!(ia_dal.get("/api/v1/audit").await.0, StatusCode::FORBIDDEN);
        let (status, html) = ia_dal.get_html("/units/23538").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(!html.contains("Ia Tơi"), "the page does not leak the name");
    }
}

#[tokio::test]
async fn a_district_user_sees_the_three_old_communes_but_not_the_province() {
    for app in spawn_apps().await {
        let district = app.login("ca.iahdrai").await;
        let (_, tree) = district.get("/api/v1/units/tree?date=2025-06-30").await;
        assert_eq!(codes(&tree, "tree"), ["618"]);
        let communes: Vec<&str> = tree["tree"][0]["children"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["code"].as_str().unwrap())
            .collect();
        assert_eq!(communes, ["23535", "23537", "23538"]);
        assert_eq!(district.get("/api/v1/units/23537").await.0, StatusCode::OK);
        assert_eq!(
            district.get("/api/v1/units/51").await.0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            district.get("/api/v1/units/62").await.0,
            StatusCode::NOT_FOUND
        );
        let (_, chair_audit) = app
            .login("ubnd.iatoi")
            .await
            .get("/api/v1/audit?limit=500")
            .await;
        for e in chair_audit["entries"].as_array().unwrap() {
            assert!(
                e["unit_id"].is_string(),
                "rows about no unit stay with national administrators"
            );
        }
    }
}

#[tokio::test]
async fn a_provincial_administrator_manages_only_users_inside_the_province() {
    for app in spawn_apps().await {
        let national = app.login("admin").await;
        let (_, all) = national.get("/api/v1/users").await;
        let root_id = all["users"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["username"] == "admin")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let qn = app.login("qt.quangngai").await;
        let (_, users) = qn.get("/api/v1/users").await;
        let names: Vec<&str> = users["users"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["username"].as_str().unwrap())
            .collect();
        assert!(
            names.contains(&"ca.iatoi") && !names.contains(&"admin"),
            "{names:?}"
        );
        assert_eq!(
            qn.get(&format!("/api/v1/users/{root_id}")).await.0,
            StatusCode::NOT_FOUND
        );
        let (status, _) = qn
            .send(
                Method::PATCH,
                &format!("/api/v1/users/{root_id}"),
                json!({ "active": false }),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, body) = qn
            .send(
                Method::POST,
                "/api/v1/users",
                json!({ "username": "ca.iadal2", "display_name": "Trần Thị Bình", "password": "mat-khau-dai-1",
                        "roles": ["commune_police"], "scope": ["23535"] }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["scope"][0]["code"], "23535");
        let (status, body) = qn
            .send(
                Method::POST,
                "/api/v1/users",
                json!({ "username": "toanquoc", "display_name": "X", "password": "mat-khau-dai-1",
                        "roles": ["admin"], "all_units": true }),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["field"], "scope");
        let newcomer = app.login_with("ca.iadal2", "mat-khau-dai-1").await;
        assert_eq!(newcomer.get("/api/v1/units/23535").await.0, StatusCode::OK);
        assert_eq!(
            newcomer.get("/api/v1/units/23538").await.0,
            StatusCode::NOT_FOUND
        );
    }
}

/// The `(method, path)` pairs routed under `/api/v1`, read from the router's source: every
/// `.route("…", get(…).post(…))` between `let api = Router::new()` and its fallback.
fn routed_api_operations() -> Vec<(String, String)> {
    // The router's own operations, and each capability's `api_routes()` it merges.
    let lib = include_str!("../../src/lib.rs");
    let start = lib.find("let api = Router::new()").unwrap();
    let end = start + lib[start..].find(".fallback(api::not_found)").unwrap();
    let mut block = lib[start..end].to_string();
    let merged = block.matches(".merge(").count();
    let capabilities = [
        include_str!("../../src/inbox/mod.rs"),
        include_str!("../../src/units/mod.rs"),
        include_str!("../../src/users/mod.rs"),
        include_str!("../../src/audit/mod.rs"),
        include_str!("../../src/force/mod.rs"),
        include_str!("../../src/payroll/mod.rs"),
        include_str!("../../src/insurance/mod.rs"),
        include_str!("../../src/budget/mod.rs"),
        include_str!("../../src/selection/mod.rs"),
        include_str!("../../src/policy/mod.rs"),
        include_str!("../../src/calendar/mod.rs"),
        include_str!("../../src/roster_import/mod.rs"),
    ];
    assert_eq!(
        merged,
        capabilities.len(),
        "every merged capability is read"
    );
    for src in capabilities {
        let start = src.find("pub fn api_routes()").unwrap();
        let end = src[start..]
            .find("pub fn page_routes()")
            .map_or(src.len(), |e| start + e);
        block.push_str(&src[start..end]);
    }
    let mut out = Vec::new();
    for part in block.split(".route(").skip(1) {
        let path = part.split('"').nth(1).unwrap().to_string();
        // The call's arguments: up to the parenthesis that closes `.route(`.
        let mut depth = 1;
        let mut args = String::new();
        for c in part.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                break;
            }
            args.push(c);
        }
        let squashed: String = args.split_whitespace().collect();
        for method in ["get", "post", "put", "patch", "delete"] {
            let called = [",", ".", ":", "("]
                .iter()
                .any(|before| squashed.contains(&format!("{before}{method}(")));
            if called {
                out.push((method.to_string(), path.clone()));
            }
        }
    }
    out
}

/// The API description is generated from the handlers and their types; `docs/openapi.json` is the
/// committed copy a reader (or a client generator) without the code uses, and must be current.
#[test]
fn the_committed_api_description_is_the_generated_one() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/openapi.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed.trim_end() == antt_web::openapi::json().trim_end(),
        "docs/openapi.json is not the generated document: run \
         `cargo run -p antt-web --example dump_openapi > docs/openapi.json`"
    );
}

/// Every operation's answers are typed: a JSON success answer names a schema of the document,
/// not a bare object.
#[test]
fn every_json_answer_of_the_api_has_a_schema() {
    let doc: Value = serde_json::from_str(antt_web::openapi::json()).unwrap();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            for (status, answer) in op["responses"].as_object().unwrap() {
                let Some(schema) = answer["content"]["application/json"]["schema"].as_object()
                else {
                    continue;
                };
                let name = schema
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/schemas/"));
                assert!(
                    name.is_some_and(|n| schemas.contains_key(n)),
                    "{method} {path} {status} answers JSON without a named schema: {schema:?}"
                );
            }
        }
    }
}

#[test]
fn every_routed_api_operation_is_documented_with_its_error_answers() {
    let doc: Value = serde_json::from_str(antt_web::openapi::json()).unwrap();
    let routed = routed_api_operations();
    assert!(routed.len() > 50, "the router was read: {}", routed.len());
    for (method, path) in &routed {
        let op = &doc["paths"][path][method];
        assert!(
            op.is_object(),
            "{method} {path} is routed but not in openapi.json"
        );
        let public = op
            .get("security")
            .is_some_and(|s| s.as_array().unwrap().is_empty());
        let responses = op["responses"].as_object().unwrap();
        // The document itself takes no input and needs no login.
        let mut must = if path == "/openapi.json" {
            vec![]
        } else {
            vec!["400"]
        };
        if !public && path != "/openapi.json" {
            must.extend(["401", "403"]);
        }
        for code in must {
            assert!(
                responses.contains_key(code),
                "{method} {path} does not document {code}"
            );
        }
    }
    // And the other way: nothing documented that is not routed.
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            assert!(
                routed.iter().any(|(m, p)| m == method && p == path),
                "{method} {path} is documented but not routed"
            );
        }
    }
}

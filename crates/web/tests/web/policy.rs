use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::spawn_apps;

const KON_TUM: &str = include_str!("../../../../policies/kon-tum-nq-24-2024.toml");

#[tokio::test]
async fn adm_9_a_former_ia_dom_village_gets_kon_tums_rules_after_the_merger_with_the_demo_filling_the_gaps()
 {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let (status, rules) = police
            .get("/api/v1/policy/rules?unit=23537-01&date=2026-01-01")
            .await;
        assert_eq!(status, StatusCode::OK, "{rules}");
        assert_eq!(rules["resolution"]["provinces"], json!(["51", "62"]));
        assert_eq!(rules["resolution"]["province_pack"], "kon-tum-nq-24-2024");
        assert_eq!(rules["resolution"]["demo_pack"], "demo-kon-tum");
        // The village's own facts (226 households from 1/7/2025) feed the quota.
        let (status, quota) = police
            .get("/api/v1/policy/quota?unit=23537-01&date=2026-01-01")
            .await;
        assert_eq!(status, StatusCode::OK, "{quota}");
        assert_eq!(quota["members"], json!({ "base": 3, "max": 3 }));
        assert_eq!(quota["illustrative"], true);
        assert!(
            quota["explanation"][0]["text"]
                .as_str()
                .unwrap()
                .contains("226 hộ")
        );
        let (status, _) = police.get("/api/v1/policy/quota?unit=23535-01").await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "another commune's village stays out of scope"
        );
    }
}

#[tokio::test]
async fn kt_nf_kon_tums_own_pack_reports_what_is_missing_and_where() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let (status, body) = police
            .get("/api/v1/policy/amounts?pack=kon-tum-nq-24-2024&date=2025-03-01&role=leader")
            .await;
        assert_eq!(status, StatusCode::OK, "the national amounts still compute");
        let missing: Vec<&str> = body["missing"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["parameter"].as_str().unwrap())
            .collect();
        assert!(
            missing.contains(&"monthly_support") && missing.contains(&"bhyt_province_support"),
            "{missing:?}"
        );
        assert!(
            body["amounts"]
                .as_array()
                .unwrap()
                .iter()
                .all(|a| a["name"] != "monthly_support")
        );
        let (status, body) = police.get("/api/v1/policy/quota?pack=kon-tum-nq-24-2024&date=2025-03-01&kind=rural&households=200").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["error"], "policy_gap");
        assert!(
            body["missing"][0]["citation"]
                .as_str()
                .unwrap()
                .contains("24/2024/NQ-HĐND")
        );
        let (_, gaps) = police
            .get("/api/v1/policy/gaps?pack=kon-tum-nq-24-2024&date=2025-03-01")
            .await;
        assert!(gaps["missing"].as_array().unwrap().len() >= 9);
        let (status, amounts) = police.get("/api/v1/policy/amounts?pack=binh-dinh-nq-03-2024&date=2025-07-01&role=member&household=poor").await;
        assert_eq!(status, StatusCode::OK);
        let missing: Vec<&str> = amounts["missing"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["parameter"].as_str().unwrap())
            .collect();
        // Bình Định's BHYT share and allowances are not in the reports: each is listed, nothing
        // is assumed. The training allowance comes from the national pack (FIX-3, 70,000).
        assert_eq!(
            missing,
            [
                "bhyt_province_support",
                "night_duty_allowance",
                "holiday_allowance",
                "hazardous_allowance",
            ]
        );
        let training = amounts["amounts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == "training_allowance")
            .unwrap();
        assert_eq!(training["dong"], 70_000);
        assert_eq!(training["explanation"][0]["rule"], "FIX-3");
        assert_eq!(training["explanation"][0]["verification"], "news");
        let state = amounts["amounts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == "bhxh_state_support")
            .unwrap();
        assert_eq!(state["dong"], 165_000);
        assert_eq!(state["explanation"][0]["rule"], "BHXH-5");
        let (status, bad) = police
            .get("/api/v1/policy/quota?pack=binh-dinh-nq-03-2024&kind=rural&households=nhieu")
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad["field"], "households");
    }
}

#[tokio::test]
async fn an_administrator_uploads_a_checked_versioned_audited_pack() {
    for app in spawn_apps().await {
        let admin = app.login("qt.quangngai").await;
        let before = app.audit_count().await;
        // The holder of the resolution enters one article (a test value, not Kon Tum's).
        let filled = KON_TUM.replacen(
            "key = \"night_duty_allowance\"\nrule = \"KT-NF-5\"\neffective_from = \"2024-07-01\"\nverification = \"missing\"",
            "key = \"night_duty_allowance\"\nrule = \"KT-NF-5\"\neffective_from = \"2024-07-01\"\nverification = \"official\"\nmoney = 80000",
            1,
        );
        assert_ne!(filled, KON_TUM);
        let (status, res) = admin
            .send(
                Method::POST,
                "/api/v1/policy/packs",
                json!({ "text": filled }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{res}");
        assert_eq!(res["version"], 2);
        assert_eq!(app.audit_count().await, before + 1);
        let (_, again) = admin
            .send(
                Method::POST,
                "/api/v1/policy/packs",
                json!({ "text": filled }),
            )
            .await;
        assert_eq!(again["outcome"], "unchanged");
        assert_eq!(
            app.audit_count().await,
            before + 1,
            "the same text twice records nothing"
        );
        let (_, rules) = admin
            .get("/api/v1/policy/rules?pack=kon-tum-nq-24-2024&date=2025-03-01")
            .await;
        let night = rules["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == "night_duty_allowance")
            .unwrap();
        assert_eq!(night["param"]["value"]["money"], 80000);

        let broken = KON_TUM.replacen("kind = \"province\"", "kind = \"tinh\"", 1);
        let (status, res) = admin
            .send(
                Method::POST,
                "/api/v1/policy/packs",
                json!({ "text": broken }),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res["error"], "invalid_pack");
        assert_eq!(
            res["line"],
            KON_TUM
                .lines()
                .position(|l| l.starts_with("[pack]"))
                .unwrap()
                + 1
        );
        assert_eq!(
            app.audit_count().await,
            before + 1,
            "a refused pack writes nothing"
        );

        let other_province = include_str!("../../../../policies/binh-dinh-nq-03-2024.toml")
            .replacen("money", "money", 1);
        let (status, _) = admin
            .send(
                Method::POST,
                "/api/v1/policy/packs",
                json!({ "text": other_province }),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "a provincial administrator uploads only their own province's packs"
        );
        let police = app.login("ca.iatoi").await;
        let (status, _) = police
            .send(
                Method::POST,
                "/api/v1/policy/packs",
                json!({ "text": filled }),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn the_pages_show_rules_with_badges_the_gaps_and_a_villages_quota() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let (status, html) = police
            .get_html("/policy/kon-tum-nq-24-2024?date=2025-03-01")
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("Chưa có số liệu")
                && html.contains("khoản 1 Điều 4 Nghị quyết 24/2024/NQ-HĐND"),
            "{}",
            app.backend
        );
        let (_, html) = police.get_html("/policy/national?date=2025-09-01").await;
        assert!(
            html.contains("2.340.000 đ") && html.contains("Theo báo chí") && html.contains("LCS-2")
        );
        let (_, html) = police.get_html("/policy/gaps?date=2025-03-01").await;
        assert!(html.contains("team_size") && html.contains("Kon Tum"));
        let (_, html) = police.get_html("/units/23538-01?date=2026-01-01").await;
        assert!(
            html.contains("Số thành viên Tổ bảo vệ ANTT theo quy định")
                && html.contains("Tối thiểu 4"),
            "305 hộ ≥ 300 in the demo rule"
        );
        assert!(
            html.contains(r#"badge demo">MINH HỌA"#),
            "the demo figure is marked"
        );
        let v: Value = police.get("/api/v1/policy/packs").await.1;
        assert_eq!(v["packs"].as_array().unwrap().len(), 8);
    }
}

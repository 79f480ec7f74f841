//! The province at a glance, and a unit above a commune on every route: each list rolls up its
//! communes, each commune-only view refuses it with the same code, none answers an empty list
//! that reads as "no teams anywhere".

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{PersonBody, spawn_apps};

fn rows(s: &Value) -> &Vec<Value> {
    s["communes"].as_array().expect("communes")
}

fn row<'a>(s: &'a Value, code: &str) -> &'a Value {
    rows(s)
        .iter()
        .find(|r| r["commune"]["code"] == code)
        .unwrap_or_else(|| panic!("no row for {code}: {s}"))
}

#[tokio::test]
async fn the_province_at_a_glance_has_a_row_per_commune_whose_figures_add_up() {
    for app in spawn_apps().await {
        let province = app.login("ca.quangngai").await;
        let (status, s) = province
            .get("/api/v1/units/51/force-summary?date=2026-11-30")
            .await;
        assert_eq!(status, StatusCode::OK, "{}: {s}", app.backend);
        assert_eq!(s["unit"]["code"], "51");
        assert_eq!(s["total"].as_u64().unwrap() as usize, rows(&s).len());
        assert!(rows(&s).len() >= 2, "the province's communes: {s}");
        // Ia Tơi's row agrees with its own teams on that date.
        let (_, teams) = province
            .get("/api/v1/teams?commune=23538&date=2026-11-30")
            .await;
        let ia_toi = row(&s, "23538");
        assert_eq!(ia_toi["teams"], teams["total"], "{ia_toi}");
        let in_post: u64 = teams["teams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                ["leaders", "deputies", "members"]
                    .iter()
                    .map(|k| t["staffing"][k].as_u64().unwrap())
                    .sum::<u64>()
            })
            .sum();
        assert_eq!(ia_toi["total"].as_u64().unwrap(), in_post);
        assert!(
            ia_toi["quota"].as_u64().is_some(),
            "the demo pack gives quotas: {ia_toi}"
        );
        assert!(
            ia_toi["last_change"].is_string(),
            "the demo's writes are on file"
        );
        // The totals are the sum of the rows.
        for k in [
            "teams",
            "total",
            "leaders",
            "vacancies",
            "villages_without_team",
        ] {
            let sum: u64 = rows(&s).iter().map(|r| r[k].as_u64().unwrap()).sum();
            assert_eq!(s["totals"][k].as_u64().unwrap(), sum, "{k}");
        }
        // Sorted by a figure, largest first.
        let (_, by) = province
            .get("/api/v1/units/51/force-summary?date=2026-11-30&sort=total&desc=1")
            .await;
        let totals: Vec<u64> = rows(&by)
            .iter()
            .map(|r| r["total"].as_u64().unwrap())
            .collect();
        assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
        let (status, bad) = province
            .get("/api/v1/units/51/force-summary?sort=drop_table")
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        // The same table as Excel, named for the province and the date.
        let res = province
            .http
            .get(province.url("/api/v1/units/51/force-summary?date=2026-11-30&format=xlsx"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(
            res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .contains("tong-hop-luc-luong-tinh-quang-ngai-30-11-2026.xlsx")
        );
        let bytes = res.bytes().await.unwrap().to_vec();
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let sheet = book.worksheet_range("Tổng hợp").unwrap();
        let texts: Vec<String> = sheet
            .rows()
            .flat_map(|r| r.iter().map(|c| c.to_string()))
            .collect();
        assert!(texts.iter().any(|t| t.contains("TỈNH QUẢNG NGÃI")));
        assert!(texts.iter().any(|t| t == "Xã Ia Tơi"));
        assert!(
            texts
                .iter()
                .any(|t| t == &format!("Cộng {} xã, phường", rows(&s).len()))
        );
        // A commune's officer cannot read the province's table, nor another commune's.
        let commune = app.login("ca.iatoi").await;
        let (status, _) = commune.get("/api/v1/units/51/force-summary").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = commune.get("/api/v1/units/23535/force-summary").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, own) = commune.get("/api/v1/units/23538/force-summary").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(rows(&own).len(), 1, "a commune is its own one row");
    }
}

#[tokio::test]
async fn a_historical_district_reads_as_its_communes_on_a_date_before_the_reorganisation() {
    for app in spawn_apps().await {
        let district = app.login("ca.iahdrai").await;
        let (status, s) = district
            .get("/api/v1/units/618/force-summary?date=2025-03-01")
            .await;
        assert_eq!(status, StatusCode::OK, "{s}");
        let ia_toi = row(&s, "23538");
        assert_eq!(ia_toi["parent"], Value::Null, "directly under the district");
        assert!(rows(&s).iter().all(|r| r["commune"]["level"] == "commune"));
    }
}

#[tokio::test]
async fn a_unit_above_a_commune_rolls_up_or_is_refused_the_same_way_on_every_route() {
    for app in spawn_apps().await {
        let province = app.login("ca.quangngai").await;
        let (_, s) = province
            .get("/api/v1/units/51/force-summary?date=2026-11-30")
            .await;
        // Lists roll up: the teams of every commune, the rounds of every commune.
        let (status, teams) = province
            .get("/api/v1/teams?commune=51&date=2026-11-30")
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(teams["total"], s["totals"]["teams"], "{teams}");
        assert!(teams["total"].as_u64().unwrap() > 1);
        // A page at a time: the total is the whole list's.
        let (_, first) = province
            .get("/api/v1/teams?commune=51&date=2026-11-30&limit=1")
            .await;
        let (_, second) = province
            .get("/api/v1/teams?commune=51&date=2026-11-30&limit=1&offset=1")
            .await;
        assert_eq!(first["teams"].as_array().unwrap().len(), 1);
        assert_eq!(first["total"], teams["total"]);
        assert_ne!(first["teams"][0]["id"], second["teams"][0]["id"]);
        let (status, rounds) = province.get("/api/v1/selection-rounds?commune=51").await;
        assert_eq!(status, StatusCode::OK);
        let (_, own) = province.get("/api/v1/selection-rounds?commune=23538").await;
        assert!(
            rounds["total"].as_u64() >= own["total"].as_u64(),
            "{rounds}"
        );
        // The member list of the province: every member, with their commune.
        let bytes = province
            .download("/api/v1/teams/export?commune=51&date=2026-11-30")
            .await;
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let data = book.worksheet_range("Dữ liệu").unwrap();
        assert_eq!(
            data.height() as u64 - 1,
            s["totals"]["total"].as_u64().unwrap(),
            "one row per member in post"
        );
        assert!(
            data.rows().skip(1).all(|r| !r[1].to_string().is_empty()),
            "each row names its commune"
        );
        // A commune's own views refuse a province with one code.
        for path in [
            "/api/v1/communes/51/overview",
            "/api/v1/communes/51/proposals",
            "/api/v1/communes/51/officials",
        ] {
            let (status, v) = province.get(path).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {v}");
            assert_eq!(v["error"], "not_a_commune", "{path}: {v}");
        }
        let (status, v) = province
            .create_person(&PersonBody {
                commune: "51".into(),
                cccd: "062092001199".into(),
                full_name: "Rơ Mah Minh Họa".into(),
                birth_date: "1992-03-03".into(),
                sex: "male".into(),
                ethnicity: "Jrai".into(),
                residence: "Thôn Minh họa 1".into(),
                education: "primary".into(),
                ..PersonBody::default()
            })
            .await;
        assert!(
            status.is_client_error(),
            "no person is filed under a province: {v}"
        );
        // The teams page of a province is its table, not an empty commune.
        let res = province
            .http
            .get(province.url("/teams?commune=51&date=2026-11-30"))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_redirection(), "{}", res.status());
        let to = res.headers()["location"].to_str().unwrap().to_string();
        assert!(to.starts_with("/force-summary?unit=51"), "{to}");
        let (status, html) = province.get_html(&to).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("Tổng hợp lực lượng — Tỉnh Quảng Ngãi"),
            "{html}"
        );
        assert!(html.contains("data-commune=\"23538\""));
        // Tuyển chọn for a user of several communes lists every commune's rounds.
        let (status, html) = province.get_html("/selection").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Tuyển chọn Tổ viên — các xã"), "{html}");
    }
}

#[tokio::test]
async fn a_member_written_with_a_common_ethnic_name_is_kept_under_the_official_one() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        for (i, (typed, kept)) in [
            ("Jrai", "Gia Rai"),
            ("Bahnar", "Ba Na"),
            ("Xê Đăng", "Xơ Đăng"),
        ]
        .iter()
        .enumerate()
        {
            let (status, p) = police
                .create_person(&PersonBody {
                    commune: "23538".into(),
                    cccd: format!("06209200118{i}"),
                    full_name: format!("Người Minh Họa {i}"),
                    birth_date: "1992-03-03".into(),
                    sex: "male".into(),
                    ethnicity: typed.to_string(),
                    residence: "Thôn Minh họa 1, xã Ia Tơi".into(),
                    education: "primary".into(),
                    ..PersonBody::default()
                })
                .await;
            assert_eq!(status, StatusCode::CREATED, "{typed}: {p}");
            let (_, got) = police
                .get(&format!("/api/v1/people/{}", p["id"].as_str().unwrap()))
                .await;
            assert_eq!(got["ethnicity"], *kept, "{got}");
        }
        let (status, v) = police
            .create_person(&PersonBody {
                commune: "23538".into(),
                cccd: "062092001189".into(),
                full_name: "Người Minh Họa".into(),
                birth_date: "1992-03-03".into(),
                sex: "male".into(),
                ethnicity: "Sao Hỏa".into(),
                residence: "Thôn Minh họa 1, xã Ia Tơi".into(),
                education: "primary".into(),
                ..PersonBody::default()
            })
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    }
}

#[tokio::test]
async fn a_commune_sets_its_health_certificate_validity_and_a_province_cannot() {
    use reqwest::Method;
    use serde_json::json;
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let path = "/api/v1/communes/23538/health-certificate-validity";
        let (status, v) = police
            .send(Method::PUT, path, json!({ "months": 12 }))
            .await;
        assert_eq!(status, StatusCode::OK, "{v}");
        assert_eq!(v["outcome"], "changed");
        let (_, o) = police.commune_overview("23538", None).await;
        assert_eq!(o["health_certificate_valid_months"], 12, "{o}");
        assert_eq!(o["health_certificate_validity_by_commune"], true);
        let (status, v) = police.send(Method::PUT, path, json!({ "months": 0 })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(v["error"], "validity_out_of_range", "{v}");
        let other = app.login("ca.iadal").await;
        let (status, _) = other.send(Method::PUT, path, json!({ "months": 24 })).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "another commune's setting is out of reach"
        );
        let province = app.login("qt.quangngai").await;
        let (status, v) = province
            .send(
                Method::PUT,
                "/api/v1/communes/51/health-certificate-validity",
                json!({ "months": 24 }),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(v["error"], "not_a_commune");
    }
}

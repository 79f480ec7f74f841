//! The API over data built by `antt_testkit::fixtures` alone, served without the demo.

use reqwest::StatusCode;

use crate::helpers::{DecisionBody, TeamBody, app_dbs, created_id, spawn_app};

#[tokio::test]
async fn a_fixture_communes_police_set_up_a_team_there_and_reach_nothing_of_the_other_commune() {
    for db in app_dbs().await {
        let f = antt_testkit::Fixture::new(&db.store).await;
        let other = f.add_commune(&db.store, "90002", "Xã Thử Hai", 1).await;
        let app = spawn_app(db).await;
        let police = app.login_with(&f.police.username, f.police.password).await;

        let (status, unit) = police.unit(&f.commune.code, Some("2026-01-01")).await;
        assert_eq!(status, StatusCode::OK, "{}: {unit}", app.backend);
        assert_eq!(unit["current"]["name"], "Xã Thử Một");
        assert_eq!(unit["children"].as_array().unwrap().len(), 2, "{unit}");
        for code in [other.code.as_str(), other.villages[0].code.as_str()] {
            let (status, body) = police.unit(code, None).await;
            assert_eq!(
                status,
                StatusCode::NOT_FOUND,
                "{}: {code} {body}",
                app.backend
            );
        }

        // A decision and a team of the own commune, through the typed calls.
        let decision = |commune: &str| DecisionBody {
            commune: commune.into(),
            number: "1/QĐ-UBND".into(),
            signed_on: "2025-08-01".into(),
            signer: "Chủ tịch UBND xã".into(),
            kind: "team_establishment".into(),
            subject: "Thành lập Tổ bảo vệ ANTT thôn Thử 1".into(),
        };
        let did = created_id(&police.create_decision(&decision(&f.commune.code)).await);
        let tid = created_id(
            &police
                .create_team(&TeamBody {
                    commune: f.commune.code.clone(),
                    name: "Tổ bảo vệ ANTT thôn Thử 1".into(),
                    villages: vec![f.commune.villages[0].code.clone()],
                    workplace: None,
                    established_on: "2025-08-01".into(),
                    decision: Some(did),
                })
                .await,
        );
        let (status, team) = police.team(&tid, Some("2025-09-01")).await;
        assert_eq!(status, StatusCode::OK, "{team}");
        assert_eq!(team["name"], "Tổ bảo vệ ANTT thôn Thử 1");
        assert_eq!(team["villages"][0]["code"], "90001-01", "{team}");

        // The other commune is out of reach for papers too, and nothing is written for it.
        let before = app.audit_count().await;
        let (status, body) = police.create_decision(&decision(&other.code)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{}: {body}", app.backend);
        let (status, body) = police
            .create_team(&TeamBody {
                commune: other.code.clone(),
                name: "Tổ bảo vệ ANTT thôn Thử 1 xã Hai".into(),
                villages: vec![other.villages[0].code.clone()],
                established_on: "2025-08-01".into(),
                ..TeamBody::default()
            })
            .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("unit_not_found")),
            "{}: {body}",
            app.backend
        );
        assert_eq!(
            app.audit_count().await,
            before,
            "nothing written for the other commune"
        );
    }
}

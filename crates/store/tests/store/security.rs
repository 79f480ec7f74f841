//! Attacks on jurisdiction and accounts, tried as the security review tried them: a province's
//! administrator acting on the national rules, the national calendar and other provinces;
//! lockouts used as a weapon; parallel guesses.

use antt_domain::unit::{Level, UnitKind};
use antt_store::audit::AuditEntry;
use antt_store::policies::{BUILTIN, UploadError};
use antt_store::units::{NewUnit, NewVersion};
use antt_store::{Actor, StoreError};

use crate::helpers::{d, demo_dbs};

const PASSWORD: &str = "antt-demo-2026";

fn builtin(file: &str) -> &'static str {
    BUILTIN.iter().find(|(f, _)| *f == file).unwrap().1
}

async fn security_rows(db: &crate::helpers::TestDb, action: &str) -> Vec<AuditEntry> {
    let admin = Actor::system("test");
    db.store
        .audit_entries(&admin, None, None, 500)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == action)
        .collect()
}

#[tokio::test]
async fn a_province_administrator_cannot_replace_the_national_pack_or_another_provinces() {
    for db in demo_dbs().await {
        let qt = db.store.login("qt.quangngai", PASSWORD).await.unwrap().0;
        // The attack of the review: the national rules relabelled as Quảng Ngãi's pack.
        let national = builtin("national.toml").replacen(
            "kind = \"national\"",
            "kind = \"province\"\nprovince = \"51\"",
            1,
        );
        let binh_dinh = builtin("binh-dinh-nq-03-2024.toml").replacen(
            "province = \"52\"",
            "province = \"51\"",
            1,
        );
        for text in [&national, &binh_dinh] {
            let r = db.store.upload_policy_pack(&qt, text).await;
            assert!(
                matches!(r, Err(UploadError::Store(StoreError::OutsideJurisdiction))),
                "{}: {r:?}",
                db.backend
            );
        }
        // The refusal says what was wrong (the jurisdiction), not that the role lacks the grant.
        let refusal = StoreError::OutsideJurisdiction;
        assert_eq!(refusal.code(), "forbidden");
        assert!(refusal.message_vi().contains("thẩm quyền"));
        assert!(!refusal.message_vi().contains("Vai trò"));
        let packs = db.store.policy_packs().await.unwrap();
        assert!(
            packs.info.iter().all(|i| i.source == "builtin"),
            "nothing replaced"
        );
        assert!(
            packs.national().is_some(),
            "the national rules are still there"
        );
        let refused = security_rows(&db, "security.refused").await;
        assert_eq!(refused.len(), 2, "each refused attempt is recorded");
        assert!(refused.iter().all(|r| r.actor.starts_with("qt.quangngai")));

        // Their own province's pack they may keep, but a version may not move it elsewhere.
        let own = builtin("binh-dinh-nq-03-2024.toml")
            .replacen(
                "id = \"binh-dinh-nq-03-2024\"",
                "id = \"quang-ngai-thu\"",
                1,
            )
            .replacen("province = \"52\"", "province = \"51\"", 1);
        assert!(db.store.upload_policy_pack(&qt, &own).await.is_ok());
        let moved = own.replacen("province = \"51\"", "province = \"79\"", 1);
        match db.store.upload_policy_pack(&qt, &moved).await {
            Err(UploadError::Store(StoreError::Invalid(e))) => {
                assert_eq!(e.code(), "pack_jurisdiction_changed")
            }
            other => panic!("{}: {other:?}", db.backend),
        }
        // Not even a national administrator may change what a pack is.
        let admin = db.store.login("admin", PASSWORD).await.unwrap().0;
        match db.store.upload_policy_pack(&admin, &national).await {
            Err(UploadError::Store(StoreError::Invalid(e))) => {
                assert_eq!(e.code(), "pack_jurisdiction_changed")
            }
            other => panic!("{}: {other:?}", db.backend),
        }
    }
}

#[tokio::test]
async fn only_an_administrator_of_every_unit_changes_the_national_holiday_calendar() {
    for db in demo_dbs().await {
        let qt = db.store.login("qt.quangngai", PASSWORD).await.unwrap().0;
        let year: antt_store::calendar::YearSchedule = serde_json::from_value(serde_json::json!({
            "year": 2031, "tet": ["2031-01-22", "2031-01-23"], "source": "thử"
        }))
        .unwrap();
        assert!(matches!(
            db.store.set_holiday_year(&qt, &year).await,
            Err(StoreError::OutsideJurisdiction)
        ));
        assert!(
            db.store
                .holiday_years()
                .await
                .unwrap()
                .iter()
                .all(|y| y.year != 2031),
            "{}: nothing written",
            db.backend
        );
        assert_eq!(security_rows(&db, "security.refused").await.len(), 1);
        let admin = db.store.login("admin", PASSWORD).await.unwrap().0;
        assert!(db.store.set_holiday_year(&admin, &year).await.is_ok());
    }
}

#[tokio::test]
async fn a_province_administrator_cannot_create_a_province_and_nothing_is_committed() {
    for db in demo_dbs().await {
        let qt = db.store.login("qt.quangngai", PASSWORD).await.unwrap().0;
        for code in ["79", "96"] {
            let new = NewUnit {
                code: code.to_string(),
                level: Level::Province,
                version: NewVersion {
                    name: format!("Tỉnh thử {code}"),
                    kind: UnitKind::Tinh,
                    parent: None,
                    valid_from: d(2025, 7, 1),
                    valid_to: None,
                    basis: None,
                },
            };
            assert!(matches!(
                db.store.create_unit(&qt, &new).await,
                Err(StoreError::OutsideJurisdiction)
            ));
            let sys = Actor::system("test");
            assert!(
                matches!(
                    db.store.unit_by_code(&sys, code).await,
                    Err(StoreError::NotFound)
                ),
                "{}: province {code} must not exist",
                db.backend
            );
        }
        assert_eq!(security_rows(&db, "security.refused").await.len(), 2);
        // An administrator of every unit may, and gets back what was written.
        let admin = db.store.login("admin", PASSWORD).await.unwrap().0;
        let new = NewUnit {
            code: "96".into(),
            level: Level::Province,
            version: NewVersion {
                name: "Tỉnh thử".into(),
                kind: UnitKind::Tinh,
                parent: None,
                valid_from: d(2025, 7, 1),
                valid_to: None,
                basis: None,
            },
        };
        let detail = db.store.create_unit(&admin, &new).await.unwrap();
        assert_eq!(detail.code, "96");
        assert_eq!(detail.versions.len(), 1);
    }
}

fn ip(s: &str) -> Option<std::net::IpAddr> {
    s.parse().ok()
}

#[tokio::test]
async fn a_locked_account_still_lets_its_user_in_from_an_address_that_has_not_been_failing() {
    for db in demo_dbs().await {
        let attacker = ip("203.0.113.7");
        let mut answers = Vec::new();
        for _ in 0..6 {
            answers.push(db.store.login_from("ca.iadal", "doan-bua", attacker).await);
        }
        assert!(
            answers[..4]
                .iter()
                .all(|r| matches!(r, Err(StoreError::BadCredentials)))
        );
        assert!(
            answers[4..]
                .iter()
                .all(|r| matches!(r, Err(StoreError::Throttled { .. })))
        );
        // The attacker keeps trying the right password too: locked for them.
        assert!(matches!(
            db.store.login_from("ca.iadal", PASSWORD, attacker).await,
            Err(StoreError::Throttled { .. })
        ));
        // The police officer at the commune office logs in.
        let (actor, _) = db
            .store
            .login_from("ca.iadal", PASSWORD, ip("198.51.100.20"))
            .await
            .unwrap();
        assert_eq!(actor.username(), "ca.iadal");
        // Every failure, the lockout and the login are in the audit log with the address.
        let failed = security_rows(&db, "security.login_failed").await;
        assert_eq!(failed.len(), 5, "{}", db.backend);
        assert!(
            failed
                .iter()
                .all(|f| f.after.as_ref().unwrap()["address"] == "203.0.113.7")
        );
        let locks = security_rows(&db, "security.lockout").await;
        assert_eq!(locks.len(), 1);
        assert!(locks[0].after.as_ref().unwrap()["locked_until"].is_string());
        let logins = security_rows(&db, "security.login").await;
        assert!(
            logins
                .iter()
                .any(|l| l.after.as_ref().unwrap()["address"] == "198.51.100.20")
        );
    }
}

#[tokio::test]
async fn known_and_unknown_user_names_are_answered_alike() {
    for db in demo_dbs().await {
        let from = ip("203.0.113.9");
        let mut known = Vec::new();
        let mut unknown = Vec::new();
        for _ in 0..6 {
            known.push(db.store.login_from("ca.iatoi", "sai", from).await.err());
            unknown.push(db.store.login_from("khong.co.ai", "sai", from).await.err());
        }
        let shape = |e: &Option<StoreError>| match e {
            Some(StoreError::BadCredentials) => "bad",
            Some(StoreError::Throttled { .. }) => "throttled",
            _ => "other",
        };
        let k: Vec<_> = known.iter().map(shape).collect();
        let u: Vec<_> = unknown.iter().map(shape).collect();
        assert_eq!(k, u, "{}: the answers tell which names exist", db.backend);
        assert_eq!(k, ["bad", "bad", "bad", "bad", "throttled", "throttled"]);
    }
}

#[tokio::test]
async fn forty_parallel_guesses_reach_the_password_check_five_times() {
    for db in demo_dbs().await {
        let from = ip("203.0.113.10");
        let mut tasks = Vec::new();
        for i in 0..40 {
            let store = db.store.clone();
            tasks.push(tokio::spawn(async move {
                store
                    .login_from("ca.iadal", &format!("doan-{i}"), from)
                    .await
                    .err()
            }));
        }
        let mut bad = 0;
        for t in tasks {
            if matches!(t.await.unwrap(), Some(StoreError::BadCredentials)) {
                bad += 1;
            }
        }
        // Four plain failures; the fifth locks; the other 35 never reach the hash.
        assert_eq!(bad, 4, "{}", db.backend);
        assert_eq!(security_rows(&db, "security.login_failed").await.len(), 5);
    }
}

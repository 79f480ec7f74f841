use antt_domain::FieldErrorKind;
use antt_domain::force::{EndReason, EvidenceKind, Origin};
use antt_domain::person::Sex;
use antt_domain::policy::TeamRole;
use antt_domain::policy::eligibility::Education;
use antt_store::force::{EndMembership, NewDecision, NewMembership, NewPerson, NewTeam};
use antt_store::{Actor, Store, StoreError};

use crate::helpers::{d, demo_dbs};

fn refused(r: Result<impl std::fmt::Debug, StoreError>) -> (String, String) {
    match r {
        Err(StoreError::Invalid(e)) => (e.code().to_string(), e.message_vi()),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn person(
    cccd: &str,
    name: &str,
    born: chrono::NaiveDate,
    sex: Sex,
    commune: antt_domain::unit::UnitId,
) -> NewPerson {
    NewPerson {
        commune,
        cccd: cccd.into(),
        full_name: name.into(),
        birth_date: born,
        sex,
        ethnicity: "ba na".into(),
        residence: "Thôn Minh họa 1, xã Ia Tơi".into(),
        residence_since: Some(d(2010, 1, 1)),
        education: Education::Primary,
        health_certificate_on: Some(d(2025, 6, 1)),
        phone: Some("0912345678".into()),
        prior_service: vec!["army".into()],
        household: "near_poor".into(),
        covered_bhxh: false,
        covered_bhyt: false,
    }
}

async fn setup(
    store: &Store,
    actor: &Actor,
) -> (antt_domain::kernel::ids::TeamId, antt_domain::unit::UnitId) {
    let ia_toi = store.unit_by_code(actor, "23538").await.unwrap();
    // Thôn Minh họa 4 (the former Ia Dom's 23537-01) has no demo team.
    let village = store.unit_by_code(actor, "23537-01").await.unwrap();
    let decision = store
        .create_decision(
            actor,
            &NewDecision {
                commune: ia_toi,
                number: "15/QĐ-UBND".into(),
                signed_on: d(2025, 7, 10),
                signer: "Chủ tịch UBND xã (minh họa)".into(),
                kind: antt_domain::force::DecisionKind::TeamEstablishment,
                subject: "Thành lập Tổ bảo vệ ANTT thôn Minh họa 1".into(),
            },
        )
        .await
        .unwrap();
    let team = store
        .create_team(
            actor,
            &NewTeam {
                commune: ia_toi,
                name: "Tổ bảo vệ ANTT thôn Minh họa 1".into(),
                villages: vec![village],
                workplace: Some("Nhà văn hóa thôn".into()),
                established_on: d(2025, 7, 10),
                decision: Some(decision),
            },
        )
        .await
        .unwrap();
    (team, ia_toi)
}

#[tokio::test]
async fn a_team_with_a_leader_and_members_and_the_checks_on_people() {
    for db in demo_dbs().await {
        let police = db
            .store
            .login("ca.iatoi", "antt-demo-2026")
            .await
            .unwrap()
            .0;
        let (team, ia_toi) = setup(&db.store, &police).await;
        let leader = db
            .store
            .create_person(
                &police,
                &person(
                    "062090012345",
                    "Y Minh Họa",
                    d(1990, 4, 2),
                    Sex::Male,
                    ia_toi,
                ),
            )
            .await
            .unwrap();
        let dup = db
            .store
            .create_person(
                &police,
                &person(
                    "062 090 012345",
                    "Người Khác",
                    d(1990, 4, 2),
                    Sex::Male,
                    ia_toi,
                ),
            )
            .await;
        let (code, msg) = refused(dup);
        assert_eq!(code, "duplicate");
        assert!(
            msg.contains("Y Minh Họa"),
            "the existing record is named: {msg}"
        );
        let (code, _) = refused(
            db.store
                .create_person(
                    &police,
                    &person("062190012345", "Sai Giới", d(1990, 4, 2), Sex::Male, ia_toi),
                )
                .await,
        );
        assert_eq!(code, "cccd_sex_mismatch");
        let (code, _) = refused(
            db.store
                .create_person(
                    &police,
                    &person("099090012345", "Sai Tỉnh", d(1990, 4, 2), Sex::Male, ia_toi),
                )
                .await,
        );
        assert_eq!(code, "cccd_unknown_province");

        let m = NewMembership {
            person: leader,
            team,
            role: TeamRole::Leader,
            origin: Origin::FormerCivilDefence,
            start_date: d(2025, 7, 10),
            decision: None,
            over70_decision: None,
        };
        let leader_membership = db.store.add_membership(&police, &m).await.unwrap();
        let second = db
            .store
            .create_person(
                &police,
                &person(
                    "062195000111",
                    "Thị Minh Họa",
                    d(1995, 1, 1),
                    Sex::Female,
                    ia_toi,
                ),
            )
            .await
            .unwrap();
        let (code, msg) = refused(
            db.store
                .add_membership(
                    &police,
                    &NewMembership {
                        person: second,
                        ..m.clone()
                    },
                )
                .await,
        );
        assert_eq!(code, "second_leader", "{msg}");
        db.store
            .add_membership(
                &police,
                &NewMembership {
                    person: second,
                    role: TeamRole::Deputy,
                    ..m.clone()
                },
            )
            .await
            .unwrap();
        let young = db
            .store
            .create_person(
                &police,
                &person(
                    "062208000222",
                    "Em Minh Họa",
                    d(2008, 9, 1),
                    Sex::Male,
                    ia_toi,
                ),
            )
            .await
            .unwrap();
        let (code, _) = refused(
            db.store
                .add_membership(
                    &police,
                    &NewMembership {
                        person: young,
                        role: TeamRole::Member,
                        ..m.clone()
                    },
                )
                .await,
        );
        assert_eq!(code, "under_18", "LAW-13.1 on the start date");
        let elder = db
            .store
            .create_person(
                &police,
                &person(
                    "062050000333",
                    "Ông Minh Họa",
                    d(1950, 1, 1),
                    Sex::Male,
                    ia_toi,
                ),
            )
            .await
            .unwrap();
        let (code, _) = refused(
            db.store
                .add_membership(
                    &police,
                    &NewMembership {
                        person: elder,
                        role: TeamRole::Member,
                        ..m.clone()
                    },
                )
                .await,
        );
        assert_eq!(code, "over_70_needs_decision");

        let view = db.store.team(&police, team, d(2025, 8, 1)).await.unwrap();
        assert_eq!(
            (
                view.staffing.leaders,
                view.staffing.deputies,
                view.staffing.members
            ),
            (1, 1, 0)
        );
        assert_eq!(view.villages[0].code, "23537-01");

        // LAW-17.3c: discipline needs two refusals on file.
        let end = EndMembership {
            end_date: d(2025, 12, 1),
            reason: EndReason::Discipline,
            decision: None,
        };
        let (code, _) = refused(
            db.store
                .end_membership(&police, leader_membership, &end)
                .await,
        );
        assert_eq!(code, "discipline_needs_evidence");
        db.store
            .add_evidence(
                &police,
                leader_membership,
                EvidenceKind::UnexcusedRefusal,
                d(2025, 9, 1),
                None,
            )
            .await
            .unwrap();
        db.store
            .add_evidence(
                &police,
                leader_membership,
                EvidenceKind::UnexcusedRefusal,
                d(2025, 10, 1),
                Some("Không tham gia tuần tra"),
            )
            .await
            .unwrap();
        db.store
            .end_membership(&police, leader_membership, &end)
            .await
            .unwrap();
        let after = db.store.team(&police, team, d(2025, 12, 2)).await.unwrap();
        assert_eq!(after.staffing.leaders, 0);
        let bad_end = EndMembership {
            end_date: d(2025, 1, 1),
            reason: EndReason::Voluntary,
            decision: None,
        };
        let m2 = db.store.person(&police, second).await.unwrap().memberships[0].id;
        assert_eq!(
            refused(db.store.end_membership(&police, m2, &bad_end).await).0,
            "date_order"
        );
    }
}

#[tokio::test]
async fn another_commune_cannot_see_or_touch_the_team_or_its_people() {
    for db in demo_dbs().await {
        let police = db
            .store
            .login("ca.iatoi", "antt-demo-2026")
            .await
            .unwrap()
            .0;
        let (team, ia_toi) = setup(&db.store, &police).await;
        let p = db
            .store
            .create_person(
                &police,
                &person(
                    "062090012345",
                    "Y Minh Họa",
                    d(1990, 4, 2),
                    Sex::Male,
                    ia_toi,
                ),
            )
            .await
            .unwrap();
        let other = db
            .store
            .login("ca.iadal", "antt-demo-2026")
            .await
            .unwrap()
            .0;
        assert!(matches!(
            db.store.team(&other, team, d(2025, 8, 1)).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            db.store.person(&other, p).await,
            Err(StoreError::NotFound)
        ));
        let theirs = db.store.people(&other, "minh hoa", 50).await.unwrap();
        assert!(
            theirs.iter().all(|p| p.commune == "23535"),
            "only Ia Đal's own demo people"
        );
        let their_teams = db.store.teams(&other, None, d(2025, 8, 1)).await.unwrap();
        assert!(
            their_teams
                .iter()
                .all(|t| t.id != team && t.commune.code == "23535")
        );
        let m = NewMembership {
            person: p,
            team,
            role: TeamRole::Member,
            origin: Origin::Selected,
            start_date: d(2025, 8, 1),
            decision: None,
            over70_decision: None,
        };
        assert!(matches!(
            db.store.add_membership(&other, &m).await,
            Err(StoreError::NotFound)
        ));
        // The same CCCD entered in Ia Đal is refused without naming the Ia Tơi record.
        let ia_dal = db.store.unit_by_code(&other, "23535").await.unwrap();
        let (code, msg) = refused(
            db.store
                .create_person(
                    &other,
                    &person("062090012345", "Khác", d(1990, 4, 2), Sex::Male, ia_dal),
                )
                .await,
        );
        assert_eq!(code, "duplicate");
        assert!(!msg.contains("Y Minh Họa"), "{msg}");
        // Neutral: not even "another unit" — the upper police can tell them where it is.
        assert!(
            msg.contains("đã có trong hệ thống; liên hệ Công an cấp trên")
                && !msg.contains("đơn vị khác"),
            "{msg}"
        );
        let sys_audit = db
            .store
            .audit_entries(&Actor::system("test"), None, None, 500)
            .await
            .unwrap();
        let probe = sys_audit
            .iter()
            .find(|e| e.action == "security.refused")
            .unwrap();
        assert_eq!(probe.after.as_ref().unwrap()["target"], "062090012345");
        assert!(probe.actor.starts_with("ca.iadal"), "{}", probe.actor);
        let sys = Actor::system("test");
        let village = db.store.unit_by_code(&sys, "23538-01").await.unwrap();
        let (code, _) = refused(
            db.store
                .create_team(
                    &police,
                    &NewTeam {
                        commune: ia_toi,
                        name: "Tổ trùng".into(),
                        villages: vec![village],
                        workplace: None,
                        established_on: d(2025, 8, 1),
                        decision: None,
                    },
                )
                .await,
        );
        assert_eq!(code, "village_has_team");
        let ia_dal_village = db.store.unit_by_code(&sys, "23535-01").await.unwrap();
        let r = db
            .store
            .create_team(
                &police,
                &NewTeam {
                    commune: ia_toi,
                    name: "Tổ sai".into(),
                    villages: vec![ia_dal_village],
                    workplace: None,
                    established_on: d(2025, 8, 1),
                    decision: None,
                },
            )
            .await;
        assert!(
            matches!(r, Err(StoreError::Invalid(ref e)) if e.kind == FieldErrorKind::from(antt_domain::force::ForceFault::VillageNotInCommune)),
            "{r:?}"
        );
        let missing = db
            .store
            .villages_without_team(&police, ia_toi, d(2025, 8, 1))
            .await
            .unwrap();
        let codes: Vec<&str> = missing.iter().map(|v| v.code.as_str()).collect();
        assert_eq!(
            codes,
            ["23537-02"],
            "of the five villages of the merged Ia Tơi, the demo teams and this one cover four"
        );
    }
}

/// Issue 10: where the province's pack does not say how long a health certificate is valid, a
/// commune may set its own; the overview then flags an expired one, says the figure is the
/// commune's, and the setting is audited, bounded and kept within the commune's scope.
#[tokio::test]
async fn a_commune_sets_its_own_health_certificate_validity_where_the_pack_is_silent() {
    for db in demo_dbs().await {
        let s = &db.store;
        let police = s.login("ca.iatoi", "antt-demo-2026").await.unwrap().0;
        let (team, ia_toi) = setup(s, &police).await;
        let mut p = person(
            "062090012377",
            "Y Thử Sức Khỏe",
            d(1990, 3, 3),
            Sex::Male,
            ia_toi,
        );
        p.health_certificate_on = Some(d(2025, 7, 1));
        let pid = s.create_person(&police, &p).await.unwrap();
        s.add_membership(
            &police,
            &NewMembership {
                person: pid,
                team,
                role: TeamRole::Member,
                origin: Origin::Selected,
                start_date: d(2025, 7, 10),
                decision: None,
                over70_decision: None,
            },
        )
        .await
        .unwrap();
        let expired = |o: &antt_store::force::Overview| {
            o.warnings
                .iter()
                .any(|w| w.kind == "health_certificate_expired" && w.full_name == "Y Thử Sức Khỏe")
        };
        let on = d(2026, 11, 30);
        let o = s.overview(&police, ia_toi, on).await.unwrap();
        assert!(o.health_certificate_rule_missing, "{}", db.backend);
        assert!(!expired(&o), "no rule, no expiry");
        let (code, _) = refused(
            s.set_health_certificate_validity(&police, ia_toi, Some(0))
                .await,
        );
        assert_eq!(code, "validity_out_of_range");
        let (code, _) = refused(
            s.set_health_certificate_validity(&police, ia_toi, Some(61))
                .await,
        );
        assert_eq!(code, "validity_out_of_range");
        let before = antt_testkit::audit_count(s).await;
        assert_eq!(
            s.set_health_certificate_validity(&police, ia_toi, Some(12))
                .await
                .unwrap(),
            antt_store::units::Outcome::Changed
        );
        assert_eq!(
            antt_testkit::audit_count(s).await,
            before + 1,
            "audited once"
        );
        assert_eq!(
            s.set_health_certificate_validity(&police, ia_toi, Some(12))
                .await
                .unwrap(),
            antt_store::units::Outcome::Unchanged
        );
        assert_eq!(
            antt_testkit::audit_count(s).await,
            before + 1,
            "the same again writes nothing"
        );
        let o = s.overview(&police, ia_toi, on).await.unwrap();
        assert!(!o.health_certificate_rule_missing);
        assert!(o.health_certificate_validity_by_commune);
        assert_eq!(o.health_certificate_valid_months, Some(12));
        assert!(
            expired(&o),
            "a certificate of 1/7/2025 has expired by 30/11/2026 at 12 months"
        );
        // Another commune's police cannot set Ia Tơi's.
        let other = s.login("ca.iadal", "antt-demo-2026").await.unwrap().0;
        assert!(matches!(
            s.set_health_certificate_validity(&other, ia_toi, Some(24))
                .await,
            Err(StoreError::NotFound)
        ));
        // Clearing it brings the gap back.
        s.set_health_certificate_validity(&police, ia_toi, None)
            .await
            .unwrap();
        assert!(
            s.overview(&police, ia_toi, on)
                .await
                .unwrap()
                .health_certificate_rule_missing
        );
    }
}

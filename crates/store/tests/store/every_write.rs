//! Every write use case of the store, called once: each leaves exactly the audit rows it should —
//! one labelled row for a plain write (and, for a decision that creates a team and memberships,
//! one row per record it creates, each the same shape as the same write through a form) — and a
//! write that changes nothing leaves none. Each row reads as a sentence naming who it is about.

use antt_domain::access::Role;
use antt_domain::force::{DecisionKind, EndReason, EvidenceKind, Origin};
use antt_domain::office::Office;
use antt_domain::person::Sex;
use antt_domain::policy::TeamRole;
use antt_domain::policy::eligibility::{Education, LegalStatus};
use antt_domain::selection::{CouncilRole, Step, VoteMethod};
use antt_domain::unit::{Level, SuccessionKind, UnitKind, VillageFacts};
use antt_store::audit::AuditEntry;
use antt_store::audit_action::AuditAction;
use antt_store::force::{
    EndMembership, IdentityChange, MembershipChange, NewDecision, NewMembership, NewPerson,
    NewTeam, PersonChange,
};
use antt_store::selection::{Checklist, CouncilMember, CouncilVote, NewApplication, NewRound};
use antt_store::units::{NewFacts, NewSuccession, NewUnit, NewVersion, Outcome};
use antt_store::users::{NewUser, UserChange};
use antt_store::{Actor, Store};

use crate::helpers::{d, demo_dbs};

const PASSWORD: &str = "antt-demo-2026";

/// Reads the audit rows written since the last call.
struct Ledger {
    seen: i64,
    reader: Actor,
}

impl Ledger {
    async fn new(store: &Store) -> Ledger {
        let reader = Actor::system("audit-reader");
        let seen = newest(store, &reader).await.map_or(0, |e| e.seq);
        Ledger { seen, reader }
    }

    async fn since(&mut self, store: &Store) -> Vec<AuditEntry> {
        let mut rows: Vec<AuditEntry> = store
            .audit_entries(&self.reader, None, None, 500)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.seq > self.seen)
            .collect();
        rows.reverse();
        if let Some(last) = rows.last() {
            self.seen = last.seq;
        }
        rows
    }

    /// Exactly the given actions were written since the last call, each labelled, each a
    /// sentence; the last one's sentence is returned.
    async fn expect(&mut self, store: &Store, what: &str, actions: &[AuditAction]) -> String {
        let rows = self.since(store).await;
        let got: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
        let want: Vec<&str> = actions.iter().map(|a| a.as_str()).collect();
        assert_eq!(got, want, "{what}: the audit rows written");
        for r in &rows {
            let a = AuditAction::parse(&r.action).expect("a known action");
            assert_eq!(r.label, a.label_vi(), "{what}: labelled");
            assert!(!r.summary.is_empty(), "{what}: a sentence");
        }
        rows.last().map(|r| r.summary.clone()).unwrap_or_default()
    }

    async fn expect_one(&mut self, store: &Store, what: &str, action: AuditAction) -> String {
        self.expect(store, what, &[action]).await
    }

    async fn expect_none(&mut self, store: &Store, what: &str) {
        self.expect(store, what, &[]).await;
    }
}

async fn newest(store: &Store, reader: &Actor) -> Option<AuditEntry> {
    store
        .audit_entries(reader, None, None, 1)
        .await
        .unwrap()
        .into_iter()
        .next()
}

fn person(cccd: &str, name: &str, commune: antt_domain::unit::UnitId) -> NewPerson {
    NewPerson {
        commune,
        cccd: cccd.into(),
        full_name: name.into(),
        birth_date: d(1990, 4, 2),
        sex: Sex::Male,
        ethnicity: "Ba Na".into(),
        residence: "Thôn Minh họa 4, xã Ia Tơi".into(),
        residence_since: Some(d(2010, 1, 1)),
        education: Education::LowerSecondary,
        health_certificate_on: Some(d(2026, 6, 1)),
        phone: Some("0912345678".into()),
        prior_service: vec![],
        household: "none".into(),
        covered_bhxh: false,
        covered_bhyt: false,
    }
}

#[tokio::test]
async fn every_write_use_case_leaves_one_labelled_audit_row_and_a_no_op_none() {
    for db in demo_dbs().await {
        let s = &db.store;
        let mut log = Ledger::new(s).await;

        // ---- accounts and sessions --------------------------------------------------------
        let (admin, admin_session) = s.login("admin", PASSWORD).await.unwrap();
        log.expect_one(s, "login", AuditAction::SecurityLogin).await;
        assert!(s.login("admin", "sai-mat-khau").await.is_err());
        log.expect_one(s, "failed login", AuditAction::SecurityLoginFailed)
            .await;
        let ia_toi = s.unit_by_code(&admin, "23538").await.unwrap();
        let user = s
            .create_user(
                &admin,
                &NewUser {
                    username: "ca.iatoi.moi".into(),
                    display_name: "Cán bộ Minh Họa".into(),
                    password: "mat-khau-moi-2026".into(),
                    roles: vec![Role::CommunePolice],
                    all_units: false,
                    scope: vec![ia_toi],
                },
            )
            .await
            .unwrap();
        let said = log
            .expect_one(s, "create user", AuditAction::UserCreate)
            .await;
        assert!(said.contains("ca.iatoi.moi"), "{said}");
        let rename = UserChange {
            display_name: Some("Cán bộ Minh Họa Hai".into()),
            ..Default::default()
        };
        s.update_user(&admin, user, &rename).await.unwrap();
        let said = log
            .expect_one(s, "update user", AuditAction::UserUpdate)
            .await;
        assert!(said.contains("tên hiển thị"), "{said}");
        assert_eq!(
            s.update_user(&admin, user, &rename).await.unwrap(),
            Outcome::Unchanged
        );
        log.expect_none(s, "the same update again").await;
        let (token_id, _) = s.create_api_token(&admin, "máy chủ báo cáo").await.unwrap();
        log.expect_one(s, "create token", AuditAction::ApiTokenCreate)
            .await;
        s.revoke_api_token(&admin, token_id).await.unwrap();
        log.expect_one(s, "revoke token", AuditAction::ApiTokenRevoke)
            .await;
        assert_eq!(
            s.revoke_api_token(&admin, token_id).await.unwrap(),
            Outcome::Unchanged
        );
        log.expect_none(s, "revoking it again").await;

        // ---- units, facts, calendar, policy ---------------------------------------------
        let version = |name: &str| NewVersion {
            name: name.into(),
            kind: UnitKind::Tinh,
            parent: None,
            valid_from: d(2025, 7, 1),
            valid_to: None,
            basis: Some("Nghị quyết thử".into()),
        };
        let p96 = s
            .create_unit(
                &admin,
                &NewUnit {
                    code: "96".into(),
                    level: Level::Province,
                    version: version("Tỉnh Thử Một"),
                },
            )
            .await
            .unwrap()
            .id;
        log.expect_one(s, "create unit", AuditAction::UnitVersion)
            .await;
        let p97 = s
            .create_unit(
                &admin,
                &NewUnit {
                    code: "97".into(),
                    level: Level::Province,
                    version: version("Tỉnh Thử Hai"),
                },
            )
            .await
            .unwrap()
            .id;
        log.expect_one(s, "create another unit", AuditAction::UnitVersion)
            .await;
        let mut renamed = version("Tỉnh Thử Một Mới");
        renamed.valid_from = d(2026, 1, 1);
        s.add_unit_version(&admin, p96, &renamed, true)
            .await
            .unwrap();
        log.expect_one(s, "new version", AuditAction::UnitVersion)
            .await;
        s.record_succession(
            &admin,
            &NewSuccession {
                kind: SuccessionKind::Merge,
                effective_date: d(2026, 3, 1),
                basis: "Nghị quyết thử số 1".into(),
                note: None,
                predecessors: vec![p96, p97],
                successors: vec![p96],
            },
        )
        .await
        .unwrap();
        let said = log
            .expect_one(s, "succession", AuditAction::SuccessionRecord)
            .await;
        assert!(said.contains("01/03/2026"), "{said}");
        let police = s.login("ca.iatoi", PASSWORD).await.unwrap().0;
        log.expect_one(s, "police login", AuditAction::SecurityLogin)
            .await;
        let village = s.unit_by_code(&police, "23537-02").await.unwrap();
        let facts = NewFacts {
            valid_from: d(2026, 1, 1),
            facts: VillageFacts {
                households: Some(240),
                population: Some(800),
                area_centi_ha: None,
                flags: Default::default(),
            },
            source: Some("Báo cáo thôn".into()),
        };
        s.set_village_facts(&police, village, &facts).await.unwrap();
        log.expect_one(s, "village facts", AuditAction::VillageFactsSet)
            .await;
        assert_eq!(
            s.set_village_facts(&police, village, &facts).await.unwrap(),
            Outcome::Unchanged
        );
        log.expect_none(s, "the same facts again").await;
        let year: antt_store::calendar::YearSchedule = serde_json::from_value(
            serde_json::json!({ "year": 2031, "tet": ["2031-01-22", "2031-01-23"], "source": "thử" }),
        )
        .unwrap();
        s.set_holiday_year(&admin, &year).await.unwrap();
        log.expect_one(s, "holiday year", AuditAction::HolidayYearSet)
            .await;
        assert_eq!(
            s.set_holiday_year(&admin, &year).await.unwrap(),
            Outcome::Unchanged
        );
        log.expect_none(s, "the same year again").await;
        let pack = &antt_store::policies::BUILTIN
            .iter()
            .find(|(f, _)| *f == "binh-dinh-nq-03-2024.toml")
            .unwrap()
            .1
            .replacen("title = \"", "title = \"(bản sửa) ", 1);
        s.upload_policy_pack(&admin, pack).await.unwrap();
        log.expect_one(s, "policy pack", AuditAction::PolicyPackUpload)
            .await;
        assert_eq!(
            s.upload_policy_pack(&admin, pack).await.unwrap().2,
            Outcome::Unchanged
        );
        log.expect_none(s, "the same pack again").await;

        // ---- the force ------------------------------------------------------------------
        let chair = s.login("ubnd.iatoi", PASSWORD).await.unwrap().0;
        log.expect_one(s, "chair login", AuditAction::SecurityLogin)
            .await;
        s.appoint_official(
            &chair,
            ia_toi,
            Office::PoliceChief,
            "Trưởng Công an Minh Họa",
            d(2026, 1, 5),
        )
        .await
        .unwrap();
        log.expect_one(s, "appoint", AuditAction::OfficialAppoint)
            .await;
        assert_eq!(
            s.appoint_official(
                &chair,
                ia_toi,
                Office::PoliceChief,
                "Trưởng Công an Minh Họa",
                d(2026, 1, 5)
            )
            .await
            .unwrap(),
            Outcome::Unchanged
        );
        log.expect_none(s, "the same appointment again").await;
        s.set_health_certificate_validity(&police, ia_toi, Some(12))
            .await
            .unwrap();
        let said = log
            .expect_one(
                s,
                "health certificate validity",
                AuditAction::CommuneSetting,
            )
            .await;
        assert!(said.contains("sức khỏe"), "{said}");
        assert_eq!(
            s.set_health_certificate_validity(&police, ia_toi, Some(12))
                .await
                .unwrap(),
            Outcome::Unchanged
        );
        log.expect_none(s, "the same validity again").await;
        let decision = s
            .create_decision(
                &police,
                &NewDecision {
                    commune: ia_toi,
                    number: "41/QĐ-UBND".into(),
                    signed_on: d(2026, 2, 2),
                    signer: "Chủ tịch UBND xã (minh họa)".into(),
                    kind: DecisionKind::TeamEstablishment,
                    subject: "Thành lập Tổ thôn Minh họa 4".into(),
                },
            )
            .await
            .unwrap();
        let said = log
            .expect_one(s, "decision", AuditAction::DecisionCreate)
            .await;
        assert!(
            said.contains("41/QĐ-UBND") && said.contains("02/02/2026"),
            "{said}"
        );
        let team = s
            .create_team(
                &police,
                &NewTeam {
                    commune: ia_toi,
                    name: "Tổ bảo vệ ANTT thôn Minh họa 4".into(),
                    villages: vec![village],
                    workplace: None,
                    established_on: d(2026, 2, 2),
                    decision: Some(decision),
                },
            )
            .await
            .unwrap();
        let said = log.expect_one(s, "team", AuditAction::TeamCreate).await;
        assert!(
            said.contains("thôn Minh họa 4") && said.contains("02/02/2026"),
            "{said}"
        );
        let pid = s
            .create_person(&police, &person("062090012399", "Y Thử Ghi", ia_toi))
            .await
            .unwrap();
        let said = log.expect_one(s, "person", AuditAction::PersonCreate).await;
        assert!(said.contains("Y Thử Ghi"), "{said}");
        let phone = PersonChange {
            phone: Some(Some("0987654321".into())),
            ..Default::default()
        };
        s.update_person(&police, pid, &phone).await.unwrap();
        log.expect_one(s, "person update", AuditAction::PersonUpdate)
            .await;
        assert_eq!(
            s.update_person(&police, pid, &phone).await.unwrap(),
            Outcome::Unchanged
        );
        log.expect_none(s, "the same update again").await;
        s.correct_identity(
            &police,
            pid,
            &IdentityChange {
                full_name: Some("Y Thử Ghi Đúng".into()),
                reason: "Nhập sai tên".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        log.expect_one(s, "identity", AuditAction::PersonIdentity)
            .await;
        let mid = s
            .add_membership(
                &police,
                &NewMembership {
                    person: pid,
                    team,
                    role: TeamRole::Leader,
                    origin: Origin::FormerCivilDefence,
                    start_date: d(2026, 2, 2),
                    decision: None,
                    over70_decision: None,
                },
            )
            .await
            .unwrap();
        let said = log
            .expect_one(s, "membership", AuditAction::MembershipCreate)
            .await;
        assert_eq!(
            said,
            "Công nhận Y Thử Ghi Đúng là tổ trưởng của Tổ bảo vệ ANTT thôn Minh họa 4 từ ngày 02/02/2026"
        );
        // A member not yet on file, from the team's page: the record and the recognition in
        // one write, a row for each.
        let member = |person| NewMembership {
            person,
            team,
            role: TeamRole::Member,
            origin: Origin::Selected,
            start_date: d(2026, 2, 2),
            decision: None,
            over70_decision: None,
        };
        s.enrol(
            &police,
            &person("062090012397", "Y Thử Một Bước", ia_toi),
            &member(pid),
        )
        .await
        .unwrap();
        let said = log
            .expect(
                s,
                "enrol",
                &[AuditAction::PersonCreate, AuditAction::MembershipCreate],
            )
            .await;
        assert!(said.contains("Y Thử Một Bước"), "{said}");
        // A membership the rules refuse (a second Tổ trưởng) writes neither the record nor it.
        let refused = s
            .enrol(
                &police,
                &person("062090012396", "Y Thử Bị Từ Chối", ia_toi),
                &NewMembership {
                    role: TeamRole::Leader,
                    ..member(pid)
                },
            )
            .await;
        assert!(refused.is_err());
        log.expect_none(s, "a refused enrolment").await;
        assert!(
            s.people(&police, "062090012396", 5)
                .await
                .unwrap()
                .is_empty(),
            "no record left behind"
        );
        s.add_evidence(
            &police,
            mid,
            EvidenceKind::WrittenReminder,
            d(2026, 5, 1),
            None,
        )
        .await
        .unwrap();
        log.expect_one(s, "evidence", AuditAction::MembershipEvidence)
            .await;
        // A role change by a decision: one row, the old membership ended and the new one begun.
        let changed = s
            .change_membership(
                &police,
                mid,
                &MembershipChange {
                    on: d(2026, 4, 1),
                    role: Some(TeamRole::Deputy),
                    team: None,
                    decision: Some(decision),
                },
            )
            .await
            .unwrap();
        let said = log
            .expect_one(s, "role change", AuditAction::MembershipChange)
            .await;
        assert_eq!(
            said,
            "Đổi chức danh của Y Thử Ghi Đúng làm tổ phó của Tổ bảo vệ ANTT thôn Minh họa 4 từ ngày 01/04/2026"
        );
        let mid = changed;
        s.end_membership(
            &police,
            mid,
            &EndMembership {
                end_date: d(2026, 6, 30),
                reason: EndReason::Voluntary,
                decision: None,
            },
        )
        .await
        .unwrap();
        let said = log.expect_one(s, "end", AuditAction::MembershipEnd).await;
        assert!(
            said.contains("Y Thử Ghi Đúng") && said.contains("30/06/2026"),
            "{said}"
        );

        // ---- selection: the demo round goes on to its decision ------------------------------
        let round = s
            .rounds(&police, Some(ia_toi))
            .await
            .unwrap()
            .into_iter()
            .find(|r| r.step_on(Step::MinutesSigned).is_some())
            .unwrap();
        let roles: Vec<_> = round
            .selected()
            .iter()
            .map(|a| (a.id, TeamRole::Member))
            .collect();
        assert_eq!(roles.len(), 2);
        s.send_proposal(&police, round.id, d(2026, 11, 16), &roles)
            .await
            .unwrap();
        log.expect_one(s, "proposal", AuditAction::SelectionProposal)
            .await;
        let signed = NewDecision {
            commune: ia_toi,
            number: "52/QĐ-UBND".into(),
            signed_on: d(2026, 11, 20),
            signer: "Chủ tịch UBND xã (minh họa)".into(),
            kind: DecisionKind::Recognition,
            subject: "Công nhận thành viên Tổ thôn Minh họa 5".into(),
        };
        // The decision entered in the register with the step: a refused step (dated after
        // today) leaves no decision in the register.
        let refused = s
            .record_decisions_registering(
                &police,
                round.id,
                d(2027, 1, 4),
                &signed,
                Some("Tổ bảo vệ ANTT thôn Minh họa 5".into()),
                None,
            )
            .await;
        assert!(refused.is_err());
        log.expect_none(s, "a refused decision step").await;
        assert!(
            s.decisions(&police, Some(ia_toi))
                .await
                .unwrap()
                .iter()
                .all(|d| d.number != "52/QĐ-UBND"),
            "nothing entered in the register"
        );
        s.record_decisions_registering(
            &police,
            round.id,
            d(2026, 11, 20),
            &signed,
            Some("Tổ bảo vệ ANTT thôn Minh họa 5".into()),
            None,
        )
        .await
        .unwrap();
        let said = log
            .expect(
                s,
                "decision entered with the step",
                &[
                    AuditAction::DecisionCreate,
                    AuditAction::TeamCreate,
                    AuditAction::MembershipCreate,
                    AuditAction::MembershipCreate,
                    AuditAction::SelectionDecision,
                ],
            )
            .await;
        assert!(
            said.contains("52/QĐ-UBND") && said.contains("2 người"),
            "{said}"
        );

        // ---- selection: a new round up to a tie and its decision ---------------------------
        let rid = s
            .create_round(
                &police,
                &NewRound {
                    commune: ia_toi,
                    new_team_name: None,
                    team: Some(team),
                    villages: vec![village],
                    title: "Tuyển chọn bổ sung thôn Minh họa 4".into(),
                    quota: 1,
                    documents: "Đơn, sơ yếu lý lịch".into(),
                    place: "Công an xã".into(),
                    application_deadline: d(2026, 11, 20),
                    meeting_on: d(2026, 11, 27),
                },
            )
            .await
            .unwrap();
        log.expect_one(s, "round", AuditAction::SelectionCreate)
            .await;
        s.record_step(
            &police,
            rid,
            Step::PlanApproved,
            d(2026, 11, 10),
            None,
            None,
        )
        .await
        .unwrap();
        let said = log.expect_one(s, "step", AuditAction::SelectionStep).await;
        assert!(said.contains("10/11/2026"), "{said}");
        s.record_step(&police, rid, Step::PlanPosted, d(2026, 11, 11), None, None)
            .await
            .unwrap();
        log.expect_one(s, "step", AuditAction::SelectionStep).await;
        let full = Checklist {
            form01: true,
            cv: true,
            health_certificate: true,
            diploma: true,
        };
        let mut apps = Vec::new();
        for (cccd, name) in [("062091000501", "A Thử Một"), ("062092000502", "A Thử Hai")] {
            let mut p = person(cccd, name, ia_toi);
            p.birth_date = d(1991 + apps.len() as i32, 3, 3);
            let pid = s.create_person(&police, &p).await.unwrap();
            log.expect_one(s, "applicant", AuditAction::PersonCreate)
                .await;
            s.add_application(
                &police,
                rid,
                &NewApplication {
                    person: pid,
                    village: Some(village),
                    submitted_on: d(2026, 11, 12),
                    received_by: "Công an xã".into(),
                    checklist: full,
                    legal_status: LegalStatus::Clear,
                },
            )
            .await
            .unwrap();
            let said = log
                .expect_one(s, "application", AuditAction::SelectionApplication)
                .await;
            assert!(said.contains(name), "{said}");
            apps.push(pid);
        }
        s.record_step(
            &police,
            rid,
            Step::ListApproved,
            d(2026, 11, 21),
            None,
            None,
        )
        .await
        .unwrap();
        s.record_step(&police, rid, Step::ListPosted, d(2026, 11, 23), None, None)
            .await
            .unwrap();
        log.expect(
            s,
            "list",
            &[AuditAction::SelectionStep, AuditAction::SelectionStep],
        )
        .await;
        let listed: Vec<_> = s
            .round(&police, rid)
            .await
            .unwrap()
            .applications
            .iter()
            .map(|a| a.id)
            .collect();
        let seat = |name: &str, role| CouncilMember {
            full_name: name.into(),
            role,
            organisation: "UBND xã".into(),
            present: true,
        };
        s.record_vote(
            &police,
            rid,
            &CouncilVote {
                met_on: d(2026, 11, 27),
                method: VoteMethod::ShowOfHands,
                members: vec![
                    seat("Chủ tịch Hội đồng", CouncilRole::Chair),
                    seat("Thành viên 1", CouncilRole::Member),
                    seat("Thành viên 2", CouncilRole::Member),
                    seat("Thư ký", CouncilRole::Secretary),
                ],
                votes: listed.iter().map(|a| (*a, 4)).collect(),
            },
        )
        .await
        .unwrap();
        let said = log.expect_one(s, "vote", AuditAction::SelectionVote).await;
        assert!(said.contains("27/11/2026"), "{said}");
        let tie = s
            .create_decision(
                &police,
                &NewDecision {
                    commune: ia_toi,
                    number: "60/QĐ-UBND".into(),
                    signed_on: d(2026, 11, 28),
                    signer: "Chủ tịch UBND xã (minh họa)".into(),
                    kind: DecisionKind::Other,
                    subject: "Chọn người trong trường hợp bằng phiếu".into(),
                },
            )
            .await
            .unwrap();
        log.expect_one(s, "tie decision", AuditAction::DecisionCreate)
            .await;
        s.resolve_tie(&police, rid, tie, &listed[..1])
            .await
            .unwrap();
        log.expect_one(s, "tie", AuditAction::SelectionTie).await;

        // ---- money: the duty log and the payroll ------------------------------------------
        {
            use antt_domain::payroll::{DutyKind, Month};
            use antt_store::payroll::NewShift;
            let s = &s.clone().with_demo_packs(true);
            let teams = s
                .teams(&police, Some(ia_toi), d(2026, 11, 1))
                .await
                .unwrap();
            let shift = s
                .record_duty_shift(
                    &police,
                    &NewShift {
                        team: teams[0].id,
                        date: d(2026, 11, 14),
                        start: 22 * 60,
                        end: 2 * 60,
                        kind: DutyKind::Patrol,
                        hazardous: false,
                        mobilised_by: None,
                        note: None,
                        people: vec![teams[0].members[0].person_id],
                    },
                )
                .await
                .unwrap();
            let said = log
                .expect_one(s, "duty shift", AuditAction::DutyShiftRecord)
                .await;
            assert!(
                said.contains("22:00 ngày 14/11/2026") && said.contains("1 người"),
                "{said}"
            );
            s.delete_duty_shift(&police, shift.id).await.unwrap();
            let said = log
                .expect_one(s, "delete shift", AuditAction::DutyShiftDelete)
                .await;
            assert!(said.starts_with("Xóa ca trực"), "{said}");
            // The duty log from a file: one entry for the shift it brings, none when the same
            // file comes again, none for a dry run.
            let sheet = antt_domain::roster::RosterFile {
                name: "so-truc.csv".into(),
                sha256: "0".repeat(64),
                cells: Ok(vec![
                    [
                        "Tổ",
                        "Ngày",
                        "Giờ bắt đầu",
                        "Giờ kết thúc",
                        "Loại ca",
                        "Người tham gia",
                    ]
                    .map(String::from)
                    .to_vec(),
                    [
                        teams[0].name.as_str(),
                        "15/11/2026",
                        "22:00",
                        "02:00",
                        "Tuần tra",
                        teams[0].members[0].cccd.as_str(),
                    ]
                    .map(String::from)
                    .to_vec(),
                ]),
            };
            s.import_duty_log(&police, ia_toi, &sheet, true)
                .await
                .unwrap();
            log.expect_none(s, "a dry run of the duty log").await;
            s.import_duty_log(&police, ia_toi, &sheet, false)
                .await
                .unwrap();
            let said = log
                .expect_one(s, "imported shift", AuditAction::DutyShiftRecord)
                .await;
            assert!(said.contains("22:00 ngày 15/11/2026"), "{said}");
            s.import_duty_log(&police, ia_toi, &sheet, false)
                .await
                .unwrap();
            log.expect_none(s, "the same duty file again").await;
            let nov = Month::new(2026, 11).unwrap();
            let kt = s.login("kt.iatoi", PASSWORD).await.unwrap().0;
            log.expect_one(s, "login kt", AuditAction::SecurityLogin)
                .await;
            let draft = s.payroll(&kt, ia_toi, nov).await.unwrap();
            log.expect_none(s, "reading a draft").await;
            s.check_payroll(&kt, ia_toi, nov).await.unwrap();
            let said = log.expect_one(s, "check", AuditAction::PayrollCheck).await;
            assert!(
                said.contains("tháng 11 năm 2026") && said.contains(&draft.body.total.to_string()),
                "{said}"
            );
            s.return_payroll(&kt, ia_toi, nov, "Thiếu ca trực")
                .await
                .unwrap();
            log.expect_one(s, "return", AuditAction::PayrollReturn)
                .await;
            s.check_payroll(&kt, ia_toi, nov).await.unwrap();
            log.expect_one(s, "check again", AuditAction::PayrollCheck)
                .await;
            s.approve_payroll(&chair, ia_toi, nov).await.unwrap();
            log.expect_one(s, "approve", AuditAction::PayrollApprove)
                .await;
            assert!(s.approve_payroll(&chair, ia_toi, nov).await.is_err());
            log.expect_none(s, "a refused second approval").await;
            s.pay_payroll(&kt, ia_toi, nov, d(2026, 11, 30), "PC-11/2026")
                .await
                .unwrap();
            let said = log.expect_one(s, "pay", AuditAction::PayrollPay).await;
            assert!(said.contains("PC-11/2026"), "{said}");

            // Insurance: an enrolment, the next quarter's advance, the office's confirmation.
            use antt_domain::insurance::quarter::{PaymentMode, Quarter};
            let person = teams[0].members[0].person_id;
            let mut e = s.insurance_enrolment(&kt, person).await.unwrap().unwrap();
            assert_eq!(
                s.set_insurance_enrolment(&kt, person, &e).await.unwrap(),
                Outcome::Unchanged
            );
            log.expect_none(s, "the same enrolment").await;
            e.payment_mode = PaymentMode::Yearly;
            s.set_insurance_enrolment(&kt, person, &e).await.unwrap();
            let said = log
                .expect_one(s, "enrolment", AuditAction::InsuranceEnrolment)
                .await;
            assert!(said.contains(&teams[0].members[0].full_name), "{said}");
            let q1 = Quarter::new(2027, 1).unwrap();
            s.record_insurance_advance(&kt, ia_toi, q1, d(2026, 11, 30), "UNC-Q1/2027", None)
                .await
                .unwrap();
            let said = log
                .expect_one(s, "advance", AuditAction::InsuranceAdvance)
                .await;
            assert!(
                said.contains("quý I năm 2027") && said.contains("UNC-Q1/2027"),
                "{said}"
            );
            let bhxh = s.login("bhxh.iahdrai", PASSWORD).await.unwrap().0;
            log.expect_one(s, "login bhxh", AuditAction::SecurityLogin)
                .await;
            s.confirm_insurance_quarter(&bhxh, ia_toi, Quarter::new(2026, 3).unwrap())
                .await
                .unwrap();
            log.expect_one(s, "confirm", AuditAction::InsuranceConfirm)
                .await;

            // Payment details: a member's account, the commune's codes, a bank's layout.
            use antt_domain::payroll::bank::{BankAccount, BankLayout};
            let acc = BankAccount {
                account_no: "5100 2059 9999".into(),
                bank: "Agribank".into(),
                branch: None,
            };
            s.set_bank_account(&kt, person, Some(&acc)).await.unwrap();
            let said = log
                .expect_one(s, "bank account", AuditAction::BankAccountSet)
                .await;
            assert!(said.contains("tài khoản ngân hàng"), "{said}");
            assert_eq!(
                s.set_bank_account(&kt, person, Some(&acc)).await.unwrap(),
                Outcome::Unchanged
            );
            log.expect_none(s, "the same account").await;
            let (mut details, _) = s.payment_details(&kt, ia_toi).await.unwrap();
            details.treasury = Some("Kho bạc Nhà nước khu vực XIV".into());
            s.set_payment_details(&kt, ia_toi, &details).await.unwrap();
            log.expect_one(s, "payment details", AuditAction::PaymentDetailsSet)
                .await;
            s.set_bank_layout(
                &kt,
                ia_toi,
                &BankLayout {
                    bank: "BIDV".into(),
                    columns: BankLayout::parse_columns("stt, name, account, amount").unwrap(),
                    delimiter: ';',
                    header: false,
                },
            )
            .await
            .unwrap();
            let said = log
                .expect_one(s, "bank layout", AuditAction::PaymentDetailsSet)
                .await;
            assert!(said.contains("BIDV"), "{said}");
        }

        // ---- leaving --------------------------------------------------------------------
        s.logout(&admin, &admin_session.token, None).await.unwrap();
        log.expect_one(s, "logout", AuditAction::SecurityLogout)
            .await;
        s.logout_everywhere(&police, None).await.unwrap();
        log.expect_one(
            s,
            "logout everywhere",
            AuditAction::SecurityLogoutEverywhere,
        )
        .await;
        let _ = (chair, apps);
    }
}

/// The keys an audit row recorded.
fn keys(e: &AuditEntry) -> Vec<String> {
    let mut k: Vec<String> = e
        .after
        .as_ref()
        .and_then(|v| v.as_object())
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    k.sort();
    k
}

#[tokio::test]
async fn an_import_audits_each_record_in_the_shape_of_the_same_write_through_a_form() {
    for db in demo_dbs().await {
        let s = &db.store;
        let police = s.login("ca.iatoi", PASSWORD).await.unwrap().0;
        let ia_toi = s.unit_by_code(&police, "23538").await.unwrap();
        let mut log = Ledger::new(s).await;
        // Through the forms: a team, a person, a membership.
        let village = s.unit_by_code(&police, "23537-02").await.unwrap();
        let team = s
            .create_team(
                &police,
                &NewTeam {
                    commune: ia_toi,
                    name: "Tổ bảo vệ ANTT thôn Minh họa 4B".into(),
                    villages: vec![village],
                    workplace: None,
                    established_on: d(2025, 8, 1),
                    decision: None,
                },
            )
            .await
            .unwrap();
        let pid = s
            .create_person(&police, &person("062090012398", "Y Thử Mẫu", ia_toi))
            .await
            .unwrap();
        s.add_membership(
            &police,
            &NewMembership {
                person: pid,
                team,
                role: TeamRole::Leader,
                origin: Origin::FormerCivilDefence,
                start_date: d(2025, 8, 1),
                decision: None,
                over70_decision: None,
            },
        )
        .await
        .unwrap();
        let forms = log.since(s).await;
        // Through a file: the same three kinds of record, and the import's own row.
        let header = [
            "STT",
            "Tên Tổ",
            "Mã thôn, tổ dân phố",
            "Ngày thành lập Tổ",
            "Số CCCD",
            "Họ và tên",
            "Ngày sinh",
            "Giới tính",
            "Dân tộc",
            "Nơi cư trú",
            "Trình độ học vấn",
            "Diện hộ",
            "Chức danh",
            "Nguồn",
            "Ngày bắt đầu",
        ];
        let row = [
            "1",
            "Tổ bảo vệ ANTT thôn Minh họa 4",
            "23537-01",
            "01/08/2025",
            "062090000401",
            "Rơ Mah Nhập A",
            "10/02/1990",
            "Nam",
            "Gia Rai",
            "Thôn Minh họa 4, xã Ia Tơi",
            "THCS",
            "Hộ nghèo",
            "Tổ trưởng",
            "Dân phòng",
            "01/08/2025",
        ];
        let cells = [&header[..], &row[..]]
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        let file = antt_domain::roster::RosterFile {
            name: "thu.csv".into(),
            sha256: "00".into(),
            cells: Ok(cells),
        };
        let report = s
            .run_import(&police, Some(ia_toi), &file, false)
            .await
            .unwrap();
        assert!(report.committed, "{:?}", report.errors);
        let imported = log.since(s).await;
        let actions: Vec<&str> = imported.iter().map(|r| r.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "team.create",
                "person.create",
                "membership.create",
                "import.roster"
            ]
        );
        for r in &imported[..3] {
            let form = forms
                .iter()
                .find(|f| f.action == r.action)
                .expect("the same write through a form");
            let mut k = keys(r);
            assert_eq!(
                r.after.as_ref().unwrap()["source"]
                    .as_str()
                    .map(|s| s.starts_with("thu.csv")),
                Some(true)
            );
            k.retain(|x| x != "source");
            assert_eq!(
                k,
                keys(form),
                "{}: the same shape as the form's row",
                r.action
            );
            assert_eq!(r.label, form.label);
        }
    }
}

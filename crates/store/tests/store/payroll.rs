//! The payroll's use cases on both databases: the demo's history of 1/7/2026 (FIX-1), the lock of
//! an approved month, the states and who may move them.

use antt_domain::kernel::ids::PersonId;
use antt_domain::money::Dong;
use antt_domain::payroll::{DutyKind, Month, PayrollState};
use antt_store::payroll::NewShift;
use antt_store::{Store, StoreError};

use crate::helpers::{d, demo_dbs};

fn month(y: i32, m: u32) -> Month {
    Month::new(y, m).unwrap()
}

fn code_of<T: std::fmt::Debug>(r: Result<T, StoreError>) -> String {
    match r {
        Err(StoreError::Invalid(e)) => e.code().to_string(),
        Err(StoreError::Forbidden) => "forbidden".into(),
        Err(StoreError::NotFound) => "not_found".into(),
        Err(StoreError::PolicyGap(g)) => format!("gap:{}", g.missing[0].parameter),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn demo(store: &Store) -> Store {
    store.clone().with_demo_packs(true)
}

/// FIX-1: July–October 2026 were approved at 2,340,000; the base salary rose on 1/7/2026. The
/// November draft carries, for each member and month, the difference to the đồng, naming the
/// decree; the approved months read as they were approved.
#[tokio::test]
async fn fix_1_the_demo_november_draft_carries_the_arrears_of_july_to_october() {
    for db in demo_dbs().await {
        let store = demo(&db.store).await;
        let kt = store.actor_named("kt.iatoi").await.unwrap();
        let ia_toi = store.unit_by_code(&kt, "23538").await.unwrap();
        let july = store.payroll(&kt, ia_toi, month(2026, 7)).await.unwrap();
        assert_eq!(july.state, PayrollState::Paid);
        assert!(
            july.approved_by
                .as_deref()
                .unwrap()
                .starts_with("ubnd.iatoi")
        );
        let member = july
            .body
            .lines
            .iter()
            .find(|l| l.role == antt_domain::policy::TeamRole::Member)
            .unwrap();
        assert_eq!(
            member.monthly_support,
            Dong(1_170_000),
            "0.5 × 2,340,000 as approved"
        );

        let nov = store.payroll(&kt, ia_toi, month(2026, 11)).await.unwrap();
        assert_eq!(nov.state, PayrollState::Draft);
        assert!(nov.body.illustrative);
        assert_eq!(nov.body.gap, None, "{:?}", nov.body.gap);
        let m = nov
            .body
            .lines
            .iter()
            .find(|l| l.cccd == member.cccd)
            .unwrap();
        assert_eq!(m.monthly_support, Dong(1_265_000));
        let support: Vec<(String, i64)> = m
            .arrears
            .iter()
            .filter(|a| a.item == "monthly_support")
            .map(|a| (a.month.to_string(), a.diff.0))
            .collect();
        assert_eq!(
            support,
            vec![
                ("2026-07".into(), 95_000),
                ("2026-08".into(), 95_000),
                ("2026-09".into(), 95_000),
                ("2026-10".into(), 95_000)
            ]
        );
        let a = &m.arrears[0];
        assert_eq!((a.old, a.new), (Dong(1_170_000), Dong(1_265_000)));
        assert!(
            a.cause.contains("161/2026") && !a.cause.contains("FIX-1"),
            "{}",
            a.cause
        );
        assert_eq!(a.rules, vec!["FIX-1".to_string()]);
        // Sums match to the đồng: lines, teams, commune.
        let lines: i64 = nov.body.lines.iter().map(|l| l.total.0).sum();
        let teams: i64 = nov.body.teams.iter().map(|t| t.total.0).sum();
        assert_eq!(lines, nov.body.total.0);
        assert_eq!(teams, nov.body.total.0);
        // The report lists them with their cause; the allowances did not change, so only
        // the support is owed.
        let report = store
            .payroll_arrears(&kt, ia_toi, month(2026, 7), month(2026, 11))
            .await
            .unwrap();
        assert!(!report.is_empty());
        assert!(
            report
                .iter()
                .all(|r| r.paid_in == month(2026, 11) && r.arrear.item == "monthly_support")
        );
        let owed: i64 = report.iter().map(|r| r.arrear.diff.0).sum();
        let per_month: i64 = july
            .body
            .lines
            .iter()
            .map(|l| match l.role {
                antt_domain::policy::TeamRole::Leader => 123_500,
                antt_domain::policy::TeamRole::Deputy => 104_500,
                antt_domain::policy::TeamRole::Member => 95_000,
            })
            .sum();
        assert_eq!(owed, 4 * per_month);
    }
}

#[tokio::test]
async fn an_approved_month_is_locked_with_its_duty_log_and_the_refusal_says_why() {
    for db in demo_dbs().await {
        let store = demo(&db.store).await;
        let police = store.actor_named("ca.iatoi").await.unwrap();
        let ia_toi = store.unit_by_code(&police, "23538").await.unwrap();
        let teams = store
            .teams(&police, Some(ia_toi), d(2026, 8, 1))
            .await
            .unwrap();
        let team = &teams[0];
        let someone: PersonId = team.members[0].person_id;
        let shift = |date| NewShift {
            team: team.id,
            date,
            start: 22 * 60,
            end: 2 * 60,
            kind: DutyKind::Patrol,
            hazardous: false,
            mobilised_by: None,
            note: None,
            people: vec![someone],
        };
        assert_eq!(
            code_of(
                store
                    .record_duty_shift(&police, &shift(d(2026, 8, 10)))
                    .await
            ),
            "payroll_locked"
        );
        let august = store
            .duty_shifts(&police, ia_toi, None, d(2026, 8, 1), d(2026, 8, 31))
            .await
            .unwrap();
        assert!(!august.is_empty() && august.iter().all(|s| s.locked));
        assert_eq!(
            code_of(store.delete_duty_shift(&police, august[0].id).await),
            "payroll_locked"
        );
        // November is open: a shift goes in, and someone not in post that day is refused.
        let s = store
            .record_duty_shift(&police, &shift(d(2026, 11, 12)))
            .await
            .unwrap();
        assert!(!s.locked);
        assert_eq!(s.night_minutes, 240);
        let mut stranger = shift(d(2026, 11, 13));
        stranger.people = vec![PersonId(uuid::Uuid::now_v7())];
        assert_eq!(
            code_of(store.record_duty_shift(&police, &stranger).await),
            "not_a_member"
        );
        let chairman = store.actor_named("ubnd.iatoi").await.unwrap();
        assert_eq!(
            code_of(store.check_payroll(&chairman, ia_toi, month(2026, 7)).await),
            "forbidden"
        );
        let kt = store.actor_named("kt.iatoi").await.unwrap();
        assert_eq!(
            code_of(store.check_payroll(&kt, ia_toi, month(2026, 7)).await),
            "payroll_locked"
        );
    }
}

#[tokio::test]
async fn check_approve_pay_in_order_by_the_right_people_and_a_change_after_checking_is_caught() {
    for db in demo_dbs().await {
        let store = demo(&db.store).await;
        let kt = store.actor_named("kt.iatoi").await.unwrap();
        let chairman = store.actor_named("ubnd.iatoi").await.unwrap();
        let police = store.actor_named("ca.iatoi").await.unwrap();
        let admin = store.actor_named("admin").await.unwrap();
        let other = store.actor_named("ca.iadal").await.unwrap();
        let ia_toi = store.unit_by_code(&kt, "23538").await.unwrap();
        let nov = month(2026, 11);
        // Another commune's police do not see Ia Tơi's money; police may compute the draft
        // but not check it; no administrator approves.
        assert_eq!(
            code_of(store.payroll(&other, ia_toi, nov).await),
            "not_found"
        );
        assert!(store.payroll(&police, ia_toi, nov).await.is_ok());
        assert_eq!(
            code_of(store.check_payroll(&police, ia_toi, nov).await),
            "forbidden"
        );
        assert_eq!(
            code_of(store.approve_payroll(&chairman, ia_toi, nov).await),
            "payroll_not_checked"
        );
        let checked = store.check_payroll(&kt, ia_toi, nov).await.unwrap();
        assert_eq!(checked.state, PayrollState::Checked);
        assert_eq!(
            code_of(store.approve_payroll(&admin, ia_toi, nov).await),
            "forbidden"
        );
        // A shift entered after the check: the chairman is told to have it checked again.
        let teams = store
            .teams(&police, Some(ia_toi), d(2026, 11, 1))
            .await
            .unwrap();
        store
            .record_duty_shift(
                &police,
                &NewShift {
                    team: teams[0].id,
                    date: d(2026, 11, 20),
                    start: 22 * 60,
                    end: 4 * 60,
                    kind: DutyKind::Patrol,
                    hazardous: false,
                    mobilised_by: None,
                    note: None,
                    people: vec![teams[0].members[0].person_id],
                },
            )
            .await
            .unwrap();
        assert!(
            store
                .payroll(&kt, ia_toi, nov)
                .await
                .unwrap()
                .changed_since_check
        );
        assert_eq!(
            code_of(store.approve_payroll(&chairman, ia_toi, nov).await),
            "payroll_changed_since_check"
        );
        assert_eq!(
            code_of(store.return_payroll(&kt, ia_toi, nov, "  ").await),
            "reason_required"
        );
        let back = store
            .return_payroll(&kt, ia_toi, nov, "Bổ sung ca trực ngày 20/11")
            .await
            .unwrap();
        assert_eq!(back.state, PayrollState::Draft);
        store.check_payroll(&kt, ia_toi, nov).await.unwrap();
        // The test clock is 30/11/2026, the month's last day: it may be approved.
        let approved = store.approve_payroll(&chairman, ia_toi, nov).await.unwrap();
        assert_eq!(approved.state, PayrollState::Approved);
        assert!(approved.body.lines.iter().any(|l| !l.arrears.is_empty()));
        // December has not ended; the arrears, now settled, are not owed again.
        let dec = store.payroll(&kt, ia_toi, month(2026, 12)).await.unwrap();
        assert!(
            dec.body.lines.iter().all(|l| l.arrears.is_empty()),
            "{:?}",
            dec.body.lines[0].arrears
        );
        assert_eq!(
            code_of(store.check_payroll(&kt, ia_toi, nov).await),
            "payroll_locked"
        );
        assert_eq!(
            code_of(
                store
                    .pay_payroll(&kt, ia_toi, nov, d(2026, 11, 29), "PC-11")
                    .await
            ),
            "paid_before_approved"
        );
        let paid = store
            .pay_payroll(&kt, ia_toi, nov, d(2026, 11, 30), "PC-11/2026")
            .await
            .unwrap();
        assert_eq!(paid.state, PayrollState::Paid);
        assert_eq!(paid.body, approved.body, "paying changes no figure");
        assert_eq!(
            code_of(
                store
                    .pay_payroll(&kt, ia_toi, nov, d(2026, 11, 30), "PC-11/2026")
                    .await
            ),
            "payroll_already_paid"
        );
    }
}

/// PRO-1: without the demo pack, Kon Tum's resolution gives no support figure: the draft names
/// the gap and cannot be checked.
#[tokio::test]
async fn pro_1_a_commune_whose_pack_is_silent_gets_a_gap_not_a_payroll() {
    for db in demo_dbs().await {
        let kt = db.store.actor_named("kt.iatoi").await.unwrap();
        let ia_toi = db.store.unit_by_code(&kt, "23538").await.unwrap();
        let draft = db
            .store
            .payroll(&kt, ia_toi, month(2026, 11))
            .await
            .unwrap();
        let gap = draft.body.gap.unwrap();
        assert!(gap.missing.iter().any(|m| m.parameter == "monthly_support"));
        assert!(
            draft
                .body
                .lines
                .iter()
                .all(|l| l.monthly_support == Dong(0))
        );
        assert!(
            code_of(db.store.check_payroll(&kt, ia_toi, month(2026, 11)).await).starts_with("gap:")
        );
    }
}

/// INS-8, INS-12 through the store: once the province's pack says the member's own insurance
/// part is withheld from the support, November's draft takes off each member exactly their own
/// parts of the month as the insurance quarter counts them, and the months approved before
/// without withholding are collected back (truy thu) on the same draft.
#[tokio::test]
async fn ins_12_the_draft_withholds_what_the_insurance_quarter_counts_as_the_members_part() {
    for db in demo_dbs().await {
        let store = demo(&db.store).await;
        let admin = store.actor_named("admin").await.unwrap();
        let text = store
            .policy_pack_text("demo-kon-tum")
            .await
            .unwrap()
            .replace("choice = \"member_pays\"", "choice = \"withheld\"");
        store.upload_policy_pack(&admin, &text).await.unwrap();
        let kt = store.actor_named("kt.iatoi").await.unwrap();
        let ia_toi = store.unit_by_code(&kt, "23538").await.unwrap();
        let nov = store.payroll(&kt, ia_toi, month(2026, 11)).await.unwrap();
        assert_eq!(nov.body.gap, None, "{:?}", nov.body.gap);
        let q4 = store
            .insurance_quarter(
                &kt,
                ia_toi,
                antt_domain::insurance::quarter::Quarter::new(2026, 4).unwrap(),
            )
            .await
            .unwrap();
        let in_post: Vec<_> = nov.body.lines.iter().filter(|l| l.days > 0).collect();
        assert!(!in_post.is_empty());
        for l in in_post {
            let q = q4.body.lines.iter().find(|q| q.person == l.person).unwrap();
            let m = q
                .months
                .iter()
                .find(|m| m.month == month(2026, 11))
                .unwrap();
            let own = m.bhxh.as_ref().map_or(0, |b| b.member.0)
                + m.bhyt.as_ref().map_or(0, |b| b.member.0);
            assert!(own > 0, "{}", l.name);
            assert_eq!(l.withheld, Dong(own), "{}", l.name);
            let items: i64 = l.items.iter().map(|i| i.dong.0).sum();
            let arrears: i64 = l.arrears.iter().map(|a| a.diff.0).sum();
            assert_eq!(l.total, Dong(items + arrears));
            // July to October were approved with nothing withheld: collected back now.
            let back: Vec<String> = l
                .arrears
                .iter()
                .filter(|a| a.item == antt_domain::payroll::WITHHELD)
                .map(|a| {
                    assert!(a.diff.0 < 0 && a.kind_vi() == "Truy thu", "{a:?}");
                    a.month.to_string()
                })
                .collect();
            assert_eq!(back, vec!["2026-07", "2026-08", "2026-09", "2026-10"]);
        }
        let teams: i64 = nov.body.teams.iter().map(|t| t.total.0).sum();
        assert_eq!(teams, nov.body.total.0);
    }
}

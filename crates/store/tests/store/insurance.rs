//! Insurance on both databases: the demo's third quarter of 2026 advanced before the base
//! salary rose and settled after (INS-10), the office's confirmation (INS-1), the year, the
//! enrolment's checks, and who may do what.

use antt_domain::inbox::InboxKind;
use antt_domain::insurance::quarter::{Enrolment, PaymentMode, Quarter};
use antt_domain::money::Dong;
use antt_domain::payroll::Month;
use antt_store::insurance::QuarterState;
use antt_store::{Store, StoreError};

use crate::helpers::{d, demo_dbs};

fn code_of<T: std::fmt::Debug>(r: Result<T, StoreError>) -> String {
    match r {
        Err(StoreError::Invalid(e)) => e.code().to_string(),
        Err(StoreError::Forbidden) => "forbidden".into(),
        Err(StoreError::NotFound) => "not_found".into(),
        Err(StoreError::PolicyGap(g)) => format!("gap:{}", g.missing[0].parameter),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn quarter(y: i32, q: u32) -> Quarter {
    Quarter::new(y, q).unwrap()
}

async fn demo(store: &Store) -> Store {
    store.clone().with_demo_packs(true)
}

/// INS-10 with FIX-1: Q3/2026 was advanced in July at BHYT 4.5 % × 2,340,000 (support 52,650
/// a month, the demo's BHXH TN top-up 33,000) and settled in October at 2,530,000 (56,925): a
/// member in post the whole quarter owes 3 × 4,275 = 12,825 đ more; the commune's sums are the
/// members' sums; the settled quarter reads as settled.
#[tokio::test]
async fn ins_10_the_demo_third_quarter_settles_the_rise_of_the_base_salary() {
    for db in demo_dbs().await {
        let store = demo(&db.store).await;
        let kt = store.actor_named("kt.iatoi").await.unwrap();
        let ia_toi = store.unit_by_code(&kt, "23538").await.unwrap();
        let q3 = store
            .insurance_quarter(&kt, ia_toi, quarter(2026, 3))
            .await
            .unwrap();
        assert_eq!(q3.state, QuarterState::Settled);
        assert!(q3.body.illustrative);
        let whole: Vec<_> = q3
            .body
            .lines
            .iter()
            .filter(|l| {
                l.in_advance
                    && l.months.len() == 3
                    && l.months.iter().all(|m| m.days == m.month.days())
            })
            .collect();
        assert!(!whole.is_empty());
        for l in &whole {
            assert_eq!(
                l.advance.transfer,
                Dong(3 * (33_000 + 52_650)),
                "{}",
                l.name
            );
            assert_eq!(l.actual.transfer, Dong(3 * (33_000 + 56_925)), "{}", l.name);
            assert_eq!(l.difference, Dong(12_825));
        }
        let sum = |f: fn(&antt_domain::insurance::quarter::QuarterLine) -> Dong| {
            q3.body.lines.iter().fold(Dong(0), |a, l| a + f(l))
        };
        assert_eq!(sum(|l| l.advance.transfer), q3.body.advance.transfer);
        assert_eq!(sum(|l| l.actual.transfer), q3.body.actual.transfer);
        let settled = q3.settlement.as_ref().unwrap();
        assert_eq!(settled.actual, q3.body.actual.transfer);
        assert_eq!(
            settled.difference,
            q3.body.actual.transfer - q3.advance_record.as_ref().unwrap().total
        );
        assert_eq!(q3.advance_record.as_ref().unwrap().on, d(2026, 7, 6));

        // Q4 was advanced in October; it is not over on 30/11/2026.
        let q4 = store
            .insurance_quarter(&kt, ia_toi, quarter(2026, 4))
            .await
            .unwrap();
        assert_eq!(q4.state, QuarterState::Advanced);
        assert_eq!(q4.body.difference, Dong(0), "nobody came or went");
        assert_eq!(
            code_of(
                store
                    .record_insurance_advance(
                        &kt,
                        ia_toi,
                        quarter(2026, 4),
                        d(2026, 11, 2),
                        "UNC-2",
                        None
                    )
                    .await
            ),
            "insurance_advance_recorded"
        );
        assert_eq!(
            code_of(
                store
                    .settle_insurance_quarter(&kt, ia_toi, quarter(2026, 4), d(2026, 11, 30), "QT")
                    .await
            ),
            "insurance_quarter_not_over"
        );
        assert_eq!(
            code_of(
                store
                    .settle_insurance_quarter(&kt, ia_toi, quarter(2026, 3), d(2026, 11, 30), "QT")
                    .await
            ),
            "insurance_already_settled"
        );
        assert_eq!(
            code_of(
                store
                    .settle_insurance_quarter(&kt, ia_toi, quarter(2026, 2), d(2026, 11, 30), "QT")
                    .await
            ),
            "insurance_no_advance"
        );

        // The year: Q1 and Q2 never transferred through the product; what is left is theirs.
        let year = store.insurance_year(&kt, ia_toi, 2026).await.unwrap();
        assert_eq!(year.quarters.len(), 4);
        assert_eq!(
            year.transferred,
            q3.advance_record.as_ref().unwrap().total
                + settled.difference
                + q4.advance_record.as_ref().unwrap().total
        );
        assert_eq!(year.balance, year.actual - year.transferred);
        assert!(!year.complete);
    }
}

/// INS-1: the social insurance office confirms a settled quarter, once, within its area; the
/// commune's accountant does not confirm, the office does not transfer, nobody acts on
/// another commune.
#[tokio::test]
async fn ins_1_the_office_confirms_what_the_commune_settled_and_nobody_else_does() {
    for db in demo_dbs().await {
        let store = demo(&db.store).await;
        let kt = store.actor_named("kt.iatoi").await.unwrap();
        let bhxh = store.actor_named("bhxh.iahdrai").await.unwrap();
        let other = store.actor_named("ca.iadal").await.unwrap();
        let admin = store.actor_named("admin").await.unwrap();
        let ia_toi = store.unit_by_code(&kt, "23538").await.unwrap();
        let q3 = quarter(2026, 3);
        let inbox = store.inbox(&bhxh, d(2026, 11, 30)).await.unwrap();
        assert!(
            inbox
                .items
                .iter()
                .any(|i| i.kind == InboxKind::InsuranceNotConfirmed
                    && i.target_id == "23538/2026-Q3"),
            "{:?}",
            inbox.items
        );
        assert_eq!(
            code_of(store.confirm_insurance_quarter(&kt, ia_toi, q3).await),
            "forbidden"
        );
        assert_eq!(
            code_of(store.confirm_insurance_quarter(&admin, ia_toi, q3).await),
            "forbidden"
        );
        assert_eq!(
            code_of(
                store
                    .record_insurance_advance(
                        &bhxh,
                        ia_toi,
                        quarter(2027, 1),
                        d(2026, 11, 30),
                        "X",
                        None
                    )
                    .await
            ),
            "forbidden"
        );
        assert_eq!(
            code_of(store.insurance_quarter(&other, ia_toi, q3).await),
            "not_found"
        );
        assert_eq!(
            code_of(
                store
                    .confirm_insurance_quarter(&bhxh, ia_toi, quarter(2026, 4))
                    .await
            ),
            "insurance_not_settled"
        );
        let v = store
            .confirm_insurance_quarter(&bhxh, ia_toi, q3)
            .await
            .unwrap();
        assert_eq!(v.state, QuarterState::Confirmed);
        assert!(v.confirmed_by.unwrap().starts_with("bhxh.iahdrai"));
        assert_eq!(
            code_of(store.confirm_insurance_quarter(&bhxh, ia_toi, q3).await),
            "insurance_already_confirmed"
        );
        let inbox = store.inbox(&bhxh, d(2026, 11, 30)).await.unwrap();
        assert!(
            !inbox
                .items
                .iter()
                .any(|i| i.kind == InboxKind::InsuranceNotConfirmed)
        );
        // The audit names the quarter.
        let audit = store.audit_entries(&admin, None, None, 50).await.unwrap();
        assert!(
            audit.iter().any(|e| e
                .summary
                .contains("xác nhận kinh phí bảo hiểm quý III năm 2026")),
            "{:?}",
            audit.iter().map(|e| &e.summary).collect::<Vec<_>>()
        );
    }
}

/// The enrolment is checked as the office writes its codes; another commune's police cannot
/// touch it; the same values twice record nothing.
#[tokio::test]
async fn an_enrolment_keeps_the_offices_codes_and_its_owner() {
    for db in demo_dbs().await {
        let store = demo(&db.store).await;
        let ca = store.actor_named("ca.iatoi").await.unwrap();
        let other = store.actor_named("ca.iadal").await.unwrap();
        let ia_toi = store.unit_by_code(&ca, "23538").await.unwrap();
        let teams = store
            .teams(&ca, Some(ia_toi), d(2026, 11, 30))
            .await
            .unwrap();
        let person = teams[0].members[0].person_id;
        let e = Enrolment {
            bhxh_code: Some(" 6223 000 099 ".into()),
            bhxh_from: Month::new(2024, 7),
            payment_mode: PaymentMode::HalfYearly,
            state_months_before: 12,
            bhyt_card: Some("gd4626223000099".into()),
        };
        store
            .set_insurance_enrolment(&ca, person, &e)
            .await
            .unwrap();
        let got = store
            .insurance_enrolment(&ca, person)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(got.bhxh_code.as_deref(), Some("6223000099"));
        assert_eq!(got.bhyt_card.as_deref(), Some("GD4626223000099"));
        assert_eq!(
            store
                .set_insurance_enrolment(&ca, person, &got)
                .await
                .unwrap(),
            antt_store::units::Outcome::Unchanged
        );
        let bad = Enrolment {
            bhxh_code: Some("12345".into()),
            ..got.clone()
        };
        assert_eq!(
            code_of(store.set_insurance_enrolment(&ca, person, &bad).await),
            "invalid_bhxh_code"
        );
        assert_eq!(
            code_of(store.set_insurance_enrolment(&other, person, &got).await),
            "not_found"
        );
        assert_eq!(
            code_of(store.insurance_enrolment(&other, person).await),
            "not_found"
        );
    }
}

/// BNK-3, BNK-6: an approved month is paid to the accounts on the members' records; a draft is
/// not; an account is digits however it was typed; another commune cannot read or write them.
#[tokio::test]
async fn bnk_6_an_approved_month_is_paid_to_the_accounts_on_record() {
    use antt_domain::payroll::bank::{BankAccount, BankColumn};
    for db in demo_dbs().await {
        let store = demo(&db.store).await;
        let kt = store.actor_named("kt.iatoi").await.unwrap();
        let ca = store.actor_named("ca.iatoi").await.unwrap();
        let other = store.actor_named("ca.iadal").await.unwrap();
        let ia_toi = store.unit_by_code(&kt, "23538").await.unwrap();
        let oct = store
            .payroll_payees(&kt, ia_toi, Month::new(2026, 10).unwrap())
            .await
            .unwrap();
        assert!(!oct.payroll.body.lines.is_empty());
        for l in &oct.payroll.body.lines {
            assert!(oct.accounts.contains_key(&l.person), "{}", l.name);
        }
        assert_eq!(oct.details.budget_unit_code.as_deref(), Some("1099999"));
        assert_eq!(oct.layouts[0].columns[1], BankColumn::NameAscii);
        assert_eq!(
            code_of(
                store
                    .payroll_payees(&kt, ia_toi, Month::new(2026, 11).unwrap())
                    .await
            ),
            "payroll_not_approved"
        );
        let person = oct.payroll.body.lines[0].person;
        let typed = BankAccount {
            account_no: "5100 2051-2345.6".into(),
            bank: "  Agribank ".into(),
            branch: None,
        };
        store
            .set_bank_account(&kt, person, Some(&typed))
            .await
            .unwrap();
        let got = store.bank_account(&kt, person).await.unwrap().unwrap();
        assert_eq!(
            (got.account_no.as_str(), got.bank.as_str()),
            ("5100205123456", "Agribank")
        );
        let bad = BankAccount {
            account_no: "12AB".into(),
            ..typed.clone()
        };
        assert_eq!(
            code_of(store.set_bank_account(&kt, person, Some(&bad)).await),
            "invalid_account"
        );
        // The police keep members, not their money details.
        assert_eq!(
            code_of(store.set_bank_account(&ca, person, Some(&typed)).await),
            "forbidden"
        );
        assert_eq!(
            code_of(store.bank_account(&other, person).await),
            "not_found"
        );
        assert_eq!(
            code_of(
                store
                    .payroll_payees(&other, ia_toi, Month::new(2026, 10).unwrap())
                    .await
            ),
            "not_found"
        );
        // The audit keeps the last digits only.
        let admin = store.actor_named("admin").await.unwrap();
        let audit = store.audit_entries(&admin, None, None, 5).await.unwrap();
        let row = audit
            .iter()
            .find(|e| e.action == "bank_account.set")
            .unwrap();
        let text = serde_json::to_string(&row.after).unwrap();
        assert!(
            text.contains("…3456") && !text.contains("5100205123456"),
            "{text}"
        );
    }
}

/// INS-13: the finance office and the social insurance office read the quarter of every
/// commune under them — where each stands, what it advanced, what it came to, what was
/// transferred and what is left — and the sums are the communes' sums to the đồng. A commune's
/// police cannot read the province's.
#[tokio::test]
async fn ins_13_the_offices_read_every_communes_quarter_and_the_sums_match() {
    for db in demo_dbs().await {
        let store = demo(&db.store).await;
        let finance = store.actor_named("tc.quangngai").await.unwrap();
        let province = store.unit_by_code(&finance, "51").await.unwrap();
        let mut calls = 0;
        let r = store
            .insurance_rollup(&finance, province, quarter(2026, 3), |_, _| calls += 1)
            .await
            .unwrap();
        assert!(r.communes.len() >= 2, "{:?}", r.communes);
        assert!(calls >= 1);
        let ia_toi = r.communes.iter().find(|c| c.commune == "23538").unwrap();
        assert_eq!(ia_toi.state, QuarterState::Settled);
        assert_eq!(ia_toi.advance, Dong(1_027_800));
        assert_eq!(ia_toi.actual, Dong(1_079_100));
        assert_eq!(ia_toi.transferred, Dong(1_079_100));
        assert_eq!(ia_toi.to_settle, Dong(0));
        assert_eq!(
            ia_toi.bhxh_province + ia_toi.bhyt_support,
            ia_toi.actual,
            "the member pays their own part: the transfer is the supports"
        );
        // A commune that recorded nothing has all of it left to transfer.
        let due = r
            .communes
            .iter()
            .find(|c| c.state == QuarterState::Due && c.actual.0 > 0)
            .unwrap();
        assert_eq!(due.to_settle, due.actual);
        let sum = |f: &dyn Fn(&antt_store::insurance::rollup::CommuneQuarter) -> i64| {
            r.communes.iter().map(f).sum::<i64>()
        };
        assert_eq!(Dong(sum(&|c| c.actual.0)), r.actual);
        assert_eq!(Dong(sum(&|c| c.advance.0)), r.advance);
        assert_eq!(Dong(sum(&|c| c.transferred.0)), r.transferred);
        assert_eq!(Dong(sum(&|c| c.to_settle.0)), r.to_settle);
        assert_eq!(r.actual - r.transferred, r.to_settle);
        let counted: u32 = r.states.iter().map(|s| s.communes).sum();
        assert_eq!(counted as usize, r.communes.len());
        assert!(r.illustrative);

        // The social insurance office of Ia H'Drai reads the same lines for its communes.
        let bhxh = store.actor_named("bhxh.iahdrai").await.unwrap();
        let mine = store
            .insurance_rollup(
                &bhxh,
                ia_toi_unit(&store, &bhxh).await,
                quarter(2026, 3),
                |_, _| {},
            )
            .await
            .unwrap();
        assert_eq!(mine.communes[0].actual, Dong(1_079_100));

        // Ia Đal's police officer cannot read the province's quarter.
        let police = store.actor_named("ca.iadal").await.unwrap();
        assert_eq!(
            code_of(
                store
                    .insurance_rollup(&police, province, quarter(2026, 3), |_, _| {})
                    .await
            ),
            "not_found"
        );
    }
}

async fn ia_toi_unit(store: &Store, actor: &antt_store::Actor) -> antt_domain::unit::UnitId {
    store.unit_by_code(actor, "23538").await.unwrap()
}

//! A member's insurance for a month (BHXH-4/5, BHYT-2, INS-8, INS-12), on the boundary dates.

use antt_domain::insurance::{Insured, STATE_SUPPORT_MONTHS, insurance_month};
use antt_domain::money::Dong;
use antt_domain::payroll::Month;
use antt_domain::policy::TeamRole;
use antt_domain::policy::amounts::Household;

use crate::{Packs, d};

fn member() -> Insured {
    Insured {
        role: TeamRole::Member,
        household: Household::None,
        ethnic_minority: false,
        island: false,
        bhxh_registered: true,
        covered_bhxh: false,
        covered_bhyt: false,
        state_months_before: 0,
    }
}

const KT: Option<&str> = Some("kon-tum-nq-24-2024");

/// BHXH-4/5: June 2025 under NĐ 134/2015 (10 % for "other"), July 2025 under NĐ 159/2025 (20 %);
/// 22 % of the rural poverty line 1,500,000 = 330,000; the demo province adds 10 %.
#[test]
fn bhxh_5_the_state_share_of_30_june_2025_and_of_1_july_2025() {
    let packs = Packs::load();
    let june = Month::new(2025, 6).unwrap();
    let (m, gap) = insurance_month(
        packs.policy(KT, true, june.first_day()),
        june,
        d(2025, 6, 1),
        d(2025, 6, 30),
        &member(),
    );
    assert_eq!(gap, None);
    let b = m.bhxh.unwrap();
    assert_eq!(
        (b.contribution, b.state, b.province, b.member),
        (Dong(330_000), Dong(33_000), Dong(33_000), Dong(264_000))
    );
    assert!(b.explanation.iter().any(|l| l.rule == "BHXH-4"));
    let july = Month::new(2025, 7).unwrap();
    let (m, _) = insurance_month(
        packs.policy(KT, true, july.first_day()),
        july,
        d(2025, 7, 1),
        d(2025, 7, 31),
        &member(),
    );
    let b = m.bhxh.unwrap();
    assert_eq!((b.state, b.member), (Dong(66_000), Dong(231_000)));
    assert!(b.explanation.iter().any(|l| l.rule == "BHXH-5"));
    assert!(m.state_month);
}

/// BHYT-2: in August 2025 the floor of 50 % starts on the 15th. 14 days at the demo province's
/// 30 % and 17 at 50 % of 105,300: 105,300 × (14 × 0.3 + 17 × 0.5) / 31 = 43,139.03 → 43,139.
/// A member recognised on 15/8 pays on 17 days, all at 50 %: 57,745 and 28,873 (half up).
#[test]
fn bhyt_2_august_2025_is_paid_on_each_days_rate_across_the_floor_of_15_august() {
    let packs = Packs::load();
    let aug = Month::new(2025, 8).unwrap();
    let policy = packs.policy(KT, true, aug.first_day());
    let (m, gap) = insurance_month(policy, aug, d(2025, 8, 1), d(2025, 8, 31), &member());
    assert_eq!(gap, None);
    let y = m.bhyt.unwrap();
    assert_eq!(y.contribution, Dong(105_300));
    assert_eq!(y.state, Dong(43_139));
    assert_eq!(y.member, Dong(62_161));
    assert!(
        y.explanation
            .iter()
            .any(|l| l.text.contains("Từ ngày 15/08/2025")),
        "{:?}",
        y.explanation
    );
    let (m, _) = insurance_month(policy, aug, d(2025, 8, 15), d(2025, 8, 31), &member());
    let y = m.bhyt.unwrap();
    assert_eq!(
        (y.contribution, y.state, y.member),
        (Dong(57_745), Dong(28_873), Dong(28_872))
    );
    // Up to the 14th only: 14 days at 30 % (14 × 31,590 / 31 = 14,266.45).
    let (m, _) = insurance_month(policy, aug, d(2025, 8, 1), d(2025, 8, 14), &member());
    let y = m.bhyt.unwrap();
    assert_eq!((y.contribution, y.state), (Dong(47_555), Dong(14_266)));
}

/// BHXH-3: from 1/1/2027 the poverty line is 2,200,000: 22 % = 484,000, the state 20 % = 96,800.
#[test]
fn bhxh_3_january_2027_follows_the_new_poverty_line() {
    let packs = Packs::load();
    let jan = Month::new(2027, 1).unwrap();
    let (m, _) = insurance_month(
        packs.policy(KT, true, jan.first_day()),
        jan,
        d(2027, 1, 1),
        d(2027, 1, 31),
        &member(),
    );
    let b = m.bhxh.unwrap();
    assert_eq!((b.contribution, b.state), (Dong(484_000), Dong(96_800)));
    // And BHYT on the base salary of 2,530,000 (FIX-1): 113,850, half of it from the budget.
    let y = m.bhyt.unwrap();
    assert_eq!((y.contribution, y.state), (Dong(113_850), Dong(56_925)));
}

/// INS-8: the state supports at most 120 months; the 120th is supported, the 121st is not, and
/// the province's own top-up goes on.
#[test]
fn ins_8_the_state_supports_120_months_and_no_more() {
    let packs = Packs::load();
    let m = Month::new(2026, 3).unwrap();
    let policy = packs.policy(KT, true, m.first_day());
    let mut who = member();
    who.state_months_before = STATE_SUPPORT_MONTHS - 1;
    let (last, _) = insurance_month(policy, m, m.first_day(), m.last_day(), &who);
    assert!(last.state_month);
    assert_eq!(last.bhxh.unwrap().state, Dong(66_000));
    who.state_months_before = STATE_SUPPORT_MONTHS;
    let (after, _) = insurance_month(policy, m, m.first_day(), m.last_day(), &who);
    assert!(!after.state_month);
    let b = after.bhxh.unwrap();
    assert_eq!(
        (b.state, b.province, b.member),
        (Dong(0), Dong(33_000), Dong(297_000))
    );
    assert!(after.notes.iter().any(|n| n.contains("120 tháng")));
}

/// INS-1, no double support: a member with compulsory insurance elsewhere gets no BHXH TN, one
/// with a card of another group no BHYT support; one not registered, no BHXH TN.
#[test]
fn members_covered_elsewhere_get_no_double_support() {
    let packs = Packs::load();
    let m = Month::new(2026, 3).unwrap();
    let policy = packs.policy(KT, true, m.first_day());
    let mut who = member();
    who.covered_bhxh = true;
    who.covered_bhyt = true;
    let (x, _) = insurance_month(policy, m, m.first_day(), m.last_day(), &who);
    assert!(x.bhxh.is_none() && x.bhyt.is_none());
    assert_eq!(x.notes.len(), 2, "{:?}", x.notes);
    let mut who = member();
    who.bhxh_registered = false;
    let (x, _) = insurance_month(policy, m, m.first_day(), m.last_day(), &who);
    assert!(x.bhxh.is_none() && x.bhyt.is_some());
    // Without the demo, Kon Tum's own pack leaves the province's shares missing: a gap.
    let (_, gap) = insurance_month(
        packs.policy(KT, false, m.first_day()),
        m,
        m.first_day(),
        m.last_day(),
        &member(),
    );
    assert!(
        gap.unwrap()
            .missing
            .iter()
            .any(|x| x.parameter == "bhyt_province_support")
    );
}

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

mod quarter {
    use antt_domain::insurance::quarter::{
        Enrolment, MovementKind, PaymentMode, Quarter, QuarterMember, quarter,
    };
    use antt_domain::kernel::ids::PersonId;
    use antt_domain::money::Dong;
    use antt_domain::payroll::Month;
    use antt_domain::policy::TeamRole;
    use antt_domain::policy::parse_pack;
    use chrono::NaiveDate;
    use uuid::Uuid;

    use super::{KT, member};
    use crate::{DEMO, Packs, d};

    fn person(n: u128, start: NaiveDate, end: Option<NaiveDate>) -> QuarterMember {
        QuarterMember {
            person: PersonId(Uuid::from_u128(n)),
            cccd: format!("0620900000{n:02}"),
            name: format!("Thành viên {n}"),
            team: "Tổ 1".into(),
            insured: member(),
            enrolment: Some(Enrolment {
                bhxh_code: None,
                bhxh_from: Some(Month::of(start).max(Month::new(2024, 7).unwrap())),
                payment_mode: PaymentMode::Quarterly,
                state_months_before: 0,
                bhyt_card: None,
            }),
            periods: vec![(start, end, TeamRole::Member)],
        }
    }

    /// INS-10: the advance of Q4/2026 counts who was in post on 1/10 for three whole months;
    /// the actual amount counts a member recognised on 17/11 and one who left on 3/10 as they
    /// were; the difference is what is left to settle. Demo province, member pays own part:
    /// a whole month is 33,000 (10 % of 330,000 BHXH TN) + 56,925 (50 % of 4.5 % × 2,530,000
    /// BHYT) = 89,925 đ.
    #[test]
    fn ins_10_the_advance_of_a_quarter_the_actual_amount_and_the_difference_to_the_dong() {
        let packs = Packs::load();
        let q = Quarter::new(2026, 4).unwrap();
        let members = vec![
            person(1, d(2024, 7, 1), None),
            person(2, d(2026, 11, 17), None),
            person(3, d(2024, 7, 1), Some(d(2026, 10, 3))),
        ];
        let body = quarter(q, |m| packs.policy(KT, true, m.first_day()), &members);
        assert_eq!(body.gap, None);
        assert_eq!(body.withheld, Some(false));
        assert!(body.illustrative);
        let [a, b, c] = &body.lines[..] else {
            panic!("{:?}", body.lines)
        };
        assert_eq!(
            (a.advance.transfer, a.actual.transfer),
            (Dong(269_775), Dong(269_775))
        );
        assert_eq!(a.difference, Dong(0));
        // The state's share is shown, not transferred: 3 × 66,000.
        assert_eq!(a.actual.bhxh_state, Dong(198_000));
        assert_eq!(a.pay_by, Month::new(2026, 12));
        // Recognised on 17/11: not in the advance; November's BHXH TN is a month (33,000), its
        // BHYT 14 of 30 days (56,925 × 14 / 30 = 26,565), December whole.
        assert!(!b.in_advance);
        assert_eq!(b.advance.transfer, Dong(0));
        assert_eq!(b.actual.transfer, Dong(33_000 + 26_565 + 89_925));
        // Left on 3/10: in the advance; October's BHYT 3 of 31 days (5,508.87 → 5,509).
        assert!(c.in_advance);
        assert_eq!(c.advance.transfer, Dong(269_775));
        assert_eq!(c.actual.transfer, Dong(33_000 + 5_509));
        assert_eq!(c.difference, Dong(38_509 - 269_775));
        // The commune's sums are the members' sums, to the đồng.
        assert_eq!(body.advance.transfer, Dong(539_550));
        assert_eq!(body.actual.transfer, Dong(269_775 + 149_490 + 38_509));
        assert_eq!(body.difference, Dong(457_774 - 539_550));
        // The lists' increases and decreases.
        let moves: Vec<_> = body
            .movements
            .iter()
            .map(|m| (m.kind, m.scheme.as_str(), m.on))
            .collect();
        assert_eq!(
            moves,
            vec![
                (MovementKind::Decrease, "bhxh", d(2026, 10, 3)),
                (MovementKind::Decrease, "bhyt", d(2026, 10, 3)),
                (MovementKind::Increase, "bhxh", d(2026, 11, 17)),
                (MovementKind::Increase, "bhyt", d(2026, 11, 17)),
            ]
        );
        assert!(body.explanation.iter().any(|l| l.rule == "INS-10"));
    }

    /// When the pack says the member's part is withheld from the support, the commune
    /// transfers it too: 330,000 − 66,000 state = 264,000 BHXH TN and 113,850 BHYT a month.
    /// Kon Tum's own pack does not say: a gap, never a default.
    #[test]
    fn the_members_part_is_transferred_only_when_the_pack_says_it_is_withheld() {
        let mut packs = Packs::load();
        let withheld = DEMO.replace("choice = \"member_pays\"", "choice = \"withheld\"");
        let demo = packs
            .all
            .iter()
            .position(|p| p.id == "demo-kon-tum")
            .unwrap();
        packs.all[demo] = parse_pack(&withheld).unwrap();
        let q = Quarter::new(2026, 4).unwrap();
        let members = vec![person(1, d(2024, 7, 1), None)];
        let body = quarter(q, |m| packs.policy(KT, true, m.first_day()), &members);
        assert_eq!(body.withheld, Some(true));
        assert_eq!(body.actual.transfer, Dong(3 * (264_000 + 113_850)));
        let body = quarter(q, |m| packs.policy(KT, false, m.first_day()), &members);
        let gap = body.gap.unwrap();
        assert!(
            gap.missing
                .iter()
                .any(|m| m.parameter == "member_insurance_share"),
            "{gap:?}"
        );
    }

    /// INS-8 over quarters: months of state support before the quarter are counted from the
    /// registration and the months known before it; at 120 the state stops mid-quarter.
    #[test]
    fn ins_8_the_120th_month_falls_inside_the_quarter() {
        let packs = Packs::load();
        let q = Quarter::new(2026, 4).unwrap();
        let mut m = person(1, d(2024, 7, 1), None);
        // 27 months July 2024 – September 2026 through the commune, and 92 before: 119.
        m.enrolment.as_mut().unwrap().state_months_before = 92;
        assert_eq!(m.state_months_before(q.first_month()), 119);
        let body = quarter(q, |x| packs.policy(KT, true, x.first_day()), &[m]);
        let l = &body.lines[0];
        assert_eq!(l.state_months_before, 119);
        let states: Vec<bool> = l.months.iter().map(|x| x.state_month).collect();
        assert_eq!(states, vec![true, false, false]);
        assert_eq!(l.actual.bhxh_state, Dong(66_000));
    }
}

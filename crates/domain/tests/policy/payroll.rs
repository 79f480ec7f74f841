//! The monthly payroll (PAY, PRO, ALW, FIX-1): lines, caps, totals, arrears, named by rule.

use antt_domain::calendar::WorkCalendar;
use antt_domain::kernel::ids::PersonId;
use antt_domain::money::Dong;
use antt_domain::payroll::{
    Arrear, DutyKind, MemberMonth, Month, MonthHistory, PayLine, Period, Shift, YearToDate,
    arrears, assemble, compute_lines,
};
use antt_domain::policy::{Pack, Policy, TeamRole, parse_pack};
use uuid::Uuid;

use super::{DEMO, KON_TUM, NATIONAL, Packs, d};

fn person(n: u128) -> PersonId {
    PersonId(Uuid::from_u128(n))
}

fn member(
    n: u128,
    role: TeamRole,
    start: chrono::NaiveDate,
    end: Option<chrono::NaiveDate>,
) -> MemberMonth {
    MemberMonth {
        person: person(n),
        cccd: format!("0620900000{n:02}"),
        name: format!("Người {n}"),
        periods: vec![Period {
            team: if n.is_multiple_of(2) {
                "Tổ A".into()
            } else {
                "Tổ B".into()
            },
            role,
            start,
            end,
        }],
        shifts: vec![],
        training_days: 0,
        year_to_date: YearToDate::default(),
        insurance: None,
    }
}

fn cal() -> WorkCalendar {
    WorkCalendar::new(2025..=2027, &[])
}

fn month(y: i32, m: u32) -> Month {
    Month::new(y, m).unwrap()
}

/// The national pack as it stood before Nghị định 161/2026 was entered: LCS-2 with no end.
fn national_before_fix_1() -> Pack {
    let start = NATIONAL.find("rule = \"FIX-1\"").unwrap();
    let block_start = NATIONAL[..start].rfind("[[param]]").unwrap();
    let block_end = block_start + NATIONAL[block_start + 9..].find("[[param]]").unwrap() + 9;
    let text = format!("{}{}", &NATIONAL[..block_start], &NATIONAL[block_end..]).replace(
        "effective_to = \"2026-06-30\"\nverification = \"news\"\nmoney = 2340000",
        "verification = \"news\"\nmoney = 2340000",
    );
    let pack = parse_pack(&text).unwrap();
    assert!(!pack.params.iter().any(|p| p.rule == "FIX-1"));
    pack
}

fn demo_policy<'a>(
    national: &'a Pack,
    kon_tum: &'a Pack,
    demo: &'a Pack,
    on: chrono::NaiveDate,
) -> Policy<'a> {
    Policy {
        national,
        province: Some(kon_tum),
        demo: Some(demo),
        date: on,
    }
}

#[test]
fn pay_9_a_line_per_member_with_team_totals_and_the_total_in_words_pay_6() {
    let packs = Packs::load();
    let m = month(2026, 7);
    let policy = packs.policy(Some("kon-tum-nq-24-2024"), true, m.first_day());
    let members = vec![
        member(1, TeamRole::Leader, d(2025, 1, 1), None),
        member(2, TeamRole::Deputy, d(2025, 1, 1), None),
        member(3, TeamRole::Member, d(2025, 1, 1), None),
        member(4, TeamRole::Member, d(2025, 1, 1), None),
    ];
    let (lines, gap) = compute_lines(m, policy, &cal(), &members);
    assert_eq!(gap, None);
    // From 1/7/2026 the base salary is 2,530,000 (FIX-1): 0.65, 0.55, 0.5 of it.
    let support: Vec<i64> = lines.iter().map(|l| l.monthly_support.0).collect();
    assert_eq!(support, vec![1_644_500, 1_391_500, 1_265_000, 1_265_000]);
    let body = assemble(m, lines, vec![], None);
    assert!(
        body.illustrative,
        "the demo pack's coefficients are MINH HỌA"
    );
    let sum_lines: i64 = body.lines.iter().map(|l| l.total.0).sum();
    let sum_teams: i64 = body.teams.iter().map(|t| t.total.0).sum();
    assert_eq!(sum_lines, body.total.0);
    assert_eq!(sum_teams, body.total.0);
    assert_eq!(body.total, Dong(5_566_000));
    assert_eq!(
        body.total_in_words,
        "Năm triệu năm trăm sáu mươi sáu nghìn đồng"
    );
    // Team by team, in the order teams first appear: member 1 (Tổ B) came first.
    assert_eq!(body.teams[0].team, "Tổ B");
    assert_eq!(body.teams[0].members, 2);
    assert_eq!(body.teams[0].total, Dong(1_644_500 + 1_265_000));
    // Each figure explains itself with the rule and the citation.
    let leader = &body.lines[0];
    let why = &leader.items[0].explanation;
    assert!(
        why.iter().any(|l| l.rule == "FIX-1"
            && l.citation
                .as_deref()
                .is_some_and(|c| c.contains("161/2026"))),
        "{why:?}"
    );
}

#[test]
fn pro_7_the_demo_pack_pays_half_for_a_member_recognised_on_the_17th_of_february_and_whole_from_the_14th()
 {
    let packs = Packs::load();
    // February 2026 has 28 days: from the 17th is 12 days (< 15: half), from the 14th 15 days.
    let m = month(2026, 2);
    let policy = packs.policy(Some("kon-tum-nq-24-2024"), true, m.first_day());
    let members = vec![
        member(1, TeamRole::Member, d(2026, 2, 17), None),
        member(3, TeamRole::Member, d(2026, 2, 14), None),
        // Ended on the 3rd: the last day in post is the 2nd (the end date is the last day).
        member(5, TeamRole::Member, d(2025, 1, 1), Some(d(2026, 2, 2))),
    ];
    let (lines, gap) = compute_lines(m, policy, &cal(), &members);
    assert_eq!(gap, None);
    assert_eq!(
        lines[0].monthly_support,
        Dong(585_000),
        "0.5 × 2,340,000 × 1/2"
    );
    assert_eq!(lines[0].days, 12);
    assert_eq!(lines[1].monthly_support, Dong(1_170_000));
    assert_eq!(lines[2].monthly_support, Dong(585_000));
    assert!(
        lines[0].items[0]
            .explanation
            .iter()
            .any(|l| l.rule == "DEMO-8" && l.text.contains("dưới 15 ngày"))
    );
}

#[test]
fn pro_1_a_pack_that_does_not_choose_a_partial_month_rule_is_a_gap_not_a_default() {
    let packs = Packs::load();
    let m = month(2026, 7);
    // Kon Tum's own pack without the demo: the rule is missing.
    let national = packs.get("national");
    let kon_tum = packs.get("kon-tum-nq-24-2024");
    let demo = packs.get("demo-kon-tum");
    let policy = Policy {
        national,
        province: Some(kon_tum),
        demo: None,
        date: m.first_day(),
    };
    let (_, gap) = compute_lines(
        m,
        policy,
        &cal(),
        &[member(1, TeamRole::Member, d(2026, 7, 17), None)],
    );
    let gap = gap.unwrap();
    assert!(gap.missing.iter().any(|x| x.parameter == "monthly_support"));
    // With the demo's support but no partial-month rule, the gap names the rule and the law.
    let mut no_rule = demo.clone();
    no_rule.params.retain(|p| p.key != "partial_month_start");
    let policy = Policy {
        national,
        province: Some(kon_tum),
        demo: Some(&no_rule),
        date: m.first_day(),
    };
    let (lines, gap) = compute_lines(
        m,
        policy,
        &cal(),
        &[
            member(1, TeamRole::Member, d(2026, 7, 17), None),
            member(2, TeamRole::Member, d(2026, 1, 1), None),
        ],
    );
    let gap = gap.unwrap();
    assert_eq!(gap.missing.len(), 1, "{gap:?}");
    assert_eq!(gap.missing[0].parameter, "partial_month_start");
    assert!(gap.message_vi().contains("24/2024"), "{}", gap.message_vi());
    // The member in post all month is still computed; the one who needs the rule is not paid a guess.
    assert_eq!(lines[1].monthly_support, Dong(1_265_000));
    assert_eq!(lines[0].monthly_support, Dong(0));
}

fn night(date: chrono::NaiveDate, hazardous: bool) -> Shift {
    Shift::new(date, 22 * 60, 2 * 60, DutyKind::Patrol, hazardous, false).unwrap()
}

#[test]
fn alw_caps_ten_nights_a_month_and_one_allowance_a_day() {
    let packs = Packs::load();
    let m = month(2026, 7);
    let policy = packs.policy(Some("kon-tum-nq-24-2024"), true, m.first_day());
    let mut a = member(1, TeamRole::Member, d(2025, 1, 1), None);
    // Twelve nights on weekdays 1–16/7 (Wed 1 … Thu 16, skipping the weekend 4–5 and 11–12).
    for day in [1, 2, 3, 6, 7, 8, 9, 10, 13, 14, 15, 16] {
        a.shifts.push(night(d(2026, 7, day), false));
    }
    // Saturday 18/7: a night and a rest day at once; the demo pays one allowance a day.
    let mut b = member(2, TeamRole::Member, d(2025, 1, 1), None);
    b.shifts.push(night(d(2026, 7, 18), false));
    // A shift of three hours of night (under the demo's four) is not a night.
    b.shifts.push(
        Shift::new(
            d(2026, 7, 20),
            20 * 60,
            23 * 60 + 30,
            DutyKind::Duty,
            false,
            false,
        )
        .unwrap(),
    );
    let (lines, gap) = compute_lines(m, policy, &cal(), &[a, b]);
    assert_eq!(gap, None);
    assert_eq!(
        lines[0].allowances.get("night_duty"),
        Some(&Dong(700_000)),
        "10 × 70,000, capped"
    );
    let why = &lines[0]
        .items
        .iter()
        .find(|i| i.key == "night_duty")
        .unwrap()
        .explanation;
    assert!(
        why.iter()
            .any(|l| l.rule == "DEMO-9" && l.text.contains("Tối đa 10 đêm")),
        "{why:?}"
    );
    // One of night or rest day on 18/7, not both; the 20th's 1h30 of night is nothing.
    let b = &lines[1];
    let paid: i64 = b.allowances.values().map(|d| d.0).sum();
    assert_eq!(paid, 70_000, "{:?}", b.allowances);
    assert_eq!(b.total, Dong(1_265_000 + 70_000));
}

#[test]
fn alw_6_a_yearly_money_cap_counts_what_was_paid_earlier_in_the_year() {
    let packs = Packs::load();
    let mut demo = packs.get("demo-kon-tum").clone();
    let cap = parse_pack(&format!(
        "{}\n[[param]]\nkey = \"allowance_max_per_year_dong\"\nrule = \"TEST-CAP\"\neffective_from = \"2024-07-01\"\nverification = \"demo\"\ncitation = {{ document = \"MINH HỌA\" }}\nmoney = 1500000\n",
        DEMO
    ))
    .unwrap();
    demo.params = cap.params;
    let mut kon_tum = packs.get("kon-tum-nq-24-2024").clone();
    let with_slot = parse_pack(&format!(
        "{}\n[[param]]\nkey = \"allowance_max_per_year_dong\"\nrule = \"KT-NF-5\"\neffective_from = \"2024-07-01\"\nverification = \"missing\"\ncitation = {{ document = \"NQ 24\" }}\n",
        KON_TUM
    ))
    .unwrap();
    kon_tum.params = with_slot.params;
    let m = month(2026, 7);
    let policy = demo_policy(packs.get("national"), &kon_tum, &demo, m.first_day());
    let mut a = member(1, TeamRole::Member, d(2025, 1, 1), None);
    for day in [1, 2, 3] {
        a.shifts.push(night(d(2026, 7, day), false));
    }
    a.year_to_date = YearToDate {
        dong: Dong(1_400_000),
        minutes: 0,
    };
    let (lines, gap) = compute_lines(m, policy, &cal(), &[a]);
    assert_eq!(gap, None);
    assert_eq!(
        lines[0].allowances.get("night_duty"),
        Some(&Dong(100_000)),
        "1.5 M − 1.4 M left"
    );
    let why = &lines[0].items[1].explanation;
    assert!(
        why.iter()
            .any(|l| l.rule == "TEST-CAP" && l.text.contains("mỗi năm")),
        "{why:?}"
    );
}

/// FIX-1: July–November 2026 approved at 2,340,000 before Nghị định 161/2026 was entered; the
/// December payroll carries the arrears of each month and item, to the đồng.
#[test]
fn fix_1_the_rise_of_1_july_2026_entered_after_july_to_november_were_approved_gives_arrears_to_the_dong()
 {
    let packs = Packs::load();
    let old_national = national_before_fix_1();
    let kon_tum = packs.get("kon-tum-nq-24-2024");
    let demo = packs.get("demo-kon-tum");
    let members = vec![
        member(1, TeamRole::Leader, d(2025, 1, 1), None),
        member(2, TeamRole::Deputy, d(2025, 1, 1), None),
        member(3, TeamRole::Member, d(2025, 1, 1), None),
    ];
    let c = cal();
    let months: Vec<Month> = (7..=11).map(|n| month(2026, n)).collect();
    let approved: Vec<Vec<PayLine>> = months
        .iter()
        .map(|m| {
            compute_lines(
                *m,
                demo_policy(&old_national, kon_tum, demo, m.first_day()),
                &c,
                &members,
            )
            .0
        })
        .collect();
    assert_eq!(approved[0][2].monthly_support, Dong(1_170_000));
    let recomputed: Vec<Vec<PayLine>> = months
        .iter()
        .map(|m| {
            compute_lines(
                *m,
                demo_policy(packs.get("national"), kon_tum, demo, m.first_day()),
                &c,
                &members,
            )
            .0
        })
        .collect();
    let history: Vec<MonthHistory<'_>> = months
        .iter()
        .enumerate()
        .map(|(i, m)| MonthHistory {
            month: *m,
            approved: &approved[i],
            recomputed: &recomputed[i],
            gap: None,
        })
        .collect();
    let (owed, gap) = arrears(&history, &[]);
    assert_eq!(gap, None);
    assert_eq!(owed.len(), 15, "3 members × 5 months");
    let diff_of = |p: u128| -> Vec<i64> {
        owed.iter()
            .filter(|(l, _)| l.person == person(p))
            .map(|(_, a)| a.diff.0)
            .collect()
    };
    assert_eq!(diff_of(1), vec![123_500; 5], "0.65 × 190,000");
    assert_eq!(diff_of(2), vec![104_500; 5], "0.55 × 190,000");
    assert_eq!(diff_of(3), vec![95_000; 5], "0.5 × 190,000");
    let (_, a) = &owed[0];
    assert_eq!((a.old, a.new), (Dong(1_521_000), Dong(1_644_500)));
    assert_eq!(a.kind_vi(), "Truy lĩnh");
    assert!(
        a.cause.contains("2.340.000") || a.cause.contains("1.521.000"),
        "{}",
        a.cause
    );
    assert!(
        a.cause.contains("161/2026"),
        "the cause names the decree: {}",
        a.cause
    );
    assert!(
        !a.cause.contains("FIX-1"),
        "no internal code on paper: {}",
        a.cause
    );
    assert_eq!(a.rules, vec!["FIX-1".to_string()]);

    // December: the month's own lines plus the arrears.
    let dec = month(2026, 12);
    let (lines, _) = compute_lines(
        dec,
        demo_policy(packs.get("national"), kon_tum, demo, dec.first_day()),
        &c,
        &members,
    );
    let body = assemble(dec, lines, owed.clone(), None);
    let arrears_total: i64 = body
        .lines
        .iter()
        .flat_map(|l| &l.arrears)
        .map(|a| a.diff.0)
        .sum();
    assert_eq!(arrears_total, 5 * (123_500 + 104_500 + 95_000));
    assert_eq!(
        body.total.0,
        1_644_500 + 1_391_500 + 1_265_000 + arrears_total
    );

    // Once December is approved with them, the same history owes nothing more.
    let settled: Vec<(PersonId, Arrear)> = body
        .lines
        .iter()
        .flat_map(|l| l.arrears.iter().map(|a| (l.person, a.clone())))
        .collect();
    let (again, _) = arrears(&history, &settled);
    assert!(again.is_empty(), "{again:?}");
}

#[test]
fn pro_7_a_recognition_date_corrected_after_approval_is_recovered_as_truy_thu() {
    let packs = Packs::load();
    let m = month(2026, 7);
    let policy = packs.policy(Some("kon-tum-nq-24-2024"), true, m.first_day());
    let c = cal();
    let before = compute_lines(
        m,
        policy,
        &c,
        &[member(3, TeamRole::Member, d(2026, 7, 1), None)],
    )
    .0;
    // The decision said 20/7: 12 days, half a month under the demo rule.
    let after = compute_lines(
        m,
        policy,
        &c,
        &[member(3, TeamRole::Member, d(2026, 7, 20), None)],
    )
    .0;
    let (owed, _) = arrears(
        &[MonthHistory {
            month: m,
            approved: &before,
            recomputed: &after,
            gap: None,
        }],
        &[],
    );
    assert_eq!(owed.len(), 1);
    let a = &owed[0].1;
    assert_eq!(a.diff, Dong(-632_500));
    assert_eq!(a.kind_vi(), "Truy thu");
    assert!(
        a.cause.contains("cả tháng") && a.cause.contains("1/2"),
        "{}",
        a.cause
    );
    // And a month whose computation today has a gap gives no guessed arrear.
    let gap = Some(antt_domain::policy::PolicyGap { missing: vec![] });
    let (owed, _) = arrears(
        &[MonthHistory {
            month: m,
            approved: &before,
            recomputed: &[],
            gap,
        }],
        &[],
    );
    assert!(owed.is_empty());
}

/// A member in post the whole month with their insurance record: registered for BHXH TN since
/// July 2024, paying by quarter.
fn insured_member(n: u128, covered_bhyt: bool) -> MemberMonth {
    use antt_domain::insurance::Insured;
    use antt_domain::insurance::quarter::{Enrolment, PaymentMode, QuarterMember};
    use antt_domain::policy::amounts::Household;
    let mut m = member(n, TeamRole::Member, d(2025, 1, 1), None);
    m.insurance = Some(QuarterMember {
        person: m.person,
        cccd: m.cccd.clone(),
        name: m.name.clone(),
        team: "Tổ A".into(),
        insured: Insured {
            role: TeamRole::Member,
            household: Household::None,
            ethnic_minority: false,
            island: false,
            bhxh_registered: true,
            covered_bhxh: false,
            covered_bhyt,
            state_months_before: 0,
        },
        enrolment: Some(Enrolment {
            bhxh_code: None,
            bhxh_from: Month::new(2024, 7),
            payment_mode: PaymentMode::Quarterly,
            state_months_before: 0,
            bhyt_card: None,
        }),
        periods: vec![(d(2025, 1, 1), None, TeamRole::Member)],
    });
    m
}

/// The demo pack with the member's own insurance part withheld from the support.
fn demo_withheld() -> Pack {
    parse_pack(&DEMO.replace("choice = \"member_pays\"", "choice = \"withheld\"")).unwrap()
}

/// INS-8, INS-12: where the pack says the member's own part is withheld from the support, the
/// line takes it off. November 2026, demo province: BHXH TN 22 % × 1,500,000 = 330,000, the
/// state 20 % (66,000), the province 10 % (33,000), the member 231,000; BHYT 4.5 % × 2,530,000 =
/// 113,850, the budget half (56,925), the member 56,925. So 1,265,000 − 287,925 = 977,075 đ, and
/// a member whose BHYT is covered elsewhere has only the BHXH part taken. Where the pack says the
/// member pays directly nothing is withheld; where it does not say, the payroll has a gap.
#[test]
fn ins_12_the_members_own_part_is_withheld_from_the_support_only_where_the_pack_says_so() {
    let packs = Packs::load();
    let national = packs.get("national");
    let kon_tum = packs.get("kon-tum-nq-24-2024");
    let withheld = demo_withheld();
    let m = month(2026, 11);
    let members = vec![insured_member(1, false), insured_member(2, true)];
    let (lines, gap) = compute_lines(
        m,
        demo_policy(national, kon_tum, &withheld, m.first_day()),
        &cal(),
        &members,
    );
    assert_eq!(gap, None);
    let [a, b] = &lines[..] else {
        panic!("{lines:?}")
    };
    assert_eq!(a.monthly_support, Dong(1_265_000));
    assert_eq!(a.withheld, Dong(231_000 + 56_925));
    assert_eq!(a.total, Dong(1_265_000 - 287_925));
    assert_eq!(b.withheld, Dong(231_000));
    assert_eq!(b.total, Dong(1_034_000));
    // Withheld is neither support nor an allowance, and it explains itself.
    assert!(a.allowances.is_empty(), "{:?}", a.allowances);
    let item = a
        .items
        .iter()
        .find(|i| i.key == antt_domain::payroll::WITHHELD)
        .unwrap();
    assert_eq!(item.dong, Dong(-287_925));
    assert_eq!(item.basis, "BHXH TN 231.000 đ; BHYT 56.925 đ");
    assert!(item.rules.iter().any(|r| r == "INS-8"));
    assert!(item.rules.iter().any(|r| r == "INS-12"));
    assert!(item.illustrative, "the demo pack says withheld");
    // Team totals and the commune's total carry it to the đồng.
    let body = assemble(m, lines, vec![], None);
    let teams: Vec<(&str, i64)> = body
        .teams
        .iter()
        .map(|t| (t.team.as_str(), t.withheld.0))
        .collect();
    assert_eq!(teams, vec![("Tổ B", 287_925), ("Tổ A", 231_000)]);
    assert_eq!(body.total, Dong(977_075 + 1_034_000));

    // The member pays directly (the demo pack as it is): nothing withheld.
    let (lines, gap) = compute_lines(
        m,
        demo_policy(national, kon_tum, packs.get("demo-kon-tum"), m.first_day()),
        &cal(),
        &members,
    );
    assert_eq!(gap, None);
    assert!(
        lines
            .iter()
            .all(|l| l.withheld == Dong(0) && l.total == Dong(1_265_000))
    );

    // Kon Tum's own pack does not say who pays: a gap, never a default.
    let (_, gap) = compute_lines(
        m,
        packs.policy(Some("kon-tum-nq-24-2024"), false, m.first_day()),
        &cal(),
        &members,
    );
    assert!(
        gap.unwrap()
            .missing
            .iter()
            .any(|g| g.parameter == "member_insurance_share")
    );
}

/// FIX-1 with INS-12: the base salary rise of 1/7/2026 entered after November was approved
/// raises the support by 95,000 (truy lĩnh) and the member's BHYT part withheld by
/// 4.5 % × 190,000 × 50 % = 4,275 (truy thu), both to the đồng and each with its cause.
#[test]
fn fix_1_a_late_base_salary_rise_gives_arrears_of_the_support_and_of_what_is_withheld() {
    let packs = Packs::load();
    let old_national = national_before_fix_1();
    let kon_tum = packs.get("kon-tum-nq-24-2024");
    let withheld = demo_withheld();
    let members = vec![insured_member(1, false)];
    let nov = month(2026, 11);
    let c = cal();
    let (approved, _) = compute_lines(
        nov,
        demo_policy(&old_national, kon_tum, &withheld, nov.first_day()),
        &c,
        &members,
    );
    assert_eq!(approved[0].withheld, Dong(231_000 + 52_650));
    let (recomputed, _) = compute_lines(
        nov,
        demo_policy(packs.get("national"), kon_tum, &withheld, nov.first_day()),
        &c,
        &members,
    );
    let (owed, gap) = arrears(
        &[MonthHistory {
            month: nov,
            approved: &approved,
            recomputed: &recomputed,
            gap: None,
        }],
        &[],
    );
    assert_eq!(gap, None);
    let got: Vec<(&str, i64, i64, i64)> = owed
        .iter()
        .map(|(_, a)| (a.item.as_str(), a.old.0, a.new.0, a.diff.0))
        .collect();
    assert_eq!(
        got,
        vec![
            ("monthly_support", 1_170_000, 1_265_000, 95_000),
            (antt_domain::payroll::WITHHELD, -283_650, -287_925, -4_275),
        ]
    );
    let w = &owed[1].1;
    assert_eq!(w.kind_vi(), "Truy thu");
    assert!(
        w.cause
            .contains("nay phải khấu trừ BHXH TN 231.000 đ; BHYT 56.925 đ"),
        "{}",
        w.cause
    );
    let body = assemble(month(2026, 12), vec![], owed, None);
    assert_eq!(body.total, Dong(95_000 - 4_275));
}

/// PRO-7 at a change of role: a *Tổ viên* made *Tổ phó* from 17/11/2026 stays in post, so
/// November is paid once. Under the demo pack each role its days: 1,265,000 × 16/30 +
/// 1,391,500 × 14/30 = 674,667 + 649,367; under `role_on_first_day` the whole month as a *Tổ
/// viên*; under `new_role` as a *Tổ phó*; never both months' worth, whatever the start and end
/// rules say. A pack that does not say is a gap.
#[test]
fn pro_7_a_change_of_role_mid_month_pays_the_month_once() {
    let packs = Packs::load();
    let national = packs.get("national");
    let kon_tum = packs.get("kon-tum-nq-24-2024");
    let nov = month(2026, 11);
    let mut m = member(1, TeamRole::Member, d(2025, 1, 1), Some(d(2026, 11, 16)));
    m.periods.push(Period {
        team: m.periods[0].team.clone(),
        role: TeamRole::Deputy,
        start: d(2026, 11, 17),
        end: None,
    });
    let run = |pack: &Pack| {
        let (lines, gap) = compute_lines(
            nov,
            demo_policy(national, kon_tum, pack, nov.first_day()),
            &cal(),
            std::slice::from_ref(&m),
        );
        (lines[0].monthly_support, gap)
    };
    let demo = packs.get("demo-kon-tum");
    assert_eq!(run(demo), (Dong(674_667 + 649_367), None));
    let with = |choice: &str| {
        parse_pack(&DEMO.replace(
            "choice = \"pro_rata_calendar_days\"",
            &format!("choice = \"{choice}\""),
        ))
        .unwrap()
    };
    assert_eq!(run(&with("role_on_first_day")), (Dong(1_265_000), None));
    assert_eq!(run(&with("new_role")), (Dong(1_391_500), None));
    // The membership rules say "whole month" at a start and an end: the change is neither.
    let full = with("new_role");
    let text = DEMO
        .replace("choice = \"half_if_lt_15\"", "choice = \"full_month\"")
        .replace(
            "choice = \"pro_rata_calendar_days\"",
            "choice = \"new_role\"",
        );
    let full_month = parse_pack(&text).unwrap();
    assert_eq!(run(&full_month).0, run(&full).0);
    // A pack that does not say how a change of role is paid: a gap, not a default.
    let start = DEMO.find("key = \"partial_month_role_change\"").unwrap();
    let block = DEMO[..start].rfind("[[param]]").unwrap();
    let end = block + 9 + DEMO[block + 9..].find("[[param]]").unwrap();
    let silent = parse_pack(&format!("{}{}", &DEMO[..block], &DEMO[end..])).unwrap();
    let (_, gap) = run(&silent);
    assert!(
        gap.unwrap()
            .missing
            .iter()
            .any(|g| g.parameter == "partial_month_role_change")
    );
}

use antt_domain::money::Dong;
use antt_domain::policy::TeamRole;
use antt_domain::policy::amounts::{Household, Person, amounts};

use crate::{Packs, d};

fn person(role: TeamRole) -> Person {
    Person {
        role,
        household: Household::None,
        ethnic_minority: false,
        island: false,
        hardship_area: false,
    }
}

fn amount(
    packs: &Packs,
    pack: Option<&str>,
    demo: bool,
    date: chrono::NaiveDate,
    p: &Person,
    name: &str,
) -> Option<Dong> {
    let policy = packs.policy(pack, demo, date);
    amounts(&policy, p)
        .amounts
        .iter()
        .find(|a| a.name == name)
        .map(|a| a.dong)
}

#[test]
fn bhyt_1_health_insurance_is_4_5_percent_of_the_base_salary() {
    let packs = Packs::load();
    let p = person(TeamRole::Member);
    assert_eq!(
        amount(
            &packs,
            Some("binh-dinh-nq-03-2024"),
            false,
            d(2025, 1, 1),
            &p,
            "bhyt_contribution"
        ),
        Some(Dong(105_300))
    );
}

#[test]
fn bhyt_2_the_state_pays_at_least_half_from_15_august_2025() {
    let packs = Packs::load();
    let p = person(TeamRole::Member);
    let kt = Some("kon-tum-nq-24-2024");
    // Demo province share 30 %: before the floor 31.590, from the floor 50 % = 52.650.
    assert_eq!(
        amount(&packs, kt, true, d(2025, 8, 14), &p, "bhyt_support"),
        Some(Dong(31_590))
    );
    assert_eq!(
        amount(&packs, kt, true, d(2025, 8, 15), &p, "bhyt_support"),
        Some(Dong(52_650))
    );
    assert_eq!(
        amount(&packs, kt, true, d(2025, 8, 15), &p, "bhyt_member_pays"),
        Some(Dong(52_650))
    );
}

#[test]
fn bhxh_4_and_5_state_share_changes_on_1_july_2025_and_the_highest_group_applies() {
    let packs = Packs::load();
    let bd = Some("binh-dinh-nq-03-2024");
    let poor = Person {
        household: Household::Poor,
        ..person(TeamRole::Member)
    };
    assert_eq!(
        amount(
            &packs,
            bd,
            false,
            d(2025, 6, 30),
            &poor,
            "bhxh_state_support"
        ),
        Some(Dong(99_000))
    );
    assert_eq!(
        amount(
            &packs,
            bd,
            false,
            d(2025, 7, 1),
            &poor,
            "bhxh_state_support"
        ),
        Some(Dong(165_000))
    );
    let minority = Person {
        ethnic_minority: true,
        ..person(TeamRole::Member)
    };
    assert_eq!(
        amount(
            &packs,
            bd,
            false,
            d(2025, 6, 30),
            &minority,
            "bhxh_state_support"
        ),
        Some(Dong(33_000)),
        "NĐ 134 has no ethnic-minority group"
    );
    assert_eq!(
        amount(
            &packs,
            bd,
            false,
            d(2025, 7, 1),
            &minority,
            "bhxh_state_support"
        ),
        Some(Dong(99_000))
    );
    let both = Person {
        household: Household::NearPoor,
        ethnic_minority: true,
        ..person(TeamRole::Member)
    };
    assert_eq!(
        amount(
            &packs,
            bd,
            false,
            d(2025, 7, 1),
            &both,
            "bhxh_state_support"
        ),
        Some(Dong(132_000)),
        "near-poor 40 % beats minority 30 %"
    );
}

#[test]
fn bhxh_3_the_minimum_contribution_rises_with_the_2027_poverty_line() {
    let packs = Packs::load();
    let p = person(TeamRole::Member);
    let bd = Some("binh-dinh-nq-03-2024");
    assert_eq!(
        amount(
            &packs,
            bd,
            false,
            d(2026, 12, 31),
            &p,
            "bhxh_min_contribution"
        ),
        Some(Dong(330_000))
    );
    assert_eq!(
        amount(
            &packs,
            bd,
            false,
            d(2027, 1, 1),
            &p,
            "bhxh_min_contribution"
        ),
        Some(Dong(484_000))
    );
}

#[test]
fn bd_3_binh_dinh_pays_165_000_toward_voluntary_insurance() {
    let packs = Packs::load();
    let p = person(TeamRole::Leader);
    let bd = Some("binh-dinh-nq-03-2024");
    assert_eq!(
        amount(&packs, bd, false, d(2024, 7, 1), &p, "monthly_support"),
        Some(Dong(1_440_000))
    );
    assert_eq!(
        amount(
            &packs,
            bd,
            false,
            d(2024, 7, 1),
            &p,
            "bhxh_province_support"
        ),
        Some(Dong(165_000))
    );
    // 330.000 − 33.000 (state, 10 %) − 165.000 (province) = 132.000
    assert_eq!(
        amount(&packs, bd, false, d(2024, 7, 1), &p, "bhxh_member_pays"),
        Some(Dong(132_000))
    );
}

#[test]
fn hcm_3_ho_chi_minh_city_pays_all_insurance_on_the_support_amount() {
    let packs = Packs::load();
    let p = person(TeamRole::Leader);
    let hcm = Some("tp-ho-chi-minh-nq-54-2025");
    assert_eq!(
        amount(
            &packs,
            hcm,
            false,
            d(2026, 2, 1),
            &p,
            "bhxh_min_contribution"
        ),
        Some(Dong(1_430_000))
    );
    assert_eq!(
        amount(&packs, hcm, false, d(2026, 2, 1), &p, "bhxh_member_pays"),
        Some(Dong(0))
    );
    assert_eq!(
        amount(&packs, hcm, false, d(2026, 2, 1), &p, "bhyt_contribution"),
        Some(Dong(292_500))
    );
    assert_eq!(
        amount(&packs, hcm, false, d(2026, 2, 1), &p, "bhyt_member_pays"),
        Some(Dong(0))
    );
}

#[test]
fn kt_nf_3_kon_tum_amounts_stop_at_a_gap_and_the_demo_marks_its_figures() {
    let packs = Packs::load();
    let p = person(TeamRole::Leader);
    let real = amounts(
        &packs.policy(Some("kon-tum-nq-24-2024"), false, d(2025, 3, 1)),
        &p,
    );
    let gap = real.gap.expect("gap");
    let names: Vec<&str> = gap.missing.iter().map(|m| m.parameter.as_str()).collect();
    assert!(
        names.contains(&"monthly_support") && names.contains(&"bhyt_province_support"),
        "{names:?}"
    );
    assert!(real.amounts.iter().all(|a| a.name != "monthly_support"));
    let demo = amounts(
        &packs.policy(Some("kon-tum-nq-24-2024"), true, d(2025, 3, 1)),
        &p,
    );
    let support = demo
        .amounts
        .iter()
        .find(|a| a.name == "monthly_support")
        .unwrap();
    assert_eq!(support.dong, Dong(1_521_000), "0,65 × 2.340.000");
    assert!(support.detail.illustrative);
    assert!(
        support
            .detail
            .explanation
            .iter()
            .any(|l| l.text.contains("0,65 × 2.340.000 đ = 1.521.000 đ"))
    );
}

#[test]
fn lcs_2_a_coefficient_follows_the_base_salary_from_1_july_2024() {
    let packs = Packs::load();
    let p = person(TeamRole::Member);
    let kt = Some("kon-tum-nq-24-2024");
    assert_eq!(
        amount(&packs, kt, true, d(2024, 7, 1), &p, "monthly_support"),
        Some(Dong(1_170_000)),
        "0,5 × 2.340.000"
    );
}

/// FIX-1 (money.md §0, INS-17): the base salary is 2,530,000 đ from 1/7/2026 (Nghị định
/// 161/2026/NĐ-CP Điều 3 khoản 2), 2,340,000 đ the day before; the figures that follow it move
/// on the day: BHYT 4.5 % (BHYT-1) and a support set as a coefficient of it (LCS-2).
#[test]
fn fix_1_the_base_salary_is_2_530_000_from_1_july_2026_and_what_follows_it_moves_that_day() {
    let packs = Packs::load();
    let p = person(TeamRole::Member);
    let bd = Some("binh-dinh-nq-03-2024");
    assert_eq!(
        amount(&packs, bd, false, d(2026, 6, 30), &p, "bhyt_contribution"),
        Some(Dong(105_300)),
        "4,5 % × 2.340.000"
    );
    assert_eq!(
        amount(&packs, bd, false, d(2026, 7, 1), &p, "bhyt_contribution"),
        Some(Dong(113_850)),
        "4,5 % × 2.530.000"
    );
    let kt = Some("kon-tum-nq-24-2024");
    assert_eq!(
        amount(&packs, kt, true, d(2026, 6, 30), &p, "monthly_support"),
        Some(Dong(1_170_000)),
        "0,5 × 2.340.000"
    );
    assert_eq!(
        amount(&packs, kt, true, d(2026, 7, 1), &p, "monthly_support"),
        Some(Dong(1_265_000)),
        "0,5 × 2.530.000"
    );
}

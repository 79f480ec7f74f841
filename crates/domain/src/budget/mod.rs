//! Dự toán và quyết toán kinh phí: a commune's year, line by line (BUD-10: no official
//! template was found, so the lines are the product's and say so) — the monthly support by role
//! with the rate of each month (a rise inside the year splits the line), the insurance supports
//! quarter by quarter, the allowances expected from last year's log, and the lines whose issue
//! is still to come (training, equipment, uniforms, members without insurance) as hooks with no
//! figure. Each line carries its formula and its rules. The settlement sets what was paid and
//! transferred against each line.

use serde::{Deserialize, Serialize};

use crate::money::Dong;
use crate::payroll::Month;
use crate::policy::{ExplanationLine, Policy, PolicyGap, TeamRole};

/// One line of the estimate or the settlement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetLine {
    /// `support_leader`, `bhxh_support`, `allowances`, `training`…
    pub key: String,
    pub label: String,
    /// The arithmetic, in words and numbers.
    pub formula: String,
    /// None: a hook whose figure comes with its own capability, or a figure a gap leaves out.
    pub dong: Option<Dong>,
    pub rules: Vec<String>,
    pub explanation: Vec<ExplanationLine>,
    /// What was paid or transferred against the line (settlement only).
    pub actual: Option<Dong>,
}

/// A commune's estimate (or settlement) of a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Estimate {
    pub year: i32,
    pub lines: Vec<BudgetLine>,
    pub total: Dong,
    pub total_in_words: String,
    /// The sum of the lines' actual amounts, when settled against.
    pub actual: Option<Dong>,
    pub illustrative: bool,
    pub gap: Option<PolicyGap>,
}

fn merge(gap: &mut Option<PolicyGap>, g: PolicyGap) {
    if g.missing.is_empty() {
        return;
    }
    *gap = Some(match gap.take() {
        Some(e) => e.merge(g),
        None => g,
    });
}

/// The monthly support lines: for each role with members, the months grouped by rate.
/// `policy_of(month)` is the commune's policy on the month's first day.
pub fn support_lines<'a>(
    year: i32,
    policy_of: impl Fn(Month) -> Policy<'a>,
    headcount: &[(TeamRole, u32)],
) -> (Vec<BudgetLine>, bool, Option<PolicyGap>) {
    let mut gap = None;
    let mut illustrative = false;
    let mut lines = Vec::new();
    for (role, n) in headcount.iter().filter(|(_, n)| *n > 0) {
        // Runs of months at one rate: (rate, months, explanation of the first month).
        let mut runs: Vec<(Dong, u32, Vec<ExplanationLine>)> = Vec::new();
        let mut missing = false;
        for m in 1..=12 {
            let Some(month) = Month::new(year, m) else {
                continue;
            };
            let policy = policy_of(month);
            match crate::policy::amounts::monthly_support(&policy.on(month.first_day()), *role) {
                Ok(s) => {
                    illustrative |= s.illustrative;
                    match runs.last_mut() {
                        Some((rate, k, _)) if *rate == s.value => *k += 1,
                        _ => runs.push((s.value, 1, s.explanation)),
                    }
                }
                Err(g) => {
                    merge(&mut gap, g);
                    missing = true;
                    break;
                }
            }
        }
        let parts: Vec<String> = runs
            .iter()
            .map(|(rate, k, _)| format!("{k} tháng × {rate}"))
            .collect();
        let sum: i64 = runs
            .iter()
            .map(|(rate, k, _)| rate.0 * i64::from(*k) * i64::from(*n))
            .sum();
        lines.push(BudgetLine {
            key: format!("support_{}", role.as_str()),
            label: format!("Hỗ trợ thường xuyên hằng tháng — {}", role.label_vi()),
            formula: if missing {
                "Chưa tính: thiếu mức hỗ trợ trong gói quy định.".into()
            } else {
                format!("{n} người × ({})", parts.join(" + "))
            },
            dong: (!missing).then_some(Dong(sum)),
            rules: vec!["LAW-23.1".into(), "BUD-10".into()],
            explanation: runs.into_iter().flat_map(|(_, _, e)| e).collect(),
            actual: None,
        });
    }
    (lines, illustrative, gap)
}

/// A hook: a line whose figure comes with its own capability.
pub fn hook(key: &str, label: &str, why: &str, rules: &[&str]) -> BudgetLine {
    BudgetLine {
        key: key.into(),
        label: label.into(),
        formula: format!("Chưa tính: {why}"),
        dong: None,
        rules: rules.iter().map(|r| (*r).to_string()).collect(),
        explanation: Vec::new(),
        actual: None,
    }
}

/// The allowances expected from last year's approved payrolls: their allowances over the
/// months approved, to twelve months (`rounding` is the pack's).
pub fn allowance_line(
    last_year: i32,
    paid: Dong,
    months: u32,
    rounding: crate::money::Rounding,
) -> BudgetLine {
    if months == 0 {
        return hook(
            "allowances",
            "Bồi dưỡng khi làm nhiệm vụ (ban đêm, ngày nghỉ, độc hại…)",
            &format!("chưa có bảng thanh toán nào của năm {last_year} đã duyệt để ước tính."),
            &["LAW-23.2b", "BUD-10"],
        );
    }
    let dong = Dong(
        i64::try_from(rounding.divide(i128::from(paid.0) * 12, i128::from(months))).unwrap_or(0),
    );
    BudgetLine {
        key: "allowances".into(),
        label: "Bồi dưỡng khi làm nhiệm vụ (ban đêm, ngày nghỉ, độc hại…)".into(),
        formula: format!(
            "Bồi dưỡng đã duyệt năm {last_year}: {paid} trong {months} tháng × 12 / {months}"
        ),
        dong: Some(dong),
        rules: vec!["LAW-23.2b".into(), "BUD-10".into()],
        explanation: Vec::new(),
        actual: None,
    }
}

/// The estimate from its lines: the total of the lines with a figure, in words.
pub fn assemble(
    year: i32,
    lines: Vec<BudgetLine>,
    illustrative: bool,
    gap: Option<PolicyGap>,
) -> Estimate {
    let total = lines
        .iter()
        .filter_map(|l| l.dong)
        .fold(Dong(0), |a, d| a + d);
    let actual = lines.iter().any(|l| l.actual.is_some()).then(|| {
        lines
            .iter()
            .filter_map(|l| l.actual)
            .fold(Dong(0), |a, d| a + d)
    });
    Estimate {
        year,
        total_in_words: crate::words::dong_in_words(total),
        total,
        actual,
        lines,
        illustrative,
        gap,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allowances_of_part_of_last_year_are_taken_to_twelve_months() {
        let l = allowance_line(2025, Dong(700_000), 7, crate::money::Rounding::HalfUp);
        assert_eq!(l.dong, Some(Dong(1_200_000)));
        assert!(l.formula.contains("7 tháng"));
        let none = allowance_line(2025, Dong(0), 0, crate::money::Rounding::HalfUp);
        assert_eq!(none.dong, None);
    }

    #[test]
    fn the_total_counts_the_lines_with_a_figure_and_says_it_in_words() {
        let mut a = hook(
            "training",
            "Huấn luyện",
            "chờ chức năng huấn luyện.",
            &["ALW-1"],
        );
        assert_eq!(a.dong, None);
        a.actual = Some(Dong(5));
        let b = BudgetLine {
            dong: Some(Dong(1_000_000)),
            ..hook("x", "X", "", &[])
        };
        let e = assemble(2027, vec![a, b], false, None);
        assert_eq!(e.total, Dong(1_000_000));
        assert_eq!(e.total_in_words, "Một triệu đồng");
        assert_eq!(e.actual, Some(Dong(5)));
    }
}

//! Bảo hiểm: a member's voluntary social insurance (BHXH tự nguyện) and health insurance (BHYT)
//! for one month, each share with its rule — what the contribution is, what the state and the
//! province pay, what the member pays. The figures per day come from [`crate::policy::amounts`]
//! (BHXH-1…6, BHYT-1/2, INS-8, INS-12); this module makes a month of them:
//!
//! - BHXH TN is monthly (the state share of the month's first day in post: NĐ 134/2015 until
//!   30/6/2025, NĐ 159/2025 from 1/7/2025), the state's part for at most 120 months per person
//!   (INS-8), and none for a member who already pays compulsory social insurance elsewhere or has
//!   not registered;
//! - BHYT runs on each day's rate (the floor of 50 % from 15/8/2025 falls mid-month), for the days
//!   in post, and none for a member who already holds a health insurance card of another group
//!   (no double support).

pub mod quarter;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::money::{Dong, RATE_ONE};
use crate::payroll::Month;
use crate::policy::amounts::{Household, Person, amounts};
use crate::policy::{ExplanationLine, Policy, PolicyGap, TeamRole};

/// The state supports at most this many months of BHXH TN per person (INS-8, NĐ 159/2025).
pub const STATE_SUPPORT_MONTHS: u32 = 120;

/// Who is insured, as the month reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Insured {
    pub role: TeamRole,
    pub household: Household,
    pub ethnic_minority: bool,
    pub island: bool,
    /// Registered for BHXH TN through the commune (INS-1).
    pub bhxh_registered: bool,
    /// Already pays compulsory social insurance elsewhere: no BHXH TN here.
    pub covered_bhxh: bool,
    /// Already holds a BHYT card of another group: no support here.
    pub covered_bhyt: bool,
    /// Months of state BHXH TN support received before this one.
    pub state_months_before: u32,
}

/// One share of a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Shares {
    pub contribution: Dong,
    /// BHXH: the state's share (NĐ 134/2015, NĐ 159/2025). BHYT: the budget's support, the
    /// higher of the state floor and the province's share (BHYT-2).
    pub state: Dong,
    /// BHXH: the province's top-up (never beyond what is left to pay). BHYT: 0 (in `state`).
    pub province: Dong,
    pub member: Dong,
    pub explanation: Vec<ExplanationLine>,
}

/// A member's insurance for one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InsuranceMonth {
    pub month: Month,
    /// Days in post in the month.
    pub days: u32,
    pub bhxh: Option<Shares>,
    /// Whether this month counts as one of the 120 months of state support.
    pub state_month: bool,
    pub bhyt: Option<Shares>,
    /// Why a scheme is not there (covered elsewhere, not registered, the 120 months reached).
    pub notes: Vec<String>,
    pub illustrative: bool,
}

fn named(report: &crate::policy::amounts::AmountsReport, name: &str) -> Option<Dong> {
    report
        .amounts
        .iter()
        .find(|a| a.name == name)
        .map(|a| a.dong)
}

fn lines_of(
    report: &crate::policy::amounts::AmountsReport,
    names: &[&str],
) -> Vec<ExplanationLine> {
    report
        .amounts
        .iter()
        .filter(|a| names.contains(&a.name))
        .flat_map(|a| a.detail.explanation.iter().cloned())
        .collect()
}

fn note(text: String) -> ExplanationLine {
    ExplanationLine {
        rule: "INS-8".into(),
        text,
        citation: None,
        verification: None,
    }
}

/// The member's insurance for `month`, in post from `from` to `to` (both in the month).
/// `policy` is the commune's; its packs are read on each day that matters.
pub fn insurance_month(
    policy: Policy<'_>,
    month: Month,
    from: NaiveDate,
    to: NaiveDate,
    who: &Insured,
) -> (InsuranceMonth, Option<PolicyGap>) {
    let person = Person {
        role: who.role,
        household: who.household,
        ethnic_minority: who.ethnic_minority,
        island: who.island,
        hardship_area: false,
    };
    let rounding = policy.rounding();
    let mut gap: Option<PolicyGap> = None;
    let mut merge = |g: Option<PolicyGap>| {
        if let Some(g) = g.filter(|g| !g.missing.is_empty()) {
            gap = Some(match gap.take() {
                Some(e) => e.merge(g),
                None => g,
            });
        }
    };
    let days = u32::try_from((to - from).num_days() + 1).unwrap_or(0);
    let mut notes = Vec::new();
    let mut illustrative = false;

    // BHXH TN: the month's rate, on its first day in post.
    let bhxh = if !who.bhxh_registered {
        notes.push("Chưa đăng ký tham gia BHXH tự nguyện.".to_string());
        None
    } else if who.covered_bhxh {
        notes.push(
            "Đang tham gia BHXH bắt buộc ở nơi khác: không tham gia BHXH tự nguyện.".to_string(),
        );
        None
    } else {
        let r = amounts(&policy.on(from), &person);
        illustrative |= r.amounts.iter().any(|a| a.detail.illustrative);
        let got = (
            named(&r, "bhxh_min_contribution"),
            named(&r, "bhxh_state_support"),
            named(&r, "bhxh_province_support"),
        );
        match got {
            (Some(contribution), Some(state), province) => {
                let mut explanation = lines_of(
                    &r,
                    &[
                        "bhxh_min_contribution",
                        "bhxh_state_support",
                        "bhxh_province_support",
                    ],
                );
                let state = if who.state_months_before >= STATE_SUPPORT_MONTHS {
                    explanation.push(note(format!(
                        "Đã được Nhà nước hỗ trợ đủ {STATE_SUPPORT_MONTHS} tháng: tháng này không còn hỗ trợ của Nhà nước."
                    )));
                    notes.push(format!(
                        "Đã hưởng đủ {STATE_SUPPORT_MONTHS} tháng hỗ trợ của Nhà nước."
                    ));
                    Dong(0)
                } else {
                    explanation.push(note(format!(
                        "Tháng hỗ trợ thứ {} trong tối đa {STATE_SUPPORT_MONTHS} tháng.",
                        who.state_months_before + 1
                    )));
                    state
                };
                let province = province
                    .unwrap_or_default()
                    .min(Dong(contribution.0 - state.0));
                if named(&r, "bhxh_province_support").is_none() {
                    merge(r.gap.clone());
                }
                Some(Shares {
                    contribution,
                    state,
                    province,
                    member: Dong(contribution.0 - state.0 - province.0),
                    explanation,
                })
            }
            _ => {
                merge(r.gap.clone());
                None
            }
        }
    };
    let state_month = bhxh.as_ref().is_some_and(|b| b.state.0 > 0);

    // BHYT: each day's rate, for the days in post.
    let bhyt = if who.covered_bhyt {
        notes.push("Đã có thẻ BHYT theo nhóm khác: không hỗ trợ trùng.".to_string());
        None
    } else {
        let n = i128::from(month.days());
        let mut contribution_sum: i128 = 0; // đồng × days
        let mut support_sum: i128 = 0; // đồng × days (a rate applied: ÷ RATE_ONE below)
        let mut explanation: Vec<ExplanationLine> = Vec::new();
        let mut last: Option<(Dong, Dong)> = None;
        let mut ok = true;
        for d in from.iter_days().take_while(|d| *d <= to) {
            let r = amounts(&policy.on(d), &person);
            illustrative |= r.amounts.iter().any(|a| {
                a.detail.illustrative && (a.name == "bhyt_contribution" || a.name == "bhyt_support")
            });
            let (Some(c), Some(s)) = (named(&r, "bhyt_contribution"), named(&r, "bhyt_support"))
            else {
                merge(r.gap.clone());
                ok = false;
                break;
            };
            contribution_sum += i128::from(c.0);
            // The support's share of the contribution that day, exact: s / c.
            support_sum += i128::from(s.0) * i128::from(RATE_ONE);
            if last != Some((c, s)) {
                explanation.extend(lines_of(&r, &["bhyt_contribution", "bhyt_support"]));
                explanation.push(ExplanationLine {
                    rule: "INS-12".into(),
                    text: format!(
                        "Từ ngày {}: mức đóng {c}/tháng, ngân sách hỗ trợ {s}/tháng.",
                        crate::date::format_vi(d)
                    ),
                    citation: None,
                    verification: None,
                });
                last = Some((c, s));
            }
        }
        if ok {
            let contribution =
                Dong(i64::try_from(rounding.divide(contribution_sum, n)).unwrap_or(0));
            let support = Dong(
                i64::try_from(rounding.divide(support_sum, n * i128::from(RATE_ONE))).unwrap_or(0),
            );
            explanation.push(ExplanationLine {
                rule: "INS-12".into(),
                text: format!(
                    "{days}/{} ngày trong tháng theo mức của từng ngày: đóng {contribution}, ngân sách hỗ trợ {support}, người tham gia đóng {}. Làm tròn: {}.",
                    month.days(),
                    Dong(contribution.0 - support.0),
                    rounding.label_vi()
                ),
                citation: None,
                verification: None,
            });
            Some(Shares {
                contribution,
                state: support,
                province: Dong(0),
                member: Dong(contribution.0 - support.0),
                explanation,
            })
        } else {
            None
        }
    };
    (
        InsuranceMonth {
            month,
            days,
            bhxh,
            state_month,
            bhyt,
            notes,
            illustrative,
        },
        gap,
    )
}

//! Bảng thanh toán phụ cấp: a commune's monthly payroll for its teams — the monthly support by
//! role with the pack's partial-month rule (PRO-7), the allowances of the duty log with their
//! caps (ALW), the arrears of months already approved when a rate or a date changed after, the
//! totals and the total in words (PAY-6). Every figure explains itself; a figure the packs do
//! not give is a policy gap, never a default.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::WorkCalendar;
use crate::insurance::InsuranceMonth;
use crate::insurance::quarter::QuarterMember;
use crate::kernel::ids::PersonId;
use crate::money::Dong;
use crate::policy::{ExplanationLine, Param, Policy, PolicyGap, TeamRole, Value, Verification};

pub mod allowances;
pub mod arrears;
pub mod bank;
pub mod duty;
pub mod duty_import;
pub mod month;
pub mod partial;

pub use allowances::{YearToDate, allowances};
pub use arrears::{MonthHistory, arrears};
pub use duty::{DutyKind, Shift};
pub use month::Month;
pub use partial::{PartialMonthRule, RoleChangeRule, Share, SideRule, month_share};

crate::code_enum! {
    /// Trạng thái bảng thanh toán: four separate facts, in order (ARCHITECTURE §6, DHIS2).
    pub enum PayrollState (field = "state") {
        Draft = "draft" => "Dự thảo",
        Checked = "checked" => "Đã kiểm tra",
        Approved = "approved" => "Đã duyệt",
        Paid = "paid" => "Đã chi trả",
    }
}

impl PayrollState {
    /// Approved and paid payrolls never change.
    pub fn locked(self) -> bool {
        matches!(self, PayrollState::Approved | PayrollState::Paid)
    }
}

crate::faults! {
    /// Bảng thanh toán, sổ trực: the refusals, each with its stable code and message.
    pub enum PayrollFault {
        InvalidMonth = "invalid_month" => "tháng không hợp lệ (nhập theo dạng YYYY-MM, ví dụ 2026-07, hoặc 07/2026).",
        InvalidTime = "invalid_time" => "giờ không hợp lệ (nhập theo dạng hh:mm, từ 00:00 đến 23:59).",
        EmptyShift = "empty_shift" => "giờ kết thúc trùng giờ bắt đầu: ca trực phải có thời gian.",
        Locked = "payroll_locked" => "bảng thanh toán của tháng này đã được duyệt, không thể thay đổi; chênh lệch (nếu có) được truy lĩnh hoặc truy thu ở bảng của tháng sau.",
        NotChecked = "payroll_not_checked" => "bảng thanh toán chưa được kiểm tra: cần kiểm tra trước khi duyệt.",
        NotApproved = "payroll_not_approved" => "bảng thanh toán chưa được duyệt: chỉ chi trả bảng đã duyệt.",
        AlreadyPaid = "payroll_already_paid" => "bảng thanh toán đã được ghi nhận chi trả.",
        ChangedSinceCheck = "payroll_changed_since_check" => "số liệu đã thay đổi sau khi kiểm tra (thành viên, sổ trực hoặc quy định): cần kiểm tra lại trước khi duyệt.",
        SameUser = "payroll_same_user" => "người duyệt phải khác người đã kiểm tra bảng thanh toán.",
        ReasonRequired = "reason_required" => "cần ghi lý do trả lại.",
        WrongState = "payroll_wrong_state" => "chỉ trả lại bảng thanh toán đã kiểm tra, chưa duyệt.",
        TooLong = "period_too_long" => "khoảng thời gian dài quá: tối đa 12 tháng, hoặc 93 ngày với sổ trực.",
        LaterApproved = "payroll_later_approved" => "bảng thanh toán của một tháng sau đã được duyệt: duyệt các tháng theo thứ tự.",
        FutureMonth = "payroll_future_month" => "tháng này chưa kết thúc: chỉ duyệt bảng thanh toán khi đã hết tháng.",
        NotAMember = "not_a_member" => "người này không phải thành viên của Tổ vào ngày của ca trực.",
        TooManyPeople = "too_many_people" => "một ca trực ghi tối đa 100 người.",
        PaidBeforeApproved = "paid_before_approved" => "ngày chi trả không được trước ngày duyệt.",
    }
}

/// One figure of a line: what it is, how much, on what basis and how it was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayItem {
    /// `monthly_support`, `night_duty`, `holiday`, `hazardous`, `extra_workday`, `training`.
    pub key: String,
    pub label: String,
    /// The rate it is paid at: the month's full support, or one unit of an allowance.
    pub rate: Dong,
    /// What was counted: "Tổ viên, cả tháng", "3 đêm", "15/31".
    pub basis: String,
    pub dong: Dong,
    /// Minutes paid by the hour (a per-hour allowance), for the yearly hours cap.
    #[serde(default)]
    pub minutes: u32,
    /// The citations the rate comes from (document, article), to name the cause of an arrear
    /// on paper.
    pub sources: Vec<String>,
    /// The rule IDs behind them (for the explanation beside the paper, never on it).
    #[serde(default)]
    pub rules: Vec<String>,
    pub explanation: Vec<ExplanationLine>,
    pub illustrative: bool,
}

/// Truy lĩnh (owed to the member, `diff` > 0) or truy thu (overpaid, `diff` < 0) of an item of
/// a month already approved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Arrear {
    pub month: Month,
    pub item: String,
    pub label: String,
    /// What was paid for the item and month so far (the approved line and earlier arrears).
    pub old: Dong,
    /// What it comes to today.
    pub new: Dong,
    pub diff: Dong,
    /// Why, in words a paper can carry (citations, no internal codes).
    pub cause: String,
    /// The rule IDs of the rates that changed (for the explanation beside the paper).
    #[serde(default)]
    pub rules: Vec<String>,
}

impl Arrear {
    /// `Truy lĩnh` or `Truy thu`.
    pub fn kind_vi(&self) -> &'static str {
        if self.diff.0 >= 0 {
            "Truy lĩnh"
        } else {
            "Truy thu"
        }
    }
}

/// One member's line of the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayLine {
    pub person: PersonId,
    pub cccd: String,
    pub name: String,
    pub team: String,
    pub role: TeamRole,
    /// Days in post in the month.
    pub days: u32,
    pub monthly_support: Dong,
    /// Allowance key → amount.
    pub allowances: BTreeMap<String, Dong>,
    /// The member's own insurance part withheld from the support (INS-8, INS-12), when the pack
    /// says it is withheld: a positive amount taken off the total.
    #[serde(default)]
    pub withheld: Dong,
    pub arrears: Vec<Arrear>,
    /// What the member receives: the items less what is withheld, and the arrears.
    pub total: Dong,
    pub items: Vec<PayItem>,
}

impl PayLine {
    /// The amount of one item key (all its parts).
    pub fn item_total(&self, key: &str) -> Dong {
        Dong(
            self.items
                .iter()
                .filter(|i| i.key == key)
                .map(|i| i.dong.0)
                .sum(),
        )
    }

    fn recount(&mut self) {
        self.monthly_support = self.item_total("monthly_support");
        self.withheld = Dong(0) - self.item_total(WITHHELD);
        self.allowances = BTreeMap::new();
        for i in self.items.iter().filter(|i| is_allowance(&i.key)) {
            let e = self.allowances.entry(i.key.clone()).or_default();
            *e = Dong(e.0 + i.dong.0);
        }
        let items: i64 = self.items.iter().map(|i| i.dong.0).sum();
        let arrears: i64 = self.arrears.iter().map(|a| a.diff.0).sum();
        self.total = Dong(items + arrears);
    }
}

/// The item key of the member's own insurance part withheld from the support: its amount is
/// negative on the line.
pub const WITHHELD: &str = "insurance_withheld";

/// Whether an item key is an allowance (bồi dưỡng): neither the monthly support nor what is
/// withheld. The yearly caps count these only.
pub fn is_allowance(key: &str) -> bool {
    key != "monthly_support" && key != WITHHELD
}

/// A team's subtotal ("Cộng").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamTotal {
    pub team: String,
    pub members: u32,
    pub monthly_support: Dong,
    pub allowances: Dong,
    #[serde(default)]
    pub withheld: Dong,
    pub arrears: Dong,
    pub total: Dong,
}

/// The computed body of a payroll: what is approved and kept unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayrollBody {
    pub month: Month,
    pub illustrative: bool,
    pub lines: Vec<PayLine>,
    pub teams: Vec<TeamTotal>,
    pub total: Dong,
    pub total_in_words: String,
    /// What could not be computed: the payroll cannot be checked or approved until entered.
    pub gap: Option<PolicyGap>,
}

/// One period of a member in post inside the month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub team: String,
    pub role: TeamRole,
    /// The membership's own start and end (the end inclusive).
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

/// A member as the month's payroll reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberMonth {
    pub person: PersonId,
    pub cccd: String,
    pub name: String,
    pub periods: Vec<Period>,
    /// The shifts the member was present at, started in the month.
    pub shifts: Vec<Shift>,
    /// Training days attended in the month (training attendance fills this; none yet).
    pub training_days: u32,
    /// Allowances already paid in the year before this month (for the yearly caps).
    pub year_to_date: YearToDate,
    /// The member's insurance record, read only when the pack says the member's own part is
    /// withheld from the support.
    pub insurance: Option<QuarterMember>,
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

/// `Nghị định 73/2024/NĐ-CP`: how an item names where its rate comes from.
pub(crate) fn source(p: &Param) -> String {
    p.citation.to_string()
}

/// The rule of one side, from the pack (a gap when the pack does not say): the partial-month
/// rule at the membership's own start or end, the role-change rule where the member changes
/// role or team with no break in post.
fn side_rule<'a>(
    policy: &Policy<'a>,
    key: &str,
) -> Result<(partial::SideRule, &'a Param), PolicyGap> {
    let p = policy.get(key)?;
    let rule = match &p.value {
        Some(Value::Choice(c)) if key == ROLE_CHANGE => {
            RoleChangeRule::from_code(c).map(partial::SideRule::RoleChange)
        }
        Some(Value::Choice(c)) => PartialMonthRule::from_code(c).map(partial::SideRule::Membership),
        _ => None,
    };
    rule.map(|r| (r, p)).ok_or(PolicyGap { missing: vec![] })
}

/// The pack key of the rule at a change of role or team inside a month.
pub const ROLE_CHANGE: &str = "partial_month_role_change";

/// The member's own parts of the month's BHXH TN and BHYT, withheld from the support: an item of
/// a negative amount, explained share by share (INS-8, INS-12). None when the member owes nothing.
fn withheld_item(policy: &Policy<'_>, param: &Param, im: &InsuranceMonth) -> Option<PayItem> {
    let bhxh = im.bhxh.as_ref().map_or(Dong(0), |b| b.member);
    let bhyt = im.bhyt.as_ref().map_or(Dong(0), |b| b.member);
    let own = bhxh + bhyt;
    if own.0 <= 0 {
        return None;
    }
    let mut explanation = vec![policy.step(
        param,
        "Phần người tham gia tự đóng được khấu trừ vào tiền hỗ trợ hằng tháng; xã chuyển phần này cùng phần ngân sách hỗ trợ vào tài khoản chuyên thu của cơ quan BHXH.".into(),
    )];
    let mut parts = Vec::new();
    if let Some(b) = &im.bhxh {
        explanation.extend(b.explanation.iter().cloned());
        explanation.push(ExplanationLine {
            rule: "INS-8".into(),
            text: format!(
                "BHXH tự nguyện: đóng {} − Nhà nước hỗ trợ {} − tỉnh hỗ trợ {} = người tham gia đóng {}.",
                b.contribution, b.state, b.province, b.member
            ),
            citation: None,
            verification: None,
        });
        parts.push(format!("BHXH TN {}", b.member));
    }
    if let Some(b) = &im.bhyt {
        explanation.extend(b.explanation.iter().cloned());
        parts.push(format!("BHYT {}", b.member));
    }
    explanation.push(ExplanationLine {
        rule: "INS-12".into(),
        text: format!("Khấu trừ {}: {own}.", parts.join(" + ")),
        citation: None,
        verification: None,
    });
    let mut sources = vec![source(param)];
    let mut rules = vec![param.rule.clone()];
    for l in &explanation {
        if let Some(c) = &l.citation
            && !sources.contains(c)
        {
            sources.push(c.clone());
        }
        if !rules.contains(&l.rule) {
            rules.push(l.rule.clone());
        }
    }
    Some(PayItem {
        key: WITHHELD.into(),
        label: "Khấu trừ phần BHXH tự nguyện, BHYT người tham gia đóng".into(),
        rate: own,
        basis: parts.join("; "),
        dong: Dong(0) - own,
        minutes: 0,
        sources,
        rules,
        explanation,
        illustrative: im.illustrative || param.verification == Verification::Demo,
    })
}

/// The lines of a month for its members, computed afresh: support per period in post, then the
/// allowances of the shifts. `policy` is the commune's policy on the month's first day (its
/// packs are read on each day that matters).
pub fn compute_lines(
    month: Month,
    policy: Policy<'_>,
    cal: &WorkCalendar,
    members: &[MemberMonth],
) -> (Vec<PayLine>, Option<PolicyGap>) {
    let rounding = policy.rounding();
    let mut gap = None;
    // Who pays the member's own insurance part (read on the month's first day): when it is
    // withheld from the support, the payroll takes it off the line; a pack that does not say is
    // a gap, since the line cannot be known.
    let withhold = if members.is_empty() {
        None
    } else {
        match policy.get("member_insurance_share") {
            Ok(p) => {
                (policy.choice("member_insurance_share").ok() == Some("withheld")).then_some(p)
            }
            Err(g) => {
                merge(&mut gap, g);
                None
            }
        }
    };
    let mut lines = Vec::with_capacity(members.len());
    for m in members {
        let mut items = Vec::new();
        let mut days = 0;
        let mut last: Option<&Period> = None;
        for p in &m.periods {
            let from = p.start.max(month.first_day());
            let to = p.end.map_or(month.last_day(), |e| e.min(month.last_day()));
            if to < from {
                continue;
            }
            last = Some(p);
            days += u32::try_from((to - from).num_days() + 1).unwrap_or(0);
            let on = policy.on(from);
            let support = match crate::policy::amounts::monthly_support(&on, p.role) {
                Ok(s) => s,
                Err(g) => {
                    merge(&mut gap, g);
                    continue;
                }
            };
            let (need_start, need_end) = partial::sides_needed(month, from, to);
            let mut rule_lines = Vec::new();
            let mut illustrative = support.illustrative;
            // The rule of each side that falls inside the month, each read on its own day.
            let mut rules = [None, None];
            let mut missing = false;
            // A change of role or team with no break: the period before ends the day before
            // the one after starts.
            let changed_in = m
                .periods
                .iter()
                .any(|q| q.end.and_then(|e| e.succ_opt()) == Some(p.start));
            let changes_out = p
                .end
                .and_then(|e| e.succ_opt())
                .is_some_and(|next| m.periods.iter().any(|q| q.start == next));
            for (i, (needed, key, day)) in [
                (
                    need_start,
                    if changed_in {
                        ROLE_CHANGE
                    } else {
                        "partial_month_start"
                    },
                    from,
                ),
                (
                    need_end,
                    if changes_out {
                        ROLE_CHANGE
                    } else {
                        "partial_month_end"
                    },
                    to,
                ),
            ]
            .into_iter()
            .enumerate()
            {
                if !needed {
                    continue;
                }
                match side_rule(&policy.on(day), key) {
                    Ok((r, param)) => {
                        rule_lines.push(param);
                        rules[i] = Some(r);
                    }
                    Err(g) => {
                        merge(&mut gap, g);
                        missing = true;
                    }
                }
            }
            if missing {
                continue;
            }
            let [start_rule, end_rule] = rules;
            let share = partial::month_share_with(month, from, to, start_rule, end_rule, cal);
            let amount = Dong(
                i64::try_from(rounding.divide(
                    i128::from(support.value.0) * i128::from(share.num),
                    i128::from(share.den.max(1)),
                ))
                .unwrap_or(0),
            );
            let mut explanation = support.explanation.clone();
            let mut sources: Vec<String> = Vec::new();
            let mut rules: Vec<String> = Vec::new();
            for key in ["monthly_support", "base_salary", "regional_min_wage"] {
                if let Ok(param) = on.get(key)
                    && support.explanation.iter().any(|l| l.rule == param.rule)
                {
                    sources.push(source(param));
                    rules.push(param.rule.clone());
                }
            }
            for param in &rule_lines {
                illustrative |= param.verification == Verification::Demo;
                explanation.push(on.step(param, share.text.clone()));
            }
            if share.is_whole() && rule_lines.is_empty() {
                explanation.push(ExplanationLine {
                    rule: "PAY-9".into(),
                    text: format!(
                        "Giữ chức danh cả {} ({} ngày): hưởng cả tháng.",
                        month.label_vi(),
                        month.days()
                    ),
                    citation: None,
                    verification: None,
                });
            } else if !share.is_whole() {
                explanation.push(ExplanationLine {
                    rule: "PRO-7".into(),
                    text: format!(
                        "{} × {} = {amount}. Làm tròn: {}.",
                        support.value,
                        share.basis_vi(),
                        rounding.label_vi()
                    ),
                    citation: None,
                    verification: None,
                });
            }
            items.push(PayItem {
                key: "monthly_support".into(),
                label: "Hỗ trợ thường xuyên hằng tháng".into(),
                rate: support.value,
                basis: format!("{}, {}", p.role.label_vi(), share.basis_vi()),
                dong: amount,
                minutes: 0,
                sources,
                rules,
                explanation,
                illustrative,
            });
        }
        let Some(last) = last.or(m.periods.last()) else {
            continue;
        };
        let (extra, g) = allowances(
            policy,
            cal,
            month,
            &m.shifts,
            m.training_days,
            m.year_to_date,
        );
        if let Some(g) = g {
            merge(&mut gap, g);
        }
        items.extend(extra);
        if let Some(param) = withhold
            && let Some(record) = &m.insurance
            && let Some((im, g)) = record.month_actual(policy, month)
        {
            if let Some(g) = g {
                merge(&mut gap, g);
            }
            items.extend(withheld_item(&policy, param, &im));
        }
        let mut line = PayLine {
            person: m.person,
            cccd: m.cccd.clone(),
            name: m.name.clone(),
            team: last.team.clone(),
            role: last.role,
            days,
            monthly_support: Dong(0),
            allowances: BTreeMap::new(),
            withheld: Dong(0),
            arrears: Vec::new(),
            total: Dong(0),
            items,
        };
        line.recount();
        lines.push(line);
    }
    (lines, gap)
}

/// The payroll body: the month's lines, the arrears put on each member's line (a line of its own
/// for a member no longer in post), subtotals per team in the order teams first appear, the
/// total and the total in words.
pub fn assemble(
    month: Month,
    mut lines: Vec<PayLine>,
    owed: Vec<(PayLine, Arrear)>,
    gap: Option<PolicyGap>,
) -> PayrollBody {
    for (who, a) in owed {
        match lines.iter_mut().find(|l| l.person == who.person) {
            Some(l) => l.arrears.push(a),
            None => {
                let mut l = PayLine {
                    days: 0,
                    items: Vec::new(),
                    arrears: vec![a],
                    allowances: BTreeMap::new(),
                    ..who
                };
                l.arrears
                    .sort_by(|x, y| (x.month, &x.item).cmp(&(y.month, &y.item)));
                lines.push(l);
            }
        }
    }
    for l in &mut lines {
        l.arrears
            .sort_by(|x, y| (x.month, &x.item).cmp(&(y.month, &y.item)));
        l.recount();
    }
    let mut teams: Vec<TeamTotal> = Vec::new();
    for l in &lines {
        let t = match teams.iter_mut().position(|t| t.team == l.team) {
            Some(i) => &mut teams[i],
            None => {
                teams.push(TeamTotal {
                    team: l.team.clone(),
                    members: 0,
                    monthly_support: Dong(0),
                    allowances: Dong(0),
                    withheld: Dong(0),
                    arrears: Dong(0),
                    total: Dong(0),
                });
                let n = teams.len() - 1;
                &mut teams[n]
            }
        };
        t.members += 1;
        t.monthly_support = Dong(t.monthly_support.0 + l.monthly_support.0);
        t.allowances = Dong(t.allowances.0 + l.allowances.values().map(|d| d.0).sum::<i64>());
        t.withheld += l.withheld;
        t.arrears = Dong(t.arrears.0 + l.arrears.iter().map(|a| a.diff.0).sum::<i64>());
        t.total = Dong(t.total.0 + l.total.0);
    }
    // Lines read team by team, in the order the teams came.
    let order: Vec<String> = teams.iter().map(|t| t.team.clone()).collect();
    lines.sort_by_key(|l| {
        order
            .iter()
            .position(|t| *t == l.team)
            .unwrap_or(usize::MAX)
    });
    let total = Dong(teams.iter().map(|t| t.total.0).sum());
    let illustrative = lines.iter().any(|l| l.items.iter().any(|i| i.illustrative));
    PayrollBody {
        month,
        illustrative,
        total_in_words: crate::words::dong_in_words(total),
        lines,
        teams,
        total,
        gap,
    }
}

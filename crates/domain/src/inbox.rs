//! Việc cần làm: what a user's communes need done, each item with how urgent it is. Pure: the
//! store gathers the facts (the overview of each commune, the rounds' deadlines), this module
//! names and orders them.

use chrono::NaiveDate;
use serde::Serialize;

crate::code_enum! {
    /// What an item of the inbox is about.
    pub enum InboxKind (field = "kind") {
        RoundStep = "round_step" => "Bước tuyển chọn đến hạn",
        Turning71 = "turning_71" => "Thành viên sắp 71 tuổi (cần quyết định, Luật 30/2023/QH15 Điều 13)",
        NoHealthCertificate = "no_health_certificate" => "Thiếu giấy chứng nhận sức khỏe",
        HealthCertificateExpired = "health_certificate_expired" => "Giấy chứng nhận sức khỏe hết hạn",
        NoLeader = "no_leader" => "Tổ chưa có Tổ trưởng",
        UnderStaffed = "under_staffed" => "Tổ thiếu thành viên",
        OverMaximum = "over_maximum" => "Tổ vượt số thành viên tối đa",
        TeamWithoutDecision = "team_without_decision" => "Tổ chưa có quyết định thành lập trong sổ",
        VillageWithoutTeam = "village_without_team" => "Thôn chưa có Tổ",
        PayrollNotChecked = "payroll_not_checked" => "Bảng thanh toán phụ cấp chưa được kiểm tra",
        PayrollNotApproved = "payroll_not_approved" => "Bảng thanh toán phụ cấp chờ duyệt",
        PayrollNotPaid = "payroll_not_paid" => "Bảng thanh toán phụ cấp đã duyệt, chưa ghi nhận chi trả",
        InsuranceAdvanceDue = "insurance_advance_due" => "Đến hạn chuyển kinh phí tạm cấp bảo hiểm của quý",
        InsuranceNotSettled = "insurance_not_settled" => "Kinh phí bảo hiểm của quý đã hết quý, chưa quyết toán",
        InsuranceNotConfirmed = "insurance_not_confirmed" => "Kinh phí bảo hiểm của quý chờ cơ quan BHXH xác nhận",
    }
}

crate::code_enum! {
    /// How soon: overdue first, then what falls due this week, then what needs a decision of
    /// the chairman, then the rest.
    pub enum Urgency (field = "urgency") {
        Overdue = "overdue" => "Quá hạn",
        ThisWeek = "this_week" => "Đến hạn trong tuần",
        NeedsDecision = "needs_decision" => "Cần quyết định",
        ToDo = "to_do" => "Cần xử lý",
    }
}

/// One thing to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxItem {
    pub kind: InboxKind,
    pub urgency: Urgency,
    /// The commune it belongs to (its code) and its name.
    pub commune: String,
    pub commune_name: String,
    /// What it is about, in a sentence.
    pub text: String,
    /// By when (a step's deadline, a 71st birthday), when it has one.
    pub due: Option<NaiveDate>,
    /// What to open to act on it: `round`, `team`, `person`, `unit`, `payroll` or
    /// `insurance`, and its key or code (a payroll's is `commune/YYYY-MM`, a quarter's
    /// `commune/YYYY-Qn`).
    pub target: &'static str,
    pub target_id: String,
}

/// The urgency of something due on `due` (if it has a date) seen on `today`.
pub fn urgency(due: Option<NaiveDate>, today: NaiveDate, needs_decision: bool) -> Urgency {
    match due {
        Some(d) if d < today => Urgency::Overdue,
        Some(d) if d <= today + chrono::Days::new(7) => Urgency::ThisWeek,
        _ if needs_decision => Urgency::NeedsDecision,
        _ => Urgency::ToDo,
    }
}

/// The items in the order a user works through them: by urgency, then by date, then by commune.
pub fn ordered(mut items: Vec<InboxItem>) -> Vec<InboxItem> {
    items.sort_by(|a, b| {
        (a.urgency, a.due.is_none(), a.due, &a.commune, &a.text).cmp(&(
            b.urgency,
            b.due.is_none(),
            b.due,
            &b.commune,
            &b.text,
        ))
    });
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn overdue_comes_first_then_this_week_then_decisions_then_the_rest() {
        let today = d(2026, 11, 30);
        assert_eq!(
            urgency(Some(d(2026, 11, 29)), today, false),
            Urgency::Overdue
        );
        assert_eq!(
            urgency(Some(d(2026, 12, 7)), today, false),
            Urgency::ThisWeek
        );
        assert_eq!(
            urgency(Some(d(2026, 12, 8)), today, true),
            Urgency::NeedsDecision
        );
        assert_eq!(urgency(None, today, false), Urgency::ToDo);
    }
}

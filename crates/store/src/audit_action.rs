//! Every kind of audit row, once: its stable code (stored in `audit_log.action`) and what the
//! audit page calls it in Vietnamese. A new write needs a new variant here, and the exhaustive
//! matches make it name itself; nothing is shown as "another change".

use serde::Serialize;

macro_rules! audit_actions {
    ($($variant:ident = $code:literal, $label:literal;)+) => {
        /// What an audit row records.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum AuditAction { $($variant),+ }

        impl AuditAction {
            /// Every action, in the order of this list.
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant),+];

            /// The code stored in the log; never changes once written.
            pub fn as_str(self) -> &'static str {
                match self { $(AuditAction::$variant => $code),+ }
            }

            /// What the audit page shows.
            pub fn label_vi(self) -> &'static str {
                match self { $(AuditAction::$variant => $label),+ }
            }

            /// The action of a stored code; `None` for a code this build does not know.
            pub fn parse(code: &str) -> Option<AuditAction> {
                match code { $($code => Some(AuditAction::$variant),)+ _ => None }
            }
        }
    };
}

audit_actions! {
    UnitVersion = "unit.version", "Thêm phiên bản đơn vị hành chính";
    SuccessionRecord = "succession.record", "Ghi nhận sắp xếp đơn vị hành chính";
    VillageFactsSet = "village_facts.set", "Cập nhật số liệu thôn";
    UserCreate = "user.create", "Tạo người dùng";
    UserUpdate = "user.update", "Sửa người dùng";
    ApiTokenCreate = "api_token.create", "Tạo khóa API";
    ApiTokenRevoke = "api_token.revoke", "Thu hồi khóa API";
    PolicyPackUpload = "policy_pack.upload", "Tải lên bộ quy định";
    HolidayYearSet = "holiday_year.set", "Nhập lịch nghỉ của năm";
    DecisionCreate = "decision.create", "Ghi quyết định vào sổ";
    TeamCreate = "team.create", "Thành lập Tổ bảo vệ ANTT";
    PersonCreate = "person.create", "Lập hồ sơ người";
    PersonUpdate = "person.update", "Cập nhật hồ sơ người";
    PersonIdentity = "person.identity", "Đính chính nhân thân";
    MembershipCreate = "membership.create", "Công nhận thành viên";
    MembershipEnd = "membership.end", "Cho thôi tham gia";
    MembershipChange = "membership.change", "Đổi chức danh, chuyển Tổ";
    MembershipEvidence = "membership.evidence", "Ghi nhận lần từ chối hoặc nhắc nhở";
    OfficialAppoint = "official.appoint", "Ghi người giữ chức vụ ký văn bản";
    CommuneSetting = "commune.setting", "Đặt thời hạn giấy chứng nhận sức khỏe của xã";
    SelectionCreate = "selection.create", "Lập kế hoạch tuyển chọn";
    SelectionStep = "selection.step", "Ghi một bước tuyển chọn";
    SelectionApplication = "selection.application", "Nhận hồ sơ đăng ký";
    SelectionVote = "selection.vote", "Ghi kết quả biểu quyết";
    SelectionTie = "selection.tie", "Quyết định trường hợp bằng phiếu";
    SelectionProposal = "selection.proposal", "Đề nghị công nhận, chức danh đề nghị";
    SelectionDecision = "selection.decision", "Quyết định công nhận theo kết quả tuyển chọn";
    ImportRoster = "import.roster", "Nhập danh sách từ tệp";
    DutyShiftRecord = "duty_shift.record", "Ghi ca trực, tuần tra vào sổ";
    DutyShiftDelete = "duty_shift.delete", "Xóa ca trực khỏi sổ";
    PayrollCheck = "payroll.check", "Kiểm tra bảng thanh toán";
    PayrollReturn = "payroll.return", "Trả lại bảng thanh toán để lập lại";
    PayrollApprove = "payroll.approve", "Duyệt bảng thanh toán";
    PayrollPay = "payroll.pay", "Ghi nhận chi trả bảng thanh toán";
    InsuranceEnrolment = "insurance.enrolment", "Ghi thông tin tham gia BHXH, BHYT của thành viên";
    InsuranceAdvance = "insurance.advance", "Ghi nhận chuyển kinh phí tạm cấp bảo hiểm của quý";
    InsuranceSettle = "insurance.settle", "Quyết toán kinh phí bảo hiểm của quý";
    InsuranceConfirm = "insurance.confirm", "Cơ quan BHXH xác nhận kinh phí bảo hiểm của quý";
    BankAccountSet = "bank_account.set", "Ghi tài khoản ngân hàng của thành viên";
    PaymentDetailsSet = "commune.payment", "Ghi tài khoản, mã đơn vị và mẫu tệp ngân hàng của xã";
    DemoGenerate = "demo.generate", "Sinh dữ liệu minh họa";
    SecurityLogin = "security.login", "Đăng nhập";
    SecurityLoginFailed = "security.login_failed", "Đăng nhập sai";
    SecurityLockout = "security.lockout", "Tạm khóa đăng nhập";
    SecurityLogout = "security.logout", "Đăng xuất";
    SecurityLogoutEverywhere = "security.logout_everywhere", "Đăng xuất khỏi mọi nơi";
    SecurityRefused = "security.refused", "Bị từ chối: ngoài thẩm quyền";
    SecurityTriggersRestored = "security.audit_triggers_restored", "Khôi phục chốt chặn sửa nhật ký";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_one_code_and_a_vietnamese_label() {
        let mut codes: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), AuditAction::ALL.len(), "codes are unique");
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(*a));
            assert!(!a.label_vi().is_empty());
        }
        assert_eq!(AuditAction::parse("khác"), None);
    }
}

//! Who may do what: roles (ARCHITECTURE.md §1) and the one table of grants.
//!
//! *Where* a user may act is their scope, which only the store builds; *what* they may do is
//! this table, checked by [`allows`] and nowhere else.

use serde::{Deserialize, Serialize};

use crate::error::{FieldError, FieldErrorKind};

/// Vai trò người dùng.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Công an xã.
    CommunePolice,
    /// Chủ tịch, Phó Chủ tịch UBND xã.
    CommuneChair,
    /// Kế toán, cán bộ tài chính xã.
    CommuneFinance,
    /// Công an huyện (until 30/6/2025).
    DistrictPolice,
    /// Công an tỉnh.
    ProvincialPolice,
    /// Phòng Tài chính – Kế hoạch, Sở Tài chính.
    FinanceOffice,
    /// Bảo hiểm xã hội.
    SocialInsurance,
    /// Mặt trận Tổ quốc, Trung tâm Văn hóa: read-mostly supervision.
    Supervisor,
    /// Quản trị hệ thống.
    Admin,
}

const ROLES: [(Role, &str, &str); 9] = [
    (Role::CommunePolice, "commune_police", "Công an xã"),
    (Role::CommuneChair, "commune_chair", "Lãnh đạo UBND xã"),
    (
        Role::CommuneFinance,
        "commune_finance",
        "Tài chính – kế toán xã",
    ),
    (Role::DistrictPolice, "district_police", "Công an huyện"),
    (Role::ProvincialPolice, "provincial_police", "Công an tỉnh"),
    (Role::FinanceOffice, "finance_office", "Cơ quan tài chính"),
    (Role::SocialInsurance, "social_insurance", "Bảo hiểm xã hội"),
    (
        Role::Supervisor,
        "supervisor",
        "Giám sát (Mặt trận, đoàn thể)",
    ),
    (Role::Admin, "admin", "Quản trị hệ thống"),
];

impl Role {
    pub const ALL: [Role; 9] = [
        Role::CommunePolice,
        Role::CommuneChair,
        Role::CommuneFinance,
        Role::DistrictPolice,
        Role::ProvincialPolice,
        Role::FinanceOffice,
        Role::SocialInsurance,
        Role::Supervisor,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        ROLES.iter().find(|r| r.0 == self).map_or("", |r| r.1)
    }

    pub fn label_vi(self) -> &'static str {
        ROLES.iter().find(|r| r.0 == self).map_or("", |r| r.2)
    }

    pub fn parse(raw: &str) -> Result<Role, FieldError> {
        ROLES
            .iter()
            .find(|r| r.1 == raw.trim())
            .map(|r| r.0)
            .ok_or(FieldError::new(
                "roles",
                FieldErrorKind::InvalidChoice {
                    allowed: "commune_police, commune_chair, commune_finance, district_police, \
                          provincial_police, finance_office, social_insurance, supervisor, admin",
                },
            ))
    }
}

/// Something a user may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// See units, villages and their history.
    ViewUnits,
    /// Enter households, population, area and flags of a village.
    EditVillageFacts,
    /// Create units, versions and succession events (reference data).
    ManageUnits,
    /// Browse the audit log.
    ViewAudit,
    /// Create and change user accounts.
    ManageUsers,
    /// Upload policy packs and new versions of them.
    ManagePolicies,
    /// See teams, people and memberships.
    ViewForce,
    /// Keep teams, people, memberships and the decisions behind them.
    ManageForce,
    /// Keep the duty log: shifts, patrols and who was there.
    ManageDutyLog,
    /// Read payrolls: the draft computed afresh (*người lập bảng* prepares nothing else: the
    /// draft is the month's data under the rules), and the ones checked, approved or paid.
    ViewPayroll,
    /// Check a draft payroll, or send a checked one back (*kế toán*).
    CheckPayroll,
    /// Approve a checked payroll, locking it (*Chủ tịch UBND xã*).
    ApprovePayroll,
    /// Record that an approved payroll was paid (date, voucher).
    PayPayroll,
    /// Read members' insurance and the quarterly transfers.
    ViewInsurance,
    /// Keep a member's insurance enrolment: registration, BHXH code, card, payment mode (INS-1).
    ManageInsurance,
    /// Record a quarter's advance and its settlement (INS-10) (*kế toán xã*).
    TransferInsurance,
    /// Confirm a settled quarter (*cơ quan bảo hiểm xã hội*, INS-1).
    ConfirmInsurance,
    /// Keep members' bank accounts, the commune's accounts and its banks' file layouts.
    ManagePaymentDetails,
}

const EVERYONE: [Role; 9] = Role::ALL;

/// The grants: each action and the roles that may take it.
const GRANTS: &[(Action, &[Role])] = &[
    (Action::ViewUnits, &EVERYONE),
    (
        Action::EditVillageFacts,
        &[Role::CommunePolice, Role::CommuneChair, Role::Admin],
    ),
    (Action::ManageUnits, &[Role::Admin]),
    (
        Action::ViewAudit,
        &[
            Role::Admin,
            Role::CommuneChair,
            Role::DistrictPolice,
            Role::ProvincialPolice,
            Role::Supervisor,
        ],
    ),
    (Action::ManageUsers, &[Role::Admin]),
    (Action::ManagePolicies, &[Role::Admin]),
    (Action::ViewForce, &EVERYONE),
    (
        Action::ManageForce,
        &[Role::CommunePolice, Role::CommuneChair, Role::Admin],
    ),
    (
        Action::ManageDutyLog,
        &[Role::CommunePolice, Role::CommuneChair],
    ),
    (
        Action::ViewPayroll,
        &[
            Role::CommunePolice,
            Role::CommuneChair,
            Role::CommuneFinance,
            Role::DistrictPolice,
            Role::ProvincialPolice,
            Role::FinanceOffice,
            Role::Supervisor,
            Role::Admin,
        ],
    ),
    (Action::CheckPayroll, &[Role::CommuneFinance]),
    (Action::ApprovePayroll, &[Role::CommuneChair]),
    (Action::PayPayroll, &[Role::CommuneFinance]),
    (
        Action::ViewInsurance,
        &[
            Role::CommunePolice,
            Role::CommuneChair,
            Role::CommuneFinance,
            Role::DistrictPolice,
            Role::ProvincialPolice,
            Role::FinanceOffice,
            Role::SocialInsurance,
            Role::Supervisor,
            Role::Admin,
        ],
    ),
    (
        Action::ManageInsurance,
        &[Role::CommunePolice, Role::CommuneFinance],
    ),
    (Action::TransferInsurance, &[Role::CommuneFinance]),
    (Action::ConfirmInsurance, &[Role::SocialInsurance]),
    (Action::ManagePaymentDetails, &[Role::CommuneFinance]),
];

/// Whether any of `roles` grants `action`.
pub fn allows(roles: &[Role], action: Action) -> bool {
    GRANTS
        .iter()
        .any(|(a, granted)| *a == action && roles.iter().any(|r| granted.contains(r)))
}

crate::faults! {
    /// Tài khoản và phạm vi: the refusals, each with its stable code and message.
    pub enum UserFault {
        ScopeOutsideYours = "scope_outside_yours" => "vượt ra ngoài phạm vi quản lý của bạn.",
        CannotDemoteSelf = "cannot_demote_self" => "không thể tự bỏ quyền quản trị hoặc tự khóa tài khoản của mình.",
        PasswordTooShort = "password_too_short" => "cần ít nhất 8 ký tự.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_administrators_manage_users_and_reference_units() {
        for role in Role::ALL {
            assert_eq!(allows(&[role], Action::ManageUsers), role == Role::Admin);
            assert_eq!(allows(&[role], Action::ManageUnits), role == Role::Admin);
            assert!(allows(&[role], Action::ViewUnits));
        }
    }

    #[test]
    fn commune_police_keep_village_facts_but_do_not_read_the_audit_log() {
        assert!(allows(&[Role::CommunePolice], Action::EditVillageFacts));
        assert!(!allows(&[Role::CommunePolice], Action::ViewAudit));
        assert!(!allows(&[Role::SocialInsurance], Action::EditVillageFacts));
        assert!(!allows(&[], Action::ViewUnits));
    }

    /// PAY-10: the preparer and accountant check, the chairman approves, the accountant pays;
    /// no administrator approves money, and the duty log is the police's.
    #[test]
    fn money_is_checked_by_finance_approved_by_the_chairman_and_never_by_an_administrator() {
        assert!(allows(&[Role::CommuneFinance], Action::CheckPayroll));
        assert!(!allows(&[Role::CommuneChair], Action::CheckPayroll));
        assert!(allows(&[Role::CommuneChair], Action::ApprovePayroll));
        assert!(!allows(&[Role::CommuneFinance], Action::ApprovePayroll));
        for a in [
            Action::CheckPayroll,
            Action::ApprovePayroll,
            Action::PayPayroll,
            Action::ManageDutyLog,
        ] {
            assert!(!allows(&[Role::Admin], a), "{a:?}");
            assert!(!allows(&[Role::SocialInsurance], a), "{a:?}");
        }
        assert!(allows(&[Role::CommunePolice], Action::ManageDutyLog));
        assert!(allows(&[Role::FinanceOffice], Action::ViewPayroll));
        assert!(!allows(&[Role::SocialInsurance], Action::ViewPayroll));
    }

    /// INS-1, INS-10: the commune's accountant transfers, the social insurance office confirms;
    /// neither an administrator nor the office moves the commune's money.
    #[test]
    fn insurance_money_is_transferred_by_the_commune_and_confirmed_by_the_office() {
        assert!(allows(&[Role::CommuneFinance], Action::TransferInsurance));
        assert!(allows(&[Role::SocialInsurance], Action::ConfirmInsurance));
        assert!(allows(&[Role::SocialInsurance], Action::ViewInsurance));
        for a in [
            Action::TransferInsurance,
            Action::ConfirmInsurance,
            Action::ManageInsurance,
            Action::ManagePaymentDetails,
        ] {
            assert!(!allows(&[Role::Admin], a), "{a:?}");
        }
        assert!(!allows(&[Role::SocialInsurance], Action::TransferInsurance));
        assert!(!allows(&[Role::CommuneFinance], Action::ConfirmInsurance));
    }

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()).unwrap(), role);
            assert!(!role.label_vi().is_empty());
        }
    }
}

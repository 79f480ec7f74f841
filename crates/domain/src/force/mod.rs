//! Lực lượng: teams (*Tổ bảo vệ an ninh, trật tự*), people, memberships and the decisions behind
//! them (Law 30/2023 Đ14–17, Circular 14/2024 Đ3–5).

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{FieldError, FieldErrorKind};
use crate::policy::TeamRole;

pub mod entities;
pub mod warnings;

pub use entities::{Ending, Membership, MembershipParts, Team, TeamParts};
pub use warnings::{MemberFacts, TURNING_71_WARNING_DAYS, Warning, member_warnings};

/// One member on the printed or exported member list (the columns of the commune's list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    /// The commune of the team (a province's list has many).
    pub commune: String,
    pub team: String,
    pub villages: String,
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub sex: String,
    pub cccd: String,
    pub ethnicity: String,
    pub residence: String,
    pub education: String,
    pub household: String,
    pub role: String,
    pub origin: String,
    pub start_date: NaiveDate,
    /// The number of the decision that recognised the member, when on file.
    pub decision: String,
    pub phone: String,
    /// What the list notes of the member: a former force recognised without a selection.
    pub note: String,
}

/// The 54 ethnic groups of Vietnam (Danh mục các dân tộc Việt Nam, QĐ 121-TCTK/PPCĐ 1979), as
/// written on identity papers.
pub const ETHNIC_GROUPS: [&str; 54] = [
    "Kinh",
    "Tày",
    "Thái",
    "Mường",
    "Khmer",
    "Hoa",
    "Nùng",
    "Mông",
    "Dao",
    "Gia Rai",
    "Ê Đê",
    "Ba Na",
    "Sán Chay",
    "Chăm",
    "Cơ Ho",
    "Xơ Đăng",
    "Sán Dìu",
    "Hrê",
    "Ra Glai",
    "Mnông",
    "Thổ",
    "Xtiêng",
    "Khơ Mú",
    "Bru - Vân Kiều",
    "Cơ Tu",
    "Giáy",
    "Tà Ôi",
    "Mạ",
    "Giẻ Triêng",
    "Co",
    "Chơ Ro",
    "Xinh Mun",
    "Hà Nhì",
    "Chu Ru",
    "Lào",
    "La Chí",
    "Kháng",
    "Phù Lá",
    "La Hủ",
    "La Ha",
    "Pà Thẻn",
    "Lự",
    "Ngái",
    "Chứt",
    "Lô Lô",
    "Mảng",
    "Cờ Lao",
    "Bố Y",
    "Cống",
    "Si La",
    "Pu Péo",
    "Rơ Măm",
    "Brâu",
    "Ơ Đu",
];

/// Other names people write for a group, as heard in the Central Highlands and the mountains
/// (the group's own name, an older or a foreign spelling), with the official one.
pub const ETHNIC_ALIASES: [(&str, &str); 24] = [
    ("Jrai", "Gia Rai"),
    ("Jarai", "Gia Rai"),
    ("Gia-rai", "Gia Rai"),
    ("Bahnar", "Ba Na"),
    ("Banar", "Ba Na"),
    ("Xê Đăng", "Xơ Đăng"),
    ("Sedang", "Xơ Đăng"),
    ("Xơ-đăng", "Xơ Đăng"),
    ("Rhade", "Ê Đê"),
    ("Ede", "Ê Đê"),
    ("K'Ho", "Cơ Ho"),
    ("Kơ Ho", "Cơ Ho"),
    ("H're", "Hrê"),
    ("M'Nông", "Mnông"),
    ("Mơ Nông", "Mnông"),
    ("Stiêng", "Xtiêng"),
    ("Khmú", "Khơ Mú"),
    ("Vân Kiều", "Bru - Vân Kiều"),
    ("Bru", "Bru - Vân Kiều"),
    ("Katu", "Cơ Tu"),
    ("H'Mông", "Mông"),
    ("Hmông", "Mông"),
    ("Việt", "Kinh"),
    ("Khơ-me", "Khmer"),
];

/// The key two spellings of a group share: no accent, case, space, dash or apostrophe.
fn ethnic_key(raw: &str) -> String {
    crate::text::fold(raw).replace(['-', ' ', '\''], "")
}

/// Finds the official spelling of an ethnic group, ignoring accents and case ("ba na" → "Ba Na")
/// and taking the common other names ("Jrai" → "Gia Rai", "Xê Đăng" → "Xơ Đăng").
pub fn ethnic_group(raw: &str) -> Result<&'static str, FieldError> {
    let key = ethnic_key(raw);
    ETHNIC_GROUPS
        .iter()
        .find(|g| ethnic_key(g) == key)
        .copied()
        .or_else(|| {
            ETHNIC_ALIASES
                .iter()
                .find(|(alias, _)| ethnic_key(alias) == key)
                .map(|(_, g)| *g)
        })
        .ok_or(FieldError::new(
            "ethnicity",
            FieldErrorKind::InvalidChoice {
                allowed: "một trong 54 dân tộc Việt Nam",
            },
        ))
}

crate::code_enum! {
    /// Where a member came from on 1/7/2024 (Law 30/2023 Đ14 k1): the former forces were
    /// recognised without a selection round.
    pub enum Origin (field = "origin") {
        /// Tuyển chọn (TT 14/2024 Đ3).
        Selected = "selected" => "Tuyển chọn",
        FormerCivilDefence = "former_civil_defence" => "Kiện toàn từ Đội trưởng, Đội phó dân phòng",
        FormerPartTimePolice = "former_part_time_police" => "Kiện toàn từ Công an xã bán chuyên trách",
        FormerNeighbourhoodGuard = "former_neighbourhood_guard" => "Kiện toàn từ Bảo vệ dân phố",
    }
}

impl Origin {
    /// Whether a member in `role` who came with this origin is one the commune police propose
    /// in writing to recognise as leader or deputy: the village's civil-defence leaders
    /// (TT14-4.2).
    pub fn proposed_in_writing(self, role: crate::policy::TeamRole) -> bool {
        use crate::policy::TeamRole;
        self == Origin::FormerCivilDefence && matches!(role, TeamRole::Leader | TeamRole::Deputy)
    }
}

crate::code_enum! {
    /// Why a membership ended. The four legal reasons of Law 30/2023 Đ17 k3 stop a member's
    /// participation; a transfer or a change of role only closes one membership to open another.
    pub enum EndReason (field = "end_reason") {
        /// LAW-17.3a: có đơn xin thôi tham gia.
        Voluntary = "voluntary" => "Có đơn xin thôi tham gia",
        /// LAW-17.3b: không bảo đảm sức khỏe.
        Health = "health" => "Không bảo đảm sức khỏe",
        /// LAW-17.3c: vi phạm (từ chối nhiệm vụ, bị nhắc nhở bằng văn bản).
        Discipline = "discipline" => "Vi phạm nhiệm vụ (đã từ chối hoặc bị nhắc nhở bằng văn bản)",
        /// LAW-17.3d: bị khởi tố bị can, áp dụng biện pháp ngăn chặn hoặc xử lý hành chính.
        Legal = "legal" => "Bị khởi tố, áp dụng biện pháp ngăn chặn hoặc xử lý hành chính",
        Transfer = "transfer" => "Chuyển Tổ",
        RoleChange = "role_change" => "Đổi chức danh",
    }
}

impl EndReason {
    /// The rule of Law 30/2023 the reason stands on, for the four legal reasons.
    pub fn rule(self) -> Option<&'static str> {
        match self {
            EndReason::Voluntary => Some("LAW-17.3a"),
            EndReason::Health => Some("LAW-17.3b"),
            EndReason::Discipline => Some("LAW-17.3c"),
            EndReason::Legal => Some("LAW-17.3d"),
            EndReason::Transfer | EndReason::RoleChange => None,
        }
    }
}

crate::code_enum! {
    /// What a decision of the commune's register decides (Mẫu 08, 09, 10 of TT 14/2024).
    pub enum DecisionKind (field = "kind") {
        TeamEstablishment = "team_establishment" => "Thành lập Tổ",
        Recognition = "recognition" => "Công nhận thành viên",
        Stop = "stop" => "Cho thôi tham gia",
        Over70Exception = "over70_exception" => "Cho người trên 70 tuổi tham gia",
        Other = "other" => "Khác",
    }
}

crate::code_enum! {
    /// A recorded fact for the discipline reason (LAW-17.3c).
    pub enum EvidenceKind (field = "kind") {
        UnexcusedRefusal = "unexcused_refusal" => "Từ chối nhiệm vụ không có lý do chính đáng",
        WrittenReminder = "written_reminder" => "Bị Công an cấp xã nhắc nhở bằng văn bản",
    }
}

/// LAW-17.3c: the discipline reason needs at least `min_refusals` unexcused refusals or at least
/// `min_reminders` written reminders, dated on or before the end.
pub fn discipline_supported(
    evidence: &[(EvidenceKind, NaiveDate)],
    end: NaiveDate,
    min_refusals: u32,
    min_reminders: u32,
) -> bool {
    let count = |k: EvidenceKind| {
        evidence
            .iter()
            .filter(|(e, d)| *e == k && *d <= end)
            .count()
    };
    count(EvidenceKind::UnexcusedRefusal) >= min_refusals as usize
        || count(EvidenceKind::WrittenReminder) >= min_reminders as usize
}

/// A span of membership: from, and to (inclusive) when ended.
pub type Span = (NaiveDate, Option<NaiveDate>);

fn overlaps_open(span: &Span, from: NaiveDate) -> bool {
    span.1.is_none_or(|to| from <= to)
}

/// What the rules of a new membership look at.
#[derive(Debug, Clone, Copy)]
pub struct MembershipCheck<'a> {
    pub team_established: NaiveDate,
    pub birth_date: NaiveDate,
    pub start: NaiveDate,
    pub role: TeamRole,
    pub has_over70_decision: bool,
    /// The person's memberships in any team.
    pub person_spans: &'a [Span],
    /// The team's leaders' memberships.
    pub leader_spans: &'a [Span],
}

/// A membership may start when the team exists, the person is 18 or older (LAW-13.1), over 70
/// only with the chairman's exception decision (LAW-13.1), the person is in no other team then,
/// and the team has no other leader then.
pub fn check_membership(c: &MembershipCheck<'_>) -> Result<(), FieldError> {
    if c.start < c.team_established {
        return Err(FieldError::new(
            "start_date",
            FieldErrorKind::from(crate::force::ForceFault::BeforeTeamEstablished),
        ));
    }
    let age = crate::policy::eligibility::completed_years(c.birth_date, c.start);
    if age < 18 {
        return Err(FieldError::new(
            "start_date",
            FieldErrorKind::from(crate::force::ForceFault::Under18),
        ));
    }
    if age > 70 && !c.has_over70_decision {
        return Err(FieldError::new(
            "over70_decision",
            FieldErrorKind::from(crate::force::ForceFault::Over70NeedsDecision),
        ));
    }
    if c.person_spans.iter().any(|s| overlaps_open(s, c.start)) {
        return Err(FieldError::new(
            "person",
            FieldErrorKind::from(crate::force::ForceFault::AlreadyMember),
        ));
    }
    if c.role == TeamRole::Leader && c.leader_spans.iter().any(|s| overlaps_open(s, c.start)) {
        return Err(FieldError::new(
            "role",
            FieldErrorKind::from(crate::force::ForceFault::SecondLeader),
        ));
    }
    Ok(())
}

/// Members in post by role on a date, against the quota.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Staffing {
    pub leaders: u32,
    pub deputies: u32,
    pub members: u32,
}

impl Staffing {
    pub fn add(&mut self, role: TeamRole) {
        match role {
            TeamRole::Leader => self.leaders += 1,
            TeamRole::Deputy => self.deputies += 1,
            TeamRole::Member => self.members += 1,
        }
    }

    pub fn total(&self) -> u32 {
        self.leaders + self.deputies + self.members
    }
}

/// What a team's overview flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TeamFlag {
    /// Fewer members than the quota's minimum.
    UnderStaffed,
    /// More members than the quota's maximum.
    OverMaximum,
    /// No leader in post.
    NoLeader,
}

/// Compares the members in post with the quota.
pub fn team_flags(staff: &Staffing, base: u32, max: u32) -> Vec<TeamFlag> {
    let mut flags = Vec::new();
    if staff.total() < base {
        flags.push(TeamFlag::UnderStaffed);
    }
    if staff.total() > max {
        flags.push(TeamFlag::OverMaximum);
    }
    if staff.leaders == 0 {
        flags.push(TeamFlag::NoLeader);
    }
    flags
}

/// One change a commune must make to its force, why, and the rule behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposedChange {
    /// `add_members`, `reduce_members`, `appoint_leader`, `quota_changed`, `village_changed`,
    /// `set_up_team`.
    pub kind: &'static str,
    pub team: Option<String>,
    pub message: String,
    pub rule: String,
}

/// What the rules say of one team on a date.
#[derive(Debug, Clone)]
pub struct TeamState<'a> {
    pub name: &'a str,
    pub established_on: NaiveDate,
    pub staffing: Staffing,
    /// The quota on the day the team was set up, and on the date of the proposal.
    pub quota_then: Option<(u32, u32)>,
    pub quota_now: Option<(u32, u32)>,
    /// The quota rule and its citation, e.g. "KT-1 — Nghị quyết 24/2024/NQ-HĐND Điều 2".
    pub quota_rule: &'a str,
    /// Villages of the team that were merged, split, renamed or moved since: (name, what became
    /// of it).
    pub village_changes: &'a [(String, String)],
}

/// The changes a team needs so it matches the law on the date: members to add or remove against
/// the quota of its province's rule (which moves when households cross a band), a leader, and
/// its area when a village it covers was reorganised.
pub fn proposed_changes(t: &TeamState<'_>) -> Vec<ProposedChange> {
    let mut out = Vec::new();
    let team = Some(t.name.to_string());
    if let (Some(then), Some(now)) = (t.quota_then, t.quota_now)
        && then != now
    {
        out.push(ProposedChange {
            kind: "quota_changed",
            team: team.clone(),
            message: format!(
                "Số thành viên theo quy định đổi từ {}–{} (khi thành lập ngày {}) thành {}–{}, do số hộ, nhân khẩu hoặc đặc điểm địa bàn đã thay đổi.",
                then.0,
                then.1,
                crate::date::format_vi(t.established_on),
                now.0,
                now.1
            ),
            rule: t.quota_rule.to_string(),
        });
    }
    if let Some((base, max)) = t.quota_now {
        let total = t.staffing.total();
        if total < base {
            out.push(ProposedChange {
                kind: "add_members",
                team: team.clone(),
                message: format!(
                    "Có {total} thành viên, cần ít nhất {base}: tuyển chọn thêm {} Tổ viên (Thông tư 14/2024/TT-BCA Điều 3).",
                    base - total
                ),
                rule: t.quota_rule.to_string(),
            });
        } else if total > max {
            out.push(ProposedChange {
                kind: "reduce_members",
                team: team.clone(),
                message: format!(
                    "Có {total} thành viên, vượt tối đa {max}: đề nghị điều chỉnh giảm {} người; thủ tục điều chỉnh số lượng chưa tìm thấy trong Thông tư (TT14-5.x).",
                    total - max
                ),
                rule: t.quota_rule.to_string(),
            });
        }
    }
    if t.staffing.leaders == 0 {
        out.push(ProposedChange {
            kind: "appoint_leader",
            team: team.clone(),
            message: "Tổ chưa có Tổ trưởng: Công an xã giới thiệu để Chủ tịch UBND xã công nhận (Mẫu 06, Mẫu 08).".into(),
            rule: "TT14-4.1".into(),
        });
    }
    for (village, what) in t.village_changes {
        out.push(ProposedChange {
            kind: "village_changed",
            team: team.clone(),
            message: format!(
                "{village}: {what}. Rà soát địa bàn phụ trách và số lượng Tổ; thủ tục điều chỉnh số lượng Tổ chưa tìm thấy trong Thông tư (TT14-5.x)."
            ),
            rule: "LAW-14.2".into(),
        });
    }
    out
}

crate::faults! {
    /// Lực lượng: the refusals, each with its stable code and message.
    pub enum ForceFault {
        ValidityOutOfRange = "validity_out_of_range" => "thời hạn của giấy chứng nhận sức khỏe phải từ 1 đến 60 tháng.",
        VillageNotInCommune = "village_not_in_commune" => "có thôn không thuộc xã này vào ngày thành lập Tổ.",
        VillageHasTeam = "village_has_team" => "có thôn đã thuộc một Tổ khác.",
        DecisionNotFound = "decision_not_found" => "không có quyết định này trong sổ quyết định của xã.",
        BeforeTeamEstablished = "before_team_established" => "trước ngày thành lập Tổ.",
        Under18 = "under_18" => "người này chưa đủ 18 tuổi vào ngày bắt đầu (Luật 30/2023/QH15 Điều 13).",
        Over70NeedsDecision = "over_70_needs_decision" => "người trên 70 tuổi chỉ được công nhận khi có quyết định của Chủ tịch UBND cấp xã (Luật 30/2023/QH15 Điều 13).",
        AlreadyMember = "already_member" => "người này đang là thành viên một Tổ trong thời gian đó.",
        SecondLeader = "second_leader" => "Tổ đã có Tổ trưởng trong thời gian đó.",
        AlreadyEnded = "already_ended" => "tư cách thành viên này đã kết thúc.",
        OutsideMembership = "outside_membership" => "ngoài thời gian người này là thành viên.",
        DisciplineNeedsEvidence = "discipline_needs_evidence" => "cho thôi vì vi phạm cần ít nhất 02 lần từ chối nhiệm vụ không có lý do chính đáng hoặc 02 lần nhắc nhở bằng văn bản đã ghi nhận (Luật 30/2023/QH15 Điều 17 khoản 3).",
        NoCivilDefenceLeaders = "no_civil_defence_leaders" => "Tổ không có Tổ trưởng, Tổ phó nào chuyển sang từ Đội trưởng, Đội phó dân phòng.",
        FormNotReady = "form_not_ready" => "chưa đến bước có biểu mẫu này (chưa có dữ liệu để điền).",
        NotAStop = "not_a_stop" => "chỉ lập Mẫu 07 cho các trường hợp thôi tham gia theo khoản 3 Điều 17 Luật 30/2023/QH15.",
        MembershipRoleDiffers = "membership_role_differs" => "người này đã có trong Tổ từ ngày này với chức danh khác — đổi chức danh trên trang của Tổ.",
        TeamNotFound = "team_not_found" => "không tìm thấy Tổ trong xã.",
        BeforeCurrentTerm = "before_current_term" => "phải sau ngày nhận nhiệm vụ của người đang giữ chức vụ; nhập các nhiệm kỳ theo thứ tự thời gian.",
        SameRole = "same_role" => "người này đã giữ chức danh này trong Tổ; chọn chức danh khác, hoặc chuyển sang Tổ khác.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tt14_4_2_only_civil_defence_leaders_and_deputies_are_proposed_in_writing() {
        use crate::policy::TeamRole;
        assert!(Origin::FormerCivilDefence.proposed_in_writing(TeamRole::Leader));
        assert!(Origin::FormerCivilDefence.proposed_in_writing(TeamRole::Deputy));
        assert!(!Origin::FormerCivilDefence.proposed_in_writing(TeamRole::Member));
        assert!(!Origin::FormerNeighbourhoodGuard.proposed_in_writing(TeamRole::Deputy));
        assert!(!Origin::Selected.proposed_in_writing(TeamRole::Leader));
    }

    #[test]
    fn households_crossing_a_band_propose_the_new_quota_and_the_members_to_add() {
        let mut staffing = Staffing::default();
        staffing.add(TeamRole::Leader);
        staffing.add(TeamRole::Member);
        staffing.add(TeamRole::Member);
        let t = TeamState {
            name: "Tổ thôn 1",
            established_on: d(2024, 7, 1),
            staffing,
            quota_then: Some((3, 3)),
            quota_now: Some((4, 4)),
            quota_rule: "BD-1 — Nghị quyết 03/2024/NQ-HĐND",
            village_changes: &[],
        };
        let kinds: Vec<&str> = proposed_changes(&t).iter().map(|c| c.kind).collect();
        assert_eq!(kinds, ["quota_changed", "add_members"]);
        assert!(proposed_changes(&t)[1].message.contains("thêm 1 Tổ viên"));
        let merged = [(
            "Thôn A".to_string(),
            "sáp nhập vào Thôn B từ 01/07/2025".to_string(),
        )];
        let t = TeamState {
            quota_then: Some((4, 4)),
            village_changes: &merged,
            ..t
        };
        let kinds: Vec<&str> = proposed_changes(&t).iter().map(|c| c.kind).collect();
        assert_eq!(kinds, ["add_members", "village_changed"]);
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn there_are_54_groups_found_without_accents() {
        assert_eq!(ETHNIC_GROUPS.len(), 54);
        assert_eq!(ethnic_group("ba na").unwrap(), "Ba Na");
        assert_eq!(ethnic_group("GIA RAI").unwrap(), "Gia Rai");
        assert_eq!(ethnic_group("bru van kieu").unwrap(), "Bru - Vân Kiều");
        assert!(ethnic_group("Người Sao Hỏa").is_err());
        // The names people write in the Central Highlands.
        assert_eq!(ethnic_group("Jrai").unwrap(), "Gia Rai");
        assert_eq!(ethnic_group("Bahnar").unwrap(), "Ba Na");
        assert_eq!(ethnic_group("Xê Đăng").unwrap(), "Xơ Đăng");
        assert_eq!(ethnic_group("xơ-đăng").unwrap(), "Xơ Đăng");
        assert_eq!(ethnic_group("K'Ho").unwrap(), "Cơ Ho");
        assert_eq!(ethnic_group("H’re").unwrap(), "Hrê");
        for (alias, group) in ETHNIC_ALIASES {
            assert!(ETHNIC_GROUPS.contains(&group), "{alias} → {group}");
        }
    }

    #[test]
    fn law_17_3c_discipline_needs_two_refusals_or_two_reminders_by_the_end_date() {
        let one = [(EvidenceKind::UnexcusedRefusal, d(2025, 1, 5))];
        assert!(!discipline_supported(&one, d(2025, 3, 1), 2, 2));
        let two = [
            (EvidenceKind::UnexcusedRefusal, d(2025, 1, 5)),
            (EvidenceKind::UnexcusedRefusal, d(2025, 2, 5)),
        ];
        assert!(discipline_supported(&two, d(2025, 3, 1), 2, 2));
        assert!(
            !discipline_supported(&two, d(2025, 2, 1), 2, 2),
            "the second refusal came after the end"
        );
        let mixed = [
            (EvidenceKind::UnexcusedRefusal, d(2025, 1, 5)),
            (EvidenceKind::WrittenReminder, d(2025, 2, 5)),
        ];
        assert!(
            !discipline_supported(&mixed, d(2025, 3, 1), 2, 2),
            "one of each is not enough"
        );
    }

    #[test]
    fn a_team_without_a_leader_or_below_its_quota_is_flagged() {
        let mut s = Staffing::default();
        s.add(TeamRole::Deputy);
        s.add(TeamRole::Member);
        assert_eq!(
            team_flags(&s, 3, 4),
            vec![TeamFlag::UnderStaffed, TeamFlag::NoLeader]
        );
        s.add(TeamRole::Leader);
        assert!(team_flags(&s, 3, 4).is_empty());
        s.add(TeamRole::Member);
        s.add(TeamRole::Member);
        assert_eq!(team_flags(&s, 3, 4), vec![TeamFlag::OverMaximum]);
    }
}

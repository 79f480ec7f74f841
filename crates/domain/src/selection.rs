//! Selection rounds (*tuyển chọn Tổ viên*, Thông tư 14/2024/TT-BCA Điều 3–4): the order of the
//! steps, their deadlines on the working-day calendar, and the council's vote counted by the pass
//! rule. Pure: the caller brings the dates, the calendar and the policy's figures.

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use crate::calendar::WorkCalendar;
use crate::error::{FieldError, FieldErrorKind};
use crate::kernel::ids::{DecisionId, RoundId, TeamId};
use crate::money::{RATE_ONE, Rate};
use crate::unit::UnitId;

crate::code_enum! {
    /// A seat on the selection council (TT14-3.6).
    pub enum CouncilRole (field = "council") {
        Chair = "chair" => "Chủ tịch Hội đồng",
        ViceChair = "vice_chair" => "Phó Chủ tịch Hội đồng",
        Member = "member" => "Thành viên",
        Secretary = "secretary" => "Thư ký",
    }
}

crate::code_enum! {
    /// How the council votes (TT14-3.8).
    pub enum VoteMethod (field = "method") {
        ShowOfHands = "show_of_hands" => "Biểu quyết giơ tay",
        SecretBallot = "secret_ballot" => "Bỏ phiếu kín",
    }
}

/// The steps of a round, in the order the circular gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The commune committee approves the plan drafted by the commune police (TT14-3.1).
    PlanApproved,
    /// The plan is posted at the committee, the police station and the villages (TT14-3.2).
    PlanPosted,
    /// After the application deadline, the committee approves the list of applicants (TT14-3.5).
    ListApproved,
    /// The approved list is posted at the same places (TT14-3.5).
    ListPosted,
    /// The selection council meets and votes (TT14-3.6, TT14-3.8, TT14-3.9).
    CouncilMet,
    /// The minutes of the result are signed (Mẫu 04, TT14-3.8).
    MinutesSigned,
    /// The commune police send the minutes and the lists of Mẫu 05 and 06 to the chairman (TT14-4.1).
    ProposalSent,
    /// The chairman decides: team set up and members recognised (Mẫu 08, TT14-4.3).
    DecisionsSigned,
}

impl Step {
    pub const ALL: [Step; 8] = [
        Step::PlanApproved,
        Step::PlanPosted,
        Step::ListApproved,
        Step::ListPosted,
        Step::CouncilMet,
        Step::MinutesSigned,
        Step::ProposalSent,
        Step::DecisionsSigned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Step::PlanApproved => "plan_approved",
            Step::PlanPosted => "plan_posted",
            Step::ListApproved => "list_approved",
            Step::ListPosted => "list_posted",
            Step::CouncilMet => "council_met",
            Step::MinutesSigned => "minutes_signed",
            Step::ProposalSent => "proposal_sent",
            Step::DecisionsSigned => "decisions_signed",
        }
    }

    pub fn parse(raw: &str) -> Result<Step, FieldError> {
        Step::ALL
            .into_iter()
            .find(|s| s.as_str() == raw.trim())
            .ok_or(FieldError::new(
                "step",
                FieldErrorKind::InvalidChoice {
                    allowed: "plan_approved, plan_posted, list_approved, list_posted, council_met, minutes_signed, proposal_sent, decisions_signed",
                },
            ))
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Step::PlanApproved => "UBND xã phê duyệt kế hoạch tuyển chọn",
            Step::PlanPosted => "Niêm yết công khai kế hoạch",
            Step::ListApproved => "UBND xã phê duyệt danh sách người đăng ký",
            Step::ListPosted => "Niêm yết công khai danh sách",
            Step::CouncilMet => "Hội đồng xét tuyển họp và biểu quyết",
            Step::MinutesSigned => "Biên bản kết quả xét tuyển (Mẫu 04)",
            Step::ProposalSent => "Công an xã đề nghị công nhận (Mẫu 05, 06)",
            Step::DecisionsSigned => "Chủ tịch UBND xã quyết định (Mẫu 08)",
        }
    }

    /// The rule ID in `legal-rules.md`.
    pub fn rule(self) -> &'static str {
        match self {
            Step::PlanApproved => "TT14-3.1",
            Step::PlanPosted => "TT14-3.2",
            Step::ListApproved | Step::ListPosted => "TT14-3.5",
            Step::CouncilMet => "TT14-3.8",
            Step::MinutesSigned => "TT14-3.8",
            Step::ProposalSent => "TT14-4.1",
            Step::DecisionsSigned => "TT14-4.3",
        }
    }

    fn index(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

/// A step done on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepDone {
    pub step: Step,
    pub on: NaiveDate,
}

/// The dates the approved plan sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanDates {
    pub application_deadline: NaiveDate,
    pub meeting_on: NaiveDate,
}

/// Whether `step` may be recorded on `on` after the steps in `done`: steps go in order, each once,
/// none dated before the one it follows; the applicant list closes only after the application
/// deadline (TT14-3.5).
pub fn check_step(
    done: &[StepDone],
    plan: PlanDates,
    step: Step,
    on: NaiveDate,
) -> Result<(), FieldError> {
    if done.iter().any(|d| d.step == step) {
        return Err(FieldError::new(
            "step",
            FieldErrorKind::from(crate::selection::SelectionFault::StepAlreadyDone),
        ));
    }
    let expected = Step::ALL.get(done.len()).copied();
    if expected != Some(step) {
        return Err(FieldError::new(
            "step",
            FieldErrorKind::from(crate::selection::SelectionFault::StepOutOfOrder),
        ));
    }
    if let Some(last) = done.iter().max_by_key(|d| d.step.index())
        && on < last.on
    {
        return Err(FieldError::new(
            "on",
            FieldErrorKind::from(crate::selection::SelectionFault::StepBeforePrevious),
        ));
    }
    if step == Step::ListApproved && on <= plan.application_deadline {
        return Err(FieldError::new(
            "on",
            FieldErrorKind::from(crate::selection::SelectionFault::ListBeforeDeadline),
        ));
    }
    Ok(())
}

/// A step's deadline and where the round stands against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deadline {
    pub step: Step,
    pub label: &'static str,
    pub rule: &'static str,
    /// `statutory` (working days set by the circular) or `planned` (a date of the approved plan).
    pub basis: &'static str,
    pub due: NaiveDate,
    /// A day off between the start and the due date is computed, not announced: the date may move.
    pub provisional: bool,
    pub done_on: Option<NaiveDate>,
    /// Not done and `today` is past the due date.
    pub overdue: bool,
    /// Done after the due date.
    pub late: bool,
    pub explanation: String,
}

/// The deadlines of a round as far as its steps allow: the council meeting on the planned date,
/// the proposal (Mẫu 05, 06) within `working_days` of the minutes (TT14-4.1), the decisions within
/// `working_days` of the proposal (TT14-4.3).
pub fn deadlines(
    done: &[StepDone],
    plan: PlanDates,
    calendar: &WorkCalendar,
    working_days: u32,
    today: NaiveDate,
) -> Vec<Deadline> {
    let on = |s: Step| done.iter().find(|d| d.step == s).map(|d| d.on);
    let mut out = Vec::new();
    let mut push = |step: Step,
                    basis: &'static str,
                    due: NaiveDate,
                    provisional: bool,
                    explanation: String| {
        let done_on = on(step);
        out.push(Deadline {
            step,
            label: step.label_vi(),
            rule: step.rule(),
            basis,
            due,
            provisional,
            done_on,
            overdue: done_on.is_none() && today > due,
            late: done_on.is_some_and(|d| d > due),
            explanation,
        });
    };
    push(
        Step::CouncilMet,
        "planned",
        plan.meeting_on,
        false,
        format!(
            "Ngày họp Hội đồng xét tuyển dự kiến trong kế hoạch: {}.",
            crate::date::format_vi(plan.meeting_on)
        ),
    );
    for (from, step) in [
        (Step::MinutesSigned, Step::ProposalSent),
        (Step::ProposalSent, Step::DecisionsSigned),
    ] {
        if let Some(start) = on(from) {
            let due = calendar.add_working_days(start, working_days);
            push(
                step,
                "statutory",
                due,
                calendar.provisional_between(start, due),
                format!(
                    "{working_days} ngày làm việc kể từ ngày {} — {} — không tính thứ Bảy, Chủ nhật và ngày nghỉ lễ, Tết.",
                    crate::date::format_vi(start),
                    from.label_vi()
                ),
            );
        }
    }
    out
}

/// How one candidate came out of the vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Passed and within the quota: proposed for recognition.
    Selected,
    /// Passed, but the quota was filled by candidates with more votes (or by the tie decision).
    PassedOverQuota,
    /// Not more than the required share of the members present.
    Failed,
    /// Tied for the last places: waiting for the recorded decision.
    Tied,
}

impl Outcome {
    pub fn label_vi(self) -> &'static str {
        match self {
            Outcome::Selected => "Trúng tuyển",
            Outcome::PassedOverQuota => "Đạt nhưng vượt chỉ tiêu",
            Outcome::Failed => "Không trúng tuyển",
            Outcome::Tied => "Bằng phiếu — chờ quyết định",
        }
    }
}

/// One candidate's line in the result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TallyLine {
    pub candidate: Uuid,
    pub yes: u32,
    /// Share of the members present, in millionths.
    pub share_ppm: i64,
    pub passed: bool,
    pub outcome: Outcome,
    /// 1 for the most votes; equal votes share a rank.
    pub rank: u32,
}

/// The result of the council's vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    pub council_size: u32,
    pub present: u32,
    pub quota: u32,
    /// The fewest "yes" votes that pass.
    pub needed: u32,
    pub lines: Vec<TallyLine>,
    /// Candidates tied for the last places and how many places they share, while undecided.
    pub tie: Option<Tie>,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tie {
    pub candidates: Vec<Uuid>,
    pub places: u32,
}

/// Counts the vote (TT14-3.9): a candidate passes with more "yes" votes than `pass_share` of the
/// council members present; when more pass than the quota, they are taken by votes from the
/// highest. Candidates tied for the last places are left to a recorded decision (`chosen`: the
/// ones it selects) — the circular gives no tie-break.
pub fn tally(
    council_size: u32,
    present: u32,
    votes: &[(Uuid, u32)],
    quota: u32,
    pass_share: Rate,
    chosen: &[Uuid],
) -> Result<Tally, FieldError> {
    if present == 0 {
        return Err(FieldError::new(
            "present",
            FieldErrorKind::from(crate::selection::SelectionFault::NoMemberPresent),
        ));
    }
    if present > council_size {
        return Err(FieldError::new(
            "present",
            FieldErrorKind::from(crate::selection::SelectionFault::PresentOverCouncil),
        ));
    }
    if let Some((_, _)) = votes.iter().find(|(_, yes)| *yes > present) {
        return Err(FieldError::new(
            "votes",
            FieldErrorKind::from(crate::selection::SelectionFault::VotesOverPresent),
        ));
    }
    // yes / present > share  ⇔  yes × 10⁶ > share × present
    let passes = |yes: u32| i64::from(yes) * RATE_ONE > pass_share.0 * i64::from(present);
    let needed = (0..=present).find(|y| passes(*y)).unwrap_or(present + 1);
    let mut sorted: Vec<(Uuid, u32)> = votes.to_vec();
    sorted.sort_by_key(|v| std::cmp::Reverse(v.1));
    let passed: Vec<(Uuid, u32)> = sorted.iter().copied().filter(|(_, y)| passes(*y)).collect();
    let mut selected: Vec<Uuid> = Vec::new();
    let mut tie = None;
    if passed.len() as u64 <= u64::from(quota) {
        selected = passed.iter().map(|(c, _)| *c).collect();
    } else {
        let q = quota as usize;
        let boundary = passed.get(q.saturating_sub(1)).map(|(_, y)| *y);
        if let Some(boundary) = boundary.filter(|_| q > 0) {
            let above: Vec<Uuid> = passed
                .iter()
                .filter(|(_, y)| *y > boundary)
                .map(|(c, _)| *c)
                .collect();
            let at: Vec<Uuid> = passed
                .iter()
                .filter(|(_, y)| *y == boundary)
                .map(|(c, _)| *c)
                .collect();
            let places = q - above.len();
            selected = above;
            if at.len() <= places {
                selected.extend(at);
            } else if chosen.is_empty() {
                tie = Some(Tie {
                    candidates: at,
                    places: u32::try_from(places).unwrap_or(u32::MAX),
                });
            } else {
                if chosen.len() != places || chosen.iter().any(|c| !at.contains(c)) {
                    return Err(FieldError::new(
                        "chosen",
                        FieldErrorKind::from(crate::selection::SelectionFault::TieChoiceMismatch),
                    ));
                }
                selected.extend(chosen.iter().copied());
            }
        }
    }
    if tie.is_none() && !chosen.is_empty() && chosen.iter().any(|c| !selected.contains(c)) {
        return Err(FieldError::new(
            "chosen",
            FieldErrorKind::from(crate::selection::SelectionFault::TieChoiceMismatch),
        ));
    }
    let lines = sorted
        .iter()
        .map(|(c, yes)| {
            let rank = 1 + sorted.iter().filter(|(_, y)| y > yes).count();
            let ok = passes(*yes);
            let outcome = if !ok {
                Outcome::Failed
            } else if selected.contains(c) {
                Outcome::Selected
            } else if tie.as_ref().is_some_and(|t| t.candidates.contains(c)) {
                Outcome::Tied
            } else {
                Outcome::PassedOverQuota
            };
            TallyLine {
                candidate: *c,
                yes: *yes,
                share_ppm: i64::from(*yes) * RATE_ONE / i64::from(present),
                passed: ok,
                outcome,
                rank: u32::try_from(rank).unwrap_or(u32::MAX),
            }
        })
        .collect();
    let explanation = format!(
        "Có mặt {present}/{council_size} thành viên Hội đồng; trúng tuyển khi số phiếu đồng ý lớn hơn {} số thành viên có mặt, tức từ {needed} phiếu trở lên (Điều 3 Thông tư số 14/2024/TT-BCA); chỉ tiêu {quota} người, lấy theo số phiếu từ cao xuống thấp.",
        pass_share.percent_vi()
    );
    Ok(Tally {
        council_size,
        present,
        quota,
        needed,
        lines,
        tie,
        explanation,
    })
}

/// What a selection round is made of, for [`Round::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundParts {
    pub id: RoundId,
    pub commune: UnitId,
    /// The team the round fills, or none when it sets up a new one.
    pub team: Option<TeamId>,
    pub new_team_name: Option<String>,
    pub title: String,
    pub villages: Vec<UnitId>,
    pub quota: u32,
    pub documents: String,
    pub place: String,
    pub application_deadline: NaiveDate,
    pub meeting_on: NaiveDate,
    pub vote_method: Option<VoteMethod>,
    pub pass_share: Option<Rate>,
    pub tie_decision: Option<DecisionId>,
}

/// A selection round (TT14-3.1): its plan, as drafted. Valid once made: a quota of 1 to 1,000
/// and the council meeting after the deadline for applications.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    parts: RoundParts,
}

/// The largest quota a round may plan.
pub const MAX_QUOTA: u32 = 1000;

impl Round {
    pub fn new(p: RoundParts) -> Result<Round, FieldError> {
        if p.quota == 0 || p.quota > MAX_QUOTA {
            return Err(FieldError::new("quota", FieldErrorKind::InvalidNumber));
        }
        if p.meeting_on <= p.application_deadline {
            return Err(FieldError::new("meeting_on", FieldErrorKind::DateOrder));
        }
        Ok(Round { parts: p })
    }

    pub fn id(&self) -> RoundId {
        self.parts.id
    }
    pub fn commune(&self) -> UnitId {
        self.parts.commune
    }
    pub fn team(&self) -> Option<TeamId> {
        self.parts.team
    }
    pub fn new_team_name(&self) -> Option<&str> {
        self.parts.new_team_name.as_deref()
    }
    pub fn title(&self) -> &str {
        &self.parts.title
    }
    pub fn villages(&self) -> &[UnitId] {
        &self.parts.villages
    }
    pub fn quota(&self) -> u32 {
        self.parts.quota
    }
    pub fn documents(&self) -> &str {
        &self.parts.documents
    }
    pub fn place(&self) -> &str {
        &self.parts.place
    }
    pub fn application_deadline(&self) -> NaiveDate {
        self.parts.application_deadline
    }
    pub fn meeting_on(&self) -> NaiveDate {
        self.parts.meeting_on
    }
    pub fn vote_method(&self) -> Option<VoteMethod> {
        self.parts.vote_method
    }
    pub fn pass_share(&self) -> Option<Rate> {
        self.parts.pass_share
    }
    pub fn tie_decision(&self) -> Option<DecisionId> {
        self.parts.tie_decision
    }
}

crate::faults! {
    /// Tuyển chọn: the refusals, each with its stable code and message.
    pub enum SelectionFault {
        StepAlreadyDone = "step_already_done" => "bước này đã được ghi nhận.",
        StepOutOfOrder = "step_out_of_order" => "chưa đến bước này — các bước tuyển chọn phải theo thứ tự của Thông tư 14/2024/TT-BCA Điều 3, 4.",
        StepBeforePrevious = "step_before_previous" => "không được trước ngày của bước liền trước.",
        ListBeforeDeadline = "list_before_deadline" => "danh sách người đăng ký chỉ được phê duyệt sau khi hết hạn nhận hồ sơ (TT14-3.5).",
        NoMemberPresent = "no_member_present" => "phải có thành viên Hội đồng xét tuyển có mặt.",
        PresentOverCouncil = "present_over_council" => "số người có mặt lớn hơn số thành viên Hội đồng.",
        VotesOverPresent = "votes_over_present" => "số phiếu đồng ý lớn hơn số thành viên Hội đồng có mặt.",
        TieChoiceMismatch = "tie_choice_mismatch" => "quyết định chỉ chọn trong số người bằng phiếu và đúng số chỉ tiêu còn lại.",
        TieUnresolved = "tie_unresolved" => "còn người bằng phiếu ở vị trí cuối chỉ tiêu — cần ghi nhận quyết định chọn người trước.",
        ApplicationOutsideWindow = "application_outside_window" => "hồ sơ chỉ được nhận sau khi niêm yết kế hoạch và đến hết hạn nhận hồ sơ.",
        ApplicationsClosed = "applications_closed" => "danh sách người đăng ký đã được phê duyệt, không nhận thêm hồ sơ.",
        AlreadyApplied = "already_applied" => "người này đã nộp hồ sơ trong đợt tuyển chọn này.",
        VotesMustMatchList = "votes_must_match_list" => "phải có số phiếu của đúng những người trong danh sách đã phê duyệt.",
        NoApplicantOnList = "no_applicant_on_list" => "chưa có người nào đủ hồ sơ và đủ điều kiện trong danh sách.",
        RoleNotSelected = "role_not_selected" => "chỉ giới thiệu chức danh cho người trúng tuyển.",
        RoundHasNoTeam = "round_has_no_team" => "đợt này chưa gắn với Tổ nào — nhập tên Tổ để thành lập theo quyết định.",
        CouncilNeedsChair = "council_needs_chair" => "Hội đồng xét tuyển phải có Chủ tịch Hội đồng.",
        StepNeedsDetails = "step_needs_details" => "bước này ghi nhận kèm dữ liệu riêng (biểu quyết, đề nghị hoặc quyết định).",
        DecisionBeforeProposal = "decision_before_proposal" => "quyết định này ký trước ngày Công an xã gửi đề nghị (TT14-4.1), nên không phải quyết định của đợt này; chọn hoặc vào sổ quyết định đã ký sau khi nhận đề nghị.",
        DecisionAfterStep = "decision_after_step" => "quyết định ký sau ngày ghi ở bước này; ngày của bước là ngày Chủ tịch UBND xã ký quyết định.",
        DecisionAlreadyUsed = "decision_already_used" => "quyết định này đã dùng để thành lập một Tổ hoặc công nhận thành viên ở một đợt khác; mỗi quyết định chỉ dùng cho việc nó quyết định.",
        DecisionWrongKind = "decision_wrong_kind" => "chỉ dùng quyết định thành lập Tổ hoặc công nhận thành viên cho bước này.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn ids(n: u128) -> Vec<Uuid> {
        (1..=n).map(Uuid::from_u128).collect()
    }

    const HALF: Rate = Rate(500_000);

    #[test]
    fn tt14_3_9_more_than_half_of_those_present_passes() {
        let c = ids(3);
        // 7 present: 4 passes, 3.5 would not exist, 3 fails.
        let t = tally(9, 7, &[(c[0], 4), (c[1], 3), (c[2], 7)], 5, HALF, &[]).unwrap();
        assert_eq!(t.needed, 4);
        let by = |id: Uuid| t.lines.iter().find(|l| l.candidate == id).unwrap().outcome;
        assert_eq!(by(c[0]), Outcome::Selected);
        assert_eq!(by(c[1]), Outcome::Failed);
        assert_eq!(by(c[2]), Outcome::Selected);
        // 6 present: exactly half (3) does not pass, 4 does.
        let t = tally(9, 6, &[(c[0], 3), (c[1], 4)], 5, HALF, &[]).unwrap();
        assert_eq!(t.needed, 4);
        assert_eq!(t.lines[0].outcome, Outcome::Selected);
        assert_eq!(t.lines[1].outcome, Outcome::Failed);
    }

    #[test]
    fn tt14_3_9_ranks_to_the_quota_and_leaves_ties_to_a_decision() {
        let c = ids(4);
        let votes = [(c[0], 7), (c[1], 6), (c[2], 6), (c[3], 5)];
        let t = tally(7, 7, &votes, 2, HALF, &[]).unwrap();
        assert_eq!(t.lines[0].outcome, Outcome::Selected);
        assert_eq!(t.lines[1].outcome, Outcome::Tied);
        assert_eq!(t.lines[2].outcome, Outcome::Tied);
        assert_eq!(t.lines[3].outcome, Outcome::PassedOverQuota);
        assert_eq!(t.lines[1].rank, 2);
        assert_eq!(t.lines[2].rank, 2);
        let tie = t.tie.unwrap();
        assert_eq!(tie.places, 1);
        assert_eq!(tie.candidates, vec![c[1], c[2]]);
        // The decision picks one of the tied.
        let t = tally(7, 7, &votes, 2, HALF, &[c[2]]).unwrap();
        assert!(t.tie.is_none());
        assert_eq!(t.lines[1].outcome, Outcome::PassedOverQuota);
        assert_eq!(t.lines[2].outcome, Outcome::Selected);
        // Picking someone not tied, or too many, is refused.
        assert!(tally(7, 7, &votes, 2, HALF, &[c[3]]).is_err());
        assert!(tally(7, 7, &votes, 2, HALF, &[c[1], c[2]]).is_err());
    }

    #[test]
    fn a_vote_needs_members_present_and_no_more_yes_than_present() {
        let c = ids(1);
        assert_eq!(
            tally(7, 0, &[(c[0], 0)], 1, HALF, &[]).unwrap_err().code(),
            "no_member_present"
        );
        assert_eq!(
            tally(7, 8, &[(c[0], 1)], 1, HALF, &[]).unwrap_err().code(),
            "present_over_council"
        );
        assert_eq!(
            tally(7, 5, &[(c[0], 6)], 1, HALF, &[]).unwrap_err().code(),
            "votes_over_present"
        );
    }

    #[test]
    fn steps_go_in_order_and_the_list_waits_for_the_deadline() {
        let plan = PlanDates {
            application_deadline: d(2026, 2, 5),
            meeting_on: d(2026, 2, 12),
        };
        let done = [
            StepDone {
                step: Step::PlanApproved,
                on: d(2026, 1, 20),
            },
            StepDone {
                step: Step::PlanPosted,
                on: d(2026, 1, 21),
            },
        ];
        assert_eq!(
            check_step(&done, plan, Step::CouncilMet, d(2026, 2, 12))
                .unwrap_err()
                .code(),
            "step_out_of_order"
        );
        assert_eq!(
            check_step(&done, plan, Step::ListApproved, d(2026, 2, 5))
                .unwrap_err()
                .code(),
            "list_before_deadline"
        );
        assert_eq!(
            check_step(&done[..1], plan, Step::PlanPosted, d(2026, 1, 19))
                .unwrap_err()
                .code(),
            "step_before_previous"
        );
        assert!(check_step(&done, plan, Step::ListApproved, d(2026, 2, 6)).is_ok());
        assert_eq!(
            check_step(&done, plan, Step::PlanPosted, d(2026, 1, 22))
                .unwrap_err()
                .code(),
            "step_already_done"
        );
    }
}

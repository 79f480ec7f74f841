//! `/api/v1/selection-rounds`: the selection procedure of Thông tư 14/2024/TT-BCA Điều 3–4.
//!
//! The store keeps the round within scope; the commune's policy on the date of each step gives
//! the pass share (TT14-3.9), the working-day deadlines (TT14-4.1, 4.3) and the eligibility check
//! of each application (LAW-13).

use antt_domain::access::Action;
use antt_domain::policy::TeamRole;
use antt_domain::policy::eligibility::LegalStatus;
use antt_domain::selection::{CouncilRole, Step, VoteMethod};
use antt_domain::{FieldError, FieldErrorKind};
use antt_store::selection::{Checklist, CouncilMember, CouncilVote, NewApplication, NewRound};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use antt_domain::kernel::ids::RoundId;

use crate::AppState;
use crate::api::{Created, resolve_unit};
use crate::auth::Authed;
use crate::error::AppError;
use crate::input::{JsonBody, PathId, QueryParams};

type ApiResult = Result<Response, AppError>;

fn d(field: &'static str, raw: &str) -> Result<NaiveDate, AppError> {
    Ok(antt_domain::date::parse(field, raw)?)
}

/// An id in a body: one that is not a UUID is a bad field.
fn uuid<T: From<Uuid>>(field: &'static str, raw: &str) -> Result<T, AppError> {
    Uuid::parse_str(raw.trim()).map(T::from).map_err(|_| {
        FieldError::new(
            field,
            FieldErrorKind::from(antt_domain::kernel::fault::CommonFault::NotFound),
        )
        .into()
    })
}

/// Các đợt tuyển chọn.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RoundList {
    /// Số đợt (cả danh sách, không chia trang).
    pub total: usize,
    pub rounds: Vec<antt_store::selection::RoundStatus>,
}

/// Tổ mà quyết định thành lập hoặc bổ sung.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Decided {
    pub team: Uuid,
}

#[derive(Deserialize, Default)]
pub struct RoundsQuery {
    pub commune: Option<String>,
}

#[utoipa::path(get, path = "/selection-rounds", tag = "selection",
    summary = "Các đợt tuyển chọn Tổ viên trong phạm vi (TT 14/2024 Đ3–4), kèm hạn các bước, bước quá hạn và kết quả biểu quyết",
    params(("commune" = Option<String>, Query, description = "Mã xã; để trống là mọi xã trong phạm vi")),
    responses((status = 200, description = "Các đợt", body = RoundList), (status = 422, response = crate::openapi::Invalid)))]
pub async fn rounds_get(
    State(app): State<AppState>,
    a: Authed,
    QueryParams(q): QueryParams<RoundsQuery>,
) -> ApiResult {
    let commune = match q.commune.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(c) => Some(resolve_unit(&app, &a.actor, c).await?),
        None => None,
    };
    let out = app.store.round_statuses(&a.actor, commune).await?;
    Ok(Json(RoundList {
        total: out.len(),
        rounds: out,
    })
    .into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoundBody {
    pub commune: String,
    #[serde(default)]
    pub team: Option<String>,
    /// Tên Tổ sẽ thành lập (khi không bổ sung cho Tổ đã có): có từ kế hoạch để các mẫu ghi tên Tổ.
    #[serde(default)]
    pub team_name: Option<String>,
    #[serde(default)]
    pub villages: Vec<String>,
    pub title: String,
    pub quota: u32,
    pub documents: String,
    pub place: String,
    pub application_deadline: String,
    pub meeting_on: String,
}

pub async fn round_from(app: &AppState, a: &Authed, b: RoundBody) -> Result<NewRound, AppError> {
    let commune = resolve_unit(app, &a.actor, &b.commune).await?;
    let mut villages = Vec::new();
    for v in &b.villages {
        villages.push(resolve_unit(app, &a.actor, v).await?);
    }
    let team = match b.team.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(t) => Some(uuid("team", t)?),
        None => None,
    };
    Ok(NewRound {
        commune,
        team,
        new_team_name: b.team_name,
        villages,
        title: b.title,
        quota: b.quota,
        documents: b.documents,
        place: b.place,
        application_deadline: d("application_deadline", &b.application_deadline)?,
        meeting_on: d("meeting_on", &b.meeting_on)?,
    })
}

#[utoipa::path(post, path = "/selection-rounds", tag = "selection",
    summary = "Lập kế hoạch tuyển chọn (TT14-3.1): chỉ tiêu, hồ sơ, hạn nhận hồ sơ, ngày họp dự kiến",
    request_body = RoundBody,
    responses((status = 201, description = "Đợt mới", body = crate::api::Created), (status = 422, response = crate::openapi::Invalid)))]
pub async fn rounds_post(
    State(app): State<AppState>,
    a: Authed,
    JsonBody(b): JsonBody<RoundBody>,
) -> ApiResult {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let new = round_from(&app, &a, b).await?;
    let id = app.store.create_round(&a.actor, &new).await?;
    Ok((StatusCode::CREATED, Json(Created { id: id.into() })).into_response())
}

#[utoipa::path(get, path = "/selection-rounds/{id}", tag = "selection",
    summary = "Một đợt: các bước đã làm, hạn (ngày làm việc, lịch nghỉ lễ Tết), bước quá hạn, hồ sơ với kết quả kiểm tra điều kiện, kết quả biểu quyết",
    params(("id" = Uuid, Path, description = "Khóa của đợt tuyển chọn")),
    responses((status = 200, description = "Đợt", body = antt_store::selection::RoundStatus), (status = 422, response = crate::openapi::Invalid)))]
pub async fn round_get(
    State(app): State<AppState>,
    a: Authed,
    PathId(id): PathId<RoundId>,
) -> ApiResult {
    Ok(Json(app.store.round_status(&a.actor, id).await?).into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepBody {
    pub step: String,
    pub on: String,
    #[serde(default)]
    pub decision: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[utoipa::path(post, path = "/selection-rounds/{id}/steps", tag = "selection",
    summary = "Ghi nhận một bước theo thứ tự: phê duyệt, niêm yết kế hoạch; phê duyệt, niêm yết danh sách (sau hạn nhận hồ sơ); ký biên bản (Mẫu 04)",
    params(("id" = Uuid, Path, description = "Khóa của đợt tuyển chọn")),
    request_body = StepBody,
    responses((status = 204, description = "Đã ghi nhận"), (status = 422, response = crate::openapi::Invalid)))]
pub async fn step_post(
    State(app): State<AppState>,
    a: Authed,
    PathId(id): PathId<RoundId>,
    JsonBody(b): JsonBody<StepBody>,
) -> ApiResult {
    let step = Step::parse(&b.step)?;
    let on = d("on", &b.on)?;
    let decision = match b.decision.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(x) => Some(uuid("decision", x)?),
        None => None,
    };
    app.store
        .record_step(&a.actor, id, step, on, decision, b.note)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistBody {
    #[serde(default)]
    pub form01: bool,
    #[serde(default)]
    pub cv: bool,
    #[serde(default)]
    pub health_certificate: bool,
    #[serde(default)]
    pub diploma: bool,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationBody {
    pub person: String,
    #[serde(default)]
    pub village: Option<String>,
    pub submitted_on: String,
    pub received_by: String,
    #[serde(default)]
    pub checklist: ChecklistBody,
    #[serde(default)]
    pub legal_status: Option<String>,
}

/// Receives an application and checks the applicant against LAW-13 on the day it is submitted,
/// with the area flags of the village applied for (or of the round's villages).
pub async fn add_application(
    app: &AppState,
    a: &Authed,
    round_id: antt_domain::kernel::ids::RoundId,
    b: ApplicationBody,
) -> Result<antt_domain::kernel::ids::ApplicationId, AppError> {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let submitted_on = d("submitted_on", &b.submitted_on)?;
    let person = app
        .store
        .person(&a.actor, uuid("person", &b.person)?)
        .await?;
    let village = match b.village.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(v) => Some(resolve_unit(app, &a.actor, v).await?),
        None => None,
    };
    let legal_status = match b.legal_status.as_deref().filter(|s| !s.trim().is_empty()) {
        None => LegalStatus::Clear,
        Some(s) => LegalStatus::parse(s)?,
    };
    let new = NewApplication {
        person: person.id,
        village,
        submitted_on,
        received_by: b.received_by,
        checklist: Checklist {
            form01: b.checklist.form01,
            cv: b.checklist.cv,
            health_certificate: b.checklist.health_certificate,
            diploma: b.checklist.diploma,
        },
        legal_status,
    };
    Ok(app.store.add_application(&a.actor, round_id, &new).await?)
}

#[utoipa::path(post, path = "/selection-rounds/{id}/applications", tag = "selection",
    summary = "Nhận hồ sơ (TT14-3.3, 3.4) từ khi niêm yết kế hoạch đến hạn; kiểm tra điều kiện (LAW-13) tại ngày nộp",
    params(("id" = Uuid, Path, description = "Khóa của đợt tuyển chọn")),
    request_body = ApplicationBody,
    responses((status = 201, description = "Hồ sơ đã nhận", body = crate::api::Created), (status = 422, response = crate::openapi::Invalid)))]
pub async fn applications_post(
    State(app): State<AppState>,
    a: Authed,
    PathId(id): PathId<RoundId>,
    JsonBody(b): JsonBody<ApplicationBody>,
) -> ApiResult {
    let id = add_application(&app, &a, id, b).await?;
    Ok((StatusCode::CREATED, Json(Created { id: id.into() })).into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CouncilMemberBody {
    pub full_name: String,
    pub role: String,
    #[serde(default)]
    pub organisation: String,
    pub present: bool,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteLine {
    pub application: String,
    pub yes: u32,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteBody {
    pub met_on: String,
    pub method: String,
    pub council: Vec<CouncilMemberBody>,
    pub votes: Vec<VoteLine>,
}

pub async fn record_vote(
    app: &AppState,
    a: &Authed,
    round_id: antt_domain::kernel::ids::RoundId,
    b: VoteBody,
) -> Result<(), AppError> {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let met_on = d("on", &b.met_on)?;
    let mut votes = Vec::new();
    for v in b.votes {
        votes.push((uuid("votes", &v.application)?, v.yes));
    }
    let vote = CouncilVote {
        met_on,
        method: VoteMethod::parse(&b.method)?,
        members: b
            .council
            .into_iter()
            .map(|m| {
                Ok(CouncilMember {
                    role: CouncilRole::parse(&m.role)?,
                    full_name: m.full_name,
                    organisation: m.organisation,
                    present: m.present,
                })
            })
            .collect::<Result<_, FieldError>>()?,
        votes,
    };
    app.store.record_vote(&a.actor, round_id, &vote).await?;
    Ok(())
}

#[utoipa::path(post, path = "/selection-rounds/{id}/vote", tag = "selection",
    summary = "Hội đồng xét tuyển họp: thành phần, người có mặt, hình thức biểu quyết và số phiếu đồng ý của từng người trong danh sách (TT14-3.6, 3.8, 3.9)",
    params(("id" = Uuid, Path, description = "Khóa của đợt tuyển chọn")),
    request_body = VoteBody,
    responses((status = 204, description = "Đã ghi nhận"), (status = 422, response = crate::openapi::Invalid)))]
pub async fn vote_post(
    State(app): State<AppState>,
    a: Authed,
    PathId(id): PathId<RoundId>,
    JsonBody(b): JsonBody<VoteBody>,
) -> ApiResult {
    record_vote(&app, &a, id, b).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TieBody {
    pub decision: String,
    pub chosen: Vec<String>,
}

#[utoipa::path(post, path = "/selection-rounds/{id}/tie", tag = "selection",
    summary = "Quyết định chọn người khi bằng phiếu ở vị trí cuối chỉ tiêu (Thông tư không quy định cách xử lý)",
    params(("id" = Uuid, Path, description = "Khóa của đợt tuyển chọn")),
    request_body = TieBody,
    responses((status = 204, description = "Đã ghi nhận"), (status = 422, response = crate::openapi::Invalid)))]
pub async fn tie_post(
    State(app): State<AppState>,
    a: Authed,
    PathId(id): PathId<RoundId>,
    JsonBody(b): JsonBody<TieBody>,
) -> ApiResult {
    let chosen = b
        .chosen
        .iter()
        .map(|c| uuid("chosen", c))
        .collect::<Result<Vec<_>, _>>()?;
    app.store
        .resolve_tie(&a.actor, id, uuid("decision", &b.decision)?, &chosen)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleLine {
    pub application: String,
    pub role: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposalBody {
    pub on: String,
    #[serde(default)]
    pub roles: Vec<RoleLine>,
}

#[utoipa::path(post, path = "/selection-rounds/{id}/proposal", tag = "selection",
    summary = "Công an xã gửi biên bản và danh sách Mẫu 05, 06 (trong 5 ngày làm việc, TT14-4.1); giới thiệu Tổ trưởng, Tổ phó",
    params(("id" = Uuid, Path, description = "Khóa của đợt tuyển chọn")),
    request_body = ProposalBody,
    responses((status = 204, description = "Đã ghi nhận"), (status = 422, response = crate::openapi::Invalid)))]
pub async fn proposal_post(
    State(app): State<AppState>,
    a: Authed,
    PathId(id): PathId<RoundId>,
    JsonBody(b): JsonBody<ProposalBody>,
) -> ApiResult {
    let mut roles = Vec::new();
    for r in &b.roles {
        let role = TeamRole::parse(&r.role)?;
        roles.push((uuid("role", &r.application)?, role));
    }
    app.store
        .send_proposal(&a.actor, id, d("on", &b.on)?, &roles)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionsBody {
    pub on: String,
    /// A decision already in the register; or leave it out and give `new_decision`.
    #[serde(default)]
    pub decision: Option<String>,
    /// The decision as signed, entered in the register with the step (both or neither).
    #[serde(default)]
    pub new_decision: Option<NewRoundDecision>,
    #[serde(default)]
    pub team_name: Option<String>,
    #[serde(default)]
    pub workplace: Option<String>,
}

/// A chairman's decision not yet in the register: number, date, signer as on the paper.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRoundDecision {
    pub number: String,
    pub signed_on: String,
    pub signer: String,
}

/// The register's entry for a round's decision: it sets up the team (a new one) or recognises
/// the members, and its summary says which.
pub fn round_decision(
    r: &antt_store::selection::RoundRecord,
    number: &str,
    signed_on: &str,
    signer: &str,
    team_name: Option<&str>,
) -> Result<antt_store::force::NewDecision, AppError> {
    let (kind, subject) = match &r.team {
        Some((_, name)) => (
            antt_domain::force::DecisionKind::Recognition,
            format!("Công nhận Tổ viên {name} ({})", r.title),
        ),
        None => (
            antt_domain::force::DecisionKind::TeamEstablishment,
            format!(
                "Thành lập {} và công nhận thành viên ({})",
                team_name
                    .or(r.new_team_name.as_deref())
                    .unwrap_or("Tổ bảo vệ an ninh, trật tự"),
                r.title
            ),
        ),
    };
    Ok(antt_store::force::NewDecision {
        commune: r.commune.id,
        number: number.to_string(),
        signed_on: d("new_signed_on", signed_on)?,
        signer: signer.to_string(),
        kind,
        subject,
    })
}

#[utoipa::path(post, path = "/selection-rounds/{id}/decisions", tag = "selection",
    summary = "Quyết định của Chủ tịch UBND xã (Mẫu 08, trong 5 ngày làm việc, TT14-4.3): thành lập Tổ nếu chưa có và công nhận người trúng tuyển, trong một giao dịch",
    params(("id" = Uuid, Path, description = "Khóa của đợt tuyển chọn")),
    request_body = DecisionsBody,
    responses((status = 201, description = "Tổ được thành lập hoặc bổ sung", body = Decided), (status = 422, response = crate::openapi::Invalid)))]
pub async fn decisions_post(
    State(app): State<AppState>,
    a: Authed,
    PathId(id): PathId<RoundId>,
    JsonBody(b): JsonBody<DecisionsBody>,
) -> ApiResult {
    let on = d("on", &b.on)?;
    let team = match (&b.decision, &b.new_decision) {
        (None, Some(n)) => {
            let r = app.store.round(&a.actor, id).await?;
            let new = round_decision(
                &r,
                &n.number,
                &n.signed_on,
                &n.signer,
                b.team_name.as_deref(),
            )?;
            app.store
                .record_decisions_registering(&a.actor, id, on, &new, b.team_name, b.workplace)
                .await?
        }
        (decision, _) => {
            let decision = uuid("decision", decision.as_deref().unwrap_or(""))?;
            app.store
                .record_decisions(&a.actor, id, on, decision, b.team_name, b.workplace)
                .await?
        }
    };
    Ok((StatusCode::CREATED, Json(Decided { team: team.into() })).into_response())
}

//! `/api/v1` for the force: decisions, teams, people, memberships and the commune overview.

use antt_domain::access::Action;
use antt_domain::date;
use antt_domain::force::{EndReason, EvidenceKind, Origin};
use antt_domain::office::{Office, holder_on};
use antt_domain::person::Sex;
use antt_domain::policy::TeamRole;
use antt_domain::policy::amounts::Household;
use antt_domain::policy::eligibility::Education;
use antt_domain::{FieldError, FieldErrorKind};
use antt_store::force::{
    EndMembership, MembershipChange, NewDecision, NewMembership, NewPerson, NewTeam,
};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use std::collections::BTreeMap;

use antt_domain::force::ProposedChange;
use antt_domain::office::Term;
use antt_store::force::{DecisionView, PersonView, TeamView};
use antt_store::units::Outcome;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use antt_domain::kernel::ids::{MembershipId, PersonId, TeamId};

use crate::AppState;
use crate::api::{Created, as_of, resolve_unit};
use crate::auth::Authed;
use crate::error::AppError;
use crate::input::{JsonBody, PathId, QueryParams, path_id as id};

type ApiResult = Result<Response, AppError>;

#[derive(Deserialize, Default)]
pub struct ForceQuery {
    pub commune: Option<String>,
    pub date: Option<String>,
    pub q: Option<String>,
    pub offset: Option<String>,
    pub limit: Option<String>,
    /// The member list's file kind: `xlsx`, `pdf` or `docx`.
    pub format: Option<String>,
}

fn opt_id<T: From<Uuid>>(field: &'static str, raw: &Option<String>) -> Result<Option<T>, AppError> {
    match raw.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Uuid::parse_str(s).map(|u| Some(T::from(u))).map_err(|_| {
            FieldError::new(
                field,
                FieldErrorKind::from(antt_domain::force::ForceFault::DecisionNotFound),
            )
            .into()
        }),
    }
}

async fn commune(
    app: &AppState,
    a: &Authed,
    raw: Option<&str>,
) -> Result<Option<antt_domain::unit::UnitId>, AppError> {
    match raw.filter(|s| !s.trim().is_empty()) {
        Some(c) => Ok(Some(resolve_unit(app, &a.actor, c).await?)),
        None => Ok(None),
    }
}

fn d(field: &'static str, raw: &str) -> Result<NaiveDate, AppError> {
    Ok(date::parse(field, raw)?)
}

// ---- answers -----------------------------------------------------------------------------------

/// Sổ quyết định.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DecisionList {
    /// Số quyết định (cả danh sách, không chia trang).
    pub total: usize,
    pub decisions: Vec<DecisionView>,
}

/// Các Tổ vào một ngày.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TeamList {
    pub date: NaiveDate,
    /// Số Tổ (cả danh sách, không chia trang).
    pub total: u64,
    pub offset: u64,
    pub limit: u64,
    pub teams: Vec<TeamView>,
}

/// The most teams one answer of `GET /teams` carries (a commune has a few dozen; a province
/// thousands, read a page at a time).
pub const TEAMS_PAGE_MAX: u64 = 500;

/// Kết quả sửa hồ sơ một người, và hồ sơ sau khi sửa.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PersonChanged {
    pub outcome: Outcome,
    pub person: PersonView,
}

/// Lần tham gia đã kết thúc, và quy định áp dụng cho lý do thôi.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Ended {
    pub ended: bool,
    /// Mã quy định (ví dụ LAW-17.3a), khi lý do thôi có quy định.
    pub rule: Option<&'static str>,
}

/// Đề xuất điều chỉnh lực lượng của xã vào một ngày.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ProposalList {
    pub date: NaiveDate,
    pub proposals: Vec<ProposedChange>,
}

// ---- decisions ---------------------------------------------------------------------------------

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    pub commune: String,
    pub number: String,
    pub signed_on: String,
    pub signer: String,
    pub kind: String,
    pub subject: String,
}

#[utoipa::path(get, path = "/decisions", tag = "force",
    summary = "Sổ quyết định của xã (trong phạm vi)",
    params(("commune" = Option<String>, Query, description = "Mã xã; để trống là mọi xã trong phạm vi")),
    responses((status = 200, description = "Các quyết định", body = DecisionList), (status = 422, response = crate::openapi::Invalid)))]
pub async fn decisions_get(
    State(app): State<AppState>,
    a: Authed,
    QueryParams(q): QueryParams<ForceQuery>,
) -> ApiResult {
    let c = commune(&app, &a, q.commune.as_deref()).await?;
    let decisions = app.store.decisions(&a.actor, c).await?;
    Ok(Json(DecisionList {
        total: decisions.len(),
        decisions,
    })
    .into_response())
}

pub async fn decision_from(
    app: &AppState,
    a: &Authed,
    b: DecisionBody,
) -> Result<NewDecision, AppError> {
    Ok(NewDecision {
        commune: resolve_unit(app, &a.actor, &b.commune).await?,
        number: b.number,
        signed_on: d("signed_on", &b.signed_on)?,
        signer: b.signer,
        kind: antt_domain::force::DecisionKind::parse(&b.kind)?,
        subject: b.subject,
    })
}

#[utoipa::path(post, path = "/decisions", tag = "force",
    summary = "Vào sổ một quyết định đã ký (số, ngày, người ký, loại, trích yếu)",
    request_body = DecisionBody,
    responses((status = 201, description = "Đã vào sổ", body = crate::api::Created), (status = 422, response = crate::openapi::Invalid)))]
pub async fn decisions_post(
    State(app): State<AppState>,
    a: Authed,
    JsonBody(b): JsonBody<DecisionBody>,
) -> ApiResult {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let new = decision_from(&app, &a, b).await?;
    let id = app.store.create_decision(&a.actor, &new).await?;
    Ok((StatusCode::CREATED, Json(Created { id: id.into() })).into_response())
}

// ---- officials ---------------------------------------------------------------------------------

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficialBody {
    pub office: String,
    pub full_name: String,
    pub from: String,
}

/// Người giữ các chức vụ ký văn bản của xã vào một ngày, và mọi nhiệm kỳ đã nhập.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Officials {
    pub date: NaiveDate,
    /// Theo mã chức vụ: họ tên người giữ vào ngày, hoặc null.
    pub current: BTreeMap<&'static str, Option<String>>,
    pub terms: Vec<Term>,
    /// Kết quả của lần nhập (chỉ khi nhập).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
}

/// The holders of the commune's signing offices on `date` and every term entered.
pub async fn officials_json(
    app: &AppState,
    a: &Authed,
    commune: antt_domain::unit::UnitId,
    on: NaiveDate,
) -> Result<Officials, AppError> {
    let terms = app.store.officials(&a.actor, commune).await?;
    let current = Office::ALL
        .into_iter()
        .map(|o| {
            let holder = holder_on(&terms, o, on).map(|t| t.full_name.clone());
            (o.as_str(), holder)
        })
        .collect();
    Ok(Officials {
        date: on,
        current,
        terms,
        outcome: None,
    })
}

#[utoipa::path(get, path = "/communes/{id}/officials", tag = "force",
    summary = "Người giữ các chức vụ ký văn bản của xã (Chủ tịch UBND xã, Trưởng Công an xã) tại một ngày, và các nhiệm kỳ đã nhập; tên in dưới chữ ký trên các mẫu là người giữ chức vụ vào ngày của văn bản",
    params(("id" = String, Path, description = "Mã xã hoặc khóa (UUID)"), ("date" = Option<String>, Query, description = "Ngày xem (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định là hôm nay")),
    responses((status = 200, description = "Người giữ chức vụ và các nhiệm kỳ", body = Officials), (status = 422, response = crate::openapi::Invalid)))]
pub async fn officials_get(
    State(app): State<AppState>,
    a: Authed,
    Path(code): Path<String>,
    QueryParams(q): QueryParams<ForceQuery>,
) -> ApiResult {
    app.store.authorize(&a.actor, Action::ViewForce)?;
    let on = as_of(&app, q.date.as_deref())?;
    let c = resolve_unit(&app, &a.actor, &code).await?;
    Ok(Json(officials_json(&app, &a, c, on).await?).into_response())
}

/// Enters who holds an office from a date (the open term ends the day before).
pub async fn appoint(
    app: &AppState,
    a: &Authed,
    code: &str,
    b: &OfficialBody,
) -> Result<(antt_domain::unit::UnitId, antt_store::units::Outcome), AppError> {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let c = resolve_unit(app, &a.actor, code).await?;
    let office = Office::parse(&b.office)?;
    let from = d("valid_from", &b.from)?;
    let outcome = app
        .store
        .appoint_official(&a.actor, c, office, &b.full_name, from)
        .await?;
    Ok((c, outcome))
}

#[utoipa::path(post, path = "/communes/{id}/officials", tag = "force",
    summary = "Nhập người giữ một chức vụ từ một ngày: nhiệm kỳ đang mở kết thúc ngày hôm trước; nhập lại cùng ngày với tên khác là sửa tên; nhập lại cùng người là không đổi gì (không ghi nhật ký)",
    params(("id" = String, Path, description = "Mã xã hoặc khóa (UUID)")),
    request_body = OfficialBody,
    responses((status = 200, description = "Người giữ chức vụ hôm nay, các nhiệm kỳ và kết quả", body = Officials), (status = 422, response = crate::openapi::Invalid)))]
pub async fn officials_post(
    State(app): State<AppState>,
    a: Authed,
    Path(code): Path<String>,
    JsonBody(b): JsonBody<OfficialBody>,
) -> ApiResult {
    let (c, outcome) = appoint(&app, &a, &code, &b).await?;
    let today = app.store.clock().today_vn();
    let mut body = officials_json(&app, &a, c, today).await?;
    body.outcome = Some(outcome);
    Ok(Json(body).into_response())
}

/// How long a health certificate is valid in the commune, where its province's pack is silent.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidityBody {
    /// Months, 1 to 60; `null` clears the commune's own figure.
    pub months: Option<u32>,
}

/// The commune's own validity after the change.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ValiditySet {
    pub months: Option<u32>,
    pub outcome: antt_store::units::Outcome,
}

#[utoipa::path(put, path = "/communes/{id}/health-certificate-validity", tag = "force",
    summary = "Thời hạn của giấy chứng nhận sức khỏe do xã tự đặt (tháng, 1–60), chỉ dùng khi gói quy định của tỉnh không quy định; null là bỏ",
    params(("id" = String, Path, description = "Mã xã hoặc khóa (UUID)")),
    request_body = ValidityBody,
    responses((status = 200, description = "Thời hạn của xã sau khi đặt", body = ValiditySet), (status = 422, response = crate::openapi::Invalid)))]
pub async fn validity_put(
    State(app): State<AppState>,
    a: Authed,
    Path(code): Path<String>,
    JsonBody(b): JsonBody<ValidityBody>,
) -> ApiResult {
    let c = resolve_unit(&app, &a.actor, &code).await?;
    let outcome = app
        .store
        .set_health_certificate_validity(&a.actor, c, b.months)
        .await?;
    Ok(Json(ValiditySet {
        months: b.months,
        outcome,
    })
    .into_response())
}

// ---- teams -------------------------------------------------------------------------------------

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamBody {
    pub commune: String,
    pub name: String,
    pub villages: Vec<String>,
    #[serde(default)]
    pub workplace: Option<String>,
    pub established_on: String,
    #[serde(default)]
    pub decision: Option<String>,
}

#[utoipa::path(get, path = "/teams", tag = "force",
    summary = "Các Tổ bảo vệ ANTT, thôn phụ trách và thành viên theo chức danh vào một ngày, theo tên, từng trang (tối đa 500 Tổ một trang; total là cả danh sách)",
    params(("commune" = Option<String>, Query, description = "Mã xã, hoặc mã tỉnh / huyện để lấy các Tổ của mọi xã trực thuộc; để trống là mọi xã trong phạm vi"), ("date" = Option<String>, Query, description = "Ngày xem (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định là hôm nay"),
        ("offset" = Option<u64>, Query, description = "Bỏ qua bao nhiêu Tổ đầu"), ("limit" = Option<u64>, Query, description = "Số Tổ một trang, 1–500 (mặc định 500)")),
    responses((status = 200, description = "Các Tổ", body = TeamList), (status = 422, response = crate::openapi::Invalid)))]
pub async fn teams_get(
    State(app): State<AppState>,
    a: Authed,
    QueryParams(q): QueryParams<ForceQuery>,
) -> ApiResult {
    let on = as_of(&app, q.date.as_deref())?;
    let c = commune(&app, &a, q.commune.as_deref()).await?;
    let offset = crate::api::limit(q.offset.as_deref(), 0)?;
    let limit = crate::api::limit(q.limit.as_deref(), TEAMS_PAGE_MAX)?.clamp(1, TEAMS_PAGE_MAX);
    let (total, teams) = app.store.teams_page(&a.actor, c, on, offset, limit).await?;
    Ok(Json(TeamList {
        date: on,
        total,
        offset,
        limit,
        teams,
    })
    .into_response())
}

pub async fn team_from(app: &AppState, a: &Authed, b: TeamBody) -> Result<NewTeam, AppError> {
    let mut villages = Vec::new();
    for v in &b.villages {
        villages.push(match resolve_unit(app, &a.actor, v).await {
            Ok(u) => u,
            Err(AppError::Store(antt_store::StoreError::NotFound)) => {
                return Err(FieldError::new(
                    "villages",
                    FieldErrorKind::from(antt_domain::unit::UnitFault::UnitNotFound),
                )
                .into());
            }
            Err(e) => return Err(e),
        });
    }
    Ok(NewTeam {
        commune: resolve_unit(app, &a.actor, &b.commune).await?,
        name: b.name,
        villages,
        workplace: b.workplace,
        established_on: d("established_on", &b.established_on)?,
        decision: opt_id("decision", &b.decision)?,
    })
}

#[utoipa::path(post, path = "/teams", tag = "force",
    summary = "Thành lập Tổ phụ trách một hoặc một số thôn của xã",
    request_body = TeamBody,
    responses((status = 201, description = "Tổ mới", body = antt_store::force::TeamView), (status = 422, response = crate::openapi::Invalid)))]
pub async fn teams_post(
    State(app): State<AppState>,
    a: Authed,
    JsonBody(b): JsonBody<TeamBody>,
) -> ApiResult {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let new = team_from(&app, &a, b).await?;
    let tid = app.store.create_team(&a.actor, &new).await?;
    Ok((
        StatusCode::CREATED,
        Json(app.store.team(&a.actor, tid, new.established_on).await?),
    )
        .into_response())
}

#[utoipa::path(get, path = "/teams/{id}", tag = "force",
    summary = "Một Tổ vào một ngày",
    params(("id" = Uuid, Path, description = "Khóa của Tổ"), ("date" = Option<String>, Query, description = "Ngày xem (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định là hôm nay")),
    responses((status = 200, description = "Tổ", body = antt_store::force::TeamView), (status = 422, response = crate::openapi::Invalid)))]
pub async fn team_get(
    State(app): State<AppState>,
    a: Authed,
    PathId(tid): PathId<TeamId>,
    QueryParams(q): QueryParams<ForceQuery>,
) -> ApiResult {
    let on = as_of(&app, q.date.as_deref())?;
    Ok(Json(app.store.team(&a.actor, tid, on).await?).into_response())
}

// ---- people ------------------------------------------------------------------------------------

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonBody {
    pub commune: String,
    pub cccd: String,
    pub full_name: String,
    pub birth_date: String,
    pub sex: String,
    pub ethnicity: String,
    pub residence: String,
    #[serde(default)]
    pub residence_since: Option<String>,
    pub education: String,
    #[serde(default)]
    pub health_certificate_on: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub prior_service: Vec<String>,
    #[serde(default)]
    pub household: Option<String>,
    #[serde(default)]
    pub covered_bhxh: bool,
    #[serde(default)]
    pub covered_bhyt: bool,
}

/// Parses a person body into the store's input (shared with the form and the import).
pub async fn person_from(app: &AppState, a: &Authed, b: PersonBody) -> Result<NewPerson, AppError> {
    let opt_date =
        |field: &'static str, v: &Option<String>| -> Result<Option<NaiveDate>, AppError> {
            Ok(v.as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(|s| date::parse(field, s))
                .transpose()?)
        };
    Ok(NewPerson {
        commune: resolve_unit(app, &a.actor, &b.commune).await?,
        cccd: b.cccd,
        full_name: b.full_name,
        birth_date: d("birth_date", &b.birth_date)?,
        sex: Sex::parse(&b.sex)?,
        ethnicity: b.ethnicity,
        residence: b.residence,
        residence_since: opt_date("residence_since", &b.residence_since)?,
        education: Education::parse(&b.education)?,
        health_certificate_on: opt_date("health_certificate", &b.health_certificate_on)?,
        phone: b.phone,
        prior_service: b.prior_service,
        household: b
            .household
            .unwrap_or_else(|| "none".into())
            .replace('-', "_"),
        covered_bhxh: b.covered_bhxh,
        covered_bhyt: b.covered_bhyt,
    })
}

#[utoipa::path(get, path = "/people", tag = "force",
    summary = "Tìm người theo tên (không cần dấu) hoặc số CCCD",
    params(("q" = Option<String>, Query, description = "Tên hoặc số CCCD"),
        ("offset" = Option<u64>, Query, description = "Bỏ qua bao nhiêu người đầu (mặc định 0)"),
        ("limit" = Option<u64>, Query, description = "Số người một trang (mặc định 200, tối đa 500)")),
    responses((status = 200, description = "Một trang, xếp theo thứ tự tiếng Việt, và tổng số người khớp", body = antt_store::force::PeoplePage), (status = 422, response = crate::openapi::Invalid)))]
pub async fn people_get(
    State(app): State<AppState>,
    a: Authed,
    QueryParams(q): QueryParams<ForceQuery>,
) -> ApiResult {
    let offset = crate::api::limit(q.offset.as_deref(), 0)?;
    let limit = crate::api::limit(q.limit.as_deref(), 200)?;
    let page = app
        .store
        .people_page(&a.actor, q.q.as_deref().unwrap_or(""), offset, limit)
        .await?;
    Ok(Json(page).into_response())
}

#[utoipa::path(post, path = "/people", tag = "force",
    summary = "Lập hồ sơ một người; mỗi số CCCD một hồ sơ, số CCCD được đối chiếu với ngày sinh và giới tính",
    request_body = PersonBody,
    responses((status = 201, description = "Hồ sơ mới", body = antt_store::force::PersonView), (status = 422, response = crate::openapi::Invalid)))]
pub async fn people_post(
    State(app): State<AppState>,
    a: Authed,
    JsonBody(b): JsonBody<PersonBody>,
) -> ApiResult {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let new = person_from(&app, &a, b).await?;
    let pid = app.store.create_person(&a.actor, &new).await?;
    Ok((
        StatusCode::CREATED,
        Json(app.store.person(&a.actor, pid).await?),
    )
        .into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonPatch {
    #[serde(default)]
    residence: Option<String>,
    #[serde(default)]
    residence_since: Option<String>,
    #[serde(default)]
    education: Option<String>,
    #[serde(default)]
    health_certificate_on: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    household: Option<String>,
    #[serde(default)]
    covered_bhxh: Option<bool>,
    #[serde(default)]
    covered_bhyt: Option<bool>,
}

/// `""` clears a date; a date sets it; absent leaves it.
fn date_change(
    field: &'static str,
    raw: &Option<String>,
) -> Result<Option<Option<NaiveDate>>, AppError> {
    match raw.as_deref().map(str::trim) {
        None => Ok(None),
        Some("") => Ok(Some(None)),
        Some(s) => Ok(Some(Some(d(field, s)?))),
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentityBody {
    #[serde(default)]
    cccd: Option<String>,
    #[serde(default)]
    full_name: Option<String>,
    #[serde(default)]
    birth_date: Option<String>,
    #[serde(default)]
    sex: Option<String>,
    reason: String,
}

// `PUT /api/v1/people/{id}/identity`: corrects CCCD, name, birth date or sex, with a reason.
#[utoipa::path(put, path = "/people/{id}/identity", tag = "force",
    summary = "Đính chính nhân thân (số CCCD, họ tên, ngày sinh, giới tính) kèm lý do; số CCCD được kiểm tra lại với ngày sinh, giới tính; không trùng người khác; các lần tham gia vẫn phải đủ tuổi",
    params(("id" = Uuid, Path, description = "Khóa của người")),
    request_body = IdentityBody,
    responses((status = 200, description = "Kết quả và hồ sơ", body = PersonChanged), (status = 422, response = crate::openapi::Invalid)))]
pub async fn person_identity_put(
    State(app): State<AppState>,
    a: Authed,
    PathId(pid): PathId<PersonId>,
    JsonBody(b): JsonBody<IdentityBody>,
) -> ApiResult {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let change = antt_store::force::IdentityChange {
        cccd: b.cccd,
        full_name: b.full_name,
        birth_date: b
            .birth_date
            .as_deref()
            .map(|x| d("birth_date", x))
            .transpose()?,
        sex: b.sex.as_deref().map(Sex::parse).transpose()?,
        reason: b.reason,
    };
    let outcome = app.store.correct_identity(&a.actor, pid, &change).await?;
    let person = app.store.person(&a.actor, pid).await?;
    Ok(Json(PersonChanged { outcome, person }).into_response())
}

#[utoipa::path(patch, path = "/people/{id}", tag = "force",
    summary = "Cập nhật hồ sơ (nơi cư trú, học vấn, giấy chứng nhận sức khỏe, điện thoại, diện hộ, bảo hiểm); chuỗi rỗng xóa một ngày",
    params(("id" = Uuid, Path, description = "Khóa của người")),
    request_body = PersonPatch,
    responses((status = 200, description = "Kết quả và hồ sơ", body = PersonChanged), (status = 422, response = crate::openapi::Invalid)))]
pub async fn person_patch(
    State(app): State<AppState>,
    a: Authed,
    PathId(pid): PathId<PersonId>,
    JsonBody(b): JsonBody<PersonPatch>,
) -> ApiResult {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let change = antt_store::force::PersonChange {
        residence: b.residence,
        residence_since: date_change("residence_since", &b.residence_since)?,
        education: match &b.education {
            Some(e) => Some(Education::parse(e)?),
            None => None,
        },
        health_certificate_on: date_change("health_certificate", &b.health_certificate_on)?,
        phone: b.phone.map(|p| Some(p).filter(|p| !p.trim().is_empty())),
        household: b.household.as_deref().map(Household::parse).transpose()?,
        covered_bhxh: b.covered_bhxh,
        covered_bhyt: b.covered_bhyt,
    };
    let outcome = app.store.update_person(&a.actor, pid, &change).await?;
    let person = app.store.person(&a.actor, pid).await?;
    Ok(Json(PersonChanged { outcome, person }).into_response())
}

#[utoipa::path(get, path = "/people/{id}", tag = "force",
    summary = "Hồ sơ một người và quá trình tham gia",
    params(("id" = Uuid, Path, description = "Khóa của người")),
    responses((status = 200, description = "Hồ sơ", body = antt_store::force::PersonView), (status = 422, response = crate::openapi::Invalid)))]
pub async fn person_get(
    State(app): State<AppState>,
    a: Authed,
    PathId(pid): PathId<PersonId>,
) -> ApiResult {
    Ok(Json(app.store.person(&a.actor, pid).await?).into_response())
}

// ---- memberships -------------------------------------------------------------------------------

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MembershipBody {
    person: String,
    team: String,
    role: String,
    #[serde(default)]
    origin: Option<String>,
    start_date: String,
    #[serde(default)]
    decision: Option<String>,
    #[serde(default)]
    over70_decision: Option<String>,
}

#[utoipa::path(post, path = "/memberships", tag = "force",
    summary = "Công nhận thành viên của Tổ từ một ngày (đủ 18 tuổi; trên 70 tuổi cần quyết định; một Tổ trưởng)",
    request_body = MembershipBody,
    responses((status = 201, description = "Đã công nhận", body = crate::api::Created), (status = 422, response = crate::openapi::Invalid)))]
pub async fn memberships_post(
    State(app): State<AppState>,
    a: Authed,
    JsonBody(b): JsonBody<MembershipBody>,
) -> ApiResult {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let new = NewMembership {
        person: id(&b.person)?,
        team: id(&b.team)?,
        role: TeamRole::parse(&b.role)?,
        origin: Origin::parse(b.origin.as_deref().unwrap_or("selected"))?,
        start_date: d("start_date", &b.start_date)?,
        decision: opt_id("decision", &b.decision)?,
        over70_decision: opt_id("over70_decision", &b.over70_decision)?,
    };
    let mid = app.store.add_membership(&a.actor, &new).await?;
    Ok((StatusCode::CREATED, Json(Created { id: mid.into() })).into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndBody {
    end_date: String,
    reason: String,
    #[serde(default)]
    decision: Option<String>,
}

#[utoipa::path(post, path = "/memberships/{id}/end", tag = "force",
    summary = "Cho thôi tham gia (Luật 30/2023 Điều 17 khoản 3) hoặc chuyển Tổ, đổi chức danh",
    params(("id" = Uuid, Path, description = "Khóa của lần tham gia")),
    request_body = EndBody,
    responses((status = 200, description = "Đã cho thôi, kèm quy định áp dụng", body = Ended), (status = 422, response = crate::openapi::Invalid)))]
pub async fn membership_end_post(
    State(app): State<AppState>,
    a: Authed,
    PathId(mid): PathId<MembershipId>,
    JsonBody(b): JsonBody<EndBody>,
) -> ApiResult {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let end = EndMembership {
        end_date: d("end_date", &b.end_date)?,
        reason: EndReason::parse(&b.reason)?,
        decision: opt_id("decision", &b.decision)?,
    };
    app.store.end_membership(&a.actor, mid, &end).await?;
    Ok(Json(Ended {
        ended: true,
        rule: end.reason.rule(),
    })
    .into_response())
}

/// A role change or a transfer: the first day in the new role or team, by a decision.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeBody {
    /// Ngày bắt đầu chức danh mới hoặc ở Tổ mới; lần tham gia hiện tại kết thúc ngày hôm trước.
    on: String,
    /// Chức danh mới (leader, deputy, member); để trống khi chỉ chuyển Tổ.
    #[serde(default)]
    role: Option<String>,
    /// Tổ chuyển đến (cùng xã); để trống khi chỉ đổi chức danh.
    #[serde(default)]
    team: Option<String>,
    /// Quyết định đổi chức danh hoặc chuyển Tổ (bắt buộc).
    decision: String,
}

#[utoipa::path(post, path = "/memberships/{id}/change", tag = "force",
    summary = "Đổi chức danh hoặc chuyển Tổ theo quyết định: lần tham gia hiện tại kết thúc ngày hôm trước, lần mới bắt đầu từ ngày ghi, trong một giao dịch; không nhận đổi sang chính chức danh đang giữ",
    params(("id" = Uuid, Path, description = "Khóa của lần tham gia")),
    request_body = ChangeBody,
    responses((status = 201, description = "Lần tham gia mới", body = crate::api::Created),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn membership_change_post(
    State(app): State<AppState>,
    a: Authed,
    PathId(mid): PathId<MembershipId>,
    JsonBody(b): JsonBody<ChangeBody>,
) -> ApiResult {
    let change = MembershipChange {
        on: d("on", &b.on)?,
        role: b.role.as_deref().map(TeamRole::parse).transpose()?,
        team: opt_id("team", &b.team)?,
        decision: opt_id("decision", &Some(b.decision))?,
    };
    let id = app.store.change_membership(&a.actor, mid, &change).await?;
    Ok((StatusCode::CREATED, Json(Created { id: id.into() })).into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceBody {
    kind: String,
    date: String,
    #[serde(default)]
    note: Option<String>,
}

#[utoipa::path(post, path = "/memberships/{id}/evidence", tag = "force",
    summary = "Ghi nhận lần từ chối nhiệm vụ không có lý do chính đáng hoặc lần nhắc nhở bằng văn bản",
    params(("id" = Uuid, Path, description = "Khóa của lần tham gia")),
    request_body = EvidenceBody,
    responses((status = 201, description = "Đã ghi nhận", body = crate::api::Created), (status = 422, response = crate::openapi::Invalid)))]
pub async fn membership_evidence_post(
    State(app): State<AppState>,
    a: Authed,
    PathId(mid): PathId<MembershipId>,
    JsonBody(b): JsonBody<EvidenceBody>,
) -> ApiResult {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let eid = app
        .store
        .add_evidence(
            &a.actor,
            mid,
            EvidenceKind::parse(&b.kind)?,
            d("date", &b.date)?,
            b.note.as_deref(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id: eid })).into_response())
}

// ---- overview ----------------------------------------------------------------------------------

#[utoipa::path(get, path = "/communes/{id}/proposals", tag = "force",
    summary = "Đề xuất điều chỉnh lực lượng của xã tại một ngày: số thành viên theo quy định thay đổi (số hộ qua ngưỡng), cần thêm, bớt người, thiếu Tổ trưởng, thôn đã sáp nhập, chia tách, thôn chưa có Tổ — mỗi mục kèm quy định",
    params(("id" = String, Path, description = "Mã xã hoặc khóa (UUID)"), ("date" = Option<String>, Query, description = "Ngày xem (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định là hôm nay")),
    responses((status = 200, description = "Các đề xuất", body = ProposalList), (status = 422, response = crate::openapi::Invalid)))]
pub async fn proposals_get(
    State(app): State<AppState>,
    a: Authed,
    Path(code): Path<String>,
    QueryParams(q): QueryParams<ForceQuery>,
) -> ApiResult {
    app.store.authorize(&a.actor, Action::ViewForce)?;
    let on = as_of(&app, q.date.as_deref())?;
    let c = resolve_unit(&app, &a.actor, &code).await?;
    let proposals = app.store.proposals(&a.actor, c, on).await?;
    Ok(Json(ProposalList {
        date: on,
        proposals,
    })
    .into_response())
}

#[utoipa::path(get, path = "/communes/{id}/overview", tag = "force",
    summary = "Tổng quan xã: từng Tổ so với số thành viên theo quy định, Tổ thiếu người, vượt tối đa, thiếu Tổ trưởng, thôn chưa có Tổ",
    params(("id" = String, Path, description = "Mã xã hoặc khóa (UUID)"), ("date" = Option<String>, Query, description = "Ngày xem (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định là hôm nay")),
    responses((status = 200, description = "Tổng quan", body = antt_store::force::Overview), (status = 422, response = crate::openapi::Invalid)))]
pub async fn overview_get(
    State(app): State<AppState>,
    a: Authed,
    Path(code): Path<String>,
    QueryParams(q): QueryParams<ForceQuery>,
) -> ApiResult {
    app.store.authorize(&a.actor, Action::ViewForce)?;
    let on = as_of(&app, q.date.as_deref())?;
    let c = resolve_unit(&app, &a.actor, &code).await?;
    Ok(Json(app.store.overview(&a.actor, c, on).await?).into_response())
}

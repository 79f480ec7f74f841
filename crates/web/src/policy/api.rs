//! `/api/v1/policy`: the packs, the rules in force for a pack or a unit on a date, the gaps, and
//! the computations, each figure with its explanation.

use antt_domain::access::Action;
use antt_domain::date;
use antt_domain::policy::TeamRole;
use antt_domain::policy::amounts::{Household, Person, amounts};
use antt_domain::policy::eligibility::Reason;
use antt_domain::policy::eligibility::{Applicant, AreaFlags, Education, LegalStatus, check};
use antt_domain::policy::equipment::EquipmentLine;
use antt_domain::policy::equipment::norms;
use antt_domain::policy::quota::{QuotaError, VillageInput, team_quota};
use antt_domain::policy::{ExplanationLine, Missing, Pack, PackKind, RuleInForce};
use antt_domain::unit::{Level, VillageFlags};
use antt_domain::{FieldError, FieldErrorKind};
use antt_store::policies::{PackInfo, Resolution};
use antt_store::policies::{ResolvedPolicy, UploadError};
use antt_store::units::Outcome;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::AppState;
use crate::api::{as_of, resolve_unit};
use crate::auth::Authed;
use crate::error::AppError;
use crate::input::{JsonBody, QueryParams};

type ApiResult = Result<Response, AppError>;

/// Một gói quy định đang dùng.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PackSummary<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub kind: PackKind,
    pub province: Option<&'a str>,
    pub document: &'a str,
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
    pub version: i32,
    pub source: &'static str,
    /// Số tham số theo mức xác minh.
    pub parameters: BTreeMap<&'static str, usize>,
}

/// Các gói quy định đang dùng.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PackList<'a> {
    pub packs: Vec<PackSummary<'a>>,
}

/// Một gói, phiên bản đang dùng và nội dung tệp.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PackAnswer<'a> {
    pub pack: &'a Pack,
    pub version: &'a PackInfo,
    pub text: String,
}

/// Kết quả tải lên một gói.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Uploaded {
    pub id: String,
    pub version: i32,
    pub outcome: Outcome,
}

/// Các quy định có hiệu lực vào ngày.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RulesAnswer<'a> {
    pub date: NaiveDate,
    pub resolution: Option<&'a Resolution>,
    pub rules: Vec<RuleInForce<'a>>,
}

/// Các tham số còn thiếu.
#[derive(Serialize, utoipa::ToSchema)]
pub struct GapsAnswer<'a> {
    pub date: NaiveDate,
    pub resolution: Option<&'a Resolution>,
    pub missing: Vec<Missing>,
}

/// Số thành viên của một Tổ theo quy định, và cách tính.
#[derive(Serialize, utoipa::ToSchema)]
pub struct QuotaAnswer<'a> {
    pub date: NaiveDate,
    pub resolution: Option<&'a Resolution>,
    pub members: antt_domain::policy::quota::Quota,
    pub explanation: Vec<ExplanationLine>,
    /// Có số liệu lấy từ gói minh họa: phải hiện là MINH HỌA.
    pub illustrative: bool,
    pub note: &'static str,
}

/// Kết quả kiểm tra tiêu chuẩn, điều kiện.
#[derive(Serialize, utoipa::ToSchema)]
pub struct EligibilityAnswer<'a> {
    pub date: NaiveDate,
    pub resolution: Option<&'a Resolution>,
    pub eligible: bool,
    pub needs_exception: bool,
    pub reasons: Vec<Reason>,
}

/// Các khoản tiền của một chức danh.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AmountsAnswer<'a> {
    pub date: NaiveDate,
    pub resolution: Option<&'a Resolution>,
    pub amounts: Vec<antt_domain::policy::amounts::NamedAmount>,
    pub missing: Vec<Missing>,
}

/// Tiêu chuẩn trang bị của một Tổ.
#[derive(Serialize, utoipa::ToSchema)]
pub struct EquipmentAnswer<'a> {
    pub date: NaiveDate,
    pub resolution: Option<&'a Resolution>,
    pub members: u32,
    pub items: Vec<EquipmentLine>,
    pub missing: Vec<Missing>,
}

/// Every query parameter the policy endpoints read.
#[derive(Deserialize, Default, Clone)]
pub struct PolicyQuery {
    pub pack: Option<String>,
    pub unit: Option<String>,
    pub date: Option<String>,
    pub kind: Option<String>,
    pub households: Option<String>,
    pub population: Option<String>,
    pub flags: Option<String>,
    pub birth_date: Option<String>,
    pub education: Option<String>,
    pub residence_since: Option<String>,
    pub health_certificate: Option<String>,
    pub legal_status: Option<String>,
    pub role: Option<String>,
    pub household: Option<String>,
    pub ethnic_minority: Option<String>,
    pub members: Option<String>,
}

/// What the unit (if one was named) tells the computation.
#[derive(Debug, Clone, Default)]
pub struct UnitFacts {
    pub urban: Option<bool>,
    pub households: Option<u32>,
    pub population: Option<u32>,
    pub flags: VillageFlags,
}

/// Resolves `pack=` or `unit=` into a policy on the date (the store resolves it), with the unit's
/// facts when it is a village.
pub async fn resolve(
    app: &AppState,
    authed: &Authed,
    q: &PolicyQuery,
) -> Result<(ResolvedPolicy, UnitFacts), AppError> {
    let on = as_of(app, q.date.as_deref())?;
    if let Some(id) = q.pack.as_deref().filter(|s| !s.is_empty()) {
        let policy = app.store.policy_of_pack(id, on).await?;
        return Ok((policy, UnitFacts::default()));
    }
    let Some(code) = q.unit.as_deref().filter(|s| !s.is_empty()) else {
        return Err(FieldError::new("pack", FieldErrorKind::Required).into());
    };
    let unit = resolve_unit(app, &authed.actor, code).await?;
    let policy = app.store.policy(&authed.actor, unit, on).await?;
    let detail = app.store.unit_detail(&authed.actor, unit, on).await?;
    let mut facts = UnitFacts::default();
    if detail.level == Level::Village {
        facts.urban = detail.current.as_ref().map(|v| v.kind.is_urban_village());
        if let Some(f) = &detail.facts_as_of {
            facts.households = f.households;
            facts.population = f.population;
            facts.flags = f.flags;
        }
    }
    Ok((policy, facts))
}

/// The flags named in the query, added to those the village already has.
fn parse_flags(raw: Option<&str>, base: VillageFlags) -> Result<(VillageFlags, bool), AppError> {
    let (f, island) = antt_domain::unit::parse_flag_names(raw.unwrap_or("").split(','))?;
    Ok((base.or(f), island))
}

fn count(field: &'static str, raw: Option<&str>) -> Result<Option<u32>, AppError> {
    Ok(antt_domain::unit::parse_count(field, raw.unwrap_or(""))?)
}

fn opt_date(field: &'static str, raw: Option<&str>) -> Result<Option<NaiveDate>, AppError> {
    Ok(raw
        .filter(|s| !s.trim().is_empty())
        .map(|s| date::parse(field, s))
        .transpose()?)
}

fn choice<T>(
    field: &'static str,
    raw: Option<&str>,
    default: Option<&str>,
    parse: fn(&str) -> Option<T>,
    allowed: &'static str,
) -> Result<T, AppError> {
    let value = raw
        .filter(|s| !s.is_empty())
        .or(default)
        .ok_or(FieldError::new(field, FieldErrorKind::Required))?;
    parse(value)
        .ok_or_else(|| FieldError::new(field, FieldErrorKind::InvalidChoice { allowed }).into())
}

#[utoipa::path(get, path = "/policy/packs", tag = "policy",
    summary = "Các gói quy định đang dùng, phiên bản, số tham số theo mức xác minh",
    responses((status = 200, description = "Các gói", body = PackList), (status = 422, response = crate::openapi::Invalid)))]
pub async fn packs_get(State(app): State<AppState>, _authed: Authed) -> ApiResult {
    let set = app.store.policy_packs().await?;
    let packs = set
        .packs
        .iter()
        .zip(&set.info)
        .map(|(p, i)| PackSummary {
            id: &p.id,
            title: &p.title,
            kind: p.kind,
            province: p.province.as_deref(),
            document: &p.document,
            effective_from: p.effective_from,
            effective_to: p.effective_to,
            version: i.version,
            source: i.source,
            parameters: p
                .counts()
                .into_iter()
                .map(|(v, n)| (v.as_str(), n))
                .collect(),
        })
        .collect();
    Ok(Json(PackList { packs }).into_response())
}

#[utoipa::path(get, path = "/policy/packs/{id}", tag = "policy",
    summary = "Một gói: các tham số, phiên bản, nội dung tệp",
    params(("id" = String, Path, description = "Mã gói")),
    responses((status = 200, description = "Gói", body = PackAnswer), (status = 422, response = crate::openapi::Invalid)))]
pub async fn pack_get(
    State(app): State<AppState>,
    _authed: Authed,
    Path(id): Path<String>,
) -> ApiResult {
    let set = app.store.policy_packs().await?;
    let (pack, info) = set
        .packs
        .iter()
        .zip(&set.info)
        .find(|(p, _)| p.id == id)
        .ok_or(AppError::Store(antt_store::StoreError::NotFound))?;
    let text = app.store.policy_pack_text(&id).await?;
    Ok(Json(PackAnswer {
        pack,
        version: info,
        text,
    })
    .into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UploadBody {
    text: String,
}

/// Validates and stores an upload; shared by the API and the page.
pub async fn upload(
    app: &AppState,
    authed: &Authed,
    text: &str,
) -> Result<(String, i32, antt_store::units::Outcome), AppError> {
    app.store.authorize(&authed.actor, Action::ManagePolicies)?;
    match app.store.upload_policy_pack(&authed.actor, text).await {
        Ok(r) => Ok(r),
        Err(UploadError::Pack(e)) => Err(AppError::InvalidPack(e)),
        Err(UploadError::Store(e)) => Err(e.into()),
    }
}

#[utoipa::path(post, path = "/policy/packs", tag = "policy",
    summary = "Tải lên gói mới hoặc phiên bản mới (quản trị); kiểm tra trước khi nhận, ghi nhật ký",
    request_body = UploadBody,
    responses((status = 201, description = "Đã nhận phiên bản mới", body = Uploaded), (status = 200, description = "Giống phiên bản đang dùng: không đổi gì", body = Uploaded), (status = 422, response = crate::openapi::Invalid)))]
pub async fn packs_post(
    State(app): State<AppState>,
    authed: Authed,
    JsonBody(b): JsonBody<UploadBody>,
) -> ApiResult {
    let (id, version, outcome) = upload(&app, &authed, &b.text).await?;
    let status = if outcome == antt_store::units::Outcome::Changed {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(Uploaded {
            id,
            version,
            outcome,
        }),
    )
        .into_response())
}

#[utoipa::path(get, path = "/policy/rules", tag = "policy",
    summary = "Các quy định có hiệu lực vào ngày cho một gói hoặc một đơn vị, có trích dẫn và mức xác minh",
    params(("pack" = Option<String>, Query, description = "Mã gói quy định (hoặc dùng unit)"), ("unit" = Option<String>, Query, description = "Mã đơn vị: gói quy định của tỉnh chứa đơn vị vào ngày"), ("date" = Option<String>, Query, description = "Ngày áp dụng (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định là hôm nay")),
    responses((status = 200, description = "Các quy định", body = RulesAnswer), (status = 422, response = crate::openapi::Invalid)))]
pub async fn rules_get(
    State(app): State<AppState>,
    authed: Authed,
    QueryParams(q): QueryParams<PolicyQuery>,
) -> ApiResult {
    let (resolved, _) = resolve(&app, &authed, &q).await?;
    let (policy, resolution) = (resolved.policy(), resolved.resolution());
    Ok(Json(RulesAnswer {
        date: policy.date,
        resolution,
        rules: policy.rules_in_force(),
    })
    .into_response())
}

#[utoipa::path(get, path = "/policy/gaps", tag = "policy",
    summary = "Các tham số còn thiếu và văn bản quy định chúng",
    params(("pack" = Option<String>, Query, description = "Mã gói quy định (hoặc dùng unit)"), ("unit" = Option<String>, Query, description = "Mã đơn vị: gói quy định của tỉnh chứa đơn vị vào ngày"), ("date" = Option<String>, Query, description = "Ngày áp dụng (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định là hôm nay")),
    responses((status = 200, description = "Các tham số còn thiếu", body = GapsAnswer), (status = 422, response = crate::openapi::Invalid)))]
pub async fn gaps_get(
    State(app): State<AppState>,
    authed: Authed,
    QueryParams(q): QueryParams<PolicyQuery>,
) -> ApiResult {
    let (resolved, _) = resolve(&app, &authed, &q).await?;
    let (policy, resolution) = (resolved.policy(), resolved.resolution());
    let gaps: Vec<_> = policy
        .rules_in_force()
        .into_iter()
        .filter_map(|r| r.gap)
        .collect();
    Ok(Json(GapsAnswer {
        date: policy.date,
        resolution,
        missing: gaps,
    })
    .into_response())
}

#[utoipa::path(get, path = "/policy/quota", tag = "policy",
    summary = "Số thành viên Tổ của một thôn (lấy số liệu thôn khi có unit)",
    params(("pack" = Option<String>, Query, description = "Mã gói quy định (hoặc dùng unit)"), ("unit" = Option<String>, Query, description = "Mã đơn vị: gói quy định của tỉnh chứa đơn vị vào ngày"), ("date" = Option<String>, Query, description = "Ngày áp dụng (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định là hôm nay"), ("kind" = Option<String>, Query, description = "rural hoặc urban"), ("households" = Option<u32>, Query, description = "Số hộ"), ("population" = Option<u32>, Query, description = "Số nhân khẩu"), ("flags" = Option<String>, Query, description = "Đặc điểm địa bàn, cách nhau bởi dấu phẩy: border, mountainous, especially_difficult, ethnic_minority, island…")),
    responses((status = 200, description = "Số thành viên và cách tính", body = QuotaAnswer), (status = 422, response = crate::openapi::Invalid)))]
pub async fn quota_get(
    State(app): State<AppState>,
    authed: Authed,
    QueryParams(q): QueryParams<PolicyQuery>,
) -> ApiResult {
    let (resolved, facts) = resolve(&app, &authed, &q).await?;
    let (policy, resolution) = (resolved.policy(), resolved.resolution());
    let urban = match q.kind.as_deref() {
        Some("urban") => true,
        Some("rural") => false,
        None | Some("") => facts.urban.unwrap_or(false),
        Some(_) => {
            return Err(FieldError::new(
                "kind",
                FieldErrorKind::InvalidChoice {
                    allowed: "rural, urban",
                },
            )
            .into());
        }
    };
    let (flags, _) = parse_flags(q.flags.as_deref(), facts.flags)?;
    let v = VillageInput {
        urban,
        households: count("households", q.households.as_deref())?.or(facts.households),
        population: count("population", q.population.as_deref())?.or(facts.population),
        flags,
    };
    match team_quota(&policy, &v) {
        Ok(e) => Ok(Json(QuotaAnswer {
            date: policy.date,
            resolution,
            members: e.value,
            explanation: e.explanation,
            illustrative: e.illustrative,
            note: antt_domain::policy::quota::SEVERAL_VILLAGES_NOTE,
        })
        .into_response()),
        Err(QuotaError::PolicyGap(g)) => Err(AppError::PolicyGap(g)),
        Err(QuotaError::MissingFact { fact, .. }) => Err(FieldError::new(
            if fact == "population" {
                "population"
            } else {
                "households"
            },
            FieldErrorKind::Required,
        )
        .into()),
        Err(QuotaError::NoRow { message }) => Err(AppError::Malformed {
            code: "no_rule_row",
            message,
        }),
    }
}

#[utoipa::path(get, path = "/policy/eligibility", tag = "policy",
    summary = "Tiêu chuẩn, điều kiện tham gia của một người (Luật 30/2023 Điều 13)",
    params(("pack" = Option<String>, Query, description = "Mã gói quy định (hoặc dùng unit)"), ("unit" = Option<String>, Query, description = "Mã đơn vị: gói quy định của tỉnh chứa đơn vị vào ngày"), ("date" = Option<String>, Query, description = "Ngày áp dụng (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định là hôm nay"), ("birth_date" = String, Query, description = "Ngày sinh"), ("education" = String, Query, description = "Trình độ học vấn"), ("residence_since" = Option<String>, Query, description = "Cư trú từ ngày"), ("health_certificate" = Option<String>, Query, description = "Ngày giấy chứng nhận sức khỏe"), ("legal_status" = Option<String>, Query, description = "Tình trạng pháp lý (mặc định clear)"), ("flags" = Option<String>, Query, description = "Đặc điểm địa bàn, cách nhau bởi dấu phẩy: border, mountainous, especially_difficult, ethnic_minority, island…")),
    responses((status = 200, description = "Kết quả và lý do, mỗi lý do có quy định", body = EligibilityAnswer), (status = 422, response = crate::openapi::Invalid)))]
pub async fn eligibility_get(
    State(app): State<AppState>,
    authed: Authed,
    QueryParams(q): QueryParams<PolicyQuery>,
) -> ApiResult {
    let (resolved, facts) = resolve(&app, &authed, &q).await?;
    let (policy, resolution) = (resolved.policy(), resolved.resolution());
    let (f, island) = parse_flags(q.flags.as_deref(), facts.flags)?;
    let a = Applicant {
        birth_date: date::parse("birth_date", q.birth_date.as_deref().unwrap_or(""))?,
        education: choice(
            "education",
            q.education.as_deref(),
            None,
            Education::from_code,
            "none, primary, lower-secondary, upper-secondary",
        )?,
        residence_since: opt_date("residence_since", q.residence_since.as_deref())?,
        health_certificate: opt_date("health_certificate", q.health_certificate.as_deref())?,
        legal_status: choice(
            "legal_status",
            q.legal_status.as_deref(),
            Some("clear"),
            LegalStatus::from_code,
            "clear, prosecuted, serving-sentence, admin-measure, unexpunged-record",
        )?,
        area: AreaFlags::of(f, island),
    };
    let e = check(&policy, &a).map_err(AppError::PolicyGap)?;
    Ok(Json(EligibilityAnswer {
        date: policy.date,
        resolution,
        eligible: e.eligible,
        needs_exception: e.needs_exception,
        reasons: e.reasons,
    })
    .into_response())
}

#[utoipa::path(get, path = "/policy/amounts", tag = "policy",
    summary = "Hỗ trợ hằng tháng, BHXH tự nguyện, BHYT và bồi dưỡng của một chức danh, mỗi khoản có giải thích; khoản nào thiếu số liệu được liệt kê trong missing (422 policy_gap khi không tính được khoản nào)",
    params(("pack" = Option<String>, Query, description = "Mã gói quy định (hoặc dùng unit)"), ("unit" = Option<String>, Query, description = "Mã đơn vị: gói quy định của tỉnh chứa đơn vị vào ngày"), ("date" = Option<String>, Query, description = "Ngày áp dụng (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định là hôm nay"), ("role" = String, Query, description = "leader, deputy hoặc member"), ("household" = Option<String>, Query, description = "poor, near-poor hoặc none"), ("ethnic_minority" = Option<bool>, Query, description = "Người dân tộc thiểu số"), ("flags" = Option<String>, Query, description = "Đặc điểm địa bàn, cách nhau bởi dấu phẩy: border, mountainous, especially_difficult, ethnic_minority, island…")),
    responses((status = 200, description = "Các khoản tính được và các khoản thiếu quy định", body = AmountsAnswer), (status = 422, response = crate::openapi::Invalid)))]
pub async fn amounts_get(
    State(app): State<AppState>,
    authed: Authed,
    QueryParams(q): QueryParams<PolicyQuery>,
) -> ApiResult {
    let (resolved, facts) = resolve(&app, &authed, &q).await?;
    let (policy, resolution) = (resolved.policy(), resolved.resolution());
    let (f, island) = parse_flags(q.flags.as_deref(), facts.flags)?;
    let person = Person {
        role: choice(
            "role",
            q.role.as_deref(),
            None,
            TeamRole::from_code,
            "leader, deputy, member",
        )?,
        household: choice(
            "household",
            q.household.as_deref(),
            Some("none"),
            Household::from_code,
            "poor, near-poor, none",
        )?,
        ethnic_minority: matches!(q.ethnic_minority.as_deref(), Some("1" | "true" | "on")),
        island,
        hardship_area: f.border
            || f.mountainous
            || f.especially_difficult
            || f.ethnic_minority
            || island,
    };
    let report = amounts(&policy, &person);
    // Every amount that can be computed is given; what cannot is listed with where the law sets it.
    let missing = report.gap.map(|g| g.missing).unwrap_or_default();
    if report.amounts.is_empty() && !missing.is_empty() {
        return Err(AppError::PolicyGap(antt_domain::policy::PolicyGap {
            missing,
        }));
    }
    Ok(Json(AmountsAnswer {
        date: policy.date,
        resolution,
        amounts: report.amounts,
        missing,
    })
    .into_response())
}

#[utoipa::path(get, path = "/policy/equipment", tag = "policy",
    summary = "Tiêu chuẩn trang bị của một Tổ có N thành viên; phần thiếu số liệu liệt kê trong missing (422 policy_gap khi không tính được gì)",
    params(("pack" = Option<String>, Query, description = "Mã gói quy định (hoặc dùng unit)"), ("unit" = Option<String>, Query, description = "Mã đơn vị: gói quy định của tỉnh chứa đơn vị vào ngày"), ("date" = Option<String>, Query, description = "Ngày áp dụng (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định là hôm nay"), ("members" = u32, Query, description = "Số thành viên của Tổ")),
    responses((status = 200, description = "Các trang bị tính được và phần thiếu quy định", body = EquipmentAnswer), (status = 422, response = crate::openapi::Invalid)))]
pub async fn equipment_get(
    State(app): State<AppState>,
    authed: Authed,
    QueryParams(q): QueryParams<PolicyQuery>,
) -> ApiResult {
    let (resolved, _) = resolve(&app, &authed, &q).await?;
    let (policy, resolution) = (resolved.policy(), resolved.resolution());
    let members = count("members", q.members.as_deref())?
        .filter(|n| *n > 0)
        .ok_or(FieldError::new("members", FieldErrorKind::Required))?;
    let report = norms(&policy, members);
    let missing = report.gap.map(|g| g.missing).unwrap_or_default();
    if report.items.is_empty() && !missing.is_empty() {
        return Err(AppError::PolicyGap(antt_domain::policy::PolicyGap {
            missing,
        }));
    }
    Ok(Json(EquipmentAnswer {
        date: policy.date,
        resolution,
        members,
        items: report.items,
        missing,
    })
    .into_response())
}

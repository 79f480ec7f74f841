//! `/api/v1` for administrative units: search, the tree, one unit, versions, village facts, successions.

use antt_domain::access::Action;
use antt_domain::date;
use antt_domain::unit::{Level, SuccessionKind, UnitKind, VillageFacts};
use antt_store::Actor;
use antt_store::units::{FactsView, Outcome, SearchHit, TreeNode, UnitRef};
use antt_store::units::{NewFacts, NewSuccession, NewUnit, NewVersion};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::api::{ApiResult, ListQuery, as_of, limit, ok, resolve_field, resolve_unit};
use crate::auth::Authed;
use crate::error::AppError;
use crate::input::{JsonBody, QueryParams, count_value};

// ---- units ------------------------------------------------------------------------------------

/// Đơn vị tìm thấy, có hiệu lực vào ngày.
#[derive(Serialize, utoipa::ToSchema)]
pub struct UnitSearch {
    pub date: NaiveDate,
    pub units: Vec<SearchHit>,
}

/// Cây đơn vị vào ngày.
#[derive(Serialize, utoipa::ToSchema)]
pub struct UnitTree {
    pub date: NaiveDate,
    pub tree: Vec<TreeNode>,
}

/// Các đơn vị kế thừa.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Successors {
    pub successors: Vec<UnitRef>,
}

/// Các đơn vị tổng hợp vào một đơn vị.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Rollup {
    pub units: Vec<UnitRef>,
}

/// Kết quả ghi số liệu thôn và các số liệu theo thời gian.
#[derive(Serialize, utoipa::ToSchema)]
pub struct FactsSaved {
    pub outcome: Outcome,
    pub facts: Vec<FactsView>,
}

#[utoipa::path(get, path = "/units", tag = "units",
    summary = "Tìm đơn vị theo tên (không phân biệt dấu) hoặc mã, có hiệu lực vào ngày",
    params(("date" = Option<String>, Query, description = "Ngày xem (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định là hôm nay"), ("q" = Option<String>, Query, description = "Tên hoặc mã"),
        ("level" = Option<String>, Query, description = "Cấp: province, district, commune, village"),
        ("limit" = Option<u64>, Query, description = "Số kết quả tối đa (mặc định 50)")),
    responses((status = 200, description = "Các đơn vị tìm thấy", body = UnitSearch),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn units_get(
    State(app): State<AppState>,
    authed: Authed,
    QueryParams(q): QueryParams<ListQuery>,
) -> ApiResult {
    let date = as_of(&app, q.date.as_deref())?;
    let level = q.level.as_deref().map(Level::parse).transpose()?;
    let hits = app
        .store
        .search_units(
            &authed.actor,
            date,
            q.q.as_deref().unwrap_or(""),
            level,
            limit(q.limit.as_deref(), 50)?,
        )
        .await?;
    ok(UnitSearch { date, units: hits })
}

#[utoipa::path(get, path = "/units/tree", tag = "units",
    summary = "Cây đơn vị hành chính vào một ngày, trong phạm vi người dùng",
    params(("root" = Option<String>, Query, description = "Mã đơn vị gốc; để trống là toàn bộ phạm vi"), ("date" = Option<String>, Query, description = "Ngày xem (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định là hôm nay")),
    responses((status = 200, description = "Cây đơn vị", body = UnitTree),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn units_tree_get(
    State(app): State<AppState>,
    authed: Authed,
    QueryParams(q): QueryParams<ListQuery>,
) -> ApiResult {
    let date = as_of(&app, q.date.as_deref())?;
    let root = match q.root.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(code) => Some(resolve_unit(&app, &authed.actor, code).await?),
        None => None,
    };
    let tree = app.store.unit_subtree(&authed.actor, date, root).await?;
    ok(UnitTree { date, tree })
}

#[utoipa::path(get, path = "/units/{id}", tag = "units",
    summary = "Một đơn vị: các phiên bản, đơn vị cha, đơn vị con, số liệu thôn, sắp xếp",
    params(("id" = String, Path, description = "Mã đơn vị (ví dụ 23535) hoặc khóa (UUID)"), ("date" = Option<String>, Query, description = "Ngày xem (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định là hôm nay")),
    responses((status = 200, description = "Đơn vị", body = antt_store::units::UnitDetail),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn unit_get(
    State(app): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    QueryParams(q): QueryParams<ListQuery>,
) -> ApiResult {
    let date = as_of(&app, q.date.as_deref())?;
    let id = resolve_unit(&app, &authed.actor, &id).await?;
    ok(app.store.unit_detail(&authed.actor, id, date).await?)
}

#[utoipa::path(get, path = "/units/{id}/successors", tag = "units",
    summary = "Các đơn vị kế thừa đơn vị này (bắc cầu)",
    params(("id" = String, Path, description = "Mã đơn vị (ví dụ 23535) hoặc khóa (UUID)")),
    responses((status = 200, description = "Các đơn vị kế thừa", body = Successors),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn unit_successors_get(
    State(app): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> ApiResult {
    let id = resolve_unit(&app, &authed.actor, &id).await?;
    let successors = app.store.successors(&authed.actor, id).await?;
    ok(Successors { successors })
}

#[utoipa::path(get, path = "/units/{id}/rollup", tag = "units",
    summary = "Các đơn vị có số liệu tổng hợp vào đơn vị này hôm nay",
    params(("id" = String, Path, description = "Mã đơn vị (ví dụ 23535) hoặc khóa (UUID)")),
    responses((status = 200, description = "Các đơn vị", body = Rollup),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn unit_rollup_get(
    State(app): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> ApiResult {
    let id = resolve_unit(&app, &authed.actor, &id).await?;
    let units = app.store.rollup(&authed.actor, id).await?;
    ok(Rollup { units })
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionBody {
    name: String,
    kind: String,
    #[serde(default)]
    parent: Option<String>,
    valid_from: String,
    #[serde(default)]
    valid_to: Option<String>,
    #[serde(default)]
    basis: Option<String>,
    #[serde(default)]
    close_open: Option<bool>,
}

async fn version_from(
    app: &AppState,
    actor: &Actor,
    b: &VersionBody,
) -> Result<NewVersion, AppError> {
    let parent = match b.parent.as_deref().filter(|p| !p.trim().is_empty()) {
        Some(p) => Some(resolve_field(app, actor, "parent", p).await?),
        None => None,
    };
    Ok(NewVersion {
        name: b.name.clone(),
        kind: UnitKind::parse(&b.kind)?,
        parent,
        valid_from: date::parse("valid_from", &b.valid_from)?,
        valid_to: b
            .valid_to
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| date::parse("valid_to", s))
            .transpose()?,
        basis: b.basis.clone(),
    })
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitBody {
    code: String,
    level: String,
    name: String,
    kind: String,
    #[serde(default)]
    parent: Option<String>,
    valid_from: String,
    #[serde(default)]
    valid_to: Option<String>,
    #[serde(default)]
    basis: Option<String>,
}

#[utoipa::path(post, path = "/units", tag = "units",
    summary = "Tạo đơn vị với phiên bản đầu tiên (quản trị)",
    request_body = UnitBody,
    responses((status = 201, description = "Đã tạo", body = antt_store::units::UnitDetail),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn units_post(
    State(app): State<AppState>,
    authed: Authed,
    JsonBody(b): JsonBody<UnitBody>,
) -> ApiResult {
    let level = Level::parse(&b.level)?;
    let v = VersionBody {
        name: b.name,
        kind: b.kind,
        parent: b.parent,
        valid_from: b.valid_from,
        valid_to: b.valid_to,
        basis: b.basis,
        close_open: None,
    };
    let version = version_from(&app, &authed.actor, &v).await?;
    let detail = app
        .store
        .create_unit(
            &authed.actor,
            &NewUnit {
                code: b.code.clone(),
                level,
                version,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(detail)).into_response())
}

#[utoipa::path(post, path = "/units/{id}/versions", tag = "units",
    summary = "Thêm phiên bản (đổi tên, chuyển đơn vị cha); đóng phiên bản đang mở vào ngày trước đó",
    params(("id" = String, Path, description = "Mã đơn vị (ví dụ 23535) hoặc khóa (UUID)")), request_body = VersionBody,
    responses((status = 201, description = "Đã thêm", body = antt_store::units::UnitDetail),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn unit_versions_post(
    State(app): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<VersionBody>,
) -> ApiResult {
    app.store.authorize(&authed.actor, Action::ManageUnits)?;
    let id = resolve_unit(&app, &authed.actor, &id).await?;
    let version = version_from(&app, &authed.actor, &b).await?;
    let detail = app
        .store
        .add_unit_version(&authed.actor, id, &version, b.close_open.unwrap_or(true))
        .await?;
    Ok((StatusCode::CREATED, Json(detail)).into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FactsBody {
    valid_from: String,
    #[serde(default)]
    households: Option<serde_json::Value>,
    #[serde(default)]
    population: Option<serde_json::Value>,
    #[serde(default)]
    area_ha: Option<String>,
    #[serde(default)]
    flags: Vec<String>,
    #[serde(default)]
    source: Option<String>,
}

#[utoipa::path(put, path = "/units/{id}/facts", tag = "units",
    summary = "Nhập số hộ, nhân khẩu, diện tích và đặc điểm của thôn từ một ngày",
    params(("id" = String, Path, description = "Mã đơn vị (ví dụ 23535) hoặc khóa (UUID)")), request_body = FactsBody,
    responses((status = 200, description = "Đã ghi (hoặc không đổi gì)", body = FactsSaved),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn unit_facts_put(
    State(app): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<FactsBody>,
) -> ApiResult {
    app.store
        .authorize(&authed.actor, Action::EditVillageFacts)?;
    let id = resolve_unit(&app, &authed.actor, &id).await?;
    let new = NewFacts {
        valid_from: date::parse("valid_from", &b.valid_from)?,
        facts: VillageFacts {
            households: count_value("households", &b.households)?,
            population: count_value("population", &b.population)?,
            area_centi_ha: match &b.area_ha {
                Some(a) => antt_domain::unit::parse_area_ha(a)?,
                None => None,
            },
            flags: antt_store::seed::parse_flags(&b.flags)?,
        },
        source: b.source,
    };
    let outcome = app.store.set_village_facts(&authed.actor, id, &new).await?;
    let detail = app
        .store
        .unit_detail(&authed.actor, id, new.valid_from)
        .await?;
    ok(FactsSaved {
        outcome,
        facts: detail.facts,
    })
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SuccessionBody {
    kind: String,
    date: String,
    basis: String,
    #[serde(default)]
    note: Option<String>,
    predecessors: Vec<String>,
    successors: Vec<String>,
}

#[utoipa::path(post, path = "/successions", tag = "units",
    summary = "Ghi nhận nhập, chia tách, đổi tên, chuyển đơn vị (quản trị)",
    request_body = SuccessionBody,
    responses((status = 201, description = "Đã ghi nhận", body = crate::api::Created),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn successions_post(
    State(app): State<AppState>,
    authed: Authed,
    JsonBody(b): JsonBody<SuccessionBody>,
) -> ApiResult {
    let mut predecessors = Vec::new();
    for p in &b.predecessors {
        predecessors.push(resolve_field(&app, &authed.actor, "predecessors", p).await?);
    }
    let mut successors = Vec::new();
    for s in &b.successors {
        successors.push(resolve_field(&app, &authed.actor, "successors", s).await?);
    }
    let id = app
        .store
        .record_succession(
            &authed.actor,
            &NewSuccession {
                kind: SuccessionKind::parse(&b.kind)?,
                effective_date: date::parse("date", &b.date)?,
                basis: b.basis,
                note: b.note,
                predecessors,
                successors,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(crate::api::Created { id })).into_response())
}

//! What the JSON API's capabilities share: the date asked about, limits, units named by code or
//! key, the answer for an unknown path. Each capability's handlers are in its folder.

use antt_domain::unit::UnitId;
use antt_domain::{FieldError, FieldErrorKind, date};
use antt_store::{Actor, StoreError};
use axum::Json;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use crate::AppState;
use crate::error::AppError;

pub type ApiResult = Result<Response, AppError>;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    pub date: Option<String>,
    pub q: Option<String>,
    pub level: Option<String>,
    pub limit: Option<String>,
    pub before: Option<String>,
    pub entity_id: Option<String>,
    pub root: Option<String>,
}

/// The date a request asks about, today in Vietnam when absent.
pub fn as_of(app: &AppState, raw: Option<&str>) -> Result<NaiveDate, AppError> {
    match raw.filter(|s| !s.trim().is_empty()) {
        Some(s) => Ok(date::parse("date", s)?),
        None => Ok(app.store.clock().today_vn()),
    }
}

pub fn limit(raw: Option<&str>, default: u64) -> Result<u64, AppError> {
    match raw {
        None => Ok(default),
        Some(s) => s
            .trim()
            .parse()
            .map_err(|_| FieldError::new("limit", FieldErrorKind::InvalidNumber).into()),
    }
}

/// A unit named in a path or body by its key (UUID) or its official code.
pub async fn resolve_unit(app: &AppState, actor: &Actor, raw: &str) -> Result<UnitId, AppError> {
    match Uuid::parse_str(raw.trim()) {
        Ok(id) => Ok(UnitId(id)),
        Err(_) => Ok(app.store.unit_by_code(actor, raw).await?),
    }
}

pub async fn resolve_field(
    app: &AppState,
    actor: &Actor,
    field: &'static str,
    raw: &str,
) -> Result<UnitId, AppError> {
    match resolve_unit(app, actor, raw).await {
        Err(AppError::Store(StoreError::NotFound)) => Err(FieldError::new(
            field,
            FieldErrorKind::from(antt_domain::unit::UnitFault::UnitNotFound),
        )
        .into()),
        other => other,
    }
}

pub fn ok<T: serde::Serialize>(v: T) -> ApiResult {
    Ok(Json(v).into_response())
}

pub async fn not_found() -> AppError {
    AppError::Store(StoreError::NotFound)
}

#[utoipa::path(get, path = "/openapi.json", tag = "api",
    summary = "Tài liệu OpenAPI này",
    security(()),
    responses((status = 200, description = "Tài liệu OpenAPI 3.1", content_type = "application/json")))]
pub async fn openapi_get() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::openapi::json(),
    )
        .into_response()
}

/// The key of what a request created.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Created {
    pub id: Uuid,
}

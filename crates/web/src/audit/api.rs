//! `/api/v1/audit`: the change log within the caller's scope, newest first.

use antt_domain::{FieldError, FieldErrorKind};
use antt_store::audit::AuditEntry;
use axum::extract::State;
use serde::Serialize;

use crate::AppState;
use crate::api::{ApiResult, ListQuery, limit, ok};
use crate::auth::Authed;
use crate::input::QueryParams;

/// Một trang nhật ký.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
}

#[utoipa::path(get, path = "/audit", tag = "audit",
    summary = "Nhật ký thay đổi trong phạm vi, mới nhất trước",
    params(("before" = Option<i64>, Query, description = "Chỉ các dòng có số thứ tự nhỏ hơn (trang trước)"),
        ("entity_id" = Option<String>, Query, description = "Chỉ các dòng về một đối tượng"),
        ("limit" = Option<u64>, Query, description = "Số dòng tối đa (mặc định 100)")),
    responses((status = 200, description = "Các dòng nhật ký", body = AuditPage),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn audit_get(
    State(app): State<AppState>,
    authed: Authed,
    QueryParams(q): QueryParams<ListQuery>,
) -> ApiResult {
    let before = match q.before.as_deref() {
        Some(s) => Some(
            s.trim()
                .parse::<i64>()
                .map_err(|_| FieldError::new("before", FieldErrorKind::InvalidNumber))?,
        ),
        None => None,
    };
    let entries = app
        .store
        .audit_entries(
            &authed.actor,
            before,
            q.entity_id.as_deref(),
            limit(q.limit.as_deref(), 100)?,
        )
        .await?;
    ok(AuditPage { entries })
}

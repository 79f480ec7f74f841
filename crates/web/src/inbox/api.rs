//! `GET /api/v1/inbox`: what the caller's communes need done on a date.

use axum::Json;
use axum::extract::State;
use axum::response::IntoResponse;
use serde::Deserialize;

use crate::AppState;
use crate::api::{ApiResult, as_of};
use crate::auth::Authed;
use crate::input::QueryParams;

#[derive(Deserialize, Default)]
pub struct InboxQuery {
    pub date: Option<String>,
}

#[utoipa::path(get, path = "/inbox", tag = "inbox",
    summary = "Việc cần làm của người dùng trong phạm vi: bước tuyển chọn đến hạn hoặc quá hạn, thành viên sắp 71 tuổi, giấy chứng nhận sức khỏe thiếu hoặc hết hạn, Tổ thiếu người, vượt tối đa, thiếu Tổ trưởng, Tổ chưa có quyết định, thôn chưa có Tổ — quá hạn trước",
    params(("date" = Option<String>, Query, description = "Ngày xem (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định là hôm nay")),
    responses((status = 200, description = "Các việc, quá hạn trước", body = antt_store::inbox::Inbox),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn inbox_get(
    State(app): State<AppState>,
    a: Authed,
    QueryParams(q): QueryParams<InboxQuery>,
) -> ApiResult {
    let on = as_of(&app, q.date.as_deref())?;
    Ok(Json(app.store.inbox(&a.actor, on).await?).into_response())
}

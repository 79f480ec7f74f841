//! Downloads: the member list as XLSX, from the teams the store loads within scope.

use antt_documents::xlsx::member_list;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::api::{as_of, resolve_unit};
use crate::auth::Authed;
use crate::error::AppError;
use crate::force::api::ForceQuery;
use crate::input::QueryParams;

/// `danh-sach-thanh-vien-23538-2025-08-01.xlsx`
pub async fn members_xlsx(
    app: &AppState,
    a: &Authed,
    q: &ForceQuery,
) -> Result<Response, AppError> {
    let on = as_of(app, q.date.as_deref())?;
    let code =
        q.commune
            .clone()
            .filter(|c| !c.trim().is_empty())
            .ok_or(antt_domain::FieldError::new(
                "commune",
                antt_domain::FieldErrorKind::Required,
            ))?;
    let commune = resolve_unit(app, &a.actor, &code).await?;
    let list = app.store.member_list(&a.actor, commune, on).await?;
    let bytes = member_list(&list.commune_name, on, &list.rows, list.illustrative)
        .map_err(|e| AppError::Store(antt_store::StoreError::Config(e.to_string())))?;
    let file = format!(
        "attachment; filename=\"danh-sach-thanh-vien-{}-{on}.xlsx\"",
        list.commune_code
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (header::CONTENT_DISPOSITION, file),
        ],
        bytes,
    )
        .into_response())
}

#[utoipa::path(get, path = "/teams/export", tag = "force",
    summary = "Danh sách thành viên đang tham gia của một xã vào một ngày, tệp Excel (XLSX)",
    params(("commune" = String, Query, description = "Mã xã"),
        ("date" = Option<String>, Query, description = "Ngày xem (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định là hôm nay")),
    responses((status = 200, description = "Tệp XLSX", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn members_xlsx_get(
    State(app): State<AppState>,
    a: Authed,
    QueryParams(q): QueryParams<ForceQuery>,
) -> Result<Response, AppError> {
    members_xlsx(&app, &a, &q).await
}

pub async fn members_xlsx_page(
    State(app): State<AppState>,
    crate::auth::UiAuthed(a): crate::auth::UiAuthed,
    QueryParams(q): QueryParams<ForceQuery>,
) -> Result<Response, crate::error::UiError> {
    Ok(members_xlsx(&app, &a, &q).await?)
}

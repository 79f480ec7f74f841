//! Downloads: the member list of a commune (or of every commune under a province or historical
//! district) on a date, as the commune prints and signs it — XLSX (a print sheet and a data
//! sheet), PDF or DOCX — named for what it is: `danh-sach-thanh-vien-xa-ia-toi-01-08-2025.xlsx`.

use antt_documents::roster::roster_document;
use antt_documents::xlsx::member_list;
use antt_domain::unit::Level;
use axum::extract::State;
use axum::response::Response;

use crate::AppState;
use crate::api::{as_of, resolve_unit};
use crate::auth::Authed;
use crate::download::{FileKind, attachment, download_name};
use crate::error::AppError;
use crate::force::api::ForceQuery;
use crate::input::QueryParams;

/// The list of the unit asked for on the date, in `format`.
pub async fn member_list_file(
    app: &AppState,
    a: &Authed,
    q: &ForceQuery,
    format: FileKind,
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
    let unit = resolve_unit(app, &a.actor, &code).await?;
    let list = app.store.member_list(&a.actor, unit, on).await?;
    let today = app.store.clock().today_vn();
    let roster = antt_documents::roster::for_unit(
        list.level == Level::Commune,
        &list.commune_name,
        list.province.as_deref(),
        list.police_chief.as_deref(),
        on,
        today,
        list.rows,
        list.illustrative,
    );
    let bytes = match format {
        FileKind::Xlsx => member_list(&roster)?,
        FileKind::Pdf => antt_documents::pdf::render(&roster_document(&roster))?,
        FileKind::Docx => antt_documents::docx::render(&roster_document(&roster))?,
    };
    let name = download_name(
        &["danh-sach-thanh-vien", &list.commune_name],
        Some(on),
        format.ext(),
    );
    Ok(attachment(bytes, format.mime(), &name))
}

#[utoipa::path(get, path = "/teams/export", tag = "force",
    summary = "Danh sách thành viên đang tham gia vào một ngày, tệp Excel (XLSX): trang in (A4 ngang, tiêu đề theo NĐ 30/2020, cộng theo Tổ, chữ ký) và trang dữ liệu (có cột xã, thôn). Một tỉnh, một huyện (trước 01/7/2025) gồm mọi xã trực thuộc",
    params(("commune" = String, Query, description = "Mã xã, hoặc mã tỉnh / huyện để lấy mọi xã trực thuộc"),
        ("date" = Option<String>, Query, description = "Ngày xem (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định là hôm nay"),
        ("format" = Option<String>, Query, description = "xlsx (mặc định), pdf hoặc docx")),
    responses((status = 200, description = "Tệp XLSX, PDF hoặc DOCX", content((Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (Vec<u8> = "application/pdf"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn members_xlsx_get(
    State(app): State<AppState>,
    a: Authed,
    QueryParams(q): QueryParams<ForceQuery>,
) -> Result<Response, AppError> {
    let format = FileKind::parse(q.format.as_deref().unwrap_or("xlsx"))?;
    member_list_file(&app, &a, &q, format).await
}

/// `/teams/export.xlsx`, `/teams/export.pdf`, `/teams/export.docx` for the pages' links.
pub async fn members_file_page(
    State(app): State<AppState>,
    crate::auth::UiAuthed(a): crate::auth::UiAuthed,
    uri: axum::http::Uri,
    QueryParams(q): QueryParams<ForceQuery>,
) -> Result<Response, crate::error::UiError> {
    let ext = uri.path().rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let format = FileKind::parse(ext)?;
    Ok(member_list_file(&app, &a, &q, format).await?)
}

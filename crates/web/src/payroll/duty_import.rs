//! `/api/v1/duty-shifts/import`: a commune's duty log from a workbook (XLSX, or CSV in UTF-8) —
//! first a dry run that names every bad row by line and column, then the import in one
//! transaction; and `/api/v1/duty-shifts/template`, the workbook to fill in.

use antt_documents::table;
use antt_store::payroll::duty_import::DutyImportReport;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::api::resolve_unit;
use crate::auth::Authed;
use crate::error::AppError;
use crate::input::QueryParams;
use crate::roster_import::api::flag;

/// The largest file accepted (the roster's bound: the reader's own bounds apply inside).
pub const MAX_BYTES: usize = antt_domain::roster::MAX_FILE_BYTES;

/// Tệp sổ trực bị từ chối: không ghi gì. Tệp không đọc được thì có thêm mã lỗi và thông điệp.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DutyRejected {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(flatten)]
    pub report: DutyImportReport,
}

#[derive(Deserialize, Default)]
pub struct DutyImportQuery {
    pub commune: Option<String>,
    pub dry_run: Option<String>,
    pub file_name: Option<String>,
}

#[utoipa::path(post, path = "/duty-shifts/import", tag = "payroll",
    summary = "Nhập sổ trực từ tệp XLSX hoặc CSV (UTF-8) theo mẫu: mỗi dòng một ca (Tổ, ngày, giờ, loại, người tham gia theo số CCCD hoặc họ tên); dry_run=true chỉ kiểm tra; có lỗi thì không ghi gì; nhập lại cùng tệp không thay đổi gì; tháng đã duyệt bảng thanh toán bị từ chối",
    params(("commune" = String, Query, description = "Mã xã"),
        ("dry_run" = Option<bool>, Query, description = "true: chỉ kiểm tra, không ghi"),
        ("file_name" = Option<String>, Query, description = "Tên tệp, để ghi nhật ký")),
    request_body(content = Vec<u8>, description = "Nội dung tệp XLSX hoặc CSV", content_type = "application/octet-stream"),
    responses((status = 200, description = "Đã nhập (hoặc đã kiểm tra): số ca mới, số ca đã có", body = DutyImportReport),
        (status = 422, description = "Có lỗi: không ghi gì; mọi lỗi theo dòng, cột", body = DutyRejected),
        (status = 503, response = crate::openapi::Busy)))]
pub async fn import_post(
    State(app): State<AppState>,
    a: Authed,
    QueryParams(q): QueryParams<DutyImportQuery>,
    body: Bytes,
) -> Result<Response, AppError> {
    app.store
        .authorize(&a.actor, antt_domain::access::Action::ManageDutyLog)?;
    let code = crate::input::required("commune", q.commune.as_deref())?;
    let commune = resolve_unit(&app, &a.actor, code).await?;
    let name = q
        .file_name
        .as_deref()
        .unwrap_or("tệp tải lên")
        .chars()
        .take(200)
        .collect::<String>();
    let Ok(_permit) = app.imports.clone().try_acquire_owned() else {
        return Err(AppError::Busy {
            code: "import_busy",
            message: "Đang có nhiều tệp được nhập cùng lúc. Vui lòng thử lại sau ít phút.".into(),
        });
    };
    // Inflating and reading XML is CPU work, bounded inside: off the async workers.
    let file = tokio::task::spawn_blocking(move || table::read_roster_file(&name, &body))
        .await
        .map_err(|e| antt_store::StoreError::Config(format!("đọc tệp thất bại: {e}")))?;
    let report = app
        .store
        .import_duty_log(&a.actor, commune, &file, flag(q.dry_run.as_deref()))
        .await?;
    if report.errors.is_empty() {
        return Ok((StatusCode::OK, Json(report)).into_response());
    }
    let unreadable = report.errors.iter().find(|e| e.line == 0);
    let body = DutyRejected {
        error: unreadable.map(|e| e.code.to_string()),
        message: unreadable.map(|e| e.message.clone()),
        report,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response())
}

#[derive(Deserialize, Default)]
pub struct DutyTemplateQuery {
    pub commune: Option<String>,
}

#[utoipa::path(get, path = "/duty-shifts/template", tag = "payroll",
    summary = "Mẫu sổ trực (Excel) để nhập: mỗi dòng một ca; các cột Tổ, Loại ca, Nặng nhọc chọn trong danh sách; trang hướng dẫn",
    params(("commune" = String, Query, description = "Mã xã: danh sách chọn gồm các Tổ của xã")),
    responses((status = 200, description = "Tệp XLSX", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn template_get(
    State(app): State<AppState>,
    a: Authed,
    QueryParams(q): QueryParams<DutyTemplateQuery>,
) -> Result<Response, AppError> {
    app.store
        .authorize(&a.actor, antt_domain::access::Action::ViewForce)?;
    let code = crate::input::required("commune", q.commune.as_deref())?;
    let commune = resolve_unit(&app, &a.actor, code).await?;
    let today = app.store.clock().today_vn();
    let d = app.store.unit_detail(&a.actor, commune, today).await?;
    let teams: Vec<String> = app
        .store
        .teams(&a.actor, Some(commune), today)
        .await?
        .into_iter()
        .map(|t| t.name)
        .collect();
    let bytes = table::duty_template(&teams)?;
    let name = d.current.map(|v| v.name).unwrap_or(d.code);
    Ok(crate::download::attachment(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &crate::download::download_name(&["mau-nhap-so-truc", &name], None, "xlsx"),
    ))
}

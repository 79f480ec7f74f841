//! `/api/v1/import/roster`: a commune's roster from XLSX or CSV — first a dry run that reports
//! every bad row with its column and reason, then the import in one transaction.

use antt_documents::table;
use antt_domain::roster;
use antt_domain::unit::UnitId;
use antt_store::import::ImportReport;
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

/// The largest file accepted.
pub const MAX_BYTES: usize = roster::MAX_FILE_BYTES;

/// Reads the file off the async workers (inflate, XML: CPU work, bounded inside), then the
/// store's import use case.
async fn read_and_import(
    store: &antt_store::Store,
    actor: &antt_store::Actor,
    commune: Option<UnitId>,
    file_name: &str,
    bytes: Bytes,
    dry_run: bool,
) -> Result<ImportReport, AppError> {
    let name = file_name.to_string();
    let file = tokio::task::spawn_blocking(move || table::read_roster_file(&name, &bytes))
        .await
        .map_err(|e| antt_store::StoreError::Config(format!("đọc tệp thất bại: {e}")))?;
    Ok(store.run_import(actor, commune, &file, dry_run).await?)
}

/// Tệp bị từ chối: không ghi gì. Tệp không đọc được thì có thêm mã lỗi và thông điệp ở đầu.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Rejected {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(flatten)]
    pub report: antt_store::import::ImportReport,
}

#[derive(Deserialize, Default)]
pub struct ImportQuery {
    pub commune: Option<String>,
    pub dry_run: Option<String>,
    pub file_name: Option<String>,
}

pub fn flag(raw: Option<&str>) -> bool {
    matches!(raw.map(str::trim), Some("true" | "1" | "yes" | "on"))
}

#[utoipa::path(post, path = "/import/roster", tag = "roster_import",
    summary = "Nhập danh sách Tổ, người, thành viên từ tệp XLSX hoặc CSV (UTF-8) theo mẫu: mỗi dòng vào xã ở cột «Mã xã», để trống thì vào xã ở tham số commune; nhiều xã trong một giao dịch; dry_run=true chỉ kiểm tra; có lỗi thì không ghi gì, ở xã nào cũng vậy; nhập lại cùng tệp không thay đổi gì",
    params(("commune" = Option<String>, Query, description = "Mã xã cho các dòng không ghi «Mã xã»"),
        ("dry_run" = Option<bool>, Query, description = "true: chỉ kiểm tra, không ghi"),
        ("file_name" = Option<String>, Query, description = "Tên tệp, để nhận dạng loại tệp và ghi nhật ký")),
    request_body(content = Vec<u8>, description = "Nội dung tệp XLSX hoặc CSV", content_type = "application/octet-stream"),
    responses((status = 200, description = "Đã nhập (hoặc đã kiểm tra): số dòng, số đã tạo, đã cập nhật", body = antt_store::import::ImportReport),
        (status = 422, description = "Có lỗi: không ghi gì; mọi lỗi theo dòng, cột", body = Rejected),
        (status = 503, response = crate::openapi::Busy)))]
pub async fn roster_post(
    State(app): State<AppState>,
    a: Authed,
    QueryParams(q): QueryParams<ImportQuery>,
    body: Bytes,
) -> Result<Response, AppError> {
    app.store
        .authorize(&a.actor, antt_domain::access::Action::ManageForce)?;
    // Without `commune`, every row must name its own in the "Mã xã" column.
    let commune = match q
        .commune
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(c) => Some(resolve_unit(&app, &a.actor, c).await?),
        None => None,
    };
    let name = q.file_name.as_deref().unwrap_or("tệp tải lên");
    // Each import holds a file's rows in memory: a few at a time, the others told to retry.
    let Ok(_permit) = app.imports.clone().try_acquire_owned() else {
        return Err(AppError::Busy {
            code: "import_busy",
            message: "Đang có nhiều tệp được nhập cùng lúc. Vui lòng thử lại sau ít phút.".into(),
        });
    };
    let report = read_and_import(
        &app.store,
        &a.actor,
        commune,
        name,
        body,
        flag(q.dry_run.as_deref()),
    )
    .await?;
    if report.errors.is_empty() {
        return Ok((StatusCode::OK, Json(report)).into_response());
    }
    // A file that could not be read at all is answered like any other error, with its code at
    // the top; the report keeps it in `errors` too.
    let unreadable = report.errors.iter().find(|e| e.line == 0);
    let body = Rejected {
        error: unreadable.map(|e| e.code.to_string()),
        message: unreadable.map(|e| e.message.clone()),
        report,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response())
}

#[derive(serde::Deserialize, Default)]
pub struct TemplateQuery {
    /// The commune whose teams and villages fill the drop-downs.
    pub commune: Option<String>,
}

#[utoipa::path(get, path = "/import/roster/template", tag = "roster_import",
    summary = "Mẫu nhập (Excel), tên cột tiếng Việt, có trang hướng dẫn; với ?commune= các cột Tên Tổ, Mã thôn có danh sách chọn theo xã",
    params(("commune" = Option<String>, Query, description = "Mã xã: danh sách chọn gồm các Tổ và mã thôn của xã")),
    responses((status = 200, description = "Tệp XLSX", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn template_get(
    State(app): State<AppState>,
    a: Authed,
    crate::input::QueryParams(q): crate::input::QueryParams<TemplateQuery>,
) -> Result<Response, AppError> {
    app.store
        .authorize(&a.actor, antt_domain::access::Action::ViewForce)?;
    let today = app.store.clock().today_vn();
    let mut choices = roster::TemplateChoices::default();
    let mut about = Vec::new();
    if let Some(code) = q
        .commune
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        let commune = crate::api::resolve_unit(&app, &a.actor, code).await?;
        let d = app.store.unit_detail(&a.actor, commune, today).await?;
        if d.level != antt_domain::unit::Level::Commune {
            return Err(antt_domain::FieldError::new(
                "commune",
                antt_domain::FieldErrorKind::from(antt_domain::unit::UnitFault::NotACommune),
            )
            .into());
        }
        choices.communes.push(d.code.clone());
        choices.teams = app
            .store
            .teams(&a.actor, Some(commune), today)
            .await?
            .into_iter()
            .map(|t| t.name)
            .collect();
        choices.villages = d
            .children
            .iter()
            .filter(|v| v.level == antt_domain::unit::Level::Village)
            .map(|v| format!("{} — {}", v.code, v.name))
            .collect();
        about.push(d.current.map(|v| v.name).unwrap_or(d.code));
    }
    let bytes = table::roster_template(&choices)?;
    let mut parts = vec!["mau-nhap-danh-sach-to-bao-ve-antt"];
    parts.extend(about.iter().map(String::as_str));
    Ok(crate::download::attachment(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &crate::download::download_name(&parts, None, "xlsx"),
    ))
}

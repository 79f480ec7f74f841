//! Tiền: the duty log (*sổ trực*) and the monthly payroll (*bảng thanh toán phụ cấp*) — the
//! JSON API, the pages and the files.

pub mod api;
pub mod pages;

/// The capability's operations under `/api/v1` (merged by [`crate::router`]).
pub fn api_routes() -> axum::Router<crate::AppState> {
    use axum::routing::{delete, get, post};
    axum::Router::new()
        .route("/payrolls", get(api::payroll_get))
        .route("/payrolls/rollup", get(api::rollup_get))
        .route("/payrolls/arrears", get(api::arrears_get))
        .route("/payrolls/check", post(api::check_post))
        .route("/payrolls/return", post(api::return_post))
        .route("/payrolls/approve", post(api::approve_post))
        .route("/payrolls/pay", post(api::pay_post))
        .route("/duty-shifts", get(api::shifts_get).post(api::shifts_post))
        .route("/duty-shifts/{id}", delete(api::shift_delete))
}

/// The capability's pages (merged by [`crate::router`]).
pub fn page_routes() -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/payroll", get(pages::payroll_page))
        .route("/payroll/act", post(pages::act_post))
        .route("/duty", get(pages::duty_page).post(pages::duty_post))
        .route("/duty/delete", post(pages::duty_delete_post))
}

/// The capability's part of the API description.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    api::payroll_get,
    api::rollup_get,
    api::arrears_get,
    api::check_post,
    api::return_post,
    api::approve_post,
    api::pay_post,
    api::shifts_get,
    api::shifts_post,
    api::shift_delete
))]
pub struct Doc;

/// The file of a payroll: the sheet as Excel, PDF or Word, named for what it is.
pub(crate) fn payroll_file(
    app: &crate::AppState,
    v: &antt_store::payroll::PayrollView,
    kind: crate::download::FileKind,
) -> Result<axum::response::Response, crate::error::AppError> {
    use crate::download::{FileKind, attachment, download_name};
    use antt_documents::payroll::{PayrollSheet, payroll_document, payroll_xlsx};
    let sheet = PayrollSheet::for_commune(
        &v.commune_name,
        app.store.clock().today_vn(),
        &v.body,
        v.state_label,
        !v.state.locked(),
        v.chairman.as_deref(),
    );
    let bytes = match kind {
        FileKind::Xlsx => payroll_xlsx(&sheet)?,
        FileKind::Pdf => antt_documents::pdf::render(&payroll_document(&sheet))?,
        FileKind::Docx => antt_documents::docx::render(&payroll_document(&sheet))?,
    };
    let month = format!("thang-{:02}-{}", v.body.month.month(), v.body.month.year());
    let name = download_name(
        &["bang-thanh-toan-phu-cap", &v.commune_name, &month],
        None,
        kind.ext(),
    );
    Ok(attachment(bytes, kind.mime(), &name))
}

//! Tiền: the duty log (*sổ trực*) and the monthly payroll (*bảng thanh toán phụ cấp*) — the
//! JSON API, the pages and the files.

pub mod api;
pub mod duty_import;
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
        .route(
            "/duty-shifts/import",
            post(duty_import::import_post)
                .layer(axum::extract::DefaultBodyLimit::max(duty_import::MAX_BYTES)),
        )
        .route("/duty-shifts/template", get(duty_import::template_get))
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
    api::shift_delete,
    duty_import::import_post,
    duty_import::template_get
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

/// An approved month as the Treasury list (Mẫu số 09, PDF) or as a bank's file (CSV in the
/// columns the commune entered for that bank). Refused for a month not approved, a bank with
/// no layout, or a member paid without an account on record.
pub(crate) async fn payees_file(
    app: &crate::AppState,
    a: &crate::auth::Authed,
    commune: antt_domain::unit::UnitId,
    month: antt_domain::payroll::Month,
    format: &str,
    bank: Option<&str>,
) -> Result<axum::response::Response, crate::error::AppError> {
    use crate::download::{attachment, download_name};
    use antt_documents::treasury::{Payees, bank_csv, treasury_document};
    use antt_domain::payroll::bank::BankFault;
    let fault = |field: &'static str, f: BankFault| -> crate::error::AppError {
        antt_domain::FieldError::new(field, antt_domain::FieldErrorKind::from(f)).into()
    };
    let v = app.store.payroll_payees(&a.actor, commune, month).await?;
    let p = Payees::for_commune(
        &v.payroll.commune_name,
        app.store.clock().today_vn(),
        &v.payroll.body,
        &v.accounts,
        &v.details,
        v.payroll.chairman.as_deref(),
    );
    let m = format!("thang-{:02}-{}", month.month(), month.year());
    if format == "treasury" {
        let bytes = antt_documents::pdf::render(&treasury_document(&p))?;
        let name = download_name(
            &["mau-09-kho-bac", &v.payroll.commune_name, &m],
            None,
            "pdf",
        );
        return Ok(attachment(bytes, "application/pdf", &name));
    }
    let layout = antt_domain::payroll::bank::BankLayout::pick(&v.layouts, bank)
        .ok_or_else(|| fault("bank", BankFault::NoLayout))?;
    if !p.missing_accounts().is_empty() {
        return Err(fault("accounts", BankFault::MissingAccounts));
    }
    let bytes = bank_csv(&p, layout);
    let name = download_name(
        &["chi-tra", &layout.bank, &v.payroll.commune_name, &m],
        None,
        "csv",
    );
    Ok(attachment(bytes, "text/csv; charset=utf-8", &name))
}

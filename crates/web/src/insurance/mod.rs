//! Bảo hiểm: a commune's quarterly insurance transfer and the lists for the social insurance
//! office, members' enrolments and bank accounts, the commune's payment details — the JSON API,
//! the pages and the files.

pub mod api;
pub mod pages;

/// The capability's operations under `/api/v1` (merged by [`crate::router`]).
pub fn api_routes() -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/insurance", get(api::quarter_get))
        .route("/insurance/year", get(api::year_get))
        .route("/insurance/rollup", get(api::rollup_get))
        .route("/insurance/advance", post(api::advance_post))
        .route("/insurance/settle", post(api::settle_post))
        .route("/insurance/confirm", post(api::confirm_post))
        .route(
            "/people/{id}/insurance",
            get(api::enrolment_get).put(api::enrolment_put),
        )
        .route(
            "/people/{id}/bank-account",
            get(api::bank_account_get).put(api::bank_account_put),
        )
        .route(
            "/payment-details",
            get(api::payment_get).put(api::payment_put),
        )
        .route("/bank-layouts", axum::routing::put(api::layout_put))
}

/// The capability's pages (merged by [`crate::router`]).
pub fn page_routes() -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/insurance", get(pages::quarter_page))
        .route("/insurance/act", post(pages::act_post))
        .route(
            "/insurance/member",
            get(pages::member_page).post(pages::member_post),
        )
}

/// The capability's part of the API description.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    api::quarter_get,
    api::year_get,
    api::rollup_get,
    api::advance_post,
    api::settle_post,
    api::confirm_post,
    api::enrolment_get,
    api::enrolment_put,
    api::bank_account_get,
    api::bank_account_put,
    api::payment_get,
    api::payment_put,
    api::layout_put
))]
pub struct Doc;

/// The year's settlement paper (PDF, Word); a workbook is not made of it.
pub(crate) fn year_file(
    app: &crate::AppState,
    y: &antt_store::insurance::InsuranceYear,
    kind: crate::download::FileKind,
) -> Result<axum::response::Response, crate::error::AppError> {
    use crate::download::{FileKind, attachment, download_name};
    use antt_documents::insurance::{YearQuarterLine, YearSheet, year_document};
    let sheet = YearSheet::for_commune(
        &y.commune_name,
        app.store.clock().today_vn(),
        y.year,
        y.quarters
            .iter()
            .map(|q| YearQuarterLine {
                quarter: q.quarter.label_vi(),
                state: q.state.label_vi().to_string(),
                advance: q.advance,
                actual: q.actual,
                transferred: q.transferred,
            })
            .collect(),
        y.complete,
        y.illustrative,
        y.chairman.as_deref(),
    );
    let doc = year_document(&sheet);
    let bytes = match kind {
        FileKind::Pdf => antt_documents::pdf::render(&doc)?,
        FileKind::Docx => antt_documents::docx::render(&doc)?,
        FileKind::Xlsx => {
            return Err(antt_domain::FieldError::new(
                "format",
                antt_domain::FieldErrorKind::InvalidChoice {
                    allowed: "pdf, docx",
                },
            )
            .into());
        }
    };
    let name = download_name(
        &[
            "quyet-toan-kinh-phi-bhxh-bhyt",
            &y.commune_name,
            &format!("nam-{}", y.year),
        ],
        None,
        kind.ext(),
    );
    Ok(attachment(bytes, kind.mime(), &name))
}

/// The quarter's file: the transfer paper (PDF, Word) or the workbook with the lists (Excel).
pub(crate) fn quarter_file(
    app: &crate::AppState,
    v: &antt_store::insurance::InsuranceQuarterView,
    kind: crate::download::FileKind,
) -> Result<axum::response::Response, crate::error::AppError> {
    use crate::download::{FileKind, attachment, download_name};
    use antt_documents::insurance::{QuarterSheet, quarter_document, quarter_xlsx};
    use antt_store::insurance::QuarterState;
    let sheet = QuarterSheet::for_commune(
        &v.commune_name,
        app.store.clock().today_vn(),
        &v.body,
        v.state_label,
        matches!(v.state, QuarterState::Settled | QuarterState::Confirmed),
        v.insurance_account.as_deref(),
        v.chairman.as_deref(),
    )
    .with_declarants(&v.declarants);
    let bytes = match kind {
        FileKind::Xlsx => quarter_xlsx(&sheet)?,
        FileKind::Pdf => antt_documents::pdf::render(&quarter_document(&sheet))?,
        FileKind::Docx => antt_documents::docx::render(&quarter_document(&sheet))?,
    };
    let q = format!("quy-{}-{}", v.body.quarter.number(), v.body.quarter.year());
    let name = download_name(
        &["kinh-phi-bhxh-bhyt", &v.commune_name, &q],
        None,
        kind.ext(),
    );
    Ok(attachment(bytes, kind.mime(), &name))
}

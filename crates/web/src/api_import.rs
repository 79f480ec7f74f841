//! `/api/v1/import/roster`: a commune's roster from XLSX or CSV — first a dry run that reports
//! every bad row with its column and reason, then the import in one transaction.

use antt_documents::table;
use antt_domain::roster::{self, COLUMNS, RowError};
use antt_domain::unit::UnitId;
use antt_store::Actor;
use antt_store::import::ImportReport;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::api::resolve_unit;
use crate::auth::Authed;
use crate::error::AppError;
use crate::input::QueryParams;

/// The largest file accepted (a 20,000-row roster is about 3 MB as CSV).
pub const MAX_BYTES: usize = 32 * 1024 * 1024;

/// The template's columns: header, hint, required.
pub fn template_columns() -> Vec<(&'static str, &'static str, bool)> {
    COLUMNS
        .iter()
        .map(|c| (c.header, c.hint, c.required))
        .collect()
}

/// Reads, checks and imports a file. Parse errors and database errors are reported together;
/// with any error (or on a dry run) nothing is written.
pub async fn run_import(
    store: &antt_store::Store,
    actor: &Actor,
    commune: Option<UnitId>,
    file_name: &str,
    bytes: &[u8],
    dry_run: bool,
) -> Result<ImportReport, AppError> {
    store.authorize(actor, antt_domain::access::Action::ManageForce)?;
    let cells = match table::read_table(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Ok(ImportReport {
                dry_run,
                errors: vec![RowError {
                    line: 0,
                    column: "",
                    code: e.code,
                    message: e.message,
                }],
                ..Default::default()
            });
        }
    };
    let (rows, parse_errors) = roster::parse_roster(&cells);
    let source = format!(
        "{} (SHA-256 {})",
        file_name,
        hex::encode(Sha256::digest(bytes))
    );
    let mut report = store
        .import_roster(
            actor,
            commune,
            &rows,
            &source,
            dry_run || !parse_errors.is_empty(),
        )
        .await?;
    report.dry_run = dry_run;
    report.rows += parse_errors.len();
    report.errors.extend(parse_errors);
    report.errors.sort_by_key(|e| e.line);
    Ok(report)
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
    let report = run_import(
        &app.store,
        &a.actor,
        commune,
        name,
        &body,
        flag(q.dry_run.as_deref()),
    )
    .await?;
    let status = if report.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Json(report)).into_response())
}

pub async fn template_get(State(app): State<AppState>, a: Authed) -> Result<Response, AppError> {
    app.store
        .authorize(&a.actor, antt_domain::access::Action::ViewForce)?;
    let bytes = table::template(&template_columns())?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"mau-nhap-danh-sach-to-bao-ve-antt.xlsx\"",
            ),
        ],
        bytes,
    )
        .into_response())
}

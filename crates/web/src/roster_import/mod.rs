//! Importing a commune's roster from XLSX or CSV: the template, the dry run, the import.

pub mod api;

/// The capability's operations under `/api/v1` (merged by [`crate::router`]).
pub fn api_routes() -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route(
            "/import/roster",
            post(crate::roster_import::api::roster_post).layer(
                axum::extract::DefaultBodyLimit::max(crate::roster_import::api::MAX_BYTES),
            ),
        )
        .route(
            "/import/roster/template",
            get(crate::roster_import::api::template_get),
        )
}

/// The capability's part of the API description.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::roster_post, api::template_get))]
pub struct Doc;

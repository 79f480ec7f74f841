//! Dự toán, quyết toán: a commune's estimate or settlement of a year, or a province's (or a
//! historical district's) communes — the JSON API, the page and the workbook.

pub mod api;

/// The capability's operations under `/api/v1` (merged by [`crate::router`]).
pub fn api_routes() -> axum::Router<crate::AppState> {
    use axum::routing::get;
    axum::Router::new().route("/budgets", get(api::budget_get))
}

/// The capability's pages (merged by [`crate::router`]).
pub fn page_routes() -> axum::Router<crate::AppState> {
    use axum::routing::get;
    axum::Router::new().route("/budget", get(api::budget_page))
}

/// The capability's part of the API description.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::budget_get))]
pub struct Doc;

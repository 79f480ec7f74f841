//! Nhật ký: the audit log within the caller's scope — the JSON API and the page.

pub mod api;
pub mod pages;

/// The capability's operations under `/api/v1` (merged by [`crate::router`]).
pub fn api_routes() -> axum::Router<crate::AppState> {
    axum::Router::new().route("/audit", axum::routing::get(crate::audit::api::audit_get))
}

/// The capability's pages (merged by [`crate::router`]).
pub fn page_routes() -> axum::Router<crate::AppState> {
    axum::Router::new().route("/audit", axum::routing::get(crate::audit::pages::audit_get))
}

/// The capability's part of the API description.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::audit_get))]
pub struct Doc;

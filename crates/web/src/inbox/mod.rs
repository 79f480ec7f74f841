//! Việc cần làm: the home page of every role, and `GET /api/v1/inbox` with the same items.

pub mod api;
pub mod pages;

/// The capability's operations under `/api/v1` (merged by [`crate::router`]).
pub fn api_routes() -> axum::Router<crate::AppState> {
    axum::Router::new().route("/inbox", axum::routing::get(crate::inbox::api::inbox_get))
}

/// The capability's pages (merged by [`crate::router`]).
pub fn page_routes() -> axum::Router<crate::AppState> {
    axum::Router::new().route("/", axum::routing::get(crate::inbox::pages::home_get))
}

/// The capability's part of the API description.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::inbox_get))]
pub struct Doc;

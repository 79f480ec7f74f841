//! The announced days off and the working-day calendar.

pub mod api;

/// The capability's operations under `/api/v1` (merged by [`crate::router`]).
pub fn api_routes() -> axum::Router<crate::AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route(
            "/calendar/working-days",
            get(crate::calendar::api::working_days_get),
        )
        .route(
            "/calendar/{id}",
            get(crate::calendar::api::year_get).put(crate::calendar::api::year_put),
        )
}

/// The capability's part of the API description.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::year_get, api::year_put, api::working_days_get))]
pub struct Doc;

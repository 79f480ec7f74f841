//! Đơn vị hành chính: units, their versions through time, village facts and successions — the
//! JSON API and the pages.

pub mod api;
pub mod pages;

/// The capability's operations under `/api/v1` (merged by [`crate::router`]).
pub fn api_routes() -> axum::Router<crate::AppState> {
    use axum::routing::{get, post, put};
    axum::Router::new()
        .route(
            "/units",
            get(crate::units::api::units_get).post(crate::units::api::units_post),
        )
        .route("/units/tree", get(crate::units::api::units_tree_get))
        .route("/units/{id}", get(crate::units::api::unit_get))
        .route(
            "/units/{id}/versions",
            post(crate::units::api::unit_versions_post),
        )
        .route("/units/{id}/facts", put(crate::units::api::unit_facts_put))
        .route(
            "/units/{id}/successors",
            get(crate::units::api::unit_successors_get),
        )
        .route(
            "/units/{id}/rollup",
            get(crate::units::api::unit_rollup_get),
        )
        .route("/successions", post(crate::units::api::successions_post))
}

/// The capability's pages (merged by [`crate::router`]).
pub fn page_routes() -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/units", get(crate::units::pages::units_get))
        .route("/units/{id}", get(crate::units::pages::unit_get))
        .route("/units/{id}/facts", post(crate::units::pages::facts_post))
}

/// The capability's part of the API description.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    api::units_get,
    api::units_post,
    api::units_tree_get,
    api::unit_get,
    api::unit_versions_post,
    api::unit_facts_put,
    api::unit_successors_get,
    api::unit_rollup_get,
    api::successions_post
))]
pub struct Doc;

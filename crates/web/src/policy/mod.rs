//! Policy packs: the rules as data — listing, upload, and the calculators over a resolved policy; the JSON API and the pages.

pub mod api;
pub mod pages;

/// The capability's operations under `/api/v1` (merged by [`crate::router`]).
pub fn api_routes() -> axum::Router<crate::AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route(
            "/policy/packs",
            get(crate::policy::api::packs_get).post(crate::policy::api::packs_post),
        )
        .route("/policy/packs/{id}", get(crate::policy::api::pack_get))
        .route("/policy/rules", get(crate::policy::api::rules_get))
        .route("/policy/gaps", get(crate::policy::api::gaps_get))
        .route("/policy/quota", get(crate::policy::api::quota_get))
        .route(
            "/policy/eligibility",
            get(crate::policy::api::eligibility_get),
        )
        .route("/policy/amounts", get(crate::policy::api::amounts_get))
        .route("/policy/equipment", get(crate::policy::api::equipment_get))
}

/// The capability's pages (merged by [`crate::router`]).
pub fn page_routes() -> axum::Router<crate::AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route(
            "/policy",
            get(crate::policy::pages::policies_get).post(crate::policy::pages::policies_post),
        )
        .route("/policy/gaps", get(crate::policy::pages::gaps_get))
        .route("/policy/{id}", get(crate::policy::pages::policy_get))
}

/// The capability's part of the API description.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    api::packs_get,
    api::packs_post,
    api::pack_get,
    api::rules_get,
    api::gaps_get,
    api::quota_get,
    api::eligibility_get,
    api::amounts_get,
    api::equipment_get
))]
pub struct Doc;

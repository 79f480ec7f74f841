//! Tuyển chọn: selection rounds (Thông tư 14/2024 Đ3–4) — the JSON API and the pages.

pub mod api;
pub mod pages;

/// The capability's operations under `/api/v1` (merged by [`crate::router`]).
pub fn api_routes() -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route(
            "/selection-rounds",
            get(crate::selection::api::rounds_get).post(crate::selection::api::rounds_post),
        )
        .route(
            "/selection-rounds/{id}",
            get(crate::selection::api::round_get),
        )
        .route(
            "/selection-rounds/{id}/steps",
            post(crate::selection::api::step_post),
        )
        .route(
            "/selection-rounds/{id}/applications",
            post(crate::selection::api::applications_post),
        )
        .route(
            "/selection-rounds/{id}/vote",
            post(crate::selection::api::vote_post),
        )
        .route(
            "/selection-rounds/{id}/tie",
            post(crate::selection::api::tie_post),
        )
        .route(
            "/selection-rounds/{id}/proposal",
            post(crate::selection::api::proposal_post),
        )
        .route(
            "/selection-rounds/{id}/decisions",
            post(crate::selection::api::decisions_post),
        )
}

/// The capability's pages (merged by [`crate::router`]).
pub fn page_routes() -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route(
            "/selection",
            get(crate::selection::pages::rounds_get).post(crate::selection::pages::rounds_post),
        )
        .route("/selection/{id}", get(crate::selection::pages::round_get))
        .route(
            "/selection/{id}/steps",
            post(crate::selection::pages::step_post),
        )
        .route(
            "/selection/{id}/applications",
            post(crate::selection::pages::applications_post),
        )
        .route(
            "/selection/{id}/vote",
            post(crate::selection::pages::vote_post),
        )
        .route(
            "/selection/{id}/tie",
            post(crate::selection::pages::tie_post),
        )
        .route(
            "/selection/{id}/proposal",
            post(crate::selection::pages::proposal_post),
        )
        .route(
            "/selection/{id}/decisions",
            post(crate::selection::pages::decisions_post),
        )
        .route("/import", get(crate::selection::pages::import_get))
}

/// The capability's part of the API description.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    api::rounds_get,
    api::rounds_post,
    api::round_get,
    api::step_post,
    api::applications_post,
    api::vote_post,
    api::tie_post,
    api::proposal_post,
    api::decisions_post
))]
pub struct Doc;

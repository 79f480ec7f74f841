//! Lực lượng: teams, people, memberships, decisions, officials — the JSON API, the pages and the member list export.

pub mod api;
pub mod export;
pub mod pages;
pub mod summary;

/// The capability's operations under `/api/v1` (merged by [`crate::router`]).
pub fn api_routes() -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route(
            "/decisions",
            get(crate::force::api::decisions_get).post(crate::force::api::decisions_post),
        )
        .route(
            "/teams",
            get(crate::force::api::teams_get).post(crate::force::api::teams_post),
        )
        .route("/teams/export", get(crate::force::export::members_xlsx_get))
        .route("/teams/{id}", get(crate::force::api::team_get))
        .route(
            "/people",
            get(crate::force::api::people_get).post(crate::force::api::people_post),
        )
        .route(
            "/people/{id}",
            get(crate::force::api::person_get).patch(crate::force::api::person_patch),
        )
        .route(
            "/people/{id}/identity",
            axum::routing::put(crate::force::api::person_identity_put),
        )
        .route("/memberships", post(crate::force::api::memberships_post))
        .route(
            "/memberships/{id}/end",
            post(crate::force::api::membership_end_post),
        )
        .route(
            "/memberships/{id}/change",
            post(crate::force::api::membership_change_post),
        )
        .route(
            "/memberships/{id}/evidence",
            post(crate::force::api::membership_evidence_post),
        )
        .route(
            "/units/{code}/force-summary",
            get(crate::force::summary::summary_get),
        )
        .route(
            "/communes/{id}/overview",
            get(crate::force::api::overview_get),
        )
        .route(
            "/communes/{id}/proposals",
            get(crate::force::api::proposals_get),
        )
        .route(
            "/communes/{id}/health-certificate-validity",
            axum::routing::put(crate::force::api::validity_put),
        )
        .route(
            "/communes/{id}/officials",
            get(crate::force::api::officials_get).post(crate::force::api::officials_post),
        )
}

/// The capability's pages (merged by [`crate::router`]).
pub fn page_routes() -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route(
            "/teams",
            get(crate::force::pages::teams_get).post(crate::force::pages::teams_post),
        )
        .route("/decisions", post(crate::force::pages::decisions_post))
        .route("/force-summary", get(crate::force::summary::summary_page))
        .route("/officials", post(crate::force::pages::officials_post))
        .route("/health-validity", post(crate::force::pages::validity_post))
        .route(
            "/teams/export.xlsx",
            get(crate::force::export::members_file_page),
        )
        .route(
            "/teams/export.pdf",
            get(crate::force::export::members_file_page),
        )
        .route(
            "/teams/export.docx",
            get(crate::force::export::members_file_page),
        )
        .route("/teams/{id}", get(crate::force::pages::team_get))
        .route(
            "/teams/{id}/members",
            post(crate::force::pages::team_members_post),
        )
        .route(
            "/memberships/{id}/end",
            post(crate::force::pages::membership_end_post),
        )
        .route(
            "/people",
            get(crate::force::pages::people_get).post(crate::force::pages::people_post),
        )
        .route(
            "/people/{id}",
            get(crate::force::pages::person_get).post(crate::force::pages::person_post),
        )
        .route(
            "/people/{id}/identity",
            post(crate::force::pages::person_identity_post),
        )
}

/// The capability's part of the API description.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    api::decisions_get,
    api::decisions_post,
    api::teams_get,
    api::teams_post,
    export::members_xlsx_get,
    api::team_get,
    api::people_get,
    api::people_post,
    api::person_get,
    api::person_patch,
    api::person_identity_put,
    api::memberships_post,
    api::membership_end_post,
    api::membership_change_post,
    api::membership_evidence_post,
    summary::summary_get,
    api::overview_get,
    api::proposals_get,
    api::officials_get,
    api::officials_post,
    api::validity_put
))]
pub struct Doc;

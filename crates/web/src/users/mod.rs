//! Tài khoản: logging in and out, the caller, users with their roles and scope, API tokens — the
//! JSON API and the pages (login, account, users).

pub mod account;
pub mod api;
pub mod login;
pub mod pages;

/// The capability's operations under `/api/v1` (merged by [`crate::router`]).
pub fn api_routes() -> axum::Router<crate::AppState> {
    use axum::routing::{delete, get, post};
    axum::Router::new()
        .route(
            "/session",
            post(crate::users::api::session_post).delete(crate::users::api::session_delete),
        )
        .route("/me", get(crate::users::api::me_get))
        .route(
            "/users",
            get(crate::users::api::users_get).post(crate::users::api::users_post),
        )
        .route(
            "/users/{id}",
            get(crate::users::api::user_get).patch(crate::users::api::user_patch),
        )
        .route("/sessions", delete(crate::users::api::sessions_delete))
        .route(
            "/tokens",
            get(crate::users::api::tokens_get).post(crate::users::api::tokens_post),
        )
        .route("/tokens/{id}", delete(crate::users::api::token_delete))
        .route(
            "/users/{id}/tokens",
            get(crate::users::api::user_tokens_get),
        )
}

/// The capability's pages (merged by [`crate::router`]).
pub fn page_routes() -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route(
            "/login",
            get(crate::users::login::login_get).post(crate::users::login::login_post),
        )
        .route("/logout", post(crate::users::login::logout_post))
        .route(
            "/users",
            get(crate::users::pages::users_get).post(crate::users::pages::users_post),
        )
        .route("/users/new", get(crate::users::pages::user_new_get))
        .route(
            "/users/{id}",
            get(crate::users::pages::user_get).post(crate::users::pages::user_post),
        )
        .route("/account", get(crate::users::account::account_get))
        .route("/account/tokens", post(crate::users::account::tokens_post))
        .route(
            "/account/tokens/{id}/revoke",
            post(crate::users::account::token_revoke_post),
        )
        .route(
            "/account/logout-everywhere",
            post(crate::users::account::logout_everywhere_post),
        )
}

/// The capability's part of the API description.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    api::session_post,
    api::session_delete,
    api::sessions_delete,
    api::me_get,
    api::users_get,
    api::users_post,
    api::user_get,
    api::user_patch,
    api::tokens_get,
    api::tokens_post,
    api::token_delete,
    api::user_tokens_get
))]
pub struct Doc;

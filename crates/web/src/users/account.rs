//! Tài khoản: who I am, my scope, and my API tokens for programs.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Authed, ClientAddress, UiAuthed};
use crate::error::{AppError, UiError};
use crate::input::FormBody;
use crate::ui::{form_error, page, vn_date};

async fn account_page(
    app: &AppState,
    a: &Authed,
    new_secret: Option<String>,
    error: Option<AppError>,
) -> Result<Markup, UiError> {
    let tokens = app.store.api_tokens(&a.actor).await?;
    let scope = app
        .store
        .unit_refs(
            &a.actor
                .scope()
                .roots()
                .iter()
                .map(|r| r.0)
                .collect::<Vec<_>>(),
            app.store.clock().today_vn(),
        )
        .await?;
    let error = error.map(|e| e.public());
    Ok(html! {
        h1 { "Tài khoản" }
        dl {
            dt { "Tên đăng nhập" } dd { (a.actor.username()) }
            dt { "Họ và tên" } dd { (a.actor.display_name()) }
            dt { "Vai trò" } dd { (a.actor.roles().iter().map(|r| r.label_vi()).collect::<Vec<_>>().join(", ")) }
            dt { "Phạm vi" } dd {
                @if a.actor.scope().is_all() { "Toàn quốc" }
                @else { @for r in a.actor.scope().roots() { @if let Some(u) = scope.get(&r.0) { (u.name) " (" (u.code) ") " } } }
            }
        }
        h2 { "Khóa API cho phần mềm khác" }
        @if let Some(s) = new_secret {
            div.notice { "Khóa mới (chỉ hiện một lần, hãy lưu lại): " code #new-token { (s) } }
        }
        (form_error(&error))
        @if tokens.is_empty() { p.empty { "Chưa có khóa nào." } } @else {
            ul.tokens { @for t in &tokens { li {
                (t.name) " — tạo ngày " (vn_date(antt_domain::date::today_vn(t.created_at)))
                @if t.revoked { " (đã thu hồi)" } @else {
                    form.inline method="post" action={ "/account/tokens/" (t.id) "/revoke" } {
                        input type="hidden" name="csrf" value=(a.csrf.clone().unwrap_or_default());
                        button type="submit" { "Thu hồi" }
                    }
                }
            } } }
        }
        form method="post" action="/account/tokens" {
            input type="hidden" name="csrf" value=(a.csrf.clone().unwrap_or_default());
            label { "Tên khóa" input name="name" required placeholder="ví dụ: Đồng bộ bảng tính"; }
            button type="submit" { "Tạo khóa" }
        }
        h2 { "Đăng xuất khỏi mọi nơi" }
        p { "Kết thúc mọi phiên đăng nhập của bạn trên mọi máy và thu hồi mọi khóa API, khi nghi lộ mật khẩu hoặc mất máy." }
        form method="post" action="/account/logout-everywhere" {
            input type="hidden" name="csrf" value=(a.csrf.clone().unwrap_or_default());
            button.danger type="submit" { "Đăng xuất khỏi mọi nơi" }
        }
    })
}

/// Revokes one of the user's own tokens and shows the page again.
pub async fn token_revoke_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Response, UiError> {
    app.store
        .revoke_api_token(&a.actor, crate::input::path_id(&id)?)
        .await?;
    Ok(axum::response::Redirect::to("/account").into_response())
}

/// Ends every session and revokes every token, then goes to the login page.
pub async fn logout_everywhere_post(
    State(app): State<AppState>,
    ClientAddress(address): ClientAddress,
    UiAuthed(a): UiAuthed,
) -> Result<Response, UiError> {
    app.store.logout_everywhere(&a.actor, address).await?;
    let cookie = crate::auth::set_cookie(
        crate::auth::SESSION_COOKIE,
        "",
        0,
        app.secure_cookies,
        "Lax",
    );
    Ok((
        [(axum::http::header::SET_COOKIE, cookie)],
        axum::response::Redirect::to("/login"),
    )
        .into_response())
}

pub async fn account_get(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
) -> Result<Response, UiError> {
    let body = account_page(&app, &a, None, None).await?;
    Ok(page("Tài khoản", Some(&a), body).into_response())
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    #[allow(dead_code)]
    csrf: String,
}

pub async fn tokens_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    FormBody(f): FormBody<TokenForm>,
) -> Result<Response, UiError> {
    match app.store.create_api_token(&a.actor, &f.name).await {
        Ok((_, secret)) => Ok(page(
            "Tài khoản",
            Some(&a),
            account_page(&app, &a, Some(secret), None).await?,
        )
        .into_response()),
        Err(e) => {
            let e: AppError = e.into();
            let status = e.public().status;
            Ok((
                status,
                page(
                    "Tài khoản",
                    Some(&a),
                    account_page(&app, &a, None, Some(e)).await?,
                ),
            )
                .into_response())
        }
    }
}

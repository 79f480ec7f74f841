//! Đăng nhập, đăng xuất.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{
    ClientAddress, PRELOGIN_COOKIE, PreloginCsrf, SESSION_COOKIE, UiAuthed, set_cookie,
};
use crate::error::{AppError, PublicError, UiError};
use crate::input::FormBody;
use crate::ui::{UiAuthedOpt, form_error, page};

fn login_page(csrf: &str, username: &str, error: Option<PublicError>) -> maud::Markup {
    page(
        "Đăng nhập",
        None,
        html! {
            section.login {
                h1 { "Đăng nhập" }
                p.lead { "Quản lý lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở" }
                (form_error(&error))
                form method="post" action="/login" {
                    input type="hidden" name="csrf" value=(csrf);
                    label { "Tên đăng nhập" input name="username" value=(username) autocomplete="username" required autofocus; }
                    label { "Mật khẩu" input type="password" name="password" autocomplete="current-password" required; }
                    button type="submit" { "Đăng nhập" }
                }
            }
        },
    )
}

pub async fn login_get(
    State(app): State<AppState>,
    authed: Option<UiAuthedOpt>,
    PreloginCsrf(existing): PreloginCsrf,
) -> Response {
    if authed.is_some() {
        return Redirect::to("/units").into_response();
    }
    let token = match existing {
        Some(t) => t,
        None => match antt_store::users::random_token() {
            Ok(t) => t,
            Err(e) => return UiError(e.into()).into_response(),
        },
    };
    let cookie = set_cookie(PRELOGIN_COOKIE, &token, 3600, app.secure_cookies, "Strict");
    ([(header::SET_COOKIE, cookie)], login_page(&token, "", None)).into_response()
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    #[allow(dead_code)]
    csrf: String,
}

pub async fn login_post(
    State(app): State<AppState>,
    ClientAddress(address): ClientAddress,
    PreloginCsrf(token): PreloginCsrf,
    FormBody(f): FormBody<LoginForm>,
) -> Response {
    match app
        .store
        .login_from(&f.username, &f.password, address)
        .await
    {
        Ok((_, session)) => {
            let cookie = set_cookie(
                SESSION_COOKIE,
                &session.token,
                antt_store::users::SESSION_HOURS * 3600,
                app.secure_cookies,
                "Lax",
            );
            ([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response()
        }
        Err(e) => {
            let err: AppError = e.into();
            let p = err.public();
            if p.status == StatusCode::INTERNAL_SERVER_ERROR {
                return UiError(err).into_response();
            }
            (
                p.status,
                login_page(&token.unwrap_or_default(), &f.username, Some(p)),
            )
                .into_response()
        }
    }
}

pub async fn logout_post(
    State(app): State<AppState>,
    ClientAddress(address): ClientAddress,
    UiAuthed(a): UiAuthed,
) -> Result<Response, UiError> {
    if let Some(t) = &a.session_token {
        app.store.logout(&a.actor, t, address).await?;
    }
    let cookie = set_cookie(SESSION_COOKIE, "", 0, app.secure_cookies, "Lax");
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/login")).into_response())
}

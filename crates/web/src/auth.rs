//! Who is asking: a session cookie (browser) or a bearer token (programs), resolved once per
//! request; and the one CSRF check that guards every state-changing request made with a cookie.

use std::net::{IpAddr, SocketAddr};

use antt_store::Actor;
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::error::{AppError, UiError};
use crate::input::MAX_BODY;

pub const SESSION_COOKIE: &str = "antt_session";
/// Double-submit token for forms sent before there is a session (the login form).
pub const PRELOGIN_COOKIE: &str = "antt_prelogin";

/// How the request proved who it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Session,
    Token,
}

/// The authenticated caller, put in the request by [`authenticate`].
#[derive(Debug, Clone)]
pub struct Authed {
    pub actor: Actor,
    /// The session's CSRF token (none for bearer tokens).
    pub csrf: Option<String>,
    pub session_token: Option<String>,
    pub via: Via,
}

impl<S: Send + Sync> FromRequestParts<S> for Authed {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<Option<Authed>>()
            .cloned()
            .flatten()
            .ok_or(AppError::Unauthenticated)
    }
}

/// The same, for pages: without a session the browser goes to the login page.
pub struct UiAuthed(pub Authed);

impl<S: Send + Sync> FromRequestParts<S> for UiAuthed {
    type Rejection = UiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, UiError> {
        Ok(UiAuthed(Authed::from_request_parts(parts, state).await?))
    }
}

/// The pre-login CSRF value for the login form, when the browser sent one.
pub struct PreloginCsrf(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for PreloginCsrf {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(PreloginCsrf(cookie(&parts.headers, PRELOGIN_COOKIE)))
    }
}

/// Reads one cookie.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

/// A `Set-Cookie` value: HttpOnly, SameSite, and Secure when served over HTTPS.
pub fn set_cookie(
    name: &str,
    value: &str,
    max_age_secs: i64,
    secure: bool,
    same_site: &str,
) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{name}={value}; Path=/; HttpOnly; SameSite={same_site}; Max-Age={max_age_secs}{secure}"
    )
}

/// The token of `Authorization: Bearer …`; the scheme's name is case-insensitive (RFC 9110 §11.1).
fn bearer(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
        .filter(|t| !t.is_empty())
}

/// Where the request came from: the connection's peer, or, when the product is configured to
/// sit behind a reverse proxy, the last address that proxy added to `X-Forwarded-For`.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(client_address(
            parts,
            app.trust_forwarded_for,
        )))
    }
}

fn client_address(parts: &Parts, trust_forwarded_for: bool) -> Option<IpAddr> {
    if trust_forwarded_for
        && let Some(ip) = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<IpAddr>().ok())
            .next_back()
    {
        return Some(ip);
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

fn wants_json(req: &Request) -> bool {
    req.uri().path().starts_with("/api/")
}

fn reject(json: bool, e: AppError) -> Response {
    if json {
        e.into_response()
    } else {
        UiError(e).into_response()
    }
}

/// Resolves the caller and checks CSRF on every POST, PUT, PATCH and DELETE made with a cookie.
pub async fn authenticate(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let json = wants_json(&req);
    let headers = req.headers().clone();
    let authed = if let Some(token) = bearer(&headers) {
        match app.store.token_actor(&token).await {
            Ok(Some(actor)) => Some(Authed {
                actor,
                csrf: None,
                session_token: None,
                via: Via::Token,
            }),
            Ok(None) => return reject(true, AppError::Unauthenticated),
            Err(e) => return reject(json, e.into()),
        }
    } else if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        match app.store.session_actor(&token).await {
            Ok(Some((actor, csrf))) => Some(Authed {
                actor,
                csrf: Some(csrf),
                session_token: Some(token),
                via: Via::Session,
            }),
            Ok(None) => None,
            Err(e) => return reject(json, e.into()),
        }
    } else {
        None
    };
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let mut req = req;
    // Without a session a write can only be a login; anything else is refused with 401 by the
    // handler's extractor, so the CSRF check covers the logins and every cookie-made write.
    let is_login = matches!(req.uri().path(), "/login" | "/api/v1/session");
    let needs_check = match &authed {
        Some(a) => a.via == Via::Session,
        None => is_login,
    };
    if unsafe_method && needs_check {
        let expected = match &authed {
            Some(a) => a.csrf.clone(),
            None => cookie(&headers, PRELOGIN_COOKIE),
        };
        let is_json = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        let is_form = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        let mut provided = headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        if provided.is_none() && is_form {
            let (parts, body) = req.into_parts();
            let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
                return reject(
                    json,
                    AppError::Malformed {
                        code: "body_too_large",
                        message: "Dữ liệu gửi lên quá lớn.".into(),
                    },
                );
            };
            provided = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
                .ok()
                .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "csrf").map(|(_, v)| v));
            req = Request::from_parts(parts, Body::from(bytes));
        }
        // A JSON login carries no cookie yet; a browser cannot send JSON cross-site without CORS.
        let json_login = authed.is_none() && is_json && req.uri().path() == "/api/v1/session";
        let ok = match (&expected, &provided) {
            (Some(e), Some(p)) => constant_time_eq(e.as_bytes(), p.as_bytes()),
            _ => json_login,
        };
        if !ok {
            return reject(json, AppError::Csrf);
        }
    }
    req.extensions_mut().insert(authed);
    next.run(req).await
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

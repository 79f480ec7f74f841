//! HTTP for ANTT Cơ sở: the JSON API under `/api/v1` (described by the generated `openapi.json`), the
//! server-rendered Vietnamese pages, sessions and the CSRF guard.

pub mod api;
pub mod audit;
pub mod auth;
pub mod budget;
pub mod calendar;
pub mod download;
pub mod error;
pub mod force;
pub mod forms;
pub mod inbox;
pub mod input;
pub mod insurance;
pub mod openapi;
pub mod payroll;
pub mod policy;
pub mod roster_import;
pub mod selection;
pub mod ui;
pub mod units;
pub mod users;

use std::sync::Arc;

use antt_store::Store;
use axum::Router;
use axum::http::{StatusCode, header};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::Semaphore;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Mark cookies `Secure` (set when the product is served behind HTTPS).
    pub secure_cookies: bool,
    /// Take the client's address from `X-Forwarded-For` (only behind a reverse proxy that sets
    /// it); otherwise the connection's peer.
    pub trust_forwarded_for: bool,
    /// Roster imports that may run at once: each holds a file's rows in memory.
    pub imports: Arc<Semaphore>,
}

/// How many roster imports run at once.
pub const IMPORTS_AT_ONCE: usize = 2;

impl AppState {
    /// `use_demo_packs` lets demo packs fill the gaps of the packs they name (demo installations
    /// only); the store holds it, and every figure from them is marked MINH HỌA.
    pub fn new(store: Store, secure_cookies: bool, use_demo_packs: bool) -> AppState {
        AppState {
            store: store.with_demo_packs(use_demo_packs),
            secure_cookies,
            trust_forwarded_for: false,
            imports: Arc::new(Semaphore::new(IMPORTS_AT_ONCE)),
        }
    }
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route(
            "/selection-rounds/{id}/forms/{file}",
            get(forms::round_form_get),
        )
        .route("/teams/{id}/forms/{file}", get(forms::team_form_get))
        .route(
            "/memberships/{id}/forms/{file}",
            get(forms::membership_form_get),
        )
        .route("/openapi.json", get(api::openapi_get))
        .merge(inbox::api_routes())
        .merge(units::api_routes())
        .merge(users::api_routes())
        .merge(audit::api_routes())
        .merge(force::api_routes())
        .merge(payroll::api_routes())
        .merge(insurance::api_routes())
        .merge(budget::api_routes())
        .merge(selection::api_routes())
        .merge(policy::api_routes())
        .merge(calendar::api_routes())
        .merge(roster_import::api_routes())
        .fallback(api::not_found);
    Router::new()
        .route("/calendar", get(ui::calendar_get))
        .merge(inbox::page_routes())
        .merge(units::page_routes())
        .merge(users::page_routes())
        .merge(audit::page_routes())
        .merge(force::page_routes())
        .merge(payroll::page_routes())
        .merge(insurance::page_routes())
        .merge(budget::page_routes())
        .merge(selection::page_routes())
        .merge(policy::page_routes())
        .nest("/api/v1", api)
        .route("/healthz", get(healthz_get))
        .route("/assets/{file}", get(asset_get))
        .fallback(ui::not_found)
        .layer(from_fn_with_state(state.clone(), auth::authenticate))
        .layer(from_fn_with_state(state.clone(), demo_band))
        .layer(axum::middleware::from_fn(security_headers))
        .layer(compression())
        .with_state(state)
}

/// The band every page of a demo installation carries: its accounts have a printed password and
/// its figures are made up, so no screen may be taken for a real one.
pub const DEMO_BAND: &str = "MINH HỌA — bản cài đặt trình diễn: tài khoản, địa bàn và số liệu là giả lập, không dùng cho công việc thật.";

/// Puts [`DEMO_BAND`] at the top of every HTML page when the installation is a demo.
async fn demo_band(
    axum::extract::State(app): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !app.store.demo_packs() || !is_html {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    // Pages are tens of kilobytes; anything larger is passed through unmarked rather than held.
    let Ok(bytes) = axum::body::to_bytes(body, 4 * 1024 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
    };
    let html = String::from_utf8_lossy(&bytes);
    let band = format!(r#"<body><div class="demo-band" role="note">{DEMO_BAND}</div>"#);
    let marked = html.replacen("<body>", &band, 1);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(marked))
}

/// Headers on every answer: scripts and styles only from this server (htmx is vendored), no
/// framing, no MIME sniffing, no referrer beyond this origin, and nothing but the vendored
/// assets kept in a cache (pages and JSON carry CCCD numbers and names).
async fn security_headers(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let is_asset = req.uri().path().starts_with("/assets/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: header::HeaderName, value: &'static str| {
        h.insert(name, axum::http::HeaderValue::from_static(value));
    };
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "same-origin");
    if !is_asset {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    res
}

/// Gzip for pages, JSON, CSS and scripts when the browser accepts it: on a slow rural
/// connection a page and htmx arrive in a quarter of the bytes. Files that are already
/// compressed (PDF streams, the zip containers of XLSX and DOCX) are sent as they are.
fn compression() -> tower_http::compression::CompressionLayer<impl Predicate> {
    let predicate = DefaultPredicate::new()
        .and(NotForContentType::const_new("application/pdf"))
        .and(NotForContentType::const_new(
            "application/vnd.openxmlformats",
        ))
        .and(NotForContentType::const_new("application/zip"));
    tower_http::compression::CompressionLayer::new()
        .gzip(true)
        .compress_when(predicate)
}

/// What `/healthz` answers: the server is up and which database it holds.
#[derive(serde::Serialize)]
struct Health {
    status: &'static str,
    database: &'static str,
}

async fn healthz_get(axum::extract::State(app): axum::extract::State<AppState>) -> Response {
    let body = Health {
        status: "ok",
        database: app.store.backend_name(),
    };
    (StatusCode::OK, axum::Json(body)).into_response()
}

const HTMX: &[u8] = include_bytes!("../assets/htmx.min.js");
const CSS: &[u8] = include_bytes!("../assets/app.css");
const IMPORT_JS: &[u8] = include_bytes!("../assets/import.js");
const DATES_JS: &[u8] = include_bytes!("../assets/dates.js");

async fn asset_get(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    let (body, mime) = match file.as_str() {
        "htmx.min.js" => (HTMX, "text/javascript; charset=utf-8"),
        "app.css" => (CSS, "text/css; charset=utf-8"),
        "import.js" => (IMPORT_JS, "text/javascript; charset=utf-8"),
        "dates.js" => (DATES_JS, "text/javascript; charset=utf-8"),
        _ => return (StatusCode::NOT_FOUND, "").into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        body,
    )
        .into_response()
}

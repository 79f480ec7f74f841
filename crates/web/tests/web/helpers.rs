//! `spawn_app()`: a fresh database with the demo loaded, real migrations, real argon2 hashing,
//! served on a free port. One per test and per backend.

use antt_store::{Clock, DbUrl, Store};
use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde_json::Value;

pub const PASSWORD: &str = "antt-demo-2026";

pub struct TestApp {
    pub base: String,
    pub store: Store,
    pub backend: &'static str,
    _dir: Option<tempfile::TempDir>,
}

pub fn fixed_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-30T03:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// A new, empty PostgreSQL database named after a fresh UUID.
async fn pg_store(admin_url: &str) -> Store {
    let name = format!("antt_web_{}", uuid::Uuid::now_v7().simple());
    let url = antt_store::create_postgres_database(&DbUrl::parse(admin_url).unwrap(), &name)
        .await
        .unwrap();
    Store::open(&url, Clock::fixed(fixed_now())).await.unwrap()
}

async fn serve(store: Store, backend: &'static str, dir: Option<tempfile::TempDir>) -> TestApp {
    serve_as(store, backend, dir, true).await
}

/// The demo's data on SQLite, served as an installation that is not a demo (`demo = false`).
pub async fn spawn_non_demo_app() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = DbUrl::sqlite_file(&dir.path().join("antt.db"));
    let store = Store::open(&url, Clock::fixed(fixed_now())).await.unwrap();
    log_backend("sqlite");
    serve_as(store, "sqlite", Some(dir), false).await
}

async fn serve_as(
    store: Store,
    backend: &'static str,
    dir: Option<tempfile::TempDir>,
    demo: bool,
) -> TestApp {
    store.load_demo().await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = antt_web::router(antt_web::AppState::new(store.clone(), false, demo))
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    TestApp {
        base: format!("http://{addr}"),
        store,
        backend,
        _dir: dir,
    }
}

/// Notes which test ran on which backend, when `ANTT_TEST_BACKEND_LOG` names a file (`.ci/run`
/// counts the lines to report how many tests ran on each database).
pub fn log_backend(backend: &str) {
    if let Ok(path) = std::env::var("ANTT_TEST_BACKEND_LOG") {
        use std::io::Write;
        let test = std::thread::current().name().unwrap_or("?").to_string();
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = f.write_all(format!("{backend}\tweb::{test}\n").as_bytes());
        }
    }
}

/// The app on SQLite only (for the browser tests, which check the pages, not the database).
pub async fn spawn_sqlite_app() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = DbUrl::sqlite_file(&dir.path().join("antt.db"));
    let store = Store::open(&url, Clock::fixed(fixed_now())).await.unwrap();
    log_backend("sqlite");
    serve(store, "sqlite", Some(dir)).await
}

/// One app per backend this run tests: SQLite always, PostgreSQL when `ANTT_TEST_PG_URL` is set.
pub async fn spawn_apps() -> Vec<TestApp> {
    let mut apps = vec![spawn_sqlite_app().await];
    if let Ok(pg) = std::env::var("ANTT_TEST_PG_URL") {
        log_backend("postgres");
        apps.push(serve(pg_store(&pg).await, "postgres", None).await);
    }
    apps
}

/// A logged-in API client: the session cookie plus the CSRF token for writes.
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub csrf: String,
}

/// A client that keeps cookies and does not follow redirects, like a browser seen step by step.
pub fn anonymous() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Logs in through `POST /api/v1/session`.
    pub async fn login(&self, username: &str) -> Client {
        self.login_with(username, PASSWORD).await
    }

    pub async fn login_with(&self, username: &str, password: &str) -> Client {
        let http = anonymous();
        let res = http
            .post(self.url("/api/v1/session"))
            .json(&serde_json::json!({ "username": username, "password": password }))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "{}: login {username}",
            self.backend
        );
        let body: Value = res.json().await.unwrap();
        Client {
            http,
            base: self.base.clone(),
            csrf: body["csrf_token"].as_str().unwrap().to_string(),
        }
    }

    /// Every audit row, counted by the database (a page of entries stops at 500, which would
    /// make "nothing written" checks pass whatever happens once the log is longer).
    pub async fn audit_count(&self) -> usize {
        use sea_orm::{ConnectionTrait, Statement};
        let conn = self.store.raw_connection();
        let row = conn
            .query_one_raw(Statement::from_string(
                conn.get_database_backend(),
                "SELECT COUNT(*) AS n FROM audit_log",
            ))
            .await
            .unwrap()
            .unwrap();
        usize::try_from(row.try_get::<i64>("", "n").unwrap()).unwrap()
    }
}

impl Client {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let res = self.http.get(self.url(path)).send().await.unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn get_html(&self, path: &str) -> (StatusCode, String) {
        let res = self.http.get(self.url(path)).send().await.unwrap();
        (res.status(), res.text().await.unwrap())
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let res = self
            .http
            .request(method, self.url(path))
            .header("x-csrf-token", &self.csrf)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let mut pairs: Vec<(&str, &str)> = form.to_vec();
        pairs.push(("csrf", &self.csrf));
        self.http
            .post(self.url(path))
            .form(&pairs)
            .send()
            .await
            .unwrap()
    }
}

/// One space for every run of whitespace, so wrapped lines compare as one.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of a DOCX (`word/document.xml` without its tags), squashed.
pub fn docx_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let xml = xml.replace("</w:p>", " ");
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    squash(
        &out.replace("&amp;", "&")
            .replace("&quot;", "\"")
            .replace("&apos;", "'"),
    )
}

/// The text of a PDF as a reader extracts it, squashed.
pub fn pdf_text(bytes: &[u8]) -> String {
    squash(&pdf_extract::extract_text_from_mem(bytes).unwrap())
}

impl Client {
    /// Downloads a file; panics unless it is served.
    pub async fn download(&self, path: &str) -> Vec<u8> {
        let res = self.http.get(self.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        res.bytes().await.unwrap().to_vec()
    }
}

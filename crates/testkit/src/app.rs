//! The app served on a free port of loopback with real migrations and real argon2 hashing, one
//! per test and per backend, and a logged-in API client.
//!
//! [`spawn_apps`] and friends load the demo first; [`spawn_app`] serves a database the test has
//! already prepared (with [`crate::fixtures`]), as an installation that is not a demo.

use antt_store::Store;
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde_json::Value;

use crate::PASSWORD;
use crate::db::{TestDb, log_backend, sqlite_db, test_dbs_for};

/// The suite the web's tests log under.
pub const WEB: &str = "web";

/// A served app: its address, its store (to look behind the API) and its backend.
pub struct TestApp {
    pub base: String,
    pub store: Store,
    pub backend: &'static str,
    _dir: Option<tempfile::TempDir>,
}

/// One app per backend this run tests: SQLite always, PostgreSQL when `ANTT_TEST_PG_URL` is set;
/// the demo loaded.
pub async fn spawn_apps() -> Vec<TestApp> {
    let mut apps = Vec::new();
    for db in test_dbs_for(WEB).await {
        apps.push(serve(db, true, true).await);
    }
    apps
}

/// The app on SQLite only, the demo loaded (for the browser tests, which check the pages, not
/// the database).
pub async fn spawn_sqlite_app() -> TestApp {
    serve(sqlite_db(WEB).await, true, true).await
}

/// The demo's data on SQLite, served as an installation that is not a demo (`demo = false`).
pub async fn spawn_non_demo_app() -> TestApp {
    serve(sqlite_db(WEB).await, true, false).await
}

/// Fresh, empty databases for [`spawn_app`], one per backend, logged as the web's tests.
pub async fn app_dbs() -> Vec<TestDb> {
    test_dbs_for(WEB).await
}

/// Serves a database as the test prepared it (no demo loaded), as a real installation
/// (`demo = false`).
pub async fn spawn_app(db: TestDb) -> TestApp {
    serve(db, false, false).await
}

async fn serve(db: TestDb, load_demo: bool, demo: bool) -> TestApp {
    let TestDb {
        store,
        backend,
        _dir: dir,
        ..
    } = db;
    if load_demo {
        store.load_demo().await.unwrap();
    }
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

/// Notes a test of the web suite that runs on `backend` without one of the spawns above.
pub fn log_web_backend(backend: &str) {
    log_backend(backend, WEB);
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

    /// Logs a demo account in through `POST /api/v1/session`.
    pub async fn login(&self, username: &str) -> Client {
        self.login_with(username, PASSWORD).await
    }

    pub async fn login_with(&self, username: &str, password: &str) -> Client {
        match Client::login(&self.base, username, password).await {
            Ok(c) => c,
            Err((status, _)) => {
                assert_eq!(status, StatusCode::OK, "{}: login {username}", self.backend);
                unreachable!("a refused login answers another status than 200")
            }
        }
    }

    /// Every audit row, counted by the database (see [`crate::audit_count`]).
    pub async fn audit_count(&self) -> usize {
        crate::audit_count(&self.store).await
    }
}

/// A logged-in API client: the session cookie plus the CSRF token for writes.
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub csrf: String,
}

impl Client {
    /// Logs in at `base` through `POST /api/v1/session`; the status and body of a refusal.
    pub async fn login(
        base: &str,
        username: &str,
        password: &str,
    ) -> Result<Client, (StatusCode, Value)> {
        let http = anonymous();
        let res = http
            .post(format!("{base}/api/v1/session"))
            .json(&serde_json::json!({ "username": username, "password": password }))
            .send()
            .await
            .unwrap();
        let status = res.status();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        if status != StatusCode::OK {
            return Err((status, body));
        }
        Ok(Client {
            http,
            base: base.to_string(),
            csrf: body["csrf_token"].as_str().unwrap().to_string(),
        })
    }

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

    /// Sends a JSON body with the CSRF token.
    pub async fn send(&self, method: Method, path: &str, body: Value) -> (StatusCode, Value) {
        self.send_json(method, path, &body).await
    }

    /// Sends anything serialisable as the JSON body, with the CSRF token.
    pub async fn send_json<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> (StatusCode, Value) {
        let res = self
            .http
            .request(method, self.url(path))
            .header("x-csrf-token", &self.csrf)
            .json(body)
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

    /// Downloads a file; panics unless it is served.
    pub async fn download(&self, path: &str) -> Vec<u8> {
        let res = self.http.get(self.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        res.bytes().await.unwrap().to_vec()
    }
}

// ---- typed calls of the common endpoints -------------------------------------------------------

/// `POST /api/v1/decisions`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DecisionBody {
    /// The commune's code or id.
    pub commune: String,
    pub number: String,
    pub signed_on: String,
    pub signer: String,
    /// `team_establishment`, …
    pub kind: String,
    pub subject: String,
}

/// `POST /api/v1/teams`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TeamBody {
    pub commune: String,
    pub name: String,
    /// Codes or ids of the villages the team covers.
    pub villages: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workplace: Option<String>,
    pub established_on: String,
    /// The id of the establishing decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
}

/// `POST /api/v1/people`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PersonBody {
    pub commune: String,
    pub cccd: String,
    pub full_name: String,
    pub birth_date: String,
    pub sex: String,
    pub ethnicity: String,
    pub residence: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub residence_since: Option<String>,
    pub education: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_certificate_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prior_service: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub household: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub covered_bhxh: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub covered_bhyt: bool,
}

/// `POST /api/v1/memberships`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MembershipBody {
    /// The person's id.
    pub person: String,
    /// The team's id.
    pub team: String,
    /// `leader`, `deputy`, `member`.
    pub role: String,
    /// `selected` when left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    pub start_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub over70_decision: Option<String>,
}

/// The `id` of a `201 Created` answer; panics, with the answer, on anything else.
pub fn created_id((status, body): &(StatusCode, Value)) -> String {
    assert_eq!(*status, StatusCode::CREATED, "{body}");
    body["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {body}"))
        .to_string()
}

/// `?date=…` when there is a date.
fn on(date: Option<&str>) -> String {
    date.map(|d| format!("?date={d}")).unwrap_or_default()
}

impl Client {
    /// `POST /api/v1/decisions`: 201 with the `id`.
    pub async fn create_decision(&self, body: &DecisionBody) -> (StatusCode, Value) {
        self.send_json(Method::POST, "/api/v1/decisions", body)
            .await
    }

    /// `POST /api/v1/teams`: 201 with the `id`.
    pub async fn create_team(&self, body: &TeamBody) -> (StatusCode, Value) {
        self.send_json(Method::POST, "/api/v1/teams", body).await
    }

    /// `POST /api/v1/people`: 201 with the `id`.
    pub async fn create_person(&self, body: &PersonBody) -> (StatusCode, Value) {
        self.send_json(Method::POST, "/api/v1/people", body).await
    }

    /// `POST /api/v1/memberships`: 201 with the `id`.
    pub async fn add_membership(&self, body: &MembershipBody) -> (StatusCode, Value) {
        self.send_json(Method::POST, "/api/v1/memberships", body)
            .await
    }

    /// `GET /api/v1/teams/{id}`, as of `date` (today when `None`).
    pub async fn team(&self, id: &str, date: Option<&str>) -> (StatusCode, Value) {
        self.get(&format!("/api/v1/teams/{id}{}", on(date))).await
    }

    /// `GET /api/v1/communes/{commune}/overview`, as of `date` (today when `None`).
    pub async fn commune_overview(&self, commune: &str, date: Option<&str>) -> (StatusCode, Value) {
        self.get(&format!("/api/v1/communes/{commune}/overview{}", on(date)))
            .await
    }

    /// `GET /api/v1/units/{unit}` (a code or an id), as of `date` (today when `None`).
    pub async fn unit(&self, unit: &str, date: Option<&str>) -> (StatusCode, Value) {
        self.get(&format!("/api/v1/units/{unit}{}", on(date))).await
    }

    /// `GET /api/v1/audit`, the newest `limit` entries (100 when `None`).
    pub async fn audit(&self, limit: Option<usize>) -> (StatusCode, Value) {
        match limit {
            Some(n) => self.get(&format!("/api/v1/audit?limit={n}")).await,
            None => self.get("/api/v1/audit").await,
        }
    }
}

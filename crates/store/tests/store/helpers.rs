//! One fresh database per test: a SQLite file always, and a new PostgreSQL database when
//! `ANTT_TEST_PG_URL` is set (as `.ci/run` does).

use antt_store::{AuditKey, Clock, DbUrl, Store};
use chrono::{DateTime, NaiveDate, Utc};

pub struct TestDb {
    pub store: Store,
    pub backend: &'static str,
    /// Where the database is, to open it again.
    pub url: DbUrl,
    _dir: Option<tempfile::TempDir>,
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn fixed_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-30T03:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// Notes which test ran on which backend, when `ANTT_TEST_BACKEND_LOG` names a file.
pub fn log_backend(backend: &str) {
    if let Ok(path) = std::env::var("ANTT_TEST_BACKEND_LOG") {
        use std::io::Write;
        let test = std::thread::current().name().unwrap_or("?").to_string();
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = f.write_all(format!("{backend}\tstore::{test}\n").as_bytes());
        }
    }
}

/// Every backend this run tests: SQLite always, PostgreSQL when configured.
pub async fn test_dbs() -> Vec<TestDb> {
    dbs_with(None).await
}

/// The same, with every write sealing the audit chain with `key`.
pub async fn sealed_demo_dbs(key: &AuditKey) -> Vec<TestDb> {
    let dbs = dbs_with(Some(key)).await;
    for db in &dbs {
        db.store.load_demo().await.unwrap();
    }
    dbs
}

async fn open(url: &DbUrl, key: Option<&AuditKey>) -> Store {
    match key {
        Some(k) => Store::open_sealed(url, Clock::fixed(fixed_now()), k.clone(), true)
            .await
            .unwrap(),
        None => Store::open(url, Clock::fixed(fixed_now())).await.unwrap(),
    }
}

async fn dbs_with(key: Option<&AuditKey>) -> Vec<TestDb> {
    let mut dbs = Vec::new();
    log_backend("sqlite");
    let dir = tempfile::tempdir().unwrap();
    let url = DbUrl::sqlite_file(&dir.path().join("antt.db"));
    dbs.push(TestDb {
        store: open(&url, key).await,
        backend: "sqlite",
        url,
        _dir: Some(dir),
    });
    if let Ok(pg) = std::env::var("ANTT_TEST_PG_URL") {
        log_backend("postgres");
        let url = pg_database(&pg).await;
        dbs.push(TestDb {
            store: open(&url, key).await,
            backend: "postgres",
            url,
            _dir: None,
        });
    }
    dbs
}

/// A new, empty PostgreSQL database named after a fresh UUID.
pub async fn pg_database(admin_url: &str) -> DbUrl {
    let name = format!("antt_test_{}", uuid::Uuid::now_v7().simple());
    antt_store::create_postgres_database(&DbUrl::parse(admin_url).unwrap(), &name)
        .await
        .unwrap()
}

/// A new, empty PostgreSQL database, opened.
pub async fn pg_store(admin_url: &str) -> Store {
    open(&pg_database(admin_url).await, None).await
}

/// Every backend with the reference units and the demo loaded.
pub async fn demo_dbs() -> Vec<TestDb> {
    let dbs = test_dbs().await;
    for db in &dbs {
        db.store.load_demo().await.unwrap();
    }
    dbs
}

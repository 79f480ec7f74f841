//! One fresh database per test: a SQLite file always, and a new PostgreSQL database when
//! `ANTT_TEST_PG_URL` is set (as `.ci/run` does).
//!
//! Every database made here is noted in the file `ANTT_TEST_BACKEND_LOG` names, one line
//! `{backend}\t{suite}::{test}` each, where the suite is the test crate (`store`, `web`, `cli`);
//! `.ci/run` counts the lines of each backend to show that the tests ran on both.

use antt_store::{AuditKey, Clock, DbUrl, Store};

use crate::fixed_now;

/// A fresh database and its store, open at the fixed clock; the SQLite file lives as long as it.
pub struct TestDb {
    pub store: Store,
    pub backend: &'static str,
    /// Where the database is, to open it again.
    pub url: DbUrl,
    pub(crate) _dir: Option<tempfile::TempDir>,
}

/// The suite the store's tests log under.
pub const STORE: &str = "store";

/// Notes which test of `suite` ran on which backend, when `ANTT_TEST_BACKEND_LOG` names a file.
/// The test is named by its thread, as the test harness names it.
pub fn log_backend(backend: &str, suite: &str) {
    if let Ok(path) = std::env::var("ANTT_TEST_BACKEND_LOG") {
        use std::io::Write;
        let test = std::thread::current().name().unwrap_or("?").to_string();
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = f.write_all(format!("{backend}\t{suite}::{test}\n").as_bytes());
        }
    }
}

/// Every backend this run tests, empty: SQLite always, PostgreSQL when configured (logged as the
/// store's tests).
pub async fn test_dbs() -> Vec<TestDb> {
    test_dbs_for(STORE).await
}

/// The same, logged under another suite (`web`, `cli`).
pub async fn test_dbs_for(suite: &str) -> Vec<TestDb> {
    dbs_with(suite, None).await
}

/// Every backend with the reference units and the demo loaded.
pub async fn demo_dbs() -> Vec<TestDb> {
    let dbs = test_dbs().await;
    for db in &dbs {
        db.store.load_demo().await.unwrap();
    }
    dbs
}

/// Every backend with the demo loaded, every write sealing the audit chain with `key`.
pub async fn sealed_demo_dbs(key: &AuditKey) -> Vec<TestDb> {
    let dbs = dbs_with(STORE, Some(key)).await;
    for db in &dbs {
        db.store.load_demo().await.unwrap();
    }
    dbs
}

/// A fresh, empty SQLite database in a new temporary directory, logged under `suite`.
pub async fn sqlite_db(suite: &str) -> TestDb {
    sqlite_db_with(suite, None).await
}

async fn sqlite_db_with(suite: &str, key: Option<&AuditKey>) -> TestDb {
    log_backend("sqlite", suite);
    let dir = tempfile::tempdir().unwrap();
    let url = DbUrl::sqlite_file(&dir.path().join("antt.db"));
    TestDb {
        store: open(&url, key).await,
        backend: "sqlite",
        url,
        _dir: Some(dir),
    }
}

async fn open(url: &DbUrl, key: Option<&AuditKey>) -> Store {
    match key {
        Some(k) => Store::open_sealed(url, Clock::fixed(fixed_now()), k.clone(), true)
            .await
            .unwrap(),
        None => Store::open(url, Clock::fixed(fixed_now())).await.unwrap(),
    }
}

async fn dbs_with(suite: &str, key: Option<&AuditKey>) -> Vec<TestDb> {
    let mut dbs = vec![sqlite_db_with(suite, key).await];
    if let Ok(pg) = std::env::var("ANTT_TEST_PG_URL") {
        log_backend("postgres", suite);
        let url = pg_database_named(&pg, &format!("antt_{}", pg_prefix(suite))).await;
        dbs.push(TestDb {
            store: open(&url, key).await,
            backend: "postgres",
            url,
            _dir: None,
        });
    }
    dbs
}

/// The name prefix of a suite's PostgreSQL databases (`antt_test_…` for the store's tests, as
/// before; `antt_web_…`, `antt_cli_…` for the others).
fn pg_prefix(suite: &str) -> &str {
    if suite == STORE { "test" } else { suite }
}

/// A new, empty PostgreSQL database named after a fresh UUID (`antt_test_…`).
pub async fn pg_database(admin_url: &str) -> DbUrl {
    pg_database_named(admin_url, "antt_test").await
}

/// A new, empty PostgreSQL database named `{prefix}_{fresh UUID}`.
pub async fn pg_database_named(admin_url: &str, prefix: &str) -> DbUrl {
    let name = format!("{prefix}_{}", uuid::Uuid::now_v7().simple());
    antt_store::create_postgres_database(&DbUrl::parse(admin_url).unwrap(), &name)
        .await
        .unwrap()
}

/// A new, empty PostgreSQL database, opened.
pub async fn pg_store(admin_url: &str) -> Store {
    open(&pg_database(admin_url).await, None).await
}

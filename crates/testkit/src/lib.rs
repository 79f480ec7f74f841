//! Dev-only helpers for the tests of ANTT Cơ sở (`publish = false`; only ever a
//! `[dev-dependencies]` entry of the store, web and cli crates).
//!
//! It is a crate of its own, not a module of the store, because it goes around the product's
//! rules on purpose: it turns on the store's `testkit` feature, which adds `Actor::system` (every
//! right on every unit, for building fixtures and reading back what a test wrote) and
//! `Store::raw_connection` (to count audit rows, tamper with them, or write rows as an older
//! release did). Those bypasses exist only for tests and must never reach the `antt` binary: this
//! crate is not one of the workspace's `default-members`, so `cargo build` and `cargo run` never
//! enable the feature (a `cargo build --workspace` would, since it builds this crate too).
//!
//! - [`db`]: one fresh database per test — a SQLite file always, and a new PostgreSQL database
//!   when `ANTT_TEST_PG_URL` is set — each noted in `ANTT_TEST_BACKEND_LOG` (`.ci/run` counts
//!   the lines per backend).
//! - [`fixtures`]: a province, communes, villages and scoped accounts written through the
//!   store's public use cases, without the demo.
//! - [`migration`]: a database made by the previous release's migrations, for the upgrade test.
//! - `app` (feature `web`): the app served on a free port (`app::TestApp`) and a logged-in
//!   API client (`app::Client`) with typed calls for the common endpoints.
//! - `papers` (feature `web`): the text of a DOCX or PDF the app serves.

// Test support: a failed step should stop the test, with the reason, rather than be handled.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[cfg(feature = "web")]
pub mod app;
pub mod db;
pub mod fixtures;
pub mod migration;
#[cfg(feature = "web")]
pub mod papers;

use antt_store::Store;
use chrono::{DateTime, NaiveDate, Utc};

pub use db::{TestDb, demo_dbs, log_backend, pg_database, pg_store, sealed_demo_dbs, test_dbs};
pub use fixtures::Fixture;
#[cfg(feature = "web")]
pub use papers::{docx_text, pdf_text};

/// The password of every demo account (`data/demo.toml`).
pub const PASSWORD: &str = "antt-demo-2026";

/// A date; panics on an impossible one.
pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The instant every test store's clock stands at: 30/11/2026, 10:00 in Việt Nam.
pub fn fixed_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-30T03:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// One space for every run of whitespace, so wrapped lines compare as one.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every audit row, counted by the database (a page of entries stops at 500, which would make
/// "nothing written" checks pass whatever happens once the log is longer).
pub async fn audit_count(store: &Store) -> usize {
    use sea_orm::{ConnectionTrait, Statement};
    let conn = store.raw_connection();
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

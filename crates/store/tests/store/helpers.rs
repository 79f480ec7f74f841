//! One fresh database per test: a SQLite file always, and a new PostgreSQL database when
//! `ANTT_TEST_PG_URL` is set (as `.ci/run` does). The helpers live in `antt-testkit`.

pub use antt_testkit::db::STORE;
pub use antt_testkit::{TestDb, d, demo_dbs, fixed_now, pg_store, sealed_demo_dbs, test_dbs};

/// Notes which store test ran on which backend, when `ANTT_TEST_BACKEND_LOG` names a file.
pub fn log_backend(backend: &str) {
    antt_testkit::log_backend(backend, STORE);
}

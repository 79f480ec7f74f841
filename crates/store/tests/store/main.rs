//! Store tests: each runs on SQLite, and again on PostgreSQL when `ANTT_TEST_PG_URL` is set.

mod accounts;
mod audit_log;
mod bad_input;
mod helpers;
mod hierarchy;
mod migrations;
mod scope;

//! Store tests: each runs on SQLite, and again on PostgreSQL when `ANTT_TEST_PG_URL` is set.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failed step should stop the test

mod accounts;
mod audit_log;
mod audit_seal;
mod bad_input;
mod budget;
mod corrupt_rows;
mod duty_import;
mod every_write;
mod fixtures;
mod force;
mod helpers;
mod hierarchy;
mod insurance;
mod migrations;
mod national;
mod payroll;
mod scope;
mod security;

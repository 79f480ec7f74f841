//! Web tests: the API and the pages in-process over real HTTP, on SQLite and, when
//! `ANTT_TEST_PG_URL` is set, on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failed step should stop the test

mod api_input;
mod api_scope;
mod auth;
mod browser;
mod calendar;
mod duty_import;
mod fixtures;
mod force;
mod helpers;
mod import;
mod insurance;
mod pages;
mod payroll;
mod policy;
mod security;
mod selection;
mod summary;

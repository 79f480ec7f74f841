//! Web tests: the API and the pages in-process over real HTTP, on SQLite and, when
//! `ANTT_TEST_PG_URL` is set, on PostgreSQL.

mod api_input;
mod api_scope;
mod auth;
mod browser;
mod helpers;
mod pages;

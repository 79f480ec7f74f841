//! `spawn_apps()`: a fresh database with the demo loaded, real migrations, real argon2 hashing,
//! served on a free port. One per test and per backend. The helpers live in `antt-testkit`.

pub use antt_testkit::app::{
    Client, DecisionBody, MembershipBody, PersonBody, TeamBody, TestApp, anonymous, app_dbs,
    created_id, spawn_app, spawn_apps, spawn_non_demo_app, spawn_sqlite_app,
};
pub use antt_testkit::{PASSWORD, docx_text, pdf_text};

//! What can go wrong in the store, typed so the web layer maps each case once.

use antt_domain::FieldError;
use sea_orm::{DbErr, RuntimeErr};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Absent, or outside the actor's scope: the two are never told apart.
    #[error("not found")]
    NotFound,
    /// The actor's roles do not grant the action.
    #[error("forbidden")]
    Forbidden,
    /// Bad input; nothing was written.
    #[error("invalid input: {0}")]
    Invalid(FieldError),
    /// Wrong user name or password, or an inactive account.
    #[error("bad credentials")]
    BadCredentials,
    /// Too many failed logins from this address or for this name; try again after `minutes`
    /// minutes, at `until`.
    #[error("login throttled")]
    Throttled {
        minutes: i64,
        until: chrono::DateTime<chrono::Utc>,
    },
    /// The action needs a session opened with a password, not an API token (creating tokens).
    #[error("needs a session")]
    NeedsSession,
    #[error("configuration: {0}")]
    Config(String),
    /// A stored row failed its own parse: the database holds something the code never writes.
    #[error("corrupt data in {what}: {detail}")]
    Corrupt { what: &'static str, detail: String },
    #[error("database: {0}")]
    Db(#[from] DbErr),
}

impl From<FieldError> for StoreError {
    fn from(e: FieldError) -> Self {
        StoreError::Invalid(e)
    }
}

impl StoreError {
    pub(crate) fn corrupt(what: &'static str, detail: impl ToString) -> StoreError {
        StoreError::Corrupt {
            what,
            detail: detail.to_string(),
        }
    }

    /// SQLSTATE 40001 (serialization failure) and 40P01 (deadlock) on PostgreSQL, BUSY on SQLite,
    /// and a lost race for the next audit sequence number.
    pub fn is_retryable(&self) -> bool {
        let StoreError::Db(
            DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)),
        ) = self
        else {
            return false;
        };
        let sea_orm::sqlx::Error::Database(db) = e.as_ref() else {
            return false;
        };
        let code = db.code().unwrap_or_default();
        let audit_race = code == "23505" && db.message().contains("audit_log")
            || code == "1555" && db.message().contains("audit_log");
        matches!(code.as_ref(), "40001" | "40P01" | "5" | "517" | "6") || audit_race
    }
}

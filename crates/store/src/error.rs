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
    /// The role may do this, but not here: the target belongs to another jurisdiction (another
    /// province's pack, a unit outside the caller's scope). The attempt is in the audit log.
    #[error("outside jurisdiction")]
    OutsideJurisdiction,
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
    /// The policy in force does not give a figure the use case needs; nothing was written.
    #[error("policy gap: {}", .0.message_vi())]
    PolicyGap(antt_domain::policy::PolicyGap),
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

impl From<antt_domain::policy::PolicyGap> for StoreError {
    fn from(g: antt_domain::policy::PolicyGap) -> Self {
        StoreError::PolicyGap(g)
    }
}

/// "08:45 ngày 01/12/2026", in Vietnam's time.
fn vn_time(t: chrono::DateTime<chrono::Utc>) -> String {
    antt_domain::date::local_vn(t)
        .format("%H:%M ngày %d/%m/%Y")
        .to_string()
}

impl StoreError {
    /// The stable code a user (and a script) is given; one per kind of failure. The cause of
    /// an internal failure is logged, never shown.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::NotFound => "not_found",
            StoreError::Forbidden | StoreError::OutsideJurisdiction => "forbidden",
            StoreError::Invalid(e) => e.code(),
            StoreError::BadCredentials => "bad_credentials",
            StoreError::Throttled { .. } => "login_throttled",
            StoreError::NeedsSession => "session_required",
            StoreError::PolicyGap(_) => "policy_gap",
            StoreError::Corrupt { .. } => "corrupt_data",
            StoreError::Config(_) | StoreError::Db(_) => "internal",
        }
    }

    /// The Vietnamese message for a user, the same on a page, in the API and on the command line.
    pub fn message_vi(&self) -> String {
        match self {
            StoreError::NotFound => "Không tìm thấy dữ liệu.".into(),
            StoreError::Forbidden => {
                "Vai trò của bạn không được phép thực hiện thao tác này.".into()
            }
            StoreError::OutsideJurisdiction => "Việc này thuộc thẩm quyền của đơn vị khác, ngoài phạm vi của bạn; chưa ghi gì, và lần thử đã được ghi vào nhật ký.".into(),
            StoreError::Invalid(e) => e.message_vi(),
            StoreError::BadCredentials => "Sai tên đăng nhập hoặc mật khẩu.".into(),
            StoreError::Throttled { minutes, until } => format!(
                "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút (từ {}).",
                vn_time(*until)
            ),
            StoreError::NeedsSession => "Thao tác này cần đăng nhập bằng mật khẩu; không dùng được mã truy cập (API token).".into(),
            StoreError::PolicyGap(g) => g.message_vi(),
            StoreError::Corrupt { .. } => "Dữ liệu lưu trữ bị hỏng ở một bản ghi; chưa ghi gì thêm. Vui lòng báo quản trị viên.".into(),
            StoreError::Config(_) | StoreError::Db(_) => {
                "Lỗi hệ thống, dữ liệu chưa được ghi. Vui lòng thử lại hoặc báo quản trị viên."
                    .into()
            }
        }
    }

    /// A failure of the installation or of stored data, not of the request: logged with its
    /// cause, shown as a 500.
    pub fn is_internal(&self) -> bool {
        matches!(
            self,
            StoreError::Config(_) | StoreError::Corrupt { .. } | StoreError::Db(_)
        )
    }

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

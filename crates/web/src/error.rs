//! One exhaustive map from every error to what the user sees: a status, a stable code and a
//! Vietnamese message. JSON and HTML renderers share it. The cause is logged, never sent.

use antt_domain::FieldError;
use antt_store::StoreError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug)]
pub enum AppError {
    Store(StoreError),
    /// Bad input found at the boundary (query, form or body).
    Invalid(FieldError),
    /// The body could not be read: not UTF-8, not JSON, too large.
    Malformed {
        code: &'static str,
        message: String,
    },
    Unauthenticated,
    Csrf,
    /// A computation needs parameters nobody has entered.
    PolicyGap(antt_domain::policy::PolicyGap),
    /// An uploaded policy pack did not parse.
    InvalidPack(antt_domain::policy::PackError),
    /// A file (XLSX, DOCX, PDF) could not be produced.
    Document(antt_documents::DocumentError),
    /// Too much of one kind of work at once (imports); try again shortly.
    Busy {
        code: &'static str,
        message: String,
    },
}

impl From<antt_documents::DocumentError> for AppError {
    fn from(e: antt_documents::DocumentError) -> Self {
        AppError::Document(e)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        AppError::Store(e)
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Invalid(e)
    }
}

/// What a user is told: a stable code, a Vietnamese message, and the field at fault when there is
/// one.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = Error)]
pub struct PublicError {
    #[serde(skip)]
    pub status: StatusCode,
    /// Mã lỗi ổn định (ví dụ `not_found`, `invalid_date`, `policy_gap`).
    pub error: &'static str,
    /// Thông điệp tiếng Việt cho người dùng.
    pub message: String,
    /// Trường bị lỗi, khi lỗi thuộc về một trường.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    /// For a policy gap: what is missing and where the law sets it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<Vec<antt_domain::policy::Missing>>,
    /// For a malformed pack: the line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl AppError {
    pub fn public(&self) -> PublicError {
        let p = |status, error, message: String| PublicError {
            status,
            error,
            message,
            field: None,
            missing: None,
            line: None,
        };
        match self {
            AppError::Store(StoreError::Invalid(e)) | AppError::Invalid(e) => PublicError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                error: e.code(),
                message: e.message_vi(),
                field: Some(e.field),
                missing: None,
                line: None,
            },
            AppError::PolicyGap(g) | AppError::Store(StoreError::PolicyGap(g)) => PublicError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                error: "policy_gap",
                message: g.message_vi(),
                field: None,
                missing: Some(g.missing.clone()),
                line: None,
            },
            AppError::InvalidPack(e) => PublicError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                error: "invalid_pack",
                message: format!("Gói quy định không hợp lệ ở dòng {}: {}", e.line, e.message),
                field: Some("body"),
                missing: None,
                line: Some(e.line),
            },
            AppError::Busy { code, message } => {
                p(StatusCode::SERVICE_UNAVAILABLE, code, message.clone())
            }
            AppError::Store(e) => p(
                match e {
                    StoreError::NotFound => StatusCode::NOT_FOUND,
                    StoreError::Forbidden
                    | StoreError::OutsideJurisdiction
                    | StoreError::NeedsSession => StatusCode::FORBIDDEN,
                    StoreError::BadCredentials => StatusCode::UNAUTHORIZED,
                    StoreError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
                    StoreError::Invalid(_) | StoreError::PolicyGap(_) => {
                        StatusCode::UNPROCESSABLE_ENTITY
                    }
                    StoreError::Config(_) | StoreError::Corrupt { .. } | StoreError::Db(_) => {
                        StatusCode::INTERNAL_SERVER_ERROR
                    }
                },
                e.code(),
                e.message_vi(),
            ),
            AppError::Document(_) => p(
                StatusCode::INTERNAL_SERVER_ERROR,
                "document_failed",
                "Không tạo được tệp. Vui lòng thử lại hoặc báo quản trị viên.".into(),
            ),
            AppError::Malformed { code, message } => {
                p(StatusCode::BAD_REQUEST, code, message.clone())
            }
            AppError::Unauthenticated => p(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "Bạn cần đăng nhập để tiếp tục.".into(),
            ),
            AppError::Csrf => p(
                StatusCode::FORBIDDEN,
                "csrf",
                "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.".into(),
            ),
        }
    }

    fn log(&self) {
        if let AppError::Document(e) = self {
            tracing::error!(error = %e, "file not produced");
        }
        if let AppError::Store(e) = self
            && e.is_internal()
        {
            tracing::error!(error = ?e, "request failed");
        }
    }
}

/// JSON rendering, for `/api/v1`.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let p = self.public();
        (p.status, axum::Json(&p)).into_response()
    }
}

/// HTML rendering of the same map, for the pages.
#[derive(Debug)]
pub struct UiError(pub AppError);

impl<E: Into<AppError>> From<E> for UiError {
    fn from(e: E) -> Self {
        UiError(e.into())
    }
}

impl IntoResponse for UiError {
    fn into_response(self) -> Response {
        self.0.log();
        if matches!(self.0, AppError::Unauthenticated) {
            return axum::response::Redirect::to("/login").into_response();
        }
        let p = self.0.public();
        let body = crate::ui::error_page(&p);
        (p.status, body).into_response()
    }
}

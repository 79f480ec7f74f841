//! Reading bodies at the boundary: checked UTF-8, JSON or form, with Vietnamese errors that name
//! the field. Nothing past here sees raw bytes.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use crate::error::{AppError, UiError};

/// An id in a path: one that is not a UUID names nothing, so it is `404 not_found` (never a
/// field error: the path is not a form).
pub fn path_id<T: From<uuid::Uuid>>(raw: &str) -> Result<T, AppError> {
    uuid::Uuid::parse_str(raw.trim())
        .map(T::from)
        .map_err(|_| AppError::Store(antt_store::StoreError::NotFound))
}

/// A typed id (`TeamId`, `PersonId`, …) taken from the path's one parameter; anything but a UUID
/// names nothing, so it is `404 not_found`, like an id outside the caller's scope.
pub struct PathId<T>(pub T);

impl<S: Send + Sync, T: From<uuid::Uuid>> axum::extract::FromRequestParts<S> for PathId<T> {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, AppError> {
        let axum::extract::Path(raw) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|_| AppError::Store(antt_store::StoreError::NotFound))?;
        path_id(&raw).map(PathId)
    }
}

/// Largest body accepted.
pub const MAX_BODY: usize = 1024 * 1024;

async fn read_utf8(req: Request) -> Result<Bytes, AppError> {
    let bytes = axum::body::to_bytes(req.into_body(), MAX_BODY)
        .await
        .map_err(|_| AppError::Malformed {
            code: "body_too_large",
            message: format!("Dữ liệu gửi lên quá lớn (tối đa {} KB).", MAX_BODY / 1024),
        })?;
    if std::str::from_utf8(&bytes).is_err() {
        return Err(AppError::Malformed {
            code: "invalid_utf8",
            message: "Dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ.".into(),
        });
    }
    Ok(bytes)
}

fn json_error(e: &serde_json::Error) -> AppError {
    let text = e.to_string();
    let field = text.split('`').nth(1).unwrap_or("");
    let label = antt_domain::error::field_label_vi(field);
    let message = if text.starts_with("missing field") {
        format!("Thiếu trường «{label}» ({field}).")
    } else if text.starts_with("unknown field") {
        format!("Trường «{field}» không được hỗ trợ.")
    } else if text.starts_with("invalid type") || text.starts_with("invalid value") {
        format!("Sai kiểu dữ liệu ở dòng {}, cột {}.", e.line(), e.column())
    } else {
        format!(
            "Dữ liệu JSON không hợp lệ ở dòng {}, cột {}.",
            e.line(),
            e.column()
        )
    };
    AppError::Malformed {
        code: "invalid_json",
        message,
    }
}

/// A JSON body, read and checked before parsing.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, AppError> {
        let bytes = read_utf8(req).await?;
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| json_error(&e))
    }
}

/// A form body (`application/x-www-form-urlencoded`), read and checked before parsing.
pub struct FormBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for FormBody<T> {
    type Rejection = UiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, UiError> {
        let bytes = read_utf8(req).await?;
        // Percent-encoded bytes decode lossily; a replacement character means they were not UTF-8.
        if form_urlencoded_has_bad_utf8(&bytes) {
            return Err(UiError(AppError::Malformed {
                code: "invalid_utf8",
                message: "Dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ.".into(),
            }));
        }
        serde_urlencoded::from_bytes(&bytes)
            .map(FormBody)
            .map_err(|_| {
                UiError(AppError::Malformed {
                    code: "invalid_form",
                    message: "Biểu mẫu gửi lên không hợp lệ.".into(),
                })
            })
    }
}

fn form_urlencoded_has_bad_utf8(bytes: &[u8]) -> bool {
    let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes) else {
        return false;
    };
    pairs
        .iter()
        .any(|(k, v)| k.contains('\u{FFFD}') || v.contains('\u{FFFD}'))
}

/// Query-string parameters, parsed with a Vietnamese error instead of the framework's.
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> axum::extract::FromRequestParts<S> for QueryParams<T> {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, AppError> {
        let q = parts.uri.query().unwrap_or("");
        serde_urlencoded::from_str(q)
            .map(QueryParams)
            .map_err(|_| AppError::Malformed {
                code: "invalid_query",
                message: "Tham số trên địa chỉ không hợp lệ.".into(),
            })
    }
}

/// A non-negative whole number given as a JSON number or a string ("1.250").
pub fn count_value(
    field: &'static str,
    v: &Option<serde_json::Value>,
) -> Result<Option<u32>, antt_domain::FieldError> {
    use antt_domain::{FieldError, FieldErrorKind};
    match v {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::Number(n)) => n
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .map(Some)
            .ok_or(FieldError::new(field, FieldErrorKind::InvalidNumber)),
        Some(serde_json::Value::String(s)) => antt_domain::unit::parse_count(field, s),
        Some(_) => Err(FieldError::new(field, FieldErrorKind::InvalidNumber)),
    }
}

/// A form field's value (the first with that name), or "" when the form has none.
pub fn pair<'a>(f: &'a [(String, String)], key: &str) -> &'a str {
    f.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// A query value that must be given: trimmed, refused as `required` when blank.
pub fn required<'a>(field: &'static str, v: Option<&'a str>) -> Result<&'a str, AppError> {
    v.map(str::trim).filter(|s| !s.is_empty()).ok_or_else(|| {
        antt_domain::FieldError::new(field, antt_domain::FieldErrorKind::Required).into()
    })
}

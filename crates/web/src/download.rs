//! Files the product hands out: their names say what they are (the paper, the unit, the team,
//! round or person, the date), in ASCII so every browser and every office PC keeps them.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;

use crate::error::AppError;

/// The kinds of file the product hands out, by their extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Xlsx,
    Pdf,
    Docx,
}

impl FileKind {
    pub fn parse(ext: &str) -> Result<FileKind, AppError> {
        match ext {
            "xlsx" => Ok(FileKind::Xlsx),
            "pdf" => Ok(FileKind::Pdf),
            "docx" => Ok(FileKind::Docx),
            _ => Err(AppError::Store(antt_store::StoreError::NotFound)),
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Pdf => "application/pdf",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        }
    }

    pub fn ext(self) -> &'static str {
        match self {
            FileKind::Xlsx => "xlsx",
            FileKind::Pdf => "pdf",
            FileKind::Docx => "docx",
        }
    }
}

/// A download's name from what it is: `["danh-sach-thanh-vien", "Xã Ia Tơi"]` and a date give
/// `danh-sach-thanh-vien-xa-ia-toi-01-08-2025.xlsx`.
pub fn download_name(parts: &[&str], date: Option<NaiveDate>, ext: &str) -> String {
    let mut words: Vec<String> = parts
        .iter()
        .map(|p| antt_domain::text::slug(p))
        .filter(|p| !p.is_empty())
        .collect();
    if let Some(d) = date {
        words.push(d.format("%d-%m-%Y").to_string());
    }
    format!("{}.{ext}", words.join("-"))
}

/// The file as an attachment named `name` (ASCII, made by [`download_name`]).
pub fn attachment(bytes: Vec<u8>, mime: &str, name: &str) -> Response {
    let safe: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        .collect();
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{safe}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

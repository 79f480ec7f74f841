//! Files users already work with: spreadsheets of lists (and, later, the official forms as DOCX
//! and PDF). Data in, bytes out; nothing here reads a database.

pub mod xlsx;

/// A file could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("spreadsheet: {0}")]
    Xlsx(String),
}

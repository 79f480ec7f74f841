//! Files users already work with: spreadsheets of lists, and official papers as DOCX and PDF.
//! Data in, bytes out; nothing here reads a database, a file or the network (the PDF fonts are
//! built into the binary).
//!
//! * [`roster`] and [`xlsx`]: the member list to print and sign, as a document and as a workbook.
//! * [`official`]: an administrative document as data, in the layout of NĐ 30/2020/NĐ-CP.
//! * [`docx`] and [`pdf`]: a [`official::Document`] as a `.docx` or a `.pdf` file.
//! * [`forms`]: the forms of Thông tư 14/2024/TT-BCA (Mẫu 01, 02, 04–08) as documents.

pub mod budget;
mod compose;
pub mod docx;
mod fonts;
pub mod forms;
pub mod insurance;
pub mod official;
pub mod payroll;
pub mod pdf;
pub mod roster;
pub mod table;
pub mod treasury;
pub mod xlsx;

/// A file could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("spreadsheet: {0}")]
    Xlsx(String),
    #[error("word document: {0}")]
    Docx(String),
    #[error("pdf: {0}")]
    Pdf(String),
    #[error("font: {0}")]
    Font(String),
}

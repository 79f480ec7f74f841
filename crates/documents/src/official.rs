//! An official Vietnamese administrative document as data, in the layout of Nghị định
//! 30/2020/NĐ-CP (Phụ lục I): the two-column header, the type and summary, the legal bases, the
//! body, *Nơi nhận* and the signature block. [`crate::docx::render`] and [`crate::pdf::render`]
//! turn a [`Document`] into a file.
//!
//! What is prescribed and what is composed:
//! * **Prescribed by NĐ 30/2020** (read in a public copy of Phụ lục I): A4 portrait, landscape
//!   allowed for a paper whose body is a table not split into an appendix (Mẫu 05, 06); Times New
//!   Roman; margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm (we use 20/20/30/15 mm);
//!   the header columns; the sizes and styles of each element (Quốc hiệu bold 12, Tiêu ngữ bold 13
//!   underlined over its whole length, issuing agency bold with a short rule, place and date
//!   italic, "Nơi nhận:" bold italic 12 with recipients at 11, signing authority bold upper);
//!   leading zeros for days below 10 and months 1–2; page numbers centred in the top margin from
//!   page 2.
//! * **Composed**: spacing between elements, the widths of the header columns (42 % / 58 %), the
//!   space left for the signature, table borders and their text size (12 pt, 11 pt when a table
//!   has nine columns or more), and how dotted blanks are drawn.

use chrono::{Datelike, NaiveDate};

/// Where and when a document is made: "Ia Tơi, ngày 05 tháng 01 năm 2026".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceDate {
    /// The place name (địa danh), e.g. "Ia Tơi". Empty prints "…".
    pub place: String,
    /// `None` prints blanks: "ngày … tháng … năm …".
    pub date: Option<NaiveDate>,
}

impl PlaceDate {
    pub fn new(place: impl Into<String>, date: Option<NaiveDate>) -> PlaceDate {
        PlaceDate {
            place: place.into(),
            date,
        }
    }

    /// "Ia Tơi, ngày 05 tháng 01 năm 2026".
    pub fn text(&self) -> String {
        let place = if self.place.trim().is_empty() {
            "…"
        } else {
            self.place.trim()
        };
        format!("{place}, {}", date_words(self.date))
    }
}

/// "ngày 05 tháng 01 năm 2026" (NĐ 30/2020: a day below 10 and the months 1 and 2 take a leading
/// zero, the other months do not: "ngày 15 tháng 3 năm 2026"). `None` gives the blanks
/// "ngày … tháng … năm …".
pub fn date_words(date: Option<NaiveDate>) -> String {
    match date {
        Some(d) => {
            let month = if d.month() <= 2 {
                format!("{:02}", d.month())
            } else {
                d.month().to_string()
            };
            format!("ngày {:02} tháng {month} năm {}", d.day(), d.year())
        }
        None => "ngày … tháng … năm …".to_string(),
    }
}

/// A document number with its symbol: `(5, "QĐ-UBND")` → "05/QĐ-UBND" (numbers below 10 take a
/// leading zero).
pub fn document_number(number: u32, symbol: &str) -> String {
    format!("{number:02}/{symbol}")
}

/// The header's left column and the place and date under the national motto.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Letterhead {
    /// Cơ quan chủ quản, printed upper case, not bold (e.g. "Công an tỉnh Quảng Ngãi").
    pub governing: Option<String>,
    /// Cơ quan ban hành, printed upper case, bold, with a short rule under it.
    pub issuer: String,
    /// The full number and symbol, e.g. "15/QĐ-UBND".
    pub number: Option<String>,
    /// The symbol alone, e.g. "QĐ-UBND": used when `number` is `None` to print the blank
    /// "Số:        /QĐ-UBND" for a number given at signing. With neither, no "Số:" line.
    pub symbol: Option<String>,
    /// Place and date, italic, under the motto. `None` prints no date line.
    pub dated: Option<PlaceDate>,
}

impl Letterhead {
    /// The "Số: …" line, if any.
    pub fn number_line(&self) -> Option<String> {
        match (&self.number, &self.symbol) {
            (Some(n), _) if !n.trim().is_empty() => Some(format!("Số: {}", n.trim())),
            (_, Some(s)) if !s.trim().is_empty() => Some(format!("Số:        /{}", s.trim())),
            _ => None,
        }
    }
}

/// A signature block: "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH" / (space to sign) / the name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signature {
    /// A place and date above the authority, as on a citizen's application.
    pub dated: Option<PlaceDate>,
    /// "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"… Printed upper case, bold.
    pub prefix: Option<String>,
    /// "CHỦ TỊCH", "NGƯỜI LÀM ĐƠN"… Printed upper case, bold.
    pub title: String,
    /// An italic hint under the title, e.g. "(Ký, ghi rõ họ tên)".
    pub note: Option<String>,
    /// The signer's name, bold. Empty leaves the line blank to be written by hand.
    pub name: String,
}

/// A table column: header text, relative width, and whether its cells are centred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub header: String,
    pub width: u16,
    pub center: bool,
}

impl Column {
    pub fn new(header: impl Into<String>, width: u16, center: bool) -> Column {
        Column {
            header: header.into(),
            width,
            center,
        }
    }
}

/// A bordered table with one header row, repeated on every page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub columns: Vec<Column>,
    /// One `Vec` of cell texts per row; a missing cell is empty.
    pub rows: Vec<Vec<String>>,
}

/// One element of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Body text: justified, first line indented 1.27 cm.
    Paragraph(String),
    /// "Điều 1." in bold, then the text.
    Article {
        label: String,
        text: String,
    },
    /// A bold centred line, e.g. "QUYẾT ĐỊNH:".
    Heading(String),
    /// A bold section heading at the paragraph indent, e.g. "I. THÀNH PHẦN THAM DỰ".
    Section(String),
    /// Italic text, e.g. an instruction or a remark.
    Note(String),
    /// "Label: value", or "Label: ……" dotted to the end of the line when the value is missing.
    Field {
        label: String,
        value: Option<String>,
    },
    Table(Table),
}

impl Block {
    /// A [`Block::Field`] whose empty value prints as a dotted blank.
    pub fn field(label: impl Into<String>, value: &str) -> Block {
        let value = value.trim();
        Block::Field {
            label: label.into(),
            value: (!value.is_empty()).then(|| value.to_string()),
        }
    }
}

/// An administrative document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// `None` for a citizen's paper: only the national name and motto, centred.
    pub letterhead: Option<Letterhead>,
    /// The type, e.g. "QUYẾT ĐỊNH" (bold, centred, upper case as given).
    pub title: String,
    /// Trích yếu, e.g. "Về việc thành lập Tổ bảo vệ an ninh, trật tự…" (bold, centred, ruled).
    pub summary: Option<String>,
    /// The issuing authority above the bases, e.g. "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ IA TƠI".
    pub authority: Option<String>,
    /// "Kính gửi: …": one addressee on one centred line, several as a list.
    pub addressee: Vec<String>,
    /// Legal bases, italic, one a paragraph (each given with its closing ";" or ".").
    pub bases: Vec<String>,
    pub blocks: Vec<Block>,
    /// Nơi nhận, without the dash; ";" is added to each but the last, which gets ".". The last
    /// is conventionally "Lưu: VT, …".
    pub recipients: Vec<String>,
    /// One signature sits on the right, beside Nơi nhận; two or more sit side by side (e.g.
    /// minutes signed by the secretary on the left and the chair on the right).
    pub signatures: Vec<Signature>,
    /// Printed on A4 landscape: for lists whose many columns would wrap every name in portrait.
    pub landscape: bool,
}

impl Document {
    /// The title of the file (document properties): type and summary.
    pub fn file_title(&self) -> String {
        match &self.summary {
            Some(s) => format!("{} {}", self.title, s),
            None => self.title.clone(),
        }
    }
}

/// Upper case for Vietnamese text ("Ủy ban nhân dân xã Ia Tơi" → "ỦY BAN NHÂN DÂN XÃ IA TƠI").
/// The part of a paper another office signs when it receives it (the Treasury, the social
/// insurance office): a heading and two signatures, the officer's and the head's with the seal.
pub fn receiving_office(heading: &str, officer: &str, head: &str) -> [Block; 2] {
    [
        Block::Section(heading.to_string()),
        Block::Table(Table {
            columns: vec![Column::new(officer, 20, true), Column::new(head, 20, true)],
            rows: vec![vec![
                "(Ký, ghi rõ họ tên)\n\n\n".into(),
                "(Ký, ghi rõ họ tên, đóng dấu)\n\n\n".into(),
            ]],
        }),
    ]
}

pub fn upper(s: &str) -> String {
    s.to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_zero_for_days_below_ten_and_months_one_and_two_only() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(date_words(d(2026, 1, 5)), "ngày 05 tháng 01 năm 2026");
        assert_eq!(date_words(d(2026, 2, 28)), "ngày 28 tháng 02 năm 2026");
        assert_eq!(date_words(d(2026, 3, 9)), "ngày 09 tháng 3 năm 2026");
        assert_eq!(date_words(d(2026, 12, 31)), "ngày 31 tháng 12 năm 2026");
        assert_eq!(date_words(None), "ngày … tháng … năm …");
        assert_eq!(
            PlaceDate::new("Ia Tơi", d(2026, 1, 5)).text(),
            "Ia Tơi, ngày 05 tháng 01 năm 2026"
        );
        assert_eq!(document_number(5, "QĐ-UBND"), "05/QĐ-UBND");
    }

    #[test]
    fn a_missing_number_prints_a_blank_before_the_symbol() {
        let mut lh = Letterhead {
            symbol: Some("QĐ-UBND".into()),
            ..Letterhead::default()
        };
        assert_eq!(lh.number_line().as_deref(), Some("Số:        /QĐ-UBND"));
        lh.number = Some("15/QĐ-UBND".into());
        assert_eq!(lh.number_line().as_deref(), Some("Số: 15/QĐ-UBND"));
        lh.number = None;
        lh.symbol = None;
        assert_eq!(lh.number_line(), None);
    }
}

//! Tables users bring: the first sheet of an XLSX workbook or a CSV file (UTF-8), read into rows
//! of text cells, and the import template they fill in.
//!
//! Cells come back as the user sees them: dates as `yyyy-mm-dd`, whole numbers without `.0`.
//! Excel drops the leading zero of a CCCD typed into a number cell; the template formats that
//! column as text, and the roster parser restores an 11-digit number.
//!
//! An upload is hostile until read: every input is bounded before it is read (the `MAX_*`
//! constants below), and a file past a bound is refused with a [`TableError`] saying which. The
//! workbook reader is our own (`table/xlsx_read.rs`), streaming and bounded, in place of
//! calamine's, which allocated a grid of whatever extent a sheet claimed.

use rust_xlsxwriter::{Format, Note, Workbook};

use crate::DocumentError;

mod entry;
mod excel;
mod sheet;
mod xlsx_read;

/// The most rows a table may have: a valued cell below row 50,000 of the sheet, or a 50,001st
/// CSV record, refuses the file (`too_many_rows`). A province's roster is far smaller.
pub const MAX_ROWS: usize = 50_000;

/// The most columns: a valued cell right of column 64 (`BL`) refuses the file
/// (`too_many_columns`); the import template has 24. Empty cells beyond it are not kept.
pub const MAX_COLUMNS: usize = 64;

/// The longest cell, in characters: Excel's own limit (`cell_too_long`).
pub const MAX_CELL_CHARS: usize = 32_767;

/// The most text all the cells of a workbook may hold together, in bytes
/// (`spreadsheet_too_large`): one shared string may be used by many cells.
pub const MAX_TABLE_TEXT_BYTES: usize = 64 << 20;

/// The largest the first sheet's XML may inflate to (`spreadsheet_too_large`).
pub const MAX_SHEET_XML_BYTES: u64 = 96 << 20;

/// The largest `xl/sharedStrings.xml` may inflate to (`spreadsheet_too_large`).
pub const MAX_SHARED_STRINGS_BYTES: u64 = 48 << 20;

/// The largest the other parts read (`_rels/.rels`, the workbook, its relationships,
/// `styles.xml`) may inflate to, each (`spreadsheet_too_large`).
pub const MAX_PART_BYTES: u64 = 4 << 20;

/// The most bytes the parts read may inflate to together (`spreadsheet_too_large`).
pub const MAX_INFLATED_BYTES: u64 = 128 << 20;

/// The most entries a workbook's archive may have (`spreadsheet_too_large`), checked on the
/// central directory's own count before the archive is opened.
pub const MAX_ZIP_ENTRIES: usize = 1_000;

/// An entry that inflates past [`ZIP_BOMB_MIN_BYTES`] and to more than this many times its
/// compressed size is a zip bomb (`spreadsheet_too_large`).
pub const ZIP_BOMB_RATIO: u64 = 200;

/// Below this many inflated bytes an entry is never taken for a zip bomb.
pub const ZIP_BOMB_MIN_BYTES: u64 = 1 << 20;

/// The most bytes of XML one event may span — a text node, a run of whitespace, a tag, a
/// comment (`malformed_spreadsheet`, or `cell_too_long` inside a cell). The XML reader holds a
/// whole event in memory; this bounds it. A cell at [`MAX_CELL_CHARS`] fits, escaped or not.
pub const MAX_XML_RUN_BYTES: usize = 256 << 10;

/// The most bytes a cell's text may take before its `_xHHHH_` escapes are decoded and it is
/// trimmed (seven bytes per character at worst); past it the cell is too long.
const RAW_CELL_BYTES: usize = 8 * MAX_CELL_CHARS;

/// Why a table could not be read; the message is for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TableError {
    pub code: &'static str,
    pub message: String,
}

fn table_error(code: &'static str, message: impl Into<String>) -> TableError {
    TableError {
        code,
        message: message.into(),
    }
}

fn malformed() -> TableError {
    table_error(
        "malformed_spreadsheet",
        "Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc không đúng định dạng.",
    )
}

/// `malformed_spreadsheet`, saying what is wrong.
fn malformed_because(what: &str) -> TableError {
    table_error(
        "malformed_spreadsheet",
        format!("Không đọc được tệp Excel (.xlsx): {what}."),
    )
}

/// `cell_too_long` for the cell named `cell` (`B7`).
fn cell_too_long(cell: &str) -> TableError {
    table_error(
        "cell_too_long",
        format!(
            "Ô {cell} dài quá {} ký tự.",
            thousands(MAX_CELL_CHARS as u64)
        ),
    )
}

/// A number as Vietnamese writes it: `50.000`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Reads a roster file as uploaded or given on the command line: the size is bounded before
/// anything is read (`roster::MAX_FILE_BYTES`), then the cells with the reader's own bounds.
/// CPU work: run it off the async workers.
pub fn read_roster_file(name: &str, bytes: &[u8]) -> antt_domain::roster::RosterFile {
    use antt_domain::roster::{MAX_FILE_BYTES, RosterFile, Unreadable};
    use sha2::{Digest, Sha256};
    let cells = if bytes.len() > MAX_FILE_BYTES {
        Err(Unreadable {
            code: "file_too_large",
            message: format!(
                "Tệp quá lớn (tối đa {} MB).",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        })
    } else {
        read_table(bytes).map_err(|e| Unreadable {
            code: e.code,
            message: e.message,
        })
    };
    RosterFile {
        name: name.to_string(),
        sha256: hex::encode(Sha256::digest(bytes)),
        cells,
    }
}

/// Reads a workbook (by its ZIP signature) or else a CSV file.
pub fn read_table(bytes: &[u8]) -> Result<Vec<Vec<String>>, TableError> {
    if bytes.is_empty() {
        return Err(table_error("empty_file", "Tệp rỗng."));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        xlsx_read::read_xlsx(bytes)
    } else {
        read_csv(bytes)
    }
}

/// RFC 4180 CSV: quoted fields may hold the separator, quotes (doubled) and line breaks. The
/// separator is `,` or `;` (Excel in a Vietnamese locale writes `;`), whichever the header has.
/// At most [`MAX_ROWS`] records, [`MAX_COLUMNS`] non-empty fields and [`MAX_CELL_CHARS`]
/// characters a field.
fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, TableError> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        table_error(
            "csv_not_utf8",
            "Tệp CSV phải lưu dạng UTF-8 (trong Excel: Lưu thành → CSV UTF-8).",
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or("");
    let sep = if first_line.matches(';').count() > first_line.matches(',').count() {
        ';'
    } else {
        ','
    };
    let mut csv = Csv::default();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if quoted {
            match ch {
                '"' if chars.peek() == Some(&'"') => {
                    csv.push('"')?;
                    chars.next();
                }
                '"' => quoted = false,
                c => csv.push(c)?,
            }
            continue;
        }
        match ch {
            '"' if csv.field.is_empty() => quoted = true,
            c if c == sep => csv.end_field()?,
            '\r' => {}
            '\n' => csv.end_record()?,
            c => csv.push(c)?,
        }
    }
    if quoted {
        return Err(table_error(
            "malformed_csv",
            "Tệp CSV sai định dạng: có dấu ngoặc kép chưa đóng.",
        ));
    }
    if !csv.field.is_empty() || !csv.row.is_empty() {
        csv.end_record()?;
    }
    Ok(csv.rows)
}

/// The records of a CSV file so far, each bound checked as it is reached.
#[derive(Default)]
struct Csv {
    rows: Vec<Vec<String>>,
    row: Vec<String>,
    /// The fields of the current record, empty ones past [`MAX_COLUMNS`] included.
    fields: usize,
    field: String,
    field_chars: usize,
}

impl Csv {
    fn push(&mut self, c: char) -> Result<(), TableError> {
        self.field_chars += 1;
        if self.field_chars > MAX_CELL_CHARS {
            return Err(table_error(
                "cell_too_long",
                format!(
                    "Dòng {}, cột {} dài quá {} ký tự.",
                    self.rows.len() + 1,
                    self.fields + 1,
                    thousands(MAX_CELL_CHARS as u64)
                ),
            ));
        }
        self.field.push(c);
        Ok(())
    }

    fn end_field(&mut self) -> Result<(), TableError> {
        self.fields += 1;
        self.field_chars = 0;
        let field = std::mem::take(&mut self.field);
        if self.fields <= MAX_COLUMNS {
            self.row.push(field);
        } else if !field.is_empty() {
            return Err(table_error(
                "too_many_columns",
                format!(
                    "Dòng {} có dữ liệu ở cột {}: tệp chỉ được có tối đa {MAX_COLUMNS} cột.",
                    self.rows.len() + 1,
                    self.fields
                ),
            ));
        }
        Ok(())
    }

    fn end_record(&mut self) -> Result<(), TableError> {
        self.end_field()?;
        if self.rows.len() >= MAX_ROWS {
            return Err(table_error(
                "too_many_rows",
                format!(
                    "Tệp có quá nhiều dòng: chỉ được có tối đa {} dòng.",
                    thousands(MAX_ROWS as u64)
                ),
            ));
        }
        self.rows.push(std::mem::take(&mut self.row));
        self.fields = 0;
        Ok(())
    }
}

/// A column of the import template: its header, how to fill it, whether it is required, and
/// the values it takes from a list (a drop-down in Excel). A `strict` list refuses anything
/// else as it is typed; a loose one (a team's name: a new team is allowed) only warns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateColumn {
    pub header: String,
    pub hint: String,
    pub required: bool,
    pub choices: Vec<String>,
    pub strict: bool,
}

/// The roster's import template with `choices` in its drop-downs (the columns of
/// [`antt_domain::roster::COLUMNS`], the fixed lists beside the commune's teams and villages).
pub fn roster_template(
    choices: &antt_domain::roster::TemplateChoices,
) -> Result<Vec<u8>, DocumentError> {
    let columns: Vec<TemplateColumn> = antt_domain::roster::template_columns_with(choices)
        .into_iter()
        .map(|(header, hint, required, choices, strict)| TemplateColumn {
            header: header.to_string(),
            hint: hint.to_string(),
            required,
            choices,
            strict,
        })
        .collect();
    template(
        &columns,
        "Mỗi dòng của trang «Danh sách» là một người trong một Tổ. Các cột có danh mục (trang «Danh mục») chọn được bằng mũi tên trong ô. Nhập thử (kiểm tra) trước: mọi dòng sai được báo theo số dòng và tên cột, chưa ghi gì. Nhập lại cùng một tệp không làm thay đổi dữ liệu.",
    )
}

/// The duty log's import template: a row per shift ([`antt_domain::payroll::duty_import`]),
/// the commune's teams and the kinds of shift in drop-downs, every column text-formatted (a
/// time typed 22:00 stays 22:00, a CCCD keeps its zero).
pub fn duty_template(teams: &[String]) -> Result<Vec<u8>, DocumentError> {
    use antt_domain::payroll::DutyKind;
    use antt_domain::payroll::duty_import::DUTY_COLUMNS;
    let columns: Vec<TemplateColumn> = DUTY_COLUMNS
        .iter()
        .map(|c| {
            let (choices, strict) = match c.field {
                "team" => (teams.to_vec(), true),
                "kind" => (
                    DutyKind::ALL
                        .iter()
                        .map(|k| k.label_vi().to_string())
                        .collect(),
                    true,
                ),
                "hazardous" => (vec!["Có".to_string(), "Không".to_string()], true),
                _ => (Vec::new(), false),
            };
            TemplateColumn {
                header: c.header.to_string(),
                hint: c.hint.to_string(),
                required: c.required,
                choices,
                strict,
            }
        })
        .collect();
    template(
        &columns,
        "Mỗi dòng của trang «Danh sách» là một ca trực hoặc tuần tra của một Tổ, với những người có mặt. Nhập thử (kiểm tra) trước: mọi dòng sai được báo theo số dòng và tên cột, chưa ghi gì. Khi không còn lỗi, cả tệp được ghi trong một lần. Nhập lại cùng một tệp không làm thay đổi sổ trực. Tháng đã duyệt bảng thanh toán thì không nhập thêm ca được.",
    )
}

/// How many rows of the template carry the drop-downs.
pub const TEMPLATE_ROWS: u32 = 2_000;

/// The import template: the sheet «Danh sách» with the headers (each with its hint as a note,
/// wide enough to read, text-formatted so a CCCD keeps its zero), a drop-down on every column
/// that takes a list, the lists on the sheet «Danh mục», and the sheet «Hướng dẫn».
pub fn template(columns: &[TemplateColumn], about: &str) -> Result<Vec<u8>, DocumentError> {
    use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Formula};
    let e = |x: rust_xlsxwriter::XlsxError| DocumentError::Xlsx(x.to_string());
    let mut wb = Workbook::new();
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::VerticalCenter)
        .set_background_color("#DDEBF7");
    let text = Format::new().set_num_format("@");
    let ws = wb.add_worksheet();
    ws.set_name("Danh sách").map_err(e)?;
    ws.set_row_height(0, 48).map_err(e)?;
    let mut list_col: u16 = 0;
    for (i, c) in columns.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        ws.write_string_with_format(0, col, &c.header, &bold)
            .map_err(e)?;
        // Wide enough to read the header on two lines.
        let chars = c.header.chars().count();
        let width = (chars.div_ceil(2) + 4).clamp(12, 30) as f64;
        ws.set_column_width(col, width).map_err(e)?;
        ws.set_column_format(col, &text).map_err(e)?;
        let note = format!("{}{}", if c.required { "Bắt buộc. " } else { "" }, c.hint);
        if !note.trim().is_empty() {
            ws.insert_note(0, col, &Note::new(note).set_author("ANTT Cơ sở"))
                .map_err(e)?;
        }
        if !c.choices.is_empty() {
            let letter = excel_column(list_col);
            let last = c.choices.len() + 1;
            let mut v = DataValidation::new()
                .allow_list_formula(Formula::new(format!(
                    "='Danh mục'!${letter}$2:${letter}${last}"
                )))
                .set_error_message("Giá trị này không có trong danh mục của cột.")
                .map_err(e)?;
            if !c.strict {
                v = v.set_error_style(DataValidationErrorStyle::Information);
            }
            ws.add_data_validation(1, col, TEMPLATE_ROWS, col, &v)
                .map_err(e)?;
            list_col += 1;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(e)?;
    let lists = wb.add_worksheet();
    lists.set_name("Danh mục").map_err(e)?;
    for (at, c) in (0_u16..).zip(columns.iter().filter(|c| !c.choices.is_empty())) {
        lists
            .write_string_with_format(0, at, &c.header, &bold)
            .map_err(e)?;
        lists.set_column_width(at, 28).map_err(e)?;
        for (r, v) in c.choices.iter().enumerate() {
            let row = u32::try_from(r + 1).unwrap_or(u32::MAX);
            lists.write_string(row, at, v).map_err(e)?;
        }
    }
    let help = wb.add_worksheet();
    help.set_name("Hướng dẫn").map_err(e)?;
    help.write_string_with_format(0, 0, "Cột", &bold)
        .map_err(e)?;
    help.write_string_with_format(0, 1, "Bắt buộc", &bold)
        .map_err(e)?;
    help.write_string_with_format(0, 2, "Cách ghi", &bold)
        .map_err(e)?;
    help.set_column_width(0, 26).map_err(e)?;
    help.set_column_width(2, 90).map_err(e)?;
    for (i, c) in columns.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        help.write_string(r, 0, &c.header).map_err(e)?;
        help.write_string(r, 1, if c.required { "Có" } else { "" })
            .map_err(e)?;
        help.write_string(r, 2, &c.hint).map_err(e)?;
    }
    let last = u32::try_from(columns.len() + 2).unwrap_or(u32::MAX);
    help.write_string(last, 0, about).map_err(e)?;
    wb.save_to_buffer().map_err(e)
}

/// "A", "B", …, "Z", "AA": a column's letters.
fn excel_column(mut n: u16) -> String {
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + u8::try_from(n % 26).unwrap_or(0)));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_quotes_semicolons_bom_and_crlf() {
        let t = read_table(
            "\u{feff}Tên;Ghi chú\r\n\"Tổ 1; thôn A\";\"nói \"\"có\"\"\"\r\nB;\r\n".as_bytes(),
        )
        .unwrap_or_default();
        assert_eq!(
            t,
            vec![
                vec!["Tên".to_string(), "Ghi chú".to_string()],
                vec!["Tổ 1; thôn A".to_string(), "nói \"có\"".to_string()],
                vec!["B".to_string(), String::new()],
            ]
        );
    }

    #[test]
    fn a_csv_not_in_utf8_or_with_an_open_quote_is_refused_with_a_reason() {
        // "Tổ" in Windows-1258 is not valid UTF-8.
        let e = read_table(&[b'T', 0xD4, 0xD2, b'\n']).err().map(|e| e.code);
        assert_eq!(e, Some("csv_not_utf8"));
        let e = read_table(b"a,\"b\n").err().map(|e| e.code);
        assert_eq!(e, Some("malformed_csv"));
        let e = read_table(b"PK\x03\x04garbage").err().map(|e| e.code);
        assert_eq!(e, Some("malformed_spreadsheet"));
    }
}

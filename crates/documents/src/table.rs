//! Tables users bring: the first sheet of an XLSX workbook or a CSV file (UTF-8), read into rows
//! of text cells, and the import template they fill in.
//!
//! Cells come back as the user sees them: dates as `yyyy-mm-dd`, whole numbers without `.0`.
//! Excel drops the leading zero of a CCCD typed into a number cell; the template formats that
//! column as text, and the roster parser restores an 11-digit number.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{Format, Note, Workbook};

use crate::DocumentError;

/// The most rows read from one file (a province's roster is far smaller).
pub const MAX_ROWS: usize = 200_000;

/// Why a table could not be read; the message is for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TableError {
    pub code: &'static str,
    pub message: String,
}

fn table_error(code: &'static str, message: &str) -> TableError {
    TableError {
        code,
        message: message.to_string(),
    }
}

/// Reads a workbook (by its ZIP signature) or else a CSV file.
pub fn read_table(bytes: &[u8]) -> Result<Vec<Vec<String>>, TableError> {
    if bytes.is_empty() {
        return Err(table_error("empty_file", "Tệp rỗng."));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)
    } else {
        read_csv(bytes)
    }
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.chars().take(10).collect(),
        Data::Error(_) => String::new(),
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, TableError> {
    let bad = || {
        table_error(
            "malformed_spreadsheet",
            "Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc không đúng định dạng.",
        )
    };
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).map_err(|_| bad())?;
    let first = wb.sheet_names().first().cloned().ok_or_else(bad)?;
    let range = wb.worksheet_range(&first).map_err(|_| bad())?;
    if range.height() > MAX_ROWS {
        return Err(table_error("too_many_rows", "Tệp có quá nhiều dòng."));
    }
    Ok(range
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect())
}

/// RFC 4180 CSV: quoted fields may hold the separator, quotes (doubled) and line breaks. The
/// separator is `,` or `;` (Excel in a Vietnamese locale writes `;`), whichever the header has.
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
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if quoted {
            match ch {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match ch {
            '"' if field.is_empty() => quoted = true,
            c if c == sep => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                if rows.len() > MAX_ROWS {
                    return Err(table_error("too_many_rows", "Tệp có quá nhiều dòng."));
                }
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(table_error(
            "malformed_csv",
            "Tệp CSV sai định dạng: có dấu ngoặc kép chưa đóng.",
        ));
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

/// The import template: the header row in bold with a note on each column saying what to type,
/// every column formatted as text (so a CCCD keeps its leading zero), and a sheet of instructions.
pub fn template(columns: &[(&str, &str, bool)]) -> Result<Vec<u8>, DocumentError> {
    let e = |x: rust_xlsxwriter::XlsxError| DocumentError::Xlsx(x.to_string());
    let mut wb = Workbook::new();
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DDEBF7");
    let text = Format::new().set_num_format("@");
    let ws = wb.add_worksheet();
    ws.set_name("Danh sách").map_err(e)?;
    for (i, (header, hint, required)) in columns.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        ws.write_string_with_format(0, col, *header, &bold)
            .map_err(e)?;
        ws.set_column_width(col, 18).map_err(e)?;
        ws.set_column_format(col, &text).map_err(e)?;
        let note = format!("{}{}", if *required { "Bắt buộc. " } else { "" }, hint);
        if !note.trim().is_empty() {
            ws.insert_note(0, col, &Note::new(note).set_author("ANTT Cơ sở"))
                .map_err(e)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(e)?;
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
    for (i, (header, hint, required)) in columns.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        help.write_string(r, 0, *header).map_err(e)?;
        help.write_string(r, 1, if *required { "Có" } else { "" })
            .map_err(e)?;
        help.write_string(r, 2, *hint).map_err(e)?;
    }
    let last = u32::try_from(columns.len() + 2).unwrap_or(u32::MAX);
    help.write_string(
        last,
        0,
        "Mỗi dòng của trang «Danh sách» là một người trong một Tổ. Nhập thử (kiểm tra) trước: mọi dòng sai được báo theo số dòng và tên cột, chưa ghi gì. Nhập lại cùng một tệp không làm thay đổi dữ liệu.",
    )
    .map_err(e)?;
    wb.save_to_buffer().map_err(e)
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

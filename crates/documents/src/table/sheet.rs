//! The cells of a worksheet streamed into rows of text.
//!
//! Only a cell that holds a value takes room: an empty styled cell at `XFD1048576`, an empty
//! `<row r="1048576">` or a `<dimension ref="A1:XFD1048576"/>` allocate nothing. A valued cell
//! past [`MAX_ROWS`] or [`MAX_COLUMNS`] refuses the file before anything is allocated for it,
//! so the grid is never larger than 50,000 × 64 cells, and its text never more than
//! [`MAX_TABLE_TEXT_BYTES`] (a shared string may be used by many cells).
//!
//! The rows returned are those of calamine's `worksheet_range` (the reader this replaced): from
//! the first row to the last that has a valued cell, and from the leftmost such column to the
//! rightmost, every row as wide as the widest.

use std::io::Read;

use quick_xml::events::Event;

use super::entry::{Text, Xml, attr};
use super::excel::{
    cell_name, number_text, parse_cell_ref, serial_date, serial_time, unescape_excel,
};
use super::xlsx_read::{Shared, SharedStrings};
use super::{
    MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, MAX_TABLE_TEXT_BYTES, RAW_CELL_BYTES, TableError,
    cell_too_long, malformed, malformed_because, table_error, thousands,
};

/// What the workbook tells about the sheet's cells.
pub(super) struct Context<'a> {
    pub(super) strings: &'a SharedStrings,
    /// By style index (`s`): whether the cell's number format shows a date.
    pub(super) dates: &'a [bool],
    pub(super) is_1904: bool,
}

/// The attributes of a `<c>`.
struct CellTag {
    r: Option<String>,
    t: Option<String>,
    s: Option<String>,
}

/// What one event of `<sheetData>` means here.
enum Tag {
    Row(Option<String>),
    Cell(CellTag),
    RowEnd,
    SheetDataEnd,
    Other,
}

/// The rows of the sheet: see the module documentation.
pub(super) fn read_sheet<R: Read>(
    xml: &mut Xml<R>,
    cx: &Context<'_>,
) -> Result<Vec<Vec<String>>, TableError> {
    if !find_sheet_data(xml)? {
        return Ok(Vec::new());
    }
    let mut grid = Grid::default();
    // The running position, for cells without an `r` (calamine's rule).
    let (mut row, mut col) = (0u32, 0u32);
    loop {
        match next_tag(xml)? {
            Tag::Row(Some(r)) => row = row_index(&r)?,
            Tag::Row(None) | Tag::Other => {}
            Tag::RowEnd => (row, col) = (row.saturating_add(1), 0),
            Tag::SheetDataEnd => break,
            Tag::Cell(tag) => {
                let at = match tag.r.as_deref() {
                    Some(r) => parse_cell_ref(r).ok_or_else(malformed)?,
                    None => (row, col),
                };
                col = at.1.saturating_add(1);
                let name = cell_name(at.0, at.1);
                let value = read_cell(xml, &tag, &name, cx).map_err(|e| {
                    if xml.run_too_long() {
                        cell_too_long(&name)
                    } else {
                        e
                    }
                })?;
                if let Some(value) = value {
                    grid.put(at, value)?;
                }
            }
        }
    }
    Ok(grid.into_rows())
}

/// Reads up to `<sheetData>`; false for a part without one (a chart sheet reads as empty).
fn find_sheet_data<R: Read>(xml: &mut Xml<R>) -> Result<bool, TableError> {
    let mut any = false;
    loop {
        match xml.next()? {
            Event::Start(e) if e.local_name().as_ref() == "sheetData" => return Ok(true),
            Event::Start(_) => any = true,
            Event::Eof if any => return Ok(false),
            Event::Eof => return Err(malformed()),
            _ => {}
        }
    }
}

fn next_tag<R: Read>(xml: &mut Xml<R>) -> Result<Tag, TableError> {
    Ok(match xml.next()? {
        Event::Start(e) => match e.local_name().as_ref() {
            "row" => Tag::Row(attr(&e, "r")?),
            "c" => Tag::Cell(CellTag {
                r: attr(&e, "r")?,
                t: attr(&e, "t")?,
                s: attr(&e, "s")?,
            }),
            _ => Tag::Other,
        },
        Event::End(e) => match e.local_name().as_ref() {
            "row" => Tag::RowEnd,
            "sheetData" => Tag::SheetDataEnd,
            _ => Tag::Other,
        },
        Event::Eof => return Err(malformed()),
        _ => Tag::Other,
    })
}

/// The 0-based index of a row's `r` (`5`, or a reference such as `A5`).
fn row_index(r: &str) -> Result<u32, TableError> {
    let digits = r.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    super::excel::parse_row_number(digits).ok_or_else(malformed)
}

/// The value of the cell just opened, read to its `</c>`: `None` when it holds none (calamine's
/// `Empty`). Of `<v>`, `<is>` and `<f>` the last one counts, as in calamine; a formula's cached
/// value is its `<v>`.
fn read_cell<R: Read>(
    xml: &mut Xml<R>,
    tag: &CellTag,
    name: &str,
    cx: &Context<'_>,
) -> Result<Option<String>, TableError> {
    let mut value = None;
    loop {
        let child = match xml.next()? {
            Event::Start(e) => e.local_name().as_ref().to_string(),
            Event::End(e) if e.local_name().as_ref() == "c" => return Ok(value),
            Event::Eof => return Err(malformed()),
            _ => continue,
        };
        value = match child.as_str() {
            "v" => match xml.element_text("v", RAW_CELL_BYTES)? {
                Text::Kept(raw) => cell_value(raw, tag, name, cx)?,
                Text::TooLong => return Err(cell_too_long(name)),
            },
            "is" => match xml.string_item("is", RAW_CELL_BYTES)? {
                Text::Kept(s) => Some(checked(s, name)?),
                Text::TooLong => return Err(cell_too_long(name)),
            },
            other => {
                // A formula (whose text is not needed) or an extension: read past it.
                xml.element_text(other, 0)?;
                if other == "f" { None } else { value }
            }
        };
    }
}

/// A `<v>` as the user sees it, by the cell's type `t` and, for numbers, its style `s`.
fn cell_value(
    raw: String,
    tag: &CellTag,
    name: &str,
    cx: &Context<'_>,
) -> Result<Option<String>, TableError> {
    Ok(match tag.t.as_deref() {
        Some("inlineStr" | "is") => None,
        Some("s") if raw.is_empty() => None,
        Some("s") => Some(shared(raw.trim(), name, cx)?),
        Some("b") => match raw.trim() {
            "" => None,
            v if v == "0" || v.eq_ignore_ascii_case("false") => Some("FALSE".to_string()),
            v if v == "1" || v.eq_ignore_ascii_case("true") => Some("TRUE".to_string()),
            _ => return Err(malformed()),
        },
        Some("d") => Some(raw.chars().take(10).collect()),
        Some("e") => Some(String::new()),
        Some("str") => Some(checked(unescape_excel(&raw), name)?),
        Some("n") | None if raw.is_empty() => None,
        Some("n") | None => match raw.parse::<f64>() {
            // A time alone (a duty log's 22:00) is a serial below one day: its hours and minutes.
            Ok(f) if is_date_style(tag.s.as_deref(), cx) && f > 0.0 && f < 1.0 => {
                Some(serial_time(f))
            }
            Ok(f) if is_date_style(tag.s.as_deref(), cx) => Some(serial_date(f, cx.is_1904)),
            Ok(f) => Some(number_text(f)),
            // Without a type, text that is not a number is text.
            Err(_) if tag.t.is_none() => Some(checked(raw, name)?),
            Err(_) => return Err(malformed()),
        },
        Some(_) => return Err(malformed()),
    })
}

fn is_date_style(s: Option<&str>, cx: &Context<'_>) -> bool {
    let Some(s) = s else { return false };
    let index = s.trim().parse::<usize>().unwrap_or(0);
    cx.dates.get(index).copied().unwrap_or(false)
}

fn shared(index: &str, name: &str, cx: &Context<'_>) -> Result<String, TableError> {
    let Ok(i) = index.parse::<usize>() else {
        return Err(malformed());
    };
    match cx.strings.get(i) {
        Shared::Text(s) => Ok(s.to_string()),
        Shared::TooLong => Err(cell_too_long(name)),
        Shared::Missing => Err(malformed_because(&format!(
            "ô {name} trỏ tới chuỗi số {i} không có trong bảng chuỗi dùng chung của tệp"
        ))),
    }
}

/// A text value no longer than [`MAX_CELL_CHARS`].
fn checked(s: String, name: &str) -> Result<String, TableError> {
    if s.chars().count() > MAX_CELL_CHARS {
        return Err(cell_too_long(name));
    }
    Ok(s)
}

/// The valued cells so far, by absolute position; rows and cells are only as long as needed.
#[derive(Default)]
struct Grid {
    rows: Vec<Vec<String>>,
    /// The first and last row and column that hold a value.
    rows_used: Option<(usize, usize)>,
    cols_used: Option<(usize, usize)>,
    text_bytes: usize,
}

impl Grid {
    /// Puts a value, refusing a cell out of bounds before anything is allocated for it.
    fn put(&mut self, (row, col): (u32, u32), value: String) -> Result<(), TableError> {
        let (r, c) = (row as usize, col as usize);
        if c >= MAX_COLUMNS {
            return Err(table_error(
                "too_many_columns",
                format!(
                    "Ô {} nằm ngoài vùng dữ liệu: tệp chỉ được có tối đa {MAX_COLUMNS} cột.",
                    cell_name(row, col)
                ),
            ));
        }
        if r >= MAX_ROWS {
            return Err(table_error(
                "too_many_rows",
                format!(
                    "Ô {} nằm ngoài vùng dữ liệu: tệp chỉ được có tối đa {} dòng.",
                    cell_name(row, col),
                    thousands(MAX_ROWS as u64)
                ),
            ));
        }
        self.text_bytes = self.text_bytes.saturating_add(value.len());
        if self.text_bytes > MAX_TABLE_TEXT_BYTES {
            return Err(table_error(
                "spreadsheet_too_large",
                format!(
                    "Tệp Excel quá lớn: nội dung các ô cộng lại vượt quá {} MiB.",
                    MAX_TABLE_TEXT_BYTES >> 20
                ),
            ));
        }
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        if let Some(line) = self.rows.get_mut(r) {
            if line.len() <= c {
                line.resize_with(c + 1, String::new);
            }
            if let Some(cell) = line.get_mut(c) {
                *cell = value;
            }
        }
        self.rows_used = Some(widen(self.rows_used, r));
        self.cols_used = Some(widen(self.cols_used, c));
        Ok(())
    }

    fn into_rows(self) -> Vec<Vec<String>> {
        let (Some((first_row, _)), Some((first_col, last_col))) = (self.rows_used, self.cols_used)
        else {
            return Vec::new();
        };
        self.rows
            .into_iter()
            .skip(first_row)
            .map(|mut line| {
                line.resize_with(last_col + 1, String::new);
                line.drain(..first_col);
                line
            })
            .collect()
    }
}

fn widen(span: Option<(usize, usize)>, at: usize) -> (usize, usize) {
    span.map_or((at, at), |(lo, hi)| (lo.min(at), hi.max(at)))
}

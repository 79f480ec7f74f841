//! Danh sách thành viên as an Excel workbook of two sheets:
//!
//! * **Danh sách** — the list to print and sign, as [`crate::roster::roster_document`] lays it
//!   out: the NĐ 30/2020 header, the title and "Tính đến ngày", the members team by team with a
//!   count under each team and in all, the place and date and the signature block. A4
//!   landscape, one page wide, the header row repeated on every page, the print area set.
//! * **Dữ liệu** — one row per member with every column (commune, team and village included),
//!   frozen header and filters, for sorting and counting in Excel.
//!
//! Dates are dates and numbers are numbers (formatted dd/mm/yyyy, whatever Excel's locale), a
//! CCCD stays text with its leading zero, and no cell is ever a formula: a value typed as
//! "=…" opens as that text.

use rust_xlsxwriter::{
    ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::DocumentError;
use crate::roster::{PRINT_COLUMNS, Roster, count_text, groups};

pub use antt_domain::force::MemberRow;

/// The columns of the data sheet, in order.
pub const MEMBER_COLUMNS: [&str; 19] = [
    "STT",
    "Xã, phường",
    "Tổ",
    "Thôn, tổ dân phố",
    "Họ và tên",
    "Ngày sinh",
    "Năm sinh",
    "Giới tính",
    "Số CCCD",
    "Dân tộc",
    "Nơi cư trú",
    "Trình độ học vấn",
    "Chức danh",
    "Nguồn",
    "Ngày tham gia",
    "Số quyết định",
    "Số điện thoại",
    "Hộ gia đình",
    "Ghi chú",
];

/// The print sheet's name.
pub const PRINT_SHEET: &str = "Danh sách";
/// The data sheet's name.
pub const DATA_SHEET: &str = "Dữ liệu";

fn err(e: XlsxError) -> DocumentError {
    DocumentError::Xlsx(e.to_string())
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn excel_date(d: chrono::NaiveDate) -> Result<ExcelDateTime, DocumentError> {
    use chrono::Datelike;
    let year = u16::try_from(d.year()).map_err(|_| DocumentError::Xlsx(format!("year {d}")))?;
    let month = u8::try_from(d.month()).unwrap_or(1);
    let day = u8::try_from(d.day()).unwrap_or(1);
    ExcelDateTime::from_ymd(year, month, day).map_err(err)
}

struct Formats {
    cell: Format,
    center: Format,
    date: Format,
    head: Format,
    group: Format,
    count: Format,
}

fn formats() -> Formats {
    let cell = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(11)
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    Formats {
        center: cell.clone().set_align(FormatAlign::Center),
        date: cell
            .clone()
            .set_num_format("dd/mm/yyyy")
            .set_align(FormatAlign::Center),
        head: cell
            .clone()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color("#EEF1F5"),
        group: cell.clone().set_bold().set_background_color("#F7F8FA"),
        count: cell.clone().set_italic(),
        cell,
    }
}

/// The list as XLSX bytes.
pub fn member_list(l: &Roster) -> Result<Vec<u8>, DocumentError> {
    // Rows go to a temporary file as they are written (a province's list has thousands), so
    // the memory a list takes does not grow with it; each sheet is written top to bottom.
    let mut wb = Workbook::new();
    let f = formats();
    print_sheet(wb.add_worksheet_with_constant_memory().map_err(err)?, l, &f)?;
    data_sheet(wb.add_worksheet_with_constant_memory().map_err(err)?, l, &f)?;
    wb.save_to_buffer().map_err(err)
}

fn print_sheet(ws: &mut Worksheet, l: &Roster, f: &Formats) -> Result<(), DocumentError> {
    ws.set_name(PRINT_SHEET).map_err(err)?;
    let last = col(PRINT_COLUMNS.len() - 1);
    let font = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12);
    let center = font.clone().set_align(FormatAlign::Center);
    let bold = center.clone().set_bold();
    // The header of NĐ 30/2020: the agencies on the left, the motto on the right.
    let split = 5u16;
    ws.merge_range(
        0,
        0,
        0,
        split - 1,
        &l.governing.as_deref().unwrap_or("").to_uppercase(),
        &center,
    )
    .map_err(err)?;
    ws.merge_range(
        0,
        split,
        0,
        last,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        &bold,
    )
    .map_err(err)?;
    ws.merge_range(1, 0, 1, split - 1, &l.issuer.to_uppercase(), &bold)
        .map_err(err)?;
    ws.merge_range(
        1,
        split,
        1,
        last,
        "Độc lập - Tự do - Hạnh phúc",
        &bold
            .clone()
            .set_underline(rust_xlsxwriter::FormatUnderline::Single),
    )
    .map_err(err)?;
    ws.merge_range(
        2,
        split,
        2,
        last,
        &l.dated.text(),
        &center.clone().set_italic(),
    )
    .map_err(err)?;
    ws.merge_range(4, 0, 4, last, "DANH SÁCH", &bold.clone().set_font_size(14))
        .map_err(err)?;
    ws.merge_range(
        5,
        0,
        5,
        last,
        &format!("Thành viên Tổ bảo vệ an ninh, trật tự {}", l.unit.trim()),
        &bold,
    )
    .map_err(err)?;
    ws.merge_range(
        6,
        0,
        6,
        last,
        &format!("Tính đến {}", crate::official::date_words(Some(l.as_of))),
        &center.clone().set_italic(),
    )
    .map_err(err)?;
    let mut row = 7u32;
    if l.illustrative {
        ws.merge_range(
            row,
            0,
            row,
            last,
            "MINH HỌA — dữ liệu giả lập, không phải số liệu thật",
            &bold.clone().set_font_color("#A4260B"),
        )
        .map_err(err)?;
        row += 1;
    }
    let header_row = row;
    for (c, (name, _, _)) in PRINT_COLUMNS.iter().enumerate() {
        ws.write_with_format(header_row, col(c), *name, &f.head)
            .map_err(err)?;
    }
    ws.set_row_height(header_row, 32).map_err(err)?;
    row += 1;
    let groups = groups(&l.rows);
    for (i, g) in groups.iter().enumerate() {
        ws.merge_range(
            row,
            0,
            row,
            last,
            &format!("{}. {}", i + 1, g.heading(l.with_commune)),
            &f.group,
        )
        .map_err(err)?;
        row += 1;
        for (n, r) in g.rows.iter().enumerate() {
            ws.write_number_with_format(row, 0, (n + 1) as f64, &f.center)
                .map_err(err)?;
            ws.write_with_format(row, 1, r.full_name.as_str(), &f.cell)
                .map_err(err)?;
            ws.write_datetime_with_format(row, 2, excel_date(r.birth_date)?, &f.date)
                .map_err(err)?;
            let texts = [
                (3, r.sex.as_str(), &f.center),
                (4, r.ethnicity.as_str(), &f.center),
                (5, r.cccd.as_str(), &f.center),
                (6, r.residence.as_str(), &f.cell),
                (7, r.education.as_str(), &f.center),
                (8, r.villages.as_str(), &f.cell),
                (9, r.role.as_str(), &f.center),
                (10, r.phone.as_str(), &f.center),
                (11, r.household.as_str(), &f.center),
                (12, r.decision.as_str(), &f.center),
                (13, r.note.as_str(), &f.cell),
            ];
            for (c, v, fmt) in texts {
                ws.write_string_with_format(row, c, v, fmt).map_err(err)?;
            }
            row += 1;
        }
        ws.merge_range(row, 0, row, last, &g.count_line(), &f.count)
            .map_err(err)?;
        row += 1;
    }
    let all: Vec<&MemberRow> = l.rows.iter().collect();
    ws.merge_range(
        row,
        0,
        row,
        last,
        &format!("Tổng cộng: {} Tổ, {}", groups.len(), count_text(&all)),
        &f.group,
    )
    .map_err(err)?;
    row += 2;
    // The signature block on the right, under the table.
    let sign_from = 9u16;
    ws.merge_range(
        row,
        sign_from,
        row,
        last,
        &l.signer_title.to_uppercase(),
        &bold,
    )
    .map_err(err)?;
    ws.merge_range(
        row + 1,
        sign_from,
        row + 1,
        last,
        "(Ký, ghi rõ họ tên, đóng dấu)",
        &center.clone().set_italic(),
    )
    .map_err(err)?;
    ws.merge_range(
        row + 5,
        sign_from,
        row + 5,
        last,
        l.signer_name.trim(),
        &bold,
    )
    .map_err(err)?;
    let end = row + 5;
    for (c, (_, w, _)) in PRINT_COLUMNS.iter().enumerate() {
        ws.set_column_width(col(c), f64::from(*w) * 1.45)
            .map_err(err)?;
    }
    ws.set_paper_size(9); // A4
    ws.set_landscape();
    ws.set_margins(0.6, 0.4, 0.8, 0.8, 0.3, 0.3);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_repeat_rows(header_row, header_row).map_err(err)?;
    ws.set_print_area(0, 0, end, last).map_err(err)?;
    ws.set_footer("&C&\"Times New Roman\"&10Trang &P/&N");
    Ok(())
}

fn data_sheet(ws: &mut Worksheet, l: &Roster, f: &Formats) -> Result<(), DocumentError> {
    use chrono::Datelike;
    ws.set_name(DATA_SHEET).map_err(err)?;
    for (c, name) in MEMBER_COLUMNS.iter().enumerate() {
        ws.write_with_format(0, col(c), *name, &f.head)
            .map_err(err)?;
    }
    for (i, r) in l.rows.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.center)
            .map_err(err)?;
        let texts = [
            (1, r.commune.as_str()),
            (2, r.team.as_str()),
            (3, r.villages.as_str()),
            (4, r.full_name.as_str()),
            (7, r.sex.as_str()),
            (8, r.cccd.as_str()),
            (9, r.ethnicity.as_str()),
            (10, r.residence.as_str()),
            (11, r.education.as_str()),
            (12, r.role.as_str()),
            (13, r.origin.as_str()),
            (15, r.decision.as_str()),
            (16, r.phone.as_str()),
            (17, r.household.as_str()),
            (18, r.note.as_str()),
        ];
        for (c, v) in texts {
            ws.write_string_with_format(row, c, v, &f.cell)
                .map_err(err)?;
        }
        ws.write_datetime_with_format(row, 5, excel_date(r.birth_date)?, &f.date)
            .map_err(err)?;
        ws.write_number_with_format(row, 6, f64::from(r.birth_date.year()), &f.center)
            .map_err(err)?;
        ws.write_datetime_with_format(row, 14, excel_date(r.start_date)?, &f.date)
            .map_err(err)?;
    }
    let widths = [
        5.0, 18.0, 30.0, 22.0, 26.0, 12.0, 9.0, 9.0, 15.0, 11.0, 28.0, 16.0, 11.0, 28.0, 13.0,
        14.0, 14.0, 12.0, 24.0,
    ];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(col(c), *w).map_err(err)?;
    }
    ws.set_row_height(0, 32).map_err(err)?;
    ws.set_freeze_panes(1, 0).map_err(err)?;
    let last = u32::try_from(l.rows.len()).unwrap_or(0);
    ws.autofilter(0, 0, last, col(MEMBER_COLUMNS.len() - 1))
        .map_err(err)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0).map_err(err)?;
    Ok(())
}

/// A cell of a plain table: text, a number, a date, or nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Date(chrono::NaiveDate),
    Empty,
}

/// A plain table as a workbook of one sheet: a title, lines under it, a header row, the rows, and
/// an optional last row in bold (totals). Frozen header, filters, A4 landscape one page wide with
/// the header row repeated. Text is written as text, never as a formula.
pub fn table(
    sheet: &str,
    title: &str,
    lines: &[String],
    columns: &[(&str, f64)],
    rows: &[Vec<Cell>],
    totals: Option<&[Cell]>,
) -> Result<Vec<u8>, DocumentError> {
    tables(&[TableSheet {
        sheet,
        title,
        lines,
        columns,
        rows,
        totals,
    }])
}

/// One sheet of [`tables`].
pub struct TableSheet<'a> {
    pub sheet: &'a str,
    pub title: &'a str,
    pub lines: &'a [String],
    pub columns: &'a [(&'a str, f64)],
    pub rows: &'a [Vec<Cell>],
    pub totals: Option<&'a [Cell]>,
}

/// Several plain tables, a sheet each, as [`table`] lays one out.
pub fn tables(sheets: &[TableSheet<'_>]) -> Result<Vec<u8>, DocumentError> {
    let mut wb = Workbook::new();
    for t in sheets {
        table_sheet(wb.add_worksheet(), t)?;
    }
    wb.save_to_buffer().map_err(err)
}

fn table_sheet(ws: &mut Worksheet, t: &TableSheet<'_>) -> Result<(), DocumentError> {
    let TableSheet {
        sheet,
        title,
        lines,
        columns,
        rows,
        totals,
    } = *t;
    ws.set_name(sheet).map_err(err)?;
    let f = formats();
    let last = col(columns.len().saturating_sub(1));
    let font = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12);
    ws.write_string_with_format(0, 0, title, &font.clone().set_bold().set_font_size(14))
        .map_err(err)?;
    let mut r = 1u32;
    for l in lines {
        ws.write_string_with_format(r, 0, l, &font.clone().set_italic())
            .map_err(err)?;
        r += 1;
    }
    let header_row = r;
    for (c, (name, width)) in columns.iter().enumerate() {
        ws.write_string_with_format(header_row, col(c), *name, &f.head)
            .map_err(err)?;
        ws.set_column_width(col(c), *width).map_err(err)?;
    }
    ws.set_row_height(header_row, 45).map_err(err)?;
    let write = |ws: &mut Worksheet, row: u32, cells: &[Cell], bold: bool| {
        for (c, v) in cells.iter().enumerate() {
            let (text, num, date) = if bold {
                (
                    f.cell.clone().set_bold(),
                    f.center.clone().set_bold(),
                    f.date.clone().set_bold(),
                )
            } else {
                (f.cell.clone(), f.center.clone(), f.date.clone())
            };
            match v {
                Cell::Text(s) => ws.write_string_with_format(row, col(c), s, &text),
                Cell::Number(n) => ws.write_number_with_format(row, col(c), *n, &num),
                Cell::Date(d) => match excel_date(*d) {
                    Ok(x) => ws.write_datetime_with_format(row, col(c), x, &date),
                    Err(_) => ws.write_string_with_format(row, col(c), "", &text),
                },
                Cell::Empty => ws.write_blank(row, col(c), &text),
            }
            .map_err(err)?;
        }
        Ok::<(), DocumentError>(())
    };
    let mut row = header_row + 1;
    for cells in rows {
        write(ws, row, cells, false)?;
        row += 1;
    }
    let data_end = row.saturating_sub(1).max(header_row);
    if let Some(t) = totals {
        write(ws, row, t, true)?;
        row += 1;
    }
    ws.set_freeze_panes(header_row + 1, 0).map_err(err)?;
    ws.autofilter(header_row, 0, data_end, last).map_err(err)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row).map_err(err)?;
    ws.set_print_area(0, 0, row.saturating_sub(1).max(header_row), last)
        .map_err(err)?;
    ws.set_footer("&C&\"Times New Roman\"&10Trang &P/&N");
    Ok(())
}

//! Danh sách thành viên as an Excel workbook: a title, the unit and the date, a header row in
//! Vietnamese, one row per member, frozen header and filters, and a demo mark when the data are
//! made up.

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

use crate::DocumentError;

pub use antt_domain::force::MemberRow;

/// The columns, in order.
pub const MEMBER_COLUMNS: [&str; 12] = [
    "STT",
    "Tổ",
    "Thôn, tổ dân phố",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Dân tộc",
    "Chức danh",
    "Nguồn",
    "Ngày tham gia",
    "Số điện thoại",
];

fn err(e: rust_xlsxwriter::XlsxError) -> DocumentError {
    DocumentError::Xlsx(e.to_string())
}

/// The list of members of `unit_name` in post on `date`, as XLSX bytes. Dates are written as
/// text `dd/mm/yyyy` so Excel in any locale shows them the Vietnamese way.
pub fn member_list(
    unit_name: &str,
    date: NaiveDate,
    rows: &[MemberRow],
    illustrative: bool,
) -> Result<Vec<u8>, DocumentError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Danh sách").map_err(err)?;
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_font_name("Times New Roman");
    let normal = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12)
        .set_border(FormatBorder::Thin);
    let head = normal
        .clone()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_background_color("#EEF1F5")
        .set_text_wrap();
    ws.write_with_format(
        0,
        0,
        format!(
            "DANH SÁCH THÀNH VIÊN TỔ BẢO VỆ AN NINH, TRẬT TỰ — {}",
            unit_name.to_uppercase()
        ),
        &title,
    )
    .map_err(err)?;
    ws.write_with_format(
        1,
        0,
        format!("Tính đến ngày {}", antt_domain::date::format_vi(date)),
        &Format::new().set_italic().set_font_name("Times New Roman"),
    )
    .map_err(err)?;
    if illustrative {
        ws.write_with_format(
            2,
            0,
            "MINH HỌA — dữ liệu giả lập, không phải số liệu thật",
            &Format::new().set_bold().set_font_color("#A4260B"),
        )
        .map_err(err)?;
    }
    let header_row = 3;
    for (c, name) in MEMBER_COLUMNS.iter().enumerate() {
        let col = u16::try_from(c).unwrap_or(0);
        ws.write_with_format(header_row, col, *name, &head)
            .map_err(err)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = header_row + 1 + u32::try_from(i).unwrap_or(u32::MAX - header_row - 1);
        let cells = [
            (i + 1).to_string(),
            r.team.clone(),
            r.villages.clone(),
            r.full_name.clone(),
            antt_domain::date::format_vi(r.birth_date),
            r.sex.clone(),
            r.cccd.clone(),
            r.ethnicity.clone(),
            r.role.clone(),
            r.origin.clone(),
            antt_domain::date::format_vi(r.start_date),
            r.phone.clone(),
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write_with_format(row, u16::try_from(c).unwrap_or(0), v.as_str(), &normal)
                .map_err(err)?;
        }
    }
    let widths = [
        5.0, 30.0, 24.0, 26.0, 12.0, 9.0, 15.0, 12.0, 11.0, 30.0, 13.0, 14.0,
    ];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(u16::try_from(c).unwrap_or(0), *w)
            .map_err(err)?;
    }
    ws.set_freeze_panes(header_row + 1, 0).map_err(err)?;
    let last = header_row + u32::try_from(rows.len()).unwrap_or(0);
    ws.autofilter(header_row, 0, last.max(header_row), 11)
        .map_err(err)?;
    wb.save_to_buffer().map_err(err)
}

//! Bảng thanh toán phụ cấp as the commune prints it and members sign it (PAY-8…PAY-11): the
//! commune committee as the unit, the title and the month, the members team by team with their
//! support, days, allowances, arrears, total and a column to sign on receipt, a "Cộng" under each
//! team, the total and the total in words (Luật Kế toán 2015 Điều 16, PAY-6), the arrears with
//! their cause, the place and date, and the signatures of the preparer, the accountant and the
//! chairman. No form code is printed: the code of the TT 70/2019 voucher was not found (PAY-5).
//! [`payroll_document`] gives it as a [`Document`] (PDF, DOCX, A4 landscape);
//! [`payroll_xlsx`] as a workbook.

use antt_domain::money::Dong;
use antt_domain::payroll::{PayLine, PayrollBody};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::DocumentError;
use crate::official::{Block, Column, Document, Letterhead, PlaceDate, Signature, Table};

/// What the sheet is made of.
#[derive(Debug, Clone)]
pub struct PayrollSheet<'a> {
    /// "Ủy ban nhân dân xã Ia Tơi".
    pub unit: String,
    /// "xã Ia Tơi".
    pub commune: String,
    pub dated: PlaceDate,
    pub body: &'a PayrollBody,
    /// "Đã duyệt", "Dự thảo"…: a draft says so on the paper.
    pub state_label: String,
    pub draft: bool,
    /// The holders of the signing offices (empty: signed by hand).
    pub accountant: String,
    pub chairman: String,
}

/// The printed columns (PAY-9).
pub const COLUMNS: [(&str, u16, bool); 11] = [
    ("STT", 3, true),
    ("Họ và tên", 14, false),
    ("Chức danh", 7, true),
    ("Số ngày tham gia", 6, true),
    ("Mức hỗ trợ tháng (đồng)", 9, true),
    ("Hỗ trợ được hưởng (đồng)", 9, true),
    ("Bồi dưỡng (đồng)", 9, true),
    ("Truy lĩnh (+) / truy thu (−) (đồng)", 10, true),
    ("Tổng số tiền (đồng)", 10, true),
    ("Ký nhận", 10, true),
    ("Ghi chú", 10, false),
];

/// The column of the members' own insurance parts withheld from the support (INS-8, INS-12),
/// before the total; printed only when the pack says the parts are withheld.
pub const WITHHELD_COLUMN: (&str, u16, bool) = ("Khấu trừ BHXH, BHYT (đồng)", 9, true);

/// Whether a line of the body withholds the member's own insurance part.
pub fn withholds(b: &PayrollBody) -> bool {
    b.lines.iter().any(|l| l.withheld.0 != 0)
}

/// The printed columns of a body: [`COLUMNS`], and [`WITHHELD_COLUMN`] before the total when
/// something is withheld.
pub fn columns(b: &PayrollBody) -> Vec<(&'static str, u16, bool)> {
    let mut c = COLUMNS.to_vec();
    if withholds(b) {
        c.insert(8, WITHHELD_COLUMN);
    }
    c
}

/// `1.265.000`: an amount as the sheet prints it (grouped, no unit: the header says đồng).
pub fn amount(d: Dong) -> String {
    let s = d.to_string();
    s.trim_end_matches(" đ").to_string()
}

fn rate_of(l: &PayLine) -> Dong {
    l.items
        .iter()
        .filter(|i| i.key == "monthly_support")
        .map(|i| i.rate)
        .max()
        .unwrap_or_default()
}

fn allowances_of(l: &PayLine) -> Dong {
    Dong(l.allowances.values().map(|d| d.0).sum())
}

fn arrears_of(l: &PayLine) -> Dong {
    Dong(l.arrears.iter().map(|a| a.diff.0).sum())
}

/// What a line notes: the allowances by kind, and that the member left or is paid arrears only.
fn note_of(l: &PayLine) -> String {
    let mut parts: Vec<String> = l
        .items
        .iter()
        .filter(|i| antt_domain::payroll::is_allowance(&i.key))
        .map(|i| format!("{}: {}", short_label(&i.key), i.basis))
        .collect();
    if l.days == 0 {
        parts.insert(0, "Chỉ truy lĩnh, truy thu".into());
    }
    parts.join("; ")
}

fn short_label(key: &str) -> &'static str {
    match key {
        "night_duty" => "Đêm",
        "holiday" => "Ngày nghỉ, lễ",
        "hazardous" => "Độc hại",
        "extra_workday" => "Ngày công tăng thêm",
        "training" => "Huấn luyện",
        _ => "Khác",
    }
}

fn cells(n: usize, l: &PayLine, withheld: bool) -> Vec<String> {
    let mut v = vec![
        n.to_string(),
        l.name.clone(),
        l.role.label_vi().to_string(),
        l.days.to_string(),
        amount(rate_of(l)),
        amount(l.monthly_support),
        amount(allowances_of(l)),
        amount(arrears_of(l)),
        amount(l.total),
        String::new(),
        note_of(l),
    ];
    if withheld {
        v.insert(8, amount(l.withheld));
    }
    v
}

/// The teams in the order of the body, each with its lines.
fn teams(body: &PayrollBody) -> Vec<(&str, Vec<&PayLine>)> {
    let mut out: Vec<(&str, Vec<&PayLine>)> = Vec::new();
    for l in &body.lines {
        match out.iter_mut().find(|(t, _)| *t == l.team) {
            Some((_, v)) => v.push(l),
            None => out.push((&l.team, vec![l])),
        }
    }
    out
}

fn sum_row(label: &str, lines: &[&PayLine], withheld: bool) -> Vec<String> {
    let s = |f: &dyn Fn(&PayLine) -> i64| Dong(lines.iter().map(|l| f(l)).sum());
    let mut v = vec![
        String::new(),
        label.to_string(),
        String::new(),
        String::new(),
        String::new(),
        amount(s(&|l| l.monthly_support.0)),
        amount(s(&|l| allowances_of(l).0)),
        amount(s(&|l| arrears_of(l).0)),
        amount(s(&|l| l.total.0)),
        String::new(),
        format!("{} người", lines.len()),
    ];
    if withheld {
        v.insert(8, amount(s(&|l| l.withheld.0)));
    }
    v
}

/// The sheet as a document to print and sign: A4 landscape.
pub fn payroll_document(s: &PayrollSheet<'_>) -> Document {
    let b = s.body;
    let mut blocks = vec![
        Block::field("Mã đơn vị có quan hệ với ngân sách", ""),
        Block::Heading(format!("Tháng {} năm {}", b.month.month(), b.month.year())),
    ];
    if s.draft {
        blocks.push(Block::Note(format!(
            "DỰ THẢO ({}) — chưa được duyệt, không dùng để chi trả.",
            s.state_label
        )));
    }
    if b.illustrative {
        blocks.push(Block::Note(
            "MINH HỌA — có số liệu từ gói quy định giả lập, không phải số tiền thật.".into(),
        ));
    }
    if let Some(g) = &b.gap {
        blocks.push(Block::Note(format!(
            "CHƯA ĐỦ SỐ LIỆU: {} Các khoản này chưa được tính.",
            g.message_vi()
        )));
    }
    let mut rows = Vec::new();
    let groups = teams(b);
    let w = withholds(b);
    let mut n = 0;
    for (team, lines) in &groups {
        rows.push(vec![String::new(), (*team).to_string()]);
        for l in lines {
            n += 1;
            rows.push(cells(n, l, w));
        }
        rows.push(sum_row("Cộng", lines, w));
    }
    let all: Vec<&PayLine> = b.lines.iter().collect();
    rows.push(sum_row("Tổng cộng", &all, w));
    blocks.push(Block::Table(Table {
        columns: columns(b)
            .iter()
            .map(|(h, w, c)| Column::new(*h, *w, *c))
            .collect(),
        rows,
    }));
    blocks.push(Block::Paragraph(format!(
        "Tổng số tiền (viết bằng chữ): {}./.",
        b.total_in_words
    )));
    let arrears: Vec<(&PayLine, &antt_domain::payroll::Arrear)> = b
        .lines
        .iter()
        .flat_map(|l| l.arrears.iter().map(move |a| (l, a)))
        .collect();
    if !arrears.is_empty() {
        blocks.push(Block::Section("Chi tiết truy lĩnh, truy thu".into()));
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::new("STT", 3, true),
                Column::new("Họ và tên", 12, false),
                Column::new("Tháng", 6, true),
                Column::new("Khoản", 12, false),
                Column::new("Đã chi (đồng)", 8, true),
                Column::new("Được hưởng (đồng)", 8, true),
                Column::new("Chênh lệch (đồng)", 8, true),
                Column::new("Lý do", 30, false),
            ],
            rows: arrears
                .iter()
                .enumerate()
                .map(|(i, (l, a))| {
                    vec![
                        (i + 1).to_string(),
                        l.name.clone(),
                        a.month.short_vi(),
                        format!("{} — {}", a.kind_vi(), a.label),
                        amount(a.old),
                        amount(a.new),
                        amount(a.diff),
                        a.cause.clone(),
                    ]
                })
                .collect(),
        }));
    }
    Document {
        letterhead: Some(Letterhead {
            governing: None,
            issuer: s.unit.clone(),
            number: None,
            symbol: None,
            dated: None,
        }),
        title: "BẢNG THANH TOÁN PHỤ CẤP".into(),
        summary: Some(format!(
            "Hỗ trợ, bồi dưỡng thành viên Tổ bảo vệ an ninh, trật tự {}",
            s.commune
        )),
        blocks,
        signatures: commune_money_signatures(&s.dated, &s.accountant, &s.chairman),
        landscape: true,
        ..Document::default()
    }
}

/// The three signatures of a commune's money paper: the preparer, the accountant and the
/// chairman for the committee (dated); an empty name is left to be written by hand.
pub(crate) fn commune_money_signatures(
    dated: &PlaceDate,
    accountant: &str,
    chairman: &str,
) -> Vec<Signature> {
    vec![
        Signature {
            title: "Người lập bảng".into(),
            note: Some("(Ký, ghi rõ họ tên)".into()),
            ..Signature::default()
        },
        Signature {
            title: "Kế toán".into(),
            note: Some("(Ký, ghi rõ họ tên)".into()),
            name: accountant.trim().to_string(),
            ..Signature::default()
        },
        Signature {
            dated: Some(dated.clone()),
            prefix: Some("TM. Ủy ban nhân dân".into()),
            title: "Chủ tịch".into(),
            note: Some("(Ký, ghi rõ họ tên, đóng dấu)".into()),
            name: chairman.trim().to_string(),
        },
    ]
}

fn err(e: XlsxError) -> DocumentError {
    DocumentError::Xlsx(e.to_string())
}

/// The sheet's name in the workbook.
pub const SHEET: &str = "Bảng thanh toán";
/// The sheet of every figure with its explanation.
pub const DETAIL_SHEET: &str = "Chi tiết";

/// The sheet as XLSX: the print sheet (amounts as numbers, "#,##0", the totals as values the
/// product computed, never formulas) and a sheet of every item with how it was reached.
pub fn payroll_xlsx(s: &PayrollSheet<'_>) -> Result<Vec<u8>, DocumentError> {
    let mut wb = Workbook::new();
    print_sheet(wb.add_worksheet(), s)?;
    detail_sheet(wb.add_worksheet(), s)?;
    wb.save_to_buffer().map_err(err)
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn print_sheet(ws: &mut Worksheet, s: &PayrollSheet<'_>) -> Result<(), DocumentError> {
    let b = s.body;
    ws.set_name(SHEET).map_err(err)?;
    let columns = columns(b);
    let last = col(columns.len() - 1);
    // With the withheld column, the total, the signature and the note move one to the right.
    let w = u16::from(withholds(b));
    let font = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12);
    let center = font.clone().set_align(FormatAlign::Center);
    let bold = center.clone().set_bold();
    let cell = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(11)
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let money = cell
        .clone()
        .set_num_format("#,##0")
        .set_align(FormatAlign::Right);
    let head = cell
        .clone()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("#EEF1F5");
    let group = cell.clone().set_bold().set_background_color("#F7F8FA");
    let sum = cell.clone().set_bold();
    let sum_money = money.clone().set_bold();
    ws.merge_range(
        0,
        0,
        0,
        4,
        &format!("Đơn vị: {}", s.unit),
        &font.clone().set_bold(),
    )
    .map_err(err)?;
    ws.merge_range(
        1,
        0,
        1,
        4,
        "Mã đơn vị có quan hệ với ngân sách: ……………",
        &font,
    )
    .map_err(err)?;
    ws.merge_range(
        3,
        0,
        3,
        last,
        "BẢNG THANH TOÁN PHỤ CẤP",
        &bold.clone().set_font_size(14),
    )
    .map_err(err)?;
    ws.merge_range(
        4,
        0,
        4,
        last,
        &format!(
            "Hỗ trợ, bồi dưỡng thành viên Tổ bảo vệ an ninh, trật tự {}",
            s.commune
        ),
        &bold,
    )
    .map_err(err)?;
    ws.merge_range(
        5,
        0,
        5,
        last,
        &format!("Tháng {} năm {}", b.month.month(), b.month.year()),
        &center.clone().set_italic(),
    )
    .map_err(err)?;
    let mut row = 6u32;
    let warn = bold.clone().set_font_color("#A4260B");
    if s.draft {
        ws.merge_range(
            row,
            0,
            row,
            last,
            &format!(
                "DỰ THẢO ({}) — chưa được duyệt, không dùng để chi trả",
                s.state_label
            ),
            &warn,
        )
        .map_err(err)?;
        row += 1;
    }
    if b.illustrative {
        ws.merge_range(
            row,
            0,
            row,
            last,
            "MINH HỌA — có số liệu từ gói quy định giả lập, không phải số tiền thật",
            &warn,
        )
        .map_err(err)?;
        row += 1;
    }
    if let Some(g) = &b.gap {
        ws.merge_range(
            row,
            0,
            row,
            last,
            &format!("CHƯA ĐỦ SỐ LIỆU: {}", g.message_vi()),
            &warn,
        )
        .map_err(err)?;
        row += 1;
    }
    let header_row = row;
    for (c, (name, _, _)) in columns.iter().enumerate() {
        ws.write_with_format(header_row, col(c), *name, &head)
            .map_err(err)?;
    }
    ws.set_row_height(header_row, 45).map_err(err)?;
    row += 1;
    let write_sums = |ws: &mut Worksheet,
                      row: u32,
                      label: &str,
                      lines: &[&PayLine]|
     -> Result<(), DocumentError> {
        let s = |f: &dyn Fn(&PayLine) -> i64| lines.iter().map(|l| f(l)).sum::<i64>() as f64;
        ws.write_with_format(row, 0, "", &sum).map_err(err)?;
        ws.write_with_format(row, 1, label, &sum).map_err(err)?;
        for c in [2u16, 3, 4] {
            ws.write_with_format(row, c, "", &sum).map_err(err)?;
        }
        ws.write_number_with_format(row, 5, s(&|l| l.monthly_support.0), &sum_money)
            .map_err(err)?;
        ws.write_number_with_format(row, 6, s(&|l| allowances_of(l).0), &sum_money)
            .map_err(err)?;
        ws.write_number_with_format(row, 7, s(&|l| arrears_of(l).0), &sum_money)
            .map_err(err)?;
        if w == 1 {
            ws.write_number_with_format(row, 8, s(&|l| l.withheld.0), &sum_money)
                .map_err(err)?;
        }
        ws.write_number_with_format(row, 8 + w, s(&|l| l.total.0), &sum_money)
            .map_err(err)?;
        ws.write_with_format(row, 9 + w, "", &sum).map_err(err)?;
        ws.write_with_format(row, 10 + w, format!("{} người", lines.len()), &sum)
            .map_err(err)?;
        Ok(())
    };
    let mut n = 0usize;
    for (team, lines) in teams(b) {
        ws.merge_range(row, 0, row, last, team, &group)
            .map_err(err)?;
        row += 1;
        for l in &lines {
            n += 1;
            ws.write_number_with_format(
                row,
                0,
                n as f64,
                &cell.clone().set_align(FormatAlign::Center),
            )
            .map_err(err)?;
            ws.write_string_with_format(row, 1, &l.name, &cell)
                .map_err(err)?;
            ws.write_string_with_format(row, 2, l.role.label_vi(), &cell)
                .map_err(err)?;
            ws.write_number_with_format(
                row,
                3,
                f64::from(l.days),
                &cell.clone().set_align(FormatAlign::Center),
            )
            .map_err(err)?;
            let mut figures = vec![
                (4u16, rate_of(l)),
                (5, l.monthly_support),
                (6, allowances_of(l)),
                (7, arrears_of(l)),
                (8 + w, l.total),
            ];
            if w == 1 {
                figures.push((8, l.withheld));
            }
            for (c, v) in figures {
                ws.write_number_with_format(row, c, v.0 as f64, &money)
                    .map_err(err)?;
            }
            ws.write_string_with_format(row, 9 + w, "", &cell)
                .map_err(err)?;
            ws.write_string_with_format(row, 10 + w, note_of(l), &cell)
                .map_err(err)?;
            row += 1;
        }
        write_sums(ws, row, "Cộng", &lines)?;
        row += 1;
    }
    let all: Vec<&PayLine> = b.lines.iter().collect();
    write_sums(ws, row, "Tổng cộng", &all)?;
    row += 1;
    ws.merge_range(
        row,
        0,
        row,
        last,
        &format!("Tổng số tiền (viết bằng chữ): {}./.", b.total_in_words),
        &font.clone().set_italic(),
    )
    .map_err(err)?;
    row += 2;
    ws.merge_range(
        row,
        7,
        row,
        last,
        &s.dated.text(),
        &center.clone().set_italic(),
    )
    .map_err(err)?;
    row += 1;
    ws.merge_range(row, 0, row, 2, "NGƯỜI LẬP BẢNG", &bold)
        .map_err(err)?;
    ws.merge_range(row, 3, row, 6, "KẾ TOÁN", &bold)
        .map_err(err)?;
    ws.merge_range(
        row,
        7,
        row,
        last,
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
        &bold.clone().set_text_wrap(),
    )
    .map_err(err)?;
    ws.set_row_height(row, 32).map_err(err)?;
    row += 1;
    let hint = center.clone().set_italic();
    ws.merge_range(row, 0, row, 2, "(Ký, ghi rõ họ tên)", &hint)
        .map_err(err)?;
    ws.merge_range(row, 3, row, 6, "(Ký, ghi rõ họ tên)", &hint)
        .map_err(err)?;
    ws.merge_range(row, 7, row, last, "(Ký, ghi rõ họ tên, đóng dấu)", &hint)
        .map_err(err)?;
    row += 4;
    ws.merge_range(row, 3, row, 6, s.accountant.trim(), &bold)
        .map_err(err)?;
    ws.merge_range(row, 7, row, last, s.chairman.trim(), &bold)
        .map_err(err)?;
    for (c, (_, width, _)) in columns.iter().enumerate() {
        ws.set_column_width(col(c), f64::from(*width) * 1.45)
            .map_err(err)?;
    }
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_margins(0.6, 0.4, 0.8, 0.8, 0.3, 0.3);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_repeat_rows(header_row, header_row).map_err(err)?;
    ws.set_print_area(0, 0, row, last).map_err(err)?;
    ws.set_footer("&C&\"Times New Roman\"&10Trang &P/&N");
    Ok(())
}

/// The detail columns.
pub const DETAIL_COLUMNS: [&str; 9] = [
    "Số CCCD",
    "Họ và tên",
    "Tổ",
    "Khoản",
    "Tháng của khoản",
    "Căn cứ",
    "Số tiền (đồng)",
    "Cách tính",
    "Văn bản",
];

fn detail_sheet(ws: &mut Worksheet, s: &PayrollSheet<'_>) -> Result<(), DocumentError> {
    ws.set_name(DETAIL_SHEET).map_err(err)?;
    let cell = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(11)
        .set_text_wrap();
    let head = cell.clone().set_bold().set_background_color("#EEF1F5");
    let money = cell.clone().set_num_format("#,##0");
    for (c, h) in DETAIL_COLUMNS.iter().enumerate() {
        ws.write_with_format(0, col(c), *h, &head).map_err(err)?;
    }
    let mut row = 1u32;
    let month = s.body.month.short_vi();
    for l in &s.body.lines {
        for i in &l.items {
            let how: Vec<String> = i.explanation.iter().map(|e| e.text.clone()).collect();
            let write = |ws: &mut Worksheet| -> Result<(), DocumentError> {
                ws.write_string_with_format(row, 0, &l.cccd, &cell)
                    .map_err(err)?;
                ws.write_string_with_format(row, 1, &l.name, &cell)
                    .map_err(err)?;
                ws.write_string_with_format(row, 2, &l.team, &cell)
                    .map_err(err)?;
                ws.write_string_with_format(row, 3, &i.label, &cell)
                    .map_err(err)?;
                ws.write_string_with_format(row, 4, &month, &cell)
                    .map_err(err)?;
                ws.write_string_with_format(row, 5, &i.basis, &cell)
                    .map_err(err)?;
                ws.write_number_with_format(row, 6, i.dong.0 as f64, &money)
                    .map_err(err)?;
                ws.write_string_with_format(row, 7, how.join(" "), &cell)
                    .map_err(err)?;
                ws.write_string_with_format(row, 8, i.sources.join("; "), &cell)
                    .map_err(err)?;
                Ok(())
            };
            write(ws)?;
            row += 1;
        }
        for a in &l.arrears {
            ws.write_string_with_format(row, 0, &l.cccd, &cell)
                .map_err(err)?;
            ws.write_string_with_format(row, 1, &l.name, &cell)
                .map_err(err)?;
            ws.write_string_with_format(row, 2, &l.team, &cell)
                .map_err(err)?;
            ws.write_string_with_format(row, 3, format!("{} — {}", a.kind_vi(), a.label), &cell)
                .map_err(err)?;
            ws.write_string_with_format(row, 4, a.month.short_vi(), &cell)
                .map_err(err)?;
            ws.write_string_with_format(
                row,
                5,
                format!("đã chi {}, được hưởng {}", amount(a.old), amount(a.new)),
                &cell,
            )
            .map_err(err)?;
            ws.write_number_with_format(row, 6, a.diff.0 as f64, &money)
                .map_err(err)?;
            ws.write_string_with_format(row, 7, &a.cause, &cell)
                .map_err(err)?;
            ws.write_string_with_format(row, 8, "", &cell)
                .map_err(err)?;
            row += 1;
        }
    }
    for (c, w) in [14.0, 22.0, 26.0, 30.0, 10.0, 18.0, 14.0, 70.0, 40.0]
        .iter()
        .enumerate()
    {
        ws.set_column_width(col(c), *w).map_err(err)?;
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    ws.autofilter(
        0,
        0,
        row.saturating_sub(1).max(1),
        col(DETAIL_COLUMNS.len() - 1),
    )
    .map_err(err)?;
    Ok(())
}

impl<'a> PayrollSheet<'a> {
    /// The sheet of a commune ("Xã Ia Tơi") printed on `on`: the commune committee as the
    /// unit, the commune's place on the date line, the chairman on file to sign.
    pub fn for_commune(
        commune_name: &str,
        on: NaiveDate,
        body: &'a PayrollBody,
        state_label: &str,
        draft: bool,
        chairman: Option<&str>,
    ) -> PayrollSheet<'a> {
        let (kind, bare) = crate::forms::split_kind(commune_name);
        let c = crate::forms::Commune::new(&kind, &bare, "");
        PayrollSheet {
            unit: c.committee(),
            commune: c.full(),
            dated: PlaceDate::new(c.place(), Some(on)),
            body,
            state_label: state_label.to_string(),
            draft,
            accountant: String::new(),
            chairman: chairman.unwrap_or_default().to_string(),
        }
    }
}

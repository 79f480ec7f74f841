//! The member list opened back as a spreadsheet user would open it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::io::Cursor;

use antt_documents::xlsx::{MEMBER_COLUMNS, MemberRow, member_list};
use calamine::{Reader, Xlsx};
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn the_member_list_opens_in_excel_with_vietnamese_headers_and_rows() {
    let rows = vec![MemberRow {
        team: "Tổ bảo vệ ANTT thôn Minh họa 1".into(),
        villages: "Thôn Minh họa 1".into(),
        full_name: "Rơ Mah Minh Họa".into(),
        birth_date: d(1992, 3, 3),
        sex: "Nam".into(),
        cccd: "062092001122".into(),
        ethnicity: "Gia Rai".into(),
        role: "Tổ trưởng".into(),
        origin: "Kiện toàn từ Đội trưởng, Đội phó dân phòng".into(),
        start_date: d(2025, 7, 15),
        phone: "0912345678".into(),
    }];
    let bytes = member_list("Xã Ia Tơi", d(2025, 8, 1), &rows, true).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Danh sách").unwrap();
    let cell = |r: u32, c: u32| {
        sheet
            .get_value((r, c))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    assert!(cell(0, 0).contains("XÃ IA TƠI"));
    assert_eq!(cell(1, 0), "Tính đến ngày 01/08/2025");
    assert!(cell(2, 0).starts_with("MINH HỌA"));
    for (c, name) in MEMBER_COLUMNS.iter().enumerate() {
        assert_eq!(cell(3, c as u32), *name);
    }
    assert_eq!(cell(4, 0), "1");
    assert_eq!(cell(4, 3), "Rơ Mah Minh Họa");
    assert_eq!(cell(4, 4), "03/03/1992");
    assert_eq!(
        cell(4, 6),
        "062092001122",
        "the CCCD keeps its leading zero"
    );
    assert_eq!(cell(4, 8), "Tổ trưởng");
}

#[test]
fn cells_that_start_like_a_formula_stay_text_in_the_member_list() {
    // A value typed as "=HYPERLINK(…)" must open as that text, never run as a formula when an
    // officer opens the exported list (CSV/formula injection).
    let row = MemberRow {
        team: "=HYPERLINK(\"http://x.invalid\",\"Bấm vào đây\")".into(),
        villages: "+1+1".into(),
        full_name: "-2+3".into(),
        birth_date: d(1992, 3, 3),
        sex: "Nam".into(),
        cccd: "062092001122".into(),
        ethnicity: "@SUM(A1:A2)".into(),
        role: "Tổ viên".into(),
        origin: "Tuyển chọn".into(),
        start_date: d(2025, 7, 15),
        phone: "=1+1".into(),
    };
    let bytes = member_list("Xã Ia Tơi", d(2025, 8, 1), &[row], false).unwrap();
    // No formula anywhere in the sheet's XML.
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.clone())).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(
        !xml.contains("<f>") && !xml.contains("<f "),
        "a formula was written"
    );
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Danh sách").unwrap();
    let texts: Vec<String> = sheet
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    for v in [
        "=HYPERLINK(\"http://x.invalid\",\"Bấm vào đây\")",
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "=1+1",
    ] {
        assert!(
            texts.iter().any(|t| t == v),
            "{v} not kept as text: {texts:?}"
        );
    }
}

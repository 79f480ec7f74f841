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

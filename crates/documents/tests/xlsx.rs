//! The member list opened back as a commune would open it: the workbook in Excel (its print
//! sheet and its data sheet), and the same list as DOCX and PDF.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod support;

use std::io::{Cursor, Read};

use antt_documents::official::PlaceDate;
use antt_documents::roster::{Roster, roster_document};
use antt_documents::xlsx::{DATA_SHEET, MEMBER_COLUMNS, MemberRow, PRINT_SHEET, member_list};
use antt_documents::{docx, pdf};
use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn member(team: &str, name: &str, role: &str) -> MemberRow {
    MemberRow {
        commune: "Xã Ia Tơi".into(),
        team: team.into(),
        villages: "Thôn Minh họa 1".into(),
        full_name: name.into(),
        birth_date: d(1992, 3, 3),
        sex: "Nam".into(),
        cccd: "062092001122".into(),
        ethnicity: "Gia Rai".into(),
        residence: "Thôn Minh họa 1, xã Ia Tơi".into(),
        education: "Trung học cơ sở".into(),
        household: "Hộ nghèo".into(),
        role: role.into(),
        origin: "Tuyển chọn".into(),
        start_date: d(2025, 7, 15),
        decision: "15/QĐ-UBND".into(),
        phone: "0912345678".into(),
        note: String::new(),
    }
}

fn roster(rows: Vec<MemberRow>) -> Roster {
    Roster {
        governing: Some("Công an tỉnh Quảng Ngãi".into()),
        issuer: "Công an xã Ia Tơi".into(),
        unit: "xã Ia Tơi".into(),
        as_of: d(2025, 8, 1),
        dated: PlaceDate::new("Ia Tơi", Some(d(2025, 8, 4))),
        rows,
        with_commune: false,
        signer_title: "Trưởng Công an xã".into(),
        signer_name: "Nguyễn Văn Trưởng".into(),
        illustrative: true,
    }
}

fn two_teams() -> Vec<MemberRow> {
    vec![
        member(
            "Tổ bảo vệ ANTT thôn Minh họa 1",
            "Rơ Mah Minh Họa",
            "Tổ trưởng",
        ),
        member("Tổ bảo vệ ANTT thôn Minh họa 1", "Siu Minh Họa", "Tổ viên"),
        MemberRow {
            villages: "Thôn Minh họa 2".into(),
            ..member("Tổ bảo vệ ANTT thôn Minh họa 2", "Ksor Minh Họa", "Tổ phó")
        },
    ]
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn texts(range: &calamine::Range<Data>) -> Vec<String> {
    range
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn the_printed_member_list_has_the_official_header_teams_with_counts_and_a_signature() {
    let bytes = member_list(&roster(two_teams())).unwrap();
    support::dump("danh-sach-thanh-vien.xlsx", &bytes);
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    let sheet = book.worksheet_range(PRINT_SHEET).unwrap();
    let all = texts(&sheet);
    for s in [
        "CÔNG AN TỈNH QUẢNG NGÃI",
        "CÔNG AN XÃ IA TƠI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Ia Tơi, ngày 04 tháng 8 năm 2025",
        "DANH SÁCH",
        "Thành viên Tổ bảo vệ an ninh, trật tự xã Ia Tơi",
        "Tính đến ngày 01 tháng 8 năm 2025",
        "1. Tổ bảo vệ ANTT thôn Minh họa 1",
        "Cộng: 2 người (1 Tổ trưởng, 1 Tổ viên)",
        "2. Tổ bảo vệ ANTT thôn Minh họa 2",
        "Cộng: 1 người (1 Tổ phó)",
        "Tổng cộng: 2 Tổ, 3 người (1 Tổ trưởng, 1 Tổ viên, 1 Tổ phó)",
        "TRƯỞNG CÔNG AN XÃ",
        "(Ký, ghi rõ họ tên, đóng dấu)",
        "Nguyễn Văn Trưởng",
        "Số quyết định",
        "Hộ gia đình",
        "Trình độ học vấn",
    ] {
        assert!(
            all.iter().any(|t| t == s),
            "{s:?} not on the print sheet: {all:?}"
        );
    }
    // The birth date is a date and the STT a number, not text.
    let first = sheet
        .rows()
        .position(|r| r.iter().any(|c| *c == "Rơ Mah Minh Họa"))
        .unwrap();
    let row = &sheet.rows().nth(first).unwrap();
    assert!(
        matches!(row[0], Data::Float(n) if n == 1.0),
        "STT {:?}",
        row[0]
    );
    assert!(
        matches!(&row[2], Data::DateTime(dt) if dt.as_f64() == 33666.0),
        "birth date {:?}",
        row[2]
    );
    assert_eq!(
        row[5].to_string(),
        "062092001122",
        "the CCCD keeps its zero"
    );
    // Print setup: A4 landscape, one page wide, the header row on every page, a print area.
    let xml = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(xml.contains("paperSize=\"9\""), "{xml}");
    assert!(xml.contains("orientation=\"landscape\""));
    assert!(xml.contains("fitToHeight=\"0\""));
    assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"));
    assert!(xml.contains("numFmtId") || part(&bytes, "xl/styles.xml").contains("dd/mm/yyyy"));
    let wb = part(&bytes, "xl/workbook.xml");
    assert!(wb.contains("_xlnm.Print_Titles"), "{wb}");
    assert!(wb.contains("_xlnm.Print_Area"), "{wb}");
}

#[test]
fn the_data_sheet_has_every_member_with_commune_and_village_columns_and_real_dates() {
    let mut rows = two_teams();
    rows[2].commune = "Xã Ia Dom".into();
    let mut l = roster(rows);
    l.with_commune = true;
    let bytes = member_list(&l).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range(DATA_SHEET).unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, MEMBER_COLUMNS);
    let third = sheet.rows().nth(3).unwrap();
    assert_eq!(third[1].to_string(), "Xã Ia Dom");
    assert_eq!(third[3].to_string(), "Thôn Minh họa 2");
    assert!(
        matches!(third[6], Data::Float(y) if y == 1992.0),
        "year {:?}",
        third[6]
    );
    assert!(
        matches!(third[14], Data::DateTime(_)),
        "start {:?}",
        third[14]
    );
    assert_eq!(third[15].to_string(), "15/QĐ-UBND");
    // A province's printed list names the commune of each team.
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(member_list(&l).unwrap())).unwrap();
    let print = texts(&book.worksheet_range(PRINT_SHEET).unwrap());
    assert!(
        print
            .iter()
            .any(|t| t == "2. Xã Ia Dom — Tổ bảo vệ ANTT thôn Minh họa 2"),
        "{print:?}"
    );
}

#[test]
fn the_member_list_prints_as_docx_and_pdf_on_a4_landscape() {
    let doc = roster_document(&roster(two_teams()));
    let docx_bytes = docx::render(&doc).unwrap();
    let pdf_bytes = pdf::render(&doc).unwrap();
    support::dump("danh-sach-thanh-vien.docx", &docx_bytes);
    support::dump("danh-sach-thanh-vien.pdf", &pdf_bytes);
    let xml = support::docx_part(&docx_bytes, "word/document.xml");
    assert!(xml.contains("w:orient=\"landscape\""));
    for mb in support::media_boxes(&pdf_bytes) {
        assert!((mb[2] - mb[0] - 841.89).abs() < 1.0, "width {mb:?}");
    }
    let w = support::squash(&support::docx_text(&docx_bytes));
    let p = support::squash(&support::pdf_pages(&pdf_bytes).join("\n"));
    for s in [
        "CÔNG AN XÃ IA TƠI",
        "DANH SÁCH",
        "Thành viên Tổ bảo vệ an ninh, trật tự xã Ia Tơi",
        "Tính đến ngày 01 tháng 8 năm 2025",
        "Cộng: 2 người (1 Tổ trưởng, 1 Tổ viên)",
        "Tổng cộng: 2 Tổ, 3 người",
        "Rơ Mah Minh Họa",
        "062092001122",
        "15/QĐ-UBND",
        "TRƯỞNG CÔNG AN XÃ",
        "Nguyễn Văn Trưởng",
    ] {
        assert!(w.contains(s), "DOCX lacks {s:?}:\n{w}");
        assert!(p.contains(s), "PDF lacks {s:?}:\n{p}");
    }
}

#[test]
fn cells_that_start_like_a_formula_stay_text_in_the_member_list() {
    // A value typed as "=HYPERLINK(…)" must open as that text, never run as a formula when an
    // officer opens the exported list (CSV/formula injection).
    let mut row = member(
        "=HYPERLINK(\"http://x.invalid\",\"Bấm vào đây\")",
        "-2+3",
        "Tổ viên",
    );
    row.villages = "+1+1".into();
    row.ethnicity = "@SUM(A1:A2)".into();
    row.phone = "=1+1".into();
    let bytes = member_list(&roster(vec![row])).unwrap();
    for sheet in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"] {
        let xml = part(&bytes, sheet);
        assert!(
            !xml.contains("<f>") && !xml.contains("<f "),
            "a formula was written in {sheet}"
        );
    }
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let texts = texts(&book.worksheet_range(DATA_SHEET).unwrap());
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

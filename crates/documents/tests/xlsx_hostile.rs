//! Hostile uploads: small files that ask a reader for gigabytes. Each is refused with a reason
//! before anything is allocated for what it claims, or reads as the little it really holds.
//! (calamine, the reader before, allocated a dense grid of a sheet's extent and held whole XML
//! text nodes: the first cases aborted the process or took gigabytes.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod workbook;

use std::time::{Duration, Instant};

use antt_documents::table::{MAX_CELL_CHARS, TableError, read_table};
use workbook::{
    Package, SHEET_HEAD, SHEET_TAIL, declare_size, peak_mib, shared_strings, sheet_only,
};

const HEADER: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c><c r="B1" t="inlineStr"><is><t>Số CCCD</t></is></c></row>"#;

/// Reads `bytes`, says how long it took and the process's peak memory after, and returns the
/// refusal.
fn refused(what: &str, bytes: &[u8]) -> TableError {
    let started = Instant::now();
    let result = read_table(bytes);
    let took = started.elapsed();
    eprintln!(
        "{what}: {} KiB file read in {took:?}, peak memory of the test process {} MiB",
        bytes.len() / 1024,
        peak_mib()
    );
    assert!(took < Duration::from_secs(10), "{what} took {took:?}");
    match result {
        Ok(rows) => panic!("{what} was read: {} rows", rows.len()),
        Err(e) => {
            eprintln!("{what}: {} «{}»", e.code, e.message);
            e
        }
    }
}

fn row(s: &[&str]) -> Vec<String> {
    s.iter().map(|c| c.to_string()).collect()
}

#[test]
fn a_cell_at_xfd1048576_is_refused_before_any_grid_is_allocated() {
    let bytes = sheet_only(&format!(
        r#"{HEADER}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#
    ));
    let e = refused("XFD1048576", &bytes);
    assert_eq!(e.code, "too_many_columns");
    assert_eq!(
        e.message,
        "Ô XFD1048576 nằm ngoài vùng dữ liệu: tệp chỉ được có tối đa 64 cột."
    );
}

#[test]
fn a_cell_at_cv1000000_is_refused_as_past_the_last_column() {
    let bytes = sheet_only(&format!(
        r#"{HEADER}<row r="1000000"><c r="CV1000000"><v>1</v></c></row>"#
    ));
    let e = refused("CV1000000", &bytes);
    assert_eq!(e.code, "too_many_columns");
    assert!(e.message.starts_with("Ô CV1000000 "), "{}", e.message);
}

#[test]
fn a_cell_at_b1000000_is_refused_as_past_the_last_row() {
    let bytes = sheet_only(&format!(
        r#"{HEADER}<row r="1000000"><c r="B1000000"><v>1</v></c></row>"#
    ));
    let e = refused("B1000000", &bytes);
    assert_eq!(e.code, "too_many_rows");
    assert_eq!(
        e.message,
        "Ô B1000000 nằm ngoài vùng dữ liệu: tệp chỉ được có tối đa 50.000 dòng."
    );
}

#[test]
fn a_cell_without_a_reference_far_down_is_refused_by_its_running_position() {
    let bytes = sheet_only(&format!(r#"{HEADER}<row r="60000"><c><v>1</v></c></row>"#));
    let e = refused("A60000 by position", &bytes);
    assert_eq!(e.code, "too_many_rows");
    assert!(e.message.starts_with("Ô A60000 "), "{}", e.message);
}

#[test]
fn a_gibibyte_inline_string_is_refused_without_being_held() {
    let mut p = Package::plain();
    p.start_sheet()
        .write(SHEET_HEAD.as_bytes())
        .write(HEADER.as_bytes())
        .write(br#"<row r="2"><c r="A2" t="inlineStr"><is><t>"#)
        .repeat(&[b'a'; 1 << 20], 1 << 10)
        .write(b"</t></is></c></row>")
        .write(SHEET_TAIL.as_bytes());
    let bytes = p.finish();
    assert!(bytes.len() < 8 << 20, "{} bytes", bytes.len());
    let e = refused("1 GiB inline string", &bytes);
    assert_eq!(e.code, "cell_too_long");
    assert_eq!(e.message, "Ô A2 dài quá 32.767 ký tự.");
}

#[test]
fn two_gibibytes_of_whitespace_in_sheet_data_are_refused_promptly() {
    let mut p = Package::plain();
    p.start_sheet()
        .write(SHEET_HEAD.as_bytes())
        .write(HEADER.as_bytes())
        .repeat(&[b' '; 1 << 20], 2 << 10)
        .write(SHEET_TAIL.as_bytes());
    let bytes = p.finish();
    assert!(bytes.len() < 16 << 20, "{} bytes", bytes.len());
    let e = refused("2 GiB of whitespace", &bytes);
    assert!(
        ["malformed_spreadsheet", "spreadsheet_too_large"].contains(&e.code),
        "{e:?}"
    );
}

/// A sheet of 64 MiB in well-formed events shorter than the longest allowed (an empty element,
/// then 64 KiB of spaces, over and over): only its size or its ratio can stop it.
fn short_runs() -> Vec<u8> {
    let mut piece = b"<x/>".to_vec();
    piece.resize(64 << 10, b' ');
    let mut p = Package::plain();
    p.start_sheet()
        .write(SHEET_HEAD.as_bytes())
        .repeat(&piece, 1 << 10)
        .write(SHEET_TAIL.as_bytes());
    p.finish()
}

#[test]
fn a_sheet_inflating_to_over_200_times_its_size_is_refused_as_a_zip_bomb() {
    let e = refused("64 MiB of short runs", &short_runs());
    assert_eq!(e.code, "spreadsheet_too_large");
    assert!(e.message.contains("bom nén"), "{}", e.message);
}

#[test]
fn an_entry_whose_headers_understate_its_size_is_refused() {
    let mut bytes = short_runs();
    declare_size(&mut bytes, workbook::SHEET_PATH, 100);
    let e = refused("a sheet declaring 100 bytes", &bytes);
    assert!(
        ["malformed_spreadsheet", "spreadsheet_too_large"].contains(&e.code),
        "{e:?}"
    );
}

#[test]
fn an_entry_whose_headers_overstate_its_size_reads_as_what_it_holds() {
    let mut bytes = sheet_only(HEADER);
    declare_size(&mut bytes, workbook::SHEET_PATH, u32::MAX - 1);
    assert_eq!(read_table(&bytes), Ok(vec![row(&["Họ và tên", "Số CCCD"])]));
}

#[test]
fn an_archive_of_more_than_a_thousand_entries_is_refused() {
    let mut p = Package::plain();
    p.sheet(HEADER);
    for i in 0..1_000 {
        p.part(&format!("xl/media/padding{i}.xml"), "<a/>");
    }
    let e = refused("1,005 entries", &p.finish());
    assert_eq!(e.code, "spreadsheet_too_large");
}

#[test]
fn a_dimension_claiming_the_whole_sheet_is_not_believed() {
    let mut p = Package::plain();
    p.part(
        workbook::SHEET_PATH,
        &format!(
            r#"{}<dimension ref="A1:XFD1048576"/><sheetData>{HEADER}</sheetData></worksheet>"#,
            SHEET_HEAD.trim_end_matches("<sheetData>")
        ),
    );
    assert_eq!(
        read_table(&p.finish()),
        Ok(vec![row(&["Họ và tên", "Số CCCD"])])
    );
}

#[test]
fn an_empty_styled_cell_at_xfd1048576_takes_no_room() {
    let bytes = sheet_only(&format!(
        r#"{HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>Rơ Mah</t></is></c><c r="C2" s="1"/></row><row r="1048576"><c r="XFD1048576" s="1"/></row>"#
    ));
    assert_eq!(
        read_table(&bytes),
        Ok(vec![row(&["Họ và tên", "Số CCCD"]), row(&["Rơ Mah", ""])])
    );
}

#[test]
fn a_shared_string_index_out_of_range_is_malformed() {
    let mut p = Package::plain();
    p.part(
        "xl/sharedStrings.xml",
        &shared_strings(&["<t>Họ và tên</t>"]),
    );
    p.sheet(r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>5</v></c></row>"#);
    let e = refused("shared string 5 of 1", &p.finish());
    assert_eq!(e.code, "malformed_spreadsheet");
    assert!(e.message.contains("ô B1"), "{}", e.message);
}

#[test]
fn a_cell_longer_than_excel_allows_is_refused_by_its_name() {
    let long = "ạ".repeat(MAX_CELL_CHARS + 1);
    let bytes = sheet_only(&format!(
        r#"{HEADER}<row r="7"><c r="B7" t="inlineStr"><is><t>{long}</t></is></c></row>"#
    ));
    let e = refused("32,768 characters", &bytes);
    assert_eq!(e.code, "cell_too_long");
    assert_eq!(e.message, "Ô B7 dài quá 32.767 ký tự.");
    // A shared string used by a cell, and one of exactly the limit.
    let mut p = Package::plain();
    p.part(
        "xl/sharedStrings.xml",
        &shared_strings(&[&format!("<t>{long}</t>"), &format!("<t>{}</t>", &long[3..])]),
    );
    p.sheet(r#"<row r="1"><c r="A1" t="s"><v>1</v></c><c r="C1" t="s"><v>0</v></c></row>"#);
    let e = refused("a long shared string", &p.finish());
    assert_eq!(e.message, "Ô C1 dài quá 32.767 ký tự.");
}

#[test]
fn a_cell_of_exactly_excels_limit_reads() {
    let full = "ạ".repeat(MAX_CELL_CHARS);
    let bytes = sheet_only(&format!(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>{full}</t></is></c></row>"#
    ));
    assert_eq!(read_table(&bytes), Ok(vec![vec![full]]));
}

#[test]
fn one_long_shared_string_in_many_cells_is_refused_as_too_much_text() {
    let text = "x".repeat(30_000);
    let mut p = Package::plain();
    p.part(
        "xl/sharedStrings.xml",
        &shared_strings(&[&format!("<t>{text}</t>")]),
    );
    let mut rows = String::new();
    for r in 1..=2_300 {
        rows.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#
        ));
    }
    p.sheet(&rows);
    let e = refused("2,300 × 30 KB", &p.finish());
    assert_eq!(e.code, "spreadsheet_too_large");
}

#[test]
fn csv_refuses_a_long_cell_row_50001_and_data_in_column_65() {
    let long = format!("Tên\nA,{}\n", "x".repeat(MAX_CELL_CHARS + 1));
    let e = read_table(long.as_bytes()).err();
    assert_eq!(e.as_ref().map(|e| e.code), Some("cell_too_long"));
    assert_eq!(
        e.map(|e| e.message),
        Some("Dòng 2, cột 2 dài quá 32.767 ký tự.".to_string())
    );
    let many = "a\n".repeat(50_001);
    let e = read_table(many.as_bytes()).err().map(|e| e.code);
    assert_eq!(e, Some("too_many_rows"));
    assert_eq!(
        read_table("a\n".repeat(50_000).as_bytes()).map(|t| t.len()),
        Ok(50_000)
    );
    let wide = format!("{}x\n", ",".repeat(64));
    let e = read_table(wide.as_bytes()).err();
    assert_eq!(e.map(|e| e.code), Some("too_many_columns"));
    // Empty fields past the last column (Excel writes them for formatted cells) are dropped.
    let trailing = format!("a,b{}\n", ",".repeat(100));
    let t = read_table(trailing.as_bytes()).unwrap();
    assert_eq!(t.first().map(Vec::len), Some(64));
}

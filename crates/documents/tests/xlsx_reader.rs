//! Our XLSX reader against calamine, the reader it replaced: on ordinary workbooks — written by
//! rust_xlsxwriter, or part by part by hand — `read_table` returns exactly the rows calamine's
//! `worksheet_range` gave the import, cell by cell as the old code printed them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod workbook;

use std::io::Cursor;

use antt_documents::table::read_table;
use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use workbook::{Package, shared_strings, styles, workbook_xml};

/// A cell as the old `table::cell_text` printed it.
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

/// The first sheet as the old `read_xlsx` read it with calamine.
fn calamine_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let first = wb.sheet_names().first().cloned().unwrap();
    let range = wb.worksheet_range(&first).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect()
}

/// Reads `bytes` both ways, asserts they agree, and returns the rows.
fn same_as_calamine(what: &str, bytes: &[u8]) -> Vec<Vec<String>> {
    let ours = read_table(bytes).unwrap_or_else(|e| panic!("{what}: {e:?}"));
    assert_eq!(ours, calamine_rows(bytes), "{what}");
    ours
}

fn date(y: u16, m: u8, d: u8) -> ExcelDateTime {
    ExcelDateTime::from_ymd(y, m, d).unwrap()
}

/// A roster as rust_xlsxwriter writes it: shared strings, numbers, dates in a custom and a
/// built-in format, an 11-digit number, a row gap, formulas with cached values, rich text.
fn roster() -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let dmy = Format::new().set_num_format("dd/mm/yyyy");
    let builtin = Format::new().set_num_format_index(14);
    let text = Format::new().set_num_format("@");
    for (i, h) in ["Họ và tên", "Ngày sinh", "Số CCCD", "Ghi chú", "Số", "Có"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, i as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "Rơ Mah Minh Họa").unwrap();
    ws.write_datetime_with_format(1, 1, date(1992, 3, 3), &dmy)
        .unwrap();
    ws.write_number(1, 2, 62090000601.0).unwrap();
    ws.write_string(1, 3, "  khoảng trắng & <dấu> \"ngoặc\"\nxuống dòng ")
        .unwrap();
    ws.write_number(1, 4, 3.25).unwrap();
    ws.write_boolean(1, 5, true).unwrap();
    // A row gap, empty cells in the middle, a date in a built-in format, a text-formatted CCCD.
    ws.write_string(3, 0, "Siu Hoa").unwrap();
    ws.write_datetime_with_format(3, 1, date(1900, 2, 28), &builtin)
        .unwrap();
    ws.write_string_with_format(3, 2, "062093000702", &text)
        .unwrap();
    ws.write_number(3, 4, -1e20).unwrap();
    ws.write_blank(3, 5, &dmy).unwrap();
    ws.write_number(4, 4, 0.1 + 0.2).unwrap();
    ws.write_formula(4, 0, Formula::new("=1+1").set_result("2"))
        .unwrap();
    ws.write_formula(4, 1, Formula::new("=\"a\"&\"b\"").set_result("ab"))
        .unwrap();
    ws.write_formula(4, 2, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    ws.write_formula(4, 3, Formula::new("=TRUE()").set_result("TRUE"))
        .unwrap();
    let bold = Format::new().set_bold();
    ws.write_rich_string(5, 0, &[(&bold, "Tổ "), (&Format::default(), "bảo vệ")])
        .unwrap();
    ws.write_string(5, 1, "snake_x000D_case 📷").unwrap();
    book.add_worksheet().write_string(0, 0, "not read").unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn a_roster_written_by_rust_xlsxwriter_reads_as_calamine_read_it() {
    let rows = same_as_calamine("roster", &roster());
    assert_eq!(rows[0][0], "Họ và tên", "the header is the first row");
    assert_eq!(rows[1][1..3], ["1992-03-03", "62090000601"]);
    assert_eq!(rows[2], vec![String::new(); 6], "the gap is an empty row");
    assert_eq!(rows[3][1..3], ["1900-02-28", "062093000702"]);
    assert_eq!(rows[4][0..4], ["2", "ab", "", "TRUE"]);
    assert_eq!(rows[5][0..2], ["Tổ bảo vệ", "snake_x000D_case 📷"]);
}

#[test]
fn a_sheet_starting_away_from_a1_reads_from_its_first_valued_cell_as_calamine_did() {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.write_blank(0, 0, &Format::new().set_bold()).unwrap();
    ws.write_string(2, 3, "D3").unwrap();
    ws.write_number(4, 2, 7.0).unwrap();
    ws.write_string(5, 6, "").unwrap();
    let rows = same_as_calamine("offset", &book.save_to_buffer().unwrap());
    assert_eq!(rows.len(), 3, "rows 3 to 5");
    assert_eq!(rows[0], ["", "D3"]);
    assert_eq!(rows[2], ["7", ""]);
}

#[test]
fn an_empty_sheet_reads_as_no_rows() {
    let mut book = Workbook::new();
    book.add_worksheet();
    assert!(same_as_calamine("empty", &book.save_to_buffer().unwrap()).is_empty());
}

/// A workbook written by hand: shared strings with rich and phonetic runs, custom and built-in
/// date formats, every cell type, cells and rows without references, rows out of order.
fn hand_written() -> Vec<u8> {
    let mut p = Package::plain();
    p.part(
        "xl/sharedStrings.xml",
        &shared_strings(&[
            "<t>Họ và tên</t>",
            "<r><t>Tổ </t></r><r><rPr><b/></rPr><t xml:space=\"preserve\"> bảo vệ </t></r>",
            "<t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh>",
            "<t>\n  trimmed \t</t>",
            "<t>&amp;&lt;&#x1EA0;&#65;_x000A_</t>",
            "",
        ]),
    );
    p.part(
        "xl/styles.xml",
        &styles(
            &[
                (164, "dd/mm/yyyy"),
                (165, "0.00\\ \"d\""),
                (166, "[$-42A]d mmmm yyyy"),
            ],
            &[0, 164, 165, 14, 166, 49, 46],
        ),
    );
    p.sheet(concat!(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>"#,
        r#"<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>"#,
        r#"<row r="2"><c r="A2" s="1"><v>45870</v></c><c r="B2" s="2"><v>45870</v></c><c r="C2" s="3"><v>60</v></c>"#,
        r#"<c r="D2" s="4"><v>45870.999999999</v></c><c r="E2" s="5"><v>12</v></c><c r="F2" s="6"><v>1.5</v></c>"#,
        r#"<c r="G2" s="9"><v>45870</v></c></row>"#,
        r#"<row r="3"><c t="inlineStr"><is><t>inline</t></is></c><c t="b"><v>0</v></c><c t="e"><v>#N/A</v></c>"#,
        r#"<c t="d"><v>2025-08-01T10:00:00</v></c><c t="str"><v>a&amp;b_x0009_c</v></c><c><v>not a number</v></c>"#,
        r#"<c t="n"><v>1E3</v></c></row>"#,
        r#"<row><c r="B4"><f>A1</f><v>42</v></c><c r="D4" t="s"><v></v></c><c r="E4"><v></v></c></row>"#,
        r#"<row r="6"><c r="A6" t="inlineStr"><is><r><t>rich </t></r><r><t>inline</t></r></is></c></row>"#,
        r#"<row r="5"><c r="A5"><v>5</v></c></row>"#,
        r#"<row r="7"><c r="A7"><v>1</v></c><c r="A7"><v>2</v></c></row>"#,
    ));
    p.finish()
}

#[test]
fn hand_written_cells_of_every_type_read_as_calamine_read_them() {
    let rows = same_as_calamine("hand-written", &hand_written());
    assert_eq!(rows[0][1..5], ["Tổ bảo vệ ", "漢字", "trimmed", "&<ẠA\n"]);
    assert_eq!(
        rows[1][0..4],
        ["2025-08-01", "45870", "1900-02-29", "2025-08-02"]
    );
    assert_eq!(
        rows[2][0..7],
        [
            "inline",
            "FALSE",
            "",
            "2025-08-01",
            "a&b\tc",
            "not a number",
            "1000"
        ]
    );
    assert_eq!(rows[4][0], "5", "a row out of order goes to its place");
}

#[test]
fn the_1904_date_system_and_a_workbook_elsewhere_read_as_calamine_read_them() {
    let mut p = Package::with(
        &workbook_xml(r#"date1904="1""#),
        "/xl/worksheets/sheet1.xml",
    );
    p.part("xl/styles.xml", &styles(&[], &[0, 14]));
    p.sheet(r#"<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>44408</v></c></row>"#);
    let rows = same_as_calamine("1904", &p.finish());
    assert_eq!(rows, [["1904-01-01", "2025-08-01"]]);
}

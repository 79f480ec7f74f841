//! The payroll sheet opened back (PAY-6, PAY-8…PAY-11): the workbook as Excel reads it, the PDF
//! as a reader extracts it, each with the totals, the amount in words, the arrears and the
//! signatures; no internal rule code on the paper.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod support;

use std::collections::BTreeMap;
use std::io::Cursor;

use antt_documents::payroll::{DETAIL_SHEET, PayrollSheet, SHEET, payroll_document, payroll_xlsx};
use antt_documents::{docx, official::PlaceDate, pdf};
use antt_domain::kernel::ids::PersonId;
use antt_domain::money::Dong;
use antt_domain::payroll::{Arrear, Month, PayItem, PayLine, assemble};
use antt_domain::policy::{ExplanationLine, TeamRole};
use calamine::{Data, Reader, Xlsx};

fn item(key: &str, label: &str, rate: i64, basis: &str, dong: i64) -> PayItem {
    PayItem {
        key: key.into(),
        label: label.into(),
        rate: Dong(rate),
        basis: basis.into(),
        dong: Dong(dong),
        minutes: 0,
        sources: vec!["khoản 2 Điều 3 Nghị định 161/2026/NĐ-CP".into()],
        rules: vec!["FIX-1".into()],
        explanation: vec![ExplanationLine {
            rule: "FIX-1".into(),
            text: format!("{basis}: {dong}"),
            citation: Some("Nghị định 161/2026/NĐ-CP".into()),
            verification: None,
        }],
        illustrative: true,
    }
}

fn line(n: u128, name: &str, team: &str, role: TeamRole, items: Vec<PayItem>) -> PayLine {
    PayLine {
        person: PersonId(uuid::Uuid::from_u128(n)),
        cccd: format!("06209000000{n}"),
        name: name.into(),
        team: team.into(),
        role,
        days: 30,
        monthly_support: Dong(0),
        allowances: BTreeMap::new(),
        withheld: Dong(0),
        arrears: vec![],
        total: Dong(0),
        items,
    }
}

fn body() -> antt_domain::payroll::PayrollBody {
    let nov = Month::new(2026, 11).unwrap();
    let a = line(
        1,
        "Rơ Mah Minh Họa",
        "Tổ thôn 1",
        TeamRole::Leader,
        vec![
            item(
                "monthly_support",
                "Hỗ trợ thường xuyên hằng tháng",
                1_644_500,
                "Tổ trưởng, cả tháng",
                1_644_500,
            ),
            item("night_duty", "Bồi dưỡng ban đêm", 70_000, "2 đêm", 140_000),
        ],
    );
    let b = line(
        2,
        "Ksor Thị Họa",
        "Tổ thôn 2",
        TeamRole::Member,
        vec![item(
            "monthly_support",
            "Hỗ trợ thường xuyên hằng tháng",
            1_265_000,
            "Tổ viên, cả tháng",
            1_265_000,
        )],
    );
    let arrear = Arrear {
        month: Month::new(2026, 7).unwrap(),
        item: "monthly_support".into(),
        label: "Hỗ trợ thường xuyên hằng tháng".into(),
        old: Dong(1_170_000),
        new: Dong(1_265_000),
        diff: Dong(95_000),
        cause: "Mức thay đổi từ 1.170.000 đ thành 1.265.000 đ (theo khoản 2 Điều 3 Nghị định 161/2026/NĐ-CP).".into(),
        rules: vec!["FIX-1".into()],
    };
    assemble(nov, vec![a, b.clone()], vec![(b, arrear)], None)
}

fn sheet(body: &antt_domain::payroll::PayrollBody) -> PayrollSheet<'_> {
    PayrollSheet {
        unit: "Ủy ban nhân dân xã Ia Tơi".into(),
        commune: "xã Ia Tơi".into(),
        dated: PlaceDate::new("Ia Tơi", chrono::NaiveDate::from_ymd_opt(2026, 12, 1)),
        body,
        state_label: "Đã duyệt".into(),
        draft: false,
        accountant: "Nguyễn Thị Kế Toán".into(),
        chairman: "Ksor Minh".into(),
    }
}

#[test]
fn pay_6_the_payroll_sheet_opens_in_excel_with_amounts_as_numbers_totals_and_words() {
    let b = body();
    assert_eq!(b.total, Dong(1_644_500 + 140_000 + 1_265_000 + 95_000));
    let bytes = payroll_xlsx(&sheet(&b)).unwrap();
    support::dump("payroll.xlsx", &bytes);
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec![SHEET.to_string(), DETAIL_SHEET.to_string()]
    );
    let ws = wb.worksheet_range(SHEET).unwrap();
    let text: Vec<String> = ws
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    let all = text.join(" | ");
    assert!(all.contains("BẢNG THANH TOÁN PHỤ CẤP"));
    assert!(all.contains("Tháng 11 năm 2026"));
    assert!(all.contains("Đơn vị: Ủy ban nhân dân xã Ia Tơi"));
    assert!(all.contains("MINH HỌA"), "a demo figure says so");
    assert!(
        all.contains(
            "Tổng số tiền (viết bằng chữ): Ba triệu một trăm bốn mươi tư nghìn năm trăm đồng./."
        ),
        "{all}"
    );
    for sign in [
        "NGƯỜI LẬP BẢNG",
        "KẾ TOÁN",
        "Nguyễn Thị Kế Toán",
        "Ksor Minh",
        "Ký nhận",
    ] {
        assert!(all.contains(sign), "{sign}");
    }
    assert!(!all.contains("FIX-1"), "no internal code on the paper");
    // The member's row: amounts are numbers, the total is the line's.
    let row = ws
        .rows()
        .find(|r| r.get(1).is_some_and(|c| *c == "Ksor Thị Họa"))
        .unwrap();
    assert_eq!(row[5], Data::Float(1_265_000.0));
    assert_eq!(row[7], Data::Float(95_000.0));
    assert_eq!(row[8], Data::Float(1_360_000.0));
    let total_row = ws
        .rows()
        .find(|r| r.get(1).is_some_and(|c| *c == "Tổng cộng"))
        .unwrap();
    assert_eq!(total_row[8], Data::Float(b.total.0 as f64));
    // Each team has its "Cộng".
    let sums: Vec<f64> = ws
        .rows()
        .filter(|r| r.get(1).is_some_and(|c| *c == "Cộng"))
        .map(|r| match r[8] {
            Data::Float(f) => f,
            _ => panic!("a number"),
        })
        .collect();
    assert_eq!(sums, vec![1_784_500.0, 1_360_000.0]);
    // The detail sheet explains each figure and carries the arrear's cause.
    let detail = wb.worksheet_range(DETAIL_SHEET).unwrap();
    let d: Vec<String> = detail
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(
        d.iter()
            .any(|c| c.contains("Truy lĩnh — Hỗ trợ thường xuyên hằng tháng"))
    );
    assert!(d.iter().any(|c| c.contains("161/2026")));
}

#[test]
fn pay_11_the_printed_sheet_reads_back_with_its_arrears_words_and_three_signatures() {
    let b = body();
    let doc = payroll_document(&sheet(&b));
    let bytes = pdf::render(&doc).unwrap();
    support::dump("payroll.pdf", &bytes);
    let text = support::squash(&support::pdf_pages(&bytes).join(" "));
    for want in [
        "BẢNG THANH TOÁN PHỤ CẤP",
        "Tháng 11 năm 2026",
        "Tổng số tiền (viết bằng chữ): Ba triệu một trăm bốn mươi tư nghìn năm trăm đồng",
        "Chi tiết truy lĩnh, truy thu",
        "07/2026",
        "NGƯỜI LẬP BẢNG",
        "CHỦ TỊCH",
        "3.144.500",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
    assert!(!text.contains("FIX-1"));
    // A4 landscape.
    for mb in support::media_boxes(&bytes) {
        assert!(mb[2] > mb[3], "landscape: {mb:?}");
    }
    let docx_bytes = docx::render(&doc).unwrap();
    let w = support::squash(&support::docx_text(&docx_bytes));
    assert!(w.contains("Ba triệu một trăm bốn mươi tư nghìn năm trăm đồng"));
    // A draft says so.
    let mut s = sheet(&b);
    s.draft = true;
    s.state_label = "Dự thảo".into();
    let text = support::squash(
        &support::pdf_pages(&pdf::render(&payroll_document(&s)).unwrap()).join(" "),
    );
    assert!(text.contains("DỰ THẢO"), "{text}");
}

/// INS-8, INS-12: where the pack withholds the member's own insurance part, the sheet gains a
/// column for it before the total, in the workbook and on paper; the totals are net and the
/// column is summed per team. Where nothing is withheld the column is not printed.
#[test]
fn ins_12_what_is_withheld_has_its_own_column_before_the_total() {
    let nov = Month::new(2026, 11).unwrap();
    let a = line(
        1,
        "Rơ Mah Minh Họa",
        "Tổ thôn 1",
        TeamRole::Member,
        vec![
            item(
                "monthly_support",
                "Hỗ trợ thường xuyên hằng tháng",
                1_265_000,
                "Tổ viên, cả tháng",
                1_265_000,
            ),
            item(
                antt_domain::payroll::WITHHELD,
                "Khấu trừ phần BHXH tự nguyện, BHYT người tham gia đóng",
                287_925,
                "BHXH TN 231.000 đ; BHYT 56.925 đ",
                -287_925,
            ),
        ],
    );
    let b = assemble(nov, vec![a], vec![], None);
    assert_eq!(b.total, Dong(977_075));
    let bytes = payroll_xlsx(&sheet(&b)).unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let ws = wb.worksheet_range(SHEET).unwrap();
    let header = ws
        .rows()
        .find(|r| r.first().is_some_and(|c| *c == "STT"))
        .unwrap();
    assert_eq!(header[8].to_string(), "Khấu trừ BHXH, BHYT (đồng)");
    assert_eq!(header[9].to_string(), "Tổng số tiền (đồng)");
    assert_eq!(header[10].to_string(), "Ký nhận");
    let row = ws
        .rows()
        .find(|r| r.get(1).is_some_and(|c| *c == "Rơ Mah Minh Họa"))
        .unwrap();
    assert_eq!(row[5], Data::Float(1_265_000.0));
    assert_eq!(row[6], Data::Float(0.0), "withheld is not an allowance");
    assert_eq!(row[8], Data::Float(287_925.0));
    assert_eq!(row[9], Data::Float(977_075.0));
    let sum = ws
        .rows()
        .find(|r| r.get(1).is_some_and(|c| *c == "Cộng"))
        .unwrap();
    assert_eq!(sum[8], Data::Float(287_925.0));
    assert_eq!(sum[9], Data::Float(977_075.0));
    let text = support::squash(
        &support::pdf_pages(&pdf::render(&payroll_document(&sheet(&b))).unwrap()).join(" "),
    );
    assert!(text.contains("Khấu trừ BHXH, BHYT"), "{text}");
    assert!(text.contains("287.925"), "{text}");
    assert!(
        text.contains("Chín trăm bảy mươi bảy nghìn không trăm bảy mươi lăm đồng"),
        "{text}"
    );
    // Nothing withheld: no such column.
    let plain = body();
    let bytes = payroll_xlsx(&sheet(&plain)).unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let ws = wb.worksheet_range(SHEET).unwrap();
    assert!(
        !ws.rows()
            .flat_map(|r| r.iter())
            .any(|c| c.to_string().contains("Khấu trừ"))
    );
}

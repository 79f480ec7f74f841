//! The Treasury list (BNK-3), a bank's file (BNK-6) and the quarter's insurance papers (INS-3,
//! INS-4, INS-10), each opened back as its reader would.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod support;

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

use antt_documents::insurance::{QuarterSheet, SHEETS, quarter_document, quarter_xlsx};
use antt_documents::official::PlaceDate;
use antt_documents::pdf;
use antt_documents::treasury::{Payees, bank_csv, treasury_document};
use antt_domain::insurance::quarter::{
    Movement, MovementKind, PaymentMode, Quarter, QuarterBody, QuarterLine, QuarterSums,
};
use antt_domain::kernel::ids::PersonId;
use antt_domain::money::Dong;
use antt_domain::payroll::bank::{BankAccount, BankLayout, PaymentDetails};
use antt_domain::payroll::{Month, PayLine, assemble};
use antt_domain::policy::TeamRole;
use calamine::{Data, Reader, Xlsx};

fn pay_line(n: u128, name: &str, total: i64) -> PayLine {
    PayLine {
        person: PersonId(uuid::Uuid::from_u128(n)),
        cccd: format!("06209000000{n}"),
        name: name.into(),
        team: "Tổ thôn 1".into(),
        role: TeamRole::Member,
        days: 31,
        monthly_support: Dong(total),
        allowances: BTreeMap::new(),
        withheld: Dong(0),
        arrears: vec![],
        total: Dong(total),
        items: vec![antt_domain::payroll::PayItem {
            key: "monthly_support".into(),
            label: "Hỗ trợ thường xuyên hằng tháng".into(),
            rate: Dong(1_265_000),
            basis: "Tổ viên".into(),
            dong: Dong(total),
            minutes: 0,
            sources: vec![],
            rules: vec![],
            explanation: vec![],
            illustrative: false,
        }],
    }
}

fn payees_body() -> antt_domain::payroll::PayrollBody {
    let mut a = pay_line(1, "Rơ Mah Minh Họa", 1_265_000);
    a.days = 14;
    assemble(
        Month::new(2026, 10).unwrap(),
        vec![
            a,
            pay_line(2, "Ksor, Thị \"Họa\"", 1_265_000),
            pay_line(3, "Siu Minh Họa", 0),
        ],
        vec![],
        None,
    )
}

fn accounts() -> HashMap<PersonId, BankAccount> {
    [1u128, 2]
        .into_iter()
        .map(|n| {
            (
                PersonId(uuid::Uuid::from_u128(n)),
                BankAccount {
                    account_no: format!("510020500010{n}"),
                    bank: "Agribank".into(),
                    branch: None,
                },
            )
        })
        .collect()
}

/// BNK-3: Mẫu số 09 carries the unit, its code and account, each payee's account and bank, the
/// amount under "Tiền phụ cấp và trợ cấp khác", the total in words, the changes and both the
/// unit's and the Treasury's signatures; a member paid nothing is not on it.
#[test]
fn bnk_3_the_treasury_list_reads_back_with_accounts_total_in_words_and_signatures() {
    let body = payees_body();
    let accounts = accounts();
    let details = PaymentDetails {
        budget_unit_code: Some("1099999".into()),
        treasury_account: Some("952321099999".into()),
        treasury: Some("Kho bạc Nhà nước khu vực XIV".into()),
        ..PaymentDetails::default()
    };
    let p = Payees {
        unit: "Ủy ban nhân dân xã Ia Tơi".into(),
        dated: PlaceDate::new("Ia Tơi", chrono::NaiveDate::from_ymd_opt(2026, 11, 5)),
        body: &body,
        accounts: &accounts,
        details: &details,
        chairman: "Ksor Minh".into(),
    };
    assert!(p.missing_accounts().is_empty());
    let bytes = pdf::render(&treasury_document(&p)).unwrap();
    support::dump("treasury.pdf", &bytes);
    let text = support::squash(&support::pdf_pages(&bytes).join(" "));
    for want in [
        "Mẫu số 09",
        "BẢNG THANH TOÁN CHO ĐỐI TƯỢNG THỤ HƯỞNG",
        "Mã đơn vị: 1099999",
        "952321099999, tại Kho bạc Nhà nước khu vực XIV",
        "5100205000101",
        "Agribank",
        "Tiền phụ cấp và trợ cấp khác",
        "2.530.000",
        "Hai triệu năm trăm ba mươi nghìn đồng",
        "Rơ Mah Minh Họa: tham gia 14 ngày trong tháng",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "Giám đốc Kho bạc Nhà nước",
    ] {
        assert!(text.contains(&support::squash(want)), "{want}\n{text}");
    }
    assert!(!text.contains("Siu Minh Họa"), "paid nothing, not listed");
}

/// BNK-6: the bank's columns in the bank's order, a header, quoting, UTF-8 with a BOM; the
/// ASCII name for banks that want it; amounts as whole đồng.
#[test]
fn bnk_6_the_bank_file_has_the_banks_columns_and_reads_back_as_csv() {
    let body = payees_body();
    let accounts = accounts();
    let details = PaymentDetails::default();
    let p = Payees {
        unit: "Ủy ban nhân dân xã Ia Tơi".into(),
        dated: PlaceDate::new("Ia Tơi", None),
        body: &body,
        accounts: &accounts,
        details: &details,
        chairman: String::new(),
    };
    let layout = BankLayout {
        bank: "Agribank".into(),
        columns: BankLayout::parse_columns("stt, name, name_ascii, account, amount, content")
            .unwrap(),
        delimiter: ',',
        header: true,
    };
    let bytes = bank_csv(&p, &layout);
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(
        lines[0],
        "STT,Họ và tên,\"Họ và tên (không dấu, chữ in hoa)\",Số tài khoản,Số tiền,Nội dung"
    );
    assert_eq!(
        lines[1],
        "1,Rơ Mah Minh Họa,RO MAH MINH HOA,5100205000101,1265000,Chi hỗ trợ, bồi dưỡng thành viên Tổ bảo vệ ANTT tháng 10/2026"
            .replacen("Chi hỗ trợ, bồi dưỡng thành viên Tổ bảo vệ ANTT tháng 10/2026", "\"Chi hỗ trợ, bồi dưỡng thành viên Tổ bảo vệ ANTT tháng 10/2026\"", 1)
    );
    assert!(
        lines[2].starts_with("2,\"Ksor, Thị \"\"Họa\"\"\","),
        "{}",
        lines[2]
    );
    // Without an account, the member is named as missing.
    let mut fewer = accounts.clone();
    fewer.remove(&PersonId(uuid::Uuid::from_u128(2)));
    let p = Payees {
        accounts: &fewer,
        ..p
    };
    assert_eq!(p.missing_accounts(), vec!["Ksor, Thị \"Họa\"".to_string()]);
}

fn sums(t: i64, prov: i64, bhyt: i64) -> QuarterSums {
    QuarterSums {
        bhxh_contribution: Dong(990_000),
        bhxh_state: Dong(198_000),
        bhxh_province: Dong(prov),
        bhxh_member: Dong(693_000),
        bhyt_contribution: Dong(341_550),
        bhyt_support: Dong(bhyt),
        bhyt_member: Dong(170_775),
        transfer: Dong(t),
    }
}

fn quarter_body() -> QuarterBody {
    let q = Quarter::new(2026, 4).unwrap();
    let line = QuarterLine {
        person: PersonId(uuid::Uuid::from_u128(1)),
        cccd: "062085000001".into(),
        name: "Rơ Mah Minh Họa".into(),
        team: "Tổ thôn 1".into(),
        bhxh_code: Some("6223000001".into()),
        bhyt_card: None,
        bhxh: true,
        payment_mode: Some(PaymentMode::Quarterly),
        pay_by: Month::new(2026, 12),
        state_months_before: 27,
        in_advance: true,
        months: vec![],
        advance: sums(256_950, 99_000, 157_950),
        actual: sums(269_775, 99_000, 170_775),
        difference: Dong(12_825),
    };
    QuarterBody {
        quarter: q,
        advance: line.advance,
        actual: line.actual,
        difference: Dong(12_825),
        lines: vec![line],
        withheld: Some(false),
        movements: vec![Movement {
            month: Month::new(2026, 11).unwrap(),
            kind: MovementKind::Increase,
            cccd: "062190000002".into(),
            name: "Ksor Thị Minh Họa".into(),
            scheme: "bhyt".into(),
            on: chrono::NaiveDate::from_ymd_opt(2026, 11, 17).unwrap(),
            reason: "Được công nhận là thành viên Tổ".into(),
        }],
        explanation: vec![],
        illustrative: true,
        gap: None,
    }
}

/// INS-10: the quarter's paper and workbook carry the advance, the actual amount, the
/// difference and the words; the lists D05-TS and D03-TS say their layout is composed.
#[test]
fn ins_10_the_quarters_paper_and_lists_read_back() {
    let body = quarter_body();
    let declarants = vec![antt_domain::insurance::quarter::Declarant {
        person: PersonId(uuid::Uuid::from_u128(1)),
        cccd: "062085000001".into(),
        name: "Rơ Mah Minh Họa".into(),
        birth_date: chrono::NaiveDate::from_ymd_opt(1985, 3, 9).unwrap(),
        sex: "Nam".into(),
        ethnicity: "Gia Rai".into(),
        phone: Some("0901234567".into()),
        residence: "Thôn Minh họa 1, xã Ia Tơi".into(),
        bhxh_from: Month::new(2024, 7),
    }];
    let s = QuarterSheet {
        unit: "Ủy ban nhân dân xã Ia Tơi".into(),
        commune: "xã Ia Tơi".into(),
        dated: PlaceDate::new("Ia Tơi", chrono::NaiveDate::from_ymd_opt(2027, 1, 5)),
        body: &body,
        state_label: "Đã quyết toán".into(),
        settled: true,
        account: Some("3761.0.1055555".into()),
        chairman: "Ksor Minh".into(),
        declarants: &declarants,
    };
    let bytes = pdf::render(&quarter_document(&s)).unwrap();
    support::dump("insurance-quarter.pdf", &bytes);
    let text = support::squash(&support::pdf_pages(&bytes).join(" "));
    for want in [
        "Quý IV năm 2026",
        "256.950",
        "269.775",
        "12.825",
        "Hai trăm sáu mươi chín nghìn bảy trăm bảy mươi lăm đồng",
        "Số phải chuyển thêm khi quyết toán",
        "3761.0.1055555",
        "CHỦ TỊCH",
    ] {
        assert!(text.contains(&support::squash(want)), "{want}\n{text}");
    }
    let bytes = quarter_xlsx(&s).unwrap();
    support::dump("insurance-quarter.xlsx", &bytes);
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names(), SHEETS.map(String::from).to_vec());
    let d05 = wb.worksheet_range("D05-TS").unwrap();
    let all: Vec<String> = d05
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(
        all.iter()
            .any(|c| c.contains("mẫu in chính thức chưa được đối chiếu"))
    );
    let row = d05
        .rows()
        .find(|r| r.get(1).is_some_and(|c| *c == "Rơ Mah Minh Họa"))
        .unwrap();
    assert_eq!(row[2], Data::String("6223000001".into()));
    assert_eq!(row[8], Data::Float(990_000.0));
    assert_eq!(row[10], Data::Float(99_000.0));
    let moves = wb.worksheet_range("Tăng giảm").unwrap();
    assert!(
        moves
            .rows()
            .any(|r| r.iter().any(|c| *c == "Tăng") && r.iter().any(|c| *c == "D03-TS"))
    );
    let q = wb.worksheet_range("Kinh phí quý").unwrap();
    let total = q
        .rows()
        .find(|r| r.get(1).is_some_and(|c| *c == "Tổng cộng"))
        .unwrap();
    assert_eq!(total[10], Data::Float(12_825.0));
    // INS-2: what the member declares on TK1-TS, from the roster; the sheet says it is composed
    // and what is still to be declared (no BHYT card yet).
    let tk1 = wb.worksheet_range("TK1-TS").unwrap();
    let all: Vec<String> = tk1
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(all.iter().any(|c| c.contains("không phải mẫu tờ khai")));
    let row = tk1
        .rows()
        .find(|r| r.get(1).is_some_and(|c| *c == "Rơ Mah Minh Họa"))
        .unwrap();
    let cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
    for want in [
        "Nam",
        "Gia Rai",
        "Việt Nam",
        "062085000001",
        "0901234567",
        "6223000001",
        "BHXH tự nguyện, BHYT",
        "07/2024",
        "chưa có thẻ BHYT: kê khai để cấp thẻ",
    ] {
        assert!(cells.iter().any(|c| c == want), "{want}: {cells:?}");
    }
    assert!(matches!(row[2], Data::DateTime(_)), "{:?}", row[2]);
}

/// INS-10 (*hằng năm quyết toán*): the year's paper reads back with its four quarters, the
/// year's sums, the balance in words, the commune's signatures and the office's block; a year
/// not yet confirmed says so; no internal code is printed.
#[test]
fn ins_10_the_years_settlement_reads_back_with_its_quarters_and_the_balance_in_words() {
    use antt_documents::insurance::{YearQuarterLine, YearSheet, year_document};
    let q = |n: u32, state: &str, advance: i64, actual: i64, transferred: i64| YearQuarterLine {
        quarter: format!("quý {n} năm 2026"),
        state: state.into(),
        advance: Dong(advance),
        actual: Dong(actual),
        transferred: Dong(transferred),
    };
    let sheet = YearSheet::for_commune(
        "Xã Ia Tơi",
        chrono::NaiveDate::from_ymd_opt(2026, 12, 10).unwrap(),
        2026,
        vec![
            q(1, "Cơ quan BHXH đã xác nhận", 900_000, 900_000, 900_000),
            q(2, "Cơ quan BHXH đã xác nhận", 900_000, 950_000, 950_000),
            q(
                3,
                "Đã quyết toán, chờ cơ quan BHXH xác nhận",
                1_027_800,
                1_079_100,
                1_079_100,
            ),
            q(
                4,
                "Đã chuyển tạm cấp, chưa quyết toán",
                1_079_100,
                1_100_000,
                1_079_100,
            ),
        ],
        false,
        true,
        Some("Ksor Minh"),
    );
    let doc = year_document(&sheet);
    let bytes = pdf::render(&doc).unwrap();
    support::dump("insurance-year.pdf", &bytes);
    let text = support::squash(&support::pdf_pages(&bytes).join(" "));
    for want in [
        "BẢNG QUYẾT TOÁN KINH PHÍ HỖ TRỢ ĐÓNG BẢO HIỂM XÃ HỘI TỰ NGUYỆN, BẢO HIỂM Y TẾ",
        "Năm 2026",
        "Quý 3 năm 2026",
        "Cả năm",
        // 900,000 + 950,000 + 1,079,100 + 1,100,000 = 4,029,100; transferred 4,008,200.
        "4.029.100",
        "4.008.200",
        "20.900",
        "Bốn triệu không trăm hai mươi chín nghìn một trăm đồng",
        "Số còn phải chuyển: 20.900 (Hai mươi nghìn chín trăm đồng)",
        "CHƯA ĐỦ CÁC QUÝ",
        "MINH HỌA",
        "Xác nhận của cơ quan Bảo hiểm xã hội",
        "Ksor Minh",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
    assert!(!text.contains("INS-10"), "no internal code on the paper");
    let w = support::squash(&support::docx_text(
        &antt_documents::docx::render(&doc).unwrap(),
    ));
    assert!(w.contains("Số còn phải chuyển: 20.900"), "{w}");
}

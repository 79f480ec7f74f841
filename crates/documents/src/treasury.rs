//! Trả qua Kho bạc và ngân hàng: the approved payroll as the list of payees attached to the
//! Treasury voucher, *Mẫu số 09 — Bảng thanh toán cho đối tượng thụ hưởng* (BNK-3: the form
//! as the software copies of it give it; the force's support goes under "Tiền phụ cấp và trợ
//! cấp khác"), and as a bank's bulk-payment file in the columns that bank asks for (BNK-6: no
//! national layout exists, none is claimed).

use antt_domain::kernel::ids::PersonId;
use antt_domain::money::Dong;
use antt_domain::payroll::PayrollBody;
use antt_domain::payroll::bank::{BankAccount, BankColumn, BankLayout, PaymentDetails};

use crate::official::{Block, Column, Document, Letterhead, PlaceDate, Signature, Table};
use crate::payroll::amount;

/// What the Treasury list and the bank file are made of.
#[derive(Debug, Clone)]
pub struct Payees<'a> {
    /// "Ủy ban nhân dân xã Ia Tơi".
    pub unit: String,
    pub dated: PlaceDate,
    pub body: &'a PayrollBody,
    pub accounts: &'a std::collections::HashMap<PersonId, BankAccount>,
    pub details: &'a PaymentDetails,
    pub chairman: String,
}

impl<'a> Payees<'a> {
    /// The payees of a commune's payroll, the unit named as its committee.
    pub fn for_commune(
        commune_name: &str,
        on: chrono::NaiveDate,
        body: &'a PayrollBody,
        accounts: &'a std::collections::HashMap<PersonId, BankAccount>,
        details: &'a PaymentDetails,
        chairman: Option<&str>,
    ) -> Payees<'a> {
        let (kind, bare) = crate::forms::split_kind(commune_name);
        let c = crate::forms::Commune::new(&kind, &bare, "");
        Payees {
            unit: c.committee(),
            dated: PlaceDate::new(c.place(), Some(on)),
            body,
            accounts,
            details,
            chairman: chairman.unwrap_or_default().to_string(),
        }
    }

    /// The lines paid (a positive total), in the payroll's order.
    fn paid(&self) -> impl Iterator<Item = &antt_domain::payroll::PayLine> {
        self.body.lines.iter().filter(|l| l.total.0 > 0)
    }

    /// The names of the members paid who have no account on record.
    pub fn missing_accounts(&self) -> Vec<String> {
        self.paid()
            .filter(|l| !self.accounts.contains_key(&l.person))
            .map(|l| l.name.clone())
            .collect()
    }

    fn total(&self) -> Dong {
        self.paid().fold(Dong(0), |a, l| a + l.total)
    }

    /// "Chi hỗ trợ, bồi dưỡng thành viên Tổ bảo vệ ANTT tháng 11/2026".
    pub fn content(&self) -> String {
        format!(
            "Chi hỗ trợ, bồi dưỡng thành viên Tổ bảo vệ ANTT tháng {}",
            self.body.month.short_vi()
        )
    }
}

/// The Treasury list, Mẫu số 09.
pub fn treasury_document(p: &Payees<'_>) -> Document {
    let d = p.details;
    let mut blocks = vec![
        Block::Note("Mẫu số 09".into()),
        Block::Heading("(Kèm theo Giấy rút dự toán/Ủy nhiệm chi số …… ngày ……)".into()),
        Block::Paragraph("Tài khoản dự toán [   ]          Tài khoản tiền gửi [   ]".into()),
        Block::field("1. Đơn vị sử dụng ngân sách", &p.unit),
        Block::field(
            "2. Mã đơn vị",
            d.budget_unit_code.as_deref().unwrap_or_default(),
        ),
        Block::field(
            "3. Tài khoản thanh toán của đơn vị số",
            &match (&d.treasury_account, &d.treasury) {
                (Some(a), Some(t)) => format!("{a}, tại {t}"),
                (Some(a), None) => a.clone(),
                _ => String::new(),
            },
        ),
    ];
    if p.body.illustrative {
        blocks.push(Block::Note(
            "MINH HỌA — có số liệu từ gói quy định giả lập, không phải số tiền thật.".into(),
        ));
    }
    let missing = p.missing_accounts();
    if !missing.is_empty() {
        blocks.push(Block::Note(format!(
            "THIẾU SỐ TÀI KHOẢN: {} — cần bổ sung trước khi gửi Kho bạc.",
            missing.join(", ")
        )));
    }
    blocks.push(Block::Section(
        "I. Nội dung đề nghị thanh toán (Đơn vị: Đồng)".into(),
    ));
    let mut rows: Vec<Vec<String>> = p
        .paid()
        .enumerate()
        .map(|(i, l)| {
            let a = p.accounts.get(&l.person);
            vec![
                (i + 1).to_string(),
                l.name.clone(),
                a.map(|a| a.account_no.clone()).unwrap_or_default(),
                a.map(|a| a.bank.clone()).unwrap_or_default(),
                amount(l.total),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                amount(l.total),
                String::new(),
                String::new(),
                String::new(),
            ]
        })
        .collect();
    let total = p.total();
    rows.push(vec![
        String::new(),
        "Tổng cộng".into(),
        String::new(),
        String::new(),
        amount(total),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        amount(total),
        String::new(),
        String::new(),
        String::new(),
    ]);
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::new("STT", 3, true),
            Column::new("Họ và tên", 12, false),
            Column::new("Số tài khoản người hưởng", 10, true),
            Column::new("Tên ngân hàng", 9, false),
            Column::new("Tổng số", 8, true),
            Column::new("Lương và phụ cấp theo lương", 6, true),
            Column::new("Tiền công lao động thường xuyên theo hợp đồng", 6, true),
            Column::new("Tiền thu nhập tăng thêm", 6, true),
            Column::new("Tiền thưởng", 5, true),
            Column::new("Tiền phụ cấp và trợ cấp khác", 8, true),
            Column::new("Tiền khoán", 5, true),
            Column::new("Tiền học bổng", 5, true),
            Column::new("Ghi chú", 7, false),
        ],
        rows,
    }));
    blocks.push(Block::Paragraph(format!(
        "Tổng số tiền bằng chữ: {}./.",
        antt_domain::words::dong_in_words(total)
    )));
    blocks.push(Block::Section(
        "II. Phần thuyết minh thay đổi so với tháng trước".into(),
    ));
    let changes: Vec<String> = p
        .body
        .lines
        .iter()
        .filter_map(|l| {
            let arrears: i64 = l.arrears.iter().map(|a| a.diff.0).sum();
            let mut why = Vec::new();
            if l.days > 0 && l.days < p.body.month.days() {
                why.push(format!("tham gia {} ngày trong tháng", l.days));
            }
            if l.withheld.0 != 0 {
                why.push(format!(
                    "khấu trừ phần BHXH, BHYT người tham gia đóng {}",
                    amount(l.withheld)
                ));
            }
            if arrears != 0 {
                why.push(format!(
                    "{} {}",
                    if arrears > 0 {
                        "truy lĩnh"
                    } else {
                        "truy thu"
                    },
                    amount(Dong(arrears.abs()))
                ));
            }
            (!why.is_empty()).then(|| format!("{}: {}.", l.name, why.join(", ")))
        })
        .collect();
    if changes.is_empty() {
        blocks.push(Block::Paragraph("Không có thay đổi.".into()));
    }
    for c in changes {
        blocks.push(Block::Paragraph(c));
    }
    blocks.extend(crate::official::receiving_office(
        "Phần dành cho Kho bạc Nhà nước",
        "Chuyên viên kiểm soát chi / Giao dịch viên",
        "Giám đốc Kho bạc Nhà nước",
    ));
    Document {
        letterhead: Some(Letterhead {
            governing: None,
            issuer: p.unit.clone(),
            number: None,
            symbol: None,
            dated: None,
        }),
        title: "BẢNG THANH TOÁN CHO ĐỐI TƯỢNG THỤ HƯỞNG".into(),
        summary: Some(p.content()),
        blocks,
        signatures: vec![
            Signature {
                title: "Người lập".into(),
                note: Some("(Ký, ghi rõ họ tên)".into()),
                ..Signature::default()
            },
            Signature {
                title: "Kế toán trưởng".into(),
                note: Some("(Ký, ghi rõ họ tên)".into()),
                ..Signature::default()
            },
            Signature {
                dated: Some(p.dated.clone()),
                title: "Thủ trưởng đơn vị".into(),
                note: Some("(Ký, ghi rõ họ tên, đóng dấu)".into()),
                name: p.chairman.trim().to_string(),
                ..Signature::default()
            },
        ],
        landscape: true,
        ..Document::default()
    }
}

/// `RO MAH MINH HOA`: a name as banks that take no accents ask for it.
fn ascii_upper(s: &str) -> String {
    antt_domain::text::fold(s).to_uppercase()
}

/// A field of a delimited file: quoted when it holds the delimiter, a quote or a line break; a
/// leading `=`, `+`, `-` or `@` is escaped so a spreadsheet never reads it as a formula.
fn field(raw: &str, delimiter: char) -> String {
    let mut s = raw.replace(['\r', '\n'], " ");
    if s.starts_with(['=', '+', '-', '@']) {
        s.insert(0, '\'');
    }
    if s.contains(delimiter) || s.contains('"') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The bank's file: UTF-8 with a byte-order mark (so Excel reads the accents), CRLF line ends,
/// the columns in the bank's order, amounts as whole đồng without grouping. Only members paid
/// a positive amount are in it; every one of them must have an account (see
/// [`Payees::missing_accounts`]).
pub fn bank_csv(p: &Payees<'_>, layout: &BankLayout) -> Vec<u8> {
    let dl = layout.delimiter;
    let mut out = String::from("\u{feff}");
    let mut line = |cells: Vec<String>| {
        let row: Vec<String> = cells.iter().map(|c| field(c, dl)).collect();
        out.push_str(&row.join(&dl.to_string()));
        out.push_str("\r\n");
    };
    if layout.header {
        line(
            layout
                .columns
                .iter()
                .map(|c| c.label_vi().to_string())
                .collect(),
        );
    }
    let content = p.content();
    for (i, l) in p.paid().enumerate() {
        let a = p.accounts.get(&l.person);
        line(
            layout
                .columns
                .iter()
                .map(|c| match c {
                    BankColumn::Stt => (i + 1).to_string(),
                    BankColumn::Name => l.name.clone(),
                    BankColumn::NameAscii => ascii_upper(&l.name),
                    BankColumn::Cccd => l.cccd.clone(),
                    BankColumn::Account => a.map(|a| a.account_no.clone()).unwrap_or_default(),
                    BankColumn::Bank => a.map(|a| a.bank.clone()).unwrap_or_default(),
                    BankColumn::Branch => a.and_then(|a| a.branch.clone()).unwrap_or_default(),
                    BankColumn::Amount => l.total.0.to_string(),
                    BankColumn::Content => content.clone(),
                    BankColumn::ContentAscii => antt_domain::text::fold(&content),
                })
                .collect(),
        );
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn a_bank_field_is_quoted_and_never_a_formula() {
        assert_eq!(field("Ksor, Thị", ','), "\"Ksor, Thị\"");
        assert_eq!(field("=HYPERLINK(1)", ';'), "'=HYPERLINK(1)");
        assert_eq!(field("a\"b", ','), "\"a\"\"b\"");
        assert_eq!(field("plain", ','), "plain");
    }
}

//! Kinh phí bảo hiểm của quý and the lists for the social insurance office.
//!
//! - [`quarter_document`]: the quarter's transfer as the commune signs it — member by member the
//!   advance, the actual amount and the difference, the totals, the amount in words, the
//!   signatures (PDF, DOCX). No form code: none was found for it.
//! - [`quarter_xlsx`]: the same figures and the lists INS-3 and INS-4 name — participants in
//!   BHXH TN (D05-TS) and in BHYT only (D03-TS), and the month's increases and decreases. Their
//!   columns follow the fields of the office's electronic files as found; the printed layouts
//!   were not found (INS-5), and each sheet says so.

use antt_domain::insurance::quarter::{Declarant, MovementKind, QuarterBody, QuarterLine};
use antt_domain::money::Dong;

use crate::DocumentError;
use crate::official::{Block, Column, Document, Letterhead, PlaceDate, Table};
use crate::payroll::amount;
use crate::xlsx::{Cell, TableSheet, tables};

/// What the papers are made of.
#[derive(Debug, Clone)]
pub struct QuarterSheet<'a> {
    /// "Ủy ban nhân dân xã Ia Tơi".
    pub unit: String,
    /// "xã Ia Tơi".
    pub commune: String,
    pub dated: PlaceDate,
    pub body: &'a QuarterBody,
    /// Where the quarter stands ("Đã quyết toán…"), printed on a paper not yet settled.
    pub state_label: String,
    pub settled: bool,
    pub account: Option<String>,
    pub chairman: String,
    /// The members as they declare themselves on TK1-TS (the sheet of what to declare).
    pub declarants: &'a [Declarant],
}

impl<'a> QuarterSheet<'a> {
    /// The papers of a commune's quarter, the unit named as its committee.
    pub fn for_commune(
        commune_name: &str,
        on: chrono::NaiveDate,
        body: &'a QuarterBody,
        state_label: &str,
        settled: bool,
        account: Option<&str>,
        chairman: Option<&str>,
    ) -> QuarterSheet<'a> {
        let (kind, bare) = crate::forms::split_kind(commune_name);
        let c = crate::forms::Commune::new(&kind, &bare, "");
        QuarterSheet {
            unit: c.committee(),
            commune: c.full(),
            dated: PlaceDate::new(c.place(), Some(on)),
            body,
            state_label: state_label.to_string(),
            settled,
            account: account.map(str::to_string),
            chairman: chairman.unwrap_or_default().to_string(),
            declarants: &[],
        }
    }

    /// The members' details for the sheet TK1-TS.
    pub fn with_declarants(self, declarants: &'a [Declarant]) -> QuarterSheet<'a> {
        QuarterSheet { declarants, ..self }
    }
}

/// The papers' columns of the transfer.
const COLUMNS: [(&str, u16, bool); 8] = [
    ("STT", 3, true),
    ("Họ và tên", 14, false),
    ("Mã số BHXH", 8, true),
    ("Tổ", 12, false),
    ("Tạm cấp đầu quý (đồng)", 9, true),
    ("Thực tế trong quý (đồng)", 9, true),
    ("Chênh lệch (đồng)", 9, true),
    ("Ghi chú", 14, false),
];

fn note_of(l: &QuarterLine) -> String {
    let mut parts = Vec::new();
    if !l.in_advance {
        parts.push("Tham gia trong quý".to_string());
    }
    if l.months.len() < 3 && l.in_advance {
        parts.push("Thôi tham gia trong quý".to_string());
    }
    for m in &l.months {
        for n in &m.notes {
            if !parts.contains(n) {
                parts.push(n.clone());
            }
        }
    }
    parts.join("; ")
}

fn words(d: Dong) -> String {
    antt_domain::words::dong_in_words(d)
}

/// The quarter's transfer as a document for signing.
pub fn quarter_document(s: &QuarterSheet<'_>) -> Document {
    let b = s.body;
    let mut blocks = vec![Block::Heading(antt_domain::text::capitalise(
        &b.quarter.label_vi(),
    ))];
    if !s.settled {
        blocks.push(Block::Note(format!(
            "CHƯA QUYẾT TOÁN ({}) — số thực tế tính theo dữ liệu đến ngày lập.",
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
    if let Some(a) = &s.account {
        blocks.push(Block::field(
            "Tài khoản chuyên thu của cơ quan bảo hiểm xã hội",
            a,
        ));
    }
    let mut rows: Vec<Vec<String>> = b
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            vec![
                (i + 1).to_string(),
                l.name.clone(),
                l.bhxh_code.clone().unwrap_or_default(),
                l.team.clone(),
                amount(l.advance.transfer),
                amount(l.actual.transfer),
                amount(l.difference),
                note_of(l),
            ]
        })
        .collect();
    rows.push(vec![
        String::new(),
        "Tổng cộng".into(),
        String::new(),
        String::new(),
        amount(b.advance.transfer),
        amount(b.actual.transfer),
        amount(b.difference),
        String::new(),
    ]);
    blocks.push(Block::Table(Table {
        columns: COLUMNS
            .iter()
            .map(|(h, w, c)| Column::new(*h, *w, *c))
            .collect(),
        rows,
    }));
    blocks.push(Block::Paragraph(format!(
        "Kinh phí thực tế của quý (viết bằng chữ): {}./.",
        words(b.actual.transfer)
    )));
    let diff = if b.difference.0 >= 0 {
        format!(
            "Số phải chuyển thêm khi quyết toán: {} ({}).",
            amount(b.difference),
            words(b.difference)
        )
    } else {
        format!(
            "Số chuyển thừa, được giảm trừ: {} ({}).",
            amount(Dong(-b.difference.0)),
            words(Dong(-b.difference.0))
        )
    };
    blocks.push(Block::Paragraph(diff));
    blocks.push(Block::Section("Cách tính".into()));
    for e in &b.explanation {
        blocks.push(Block::Paragraph(match &e.citation {
            Some(c) => format!("{} ({c})", e.text),
            None => e.text.clone(),
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
        title: "BẢNG KINH PHÍ HỖ TRỢ ĐÓNG BẢO HIỂM XÃ HỘI TỰ NGUYỆN, BẢO HIỂM Y TẾ".into(),
        summary: Some(format!(
            "Thành viên Tổ bảo vệ an ninh, trật tự {}",
            s.commune
        )),
        blocks,
        signatures: crate::payroll::commune_money_signatures(&s.dated, "", &s.chairman),
        landscape: true,
        ..Document::default()
    }
}

fn money(d: Dong) -> Cell {
    #[allow(clippy::cast_precision_loss)] // đồng amounts are far below 2^53
    Cell::Number(d.0 as f64)
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// The sheet names of the workbook.
pub const SHEETS: [&str; 5] = ["Kinh phí quý", "D05-TS", "D03-TS", "Tăng giảm", "TK1-TS"];

/// The quarter and the lists as a workbook.
pub fn quarter_xlsx(s: &QuarterSheet<'_>) -> Result<Vec<u8>, DocumentError> {
    let b = s.body;
    let mut head = vec![
        format!("{} — {}", s.unit, b.quarter.label_vi()),
        if s.settled {
            "Số liệu đã quyết toán.".to_string()
        } else {
            format!(
                "{}: số thực tế tính theo dữ liệu đến ngày lập.",
                s.state_label
            )
        },
    ];
    if b.illustrative {
        head.push("MINH HỌA — có số liệu từ gói quy định giả lập.".into());
    }
    if let Some(g) = &b.gap {
        head.push(format!("CHƯA ĐỦ SỐ LIỆU: {}", g.message_vi()));
    }
    let composed = "Bố cục do phần mềm soạn theo các trường của tệp điện tử của cơ quan BHXH (QĐ 595/QĐ-BHXH); mẫu in chính thức chưa được đối chiếu.".to_string();
    let mut list_head = head.clone();
    list_head.push(composed);

    // The transfer.
    let transfer_cols = [
        ("STT", 6.0),
        ("Họ và tên", 26.0),
        ("Số CCCD", 15.0),
        ("Mã số BHXH", 13.0),
        ("Tổ", 24.0),
        ("Tạm cấp đầu quý (đồng)", 14.0),
        ("BHXH TN: tỉnh hỗ trợ (đồng)", 14.0),
        ("BHYT: ngân sách hỗ trợ (đồng)", 14.0),
        ("Phần người tham gia (đồng)", 14.0),
        ("Thực tế xã chuyển (đồng)", 14.0),
        ("Chênh lệch (đồng)", 14.0),
        ("Ghi chú", 30.0),
    ];
    let member_part =
        |x: &antt_domain::insurance::quarter::QuarterSums| x.bhxh_member + x.bhyt_member;
    let transfer_rows: Vec<Vec<Cell>> = b
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            vec![
                Cell::Number(f64::from(u32::try_from(i + 1).unwrap_or(u32::MAX))),
                text(&l.name),
                text(&l.cccd),
                text(l.bhxh_code.clone().unwrap_or_default()),
                text(&l.team),
                money(l.advance.transfer),
                money(l.actual.bhxh_province),
                money(l.actual.bhyt_support),
                money(member_part(&l.actual)),
                money(l.actual.transfer),
                money(l.difference),
                text(note_of(l)),
            ]
        })
        .collect();
    let transfer_totals = vec![
        Cell::Empty,
        text("Tổng cộng"),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        money(b.advance.transfer),
        money(b.actual.bhxh_province),
        money(b.actual.bhyt_support),
        money(member_part(&b.actual)),
        money(b.actual.transfer),
        money(b.difference),
        Cell::Empty,
    ];

    // D05-TS: participants in BHXH TN (INS-3's fields).
    let d05_cols = [
        ("STT", 6.0),
        ("Họ và tên", 26.0),
        ("Mã số BHXH", 13.0),
        ("Số CCCD", 15.0),
        ("Mức đóng/tháng (đồng)", 14.0),
        ("Từ tháng", 10.0),
        ("Số tháng", 8.0),
        ("Phương thức", 16.0),
        ("Tổng tiền (đồng)", 14.0),
        ("NSNN hỗ trợ (đồng)", 14.0),
        ("NSĐP hỗ trợ (đồng)", 14.0),
        ("Tiền tự đóng (đồng)", 14.0),
        ("Ghi chú", 30.0),
    ];
    let d05_rows: Vec<Vec<Cell>> = b
        .lines
        .iter()
        .filter(|l| l.actual.bhxh_contribution.0 > 0)
        .enumerate()
        .map(|(i, l)| {
            let first = l.months.iter().find(|m| m.bhxh.is_some());
            vec![
                Cell::Number(f64::from(u32::try_from(i + 1).unwrap_or(u32::MAX))),
                text(&l.name),
                text(l.bhxh_code.clone().unwrap_or_default()),
                text(&l.cccd),
                money(
                    first
                        .and_then(|m| m.bhxh.as_ref())
                        .map_or(Dong(0), |x| x.contribution),
                ),
                text(first.map(|m| m.month.short_vi()).unwrap_or_default()),
                Cell::Number(f64::from(
                    u32::try_from(l.months.iter().filter(|m| m.bhxh.is_some()).count())
                        .unwrap_or(0),
                )),
                text(l.payment_mode.map(|p| p.label_vi()).unwrap_or_default()),
                money(l.actual.bhxh_contribution),
                money(l.actual.bhxh_state),
                money(l.actual.bhxh_province),
                money(l.actual.bhxh_member),
                text(
                    l.pay_by
                        .map(|m| format!("Hạn tự đóng: hết tháng {}", m.short_vi()))
                        .unwrap_or_default(),
                ),
            ]
        })
        .collect();
    let bhxh: Vec<&QuarterLine> = b
        .lines
        .iter()
        .filter(|l| l.actual.bhxh_contribution.0 > 0)
        .collect();
    let sum =
        |f: fn(&QuarterLine) -> Dong, ls: &[&QuarterLine]| ls.iter().fold(Dong(0), |a, l| a + f(l));
    let d05_totals = vec![
        Cell::Empty,
        text("Tổng cộng"),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        money(sum(|l| l.actual.bhxh_contribution, &bhxh)),
        money(sum(|l| l.actual.bhxh_state, &bhxh)),
        money(sum(|l| l.actual.bhxh_province, &bhxh)),
        money(sum(|l| l.actual.bhxh_member, &bhxh)),
        Cell::Empty,
    ];

    // D03-TS: BHYT supported by the budget (INS-4).
    let d03_cols = [
        ("STT", 6.0),
        ("Họ và tên", 26.0),
        ("Số CCCD", 15.0),
        ("Số thẻ BHYT", 16.0),
        ("Số tháng có tham gia", 10.0),
        ("Mức đóng (đồng)", 14.0),
        ("Ngân sách hỗ trợ (đồng)", 14.0),
        ("Người tham gia đóng (đồng)", 14.0),
        ("Ghi chú", 30.0),
    ];
    let bhyt: Vec<&QuarterLine> = b
        .lines
        .iter()
        .filter(|l| l.actual.bhyt_contribution.0 > 0)
        .collect();
    let d03_rows: Vec<Vec<Cell>> = bhyt
        .iter()
        .enumerate()
        .map(|(i, l)| {
            vec![
                Cell::Number(f64::from(u32::try_from(i + 1).unwrap_or(u32::MAX))),
                text(&l.name),
                text(&l.cccd),
                text(l.bhyt_card.clone().unwrap_or_default()),
                Cell::Number(f64::from(
                    u32::try_from(l.months.iter().filter(|m| m.bhyt.is_some()).count())
                        .unwrap_or(0),
                )),
                money(l.actual.bhyt_contribution),
                money(l.actual.bhyt_support),
                money(l.actual.bhyt_member),
                text(
                    l.months
                        .iter()
                        .filter(|m| m.days < m.month.days())
                        .map(|m| {
                            format!("{}: {}/{} ngày", m.month.short_vi(), m.days, m.month.days())
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            ]
        })
        .collect();
    let d03_totals = vec![
        Cell::Empty,
        text("Tổng cộng"),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        money(sum(|l| l.actual.bhyt_contribution, &bhyt)),
        money(sum(|l| l.actual.bhyt_support, &bhyt)),
        money(sum(|l| l.actual.bhyt_member, &bhyt)),
        Cell::Empty,
    ];

    let move_cols = [
        ("STT", 6.0),
        ("Tháng", 10.0),
        ("Tăng/giảm", 10.0),
        ("Danh sách", 12.0),
        ("Họ và tên", 26.0),
        ("Số CCCD", 15.0),
        ("Từ ngày", 12.0),
        ("Lý do", 30.0),
    ];
    let move_rows: Vec<Vec<Cell>> = b
        .movements
        .iter()
        .enumerate()
        .map(|(i, m)| {
            vec![
                Cell::Number(f64::from(u32::try_from(i + 1).unwrap_or(u32::MAX))),
                text(m.month.short_vi()),
                text(match m.kind {
                    MovementKind::Increase => "Tăng",
                    MovementKind::Decrease => "Giảm",
                }),
                text(if m.scheme == "bhxh" {
                    "D05-TS"
                } else {
                    "D03-TS"
                }),
                text(&m.name),
                text(&m.cccd),
                Cell::Date(m.on),
                text(&m.reason),
            ]
        })
        .collect();
    // TK1-TS: what each member declares (INS-2), from the roster and the enrolment.
    let tk1_cols = [
        ("STT", 6.0),
        ("Họ và tên", 26.0),
        ("Ngày sinh", 12.0),
        ("Giới tính", 8.0),
        ("Dân tộc", 12.0),
        ("Quốc tịch", 10.0),
        ("Số CCCD", 15.0),
        ("Số điện thoại", 13.0),
        ("Nơi cư trú", 30.0),
        ("Mã số BHXH", 13.0),
        ("Tham gia", 18.0),
        ("Phương thức đóng BHXH TN", 16.0),
        ("Từ tháng", 10.0),
        ("Mức đóng BHXH TN/tháng (đồng)", 14.0),
        ("Số thẻ BHYT", 16.0),
        ("Cần lập tờ khai", 30.0),
    ];
    let tk1_rows: Vec<Vec<Cell>> = b
        .lines
        .iter()
        .filter_map(|l| {
            let d = s.declarants.iter().find(|d| d.person == l.person)?;
            Some((l, d))
        })
        .enumerate()
        .map(|(i, (l, d))| {
            let bhxh = l.actual.bhxh_contribution.0 > 0 || l.bhxh;
            let bhyt = l.actual.bhyt_contribution.0 > 0;
            let mut needs = Vec::new();
            if bhxh && l.bhxh_code.is_none() {
                needs.push("chưa có mã số BHXH: kê khai để cấp mã");
            }
            if bhyt && l.bhyt_card.is_none() {
                needs.push("chưa có thẻ BHYT: kê khai để cấp thẻ");
            }
            let first = l
                .months
                .iter()
                .find_map(|m| m.bhxh.as_ref().map(|x| x.contribution));
            vec![
                Cell::Number(f64::from(u32::try_from(i + 1).unwrap_or(u32::MAX))),
                text(&d.name),
                Cell::Date(d.birth_date),
                text(&d.sex),
                text(&d.ethnicity),
                // A CCCD is issued to Vietnamese citizens only.
                text("Việt Nam"),
                text(&d.cccd),
                text(d.phone.clone().unwrap_or_default()),
                text(&d.residence),
                text(l.bhxh_code.clone().unwrap_or_default()),
                text(match (bhxh, bhyt) {
                    (true, true) => "BHXH tự nguyện, BHYT",
                    (true, false) => "BHXH tự nguyện",
                    (false, true) => "BHYT",
                    (false, false) => "",
                }),
                text(l.payment_mode.map(|p| p.label_vi()).unwrap_or_default()),
                text(d.bhxh_from.map(|m| m.short_vi()).unwrap_or_default()),
                first.map_or(Cell::Empty, money),
                text(l.bhyt_card.clone().unwrap_or_default()),
                text(needs.join("; ")),
            ]
        })
        .collect();
    let mut tk1_head = head.clone();
    tk1_head.push("Thông tin để lập Mẫu TK1-TS «Tờ khai tham gia, điều chỉnh thông tin BHXH, BHYT» (Quyết định 490/QĐ-BHXH) cho từng người, theo hồ sơ của xã; bố cục do phần mềm soạn, không phải mẫu tờ khai.".into());
    tables(&[
        TableSheet {
            sheet: SHEETS[0],
            title: "KINH PHÍ HỖ TRỢ ĐÓNG BHXH TỰ NGUYỆN, BHYT CỦA QUÝ",
            lines: &head,
            columns: &transfer_cols,
            rows: &transfer_rows,
            totals: Some(&transfer_totals),
        },
        TableSheet {
            sheet: SHEETS[1],
            title: "DANH SÁCH NGƯỜI THAM GIA BẢO HIỂM XÃ HỘI TỰ NGUYỆN (D05-TS)",
            lines: &list_head,
            columns: &d05_cols,
            rows: &d05_rows,
            totals: Some(&d05_totals),
        },
        TableSheet {
            sheet: SHEETS[2],
            title: "DANH SÁCH NGƯỜI CHỈ THAM GIA BẢO HIỂM Y TẾ (D03-TS)",
            lines: &list_head,
            columns: &d03_cols,
            rows: &d03_rows,
            totals: Some(&d03_totals),
        },
        TableSheet {
            sheet: SHEETS[3],
            title: "TĂNG, GIẢM NGƯỜI THAM GIA TRONG QUÝ",
            lines: &list_head,
            columns: &move_cols,
            rows: &move_rows,
            totals: None,
        },
        TableSheet {
            sheet: SHEETS[4],
            title: "THÔNG TIN KÊ KHAI TỜ KHAI THAM GIA BHXH, BHYT (TK1-TS)",
            lines: &tk1_head,
            columns: &tk1_cols,
            rows: &tk1_rows,
            totals: None,
        },
    ])
}

/// One quarter of the year's settlement paper.
#[derive(Debug, Clone)]
pub struct YearQuarterLine {
    /// "quý 3 năm 2026".
    pub quarter: String,
    /// Where it stands ("Cơ quan BHXH đã xác nhận").
    pub state: String,
    pub advance: Dong,
    pub actual: Dong,
    pub transferred: Dong,
}

/// The year's settlement of a commune's insurance supports (INS-10: *hằng năm quyết toán*): the
/// four quarters, what was advanced, what they came to, what was transferred and the balance.
#[derive(Debug, Clone)]
pub struct YearSheet {
    pub unit: String,
    pub commune: String,
    pub dated: PlaceDate,
    pub year: i32,
    pub quarters: Vec<YearQuarterLine>,
    /// Every quarter settled and confirmed by the office.
    pub complete: bool,
    pub illustrative: bool,
    pub chairman: String,
}

impl YearSheet {
    /// The paper of a commune's year, the unit named as its committee.
    pub fn for_commune(
        commune_name: &str,
        on: chrono::NaiveDate,
        year: i32,
        quarters: Vec<YearQuarterLine>,
        complete: bool,
        illustrative: bool,
        chairman: Option<&str>,
    ) -> YearSheet {
        let (kind, bare) = crate::forms::split_kind(commune_name);
        let c = crate::forms::Commune::new(&kind, &bare, "");
        YearSheet {
            unit: c.committee(),
            commune: c.full(),
            dated: PlaceDate::new(c.place(), Some(on)),
            year,
            quarters,
            complete,
            illustrative,
            chairman: chairman.unwrap_or_default().to_string(),
        }
    }
}

/// The year's settlement as a document for signing by the commune and confirming by the social
/// insurance office. No form code: none was found for it.
pub fn year_document(s: &YearSheet) -> Document {
    let mut blocks = vec![Block::Heading(format!("Năm {}", s.year))];
    if !s.complete {
        blocks.push(Block::Note(
            "CHƯA ĐỦ CÁC QUÝ — có quý chưa quyết toán hoặc chưa được cơ quan BHXH xác nhận; số liệu tính đến ngày lập.".into(),
        ));
    }
    if s.illustrative {
        blocks.push(Block::Note(
            "MINH HỌA — có số liệu từ gói quy định giả lập, không phải số tiền thật.".into(),
        ));
    }
    let sum =
        |f: &dyn Fn(&YearQuarterLine) -> Dong| s.quarters.iter().fold(Dong(0), |acc, q| acc + f(q));
    let (actual, transferred) = (sum(&|q| q.actual), sum(&|q| q.transferred));
    let balance = actual - transferred;
    let mut rows: Vec<Vec<String>> = s
        .quarters
        .iter()
        .map(|q| {
            vec![
                antt_domain::text::capitalise(&q.quarter),
                q.state.clone(),
                amount(q.advance),
                amount(q.actual),
                amount(q.transferred),
                amount(q.actual - q.transferred),
            ]
        })
        .collect();
    rows.push(vec![
        "Cả năm".into(),
        String::new(),
        amount(sum(&|q| q.advance)),
        amount(actual),
        amount(transferred),
        amount(balance),
    ]);
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::new("Quý", 8, false),
            Column::new("Tình trạng", 14, false),
            Column::new("Tạm cấp đầu quý (đồng)", 9, true),
            Column::new("Kinh phí thực tế (đồng)", 9, true),
            Column::new("Đã chuyển (đồng)", 9, true),
            Column::new("Còn phải chuyển (+) / chuyển thừa (−) (đồng)", 11, true),
        ],
        rows,
    }));
    blocks.push(Block::Paragraph(format!(
        "Kinh phí thực tế cả năm (viết bằng chữ): {}./.",
        words(actual)
    )));
    blocks.push(Block::Paragraph(if balance.0 >= 0 {
        format!(
            "Số còn phải chuyển: {} ({}).",
            amount(balance),
            words(balance)
        )
    } else {
        format!(
            "Số chuyển thừa, được giảm trừ: {} ({}).",
            amount(Dong(-balance.0)),
            words(Dong(-balance.0))
        )
    }));
    blocks.push(Block::Paragraph(
        "Kinh phí gồm phần ngân sách tỉnh hỗ trợ đóng BHXH tự nguyện và phần ngân sách hỗ trợ đóng BHYT của thành viên Tổ bảo vệ an ninh, trật tự; đầu quý chuyển tạm cấp, hết quý chuyển dứt điểm, hằng năm quyết toán (Kế hoạch triển khai Nghị quyết 24/2024/NQ-HĐND, mục III.7).".into(),
    ));
    blocks.extend(crate::official::receiving_office(
        "Xác nhận của cơ quan Bảo hiểm xã hội",
        "Cán bộ đối chiếu",
        "Thủ trưởng cơ quan",
    ));
    Document {
        letterhead: Some(Letterhead {
            governing: None,
            issuer: s.unit.clone(),
            number: None,
            symbol: None,
            dated: None,
        }),
        title: "BẢNG QUYẾT TOÁN KINH PHÍ HỖ TRỢ ĐÓNG BẢO HIỂM XÃ HỘI TỰ NGUYỆN, BẢO HIỂM Y TẾ"
            .into(),
        summary: Some(format!(
            "Thành viên Tổ bảo vệ an ninh, trật tự {} — năm {}",
            s.commune, s.year
        )),
        blocks,
        signatures: crate::payroll::commune_money_signatures(&s.dated, "", &s.chairman),
        landscape: true,
        ..Document::default()
    }
}

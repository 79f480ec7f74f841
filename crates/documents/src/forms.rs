//! The forms of Thông tư 14/2024/TT-BCA (rule TT14-FORMS) as [`Document`]s: Mẫu 01 (application),
//! 02 (ballot), 04 (minutes of the selection result), 05 (list proposing Tổ viên), 06 (list
//! introducing Tổ trưởng, Tổ phó), 07 (report proposing to stop a member) and 08 (the decisions of
//! the Chủ tịch UBND xã).
//!
//! **Composed, not copied.** The exact layouts and wording of the circular's annex were not found
//! ([NF] in `docs/legal-rules.md`). Each form here is composed in the NĐ 30/2020 layout
//! from what the circular and the law say the paper is for: who writes it to whom, what it must
//! carry (TT14-3.x, TT14-4.x, TT14-5.x, LAW-17.3) and the usual wording of Vietnamese
//! administrative papers. The document symbols used when no number is given ("BB-HĐXT", "DS-CAX",
//! "BC-CAX", "QĐ-UBND") are conventions, not prescribed. Replace the texts when the official
//! annex is at hand.
//!
//! Missing data print the conventional blanks (dots, "ngày … tháng … năm …", "Số:   /QĐ-UBND"),
//! never "None".

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

use crate::official::{
    Block, Column, Document, Letterhead, PlaceDate, Signature, Table, date_words,
};

/// The commune (xã, phường or đặc khu) whose papers these are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commune {
    /// "xã", "phường" or "đặc khu".
    pub kind: String,
    /// "Ia Tơi".
    pub name: String,
    /// The province, for the governing agency of the commune police: "Quảng Ngãi".
    pub province: String,
    /// The place name on the date line; empty uses `name`.
    pub place: String,
}

impl Commune {
    /// A commune whose place name is its own name.
    pub fn new(kind: &str, name: &str, province: &str) -> Commune {
        Commune {
            kind: kind.to_string(),
            name: name.to_string(),
            province: province.to_string(),
            place: String::new(),
        }
    }

    /// "xã Ia Tơi".
    pub fn full(&self) -> String {
        format!("{} {}", self.kind.trim(), self.name.trim())
    }

    /// "Ủy ban nhân dân xã Ia Tơi".
    pub fn committee(&self) -> String {
        format!("Ủy ban nhân dân {}", self.full())
    }

    /// "Công an xã Ia Tơi".
    pub fn police(&self) -> String {
        format!("Công an {}", self.full())
    }

    /// "Công an tỉnh Quảng Ngãi" (the commune police's governing agency).
    pub fn province_police(&self) -> String {
        format!("Công an tỉnh {}", self.province.trim())
    }

    /// The place name on the date line.
    pub fn place(&self) -> &str {
        if self.place.trim().is_empty() {
            self.name.trim()
        } else {
            self.place.trim()
        }
    }

    fn dated(&self, date: Option<NaiveDate>) -> Option<PlaceDate> {
        Some(PlaceDate::new(self.place(), date))
    }
}

/// Splits "Xã Ia Tơi" into ("xã", "Ia Tơi"); "Tỉnh Quảng Ngãi" into ("tỉnh", "Quảng Ngãi").
pub fn split_kind(name: &str) -> (String, String) {
    const PREFIXES: &[&str] = &["Đặc khu", "Thành phố", "Thị trấn", "Phường", "Tỉnh", "Xã"];
    for p in PREFIXES {
        if let Some(rest) = name.strip_prefix(p) {
            return (p.to_lowercase(), rest.trim().to_string());
        }
    }
    ("xã".to_string(), name.trim().to_string())
}

/// A person as the lists and the application describe them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    /// "Nam" or "Nữ".
    pub sex: String,
    pub ethnicity: String,
    /// Số định danh cá nhân (CCCD), 12 digits.
    pub cccd: String,
    /// Nơi cư trú.
    pub residence: String,
    /// Trình độ học vấn, e.g. "9/12", "Tốt nghiệp THCS".
    pub education: String,
}

/// Who signs for the commune police or the commune chairman.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signer {
    pub name: String,
    /// The deputy signs for the head ("KT. TRƯỞNG CÔNG AN XÃ" / "PHÓ TRƯỞNG CÔNG AN XÃ").
    pub deputy: bool,
}

fn blank(s: &str) -> String {
    if s.trim().is_empty() {
        "……".to_string()
    } else {
        s.trim().to_string()
    }
}

fn dmy(d: Option<NaiveDate>) -> String {
    d.map(antt_domain::date::format_vi)
        .unwrap_or_else(|| "…/…/……".to_string())
}

fn or_default(given: &[String], default: Vec<String>) -> Vec<String> {
    if given.is_empty() {
        default
    } else {
        given.to_vec()
    }
}

fn police_signature(c: &Commune, s: &Signer) -> Signature {
    let head = format!("Trưởng Công an {}", c.kind.trim());
    let (prefix, title) = if s.deputy {
        (
            Some(format!("KT. {head}")),
            format!("Phó Trưởng Công an {}", c.kind.trim()),
        )
    } else {
        (None, head)
    };
    Signature {
        prefix,
        title,
        name: s.name.trim().to_string(),
        ..Signature::default()
    }
}

fn police_letterhead(
    c: &Commune,
    number: Option<&str>,
    symbol: &str,
    date: Option<NaiveDate>,
) -> Letterhead {
    Letterhead {
        governing: Some(c.province_police()),
        issuer: c.police(),
        number: number.map(str::to_string),
        symbol: Some(symbol.to_string()),
        dated: c.dated(date),
    }
}

// ---------------------------------------------------------------------------------------------
// Mẫu 01

/// Mẫu 01: a citizen's application to join a Tổ bảo vệ an ninh, trật tự (TT14-3.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub commune: Commune,
    pub applicant: Person,
    pub phone: String,
    /// The thôn or tổ dân phố whose team the applicant wants to join.
    pub village: String,
    pub date: Option<NaiveDate>,
}

/// Mẫu 01, Đơn đăng ký tham gia Tổ bảo vệ an ninh, trật tự, addressed to the commune police
/// (the body that receives applications, TT14-3.4). A citizen's paper: no letterhead, the place
/// and date above the applicant's signature.
pub fn form_01_application(a: &Application) -> Document {
    let c = &a.commune;
    let p = &a.applicant;
    let village = if a.village.trim().is_empty() {
        "……".to_string()
    } else {
        a.village.trim().to_string()
    };
    let blocks = vec![
        Block::field("Họ và tên", &p.full_name),
        Block::field(
            "Ngày, tháng, năm sinh",
            &p.birth_date.map(antt_domain::date::format_vi).unwrap_or_default(),
        ),
        Block::field("Giới tính", &p.sex),
        Block::field("Dân tộc", &p.ethnicity),
        Block::field("Số định danh cá nhân (Căn cước công dân)", &p.cccd),
        Block::field("Nơi cư trú", &p.residence),
        Block::field("Trình độ học vấn", &p.education),
        Block::field("Số điện thoại", &a.phone),
        Block::Paragraph(format!(
            "Sau khi tìm hiểu quy định của Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở, \
             tôi tự nguyện làm đơn này đăng ký tham gia Tổ bảo vệ an ninh, trật tự ở {village}, {}.",
            c.full()
        )),
        Block::Paragraph(
            "Nếu được công nhận là thành viên Tổ bảo vệ an ninh, trật tự, tôi xin cam kết chấp hành \
             nghiêm chủ trương của Đảng, chính sách, pháp luật của Nhà nước, quy định của địa phương; \
             tích cực học tập, rèn luyện và hoàn thành tốt nhiệm vụ được giao."
                .to_string(),
        ),
        Block::Paragraph(
            "Tôi xin cam đoan những nội dung khai trên là đúng sự thật và chịu trách nhiệm trước \
             pháp luật về lời khai của mình./."
                .to_string(),
        ),
    ];
    Document {
        letterhead: None,
        title: "ĐƠN ĐĂNG KÝ THAM GIA TỔ BẢO VỆ AN NINH, TRẬT TỰ".to_string(),
        addressee: vec![c.police()],
        blocks,
        signatures: vec![Signature {
            dated: c.dated(a.date),
            title: "Người làm đơn".to_string(),
            note: Some("(Ký và ghi rõ họ tên)".to_string()),
            name: p.full_name.trim().to_string(),
            ..Signature::default()
        }],
        ..Document::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Mẫu 02

/// A candidate on the ballot and in the minutes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Candidate {
    pub full_name: String,
    pub birth_year: Option<i32>,
    /// Thôn or tổ dân phố.
    pub village: String,
}

/// Mẫu 02: the selection council's ballot (TT14-3.8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ballot {
    pub commune: Commune,
    pub candidates: Vec<Candidate>,
}

fn council_name(c: &Commune) -> String {
    format!(
        "Hội đồng xét tuyển Tổ viên Tổ bảo vệ an ninh, trật tự {}",
        c.full()
    )
}

/// Mẫu 02, Phiếu bầu of the Hội đồng xét tuyển: one row per candidate with the columns "Đồng ý"
/// and "Không đồng ý" to mark. A ballot counts only when stamped by the UBND xã (TT14-3.8); the
/// note says so.
pub fn form_02_ballot(b: &Ballot) -> Document {
    let c = &b.commune;
    let table = Table {
        columns: vec![
            Column::new("STT", 5, true),
            Column::new("Họ và tên", 28, false),
            Column::new("Năm sinh", 10, true),
            Column::new("Thôn, tổ dân phố", 20, false),
            Column::new("Đồng ý", 11, true),
            Column::new("Không đồng ý", 11, true),
        ],
        rows: b
            .candidates
            .iter()
            .enumerate()
            .map(|(i, k)| {
                vec![
                    (i + 1).to_string(),
                    k.full_name.trim().to_string(),
                    k.birth_year.map(|y| y.to_string()).unwrap_or_default(),
                    k.village.trim().to_string(),
                    String::new(),
                    String::new(),
                ]
            })
            .collect(),
    };
    Document {
        letterhead: Some(Letterhead {
            governing: Some(c.committee()),
            issuer: council_name(c),
            ..Letterhead::default()
        }),
        title: "PHIẾU BẦU".to_string(),
        summary: Some("Tuyển chọn Tổ viên Tổ bảo vệ an ninh, trật tự".to_string()),
        blocks: vec![
            Block::Note(
                "Cách ghi phiếu: với mỗi người, đồng ý thì đánh dấu (X) vào cột \u{201c}Đồng ý\u{201d}, \
                 không đồng ý thì đánh dấu (X) vào cột \u{201c}Không đồng ý\u{201d}."
                    .to_string(),
            ),
            Block::Table(table),
            Block::Note(format!(
                "Phiếu bầu có đóng dấu của {}.",
                c.committee()
            )),
        ],
        ..Document::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Mẫu 04

/// A member of the selection council (TT14-3.6).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CouncilMember {
    pub full_name: String,
    /// The member's post, e.g. "Phó Chủ tịch Ủy ban nhân dân xã".
    pub position: String,
    /// The role on the council, e.g. "Chủ tịch Hội đồng", "Ủy viên", "Thư ký".
    pub council_role: String,
    pub present: bool,
}

/// How the council voted (TT14-3.8).
pub use antt_domain::selection::VoteMethod;

/// One candidate's result, as counted by the pass rule (TT14-3.9) elsewhere.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CandidateResult {
    pub candidate: Candidate,
    pub yes_votes: u32,
    /// Trúng tuyển: more than half of the members present agreed, within the quota.
    pub passed: bool,
}

/// Mẫu 04: the minutes of the selection result (TT14-3.8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectionMinutes {
    pub commune: Commune,
    pub number: Option<String>,
    pub date: Option<NaiveDate>,
    pub start: Option<NaiveTime>,
    pub end: Option<NaiveTime>,
    /// Where the council met, e.g. "Hội trường Ủy ban nhân dân xã Ia Tơi".
    pub venue: String,
    pub members: Vec<CouncilMember>,
    pub method: VoteMethod,
    /// Number of Tổ viên to select (TT14-3.1).
    pub quota: Option<u32>,
    pub results: Vec<CandidateResult>,
    /// Other remarks: ties, how they were settled, opinions.
    pub notes: Vec<String>,
    pub chair: String,
    pub secretary: String,
}

fn time_words(t: Option<NaiveTime>) -> String {
    match t {
        Some(t) => format!("{:02} giờ {:02} phút", t.hour(), t.minute()),
        None => "… giờ … phút".to_string(),
    }
}

/// `yes / present` as a percentage with two decimals and a decimal comma: "77,78".
pub fn share_percent(yes: u32, present: u32) -> String {
    if present == 0 {
        return String::new();
    }
    // Hundredths of a percent, rounded half up.
    let hundredths = (u64::from(yes) * 20_000 + u64::from(present)) / (2 * u64::from(present));
    format!("{},{:02}", hundredths / 100, hundredths % 100)
}

/// Mẫu 04, Biên bản kết quả xét tuyển: time and place, the council members present, the vote
/// method, a table of results with each candidate's share of the members present, the pass rule
/// (TT14-3.9), remarks, and the signatures of the secretary and the chair side by side.
pub fn form_04_minutes(m: &SelectionMinutes) -> Document {
    let c = &m.commune;
    let total = m.members.len();
    let present: Vec<&CouncilMember> = m.members.iter().filter(|x| x.present).collect();
    let absent: Vec<&CouncilMember> = m.members.iter().filter(|x| !x.present).collect();
    let present_n = u32::try_from(present.len()).unwrap_or(u32::MAX);
    let mut blocks = vec![Block::Paragraph(format!(
        "Vào hồi {}, {}, tại {}, {} họp xét tuyển Tổ viên Tổ bảo vệ an ninh, trật tự.",
        time_words(m.start),
        date_words(m.date),
        blank(&m.venue),
        council_name(c),
    ))];
    blocks.push(Block::Section("I. THÀNH PHẦN".to_string()));
    blocks.push(Block::Paragraph(format!(
        "Thành viên Hội đồng có mặt: {}/{} người, gồm:",
        present.len(),
        total
    )));
    let member_line = |x: &CouncilMember| {
        let mut s = format!("- Ông (bà) {}", blank(&x.full_name));
        if !x.position.trim().is_empty() {
            s.push_str(&format!(", {}", x.position.trim()));
        }
        if !x.council_role.trim().is_empty() {
            s.push_str(&format!(" – {}", x.council_role.trim()));
        }
        s.push(';');
        s
    };
    for x in &present {
        blocks.push(Block::Paragraph(member_line(x)));
    }
    if !absent.is_empty() {
        blocks.push(Block::Paragraph(format!(
            "Vắng mặt: {} người:",
            absent.len()
        )));
        for x in &absent {
            blocks.push(Block::Paragraph(member_line(x)));
        }
    }
    blocks.push(Block::Paragraph(format!(
        "Chủ trì: ông (bà) {}. Thư ký: ông (bà) {}.",
        blank(&m.chair),
        blank(&m.secretary)
    )));
    blocks.push(Block::Section("II. NỘI DUNG".to_string()));
    blocks.push(Block::Paragraph(format!(
        "Hội đồng xem xét hồ sơ của {} người dự tuyển theo danh sách đã được {} phê duyệt và niêm \
         yết công khai. Số lượng Tổ viên cần tuyển chọn: {} người.",
        m.results.len(),
        c.committee(),
        m.quota
            .map(|q| q.to_string())
            .unwrap_or_else(|| "……".to_string())
    )));
    blocks.push(Block::Paragraph(match m.method {
        VoteMethod::ShowOfHands => "Hình thức biểu quyết: giơ tay.".to_string(),
        VoteMethod::SecretBallot => format!(
            "Hình thức biểu quyết: bỏ phiếu kín, bằng phiếu bầu có đóng dấu của {}; việc kiểm \
             phiếu do Tổ kiểm phiếu (gồm Tổ trưởng, Tổ phó, các thành viên và thư ký) thực hiện.",
            c.committee()
        ),
    }));
    blocks.push(Block::Section("III. KẾT QUẢ".to_string()));
    let table = Table {
        columns: vec![
            Column::new("STT", 5, true),
            Column::new("Họ và tên", 24, false),
            Column::new("Năm sinh", 9, true),
            Column::new("Thôn, tổ dân phố", 17, false),
            Column::new("Số phiếu đồng ý", 11, true),
            Column::new("Tỷ lệ (%)", 10, true),
            Column::new("Kết quả", 14, true),
        ],
        rows: m
            .results
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    (i + 1).to_string(),
                    r.candidate.full_name.trim().to_string(),
                    r.candidate
                        .birth_year
                        .map(|y| y.to_string())
                        .unwrap_or_default(),
                    r.candidate.village.trim().to_string(),
                    r.yes_votes.to_string(),
                    share_percent(r.yes_votes, present_n),
                    if r.passed {
                        "Trúng tuyển"
                    } else {
                        "Không trúng tuyển"
                    }
                    .to_string(),
                ]
            })
            .collect(),
    };
    blocks.push(Block::Table(table));
    blocks.push(Block::Paragraph(format!(
        "Người trúng tuyển là người được trên một nửa tổng số thành viên Hội đồng có mặt ({present_n} \
         người) đồng ý; trường hợp số người đạt yêu cầu nhiều hơn số lượng cần tuyển chọn thì lấy \
         theo thứ tự số phiếu đồng ý từ cao xuống thấp cho đến khi đủ số lượng (Điều 3 Thông tư số \
         14/2024/TT-BCA). Tỷ lệ tính trên số thành viên Hội đồng có mặt."
    )));
    let passed = m.results.iter().filter(|r| r.passed).count();
    blocks.push(Block::Paragraph(format!(
        "Số người trúng tuyển: {passed}/{} người dự tuyển.",
        m.results.len()
    )));
    for n in &m.notes {
        blocks.push(Block::Paragraph(n.trim().to_string()));
    }
    blocks.push(Block::Paragraph(format!(
        "Cuộc họp kết thúc vào hồi {} cùng ngày. Biên bản đã được đọc lại cho các thành viên Hội \
         đồng có mặt nghe và nhất trí thông qua./.",
        time_words(m.end)
    )));
    let sign = |title: &str, name: &str| Signature {
        title: title.to_string(),
        note: Some("(Ký, ghi rõ họ tên)".to_string()),
        name: name.trim().to_string(),
        ..Signature::default()
    };
    Document {
        letterhead: Some(Letterhead {
            governing: Some(c.committee()),
            issuer: council_name(c),
            number: m.number.clone(),
            symbol: Some("BB-HĐXT".to_string()),
            dated: c.dated(m.date),
        }),
        title: "BIÊN BẢN".to_string(),
        summary: Some("Kết quả xét tuyển Tổ viên Tổ bảo vệ an ninh, trật tự".to_string()),
        blocks,
        signatures: vec![
            sign("Thư ký", &m.secretary),
            sign("Chủ tịch Hội đồng", &m.chair),
        ],
        ..Document::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Mẫu 05 and 06

/// A person on the list of Mẫu 05 or Mẫu 06.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Nominee {
    pub person: Person,
    /// The thôn or tổ dân phố of the team.
    pub village: String,
    /// Mẫu 06: "Tổ trưởng" or "Tổ phó". Ignored by Mẫu 05.
    pub role: String,
    pub note: String,
}

/// The list sent by the commune police to the chairman (TT14-4.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NomineeList {
    pub commune: Commune,
    pub number: Option<String>,
    pub date: Option<NaiveDate>,
    /// The date of the minutes of the selection result, for Mẫu 05.
    pub minutes_date: Option<NaiveDate>,
    pub nominees: Vec<Nominee>,
    pub signer: Signer,
    /// Nơi nhận; empty gives the chairman and the police's own file.
    pub recipients: Vec<String>,
}

fn nominee_table(list: &NomineeList, with_role: bool) -> Table {
    let mut columns = vec![
        Column::new("STT", 4, true),
        Column::new("Họ và tên", 15, false),
        Column::new("Ngày sinh", 11, true),
        Column::new("Giới tính", 6, true),
        Column::new("Dân tộc", 7, true),
        Column::new("Số CCCD", 13, true),
        Column::new("Nơi cư trú", 14, false),
        Column::new("Trình độ học vấn", 8, true),
        Column::new("Thôn, tổ dân phố", 10, false),
    ];
    if with_role {
        columns.push(Column::new("Chức danh đề nghị", 9, true));
    }
    columns.push(Column::new("Ghi chú", 8, false));
    let rows = list
        .nominees
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let p = &n.person;
            let mut row = vec![
                (i + 1).to_string(),
                p.full_name.trim().to_string(),
                p.birth_date
                    .map(antt_domain::date::format_vi)
                    .unwrap_or_default(),
                p.sex.trim().to_string(),
                p.ethnicity.trim().to_string(),
                p.cccd.trim().to_string(),
                p.residence.trim().to_string(),
                p.education.trim().to_string(),
                n.village.trim().to_string(),
            ];
            if with_role {
                row.push(n.role.trim().to_string());
            }
            row.push(n.note.trim().to_string());
            row
        })
        .collect();
    Table { columns, rows }
}

/// Which list of people the commune police send the chairman.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NomineeKind {
    /// Mẫu 05: members selected by the council.
    Members,
    /// Mẫu 06: leaders and deputies introduced by the police.
    Leaders,
    /// TT14-4.2: the village's civil-defence leaders proposed as the team's leader and deputy.
    CivilDefenceLeaders,
}

fn nominee_document(list: &NomineeList, kind: NomineeKind) -> Document {
    let c = &list.commune;
    let with_role = kind != NomineeKind::Members;
    let (summary, intro) = match kind {
        NomineeKind::Leaders => (
            "Giới thiệu đề nghị công nhận Tổ trưởng, Tổ phó Tổ bảo vệ an ninh, trật tự".to_string(),
            format!(
                "{} giới thiệu, đề nghị Chủ tịch {} xem xét, công nhận những người có tên sau đây \
                 là Tổ trưởng, Tổ phó Tổ bảo vệ an ninh, trật tự:",
                c.police(),
                c.committee()
            ),
        ),
        NomineeKind::CivilDefenceLeaders => (
            "Đề nghị công nhận Đội trưởng, Đội phó dân phòng là Tổ trưởng, Tổ phó Tổ bảo vệ an \
             ninh, trật tự"
                .to_string(),
            format!(
                "Căn cứ khoản 2 Điều 4 Thông tư số 14/2024/TT-BCA, {} đề nghị Chủ tịch {} xem \
                 xét, công nhận những người có tên sau đây, là Đội trưởng, Đội phó dân phòng được \
                 bổ nhiệm ở thôn, tổ dân phố nơi Tổ hoạt động, là Tổ trưởng, Tổ phó Tổ bảo vệ an \
                 ninh, trật tự:",
                c.police(),
                c.committee()
            ),
        ),
        NomineeKind::Members => (
            "Đề nghị công nhận Tổ viên Tổ bảo vệ an ninh, trật tự".to_string(),
            format!(
                "Căn cứ Biên bản kết quả xét tuyển Tổ viên Tổ bảo vệ an ninh, trật tự {}, {} đề \
                 nghị Chủ tịch {} xem xét, công nhận những người có tên sau đây là Tổ viên Tổ bảo \
                 vệ an ninh, trật tự:",
                date_words(list.minutes_date),
                c.police(),
                c.committee()
            ),
        ),
    };
    Document {
        letterhead: Some(police_letterhead(
            c,
            list.number.as_deref(),
            "DS-CAX",
            list.date,
        )),
        title: "DANH SÁCH".to_string(),
        summary: Some(summary),
        blocks: vec![
            Block::Paragraph(intro),
            Block::Table(nominee_table(list, with_role)),
            Block::Paragraph(format!(
                "Danh sách này gồm {} người./.",
                list.nominees.len()
            )),
        ],
        recipients: or_default(
            &list.recipients,
            vec![
                format!("Chủ tịch {} (để xem xét, quyết định)", c.committee()),
                "Lưu: CAX".to_string(),
            ],
        ),
        signatures: vec![police_signature(c, &list.signer)],
        // Nine columns: in portrait every name and address wraps onto three lines.
        landscape: true,
        ..Document::default()
    }
}

/// Mẫu 05, Danh sách đề nghị công nhận Tổ viên (TT14-4.1), from the commune police.
pub fn form_05_member_list(list: &NomineeList) -> Document {
    nominee_document(list, NomineeKind::Members)
}

/// Mẫu 06, Danh sách giới thiệu đề nghị công nhận Tổ trưởng, Tổ phó (TT14-4.1, TT14-4.2), with
/// the proposed role of each person.
pub fn form_06_leader_list(list: &NomineeList) -> Document {
    nominee_document(list, NomineeKind::Leaders)
}

/// The commune police's written proposal to recognise a village's Đội trưởng, Đội phó dân phòng
/// as the team's Tổ trưởng, Tổ phó without a selection (TT14-4.2). The Circular prescribes no
/// form for it: it is the list of Mẫu 06 with the ground of TT14-4.2 in its opening.
pub fn proposal_civil_defence_leaders(list: &NomineeList) -> Document {
    nominee_document(list, NomineeKind::CivilDefenceLeaders)
}

// ---------------------------------------------------------------------------------------------
// Mẫu 07

/// The four legal grounds to stop a member's participation (Law 30/2023 Điều 17 khoản 3,
/// LAW-17.3a–d).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    Voluntary,
    Health,
    Discipline,
    Legal,
}

impl StopReason {
    /// "điểm a khoản 3 Điều 17 Luật số 30/2023/QH15".
    pub fn basis(self) -> &'static str {
        match self {
            StopReason::Voluntary => "điểm a khoản 3 Điều 17 Luật số 30/2023/QH15",
            StopReason::Health => "điểm b khoản 3 Điều 17 Luật số 30/2023/QH15",
            StopReason::Discipline => "điểm c khoản 3 Điều 17 Luật số 30/2023/QH15",
            StopReason::Legal => "điểm d khoản 3 Điều 17 Luật số 30/2023/QH15",
        }
    }

    /// The ground in the words of the law.
    pub fn text(self) -> &'static str {
        match self {
            StopReason::Voluntary => "Có đơn xin thôi tham gia",
            StopReason::Health => {
                "Không bảo đảm sức khỏe theo giấy chứng nhận của cơ sở khám bệnh, chữa bệnh"
            }
            StopReason::Discipline => {
                "Từ chối thực hiện nhiệm vụ do Công an cấp xã giao, huy động từ 02 lần trở lên mà \
                 không có lý do chính đáng, hoặc không hoàn thành nhiệm vụ, lợi dụng danh nghĩa \
                 để vi phạm pháp luật và đã bị Công an cấp xã nhắc nhở bằng văn bản từ 02 lần trở \
                 lên mà vẫn tiếp tục vi phạm"
            }
            StopReason::Legal => {
                "Đã có quyết định khởi tố bị can hoặc bị áp dụng biện pháp ngăn chặn theo quy định \
                 của pháp luật về tố tụng hình sự, hoặc bị áp dụng biện pháp xử lý hành chính"
            }
        }
    }
}

impl TryFrom<antt_domain::force::EndReason> for StopReason {
    type Error = antt_domain::force::EndReason;

    /// The four legal reasons; a transfer or a change of role is not a stop.
    fn try_from(r: antt_domain::force::EndReason) -> Result<StopReason, Self::Error> {
        use antt_domain::force::EndReason as E;
        match r {
            E::Voluntary => Ok(StopReason::Voluntary),
            E::Health => Ok(StopReason::Health),
            E::Discipline => Ok(StopReason::Discipline),
            E::Legal => Ok(StopReason::Legal),
            other => Err(other),
        }
    }
}

/// A dated fact backing the report (an application, a certificate, a refusal, a reminder…).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    pub date: Option<NaiveDate>,
    pub text: String,
}

/// Mẫu 07: the commune police's report proposing to stop a member (TT14-5.3a, TT14-5.3b).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopReport {
    pub commune: Commune,
    pub number: Option<String>,
    pub date: Option<NaiveDate>,
    pub person: Person,
    /// "Tổ trưởng", "Tổ phó" or "Tổ viên".
    pub role: String,
    /// "Tổ bảo vệ an ninh, trật tự thôn Minh họa 1".
    pub team: String,
    /// The decision that recognised the member, e.g. "Quyết định số 12/QĐ-UBND ngày 15/7/2024
    /// của Chủ tịch Ủy ban nhân dân xã Ia Tơi".
    pub recognised_by: Option<String>,
    pub reason: StopReason,
    /// Facts of the case in a sentence or two.
    pub details: String,
    pub evidence: Vec<Evidence>,
    /// Who reviewed the case with the police, e.g. "Trưởng thôn Minh họa 1".
    pub consulted: Vec<String>,
    pub signer: Signer,
    pub recipients: Vec<String>,
}

/// Mẫu 07, Báo cáo đề nghị cho thôi tham gia, from the commune police to the Chủ tịch UBND xã: the
/// person, the team, the legal ground with its article, the dated evidence, who reviewed it.
pub fn form_07_stop_report(r: &StopReport) -> Document {
    let c = &r.commune;
    let p = &r.person;
    let name = blank(&p.full_name);
    let mut who = format!(
        "Ông (bà) {name}, sinh ngày {}; số định danh cá nhân: {}; nơi cư trú: {}; hiện là {} {}",
        dmy(p.birth_date),
        blank(&p.cccd),
        blank(&p.residence),
        blank(&r.role),
        blank(&r.team),
    );
    if let Some(by) = r.recognised_by.as_deref().filter(|s| !s.trim().is_empty()) {
        who.push_str(&format!(" (được công nhận theo {})", by.trim()));
    }
    who.push('.');
    let mut blocks = vec![
        Block::Paragraph(who),
        Block::Paragraph(format!(
            "Lý do đề nghị cho thôi tham gia: {}, thuộc trường hợp quy định tại {}.",
            r.reason.text(),
            r.reason.basis()
        )),
    ];
    if !r.details.trim().is_empty() {
        blocks.push(Block::Paragraph(r.details.trim().to_string()));
    }
    if !r.evidence.is_empty() {
        blocks.push(Block::Paragraph("Tài liệu, chứng cứ kèm theo:".to_string()));
        let n = r.evidence.len();
        for (i, e) in r.evidence.iter().enumerate() {
            let end = if i + 1 == n { "." } else { ";" };
            blocks.push(Block::Paragraph(format!(
                "- Ngày {}: {}{end}",
                dmy(e.date),
                e.text.trim().trim_end_matches(['.', ';'])
            )));
        }
    }
    if !r.consulted.is_empty() {
        blocks.push(Block::Paragraph(format!(
            "{} đã phối hợp với {} xem xét, thống nhất đề nghị (khoản 3 Điều 5 Thông tư số \
             14/2024/TT-BCA).",
            c.police(),
            r.consulted
                .iter()
                .map(|s| s.trim())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    blocks.push(Block::Paragraph(format!(
        "{} kính đề nghị Chủ tịch {} xem xét, quyết định cho ông (bà) {name} thôi tham gia {}./.",
        c.police(),
        c.committee(),
        blank(&r.team)
    )));
    Document {
        letterhead: Some(police_letterhead(c, r.number.as_deref(), "BC-CAX", r.date)),
        title: "BÁO CÁO".to_string(),
        summary: Some(format!(
            "Đề nghị cho thôi tham gia Tổ bảo vệ an ninh, trật tự đối với ông (bà) {name}"
        )),
        addressee: vec![format!("Chủ tịch {}", c.committee())],
        blocks,
        recipients: or_default(
            &r.recipients,
            vec!["Như trên".to_string(), "Lưu: CAX".to_string()],
        ),
        signatures: vec![police_signature(c, &r.signer)],
        ..Document::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Mẫu 08

/// Which decision of Mẫu 08.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionKind {
    /// Set up a team and recognise its Tổ trưởng, Tổ phó and Tổ viên (TT14-4.3).
    SetUpTeam,
    /// Recognise members of an existing team (TT14-4.3).
    RecogniseMembers,
    /// Stop the participation of members (TT14-5.3c), on one ground of LAW-17.3.
    StopParticipation(StopReason),
}

/// A person named in Điều 1.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionMember {
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    pub cccd: String,
    pub residence: String,
    /// "Tổ trưởng", "Tổ phó" or "Tổ viên".
    pub role: String,
}

/// Mẫu 08: a decision of the Chủ tịch UBND xã.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub commune: Commune,
    pub kind: DecisionKind,
    pub number: Option<String>,
    pub date: Option<NaiveDate>,
    /// "Tổ bảo vệ an ninh, trật tự thôn Minh họa 1".
    pub team: String,
    /// The thôn and tổ dân phố the team covers (LAW-14.2), for a team being set up.
    pub area: String,
    pub members: Vec<DecisionMember>,
    /// Replaces the default first basis, "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16
    /// tháng 6 năm 2025;".
    pub local_government_basis: Option<String>,
    /// More bases after the law and the circular, e.g. the province's resolution, each with its
    /// closing ";".
    pub extra_bases: Vec<String>,
    /// The police's paper the decision answers, e.g. "Báo cáo số 03/BC-CAX ngày 10/01/2026".
    pub proposal: Option<String>,
    /// `None`: in force from signature.
    pub effective: Option<NaiveDate>,
    /// The chairman, or the vice-chairman signing for him when `deputy`.
    pub signer: Signer,
    pub recipients: Vec<String>,
}

const LOCAL_GOVERNMENT_BASIS: &str =
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;";

/// Mẫu 08, Quyết định of the Chủ tịch UBND xã: set up a team and recognise its members,
/// recognise members, or stop participation. Bases: the local-government law, Law 30/2023,
/// Circular 14/2024, the caller's extra bases, and the commune police's proposal; Điều 1 with the
/// table of persons; Điều 2 duties and effect; Điều 3 who executes it.
pub fn form_08_decision(d: &Decision) -> Document {
    let c = &d.commune;
    let team = blank(&d.team);
    let mut bases = vec![
        d.local_government_basis
            .clone()
            .unwrap_or_else(|| LOCAL_GOVERNMENT_BASIS.to_string()),
        "Căn cứ Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở ngày 28 tháng 11 năm 2023;"
            .to_string(),
        "Căn cứ Thông tư số 14/2024/TT-BCA ngày 22 tháng 4 năm 2024 của Bộ trưởng Bộ Công an quy \
         định chi tiết một số điều của Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở;"
            .to_string(),
    ];
    bases.extend(d.extra_bases.iter().map(|b| b.trim().to_string()));
    let proposal = match d.proposal.as_deref().filter(|p| !p.trim().is_empty()) {
        Some(p) => format!("Theo đề nghị của Trưởng {} tại {}.", c.police(), p.trim()),
        None => format!("Theo đề nghị của Trưởng {}.", c.police()),
    };
    bases.push(proposal);

    let effect = match d.effective {
        Some(day) => format!(
            "Quyết định này có hiệu lực kể từ {}.",
            date_words(Some(day))
        ),
        None => "Quyết định này có hiệu lực kể từ ngày ký.".to_string(),
    };
    let area = if d.area.trim().is_empty() {
        String::new()
    } else {
        format!(" (địa bàn phụ trách: {})", d.area.trim())
    };
    let (summary, article1, article2) = match d.kind {
        DecisionKind::SetUpTeam => (
            format!("Về việc thành lập {team} và công nhận Tổ trưởng, Tổ phó, Tổ viên"),
            format!(
                "Thành lập {team}{area} và công nhận các ông (bà) có tên sau đây là thành viên {team}:"
            ),
            format!(
                "{team} và các ông (bà) có tên tại Điều 1 thực hiện nhiệm vụ, quyền hạn và được \
                 hưởng chế độ, chính sách theo quy định của Luật Lực lượng tham gia bảo vệ an \
                 ninh, trật tự ở cơ sở và các văn bản hướng dẫn thi hành. Giao {} niêm yết công \
                 khai Quyết định này tại trụ sở {}. {effect}",
                c.police(),
                c.police()
            ),
        ),
        DecisionKind::RecogniseMembers => (
            format!("Về việc công nhận thành viên {team}"),
            format!("Công nhận các ông (bà) có tên sau đây là thành viên {team}:"),
            format!(
                "Các ông (bà) có tên tại Điều 1 thực hiện nhiệm vụ, quyền hạn và được hưởng chế \
                 độ, chính sách theo quy định của Luật Lực lượng tham gia bảo vệ an ninh, trật tự \
                 ở cơ sở và các văn bản hướng dẫn thi hành. Giao {} niêm yết công khai Quyết định \
                 này tại trụ sở {}. {effect}",
                c.police(),
                c.police()
            ),
        ),
        DecisionKind::StopParticipation(reason) => (
            format!("Về việc cho thôi tham gia {team}"),
            format!(
                "Cho các ông (bà) có tên sau đây thôi tham gia {team}. Lý do: {}, thuộc trường hợp \
                 quy định tại {}.",
                lower_first(reason.text()),
                reason.basis()
            ),
            format!(
                "Các ông (bà) có tên tại Điều 1 thôi thực hiện nhiệm vụ và thôi hưởng chế độ, \
                 chính sách của thành viên Tổ bảo vệ an ninh, trật tự kể từ ngày Quyết định này có \
                 hiệu lực; bàn giao biển hiệu, giấy chứng nhận, công cụ hỗ trợ và tài sản được \
                 giao (nếu có) cho {}. {effect}",
                c.police()
            ),
        ),
    };
    let table = Table {
        columns: vec![
            Column::new("STT", 5, true),
            Column::new("Họ và tên", 22, false),
            Column::new("Ngày sinh", 12, true),
            Column::new("Số CCCD", 15, true),
            Column::new("Nơi cư trú", 22, false),
            Column::new("Chức danh", 11, true),
        ],
        rows: d
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                vec![
                    (i + 1).to_string(),
                    m.full_name.trim().to_string(),
                    m.birth_date
                        .map(antt_domain::date::format_vi)
                        .unwrap_or_default(),
                    m.cccd.trim().to_string(),
                    m.residence.trim().to_string(),
                    m.role.trim().to_string(),
                ]
            })
            .collect(),
    };
    let kind = c.kind.trim();
    let blocks = vec![
        Block::Heading("QUYẾT ĐỊNH:".to_string()),
        Block::Article {
            label: "Điều 1.".to_string(),
            text: article1,
        },
        Block::Table(table),
        Block::Article {
            label: "Điều 2.".to_string(),
            text: article2,
        },
        Block::Article {
            label: "Điều 3.".to_string(),
            text: format!(
                "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {kind}, Trưởng {}, Thủ \
                 trưởng các cơ quan, đơn vị có liên quan và các ông (bà) có tên tại Điều 1 chịu \
                 trách nhiệm thi hành Quyết định này./.",
                c.police()
            ),
        },
    ];
    let (prefix, title) = if d.signer.deputy {
        (Some("KT. Chủ tịch".to_string()), "Phó Chủ tịch".to_string())
    } else {
        (None, "Chủ tịch".to_string())
    };
    Document {
        letterhead: Some(Letterhead {
            governing: None,
            issuer: c.committee(),
            number: d.number.clone(),
            symbol: Some("QĐ-UBND".to_string()),
            dated: c.dated(d.date),
        }),
        title: "QUYẾT ĐỊNH".to_string(),
        summary: Some(summary),
        authority: Some(format!("Chủ tịch {}", c.committee())),
        bases,
        blocks,
        recipients: or_default(
            &d.recipients,
            vec![
                "Như Điều 3".to_string(),
                format!("{} (để báo cáo)", c.province_police()),
                "Lưu: VT, CAX".to_string(),
            ],
        ),
        signatures: vec![Signature {
            prefix,
            title,
            name: d.signer.name.trim().to_string(),
            ..Signature::default()
        }],
        ..Document::default()
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(f) => f.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The year of a date, for the ballot's "Năm sinh" column.
pub fn birth_year(d: Option<NaiveDate>) -> Option<i32> {
    d.map(|d| d.year())
}

#[cfg(test)]
mod tests {
    use super::share_percent;

    #[test]
    fn shares_are_percent_of_members_present_with_a_decimal_comma() {
        assert_eq!(share_percent(7, 9), "77,78");
        assert_eq!(share_percent(5, 9), "55,56");
        assert_eq!(share_percent(9, 9), "100,00");
        assert_eq!(share_percent(1, 3), "33,33");
        assert_eq!(share_percent(2, 3), "66,67");
        assert_eq!(share_percent(0, 0), "");
    }
}

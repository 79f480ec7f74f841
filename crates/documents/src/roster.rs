//! Danh sách thành viên Tổ bảo vệ an ninh, trật tự as a commune prints it and signs it: the
//! NĐ 30/2020 header of the commune police, the title and "Tính đến ngày", the members team by
//! team with the columns of Mẫu 05 (TT 14/2024) and the ones the commune keeps beside them, a
//! count per team and in all, the place and date, and the signature of the head of the commune
//! police. [`roster_document`] gives it as a [`Document`] (DOCX, PDF, A4 landscape);
//! [`crate::xlsx::member_list`] as a workbook.

use chrono::NaiveDate;

use crate::official::{Block, Column, Document, Letterhead, PlaceDate, Signature, Table};
use antt_domain::force::MemberRow;

/// What the list is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    /// Cơ quan chủ quản, e.g. "Công an tỉnh Quảng Ngãi".
    pub governing: Option<String>,
    /// Cơ quan lập danh sách, e.g. "Công an xã Ia Tơi".
    pub issuer: String,
    /// The unit the list is of, as the title names it: "xã Ia Tơi", "tỉnh Quảng Ngãi".
    pub unit: String,
    /// Tính đến ngày.
    pub as_of: NaiveDate,
    /// The place and the date the list is printed, under the motto.
    pub dated: PlaceDate,
    /// One row per member, team by team (and commune by commune for a province).
    pub rows: Vec<MemberRow>,
    /// The list is of several communes: each team is named with its commune.
    pub with_commune: bool,
    /// "Trưởng Công an xã"; the name may be empty (signed by hand).
    pub signer_title: String,
    pub signer_name: String,
    /// The data are made up (a demo): the list says so.
    pub illustrative: bool,
}

/// The members of one team, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group<'a> {
    pub commune: &'a str,
    pub team: &'a str,
    pub villages: &'a str,
    pub rows: Vec<&'a MemberRow>,
}

impl Group<'_> {
    /// "Tổ bảo vệ an ninh, trật tự thôn 1 (Thôn 1)", with the commune first on a province's list.
    pub fn heading(&self, with_commune: bool) -> String {
        let mut s = String::new();
        if with_commune {
            s.push_str(self.commune);
            s.push_str(" — ");
        }
        s.push_str(self.team);
        if !self.villages.trim().is_empty()
            && !self
                .team
                .to_lowercase()
                .contains(&self.villages.trim().to_lowercase())
        {
            s.push_str(" (");
            s.push_str(self.villages);
            s.push(')');
        }
        s
    }

    /// "Cộng: 5 người (1 Tổ trưởng, 1 Tổ phó, 3 Tổ viên)".
    pub fn count_line(&self) -> String {
        format!("Cộng: {}", count_text(&self.rows))
    }
}

/// "5 người (1 Tổ trưởng, 1 Tổ phó, 3 Tổ viên)": the roles as printed on the rows.
pub fn count_text(rows: &[&MemberRow]) -> String {
    let mut roles: Vec<(&str, usize)> = Vec::new();
    for r in rows {
        match roles.iter_mut().find(|(k, _)| *k == r.role.as_str()) {
            Some((_, n)) => *n += 1,
            None => roles.push((r.role.as_str(), 1)),
        }
    }
    let parts: Vec<String> = roles.iter().map(|(k, n)| format!("{n} {k}")).collect();
    if parts.is_empty() {
        format!("{} người", rows.len())
    } else {
        format!("{} người ({})", rows.len(), parts.join(", "))
    }
}

/// The rows cut into teams where the commune or the team changes.
pub fn groups(rows: &[MemberRow]) -> Vec<Group<'_>> {
    let mut out: Vec<Group<'_>> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some(g) if g.commune == r.commune && g.team == r.team => g.rows.push(r),
            _ => out.push(Group {
                commune: &r.commune,
                team: &r.team,
                villages: &r.villages,
                rows: vec![r],
            }),
        }
    }
    out
}

/// The printed columns: those of Mẫu 05 (STT, họ và tên, ngày sinh, giới tính, dân tộc, số
/// CCCD, nơi cư trú, trình độ học vấn, thôn, ghi chú) and the commune's own (chức danh, số điện
/// thoại, hộ gia đình, số quyết định công nhận).
pub const PRINT_COLUMNS: [(&str, u16, bool); 14] = [
    ("STT", 3, true),
    ("Họ và tên", 13, false),
    ("Ngày sinh", 9, true),
    ("Giới tính", 5, true),
    ("Dân tộc", 6, true),
    ("Số CCCD", 12, true),
    ("Nơi cư trú", 13, false),
    ("Trình độ học vấn", 8, true),
    ("Thôn, tổ dân phố", 9, false),
    ("Chức danh", 7, true),
    ("Số điện thoại", 9, true),
    ("Hộ gia đình", 6, true),
    ("Số quyết định", 8, true),
    ("Ghi chú", 8, false),
];

fn print_cells(n: usize, r: &MemberRow) -> Vec<String> {
    vec![
        n.to_string(),
        r.full_name.clone(),
        antt_domain::date::format_vi(r.birth_date),
        r.sex.clone(),
        r.ethnicity.clone(),
        r.cccd.clone(),
        r.residence.clone(),
        r.education.clone(),
        r.villages.clone(),
        r.role.clone(),
        r.phone.clone(),
        r.household.clone(),
        r.decision.clone(),
        r.note.clone(),
    ]
}

/// The list as a document to print and sign: A4 landscape, one table per team.
pub fn roster_document(l: &Roster) -> Document {
    let mut blocks = Vec::new();
    blocks.push(Block::Heading(format!(
        "Tính đến {}",
        crate::official::date_words(Some(l.as_of))
    )));
    if l.illustrative {
        blocks.push(Block::Note(
            "MINH HỌA — dữ liệu giả lập, không phải số liệu thật.".to_string(),
        ));
    }
    let groups = groups(&l.rows);
    if groups.is_empty() {
        blocks.push(Block::Paragraph(
            "Không có thành viên nào đang tham gia vào ngày này.".to_string(),
        ));
    }
    for (i, g) in groups.iter().enumerate() {
        blocks.push(Block::Section(format!(
            "{}. {}",
            i + 1,
            g.heading(l.with_commune)
        )));
        blocks.push(Block::Table(Table {
            columns: PRINT_COLUMNS
                .iter()
                .map(|(h, w, c)| Column::new(*h, *w, *c))
                .collect(),
            rows: g
                .rows
                .iter()
                .enumerate()
                .map(|(n, r)| print_cells(n + 1, r))
                .collect(),
        }));
        blocks.push(Block::Note(g.count_line()));
    }
    let all: Vec<&MemberRow> = l.rows.iter().collect();
    blocks.push(Block::Paragraph(format!(
        "Tổng cộng: {} Tổ, {}./.",
        groups.len(),
        count_text(&all)
    )));
    Document {
        letterhead: Some(Letterhead {
            governing: l.governing.clone(),
            issuer: l.issuer.clone(),
            number: None,
            symbol: None,
            dated: Some(l.dated.clone()),
        }),
        title: "DANH SÁCH".to_string(),
        summary: Some(format!(
            "Thành viên Tổ bảo vệ an ninh, trật tự {}",
            l.unit.trim()
        )),
        blocks,
        recipients: Vec::new(),
        signatures: vec![Signature {
            title: l.signer_title.clone(),
            note: Some("(Ký, ghi rõ họ tên, đóng dấu)".to_string()),
            name: l.signer_name.trim().to_string(),
            ..Signature::default()
        }],
        landscape: true,
        ..Document::default()
    }
}

/// The list of a unit as its police make it: a commune's, from the commune police under the
/// province police, signed by the head of the commune police; a province's or a district's, a
/// roll-up with each team named with its commune, signed by whoever makes it.
#[allow(clippy::too_many_arguments)]
pub fn for_unit(
    is_commune: bool,
    unit_name: &str,
    province_name: Option<&str>,
    police_chief: Option<&str>,
    as_of: NaiveDate,
    printed_on: NaiveDate,
    rows: Vec<MemberRow>,
    illustrative: bool,
) -> Roster {
    let (kind, bare) = crate::forms::split_kind(unit_name);
    if is_commune {
        let province = province_name.map(|p| crate::forms::split_kind(p).1);
        let c = crate::forms::Commune::new(&kind, &bare, province.as_deref().unwrap_or(""));
        Roster {
            governing: province.as_ref().map(|_| c.province_police()),
            issuer: c.police(),
            unit: c.full(),
            as_of,
            dated: PlaceDate::new(c.place(), Some(printed_on)),
            rows,
            with_commune: false,
            signer_title: format!("Trưởng Công an {kind}"),
            signer_name: police_chief.unwrap_or_default().to_string(),
            illustrative,
        }
    } else {
        Roster {
            governing: None,
            issuer: format!("Công an {kind} {bare}"),
            unit: format!("{kind} {bare}"),
            as_of,
            dated: PlaceDate::new(bare.clone(), Some(printed_on)),
            rows,
            with_commune: true,
            signer_title: "Người lập danh sách".to_string(),
            signer_name: String::new(),
            illustrative,
        }
    }
}

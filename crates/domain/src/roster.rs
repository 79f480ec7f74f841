//! Rosters: the checks of a person's record, shared by the form and the import, and the import
//! template — its Vietnamese columns and the parsing of a table of cells into typed rows, each bad
//! cell reported with its line, its column and the reason.

use crate::person::PriorService;
use crate::policy::amounts::Household;
use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{FieldError, FieldErrorKind};
use crate::force::{Origin, ethnic_group};
use crate::person::{Cccd, Sex};
use crate::policy::TeamRole;
use crate::policy::eligibility::Education;
use crate::text;

/// A person's record as entered, before the checks.
#[derive(Debug, Clone, Default)]
pub struct PersonDraft {
    pub cccd: String,
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    pub sex: Option<Sex>,
    pub ethnicity: String,
    pub residence: String,
    pub residence_since: Option<NaiveDate>,
    pub education: Option<Education>,
    pub health_certificate_on: Option<NaiveDate>,
    pub phone: Option<String>,
    pub prior_service: Vec<String>,
    pub household: String,
}

/// A person's record that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPerson {
    pub cccd: Cccd,
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub ethnicity: &'static str,
    pub residence: String,
    pub residence_since: Option<NaiveDate>,
    pub education: Education,
    pub health_certificate_on: Option<NaiveDate>,
    pub phone: Option<String>,
    pub prior_service: Vec<PriorService>,
    pub household: Household,
}

/// A phone number as people write it — "0905 123 456", "0905.123.456", "0905-123-456",
/// "(0260) 3 123 456", "+84 905 123 456": up to 15 digits (and a leading `+`) between the
/// separators. It is kept as written, which is how the commune reads it back.
pub fn phone(raw: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(p) = text::optional("phone", raw, 24)? else {
        return Ok(None);
    };
    let separators = |c: char| matches!(c, ' ' | '.' | '-' | '(' | ')');
    let digits: String = p.chars().filter(|c| !separators(*c)).collect();
    let body = digits.strip_prefix('+').unwrap_or(&digits);
    if body.is_empty() || body.len() > 15 || !body.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::new("phone", FieldErrorKind::InvalidNumber));
    }
    Ok(Some(p))
}

/// Every fault found, not only the first: a row of a file is reported whole, so five mistakes in
/// three rows take one round of corrections, not five.
#[derive(Debug, Default)]
struct Faults(Vec<FieldError>);

impl Faults {
    fn take<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }
}

/// The checks of a person's record: the CCCD against the birth date and sex (TT 59/2021), one of
/// the 54 ethnic groups, the household status, the prior service, the order of the dates. The
/// first fault only (a form names one field at a time); [`validate_person_all`] gives them all.
pub fn validate_person(d: &PersonDraft) -> Result<ValidPerson, FieldError> {
    validate_person_all(d).map_err(|mut all| all.remove(0))
}

/// The same checks, every fault of the record at once (never an empty list on `Err`).
pub fn validate_person_all(d: &PersonDraft) -> Result<ValidPerson, Vec<FieldError>> {
    let mut f = Faults::default();
    let cccd = f.take(Cccd::parse(&d.cccd));
    let birth_date = f.take(
        d.birth_date
            .ok_or(FieldError::new("birth_date", FieldErrorKind::Required)),
    );
    let sex = f.take(
        d.sex
            .ok_or(FieldError::new("sex", FieldErrorKind::Required)),
    );
    if let (Some(c), Some(b), Some(s)) = (&cccd, birth_date, sex) {
        f.take(c.check_against(b, s));
    }
    let full_name = f.take(text::required("full_name", &d.full_name, 200));
    let ethnicity = f.take(ethnic_group(&d.ethnicity));
    let residence = f.take(text::required("residence", &d.residence, 500));
    let phone = f.take(phone(d.phone.as_deref()));
    let education = f.take(
        d.education
            .ok_or(FieldError::new("education", FieldErrorKind::Required)),
    );
    let household = f.take(Household::parse(&d.household));
    let prior_service = f.take(
        d.prior_service
            .iter()
            .map(|s| PriorService::parse(s))
            .collect::<Result<Vec<_>, _>>(),
    );
    if let Some(b) = birth_date
        && d.residence_since.is_some_and(|r| r < b)
    {
        f.0.push(FieldError::new(
            "residence_since",
            FieldErrorKind::DateOrder,
        ));
    }
    let (
        Some(cccd),
        Some(full_name),
        Some(birth_date),
        Some(sex),
        Some(ethnicity),
        Some(residence),
        Some(phone),
        Some(education),
        Some(household),
        Some(prior_service),
        true,
    ) = (
        cccd,
        full_name,
        birth_date,
        sex,
        ethnicity,
        residence,
        phone,
        education,
        household,
        prior_service,
        f.0.is_empty(),
    )
    else {
        return Err(f.0);
    };
    Ok(ValidPerson {
        cccd,
        full_name,
        birth_date,
        sex,
        ethnicity,
        residence,
        residence_since: d.residence_since,
        education,
        health_certificate_on: d.health_certificate_on,
        phone,
        prior_service,
        household,
    })
}

/// One column of the import template: its Vietnamese header, the field it fills, whether every
/// row must have it, and what a user types there.
#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Column {
    pub header: &'static str,
    pub field: &'static str,
    pub required: bool,
    pub hint: &'static str,
}

/// The columns of the roster template, in order. Headers are matched without accents or case.
pub const COLUMNS: &[Column] = &[
    Column {
        header: "STT",
        field: "stt",
        required: false,
        hint: "Số thứ tự (không bắt buộc)",
    },
    Column {
        header: "Mã xã",
        field: "commune",
        required: false,
        hint: "Mã xã, phường (5 chữ số) khi một tệp có nhiều xã; để trống thì nhập vào xã đã chọn khi nhập",
    },
    Column {
        header: "Tên Tổ",
        field: "team",
        required: true,
        hint: "Tên Tổ bảo vệ ANTT; cùng tên là cùng một Tổ",
    },
    Column {
        header: "Mã thôn, tổ dân phố",
        field: "villages",
        required: false,
        hint: "Mã thôn Tổ phụ trách, cách nhau bằng dấu ; (bắt buộc khi Tổ chưa có)",
    },
    Column {
        header: "Ngày thành lập Tổ",
        field: "team_established",
        required: false,
        hint: "dd/mm/yyyy (bắt buộc khi Tổ chưa có)",
    },
    Column {
        header: "Số QĐ thành lập Tổ",
        field: "team_decision",
        required: false,
        hint: "Số quyết định đã có trong sổ quyết định, ví dụ 21/QĐ-UBND",
    },
    Column {
        header: "Số CCCD",
        field: "cccd",
        required: true,
        hint: "12 chữ số; định dạng ô là Văn bản để giữ số 0 ở đầu",
    },
    Column {
        header: "Họ và tên",
        field: "full_name",
        required: true,
        hint: "",
    },
    Column {
        header: "Ngày sinh",
        field: "birth_date",
        required: true,
        hint: "dd/mm/yyyy",
    },
    Column {
        header: "Giới tính",
        field: "sex",
        required: true,
        hint: "Nam hoặc Nữ",
    },
    Column {
        header: "Dân tộc",
        field: "ethnicity",
        required: true,
        hint: "Một trong 54 dân tộc, ví dụ Kinh, Gia Rai, Xơ Đăng",
    },
    Column {
        header: "Nơi cư trú",
        field: "residence",
        required: true,
        hint: "",
    },
    Column {
        header: "Cư trú từ ngày",
        field: "residence_since",
        required: false,
        hint: "dd/mm/yyyy",
    },
    Column {
        header: "Trình độ học vấn",
        field: "education",
        required: true,
        hint: "Chưa hết tiểu học, Tiểu học, THCS hoặc THPT",
    },
    Column {
        header: "Ngày khám sức khỏe",
        field: "health_certificate",
        required: false,
        hint: "Ngày của giấy chứng nhận sức khỏe, dd/mm/yyyy",
    },
    Column {
        header: "Số điện thoại",
        field: "phone",
        required: false,
        hint: "",
    },
    Column {
        header: "Diện hộ",
        field: "household",
        required: false,
        hint: "Hộ nghèo, Hộ cận nghèo hoặc để trống",
    },
    Column {
        header: "Chức danh",
        field: "role",
        required: true,
        hint: "Tổ trưởng, Tổ phó hoặc Tổ viên",
    },
    Column {
        header: "Nguồn",
        field: "origin",
        required: true,
        hint: "Tuyển chọn, Dân phòng, Công an xã bán chuyên trách hoặc Bảo vệ dân phố",
    },
    Column {
        header: "Ngày bắt đầu",
        field: "start_date",
        required: true,
        hint: "Ngày tham gia Tổ, dd/mm/yyyy",
    },
    Column {
        header: "Số QĐ công nhận",
        field: "decision",
        required: false,
        hint: "Số quyết định công nhận đã có trong sổ quyết định",
    },
    Column {
        header: "Số QĐ cho tham gia khi trên 70 tuổi",
        field: "over70_decision",
        required: false,
        hint: "Chỉ khi người này đã quá 70 tuổi vào ngày bắt đầu: số quyết định của Chủ tịch UBND xã cho tham gia (Luật 30/2023 Điều 13), đã có trong sổ quyết định",
    },
];

/// The header of the column a field comes from (for error reports).
pub fn column_of(field: &str) -> &'static str {
    let f = match field {
        "health_certificate_on" => "health_certificate",
        "person" => "start_date",
        "villages" => "villages",
        other => other,
    };
    COLUMNS
        .iter()
        .find(|c| c.field == f)
        .map(|c| c.header)
        .unwrap_or("")
}

/// One membership row of the roster, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    /// The line in the file (the header is line 1).
    pub line: usize,
    /// The commune's code when the row names one (files covering several communes).
    pub commune: Option<String>,
    pub team: String,
    pub villages: Vec<String>,
    pub team_established: Option<NaiveDate>,
    pub team_decision: Option<String>,
    pub person: ValidPerson,
    pub role: TeamRole,
    pub origin: Origin,
    pub start_date: NaiveDate,
    pub decision: Option<String>,
    /// The chairman's decision letting a person over 70 take part (LAW-13.1).
    pub over70_decision: Option<String>,
}

/// A bad cell or row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowError {
    pub line: usize,
    pub column: &'static str,
    pub code: &'static str,
    pub message: String,
}

impl RowError {
    pub fn from_field(line: usize, e: &FieldError) -> RowError {
        RowError::in_column(line, column_of(e.field), e)
    }

    /// A field's error at a line of a file, under the column's header as the user sees it
    /// (empty: the row as a whole).
    pub fn in_column(line: usize, column: &'static str, e: &FieldError) -> RowError {
        let message = e.message_vi();
        // The message names the product's field; in a file the column is what the user sees.
        let reason = message
            .split_once(": ")
            .map(|(_, r)| r.to_string())
            .unwrap_or(message);
        RowError {
            line,
            column,
            code: e.code(),
            message: if column.is_empty() {
                format!("Dòng {line}: {reason}")
            } else {
                format!("Dòng {line}, cột «{column}»: {reason}")
            },
        }
    }
}

/// A header or a choice as compared: no accents, no case, no dots or commas, single spaces.
pub fn folded(s: &str) -> String {
    text::fold(s)
        .replace(['.', ','], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn parse_education(raw: &str) -> Option<Education> {
    match folded(raw).as_str() {
        "chua het tieu hoc" | "chua hoan thanh tieu hoc" | "khong" | "none" => {
            Some(Education::None)
        }
        "tieu hoc" | "primary" => Some(Education::Primary),
        "thcs" | "trung hoc co so" | "lower secondary" | "lower_secondary" => {
            Some(Education::LowerSecondary)
        }
        "thpt" | "trung hoc pho thong" | "upper secondary" | "upper_secondary" => {
            Some(Education::UpperSecondary)
        }
        _ => None,
    }
}

/// A sex as a roster writes it: the code or the Vietnamese label, in any case, with or without
/// accents ("Nữ", "nu", "female") — from the code enum, so the vocabulary lives in one place.
fn parse_sex(raw: &str) -> Option<Sex> {
    let f = folded(raw);
    Sex::ALL
        .iter()
        .copied()
        .find(|s| folded(s.as_str()) == f || folded(s.label_vi()) == f)
}

fn parse_household(raw: &str) -> Option<&'static str> {
    match folded(raw).as_str() {
        "" | "khong" | "none" => Some("none"),
        "ho ngheo" | "ngheo" | "poor" => Some("poor"),
        "ho can ngheo" | "can ngheo" | "near_poor" => Some("near_poor"),
        _ => None,
    }
}

fn parse_role(raw: &str) -> Option<TeamRole> {
    match folded(raw).as_str() {
        "to truong" | "leader" => Some(TeamRole::Leader),
        "to pho" | "deputy" => Some(TeamRole::Deputy),
        "to vien" | "thanh vien" | "member" => Some(TeamRole::Member),
        _ => None,
    }
}

fn parse_origin(raw: &str) -> Option<Origin> {
    match folded(raw).as_str() {
        "tuyen chon" | "selected" => Some(Origin::Selected),
        "dan phong" | "doi truong doi pho dan phong" | "former_civil_defence" => {
            Some(Origin::FormerCivilDefence)
        }
        "cong an xa ban chuyen trach" | "former_part_time_police" => {
            Some(Origin::FormerPartTimePolice)
        }
        "bao ve dan pho" | "former_neighbourhood_guard" => Some(Origin::FormerNeighbourhoodGuard),
        _ => None,
    }
}

/// Finds each template column in the header row. A required column that is missing is an error
/// of the whole file; unknown columns are refused so a misspelt header is not silently ignored.
pub fn map_header(header: &[String]) -> Result<Vec<Option<usize>>, Vec<RowError>> {
    let columns: Vec<(&'static str, bool)> =
        COLUMNS.iter().map(|c| (c.header, c.required)).collect();
    map_columns(header, &columns, "mẫu nhập")
}

/// Finds each of a template's columns (header, required) in a file's header row, accents and
/// case aside: the place of each, or every error of line 1 — a header the template (named
/// `template` in the message) does not have, one given twice, a required one missing.
pub fn map_columns(
    header: &[String],
    columns: &[(&'static str, bool)],
    template: &str,
) -> Result<Vec<Option<usize>>, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut at: Vec<Option<usize>> = vec![None; columns.len()];
    for (i, h) in header.iter().enumerate() {
        let f = folded(h);
        if f.is_empty() {
            continue;
        }
        match columns.iter().position(|(c, _)| folded(c) == f) {
            Some(k) if at[k].is_none() => at[k] = Some(i),
            Some(k) => errors.push(RowError {
                line: 1,
                column: columns[k].0,
                code: "duplicate_column",
                message: format!("Dòng 1: cột «{}» có hai lần.", columns[k].0),
            }),
            None => errors.push(RowError {
                line: 1,
                column: "",
                code: "unknown_column",
                message: format!("Dòng 1: cột «{}» không có trong {template}.", h.trim()),
            }),
        }
    }
    for (k, (c, required)) in columns.iter().enumerate() {
        if *required && at[k].is_none() {
            errors.push(RowError {
                line: 1,
                column: c,
                code: "missing_column",
                message: format!("Dòng 1: thiếu cột «{c}»."),
            });
        }
    }
    if errors.is_empty() {
        Ok(at)
    } else {
        Err(errors)
    }
}

fn cell<'a>(row: &'a [String], at: &[Option<usize>], field: &str) -> &'a str {
    COLUMNS
        .iter()
        .position(|c| c.field == field)
        .and_then(|k| at[k])
        .and_then(|i| row.get(i))
        .map(|s| s.trim())
        .unwrap_or("")
}

fn opt_date(field: &'static str, raw: &str) -> Result<Option<NaiveDate>, FieldError> {
    if raw.is_empty() {
        Ok(None)
    } else {
        crate::date::parse(field, raw).map(Some)
    }
}

fn choice<T>(
    field: &'static str,
    raw: &str,
    parse: fn(&str) -> Option<T>,
    allowed: &'static str,
) -> Result<T, FieldError> {
    if raw.is_empty() {
        return Err(FieldError::new(field, FieldErrorKind::Required));
    }
    parse(raw).ok_or(FieldError::new(
        field,
        FieldErrorKind::InvalidChoice { allowed },
    ))
}

fn parse_row(
    line: usize,
    row: &[String],
    at: &[Option<usize>],
) -> Result<RosterRow, Vec<FieldError>> {
    let mut f = Faults::default();
    let commune = match cell(row, at, "commune") {
        "" => Some(None),
        // Excel turns "01234" typed as a number into 1234: the code has five digits.
        code if code.bytes().all(|b| b.is_ascii_digit()) && code.len() < 5 => {
            Some(Some(format!("{code:0>5}")))
        }
        code => f.take(text::required("commune", code, 16)).map(Some),
    };
    let team = f.take(text::required("team", cell(row, at, "team"), 200));
    // "23537-01" or, as the template's drop-down offers it, "23537-01 — Thôn 1": the code is
    // the first word (a code has no space).
    let villages: Vec<String> = cell(row, at, "villages")
        .split([';', ','])
        .filter_map(|s| s.split_whitespace().next())
        .map(str::to_string)
        .collect();
    let team_established = f.take(opt_date(
        "team_established",
        cell(row, at, "team_established"),
    ));
    let team_decision = f.take(text::optional(
        "team_decision",
        Some(cell(row, at, "team_decision")),
        64,
    ));
    let raw_cccd = cell(row, at, "cccd");
    // A number cell in Excel drops the leading zero every CCCD has (province codes 001–096).
    let cccd = if raw_cccd.len() == 11 && raw_cccd.bytes().all(|b| b.is_ascii_digit()) {
        format!("0{raw_cccd}")
    } else {
        raw_cccd.to_string()
    };
    let birth_date = f.take(crate::date::parse(
        "birth_date",
        cell(row, at, "birth_date"),
    ));
    let sex = f.take(choice("sex", cell(row, at, "sex"), parse_sex, "Nam, Nữ"));
    let residence_since = f.take(opt_date(
        "residence_since",
        cell(row, at, "residence_since"),
    ));
    let education = f.take(choice(
        "education",
        cell(row, at, "education"),
        parse_education,
        "Chưa hết tiểu học, Tiểu học, THCS, THPT",
    ));
    let health_certificate_on = f.take(opt_date(
        "health_certificate",
        cell(row, at, "health_certificate"),
    ));
    let household = f.take(
        parse_household(cell(row, at, "household")).ok_or(FieldError::new(
            "household",
            FieldErrorKind::InvalidChoice {
                allowed: "Hộ nghèo, Hộ cận nghèo, để trống",
            },
        )),
    );
    // The person's own checks run on what parsed, and add their faults to the row's (a field
    // already refused above is not reported twice).
    let draft = PersonDraft {
        cccd,
        full_name: cell(row, at, "full_name").to_string(),
        birth_date,
        sex,
        ethnicity: cell(row, at, "ethnicity").to_string(),
        residence: cell(row, at, "residence").to_string(),
        residence_since: residence_since.flatten(),
        education,
        health_certificate_on: health_certificate_on.flatten(),
        phone: Some(cell(row, at, "phone").to_string()),
        prior_service: Vec::new(),
        household: household.unwrap_or("none").to_string(),
    };
    let person = match validate_person_all(&draft) {
        Ok(p) => Some(p),
        Err(all) => {
            let seen: Vec<&'static str> = f.0.iter().map(|e| e.field).collect();
            f.0.extend(all.into_iter().filter(|e| !seen.contains(&e.field)));
            None
        }
    };
    let role = f.take(choice(
        "role",
        cell(row, at, "role"),
        parse_role,
        "Tổ trưởng, Tổ phó, Tổ viên",
    ));
    let origin = f.take(choice(
        "origin",
        cell(row, at, "origin"),
        parse_origin,
        "Tuyển chọn, Dân phòng, Công an xã bán chuyên trách, Bảo vệ dân phố",
    ));
    let start_date = f.take(crate::date::parse(
        "start_date",
        cell(row, at, "start_date"),
    ));
    let decision = f.take(text::optional(
        "decision",
        Some(cell(row, at, "decision")),
        64,
    ));
    let over70_decision = f.take(text::optional(
        "over70_decision",
        Some(cell(row, at, "over70_decision")),
        64,
    ));
    let (
        Some(commune),
        Some(team),
        Some(team_established),
        Some(team_decision),
        Some(person),
        Some(role),
        Some(origin),
        Some(start_date),
        Some(decision),
        Some(over70_decision),
        true,
    ) = (
        commune,
        team,
        team_established,
        team_decision,
        person,
        role,
        origin,
        start_date,
        decision,
        over70_decision,
        f.0.is_empty(),
    )
    else {
        return Err(f.0);
    };
    Ok(RosterRow {
        line,
        commune,
        team,
        villages,
        team_established,
        team_decision,
        person,
        role,
        origin,
        start_date,
        decision,
        over70_decision,
    })
}

/// The largest roster file accepted (a 20,000-row roster is about 3 MB as CSV).
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

/// A roster file as the reader left it: its name and digest (for the audit log) and its cells,
/// or why it could not be read.
#[derive(Debug, Clone)]
pub struct RosterFile {
    pub name: String,
    pub sha256: String,
    pub cells: Result<Vec<Vec<String>>, Unreadable>,
}

/// Why a file could not be read at all, with a stable code and a Vietnamese message.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub code: &'static str,
    pub message: String,
}

/// The template's columns: header, hint, required.
/// The values a column takes from a fixed list, as the template offers them in a drop-down
/// (each one read back by the roster's parsers).
pub fn fixed_choices(field: &str) -> &'static [&'static str] {
    match field {
        "sex" => &["Nam", "Nữ"],
        "ethnicity" => &crate::force::ETHNIC_GROUPS,
        "education" => &["Chưa hết tiểu học", "Tiểu học", "THCS", "THPT"],
        "household" => &["Hộ nghèo", "Hộ cận nghèo"],
        "role" => &["Tổ trưởng", "Tổ phó", "Tổ viên"],
        "origin" => &[
            "Tuyển chọn",
            "Dân phòng",
            "Công an xã bán chuyên trách",
            "Bảo vệ dân phố",
        ],
        _ => &[],
    }
}

/// What a commune's template offers in its drop-downs beside the fixed lists: its code, its
/// teams on file and its villages' codes ("23538-01 — Thôn 1"; the import reads the code).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateChoices {
    pub communes: Vec<String>,
    pub teams: Vec<String>,
    pub villages: Vec<String>,
}

/// Each template column with the values it takes: `(header, hint, required, choices, strict)`.
/// A team's name and the villages are loose (a new team, several codes in one cell).
pub fn template_columns_with(
    c: &TemplateChoices,
) -> Vec<(&'static str, &'static str, bool, Vec<String>, bool)> {
    COLUMNS
        .iter()
        .map(|col| {
            let (choices, strict): (Vec<String>, bool) = match col.field {
                "commune" => (c.communes.clone(), false),
                "team" => (c.teams.clone(), false),
                "villages" => (c.villages.clone(), false),
                f => (
                    fixed_choices(f).iter().map(|s| s.to_string()).collect(),
                    true,
                ),
            };
            (col.header, col.hint, col.required, choices, strict)
        })
        .collect()
}

/// Parses a table (the first row the header) into checked rows and the errors of the bad ones.
/// Blank rows are skipped; one CCCD may appear on one row only.
pub fn parse_roster(table: &[Vec<String>]) -> (Vec<RosterRow>, Vec<RowError>) {
    let Some((header, body)) = table.split_first() else {
        return (
            Vec::new(),
            vec![RowError {
                line: 1,
                column: "",
                code: "empty_file",
                message: "Tệp không có dữ liệu (cần dòng tiêu đề theo mẫu).".into(),
            }],
        );
    };
    let at = match map_header(header) {
        Ok(at) => at,
        Err(errors) => return (Vec::new(), errors),
    };
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, row) in body.iter().enumerate() {
        let line = i + 2;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match parse_row(line, row, &at) {
            Ok(r) => {
                if let Some(first) = seen.insert(r.person.cccd.as_str().to_string(), line) {
                    errors.push(RowError {
                        line,
                        column: "Số CCCD",
                        code: "duplicate_in_file",
                        message: format!(
                            "Dòng {line}, cột «Số CCCD»: trùng với dòng {first} trong cùng tệp."
                        ),
                    });
                } else {
                    rows.push(r);
                }
            }
            Err(all) => errors.extend(all.iter().map(|e| RowError::from_field(line, e))),
        }
    }
    (rows, errors)
}

crate::faults! {
    /// Nhập danh sách: the refusals, each with its stable code and message.
    pub enum ImportFault {
        CommuneUnknown = "commune_unknown" => "không có xã, phường mang mã này, hoặc xã đó ngoài phạm vi của tài khoản.",
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn every_choice_the_template_offers_is_read_back() {
        use super::*;
        type Reads = fn(&str) -> bool;
        let checks: [(&str, Reads); 6] = [
            ("sex", |r| parse_sex(r).is_some()),
            ("ethnicity", |r| crate::force::ethnic_group(r).is_ok()),
            ("education", |r| parse_education(r).is_some()),
            ("household", |r| parse_household(r).is_some()),
            ("role", |r| parse_role(r).is_some()),
            ("origin", |r| parse_origin(r).is_some()),
        ];
        for (field, parse) in checks {
            assert!(!fixed_choices(field).is_empty(), "{field}");
            for c in fixed_choices(field) {
                assert!(parse(c), "{field}: {c}");
            }
        }
    }

    #[test]
    fn a_phone_is_accepted_as_people_write_it_and_kept_as_written() {
        for raw in [
            "0905.123.456",
            "0905 123 456",
            "0905-123-456",
            "0905123456",
            "(0260) 3 123 456",
            "+84 905 123 456",
        ] {
            assert_eq!(
                phone(Some(raw)).ok().flatten().as_deref(),
                Some(raw),
                "{raw}"
            );
        }
        assert!(phone(Some("0905 abc")).is_err());
        assert!(phone(Some("+")).is_err());
        assert_eq!(phone(Some("  ")).ok(), Some(None));
    }

    #[test]
    fn a_roster_row_reports_every_fault_at_once() {
        let header: Vec<String> = COLUMNS.iter().map(|c| c.header.to_string()).collect();
        let mut row = vec![String::new(); header.len()];
        let mut set = |field: &str, v: &str| {
            if let Some(i) = COLUMNS.iter().position(|c| c.field == field) {
                row[i] = v.to_string();
            }
        };
        set("team", "Tổ 1");
        set("cccd", "062090000123");
        set("full_name", "Người Thử");
        set("birth_date", "31/02/1990");
        set("sex", "Nam");
        set("ethnicity", "Gia Rai");
        set("residence", "Thôn 1");
        set("education", "THCS");
        set("role", "Tổ lão");
        set("origin", "Tuyển chọn");
        set("start_date", "2025-13-01");
        set("phone", "09x");
        let (rows, errors) = parse_roster(&[header, row]);
        assert!(rows.is_empty());
        let columns: Vec<&str> = errors.iter().map(|e| e.column).collect();
        assert_eq!(
            errors.len(),
            4,
            "birth date, phone, role, start date: {errors:?}"
        );
        assert!(errors.iter().all(|e| e.line == 2), "{columns:?}");
    }

    use super::*;

    fn header() -> Vec<String> {
        COLUMNS.iter().map(|c| c.header.to_string()).collect()
    }

    fn row(cells: &[(&str, &str)]) -> Vec<String> {
        COLUMNS
            .iter()
            .map(|c| {
                cells
                    .iter()
                    .find(|(f, _)| *f == c.field)
                    .map(|(_, v)| v.to_string())
                    .unwrap_or_default()
            })
            .collect()
    }

    fn good() -> Vec<(&'static str, &'static str)> {
        vec![
            ("team", "Tổ bảo vệ ANTT thôn 1"),
            ("villages", "23538-01"),
            ("team_established", "01/07/2024"),
            ("cccd", "062090000111"),
            ("full_name", "A Minh Họa"),
            ("birth_date", "02/03/1990"),
            ("sex", "Nam"),
            ("ethnicity", "Xơ Đăng"),
            ("residence", "Thôn 1"),
            ("education", "THCS"),
            ("role", "Tổ trưởng"),
            ("origin", "Dân phòng"),
            ("start_date", "01/07/2024"),
        ]
    }

    #[test]
    fn a_good_row_is_typed_and_headers_match_without_accents() {
        let mut h = header();
        let at = h.iter().position(|c| c == "Số CCCD").unwrap();
        h[at] = "so cccd".into();
        let (rows, errors) = parse_roster(&[h, row(&good())]);
        assert_eq!(errors, vec![]);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].role, TeamRole::Leader);
        assert_eq!(rows[0].origin, Origin::FormerCivilDefence);
        assert_eq!(rows[0].person.education, Education::LowerSecondary);
    }

    #[test]
    fn bad_cells_are_reported_with_line_column_and_reason() {
        let mut bad_cccd = good();
        bad_cccd[3] = ("cccd", "099090000111");
        let mut bad_sex = good();
        bad_sex[3] = ("cccd", "062190000112");
        let mut bad_role = good();
        bad_role[3] = ("cccd", "062090000113");
        bad_role[10] = ("role", "Đội trưởng");
        let (rows, errors) =
            parse_roster(&[header(), row(&bad_cccd), row(&bad_sex), row(&bad_role)]);
        assert!(rows.is_empty());
        let got: Vec<(usize, &str, &str)> =
            errors.iter().map(|e| (e.line, e.column, e.code)).collect();
        assert_eq!(
            got,
            [
                (2, "Số CCCD", "cccd_unknown_province"),
                (3, "Số CCCD", "cccd_sex_mismatch"),
                (4, "Chức danh", "invalid_choice")
            ]
        );
        assert!(
            errors[0].message.starts_with("Dòng 2, cột «Số CCCD»:"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn a_row_may_name_its_commune_and_a_code_that_lost_its_leading_zero_gets_it_back() {
        let mut with = good();
        with.push(("commune", "1234"));
        let mut other = good();
        other[3] = ("cccd", "062090000114");
        other.push(("commune", "23538"));
        let mut third = good();
        third[3] = ("cccd", "062090000115");
        let (rows, errors) = parse_roster(&[header(), row(&with), row(&other), row(&third)]);
        assert_eq!(errors, vec![]);
        let communes: Vec<Option<&str>> = rows.iter().map(|r| r.commune.as_deref()).collect();
        assert_eq!(communes, [Some("01234"), Some("23538"), None]);
    }

    #[test]
    fn a_missing_or_unknown_column_is_an_error_of_the_file() {
        let mut h = header();
        h.retain(|c| c != "Số CCCD");
        h.push("Ghi chú lạ".into());
        let (_, errors) = parse_roster(&[h]);
        let codes: Vec<&str> = errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, ["unknown_column", "missing_column"]);
        let (_, errors) = parse_roster(&[]);
        assert_eq!(errors[0].code, "empty_file");
    }

    #[test]
    fn one_cccd_appears_once_in_a_file() {
        let (rows, errors) = parse_roster(&[header(), row(&good()), row(&good())]);
        assert_eq!(rows.len(), 1);
        assert_eq!(errors[0].code, "duplicate_in_file");
        assert_eq!(errors[0].line, 3);
    }
}

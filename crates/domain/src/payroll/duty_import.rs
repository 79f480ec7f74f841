//! Nhập sổ trực từ Excel: the duty log a commune kept in a workbook — a row per shift, with the
//! team, the day, the start and end (a shift may cross midnight), the kind, whether it was
//! hazardous, who mobilised the team, who was there (CCCD or name) and a note. This module reads
//! the rows of the table (the headers in any order, accents and case ignored) and checks each
//! cell; the store then finds the teams and people and writes the whole file or nothing.

use chrono::NaiveDate;

use super::duty::{DutyKind, parse_time};
use crate::error::{FieldError, FieldErrorKind};
use crate::roster::{RowError, folded};

/// A column of the duty log's template: its header, how to fill it, whether it is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DutyColumn {
    pub field: &'static str,
    pub header: &'static str,
    pub hint: &'static str,
    pub required: bool,
}

/// The columns, in the template's order.
pub const DUTY_COLUMNS: &[DutyColumn] = &[
    DutyColumn {
        field: "team",
        header: "Tổ",
        hint: "Tên Tổ bảo vệ an ninh, trật tự của xã, như trong danh sách Tổ (chọn trong danh sách).",
        required: true,
    },
    DutyColumn {
        field: "date",
        header: "Ngày",
        hint: "Ngày bắt đầu ca, ngày trước tháng sau: dd/mm/yyyy (ví dụ 03/11/2026).",
        required: true,
    },
    DutyColumn {
        field: "start",
        header: "Giờ bắt đầu",
        hint: "Giờ:phút, ví dụ 22:00 (hoặc 22h).",
        required: true,
    },
    DutyColumn {
        field: "end",
        header: "Giờ kết thúc",
        hint: "Giờ:phút. Sớm hơn giờ bắt đầu là ca qua đêm, kết thúc vào ngày hôm sau (22:00 đến 02:00).",
        required: true,
    },
    DutyColumn {
        field: "kind",
        header: "Loại ca",
        hint: "Tuần tra; Trực; Bảo vệ sự kiện; Chữa cháy, cứu nạn, cứu hộ; Được huy động ngoài địa bàn (chọn trong danh sách).",
        required: true,
    },
    DutyColumn {
        field: "hazardous",
        header: "Nặng nhọc, độc hại",
        hint: "«Có» nếu là công việc nặng nhọc, độc hại, nguy hiểm; để trống hoặc «Không» nếu không.",
        required: false,
    },
    DutyColumn {
        field: "mobilised_by",
        header: "Đơn vị huy động",
        hint: "Bắt buộc với ca «Được huy động ngoài địa bàn»: cơ quan, người huy động.",
        required: false,
    },
    DutyColumn {
        field: "people",
        header: "Người tham gia",
        hint: "Số CCCD của từng người có mặt (hoặc họ và tên nếu trong xã không trùng tên), cách nhau bằng dấu chấm phẩy (;) hoặc xuống dòng trong ô; tối đa 100 người.",
        required: true,
    },
    DutyColumn {
        field: "note",
        header: "Ghi chú",
        hint: "Không bắt buộc, tối đa 500 ký tự.",
        required: false,
    },
];

/// The most shifts one file brings: a commune's year is a few thousand.
pub const MAX_DUTY_ROWS: usize = 10_000;
/// The most people one shift records (as the form).
pub const MAX_PEOPLE: usize = 100;

/// Who was there, as the file names them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PersonRef {
    /// Twelve digits (an 11-digit number whose leading zero Excel dropped is restored).
    Cccd(String),
    /// A full name, to be found among the commune's members in post that day.
    Name(String),
}

impl PersonRef {
    /// As the file wrote it, for an error message.
    pub fn as_typed(&self) -> &str {
        match self {
            PersonRef::Cccd(s) | PersonRef::Name(s) => s,
        }
    }
}

/// A shift row, its cells checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutyRow {
    /// The line in the file (the header is line 1).
    pub line: usize,
    pub team: String,
    pub date: NaiveDate,
    pub start: u32,
    pub end: u32,
    pub kind: DutyKind,
    pub hazardous: bool,
    pub mobilised_by: Option<String>,
    pub note: Option<String>,
    pub people: Vec<PersonRef>,
}

crate::faults! {
    /// Nhập sổ trực: the refusals of a row, each with its stable code and message.
    pub enum DutyImportFault {
        UnknownKind = "unknown_duty_kind" => "loại ca không có trong danh sách (Tuần tra; Trực; Bảo vệ sự kiện; Chữa cháy, cứu nạn, cứu hộ; Được huy động ngoài địa bàn).",
        YesNo = "yes_or_no" => "ghi «Có» hoặc để trống.",
        TeamUnknown = "team_unknown" => "xã không có Tổ mang tên này vào ngày của ca.",
        PersonUnknown = "person_unknown" => "không tìm thấy người này trong các Tổ của xã vào ngày của ca.",
        NameAmbiguous = "name_ambiguous" => "trong xã có nhiều thành viên trùng tên này: ghi số CCCD.",
        ShiftTwice = "shift_twice" => "ca này (cùng Tổ, ngày, giờ và loại) đã có ở một dòng trước trong tệp.",
        ShiftExists = "shift_exists" => "ca này (cùng Tổ, ngày, giờ và loại) đã có trong sổ trực với danh sách người khác: sửa trên trang Sổ trực.",
        TooManyRows = "too_many_shifts" => "tệp có quá nhiều ca: tối đa 10.000 ca một lần nhập.",
    }
}

fn row_err(line: usize, field: &'static str, kind: FieldErrorKind) -> RowError {
    RowError::in_column(line, header_of(field), &FieldError::new(field, kind))
}

/// The header of a field's column.
pub fn header_of(field: &str) -> &'static str {
    DUTY_COLUMNS
        .iter()
        .find(|c| c.field == field)
        .map_or("", |c| c.header)
}

/// Maps the header row to the columns (see [`crate::roster::map_columns`]).
fn map_header(header: &[String]) -> Result<Vec<Option<usize>>, Vec<RowError>> {
    let columns: Vec<(&'static str, bool)> = DUTY_COLUMNS
        .iter()
        .map(|c| (c.header, c.required))
        .collect();
    crate::roster::map_columns(header, &columns, "mẫu sổ trực")
}

/// A time as a cell holds it: `22:00`, `22h`, `22h30`, or `22:00:00` as Excel writes a time.
fn time(field: &'static str, raw: &str) -> Result<u32, FieldError> {
    let s = raw.trim();
    let s = match s.rsplit_once(':') {
        Some((hm, secs)) if hm.contains(':') && secs.trim_start_matches('0').is_empty() => hm,
        _ => s,
    };
    parse_time(field, s)
}

fn kind(raw: &str) -> Option<DutyKind> {
    let f = folded(raw);
    DutyKind::ALL
        .iter()
        .copied()
        .find(|k| folded(k.label_vi()) == f || k.as_str() == raw.trim())
}

fn yes(raw: &str) -> Option<bool> {
    match folded(raw).as_str() {
        "" | "khong" | "k" | "no" | "0" | "false" => Some(false),
        "co" | "x" | "yes" | "1" | "true" => Some(true),
        _ => None,
    }
}

/// Who was there: CCCDs or names, separated by `;` or line breaks (a comma too between
/// numbers). At most [`MAX_PEOPLE`], each named once.
fn people(raw: &str) -> Result<Vec<PersonRef>, FieldErrorKind> {
    let mut out: Vec<PersonRef> = Vec::new();
    for part in raw.split([';', '\n', '\r']) {
        let digits_only = part
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c.is_whitespace());
        let pieces: Vec<&str> = if digits_only {
            part.split([',', ' ']).collect()
        } else {
            vec![part]
        };
        for p in pieces {
            let t = crate::text::normalize(p);
            if t.is_empty() {
                continue;
            }
            let r = if t.bytes().all(|b| b.is_ascii_digit()) {
                match t.len() {
                    12 => PersonRef::Cccd(t),
                    11 => PersonRef::Cccd(format!("0{t}")),
                    _ => {
                        return Err(FieldErrorKind::InvalidCode {
                            expected: "số CCCD đúng 12 chữ số",
                        });
                    }
                }
            } else if t.chars().count() > 100 {
                return Err(FieldErrorKind::TooLong { max: 100 });
            } else {
                PersonRef::Name(t)
            };
            if !out.contains(&r) {
                out.push(r);
            }
            if out.len() > MAX_PEOPLE {
                return Err(FieldErrorKind::from(super::PayrollFault::TooManyPeople));
            }
        }
    }
    if out.is_empty() {
        return Err(FieldErrorKind::Required);
    }
    Ok(out)
}

/// Reads the duty log's table (its first row the headers): the checked rows and every bad cell
/// with its line and column. Blank rows are skipped.
pub fn parse_duty_log(table: &[Vec<String>]) -> (Vec<DutyRow>, Vec<RowError>) {
    let Some((header, body)) = table.split_first() else {
        return (
            Vec::new(),
            vec![RowError {
                line: 0,
                column: "",
                code: "empty_file",
                message: "Tệp không có dòng nào.".into(),
            }],
        );
    };
    let at = match map_header(header) {
        Ok(at) => at,
        Err(e) => return (Vec::new(), e),
    };
    let filled = body
        .iter()
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
        .count();
    if filled > MAX_DUTY_ROWS {
        return (
            Vec::new(),
            vec![RowError::in_column(
                0,
                "",
                &FieldError::new("file", FieldErrorKind::from(DutyImportFault::TooManyRows)),
            )],
        );
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (i, r) in body.iter().enumerate() {
        let line = i + 2;
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |field: &str| -> &str {
            DUTY_COLUMNS
                .iter()
                .position(|c| c.field == field)
                .and_then(|k| at[k])
                .and_then(|i| r.get(i))
                .map_or("", |s| s.as_str())
        };
        let before = errors.len();
        // Something typed under no header (a CSV field split on its own `;`, a note beside the
        // table) would be lost: say so rather than drop it.
        if let Some(i) = r
            .iter()
            .enumerate()
            .position(|(i, c)| !c.trim().is_empty() && !at.contains(&Some(i)))
        {
            errors.push(RowError {
                line,
                column: "",
                code: "cell_without_column",
                message: format!(
                    "Dòng {line}: ô ở cột thứ {} có dữ liệu nhưng cột không có tiêu đề trong mẫu (trong tệp CSV, danh sách người tham gia có dấu chấm phẩy phải để trong ngoặc kép).",
                    i + 1
                ),
            });
        }
        let mut req = |field: &'static str| -> Option<&str> {
            let v = cell(field).trim();
            if v.is_empty() {
                errors.push(row_err(line, field, FieldErrorKind::Required));
                None
            } else {
                Some(v)
            }
        };
        let team = req("team").map(crate::text::normalize);
        let date = req("date").map(|s| crate::date::parse("date", s));
        let start = req("start").map(|s| time("start", s));
        let end = req("end").map(|s| time("end", s));
        let kind_raw = req("kind").map(str::to_string);
        let people_raw = req("people").map(str::to_string);
        let mut fail =
            |e: FieldError| errors.push(RowError::in_column(line, header_of(e.field), &e));
        let date = date.and_then(|d| d.map_err(&mut fail).ok());
        let start = start.and_then(|d| d.map_err(&mut fail).ok());
        let end = end.and_then(|d| d.map_err(&mut fail).ok());
        let kind = kind_raw.and_then(|k| {
            kind(&k).or_else(|| {
                fail(FieldError::new(
                    "kind",
                    FieldErrorKind::from(DutyImportFault::UnknownKind),
                ));
                None
            })
        });
        let hazardous = yes(cell("hazardous")).or_else(|| {
            fail(FieldError::new(
                "hazardous",
                FieldErrorKind::from(DutyImportFault::YesNo),
            ));
            None
        });
        let mobilised_by = crate::text::optional("mobilised_by", Some(cell("mobilised_by")), 200)
            .map_err(&mut fail)
            .ok()
            .flatten();
        let note = crate::text::optional("note", Some(cell("note")), 500)
            .map_err(&mut fail)
            .ok()
            .flatten();
        let people = people_raw.and_then(|p| {
            people(&p)
                .map_err(|k| fail(FieldError::new("people", k)))
                .ok()
        });
        if kind == Some(DutyKind::Mobilised) && mobilised_by.is_none() {
            fail(FieldError::new("mobilised_by", FieldErrorKind::Required));
        }
        if let (Some(s), Some(e)) = (start, end)
            && s == e
        {
            fail(FieldError::new(
                "end",
                FieldErrorKind::from(super::PayrollFault::EmptyShift),
            ));
        }
        if errors.len() > before {
            continue;
        }
        if let (
            Some(team),
            Some(date),
            Some(start),
            Some(end),
            Some(kind),
            Some(hazardous),
            Some(people),
        ) = (team, date, start, end, kind, hazardous, people)
        {
            rows.push(DutyRow {
                line,
                team,
                date,
                start,
                end,
                kind,
                hazardous,
                mobilised_by,
                note,
                people,
            });
        }
    }
    (rows, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    const HEADER: &[&str] = &[
        "Tổ",
        "Ngày",
        "Giờ bắt đầu",
        "Giờ kết thúc",
        "Loại ca",
        "Nặng nhọc, độc hại",
        "Đơn vị huy động",
        "Người tham gia",
        "Ghi chú",
    ];

    #[test]
    fn a_duty_log_reads_as_users_fill_it_in_excel() {
        let t = table(&[
            HEADER,
            &[
                "Tổ thôn 1",
                "03/11/2026",
                "22:00",
                "02:00",
                "Tuần tra",
                "",
                "",
                "062090000111; 62090000112\nRơ Mah Hùng",
                "",
            ],
            &["", "", "", "", "", "", "", "", ""],
            &[
                "Tổ thôn 1",
                "2026-11-05",
                "07:00:00",
                "11h30",
                "chua chay, cuu nan, cuu ho",
                "Có",
                "",
                "062090000111",
                "Cháy rẫy",
            ],
        ]);
        let (rows, errors) = parse_duty_log(&t);
        assert_eq!(errors, vec![]);
        assert_eq!(rows.len(), 2);
        let a = &rows[0];
        assert_eq!((a.line, a.start, a.end), (2, 22 * 60, 2 * 60));
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2026, 11, 3).unwrap());
        assert_eq!(
            a.people,
            vec![
                PersonRef::Cccd("062090000111".into()),
                PersonRef::Cccd("062090000112".into()),
                PersonRef::Name("Rơ Mah Hùng".into()),
            ]
        );
        let b = &rows[1];
        assert_eq!((b.line, b.start, b.end), (4, 7 * 60, 11 * 60 + 30));
        assert_eq!(b.kind, DutyKind::FireRescue);
        assert!(b.hazardous);
        assert_eq!(b.note.as_deref(), Some("Cháy rẫy"));
    }

    #[test]
    fn every_bad_cell_is_named_by_line_and_column() {
        let t = table(&[
            HEADER,
            &[
                "Tổ thôn 1",
                "31/02/2026",
                "25:00",
                "02:00",
                "Đi chơi",
                "hình như",
                "",
                "12345",
                "",
            ],
            &[
                "Tổ thôn 1",
                "01/11/2026",
                "08:00",
                "08:00",
                "Được huy động ngoài địa bàn",
                "",
                "",
                "062090000111",
                "",
            ],
            &["", "01/11/2026", "", "", "", "", "", "", ""],
        ]);
        let (rows, errors) = parse_duty_log(&t);
        assert!(rows.is_empty());
        let got: Vec<(usize, &str, &str)> =
            errors.iter().map(|e| (e.line, e.column, e.code)).collect();
        assert_eq!(
            got,
            vec![
                (2, "Ngày", "invalid_date"),
                (2, "Giờ bắt đầu", "invalid_time"),
                (2, "Loại ca", "unknown_duty_kind"),
                (2, "Nặng nhọc, độc hại", "yes_or_no"),
                (2, "Người tham gia", "invalid_code"),
                (3, "Đơn vị huy động", "required"),
                (3, "Giờ kết thúc", "empty_shift"),
                (4, "Tổ", "required"),
                (4, "Giờ bắt đầu", "required"),
                (4, "Giờ kết thúc", "required"),
                (4, "Loại ca", "required"),
                (4, "Người tham gia", "required"),
            ]
        );
        assert!(errors[0].message.starts_with("Dòng 2, cột «Ngày»:"));
    }

    #[test]
    fn the_header_is_checked_before_any_row() {
        let (_, errors) = parse_duty_log(&table(&[&["Tổ", "Ngày", "Lương"]]));
        let codes: Vec<&str> = errors.iter().map(|e| e.code).collect();
        assert!(codes.contains(&"unknown_column"));
        assert!(codes.contains(&"missing_column"));
        // Accents and case do not matter.
        let (_, errors) = parse_duty_log(&table(&[&[
            "TO",
            "ngay",
            "gio bat dau",
            "GIỜ KẾT THÚC",
            "loai ca",
            "nguoi tham gia",
        ]]));
        assert_eq!(errors, vec![]);
    }

    #[test]
    fn a_cell_under_no_header_is_named_not_dropped() {
        let mut row: Vec<&str> = vec![
            "Tổ thôn 1",
            "01/11/2026",
            "08:00",
            "10:00",
            "Trực",
            "",
            "",
            "062090000111",
            "",
        ];
        row.push("062090000112");
        let (rows, errors) = parse_duty_log(&table(&[HEADER, &row]));
        assert!(rows.is_empty());
        assert_eq!(errors[0].code, "cell_without_column");
        assert!(
            errors[0].message.contains("cột thứ 10"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn a_shift_names_at_most_a_hundred_people() {
        let many: Vec<String> = (0..101).map(|n| format!("0620900{n:05}")).collect();
        let joined = many.join(";");
        let t = table(&[
            HEADER,
            &[
                "Tổ thôn 1",
                "01/11/2026",
                "08:00",
                "10:00",
                "Trực",
                "",
                "",
                &joined,
                "",
            ],
        ]);
        let (_, errors) = parse_duty_log(&t);
        assert_eq!(errors[0].code, "too_many_people");
    }
}

//! Sổ trực: the duty log's shifts and what each member-shift counts as for the allowances of
//! Law 30/2023 Đ23 k2 — a night (22:00–06:00, with the pack's minimum hours), a rest day or
//! public holiday (the holiday calendar), hazardous work, a day in a border, mountainous or
//! especially difficult area.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::calendar::WorkCalendar;
use crate::error::{FieldError, FieldErrorKind};

crate::code_enum! {
    /// Loại ca: what the team was doing.
    pub enum DutyKind (field = "duty_kind") {
        Patrol = "patrol" => "Tuần tra",
        Duty = "duty" => "Trực",
        Event = "event" => "Bảo vệ sự kiện",
        FireRescue = "fire_rescue" => "Chữa cháy, cứu nạn, cứu hộ",
        Mobilised = "mobilised" => "Được huy động ngoài địa bàn",
    }
}

/// Minutes in a day.
pub const DAY_MINUTES: u32 = 24 * 60;

/// The longest shift the log takes, in minutes: a shift is at most a day and a night.
pub const MAX_SHIFT_MINUTES: u32 = DAY_MINUTES;

/// A time of day, `hh:mm`, as minutes after midnight.
pub fn parse_time(field: &'static str, raw: &str) -> Result<u32, FieldError> {
    let bad = || {
        FieldError::new(
            field,
            FieldErrorKind::from(super::PayrollFault::InvalidTime),
        )
    };
    let s = raw.trim().replace('h', ":");
    let (h, m) = s.split_once(':').unwrap_or((s.as_str(), "0"));
    let m = if m.is_empty() { "0" } else { m };
    if h.is_empty() || h.len() > 2 || m.len() > 2 {
        return Err(bad());
    }
    let (Ok(h), Ok(m)) = (h.parse::<u32>(), m.parse::<u32>()) else {
        return Err(bad());
    };
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// `22:00`.
pub fn time_vi(minutes: u32) -> String {
    format!("{:02}:{:02}", (minutes / 60) % 24, minutes % 60)
}

/// One shift as a member lived it: the day it started, its start and end, what it was, and
/// where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shift {
    pub date: NaiveDate,
    /// Minutes after midnight of `date`.
    pub start: u32,
    /// Minutes after midnight; at or before `start`, the shift ends the next day.
    pub end: u32,
    pub kind: DutyKind,
    /// Heavy, hazardous or dangerous work (ALW-2).
    pub hazardous: bool,
    /// Served in a border, mountainous or especially difficult area (LAW-23.2c).
    pub hardship_area: bool,
}

impl Shift {
    /// A shift from its parts; refuses a time out of the day and a shift of no length.
    pub fn new(
        date: NaiveDate,
        start: u32,
        end: u32,
        kind: DutyKind,
        hazardous: bool,
        hardship_area: bool,
    ) -> Result<Shift, FieldError> {
        if start >= DAY_MINUTES || end >= DAY_MINUTES {
            return Err(FieldError::new(
                "start",
                FieldErrorKind::from(super::PayrollFault::InvalidTime),
            ));
        }
        if start == end {
            return Err(FieldError::new(
                "end",
                FieldErrorKind::from(super::PayrollFault::EmptyShift),
            ));
        }
        Ok(Shift {
            date,
            start,
            end,
            kind,
            hazardous,
            hardship_area,
        })
    }

    /// Whether it runs past midnight.
    pub fn crosses_midnight(&self) -> bool {
        self.end <= self.start
    }

    /// Its length in minutes.
    pub fn minutes(&self) -> u32 {
        if self.crosses_midnight() {
            DAY_MINUTES - self.start + self.end
        } else {
            self.end - self.start
        }
    }

    /// Minutes between 22:00 and 06:00 (of any night the shift touches).
    pub fn night_minutes(&self) -> u32 {
        let s = i64::from(self.start);
        let e = s + i64::from(self.minutes());
        // The nights around the start day: the one ending at 06:00 of `date`, the one from
        // 22:00 of `date`, and the one from 22:00 of the next day.
        let nights = [(-120_i64, 360_i64), (1320, 1800), (2760, 3240)];
        nights
            .iter()
            .map(|(a, b)| (e.min(*b) - s.max(*a)).max(0))
            .sum::<i64>()
            .try_into()
            .unwrap_or(0)
    }

    /// The day the shift ends.
    pub fn end_date(&self) -> NaiveDate {
        if self.crosses_midnight() {
            self.date + Duration::days(1)
        } else {
            self.date
        }
    }

    /// `22:00 ngày 03/07/2026 – 02:00 ngày 04/07/2026`.
    pub fn span_vi(&self) -> String {
        if self.crosses_midnight() {
            format!(
                "{} ngày {} – {} ngày {}",
                time_vi(self.start),
                crate::date::format_vi(self.date),
                time_vi(self.end),
                crate::date::format_vi(self.end_date())
            )
        } else {
            format!(
                "{}–{} ngày {}",
                time_vi(self.start),
                time_vi(self.end),
                crate::date::format_vi(self.date)
            )
        }
    }
}

/// Why a day is not a working day: a weekend, or a public holiday (with its name).
pub fn rest_day(cal: &WorkCalendar, d: NaiveDate) -> Option<&'static str> {
    if cal.is_working_day(d) {
        None
    } else if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
        Some("ngày nghỉ hằng tuần")
    } else {
        Some("ngày lễ, Tết, ngày nghỉ theo lịch nghỉ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// ALW-3, LAW-23.2: the night is 22:00–06:00; a shift that crosses midnight counts both
    /// sides of it.
    #[test]
    fn night_hours_are_counted_across_midnight() {
        let s = |a: &str, b: &str| {
            Shift::new(
                d(2026, 7, 3),
                parse_time("start", a).unwrap(),
                parse_time("end", b).unwrap(),
                DutyKind::Patrol,
                false,
                false,
            )
            .unwrap()
        };
        assert_eq!(s("22:00", "02:00").night_minutes(), 240);
        assert_eq!(s("22:00", "02:00").minutes(), 240);
        assert!(s("22:00", "02:00").crosses_midnight());
        assert_eq!(s("20:00", "23:30").night_minutes(), 90);
        assert_eq!(s("04:00", "08:00").night_minutes(), 120);
        assert_eq!(s("08:00", "17:00").night_minutes(), 0);
        assert_eq!(s("18:00", "07:00").night_minutes(), 480);
        // A whole day from 06:00 holds one whole night.
        assert_eq!(s("06:00", "05:59").night_minutes(), 479);
        assert_eq!(s("21h30", "1h").night_minutes(), 180);
        assert_eq!(s("22:00", "02:00").end_date(), d(2026, 7, 4));
        assert_eq!(
            s("22:00", "02:00").span_vi(),
            "22:00 ngày 03/07/2026 – 02:00 ngày 04/07/2026"
        );
    }

    #[test]
    fn a_shift_has_a_length_and_times_of_the_day() {
        assert!(parse_time("start", "24:00").is_err());
        assert!(parse_time("start", "7:60").is_err());
        assert!(parse_time("start", "abc").is_err());
        assert_eq!(parse_time("start", "7").unwrap(), 420);
        let same = Shift::new(d(2026, 7, 3), 600, 600, DutyKind::Duty, false, false);
        assert_eq!(same.unwrap_err().code(), "empty_shift");
    }

    #[test]
    fn rest_days_come_from_the_calendar() {
        let cal = WorkCalendar::new(2026..=2026, &[]);
        assert_eq!(rest_day(&cal, d(2026, 7, 4)), Some("ngày nghỉ hằng tuần"));
        assert_eq!(
            rest_day(&cal, d(2026, 9, 2)),
            Some("ngày lễ, Tết, ngày nghỉ theo lịch nghỉ")
        );
        assert_eq!(rest_day(&cal, d(2026, 7, 3)), None);
    }
}

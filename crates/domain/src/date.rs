//! Local calendar dates. Vietnam is UTC+7 all year; a period's last day counts.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};

use crate::error::{FieldError, FieldErrorKind};

/// Vietnam's offset from UTC: +7 hours, no daylight saving.
pub const VN_OFFSET_SECS: i32 = 7 * 3600;

/// Parses a date typed by a user, day first as Vietnamese offices write it — `dd/mm/yyyy`,
/// `d/m/yyyy`, `dd.mm.yyyy`, `dd-mm-yyyy`, or the eight digits `ddmmyyyy` — or `yyyy-mm-dd` (ISO,
/// used by the API). Never month first: "01122026" is 1 December 2026 whatever the browser's
/// language.
pub fn parse(field: &'static str, raw: &str) -> Result<NaiveDate, FieldError> {
    let s = raw.trim();
    let parsed = if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        NaiveDate::parse_from_str(s, "%d%m%Y")
    } else if is_iso(s) {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
    } else {
        NaiveDate::parse_from_str(&s.replace(['.', '-'], "/"), "%d/%m/%Y")
    };
    match parsed {
        Ok(d) if (1900..=2200).contains(&d.year()) => Ok(d),
        _ => Err(FieldError::new(field, FieldErrorKind::InvalidDate)),
    }
}

/// `yyyy-mm-dd`: four digits, then a dash.
fn is_iso(s: &str) -> bool {
    s.len() >= 8 && s.as_bytes()[..4].iter().all(u8::is_ascii_digit) && s.as_bytes()[4] == b'-'
}

/// "ngày 01 tháng 12 năm 2026": a date as a paper writes it, and as a form says back what it
/// understood.
pub fn words_vi(d: NaiveDate) -> String {
    format!(
        "ngày {:02} tháng {:02} năm {}",
        d.day(),
        d.month(),
        d.year()
    )
}

/// `05/01/2026`: how a date is shown to a user.
pub fn format_vi(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The calendar date in Vietnam at instant `now`.
pub fn today_vn(now: DateTime<Utc>) -> NaiveDate {
    match FixedOffset::east_opt(VN_OFFSET_SECS) {
        Some(tz) => now.with_timezone(&tz).date_naive(),
        None => now.date_naive(),
    }
}

/// Vietnam's wall-clock time at instant `at` (UTC+7, no daylight saving).
pub fn local_vn(at: DateTime<Utc>) -> chrono::NaiveDateTime {
    at.naive_utc() + chrono::Duration::seconds(i64::from(VN_OFFSET_SECS))
}

/// A closed validity interval `[from, to]`; `to = None` means still in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validity {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

impl Validity {
    /// Builds an interval, refusing one that ends before it starts.
    pub fn new(from: NaiveDate, to: Option<NaiveDate>) -> Result<Self, FieldError> {
        match to {
            Some(t) if t < from => Err(FieldError::new("valid_to", FieldErrorKind::DateOrder)),
            _ => Ok(Validity { from, to }),
        }
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && self.to.is_none_or(|t| d <= t)
    }

    /// Whether two closed intervals share at least one day.
    pub fn overlaps(&self, other: &Validity) -> bool {
        let starts_before_other_ends = other.to.is_none_or(|t| self.from <= t);
        let other_starts_before_self_ends = self.to.is_none_or(|t| other.from <= t);
        starts_before_other_ends && other_starts_before_self_ends
    }

    /// Whether `inner` lies wholly within `self`.
    pub fn covers(&self, inner: &Validity) -> bool {
        self.from <= inner.from
            && match (self.to, inner.to) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(a), Some(b)) => b <= a,
            }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn dates_are_read_day_first_in_every_way_an_office_types_them() {
        let dec1 = NaiveDate::from_ymd_opt(2026, 12, 1);
        for raw in [
            "01/12/2026",
            "1/12/2026",
            "01.12.2026",
            "01-12-2026",
            "01122026",
            "2026-12-01",
        ] {
            assert_eq!(super::parse("date", raw).ok(), dec1, "{raw}");
        }
        assert!(super::parse("date", "13/13/2026").is_err());
        assert!(
            super::parse("date", "12/31/2026").is_err(),
            "never month first"
        );
        assert_eq!(
            dec1.map(super::words_vi).as_deref(),
            Some("ngày 01 tháng 12 năm 2026")
        );
    }

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn both_vietnamese_and_iso_dates_parse() {
        assert_eq!(parse("date", "01/07/2025").unwrap(), d(2025, 7, 1));
        assert_eq!(parse("date", "2025-07-01").unwrap(), d(2025, 7, 1));
        assert!(parse("date", "31/02/2025").is_err());
        assert!(parse("date", "2025-13-01").is_err());
        assert!(parse("date", "hôm qua").is_err());
    }

    #[test]
    fn a_period_includes_its_last_day() {
        let v = Validity::new(d(2024, 7, 1), Some(d(2025, 6, 30))).unwrap();
        assert!(v.contains(d(2025, 6, 30)));
        assert!(!v.contains(d(2025, 7, 1)));
        let next = Validity::new(d(2025, 7, 1), None).unwrap();
        assert!(!v.overlaps(&next));
        let touching = Validity::new(d(2025, 6, 30), None).unwrap();
        assert!(v.overlaps(&touching));
    }

    #[test]
    fn an_interval_cannot_end_before_it_starts() {
        assert!(Validity::new(d(2025, 7, 1), Some(d(2025, 6, 30))).is_err());
        assert!(Validity::new(d(2025, 7, 1), Some(d(2025, 7, 1))).is_ok());
    }

    #[test]
    fn today_in_vietnam_turns_at_17_utc() {
        let before = DateTime::parse_from_rfc3339("2025-06-30T16:59:59Z")
            .unwrap()
            .with_timezone(&Utc);
        let after = DateTime::parse_from_rfc3339("2025-06-30T17:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(today_vn(before), d(2025, 6, 30));
        assert_eq!(today_vn(after), d(2025, 7, 1));
    }
}

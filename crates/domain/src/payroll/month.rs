//! A payroll month (*tháng lương*): a calendar month, its first and last day both counted.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{FieldError, FieldErrorKind};

/// Một tháng: năm và tháng. Written `2026-07` on the wire, `tháng 7 năm 2026` to users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Month {
    year: i32,
    month: u32,
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Month {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("Tháng, dạng YYYY-MM (2026-07)."))
            .examples(["2026-07"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Month {}

impl Month {
    /// The month of years 2000–2100 only: a payroll of year 20260 is a typing slip.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((2000..=2100).contains(&year) && (1..=12).contains(&month))
            .then_some(Month { year, month })
    }

    /// The month a day falls in.
    pub fn of(d: NaiveDate) -> Month {
        Month {
            year: d.year(),
            month: d.month(),
        }
    }

    /// `2026-07`, `07/2026` or `7/2026`.
    pub fn parse(field: &'static str, raw: &str) -> Result<Month, FieldError> {
        let bad = || FieldError::new(field, FieldErrorKind::from(PayrollFault::InvalidMonth));
        let s = raw.trim();
        let (y, m) = if let Some((y, m)) = s.split_once('-') {
            (y, m)
        } else if let Some((m, y)) = s.split_once('/') {
            (y, m)
        } else {
            return Err(bad());
        };
        let digits =
            |t: &str| !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(y) || !digits(m) || y.len() != 4 || m.len() > 2 {
            return Err(bad());
        }
        let (Ok(y), Ok(m)) = (y.parse::<i32>(), m.parse::<u32>()) else {
            return Err(bad());
        };
        Month::new(y, m).ok_or_else(bad)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        self.next()
            .first_day()
            .pred_opt()
            .unwrap_or_else(|| self.first_day())
    }

    /// How many days the month has (28–31).
    pub fn days(self) -> u32 {
        self.last_day().day()
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn prev(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    pub fn contains(self, d: NaiveDate) -> bool {
        self.first_day() <= d && d <= self.last_day()
    }

    /// The quarter, 1–4.
    pub fn quarter(self) -> u32 {
        (self.month - 1) / 3 + 1
    }

    /// `tháng 7 năm 2026`.
    pub fn label_vi(self) -> String {
        format!("tháng {} năm {}", self.month, self.year)
    }

    /// `07/2026`, as a column of a list reads.
    pub fn short_vi(self) -> String {
        format!("{:02}/{}", self.month, self.year)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

impl From<Month> for String {
    fn from(m: Month) -> String {
        m.to_string()
    }
}

impl TryFrom<String> for Month {
    type Error = String;
    fn try_from(s: String) -> Result<Month, String> {
        Month::parse("month", &s).map_err(|e| e.message_vi())
    }
}

use super::PayrollFault;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_reads_in_every_way_users_type_it_and_nothing_else() {
        let july = Month::new(2026, 7).unwrap();
        assert_eq!(Month::parse("month", "2026-07").unwrap(), july);
        assert_eq!(Month::parse("month", "07/2026").unwrap(), july);
        assert_eq!(Month::parse("month", " 7/2026 ").unwrap(), july);
        for bad in [
            "2026-13", "2026-00", "26-07", "2026/07", "2026-7-1", "", "abcd-ef", "1999-12",
        ] {
            assert!(Month::parse("month", bad).is_err(), "{bad}");
        }
        assert_eq!(july.to_string(), "2026-07");
        assert_eq!(july.label_vi(), "tháng 7 năm 2026");
        assert_eq!(july.days(), 31);
        assert_eq!(Month::new(2028, 2).unwrap().days(), 29);
        assert_eq!(
            Month::new(2026, 12).unwrap().next(),
            Month::new(2027, 1).unwrap()
        );
        assert_eq!(
            Month::new(2027, 1).unwrap().prev(),
            Month::new(2026, 12).unwrap()
        );
        assert_eq!(july.quarter(), 3);
        assert_eq!(
            serde_json::to_string(&july).unwrap(),
            "\"2026-07\"".to_string()
        );
        assert_eq!(serde_json::from_str::<Month>("\"2026-07\"").unwrap(), july);
    }
}

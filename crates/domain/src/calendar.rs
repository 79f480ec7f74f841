//! Lịch: the Vietnamese lunar calendar (Hồ Ngọc Đức's astronomical method at UTC+7, never a
//! Chinese-calendar library: Tết 2030 is 2/2 in Vietnam and 3/2 in China), the statutory days off
//! (Labour Code 2019 Đ112, with the substitute day of Đ111 k3), the schedules the government
//! announces each year, and counting working days across them.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Serialize;

/// Lunar calendar arithmetic. Floating point here is astronomy (moon phases, solar longitude),
/// never money; every result is rounded to a whole day.
#[allow(clippy::float_arithmetic)]
mod lunar {
    use std::f64::consts::PI;

    const TZ: f64 = 7.0;

    fn int(x: f64) -> i64 {
        x.floor() as i64
    }

    pub fn jd_from_date(dd: i64, mm: i64, yy: i64) -> i64 {
        let a = (14 - mm) / 12;
        let y = yy + 4800 - a;
        let m = mm + 12 * a - 3;
        let jd = dd + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045;
        if jd < 2_299_161 {
            dd + (153 * m + 2) / 5 + 365 * y + y / 4 - 32083
        } else {
            jd
        }
    }

    pub fn jd_to_date(jd: i64) -> (i64, i64, i64) {
        let (b, c) = if jd > 2_299_160 {
            let a = jd + 32044;
            let b = (4 * a + 3) / 146_097;
            (b, a - (b * 146_097) / 4)
        } else {
            (0, jd + 32082)
        };
        let d = (4 * c + 3) / 1461;
        let e = c - (1461 * d) / 4;
        let m = (5 * e + 2) / 153;
        let day = e - (153 * m + 2) / 5 + 1;
        let month = m + 3 - 12 * (m / 10);
        let year = b * 100 + d - 4800 + m / 10;
        (day, month, year)
    }

    fn new_moon_day(k: i64) -> i64 {
        let k = k as f64;
        let t = k / 1236.85;
        let t2 = t * t;
        let t3 = t2 * t;
        let dr = PI / 180.0;
        let mut jd1 = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
        jd1 += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * dr).sin();
        let m = 359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3;
        let mpr = 306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3;
        let f = 21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3;
        let mut c1 = (0.1734 - 0.000_393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin();
        c1 = c1 - 0.4068 * (mpr * dr).sin() + 0.0161 * (dr * 2.0 * mpr).sin();
        c1 -= 0.0004 * (dr * 3.0 * mpr).sin();
        c1 = c1 + 0.0104 * (dr * 2.0 * f).sin() - 0.0051 * (dr * (m + mpr)).sin();
        c1 = c1 - 0.0074 * (dr * (m - mpr)).sin() + 0.0004 * (dr * (2.0 * f + m)).sin();
        c1 = c1 - 0.0004 * (dr * (2.0 * f - m)).sin() - 0.0006 * (dr * (2.0 * f + mpr)).sin();
        c1 = c1 + 0.0010 * (dr * (2.0 * f - mpr)).sin() + 0.0005 * (dr * (2.0 * mpr + m)).sin();
        let deltat = if t < -11.0 {
            0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
        } else {
            -0.000_278 + 0.000_265 * t + 0.000_262 * t2
        };
        int(jd1 + c1 - deltat + 0.5 + TZ / 24.0)
    }

    fn sun_longitude(jdn: i64) -> i64 {
        let t = (jdn as f64 - 2_451_545.5 - TZ / 24.0) / 36525.0;
        let t2 = t * t;
        let dr = PI / 180.0;
        let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
        let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
        let mut dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (dr * m).sin();
        dl = dl
            + (0.019_993 - 0.000_101 * t) * (dr * 2.0 * m).sin()
            + 0.000_290 * (dr * 3.0 * m).sin();
        let mut l = (l0 + dl) * dr;
        l -= PI * 2.0 * (l / (PI * 2.0)).floor();
        int(l / PI * 6.0)
    }

    fn lunar_month_11(yy: i64) -> i64 {
        let off = jd_from_date(31, 12, yy) - 2_415_021;
        let k = int(off as f64 / 29.530_588_853);
        let nm = new_moon_day(k);
        if sun_longitude(nm) >= 9 {
            new_moon_day(k - 1)
        } else {
            nm
        }
    }

    fn leap_month_offset(a11: i64) -> i64 {
        let k = int((a11 as f64 - 2_415_021.076_998_695) / 29.530_588_853 + 0.5);
        let mut i = 1;
        let mut arc = sun_longitude(new_moon_day(k + i));
        loop {
            let last = arc;
            i += 1;
            arc = sun_longitude(new_moon_day(k + i));
            if arc == last || i >= 14 {
                break;
            }
        }
        i - 1
    }

    /// The Julian day number of a lunar date, or `None` when it does not exist (a leap month
    /// the year does not have).
    pub fn lunar_to_jd(day: i64, month: i64, year: i64, leap: bool) -> Option<i64> {
        let (a11, b11) = if month < 11 {
            (lunar_month_11(year - 1), lunar_month_11(year))
        } else {
            (lunar_month_11(year), lunar_month_11(year + 1))
        };
        let k = int(0.5 + (a11 as f64 - 2_415_021.076_998_695) / 29.530_588_853);
        let mut off = month - 11;
        if off < 0 {
            off += 12;
        }
        if b11 - a11 > 365 {
            let leap_off = leap_month_offset(a11);
            let mut leap_month = leap_off - 2;
            if leap_month < 0 {
                leap_month += 12;
            }
            if leap && month != leap_month {
                return None;
            }
            if leap || off >= leap_off {
                off += 1;
            }
        } else if leap {
            return None;
        }
        Some(new_moon_day(k + off) + day - 1)
    }
}

/// The solar date of a lunar date in Vietnam (UTC+7).
pub fn lunar_to_solar(day: u32, month: u32, year: i32, leap: bool) -> Option<NaiveDate> {
    if !(1..=30).contains(&day) || !(1..=12).contains(&month) {
        return None;
    }
    let jd = lunar::lunar_to_jd(i64::from(day), i64::from(month), i64::from(year), leap)?;
    let (d, m, y) = lunar::jd_to_date(jd);
    NaiveDate::from_ymd_opt(
        i32::try_from(y).ok()?,
        u32::try_from(m).ok()?,
        u32::try_from(d).ok()?,
    )
}

/// Mùng 1 Tết of the lunar year that starts in `year`.
pub fn tet(year: i32) -> Option<NaiveDate> {
    lunar_to_solar(1, 1, year, false)
}

/// Giỗ Tổ Hùng Vương, 10/3 âm lịch.
pub fn gio_to(year: i32) -> Option<NaiveDate> {
    lunar_to_solar(10, 3, year, false)
}

/// A day off and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayOff {
    pub date: NaiveDate,
    pub name: String,
    /// `statutory` (the Labour Code's fixed days), `announced` (a year's published schedule),
    /// `substitute` (a holiday on a weekend, Đ111 k3) or `provisional` (computed for a year
    /// whose schedule is not announced yet).
    pub kind: &'static str,
}

/// A year's schedule as the government announced it for civil servants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub year: i32,
    /// Weekdays off for Tết Âm lịch (weekends in the break are off anyway).
    pub tet: Vec<NaiveDate>,
    /// The day beside 2/9, when announced.
    pub national_day_extra: Option<NaiveDate>,
    /// Other days off (swaps, one-off holidays).
    pub other_off: Vec<(NaiveDate, String)>,
    /// Saturdays worked in exchange.
    pub make_up_days: Vec<NaiveDate>,
    pub source: String,
}

/// The days off of one year: announced where the schedule is known, computed (and marked
/// provisional) where not.
pub fn days_off(year: i32, announced: Option<&Announcement>) -> Vec<DayOff> {
    let mut out = Vec::new();
    let mut push = |date: Option<NaiveDate>, name: &str, kind: &'static str| {
        if let Some(date) = date {
            out.push(DayOff {
                date,
                name: name.to_string(),
                kind,
            });
        }
    };
    push(
        NaiveDate::from_ymd_opt(year, 1, 1),
        "Tết Dương lịch",
        "statutory",
    );
    match announced {
        Some(a) if !a.tet.is_empty() => {
            for d in &a.tet {
                push(Some(*d), "Tết Âm lịch", "announced");
            }
        }
        _ => {
            // Five days (Đ112 k1 b): by default the last day of the old year and mùng 1–4.
            if let Some(t) = tet(year) {
                push(t.pred_opt(), "Tết Âm lịch (dự kiến)", "provisional");
                for i in 0..4 {
                    push(
                        t.checked_add_signed(Duration::days(i)),
                        "Tết Âm lịch (dự kiến)",
                        "provisional",
                    );
                }
            }
        }
    }
    push(gio_to(year), "Giỗ Tổ Hùng Vương", "statutory");
    push(
        NaiveDate::from_ymd_opt(year, 4, 30),
        "Ngày Chiến thắng",
        "statutory",
    );
    push(
        NaiveDate::from_ymd_opt(year, 5, 1),
        "Ngày Quốc tế lao động",
        "statutory",
    );
    push(
        NaiveDate::from_ymd_opt(year, 9, 2),
        "Quốc khánh",
        "statutory",
    );
    match announced.and_then(|a| a.national_day_extra) {
        Some(d) => push(Some(d), "Quốc khánh (ngày liền kề)", "announced"),
        None => push(
            NaiveDate::from_ymd_opt(year, 9, 3),
            "Quốc khánh (ngày liền kề, dự kiến)",
            "provisional",
        ),
    }
    if let Some(a) = announced {
        for (d, name) in &a.other_off {
            push(Some(*d), name, "announced");
        }
    }
    // Đ111 k3: a holiday on a weekend gives the next working day off. Announced Tết breaks
    // already include their compensation.
    let taken: BTreeSet<NaiveDate> = out.iter().map(|d| d.date).collect();
    let mut extra = Vec::new();
    let mut used = taken.clone();
    for d in out
        .iter()
        .filter(|d| d.kind != "announced" && is_weekend(d.date))
    {
        let mut next = d.date;
        while let Some(n) = next.succ_opt() {
            next = n;
            if !is_weekend(next) && !used.contains(&next) {
                used.insert(next);
                extra.push(DayOff {
                    date: next,
                    name: format!("Nghỉ bù {}", d.name),
                    kind: "substitute",
                });
                break;
            }
        }
    }
    out.extend(extra);
    out.sort_by_key(|d| d.date);
    out.dedup_by_key(|d| d.date);
    out
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Working days for state offices: Monday to Friday, less days off, plus make-up Saturdays.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    off: BTreeSet<NaiveDate>,
    make_up: BTreeSet<NaiveDate>,
    provisional: BTreeSet<NaiveDate>,
}

impl WorkCalendar {
    /// Builds the calendar for `years` from the announcements known.
    pub fn new(
        years: std::ops::RangeInclusive<i32>,
        announcements: &[Announcement],
    ) -> WorkCalendar {
        let mut cal = WorkCalendar::default();
        for y in years {
            let a = announcements.iter().find(|a| a.year == y);
            for d in days_off(y, a) {
                if d.kind == "provisional" {
                    cal.provisional.insert(d.date);
                }
                cal.off.insert(d.date);
            }
            if let Some(a) = a {
                cal.make_up.extend(a.make_up_days.iter().copied());
            }
        }
        cal
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        self.make_up.contains(&d) || (!is_weekend(d) && !self.off.contains(&d))
    }

    /// Whether a day off between `from` and `to` (inclusive) is computed rather than announced,
    /// so a deadline counted across it may move when the government publishes the schedule.
    pub fn provisional_between(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.provisional.range(from..=to).next().is_some()
    }

    /// The date `n` working days after `start` (the count starts the next day).
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            match d.succ_opt() {
                Some(next) => d = next,
                None => return d,
            }
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }
}

crate::faults! {
    /// Lịch nghỉ: the refusals, each with its stable code and message.
    pub enum CalendarFault {
        DateOutsideYear = "date_outside_year" => "có ngày không thuộc năm này.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn tet_and_gio_to_match_the_reference_table_2024_to_2030() {
        // reference-data.md §3.3; 2030 differs from China (2/2, not 3/2).
        let tet_days = [
            (2024, d(2024, 2, 10)),
            (2025, d(2025, 1, 29)),
            (2026, d(2026, 2, 17)),
            (2027, d(2027, 2, 6)),
            (2028, d(2028, 1, 26)),
            (2029, d(2029, 2, 13)),
            (2030, d(2030, 2, 2)),
        ];
        for (y, want) in tet_days {
            assert_eq!(tet(y), Some(want), "Tết {y}");
        }
        let gio = [
            (2024, d(2024, 4, 18)),
            (2025, d(2025, 4, 7)),
            (2026, d(2026, 4, 26)),
            (2027, d(2027, 4, 16)),
            (2028, d(2028, 4, 4)),
            (2029, d(2029, 4, 23)),
            (2030, d(2030, 4, 12)),
        ];
        for (y, want) in gio {
            assert_eq!(gio_to(y), Some(want), "Giỗ Tổ {y}");
        }
    }

    #[test]
    fn a_leap_month_exists_only_in_a_leap_year() {
        // 2025 (Ất Tỵ) has a leap 6th month; 2024 has none.
        assert!(lunar_to_solar(1, 6, 2025, true).is_some());
        assert!(lunar_to_solar(1, 6, 2024, true).is_none());
        assert!(lunar_to_solar(31, 1, 2025, false).is_none());
    }

    #[test]
    fn bllđ_111_giỗ_tổ_2026_on_a_sunday_gives_monday_off() {
        let days = days_off(2026, None);
        assert!(days.iter().any(|x| x.date == d(2026, 4, 26)));
        let sub = days.iter().find(|x| x.date == d(2026, 4, 27)).unwrap();
        assert_eq!(sub.kind, "substitute");
    }

    #[test]
    fn five_working_days_across_the_announced_tet_2026_break() {
        let a = Announcement {
            year: 2026,
            tet: (16..=20).map(|day| d(2026, 2, day)).collect(),
            national_day_extra: None,
            other_off: vec![],
            make_up_days: vec![],
            source: "test".into(),
        };
        let cal = WorkCalendar::new(2025..=2027, &[a]);
        // Minutes on Thu 12/2: Fri 13, then the break to Sun 22, then Mon 23, Tue 24, Wed 25, Thu 26.
        assert_eq!(cal.add_working_days(d(2026, 2, 12), 5), d(2026, 2, 26));
        assert!(!cal.provisional_between(d(2026, 2, 12), d(2026, 2, 26)));
        let end = cal.add_working_days(d(2027, 2, 1), 5);
        assert!(
            cal.provisional_between(d(2027, 2, 1), end),
            "Tết 2027 is not announced yet"
        );
    }
}

//! Excel's conventions for what a cell holds, as the user sees it: which number formats are dates,
//! how a serial number becomes a date (the 1900 system with its phantom 1900-02-29, the 1904
//! system), how a number is printed, the `_xHHHH_` escapes in text and the `B7` cell names.
//!
//! Each rule follows calamine 0.38 (the reader this module replaced) so that a workbook reads
//! exactly as before; the tests below and `tests/xlsx_reader.rs` hold the two side by side.

use chrono::{Days, NaiveDate};

/// Whether a built-in number format (ECMA-376 §18.8.30, and the East Asian date formats) shows
/// a date or a time.
pub(super) fn builtin_is_date(id: &str) -> bool {
    matches!(
        id,
        "14" | "15"
            | "16"
            | "17"
            | "18"
            | "19"
            | "20"
            | "21"
            | "22"
            | "27"
            | "28"
            | "29"
            | "30"
            | "31"
            | "32"
            | "33"
            | "34"
            | "35"
            | "36"
            | "45"
            | "46"
            | "47"
            | "50"
            | "51"
            | "52"
            | "53"
            | "54"
            | "55"
            | "56"
            | "57"
            | "58"
    )
}

/// Whether a custom number format shows a date, a time or a duration: in its first section,
/// outside quoted text, `[...]` conditions and colours, and characters escaped by `\`, `_` or
/// `*`, a `d`, `m`, `y`, `h` or `s` (either case), or `A/P`-style am/pm, or `[h]`, `[mm]`, `[ss]`.
pub(super) fn custom_is_date(format: &str) -> bool {
    let (mut escaped, mut quoted, mut ampm, mut elapsed) = (false, false, false, false);
    let mut brackets = 0u8;
    let mut prev = ' ';
    for c in format.chars() {
        if escaped {
            escaped = false;
        } else if matches!(c, '_' | '\\' | '*') {
            // Even inside quotes, as calamine reads it.
            escaped = true;
        } else if quoted {
            quoted = c != '"';
        } else {
            match c {
                '"' => quoted = true,
                ';' => return false,
                '[' => brackets = brackets.saturating_add(1),
                ']' if brackets == 1 && elapsed => return true,
                ']' => brackets = brackets.saturating_sub(1),
                'a' | 'A' if !ampm && brackets == 0 => ampm = true,
                'p' | 'm' | '/' | 'P' | 'M' if ampm && brackets == 0 => return true,
                'd' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S'
                    if !ampm && brackets == 0 =>
                {
                    return true;
                }
                _ => {
                    if !(elapsed && c.eq_ignore_ascii_case(&prev)) {
                        elapsed = prev == '[' && matches!(c, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                    }
                }
            }
        }
        prev = c;
    }
    false
}

/// The last serial day each system can show (9999-12-31); larger serials show that day.
const LAST_DAY_1900: u64 = 2_958_465;
const LAST_DAY_1904: u64 = 2_957_003;
const DAY_SECONDS: f64 = 86_400.0;

/// An Excel serial date-time as `yyyy-mm-dd`. A time that rounds to midnight is the next day;
/// negative and not-a-number serials are day 0, like Excel's own `1900-01-00`.
pub(super) fn serial_date(serial: f64, is_1904: bool) -> String {
    // The cast saturates: negative and NaN become 0, as in calamine.
    let mut days = serial.floor() as u64;
    let seconds = serial.fract() * DAY_SECONDS;
    let mut whole = seconds as u64;
    if (seconds.fract() * 1000.0).round() as u64 == 1000 {
        whole += 1;
    }
    if whole == DAY_SECONDS as u64 {
        days = (serial.floor() + 1.0) as u64;
    }
    let date = if is_1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)
            .and_then(|d| d.checked_add_days(Days::new(days.min(LAST_DAY_1904))))
    } else {
        let days = days.min(LAST_DAY_1900);
        match days {
            // Excel counts 1900 as a leap year: serial 60 is the 29th of February that never was.
            60 => return "1900-02-29".to_string(),
            0..60 => NaiveDate::from_ymd_opt(1899, 12, 31),
            _ => NaiveDate::from_ymd_opt(1899, 12, 30),
        }
        .and_then(|d| d.checked_add_days(Days::new(days)))
    };
    date.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The time of an Excel serial below one day as `hh:mm`, to the nearest minute (0.916666… is
/// `22:00`; a time that rounds to midnight is `00:00`).
pub(super) fn serial_time(serial: f64) -> String {
    let minutes = ((serial.fract() * 1440.0).round() as u64) % 1440;
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A number as the user typed it: a whole number without `.0` (an 11-digit CCCD stays digits).
pub(super) fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// Excel's escape of a character XML cannot hold, `_xHHHH_` (a UTF-16 unit; `_x005F_` is `_`),
/// decoded; a lone surrogate becomes U+FFFD.
pub(super) fn unescape_excel(text: &str) -> String {
    if !text.contains("_x") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('_') {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        match escape_unit(from) {
            Some(high @ 0xD800..=0xDBFF) => match from.get(7..).and_then(escape_unit) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let c =
                        0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    out.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                    rest = from.get(14..).unwrap_or_default();
                }
                _ => {
                    out.push(char::REPLACEMENT_CHARACTER);
                    rest = from.get(7..).unwrap_or_default();
                }
            },
            Some(unit) => {
                out.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER));
                rest = from.get(7..).unwrap_or_default();
            }
            None => {
                out.push('_');
                rest = from.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

/// The UTF-16 unit of an `_xHHHH_` escape at the start of `s`.
fn escape_unit(s: &str) -> Option<u16> {
    let b = s.as_bytes().get(..7)?;
    if b.first() != Some(&b'_') || b.get(1) != Some(&b'x') || b.get(6) != Some(&b'_') {
        return None;
    }
    let hex = s.get(2..6)?;
    if !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(hex, 16).ok()
}

/// A cell reference such as `B7` as a 0-based (row, column); a reference past any sheet
/// saturates rather than overflows (it is refused by the caller as out of range).
pub(super) fn parse_cell_ref(r: &str) -> Option<(u32, u32)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (col, row) = r.split_at(letters);
    let col = col.bytes().fold(0u32, |n, c| {
        n.saturating_mul(26)
            .saturating_add(u32::from(c.to_ascii_uppercase() - b'A') + 1)
    });
    Some((parse_row_number(row)?, col.checked_sub(1)?))
}

/// A 1-based row number (`r` of a row, or the digits of a cell reference) as a 0-based index.
pub(super) fn parse_row_number(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n = digits.bytes().fold(0u32, |n, c| {
        n.saturating_mul(10).saturating_add(u32::from(c - b'0'))
    });
    n.checked_sub(1)
}

/// The name of a cell, `B7` for (6, 1).
pub(super) fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(col) + 1;
    while n > 0 {
        let rem = u8::try_from((n - 1) % 26).unwrap_or(0);
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.reverse();
    let letters: String = letters.into_iter().collect();
    format!("{letters}{}", u64::from(row) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names_and_references_round_trip() {
        for (name, pos) in [("A1", (0, 0)), ("B7", (6, 1)), ("Z9", (8, 25))] {
            assert_eq!(parse_cell_ref(name), Some(pos));
            assert_eq!(cell_name(pos.0, pos.1), name);
        }
        assert_eq!(parse_cell_ref("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(parse_cell_ref("A0"), None);
        assert_eq!(parse_cell_ref("12"), None);
        assert_eq!(parse_cell_ref("B$7"), None);
        assert_eq!(
            parse_cell_ref("ZZZZZZZZZZ1").map(|p| p.1),
            Some(u32::MAX - 1)
        );
    }

    #[test]
    fn excel_escapes_decode_and_leave_other_underscores() {
        assert_eq!(unescape_excel("a_x000D_b"), "a\rb");
        assert_eq!(unescape_excel("_x005F_x000D_"), "_x000D_");
        assert_eq!(unescape_excel("_xD83D__xDCF7_"), "\u{1F4F7}");
        assert_eq!(unescape_excel("_xD83D_"), "\u{FFFD}");
        assert_eq!(unescape_excel("snake_case_x1"), "snake_case_x1");
    }

    #[test]
    fn custom_formats_that_are_dates_as_calamine_decides() {
        // calamine's own cases (ported from openpyxl), and a few of ours.
        let dates = [
            "DD/MM/YY",
            "H:MM:SS;@",
            "m\"M\"d\"D\";@",
            "[h]:mm:ss",
            "[$-404]e\"\\xfc\"m\"\\xfc\"d\"\\xfc\"",
            "[h]",
            "[ss]",
            "[s].000",
            "[m]",
            "[mm]",
            "[Blue]\\+[h]:mm;[Red]\\-[h]:mm;[Green][h]:mm",
            "[>=100][Magenta][s].00",
            "[h]:mm;[=0]\\-",
            "ha/p\\\\m",
            "*-yyyy-mm-dd",
            "dd/mm/yyyy",
            "[$-42A]d mmmm yyyy",
            "h:mm AM/PM",
        ];
        let others = [
            "#,##0\\ [$\\u20bd-46D]",
            "\"Y: \"0.00\"m\";\"Y: \"-0.00\"m\";\"Y: <num>m\";@",
            "#,##0\\ [$''u20bd-46D]",
            "\"$\"#,##0_);[Red](\"$\"#,##0)",
            "0_ ;[Red]\\-0\\ ",
            "\\Y000000",
            "#,##0.0####\" YMD\"",
            "[>=100][Magenta].00",
            "[>=100][Magenta]General",
            "#,##0.00\\ _M\"H\"_);[Red]#,##0.00\\ _M\"S\"_)",
            "#,##0*y",
            "0\"x\"*d",
            "*-#,##0",
            "0",
            "@",
        ];
        for f in dates {
            assert!(custom_is_date(f), "{f}");
        }
        for f in others {
            assert!(!custom_is_date(f), "{f}");
        }
    }

    #[test]
    fn a_time_alone_reads_as_hours_and_minutes() {
        assert_eq!(serial_time(22.0 / 24.0), "22:00");
        assert_eq!(serial_time(0.25), "06:00");
        assert_eq!(serial_time((7.0 * 60.0 + 30.0) / 1440.0), "07:30");
        assert_eq!(serial_time(0.999_999), "00:00");
    }

    #[test]
    fn serial_dates_read_as_calamine_reads_them() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let theirs = |f: f64, is_1904: bool| {
            let (y, m, d, ..) =
                ExcelDateTime::new(f, ExcelDateTimeType::DateTime, is_1904).to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        };
        let mut serials: Vec<f64> = (0..80_000).map(f64::from).collect();
        serials.extend((80_000..3_000_000).step_by(997).map(f64::from));
        serials.extend([
            -1.0,
            -0.5,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.5,
            59.5,
            59.999_999_999,
            60.5,
            60.999_999_999,
            365.999_999_999,
            366.0,
            366.999_999_999,
            1e300,
            2_958_465.999_999_999,
            2_957_003.999_999_999,
            45_870.999_999_999,
            45_870.999_999_9,
            45_870.25,
        ]);
        for is_1904 in [false, true] {
            for &f in &serials {
                assert_eq!(serial_date(f, is_1904), theirs(f, is_1904), "{f} {is_1904}");
            }
        }
    }
}

//! Money in whole đồng and exact rates. No floating point anywhere near money.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An amount in whole Vietnamese đồng.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Dong(pub i64);

impl Dong {
    pub fn checked_add(self, other: Dong) -> Option<Dong> {
        self.0.checked_add(other.0).map(Dong)
    }

    pub fn checked_sub(self, other: Dong) -> Option<Dong> {
        self.0.checked_sub(other.0).map(Dong)
    }
}

/// Sums of đồng saturate instead of wrapping (a country's year is 10¹³ đ, far from i64::MAX).
impl std::ops::Add for Dong {
    type Output = Dong;
    fn add(self, o: Dong) -> Dong {
        Dong(self.0.saturating_add(o.0))
    }
}

impl std::ops::Sub for Dong {
    type Output = Dong;
    fn sub(self, o: Dong) -> Dong {
        Dong(self.0.saturating_sub(o.0))
    }
}

impl std::ops::AddAssign for Dong {
    fn add_assign(&mut self, o: Dong) {
        *self = *self + o;
    }
}

impl fmt::Display for Dong {
    /// `2.340.000 đ`: grouped the Vietnamese way.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(c);
        }
        if self.0 < 0 {
            out.insert(0, '-');
        }
        write!(f, "{out} đ")
    }
}

/// An exact rate in millionths (22 % = 220 000; 4,5 % = 45 000; a coefficient 0,7 = 700 000).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Rate(pub i64);

/// Millionths in one.
pub const RATE_ONE: i64 = 1_000_000;

impl Rate {
    /// Parses `0.045`, `4.5%`, `4,5 %` or `1` exactly (at most six decimals of the fraction).
    pub fn parse(raw: &str) -> Option<Rate> {
        let s = raw.trim().replace(',', ".").replace(' ', "");
        let (num, scale) = match s.strip_suffix('%') {
            Some(p) => (p.to_string(), 10_000i64),
            None => (s, RATE_ONE),
        };
        let (whole, frac) = num.split_once('.').unwrap_or((&num, ""));
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let whole: i64 = whole.parse().ok()?;
        let digits_allowed = if scale == RATE_ONE { 6 } else { 4 };
        if frac.len() > digits_allowed {
            return None;
        }
        let frac_scaled: i64 = if frac.is_empty() {
            0
        } else {
            let padded = format!("{frac:0<width$}", width = digits_allowed);
            padded.parse().ok()?
        };
        whole.checked_mul(scale)?.checked_add(frac_scaled).map(Rate)
    }

    pub fn from_percent(p: i64) -> Rate {
        Rate(p * 10_000)
    }

    /// `22 %`, `4,5 %`: how the rate reads in Vietnamese.
    pub fn percent_vi(self) -> String {
        let whole = self.0 / 10_000;
        let frac = self.0 % 10_000;
        if frac == 0 {
            format!("{whole} %")
        } else {
            let f = format!("{frac:04}");
            format!("{whole},{} %", f.trim_end_matches('0'))
        }
    }

    /// `0,7`: a coefficient.
    pub fn coefficient_vi(self) -> String {
        let whole = self.0 / RATE_ONE;
        let frac = self.0 % RATE_ONE;
        if frac == 0 {
            whole.to_string()
        } else {
            format!("{whole},{}", format!("{frac:06}").trim_end_matches('0'))
        }
    }
}

/// How a product of money and a rate is brought back to whole đồng.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// To the nearest đồng, halves up (the default).
    #[default]
    HalfUp,
    /// Down to the whole đồng.
    Down,
    /// Up to the whole đồng.
    Up,
}

impl Rounding {
    pub fn label_vi(self) -> &'static str {
        match self {
            Rounding::HalfUp => "làm tròn đến đồng, từ 0,5 trở lên làm tròn lên",
            Rounding::Down => "làm tròn xuống đến đồng",
            Rounding::Up => "làm tròn lên đến đồng",
        }
    }

    /// `numerator / denominator` rounded by this rule (both non-negative).
    pub fn divide(self, numerator: i128, denominator: i128) -> i128 {
        if denominator == 0 {
            return 0;
        }
        let q = numerator / denominator;
        let r = numerator % denominator;
        match self {
            Rounding::Down => q,
            Rounding::Up => q + i128::from(r != 0),
            Rounding::HalfUp => q + i128::from(r * 2 >= denominator),
        }
    }
}

/// `amount × rate`, rounded once by `rounding`. `None` on overflow.
pub fn apply_rate(amount: Dong, rate: Rate, rounding: Rounding) -> Option<Dong> {
    let n = i128::from(amount.0) * i128::from(rate.0);
    i64::try_from(rounding.divide(n, i128::from(RATE_ONE)))
        .ok()
        .map(Dong)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_exactly() {
        assert_eq!(Rate::parse("0.22"), Some(Rate(220_000)));
        assert_eq!(Rate::parse("22%"), Some(Rate(220_000)));
        assert_eq!(Rate::parse("4,5 %"), Some(Rate(45_000)));
        assert_eq!(Rate::parse("0.045"), Some(Rate(45_000)));
        assert_eq!(Rate::parse("1"), Some(Rate(RATE_ONE)));
        assert_eq!(Rate::parse("0.1234567"), None);
        assert_eq!(Rate::parse("-0.2"), None);
        assert_eq!(Rate::parse("abc"), None);
        assert_eq!(Rate(45_000).percent_vi(), "4,5 %");
        assert_eq!(Rate(700_000).coefficient_vi(), "0,7");
    }

    #[test]
    fn bhyt_1_four_and_a_half_percent_of_2_340_000_is_105_300() {
        assert_eq!(
            apply_rate(Dong(2_340_000), Rate(45_000), Rounding::HalfUp),
            Some(Dong(105_300))
        );
    }

    #[test]
    fn rounding_is_applied_once_by_the_stated_rule() {
        // 1 đồng × 50 % = 0,5 đ
        assert_eq!(
            apply_rate(Dong(1), Rate(500_000), Rounding::HalfUp),
            Some(Dong(1))
        );
        assert_eq!(
            apply_rate(Dong(1), Rate(500_000), Rounding::Down),
            Some(Dong(0))
        );
        assert_eq!(
            apply_rate(Dong(3), Rate(100_000), Rounding::Up),
            Some(Dong(1))
        );
        assert_eq!(Dong(2_340_000).to_string(), "2.340.000 đ");
    }
}

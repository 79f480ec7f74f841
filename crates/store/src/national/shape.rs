//! The made-up country, decided from a seed alone: how many districts, communes (before and after
//! 1/7/2025) and villages each province has, their codes and names, and the people of each team.
//! Nothing here touches the database; the same seed always gives the same country.

use antt_domain::person::CCCD_PROVINCES;

/// SplitMix64: small, fast and the same on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        let span = u64::from(hi.saturating_sub(lo)) + 1;
        lo + u32::try_from(self.next_u64() % span).unwrap_or(0)
    }

    /// True with probability `percent` in 100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.range(0, 99) < percent
    }

    pub fn pick<'a>(&mut self, list: &'a [&'a str]) -> &'a str {
        let i = usize::try_from(self.next_u64() % list.len().max(1) as u64).unwrap_or(0);
        list.get(i).copied().unwrap_or("")
    }
}

/// How big the made-up data is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// One province of about 100 communes.
    Province,
    /// The country: 34 provinces, 3,321 communes, about 100,000 villages.
    National,
}

impl Scale {
    pub fn parse(raw: &str) -> Option<Scale> {
        match raw.trim() {
            "province" | "tinh" => Some(Scale::Province),
            "national" | "toan-quoc" => Some(Scale::National),
            _ => None,
        }
    }

    /// Communes after 1/7/2025, per province.
    pub fn communes_per_province(self) -> Vec<u32> {
        match self {
            Scale::Province => vec![98],
            // 3,321 communes over 34 provinces: 97 each, one more for the first 23.
            Scale::National => (0..34).map(|p| if p < 23 { 98 } else { 97 }).collect(),
        }
    }
}

const SYLLABLES: &[&str] = &[
    "An", "Bình", "Hòa", "Phú", "Thạnh", "Tân", "Hưng", "Lộc", "Phước", "Đông", "Tây", "Nam",
    "Bắc", "Trung", "Sơn", "Hà", "Thủy", "Lâm", "Mỹ", "Long", "Thuận", "Quang", "Minh", "Đức",
    "Thành", "Vĩnh", "Hải", "Cẩm", "Kim", "Ngọc", "Hiệp", "Xuân", "Yên", "Đại", "Tiến", "Quế",
];
const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Rơ Mah", "Ksor", "Siu", "A Lăng", "Y", "Đinh",
];
const MIDDLE_MALE: &[&str] = &["Văn", "Đức", "Minh", "Quốc", "Hữu", "Công", "Thanh"];
const MIDDLE_FEMALE: &[&str] = &["Thị", "Ngọc", "Thu", "Kim", "Mỹ", "Thanh"];
const GIVEN: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Khánh",
    "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thảo",
    "Trang", "Trung", "Tuấn", "Vân", "Việt", "Yến",
];
pub const ETHNICITIES: &[&str] = &[
    "Kinh",
    "Kinh",
    "Kinh",
    "Tày",
    "Thái",
    "Mường",
    "Khmer",
    "Gia Rai",
    "Ba Na",
    "Ê Đê",
    "Xơ Đăng",
    "H'Mông",
];

/// A made-up place name of two syllables.
pub fn place(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(SYLLABLES), rng.pick(SYLLABLES))
}

/// A made-up person, marked as such.
#[derive(Debug, Clone)]
pub struct Someone {
    pub full_name: String,
    pub female: bool,
    pub birth_year: i32,
    pub cccd: String,
    pub ethnicity: &'static str,
}

/// The `n`-th made-up person (n < 1,000,000 keeps every CCCD distinct): a CCCD of the right
/// shape for the birth year and sex (TT 59/2021), from one of the 63 registration codes.
pub fn someone(rng: &mut Rng, n: u32) -> Someone {
    let female = rng.chance(30);
    let birth_year = i32::try_from(rng.range(1962, 2004)).unwrap_or(1990);
    let (province, _) = CCCD_PROVINCES[usize::try_from(rng.next_u64() % 63).unwrap_or(0)];
    let century_sex = match (birth_year >= 2000, female) {
        (false, false) => 0,
        (false, true) => 1,
        (true, false) => 2,
        (true, true) => 3,
    };
    let middle = if female {
        rng.pick(MIDDLE_FEMALE)
    } else {
        rng.pick(MIDDLE_MALE)
    };
    let ethnicity =
        ETHNICITIES[usize::try_from(rng.next_u64() % ETHNICITIES.len() as u64).unwrap_or(0)];
    Someone {
        full_name: format!(
            "{} {} {} (minh họa)",
            rng.pick(FAMILY),
            middle,
            rng.pick(GIVEN)
        ),
        female,
        birth_year,
        cccd: format!(
            "{province}{century_sex}{:02}{:06}",
            birth_year % 100,
            n % 1_000_000
        ),
        ethnicity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_people_and_their_cccds_are_valid() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for n in 0..200 {
            let (x, y) = (someone(&mut a, n), someone(&mut b, n));
            assert_eq!(x.cccd, y.cccd);
            let sex = if x.female {
                antt_domain::person::Sex::Female
            } else {
                antt_domain::person::Sex::Male
            };
            let born = chrono::NaiveDate::from_ymd_opt(x.birth_year, 6, 1).unwrap_or_default();
            let c = antt_domain::person::Cccd::parse(&x.cccd);
            assert!(
                c.is_ok_and(|c| c.check_against(born, sex).is_ok()),
                "{}",
                x.cccd
            );
        }
        assert_eq!(
            Scale::National.communes_per_province().iter().sum::<u32>(),
            3321
        );
    }
}

//! Người: the citizen identity number (*số định danh cá nhân*, CCCD) and its checks, and a
//! person's record built on it.
//!
//! Layout (NĐ 137/2015 Đ13; TT 59/2021/TT-BCA): digits 1–3 the province where the birth was
//! registered (TT 07/2016 Phụ lục I: "0" + the province's GSO code, 63 codes, all accepted for
//! life — never used to derive where a person lives now), digit 4 century and sex, digits 5–6 the
//! last two digits of the birth year, digits 7–12 random.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::error::{FieldError, FieldErrorKind};
use crate::kernel::ids::PersonId;
use crate::policy::amounts::Household;
use crate::policy::eligibility::Education;
use crate::unit::UnitId;

crate::code_enum! {
    /// Giới tính as encoded in the CCCD. The one vocabulary of sex: forms, rows and files
    /// convert through it (a stored value it does not know is corrupt data, not a default).
    pub enum Sex (field = "sex") {
        Male = "male" | "nam" | "Nam" => "Nam",
        Female = "female" | "nu" | "nữ" | "Nữ" => "Nữ",
    }
}

crate::code_enum! {
    /// Prior service that gives priority in selection (LAW-15.3).
    pub enum PriorService (field = "prior_service") {
        Police = "police" => "Công an nhân dân",
        Army = "army" => "Quân đội nhân dân",
        CommunePolice = "commune_police" => "Công an xã bán chuyên trách",
    }
}

/// The 63 province codes of TT 07/2016/TT-BCA Phụ lục I (before the 2025 merger), with names.
pub const CCCD_PROVINCES: [(&str, &str); 63] = [
    ("001", "Hà Nội"),
    ("002", "Hà Giang"),
    ("004", "Cao Bằng"),
    ("006", "Bắc Kạn"),
    ("008", "Tuyên Quang"),
    ("010", "Lào Cai"),
    ("011", "Điện Biên"),
    ("012", "Lai Châu"),
    ("014", "Sơn La"),
    ("015", "Yên Bái"),
    ("017", "Hòa Bình"),
    ("019", "Thái Nguyên"),
    ("020", "Lạng Sơn"),
    ("022", "Quảng Ninh"),
    ("024", "Bắc Giang"),
    ("025", "Phú Thọ"),
    ("026", "Vĩnh Phúc"),
    ("027", "Bắc Ninh"),
    ("030", "Hải Dương"),
    ("031", "Hải Phòng"),
    ("033", "Hưng Yên"),
    ("034", "Thái Bình"),
    ("035", "Hà Nam"),
    ("036", "Nam Định"),
    ("037", "Ninh Bình"),
    ("038", "Thanh Hóa"),
    ("040", "Nghệ An"),
    ("042", "Hà Tĩnh"),
    ("044", "Quảng Bình"),
    ("045", "Quảng Trị"),
    ("046", "Thừa Thiên Huế"),
    ("048", "Đà Nẵng"),
    ("049", "Quảng Nam"),
    ("051", "Quảng Ngãi"),
    ("052", "Bình Định"),
    ("054", "Phú Yên"),
    ("056", "Khánh Hòa"),
    ("058", "Ninh Thuận"),
    ("060", "Bình Thuận"),
    ("062", "Kon Tum"),
    ("064", "Gia Lai"),
    ("066", "Đắk Lắk"),
    ("067", "Đắk Nông"),
    ("068", "Lâm Đồng"),
    ("070", "Bình Phước"),
    ("072", "Tây Ninh"),
    ("074", "Bình Dương"),
    ("075", "Đồng Nai"),
    ("077", "Bà Rịa – Vũng Tàu"),
    ("079", "TP Hồ Chí Minh"),
    ("080", "Long An"),
    ("082", "Tiền Giang"),
    ("083", "Bến Tre"),
    ("084", "Trà Vinh"),
    ("086", "Vĩnh Long"),
    ("087", "Đồng Tháp"),
    ("089", "An Giang"),
    ("091", "Kiên Giang"),
    ("092", "Cần Thơ"),
    ("093", "Hậu Giang"),
    ("094", "Sóc Trăng"),
    ("095", "Bạc Liêu"),
    ("096", "Cà Mau"),
];

/// A valid CCCD number: 12 digits with a known province code and a possible century digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Cccd(String);

impl Cccd {
    /// Checks the shape and the province code. Spaces and dots typed between groups are dropped.
    pub fn parse(raw: &str) -> Result<Cccd, FieldError> {
        let s: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
            .collect();
        if s.len() != 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(
                "cccd",
                FieldErrorKind::InvalidCode {
                    expected: "đúng 12 chữ số",
                },
            ));
        }
        if !CCCD_PROVINCES.iter().any(|(code, _)| *code == &s[..3]) {
            return Err(FieldError::new(
                "cccd",
                FieldErrorKind::from(crate::person::PersonFault::CccdUnknownProvince),
            ));
        }
        Ok(Cccd(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Where the birth was registered.
    pub fn province_name(&self) -> &'static str {
        CCCD_PROVINCES
            .iter()
            .find(|(c, _)| *c == &self.0[..3])
            .map_or("", |(_, n)| n)
    }

    /// The century (first year) and sex the fourth digit encodes: 0/1 for 1900–1999, 2/3 for
    /// 2000–2099, 4/5, 6/7, 8/9 for the next centuries; even male, odd female.
    pub fn century_and_sex(&self) -> (i32, Sex) {
        let digit = i32::from(self.0.as_bytes()[3] - b'0');
        let century = 1900 + (digit / 2) * 100;
        (
            century,
            if digit % 2 == 0 {
                Sex::Male
            } else {
                Sex::Female
            },
        )
    }

    /// Checks the number against the birth date and sex entered beside it.
    pub fn check_against(&self, birth_date: NaiveDate, sex: Sex) -> Result<(), FieldError> {
        let (century, encoded_sex) = self.century_and_sex();
        let year = birth_date.year();
        let year_digits: i32 = self.0[4..6].parse().unwrap_or(-1);
        if !(century..century + 100).contains(&year) {
            return Err(FieldError::new(
                "cccd",
                FieldErrorKind::from(crate::person::PersonFault::CccdCenturyMismatch),
            ));
        }
        if encoded_sex != sex {
            return Err(FieldError::new(
                "cccd",
                FieldErrorKind::from(crate::person::PersonFault::CccdSexMismatch),
            ));
        }
        if year % 100 != year_digits {
            return Err(FieldError::new(
                "cccd",
                FieldErrorKind::from(crate::person::PersonFault::CccdYearMismatch),
            ));
        }
        Ok(())
    }
}

impl fmt::Display for Cccd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a person's record is made of, for [`Person::new`].
#[derive(Debug, Clone)]
pub struct PersonParts {
    pub id: PersonId,
    pub commune: UnitId,
    pub cccd: String,
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub ethnicity: String,
    pub residence: String,
    pub residence_since: Option<NaiveDate>,
    pub education: Education,
    pub health_certificate_on: Option<NaiveDate>,
    pub phone: Option<String>,
    pub prior_service: Vec<PriorService>,
    pub household: Household,
    pub covered_bhxh: bool,
    pub covered_bhyt: bool,
}

/// A person on a commune's file: one record per CCCD, whose number agrees with the birth date
/// and sex beside it (NĐ 137/2015 Đ13). Fields are private: a `Person` is valid once made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    id: PersonId,
    commune: UnitId,
    cccd: Cccd,
    full_name: String,
    birth_date: NaiveDate,
    sex: Sex,
    ethnicity: String,
    residence: String,
    residence_since: Option<NaiveDate>,
    education: Education,
    health_certificate_on: Option<NaiveDate>,
    phone: Option<String>,
    prior_service: Vec<PriorService>,
    household: Household,
    covered_bhxh: bool,
    covered_bhyt: bool,
}

impl Person {
    /// A person with a name and a CCCD that agrees with the birth date and sex.
    pub fn new(p: PersonParts) -> Result<Person, FieldError> {
        if p.full_name.trim().is_empty() {
            return Err(FieldError::new("full_name", FieldErrorKind::Required));
        }
        let cccd = Cccd::parse(&p.cccd)?;
        cccd.check_against(p.birth_date, p.sex)?;
        Ok(Person {
            id: p.id,
            commune: p.commune,
            cccd,
            full_name: p.full_name,
            birth_date: p.birth_date,
            sex: p.sex,
            ethnicity: p.ethnicity,
            residence: p.residence,
            residence_since: p.residence_since,
            education: p.education,
            health_certificate_on: p.health_certificate_on,
            phone: p.phone,
            prior_service: p.prior_service,
            household: p.household,
            covered_bhxh: p.covered_bhxh,
            covered_bhyt: p.covered_bhyt,
        })
    }

    pub fn id(&self) -> PersonId {
        self.id
    }
    /// The commune whose file holds the record.
    pub fn commune(&self) -> UnitId {
        self.commune
    }
    pub fn cccd(&self) -> &Cccd {
        &self.cccd
    }
    pub fn full_name(&self) -> &str {
        &self.full_name
    }
    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }
    pub fn sex(&self) -> Sex {
        self.sex
    }
    pub fn ethnicity(&self) -> &str {
        &self.ethnicity
    }
    pub fn residence(&self) -> &str {
        &self.residence
    }
    pub fn residence_since(&self) -> Option<NaiveDate> {
        self.residence_since
    }
    pub fn education(&self) -> Education {
        self.education
    }
    pub fn health_certificate_on(&self) -> Option<NaiveDate> {
        self.health_certificate_on
    }
    pub fn phone(&self) -> Option<&str> {
        self.phone.as_deref()
    }
    pub fn prior_service(&self) -> &[PriorService] {
        &self.prior_service
    }
    pub fn household(&self) -> Household {
        self.household
    }
    pub fn covered_bhxh(&self) -> bool {
        self.covered_bhxh
    }
    pub fn covered_bhyt(&self) -> bool {
        self.covered_bhyt
    }
}

crate::faults! {
    /// Số CCCD và hồ sơ người: the refusals, each with its stable code and message.
    pub enum PersonFault {
        CccdUnknownProvince = "cccd_unknown_province" => "ba chữ số đầu không phải mã tỉnh nơi đăng ký khai sinh.",
        CccdCenturyMismatch = "cccd_century_mismatch" => "chữ số thứ tư (thế kỷ) không khớp với năm sinh.",
        CccdSexMismatch = "cccd_sex_mismatch" => "chữ số thứ tư (giới tính) không khớp với giới tính đã nhập.",
        CccdYearMismatch = "cccd_year_mismatch" => "chữ số thứ năm và sáu không khớp với năm sinh.",
        PersonNotFound = "person_not_found" => "chưa có hồ sơ người này trong phạm vi của bạn; lập hồ sơ trước.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_kon_tum_woman_born_in_1995() {
        let c = Cccd::parse("062 195 012345").unwrap();
        assert_eq!(c.as_str(), "062195012345");
        assert_eq!(c.province_name(), "Kon Tum");
        assert_eq!(c.century_and_sex(), (1900, Sex::Female));
        assert!(c.check_against(d(1995, 3, 1), Sex::Female).is_ok());
    }

    #[test]
    fn the_fourth_digit_must_agree_with_the_birth_date_and_sex() {
        let man_2001 = Cccd::parse("051201000001").unwrap();
        assert!(man_2001.check_against(d(2001, 5, 5), Sex::Male).is_ok());
        assert_eq!(
            man_2001
                .check_against(d(2001, 5, 5), Sex::Female)
                .unwrap_err()
                .code(),
            "cccd_sex_mismatch"
        );
        assert_eq!(
            man_2001
                .check_against(d(1901, 5, 5), Sex::Male)
                .unwrap_err()
                .code(),
            "cccd_century_mismatch"
        );
        assert_eq!(
            man_2001
                .check_against(d(2002, 5, 5), Sex::Male)
                .unwrap_err()
                .code(),
            "cccd_year_mismatch"
        );
    }

    #[test]
    fn an_unknown_province_code_or_a_wrong_length_is_refused() {
        assert_eq!(
            Cccd::parse("003195012345").unwrap_err().code(),
            "cccd_unknown_province"
        );
        assert_eq!(
            Cccd::parse("06219501234").unwrap_err().code(),
            "invalid_code"
        );
        assert_eq!(
            Cccd::parse("06219501234a").unwrap_err().code(),
            "invalid_code"
        );
        assert_eq!(CCCD_PROVINCES.len(), 63);
    }
}

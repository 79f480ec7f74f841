//! Tiêu chuẩn, điều kiện tham gia (Law 30/2023 Đ13): age, education, residence, health and legal
//! status of a person on a date. Every check is reported, passed or not, with its rule.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{Policy, PolicyGap, Value};

crate::code_enum! {
    /// Trình độ học vấn, lowest first (the order the education rule compares).
    pub enum Education (field = "education") {
        None = "none" => "Chưa hết tiểu học",
        /// Tiểu học.
        Primary = "primary" => "Tiểu học",
        /// Trung học cơ sở.
        LowerSecondary = "lower_secondary" | "lower-secondary" => "Trung học cơ sở",
        /// Trung học phổ thông.
        UpperSecondary = "upper_secondary" | "upper-secondary" => "Trung học phổ thông",
    }
}

crate::code_enum! {
    /// Tình trạng pháp lý (LAW-13.2).
    pub enum LegalStatus (field = "legal_status") {
        Clear = "clear" => "Không vi phạm",
        Prosecuted = "prosecuted" => "Đang bị truy cứu trách nhiệm hình sự",
        ServingSentence = "serving_sentence" | "serving-sentence" => "Đang chấp hành án",
        AdminMeasure = "admin_measure" | "admin-measure" => "Đang bị áp dụng biện pháp xử lý hành chính",
        UnexpungedRecord = "unexpunged_record" | "unexpunged-record" => "Đã bị kết án, chưa được xóa án tích",
    }
}

/// Areas where completing primary school is enough (LAW-13.3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AreaFlags {
    pub border: bool,
    pub island: bool,
    pub mountainous: bool,
    pub especially_difficult: bool,
    pub ethnic_minority: bool,
}

impl AreaFlags {
    /// The flags of a village (or of several, joined) as the education rule reads them; islands
    /// are not a village flag and are given apart.
    pub fn of(f: crate::unit::VillageFlags, island: bool) -> AreaFlags {
        AreaFlags {
            border: f.border,
            island,
            mountainous: f.mountainous,
            especially_difficult: f.especially_difficult,
            ethnic_minority: f.ethnic_minority,
        }
    }
}

/// A person as the check sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applicant {
    pub birth_date: NaiveDate,
    pub education: Education,
    pub residence_since: Option<NaiveDate>,
    pub health_certificate: Option<NaiveDate>,
    pub legal_status: LegalStatus,
    pub area: AreaFlags,
}

/// One check and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reason {
    pub code: &'static str,
    pub rule: &'static str,
    pub ok: bool,
    pub message: String,
}

/// The verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Eligibility {
    /// Meets every condition as is.
    pub eligible: bool,
    /// Meets every condition but age, and is over the maximum: eligible only by a decision of the
    /// commune chairman on the commune police's proposal, if in good health (LAW-13.1).
    pub needs_exception: bool,
    pub reasons: Vec<Reason>,
}

/// The anniversary of `start` in `year`. Someone born on 29 February turns a year older on
/// 1 March in a common year.
pub fn anniversary(start: NaiveDate, year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, start.month(), start.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
        .unwrap_or(start)
}

/// Completed years from `start` to `on` (age in *tuổi tròn*).
pub fn completed_years(start: NaiveDate, on: NaiveDate) -> i32 {
    if on < start {
        return -1;
    }
    let years = on.year() - start.year();
    if on < anniversary(start, on.year()) {
        years - 1
    } else {
        years
    }
}

/// Checks a person on the policy's date.
pub fn check(policy: &Policy<'_>, a: &Applicant) -> Result<Eligibility, PolicyGap> {
    let age_min = policy.count("age_min")?;
    let age_max = policy.count("age_max")?;
    let residence_years = policy.count("residence_min_years")?;
    let on = policy.date;
    let mut reasons = Vec::new();
    let age = completed_years(a.birth_date, on);
    let (min, max) = (
        i32::try_from(age_min).unwrap_or(i32::MAX),
        i32::try_from(age_max).unwrap_or(i32::MAX),
    );
    let mut over_age = false;
    if age < min {
        reasons.push(Reason {
            code: "under_age",
            rule: "LAW-13.1",
            ok: false,
            message: format!(
                "Ngày {} mới {} tuổi, chưa đủ {age_min} tuổi.",
                crate::date::format_vi(on),
                age.max(0)
            ),
        });
    } else if age > max {
        over_age = true;
        reasons.push(Reason {
            code: "over_age_needs_exception",
            rule: "LAW-13.1",
            ok: false,
            message: format!(
                "Ngày {} đã {age} tuổi, trên {age_max} tuổi: chỉ được xem xét khi có sức khỏe tốt và có quyết định của Chủ tịch UBND cấp xã theo đề nghị của Công an cấp xã.",
                crate::date::format_vi(on)
            ),
        });
    } else {
        reasons.push(Reason {
            code: "age",
            rule: "LAW-13.1",
            ok: true,
            message: format!("{age} tuổi, trong độ tuổi từ đủ {age_min} đến {age_max}."),
        });
    }
    let special_area = a.area.border
        || a.area.island
        || a.area.mountainous
        || a.area.especially_difficult
        || a.area.ethnic_minority;
    let (edu_ok, edu_msg) = match a.education {
        Education::LowerSecondary | Education::UpperSecondary => (true, "Đã tốt nghiệp hoặc học xong chương trình trung học cơ sở.".to_string()),
        Education::Primary if special_area => (
            true,
            "Hoàn thành chương trình tiểu học — đủ điều kiện vì cư trú ở khu vực biên giới, hải đảo, miền núi, vùng đặc biệt khó khăn hoặc vùng đồng bào dân tộc thiểu số.".to_string(),
        ),
        Education::Primary => (false, "Chỉ hoàn thành tiểu học; ở địa bàn này cần trung học cơ sở.".to_string()),
        Education::None => (false, "Chưa hoàn thành chương trình tiểu học.".to_string()),
    };
    reasons.push(Reason {
        code: if edu_ok {
            "education"
        } else {
            "education_insufficient"
        },
        rule: "LAW-13.3",
        ok: edu_ok,
        message: edu_msg,
    });
    match a.residence_since {
        Some(since)
            if completed_years(since, on) >= i32::try_from(residence_years).unwrap_or(i32::MAX) =>
        {
            reasons.push(Reason {
                code: "residence",
                rule: "LAW-13.4",
                ok: true,
                message: format!(
                    "Cư trú từ {} — đủ {residence_years} năm.",
                    crate::date::format_vi(since)
                ),
            })
        }
        Some(since) => reasons.push(Reason {
            code: "residence_too_short",
            rule: "LAW-13.4",
            ok: false,
            message: format!(
                "Cư trú từ {} — chưa đủ {residence_years} năm vào ngày {}.",
                crate::date::format_vi(since),
                crate::date::format_vi(on)
            ),
        }),
        None => reasons.push(Reason {
            code: "residence_missing",
            rule: "LAW-13.4",
            ok: false,
            message: "Chưa có thông tin cư trú.".into(),
        }),
    }
    match a.health_certificate {
        None => reasons.push(Reason {
            code: "health_certificate_missing",
            rule: "LAW-13.5",
            ok: false,
            message: "Chưa có giấy chứng nhận sức khỏe.".into(),
        }),
        Some(d) if d > on => reasons.push(Reason {
            code: "health_certificate_future",
            rule: "LAW-13.5",
            ok: false,
            message: format!(
                "Giấy chứng nhận sức khỏe ghi ngày {}, sau ngày xét.",
                crate::date::format_vi(d)
            ),
        }),
        Some(d) => {
            let valid = match policy
                .get("health_certificate_valid_months")
                .ok()
                .and_then(|p| p.value.clone())
            {
                Some(Value::Count(months)) => {
                    let expires = d
                        .checked_add_months(chrono::Months::new(months))
                        .unwrap_or(d);
                    (
                        on < expires,
                        format!(
                            " Thời hạn {months} tháng, đến {}.",
                            crate::date::format_vi(expires)
                        ),
                    )
                }
                _ => (
                    true,
                    " Thời hạn của giấy chưa được quy định trong gói quy định.".to_string(),
                ),
            };
            reasons.push(Reason {
                code: if valid.0 {
                    "health_certificate"
                } else {
                    "health_certificate_expired"
                },
                rule: "LAW-13.5",
                ok: valid.0,
                message: format!(
                    "Giấy chứng nhận sức khỏe ngày {}.{}",
                    crate::date::format_vi(d),
                    valid.1
                ),
            });
        }
    }
    let (legal_ok, legal_msg) = match a.legal_status {
        LegalStatus::Clear => (
            true,
            "Không thuộc trường hợp bị loại trừ về lý lịch, pháp lý.",
        ),
        LegalStatus::Prosecuted => (false, "Đang bị truy cứu trách nhiệm hình sự."),
        LegalStatus::ServingSentence => (false, "Đang thụ án hình sự."),
        LegalStatus::AdminMeasure => (false, "Đang bị áp dụng biện pháp xử lý hành chính."),
        LegalStatus::UnexpungedRecord => (false, "Đã bị kết án, chưa được xóa án tích."),
    };
    reasons.push(Reason {
        code: if legal_ok {
            "legal_status"
        } else {
            "legal_status_excluded"
        },
        rule: "LAW-13.2",
        ok: legal_ok,
        message: legal_msg.into(),
    });
    let others_ok = reasons
        .iter()
        .filter(|r| r.rule != "LAW-13.1")
        .all(|r| r.ok);
    let age_ok = reasons
        .iter()
        .filter(|r| r.rule == "LAW-13.1")
        .all(|r| r.ok);
    Ok(Eligibility {
        eligible: others_ok && age_ok,
        needs_exception: others_ok && over_age,
        reasons,
    })
}

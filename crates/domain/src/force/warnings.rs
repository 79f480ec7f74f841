//! What needs attention soon about a member in post: a 71st birthday (LAW-13.1), a missing or
//! expired health certificate (LAW-13.4, with the validity the policy gives).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use uuid::Uuid;

use crate::date;
use crate::policy::eligibility::anniversary;

/// How many days ahead a 71st birthday is announced.
pub const TURNING_71_WARNING_DAYS: i64 = 60;

/// The facts of a member in post that the warnings read.
#[derive(Debug, Clone, Copy)]
pub struct MemberFacts<'a> {
    pub person_id: Uuid,
    pub full_name: &'a str,
    pub team: &'a str,
    pub birth_date: NaiveDate,
    pub health_certificate_on: Option<NaiveDate>,
}

/// Something about a member in post that needs attention soon.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Warning {
    /// `turning_71` (within 60 days: LAW-13.1 needs the chairman's decision from the 71st
    /// birthday), `no_health_certificate`, `health_certificate_expired`.
    pub kind: &'static str,
    pub person_id: Uuid,
    pub full_name: String,
    pub team: String,
    pub date: Option<NaiveDate>,
    pub message: String,
}

/// The warnings for one member on `on`; `valid_months` is how long a health certificate is
/// valid by the policy (`None` when the policy does not say: then only a missing one warns).
pub fn member_warnings(
    m: &MemberFacts<'_>,
    on: NaiveDate,
    valid_months: Option<u32>,
) -> Vec<Warning> {
    let warning = |kind, date, message| Warning {
        kind,
        person_id: m.person_id,
        full_name: m.full_name.to_string(),
        team: m.team.to_string(),
        date,
        message,
    };
    let mut out = Vec::new();
    let birthday_71 = anniversary(m.birth_date, m.birth_date.year() + 71);
    if birthday_71 > on && (birthday_71 - on).num_days() <= TURNING_71_WARNING_DAYS {
        out.push(warning(
            "turning_71",
            Some(birthday_71),
            format!(
                "Tròn 71 tuổi ngày {}: từ ngày này cần quyết định của Chủ tịch UBND xã để tiếp tục tham gia (Luật 30/2023/QH15 Điều 13).",
                date::format_vi(birthday_71)
            ),
        ));
    }
    match (m.health_certificate_on, valid_months) {
        (None, _) => out.push(warning(
            "no_health_certificate",
            None,
            "Chưa có giấy chứng nhận sức khỏe trong hồ sơ.".into(),
        )),
        (Some(d), Some(months)) => {
            let expires = d
                .checked_add_months(chrono::Months::new(months))
                .unwrap_or(d);
            if expires <= on {
                out.push(warning(
                    "health_certificate_expired",
                    Some(expires),
                    format!(
                        "Giấy chứng nhận sức khỏe ngày {} đã quá {months} tháng.",
                        date::format_vi(d)
                    ),
                ));
            }
        }
        (Some(_), None) => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn facts(birth: NaiveDate, health: Option<NaiveDate>) -> MemberFacts<'static> {
        MemberFacts {
            person_id: Uuid::nil(),
            full_name: "Nguyễn Văn A",
            team: "Tổ thôn 1",
            birth_date: birth,
            health_certificate_on: health,
        }
    }

    #[test]
    fn law_13_1_a_71st_birthday_is_announced_60_days_ahead_and_not_earlier() {
        let m = facts(d(1955, 12, 31), Some(d(2026, 1, 1)));
        let kinds = |on| {
            member_warnings(&m, on, Some(12))
                .into_iter()
                .map(|w| w.kind)
                .collect::<Vec<_>>()
        };
        assert_eq!(kinds(d(2026, 11, 1)), vec!["turning_71"]);
        assert!(kinds(d(2026, 10, 31)).is_empty());
        // From the birthday itself the warning has served its purpose.
        assert!(kinds(d(2026, 12, 31)).is_empty());
    }

    #[test]
    fn law_13_4_a_health_certificate_expires_after_the_policys_months_only() {
        let m = facts(d(1990, 1, 1), Some(d(2025, 12, 1)));
        assert!(member_warnings(&m, d(2026, 11, 30), Some(12)).is_empty());
        let w = member_warnings(&m, d(2026, 12, 1), Some(12));
        assert_eq!(w[0].kind, "health_certificate_expired");
        assert_eq!(w[0].date, Some(d(2026, 12, 1)));
        // No validity in the policy: nothing is invented.
        assert!(member_warnings(&m, d(2030, 1, 1), None).is_empty());
        let none = member_warnings(&facts(d(1990, 1, 1), None), d(2026, 1, 1), None);
        assert_eq!(none[0].kind, "no_health_certificate");
    }
}

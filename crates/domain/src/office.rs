//! Who holds a commune's signing offices, term by term: the chairman of the People's Committee
//! signs its decisions (Mẫu 08), the head of the commune police signs the police's proposals and
//! reports (Mẫu 05, 06, 07). The name printed under a signature block is the holder on the
//! paper's date, so a reprint of an old paper keeps the name of the day it was made.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{FieldError, FieldErrorKind};
use crate::text;

/// The offices whose holder signs the papers this product fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Office {
    /// Chủ tịch Ủy ban nhân dân xã.
    Chairman,
    /// Trưởng Công an xã.
    PoliceChief,
}

impl Office {
    pub const ALL: [Office; 2] = [Office::Chairman, Office::PoliceChief];

    pub fn as_str(self) -> &'static str {
        match self {
            Office::Chairman => "chairman",
            Office::PoliceChief => "police_chief",
        }
    }

    pub fn parse(raw: &str) -> Result<Office, FieldError> {
        Office::ALL
            .into_iter()
            .find(|o| o.as_str() == raw.trim())
            .ok_or(FieldError::new(
                "office",
                FieldErrorKind::InvalidChoice {
                    allowed: "chairman, police_chief",
                },
            ))
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Office::Chairman => "Chủ tịch Ủy ban nhân dân xã",
            Office::PoliceChief => "Trưởng Công an xã",
        }
    }
}

/// One holder's term in an office: from the day they took it to the day before the next holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Term {
    pub id: Uuid,
    pub office: Office,
    pub full_name: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

impl Term {
    pub fn covers(&self, on: NaiveDate) -> bool {
        self.from <= on && self.to.is_none_or(|t| on <= t)
    }
}

/// The holder of `office` on `on`, if one was entered.
pub fn holder_on(terms: &[Term], office: Office, on: NaiveDate) -> Option<&Term> {
    terms.iter().find(|t| t.office == office && t.covers(on))
}

/// What entering "`full_name` holds `office` from `from`" does to the terms on file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Appointment {
    /// The same person already holds the office from that day or earlier: nothing to write.
    Unchanged,
    /// The latest term starts that same day under another name: the name is corrected.
    Correct { id: Uuid, full_name: String },
    /// A new term starts; the term open until then (if any) ends the day before.
    Start {
        full_name: String,
        close: Option<(Uuid, NaiveDate)>,
    },
}

/// Plans an appointment. Terms are entered in the order they happened: a new holder starts after
/// the latest one, so the history has neither gaps filled in later nor overlaps.
pub fn plan_appointment(
    terms: &[Term],
    office: Office,
    full_name: &str,
    from: NaiveDate,
) -> Result<Appointment, FieldError> {
    let full_name = text::required("full_name", full_name, 100)?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let latest = terms
        .iter()
        .filter(|t| t.office == office)
        .max_by_key(|t| t.from);
    let Some(latest) = latest else {
        return Ok(Appointment::Start {
            full_name,
            close: None,
        });
    };
    let same = latest.full_name == full_name;
    if from < latest.from {
        return Err(FieldError::new(
            "valid_from",
            FieldErrorKind::from(crate::force::ForceFault::BeforeCurrentTerm),
        ));
    }
    if from == latest.from {
        return Ok(if same {
            Appointment::Unchanged
        } else {
            Appointment::Correct {
                id: latest.id,
                full_name,
            }
        });
    }
    if same && latest.to.is_none() {
        return Ok(Appointment::Unchanged);
    }
    Ok(Appointment::Start {
        full_name,
        close: latest
            .to
            .is_none()
            .then(|| (latest.id, from.pred_opt().unwrap_or(from))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn term(id: u128, office: Office, name: &str, from: NaiveDate, to: Option<NaiveDate>) -> Term {
        Term {
            id: Uuid::from_u128(id),
            office,
            full_name: name.into(),
            from,
            to,
        }
    }

    #[test]
    fn the_signer_of_a_paper_is_the_holder_on_its_date() {
        let terms = vec![
            term(
                1,
                Office::PoliceChief,
                "Trần Văn A",
                d(2024, 7, 1),
                Some(d(2025, 6, 30)),
            ),
            term(2, Office::PoliceChief, "Lê Văn B", d(2025, 7, 1), None),
            term(3, Office::Chairman, "Nguyễn Thị C", d(2025, 7, 1), None),
        ];
        let on = |o, y, m, day| holder_on(&terms, o, d(y, m, day)).map(|t| t.full_name.as_str());
        assert_eq!(on(Office::PoliceChief, 2025, 6, 30), Some("Trần Văn A"));
        assert_eq!(on(Office::PoliceChief, 2025, 7, 1), Some("Lê Văn B"));
        assert_eq!(on(Office::Chairman, 2025, 6, 30), None);
        assert_eq!(on(Office::PoliceChief, 2024, 6, 30), None);
    }

    #[test]
    fn a_new_holder_closes_the_open_term_the_day_before() {
        let terms = vec![term(
            1,
            Office::PoliceChief,
            "Trần Văn A",
            d(2024, 7, 1),
            None,
        )];
        assert_eq!(
            plan_appointment(&terms, Office::PoliceChief, " Lê  Văn B ", d(2025, 7, 1)).unwrap(),
            Appointment::Start {
                full_name: "Lê Văn B".into(),
                close: Some((Uuid::from_u128(1), d(2025, 6, 30))),
            }
        );
        // The other office has no holder yet: nothing to close.
        assert_eq!(
            plan_appointment(&terms, Office::Chairman, "Lê Văn B", d(2025, 7, 1)).unwrap(),
            Appointment::Start {
                full_name: "Lê Văn B".into(),
                close: None,
            }
        );
    }

    #[test]
    fn entering_the_holder_again_is_a_no_op_and_the_same_day_corrects_the_name() {
        let terms = vec![term(
            1,
            Office::PoliceChief,
            "Trần Văn A",
            d(2024, 7, 1),
            None,
        )];
        assert_eq!(
            plan_appointment(&terms, Office::PoliceChief, "Trần Văn A", d(2024, 7, 1)).unwrap(),
            Appointment::Unchanged
        );
        assert_eq!(
            plan_appointment(&terms, Office::PoliceChief, "Trần Văn A", d(2025, 1, 1)).unwrap(),
            Appointment::Unchanged
        );
        assert_eq!(
            plan_appointment(&terms, Office::PoliceChief, "Trần Văn Á", d(2024, 7, 1)).unwrap(),
            Appointment::Correct {
                id: Uuid::from_u128(1),
                full_name: "Trần Văn Á".into()
            }
        );
    }

    #[test]
    fn a_term_before_the_latest_or_without_a_name_is_refused() {
        let terms = vec![term(
            1,
            Office::PoliceChief,
            "Trần Văn A",
            d(2024, 7, 1),
            None,
        )];
        let e = plan_appointment(&terms, Office::PoliceChief, "Lê Văn B", d(2024, 6, 30));
        assert_eq!(e.unwrap_err().code(), "before_current_term");
        let e = plan_appointment(&terms, Office::PoliceChief, "  ", d(2025, 6, 30));
        assert_eq!(e.unwrap_err().code(), "required");
        assert_eq!(Office::parse("mayor").unwrap_err().code(), "invalid_choice");
    }
}

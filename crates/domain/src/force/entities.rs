//! The force's records as the rules see them: a team, a person's membership of it. Fields are
//! private and set once through `new`, which refuses a record that breaks an invariant (a
//! membership ending before it starts, an end without its reason), so code holding one can rely
//! on it. The store maps its rows to these through `TryFrom`; a row that does not map is corrupt.

use chrono::NaiveDate;

use crate::error::{FieldError, FieldErrorKind};
use crate::force::{EndReason, Origin};
use crate::kernel::ids::{DecisionId, MembershipId, PersonId, TeamId};
use crate::policy::TeamRole;
use crate::unit::UnitId;

/// What a team is made of, for [`Team::new`].
#[derive(Debug, Clone)]
pub struct TeamParts {
    pub id: TeamId,
    pub commune: UnitId,
    pub name: String,
    pub workplace: Option<String>,
    pub established_on: NaiveDate,
    pub decision: Option<DecisionId>,
    pub dissolved_on: Option<NaiveDate>,
}

/// Một Tổ bảo vệ ANTT of a commune (LAW-14: one per village or group of villages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    id: TeamId,
    commune: UnitId,
    name: String,
    workplace: Option<String>,
    established_on: NaiveDate,
    decision: Option<DecisionId>,
    dissolved_on: Option<NaiveDate>,
}

impl Team {
    /// A team with a name, dissolved (if at all) after it was set up.
    pub fn new(p: TeamParts) -> Result<Team, FieldError> {
        if p.name.trim().is_empty() {
            return Err(FieldError::new("name", FieldErrorKind::Required));
        }
        if p.dissolved_on.is_some_and(|d| d < p.established_on) {
            return Err(FieldError::new("dissolved_on", FieldErrorKind::DateOrder));
        }
        Ok(Team {
            id: p.id,
            commune: p.commune,
            name: p.name,
            workplace: p.workplace,
            established_on: p.established_on,
            decision: p.decision,
            dissolved_on: p.dissolved_on,
        })
    }

    pub fn id(&self) -> TeamId {
        self.id
    }
    pub fn commune(&self) -> UnitId {
        self.commune
    }
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn workplace(&self) -> Option<&str> {
        self.workplace.as_deref()
    }
    pub fn established_on(&self) -> NaiveDate {
        self.established_on
    }
    /// The decision that set it up, when it is on file.
    pub fn decision(&self) -> Option<DecisionId> {
        self.decision
    }
    pub fn dissolved_on(&self) -> Option<NaiveDate> {
        self.dissolved_on
    }

    /// It existed on `on`: set up by then and not dissolved before.
    pub fn exists_on(&self, on: NaiveDate) -> bool {
        self.established_on <= on && self.dissolved_on.is_none_or(|d| on <= d)
    }
}

/// How a membership ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ending {
    pub date: NaiveDate,
    pub reason: EndReason,
    pub decision: Option<DecisionId>,
}

/// What a membership is made of, for [`Membership::new`].
#[derive(Debug, Clone)]
pub struct MembershipParts {
    pub id: MembershipId,
    pub person: PersonId,
    pub team: TeamId,
    pub role: TeamRole,
    pub origin: Origin,
    pub start_date: NaiveDate,
    pub start_decision: Option<DecisionId>,
    pub over70_decision: Option<DecisionId>,
    /// The end date and, with it, the reason: both or neither.
    pub end_date: Option<NaiveDate>,
    pub end_reason: Option<EndReason>,
    pub end_decision: Option<DecisionId>,
}

/// A person's time in a team in one role, from its start to its end (if it has ended).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    id: MembershipId,
    person: PersonId,
    team: TeamId,
    role: TeamRole,
    origin: Origin,
    start_date: NaiveDate,
    start_decision: Option<DecisionId>,
    over70_decision: Option<DecisionId>,
    ending: Option<Ending>,
}

impl Membership {
    /// A membership whose end (if any) has its reason and is not before its start.
    pub fn new(p: MembershipParts) -> Result<Membership, FieldError> {
        let ending = match (p.end_date, p.end_reason) {
            (None, None) => None,
            (Some(date), Some(reason)) => Some(Ending {
                date,
                reason,
                decision: p.end_decision,
            }),
            (Some(_), None) => return Err(FieldError::new("reason", FieldErrorKind::Required)),
            (None, Some(_)) => return Err(FieldError::new("end_date", FieldErrorKind::Required)),
        };
        if let Some(e) = &ending {
            check_end(p.start_date, e.date)?;
        }
        Ok(Membership {
            id: p.id,
            person: p.person,
            team: p.team,
            role: p.role,
            origin: p.origin,
            start_date: p.start_date,
            start_decision: p.start_decision,
            over70_decision: p.over70_decision,
            ending,
        })
    }

    pub fn id(&self) -> MembershipId {
        self.id
    }
    pub fn person(&self) -> PersonId {
        self.person
    }
    pub fn team(&self) -> TeamId {
        self.team
    }
    pub fn role(&self) -> TeamRole {
        self.role
    }
    pub fn origin(&self) -> Origin {
        self.origin
    }
    pub fn start_date(&self) -> NaiveDate {
        self.start_date
    }
    pub fn start_decision(&self) -> Option<DecisionId> {
        self.start_decision
    }
    pub fn over70_decision(&self) -> Option<DecisionId> {
        self.over70_decision
    }
    pub fn ending(&self) -> Option<Ending> {
        self.ending
    }
    pub fn end_date(&self) -> Option<NaiveDate> {
        self.ending.map(|e| e.date)
    }

    /// In the team on `on`: started by then and not yet ended (the end date is the last day).
    pub fn active_on(&self, on: NaiveDate) -> bool {
        self.start_date <= on && self.ending.is_none_or(|e| on <= e.date)
    }

    /// The same membership, ended on `date` for `reason`: refused when it has already ended or
    /// when the date is before its start.
    pub fn end(
        &self,
        date: NaiveDate,
        reason: EndReason,
        decision: Option<DecisionId>,
    ) -> Result<Membership, FieldError> {
        if self.ending.is_some() {
            return Err(FieldError::new(
                "end_date",
                FieldErrorKind::from(crate::force::ForceFault::AlreadyEnded),
            ));
        }
        check_end(self.start_date, date)?;
        Ok(Membership {
            ending: Some(Ending {
                date,
                reason,
                decision,
            }),
            ..self.clone()
        })
    }
}

/// A membership ends on or after the day it started.
fn check_end(start: NaiveDate, end: NaiveDate) -> Result<(), FieldError> {
    if end < start {
        return Err(FieldError::new(
            "end_date",
            FieldErrorKind::EndsBeforeStart(start),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn parts() -> MembershipParts {
        MembershipParts {
            id: MembershipId(Uuid::nil()),
            person: PersonId(Uuid::nil()),
            team: TeamId(Uuid::nil()),
            role: TeamRole::Member,
            origin: Origin::Selected,
            start_date: d(2024, 7, 1),
            start_decision: None,
            over70_decision: None,
            end_date: None,
            end_reason: None,
            end_decision: None,
        }
    }

    #[test]
    fn a_membership_cannot_end_before_it_starts_or_without_its_reason() {
        let m = Membership::new(parts()).ok();
        assert!(m.as_ref().is_some_and(|m| m.active_on(d(2024, 7, 1))));
        let early = m
            .as_ref()
            .map(|m| m.end(d(2024, 6, 30), EndReason::Voluntary, None));
        assert_eq!(
            early.and_then(|r| r.err()).map(|e| e.kind),
            Some(FieldErrorKind::EndsBeforeStart(d(2024, 7, 1)))
        );
        let ended = m.and_then(|m| m.end(d(2025, 1, 1), EndReason::Voluntary, None).ok());
        assert_eq!(
            ended.as_ref().and_then(Membership::end_date),
            Some(d(2025, 1, 1))
        );
        assert!(ended.as_ref().is_some_and(|m| !m.active_on(d(2025, 1, 2))));
        let twice = ended.map(|m| m.end(d(2025, 2, 1), EndReason::Voluntary, None));
        assert!(twice.is_some_and(|r| r.is_err()));
        let no_reason = Membership::new(MembershipParts {
            end_date: Some(d(2025, 1, 1)),
            ..parts()
        });
        assert_eq!(no_reason.err().map(|e| e.field), Some("reason"));
    }

    #[test]
    fn a_team_exists_from_its_founding_to_its_dissolution() {
        let t = Team::new(TeamParts {
            id: TeamId(Uuid::nil()),
            commune: UnitId(Uuid::nil()),
            name: "Tổ 1".into(),
            workplace: None,
            established_on: d(2024, 7, 1),
            decision: None,
            dissolved_on: Some(d(2025, 6, 30)),
        });
        assert!(t.as_ref().is_ok_and(|t| !t.exists_on(d(2024, 6, 30))));
        assert!(t.as_ref().is_ok_and(|t| t.exists_on(d(2025, 6, 30))));
        assert!(t.is_ok_and(|t| !t.exists_on(d(2025, 7, 1))));
        let unnamed = Team::new(TeamParts {
            id: TeamId(Uuid::nil()),
            commune: UnitId(Uuid::nil()),
            name: " ".into(),
            workplace: None,
            established_on: d(2024, 7, 1),
            decision: None,
            dissolved_on: None,
        });
        assert_eq!(unnamed.err().map(|e| e.field), Some("name"));
    }
}

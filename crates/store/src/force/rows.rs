//! Rows to domain records: a team, a membership and a person as the rules see them. Each stored
//! code is read through its code enum and each record through its constructor, so a row that
//! does not parse, or breaks a record's invariant, is [`StoreError::Corrupt`] — never read as a
//! default ("male", "no education").

use antt_domain::force::{EndReason, Membership, MembershipParts, Origin, Team, TeamParts};
use antt_domain::kernel::ids::{DecisionId, MembershipId, PersonId, TeamId};
use antt_domain::person::{Person, PersonParts, Sex};
use antt_domain::policy::TeamRole;
use antt_domain::unit::UnitId;

use super::{comma_list, stored};
use crate::StoreError;
use crate::entities::{membership, person, team};

impl TryFrom<team::Model> for Team {
    type Error = StoreError;

    fn try_from(t: team::Model) -> Result<Team, StoreError> {
        let id = t.id;
        Team::new(TeamParts {
            id: TeamId(t.id),
            commune: UnitId(t.commune_id),
            name: t.name,
            workplace: t.workplace,
            established_on: t.established_on,
            decision: t.decision_id.map(DecisionId),
            dissolved_on: t.dissolved_on,
        })
        .map_err(|e| StoreError::corrupt("team", format!("{id}: {e}")))
    }
}

impl TryFrom<&membership::Model> for Membership {
    type Error = StoreError;

    fn try_from(m: &membership::Model) -> Result<Membership, StoreError> {
        Membership::new(MembershipParts {
            id: MembershipId(m.id),
            person: PersonId(m.person_id),
            team: TeamId(m.team_id),
            role: stored::<TeamRole>("membership.role", &m.role)?,
            origin: stored::<Origin>("membership.origin", &m.origin)?,
            start_date: m.start_date,
            start_decision: m.start_decision_id.map(DecisionId),
            over70_decision: m.over70_decision_id.map(DecisionId),
            end_date: m.end_date,
            end_reason: m
                .end_reason
                .as_deref()
                .map(|r| stored::<EndReason>("membership.end_reason", r))
                .transpose()?,
            end_decision: m.end_decision_id.map(DecisionId),
        })
        .map_err(|e| StoreError::corrupt("membership", format!("{}: {e}", m.id)))
    }
}

impl TryFrom<&person::Model> for Person {
    type Error = StoreError;

    fn try_from(p: &person::Model) -> Result<Person, StoreError> {
        Person::new(PersonParts {
            id: PersonId(p.id),
            commune: UnitId(p.commune_id),
            cccd: p.cccd.clone(),
            full_name: p.full_name.clone(),
            birth_date: p.birth_date,
            sex: stored::<Sex>("person.sex", &p.sex)?,
            ethnicity: p.ethnicity.clone(),
            residence: p.residence.clone(),
            residence_since: p.residence_since,
            education: stored("person.education", &p.education)?,
            health_certificate_on: p.health_certificate_on,
            phone: p.phone.clone(),
            prior_service: comma_list("person.prior_service", &p.prior_service)?,
            household: stored("person.household", &p.household)?,
            covered_bhxh: p.covered_bhxh,
            covered_bhyt: p.covered_bhyt,
        })
        .map_err(|e| StoreError::corrupt("person", format!("{}: {e}", p.id)))
    }
}

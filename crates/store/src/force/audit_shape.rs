//! What an audit row records of a person, a team or a membership when it is created: one shape,
//! whether the record came through a form or a roster import (an import adds its `source`).

use antt_domain::force::Origin;
use antt_domain::policy::TeamRole;
use antt_domain::roster::ValidPerson;
use chrono::NaiveDate;
use serde_json::{Value, json};
use uuid::Uuid;

/// A new person's record.
pub(crate) fn person_created(v: &ValidPerson) -> Value {
    json!({
        "cccd": v.cccd.as_str(), "full_name": v.full_name, "birth_date": v.birth_date,
        "sex": v.sex, "ethnicity": v.ethnicity, "residence": v.residence,
        "education": v.education, "household": v.household,
    })
}

/// A new team.
pub(crate) fn team_created(
    name: &str,
    workplace: Option<&str>,
    established_on: NaiveDate,
    decision: Option<&str>,
    villages: &[Uuid],
) -> Value {
    json!({
        "name": name, "workplace": workplace, "established_on": established_on,
        "decision": decision, "villages": villages,
    })
}

/// What a new membership says: who, which team, which role, since when, on which decisions.
pub(crate) struct MembershipFacts<'a> {
    pub person: &'a str,
    pub cccd: &'a str,
    pub team: &'a str,
    pub role: TeamRole,
    pub origin: Origin,
    pub start_date: NaiveDate,
    pub decision: Option<&'a str>,
    pub over70_decision: Option<&'a str>,
}

/// A new membership.
pub(crate) fn membership_created(m: &MembershipFacts<'_>) -> Value {
    json!({
        "person": m.person, "cccd": m.cccd, "team": m.team, "role": m.role,
        "origin": m.origin, "start_date": m.start_date, "decision": m.decision,
        "over70_decision": m.over70_decision,
    })
}

/// The same shape with the file the row came from.
pub(crate) fn with_source(mut v: Value, source: &str) -> Value {
    if let Some(map) = v.as_object_mut() {
        map.insert("source".into(), Value::String(source.to_string()));
    }
    v
}

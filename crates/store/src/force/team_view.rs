//! Teams as read: each with its commune, villages, decision and members on a date. Loaded for
//! any number of teams in a fixed number of queries (six), not a handful per team.

use std::collections::HashMap;

use antt_domain::force::{Membership, Staffing, Team};
use antt_domain::person::Person;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{MemberView, TeamView};
use crate::entities::{decision, membership, person, team, team_village};
use crate::units::UnitRef;
use crate::{Store, StoreError};

use crate::units::IN_CHUNK;

impl Store {
    /// One team as on `date`.
    pub(crate) async fn team_view(
        &self,
        t: team::Model,
        date: NaiveDate,
    ) -> Result<TeamView, StoreError> {
        let id = t.id;
        self.team_views(vec![t], date)
            .await?
            .pop()
            .ok_or_else(|| StoreError::corrupt("team", id))
    }

    /// The teams as on `date`, in the order given.
    pub(crate) async fn team_views(
        &self,
        teams: Vec<team::Model>,
        date: NaiveDate,
    ) -> Result<Vec<TeamView>, StoreError> {
        if teams.is_empty() {
            return Ok(Vec::new());
        }
        let team_ids: Vec<Uuid> = teams.iter().map(|t| t.id).collect();
        let mut links: Vec<team_village::Model> = Vec::new();
        let mut memberships: Vec<membership::Model> = Vec::new();
        for chunk in team_ids.chunks(IN_CHUNK) {
            links.extend(
                team_village::Entity::find()
                    .filter(team_village::Column::TeamId.is_in(chunk.iter().copied()))
                    .all(&self.db)
                    .await?,
            );
            memberships.extend(
                membership::Entity::find()
                    .filter(membership::Column::TeamId.is_in(chunk.iter().copied()))
                    .order_by_asc(membership::Column::StartDate)
                    .all(&self.db)
                    .await?,
            );
        }
        let mut unit_ids: Vec<Uuid> = links.iter().map(|l| l.village_id).collect();
        unit_ids.extend(teams.iter().map(|t| t.commune_id));
        unit_ids.sort();
        unit_ids.dedup();
        let refs = self.refs_public(&unit_ids, date).await?;
        let mut decision_ids: Vec<Uuid> = teams.iter().filter_map(|t| t.decision_id).collect();
        decision_ids.extend(memberships.iter().filter_map(|m| m.start_decision_id));
        decision_ids.sort();
        decision_ids.dedup();
        let mut decisions: HashMap<Uuid, decision::Model> = HashMap::new();
        let person_ids: Vec<Uuid> = memberships.iter().map(|m| m.person_id).collect();
        let mut people: HashMap<Uuid, person::Model> = HashMap::new();
        for chunk in decision_ids.chunks(IN_CHUNK) {
            decisions.extend(
                decision::Entity::find()
                    .filter(decision::Column::Id.is_in(chunk.iter().copied()))
                    .all(&self.db)
                    .await?
                    .into_iter()
                    .map(|d| (d.id, d)),
            );
        }
        for chunk in person_ids.chunks(IN_CHUNK) {
            people.extend(
                person::Entity::find()
                    .filter(person::Column::Id.is_in(chunk.iter().copied()))
                    .all(&self.db)
                    .await?
                    .into_iter()
                    .map(|p| (p.id, p)),
            );
        }
        let mut villages_of: HashMap<Uuid, Vec<UnitRef>> = HashMap::new();
        for l in &links {
            if let Some(r) = refs.get(&l.village_id) {
                villages_of.entry(l.team_id).or_default().push(r.clone());
            }
        }
        let mut members_of: HashMap<Uuid, Vec<membership::Model>> = HashMap::new();
        for m in memberships {
            members_of.entry(m.team_id).or_default().push(m);
        }
        let mut out = Vec::with_capacity(teams.len());
        for row in teams {
            let t = Team::try_from(row)?;
            let tid = t.id().uuid();
            let commune = refs
                .get(&t.commune().0)
                .cloned()
                .ok_or(StoreError::corrupt("team.commune_id", t.commune().0))?;
            let decision = match t.decision().and_then(|d| decisions.get(&d.uuid()).cloned()) {
                Some(d) => Some(Self::decision_view(d, &commune.code)?),
                None => None,
            };
            let mut villages = villages_of.remove(&tid).unwrap_or_default();
            villages.sort_by(|a, b| a.code.cmp(&b.code));
            let mut staffing = Staffing::default();
            let mut members = Vec::new();
            for row in members_of.remove(&tid).unwrap_or_default() {
                let start_decision = row
                    .start_decision_id
                    .and_then(|d| decisions.get(&d))
                    .map(|d| d.number.clone());
                let m = Membership::try_from(&row)?;
                if m.active_on(date) {
                    staffing.add(m.role());
                }
                let p = people
                    .get(&m.person().uuid())
                    .ok_or(StoreError::corrupt("membership.person_id", m.person()))?;
                let p = Person::try_from(p)?;
                members.push(MemberView {
                    membership_id: m.id(),
                    person_id: p.id(),
                    full_name: p.full_name().to_string(),
                    cccd: p.cccd().as_str().to_string(),
                    sex: p.sex(),
                    ethnicity: p.ethnicity().to_string(),
                    phone: p.phone().map(str::to_string),
                    birth_date: p.birth_date(),
                    health_certificate_on: p.health_certificate_on(),
                    residence: p.residence().to_string(),
                    education: p.education(),
                    household: p.household(),
                    role: m.role(),
                    role_label: m.role().label_vi(),
                    origin: m.origin(),
                    start_date: m.start_date(),
                    start_decision,
                    end_date: m.end_date(),
                    end_reason: m.ending().map(|e| e.reason),
                });
            }
            out.push(TeamView {
                id: t.id(),
                commune,
                name: t.name().to_string(),
                workplace: t.workplace().map(str::to_string),
                established_on: t.established_on(),
                decision,
                dissolved_on: t.dissolved_on(),
                villages,
                staffing,
                members,
            });
        }
        Ok(out)
    }
}

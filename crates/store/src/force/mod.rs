//! Teams, people, memberships and the decision register, scoped by commune and audited.

use std::collections::HashMap;

use antt_domain::access::Action;
use antt_domain::error::{FieldError, FieldErrorKind};
use antt_domain::force::{
    self, DecisionKind, EndReason, EvidenceKind, ForceFault, Membership, Origin, Staffing,
};
use antt_domain::kernel::code_enum::Code;
use antt_domain::kernel::ids::{DecisionId, MembershipId, PersonId, TeamId};
use antt_domain::person::{Person, PriorService, Sex};
use antt_domain::policy::TeamRole;
use antt_domain::policy::amounts::Household;
use antt_domain::policy::eligibility::Education;
use antt_domain::roster::{self, PersonDraft, ValidPerson};
use antt_domain::text;
use antt_domain::unit::{Level, UnitId};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, LikeExpr};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use uuid::Uuid;

use crate::audit::{self, Change};
use crate::audit_action::AuditAction;
use crate::entities::{
    decision, membership, membership_evidence, person, team, team_village, unit, unit_version,
};
use crate::units::UnitRef;
use crate::{Actor, Store, StoreError, new_id};

pub(crate) mod audit_shape;
pub mod member_list;
pub mod overview;
mod rows;
pub mod settings;
pub mod summary;
mod team_view;
pub use member_list::MemberList;
pub use overview::{Overview, TeamStatus};
pub use summary::{CommuneSummary, ForceFigures, ForceSummary};

/// A decision in the register (*sổ quyết định*).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionView {
    pub id: DecisionId,
    pub commune: String,
    pub number: String,
    pub signed_on: NaiveDate,
    pub signer: String,
    pub kind: DecisionKind,
    pub subject: String,
}

#[derive(Debug, Clone)]
pub struct NewDecision {
    pub commune: UnitId,
    pub number: String,
    pub signed_on: NaiveDate,
    pub signer: String,
    pub kind: DecisionKind,
    pub subject: String,
}

#[derive(Debug, Clone)]
pub struct NewTeam {
    pub commune: UnitId,
    pub name: String,
    pub villages: Vec<UnitId>,
    pub workplace: Option<String>,
    pub established_on: NaiveDate,
    pub decision: Option<DecisionId>,
}

/// A member in post, for a team's page.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberView {
    pub membership_id: MembershipId,
    pub person_id: PersonId,
    pub full_name: String,
    pub cccd: String,
    pub sex: Sex,
    pub ethnicity: String,
    pub phone: Option<String>,
    pub birth_date: NaiveDate,
    pub health_certificate_on: Option<NaiveDate>,
    pub residence: String,
    pub education: Education,
    pub household: Household,
    pub role: TeamRole,
    pub role_label: &'static str,
    pub origin: Origin,
    pub start_date: NaiveDate,
    /// The number of the decision that recognised the member, when it is on file.
    pub start_decision: Option<String>,
    pub end_date: Option<NaiveDate>,
    pub end_reason: Option<EndReason>,
}

/// A team with its villages and its members on a date.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamView {
    pub id: TeamId,
    pub commune: UnitRef,
    pub name: String,
    pub workplace: Option<String>,
    pub established_on: NaiveDate,
    pub decision: Option<DecisionView>,
    pub dissolved_on: Option<NaiveDate>,
    pub villages: Vec<UnitRef>,
    pub staffing: Staffing,
    pub members: Vec<MemberView>,
}

#[derive(Debug, Clone)]
pub struct NewPerson {
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
    /// `police`, `army`, `commune_police` — selection priority (LAW-15.3).
    pub prior_service: Vec<String>,
    /// `poor`, `near_poor`, `none`.
    pub household: String,
    pub covered_bhxh: bool,
    pub covered_bhyt: bool,
}

impl NewPerson {
    /// The person as the roster's checks read one (the form's and the import's share them).
    fn draft(&self) -> PersonDraft {
        PersonDraft {
            cccd: self.cccd.clone(),
            full_name: self.full_name.clone(),
            birth_date: Some(self.birth_date),
            sex: Some(self.sex),
            ethnicity: self.ethnicity.clone(),
            residence: self.residence.clone(),
            residence_since: self.residence_since,
            education: Some(self.education),
            health_certificate_on: self.health_certificate_on,
            phone: self.phone.clone(),
            prior_service: self.prior_service.clone(),
            household: self.household.clone(),
        }
    }
}

/// A person as kept by the commune.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonView {
    pub id: PersonId,
    pub commune: String,
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
    pub memberships: Vec<MembershipView>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MembershipView {
    pub id: MembershipId,
    pub team_id: TeamId,
    pub team_name: String,
    pub role: TeamRole,
    pub origin: Origin,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub end_reason: Option<EndReason>,
    /// The decision that recognised the membership, when entered.
    pub start_decision: Option<DecisionView>,
    /// The chairman's decision letting a person over 70 take part (LAW-13.1), when entered.
    pub over70_decision: Option<DecisionView>,
    pub end_decision: Option<DecisionView>,
    pub evidence: Vec<(EvidenceKind, NaiveDate)>,
}

/// Changes to a person's record; `None` leaves a field as it is. Identity (CCCD, name, birth date,
/// sex) is not changed here.
#[derive(Debug, Clone, Default)]
pub struct PersonChange {
    pub residence: Option<String>,
    pub residence_since: Option<Option<NaiveDate>>,
    pub education: Option<Education>,
    pub health_certificate_on: Option<Option<NaiveDate>>,
    pub phone: Option<Option<String>>,
    pub household: Option<Household>,
    pub covered_bhxh: Option<bool>,
    pub covered_bhyt: Option<bool>,
}

/// A correction of identity fields; `None` keeps a field. The reason is required.
#[derive(Debug, Clone, Default)]
pub struct IdentityChange {
    pub cccd: Option<String>,
    pub full_name: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub sex: Option<Sex>,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct NewMembership {
    pub person: PersonId,
    pub team: TeamId,
    pub role: TeamRole,
    pub origin: Origin,
    pub start_date: NaiveDate,
    pub decision: Option<DecisionId>,
    pub over70_decision: Option<DecisionId>,
}

/// A page of people, with how many match in all.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeoplePage {
    /// Everyone in scope who matches, over all pages.
    pub total: u64,
    /// The first row's position (from 0).
    pub offset: u64,
    pub limit: u64,
    pub people: Vec<PersonView>,
}

/// A role change or a transfer to another team of the commune, by a decision.
#[derive(Debug, Clone)]
pub struct MembershipChange {
    /// The first day in the new role or team; the current membership ends the day before.
    pub on: NaiveDate,
    /// The new role, or the same one when only the team changes.
    pub role: Option<TeamRole>,
    /// The team moved to, within the commune, or none for a role change in the same team.
    pub team: Option<TeamId>,
    /// The decision that makes the change (required).
    pub decision: Option<DecisionId>,
}

/// A membership ended.
#[derive(Debug, Clone)]
pub struct EndMembership {
    pub end_date: NaiveDate,
    pub reason: EndReason,
    pub decision: Option<DecisionId>,
}

/// A person's name, for the sentence of an audit row.
/// Writes the ending of a membership the domain has ended (`Membership::end`).
async fn save_ending<C: ConnectionTrait>(txn: &C, ended: &Membership) -> Result<(), StoreError> {
    let ending = ended
        .ending()
        .ok_or(StoreError::corrupt("membership", ended.id()))?;
    membership::Entity::update_many()
        .col_expr(membership::Column::EndDate, Expr::value(Some(ending.date)))
        .col_expr(
            membership::Column::EndReason,
            Expr::value(Some(ending.reason.as_str().to_string())),
        )
        .col_expr(
            membership::Column::EndDecisionId,
            Expr::value(ending.decision.map(DecisionId::uuid)),
        )
        .filter(membership::Column::Id.eq(ended.id().uuid()))
        .exec(txn)
        .await?;
    Ok(())
}

async fn person_name<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<String, StoreError> {
    Ok(person::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| StoreError::corrupt("membership.person_id", id))?
        .full_name)
}

/// A stored code read back as its enum: a value the code never writes is corrupt data, logged
/// and answered with a stable code, never read as a default.
pub(crate) fn stored<T: Code>(what: &'static str, raw: &str) -> Result<T, StoreError> {
    T::from_code(raw).ok_or_else(|| StoreError::corrupt(what, raw))
}

/// A comma-separated column of codes (prior service) as a list; an unknown code is corrupt.
pub(crate) fn comma_list<T: Code>(what: &'static str, raw: &str) -> Result<Vec<T>, StoreError> {
    raw.split(',')
        .filter(|s| !s.is_empty())
        .map(|s| stored(what, s))
        .collect()
}

/// Codes as a comma-separated column.
pub(crate) fn codes<T: Code>(list: &[T]) -> String {
    list.iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The row of a checked person's record.
pub(crate) fn person_row(
    id: Uuid,
    commune: Uuid,
    v: &ValidPerson,
    now: chrono::DateTime<chrono::Utc>,
) -> person::ActiveModel {
    person::ActiveModel {
        id: Set(id),
        commune_id: Set(commune),
        cccd: Set(v.cccd.as_str().to_string()),
        full_name: Set(v.full_name.clone()),
        name_folded: Set(text::fold(&v.full_name)),
        birth_date: Set(v.birth_date),
        sex: Set(v.sex.as_str().to_string()),
        ethnicity: Set(v.ethnicity.to_string()),
        residence: Set(v.residence.clone()),
        residence_since: Set(v.residence_since),
        education: Set(v.education.as_str().to_string()),
        health_certificate_on: Set(v.health_certificate_on),
        phone: Set(v.phone.clone()),
        prior_service: Set(codes(&v.prior_service)),
        household: Set(v.household.as_str().to_string()),
        covered_bhxh: Set(false),
        covered_bhyt: Set(false),
        created_at: Set(now),
    }
}

impl Store {
    pub(crate) async fn commune_in_scope<C: ConnectionTrait>(
        &self,
        db: &C,
        actor: &Actor,
        id: UnitId,
    ) -> Result<unit::Model, StoreError> {
        let u = unit::Entity::find_by_id(id.0)
            .filter(actor.scope().condition(unit::Column::Id))
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)?;
        if u.level != Level::Commune.as_str() {
            return Err(FieldError::new(
                "commune",
                FieldErrorKind::from(antt_domain::unit::UnitFault::NotACommune),
            )
            .into());
        }
        Ok(u)
    }

    pub(crate) fn decision_view(
        d: decision::Model,
        commune: &str,
    ) -> Result<DecisionView, StoreError> {
        Ok(DecisionView {
            kind: stored("decision.kind", &d.kind)?,
            id: DecisionId(d.id),
            commune: commune.to_string(),
            number: d.number,
            signed_on: d.signed_on,
            signer: d.signer,
            subject: d.subject,
        })
    }

    /// Enters a signed decision in the commune's register.
    pub async fn create_decision(
        &self,
        actor: &Actor,
        new: &NewDecision,
    ) -> Result<DecisionId, StoreError> {
        let granted = actor.granted(Action::ManageForce)?;
        write_txn!(self, granted, |txn, actor| {
            let commune = self.commune_in_scope(&**txn, actor, new.commune).await?;
            self.insert_decision(&**txn, actor, &commune, new).await
        })
    }

    /// Enters a decision in the commune's register inside the caller's transaction, audited; a
    /// number already in the register is refused.
    pub(crate) async fn insert_decision<C: ConnectionTrait>(
        &self,
        txn: &C,
        actor: &Actor,
        commune: &unit::Model,
        new: &NewDecision,
    ) -> Result<DecisionId, StoreError> {
        let number = text::required("number", &new.number, 64)?;
        let signer = text::required("signer", &new.signer, 200)?;
        let subject = text::required("subject", &new.subject, 1000)?;
        let dup = decision::Entity::find()
            .filter(decision::Column::CommuneId.eq(commune.id))
            .filter(decision::Column::Number.eq(number.as_str()))
            .one(txn)
            .await?;
        if dup.is_some() {
            return Err(FieldError::new("number", FieldErrorKind::Duplicate).into());
        }
        let id = new_id();
        decision::Entity::insert(decision::ActiveModel {
            id: Set(id),
            commune_id: Set(commune.id),
            number: Set(number.clone()),
            signed_on: Set(new.signed_on),
            signer: Set(signer.clone()),
            kind: Set(new.kind.as_str().to_string()),
            subject: Set(subject.clone()),
            created_at: Set(self.clock.now()),
        })
        .exec_without_returning(txn)
        .await?;
        let after = serde_json::json!({ "number": number, "signed_on": new.signed_on, "signer": signer, "kind": new.kind, "subject": subject });
        audit::append(
            txn,
            actor,
            self.clock.now(),
            Change {
                action: AuditAction::DecisionCreate,
                entity: "decision",
                entity_id: id.to_string(),
                unit: Some(UnitId(commune.id)),
                before: None,
                after: Some(&after),
            },
        )
        .await?;
        Ok(DecisionId(id))
    }

    pub(crate) async fn team_village_ids<C: ConnectionTrait>(
        &self,
        db: &C,
        team: Uuid,
    ) -> Result<Vec<UnitId>, StoreError> {
        Ok(team_village::Entity::find()
            .filter(team_village::Column::TeamId.eq(team))
            .all(db)
            .await?
            .into_iter()
            .map(|v| UnitId(v.village_id))
            .collect())
    }

    /// Whether `village` sits directly under `commune` on `date`.
    pub(crate) async fn is_under<C: ConnectionTrait>(
        &self,
        db: &C,
        village: Uuid,
        commune: Uuid,
        date: NaiveDate,
    ) -> Result<bool, StoreError> {
        Ok(unit_version::Entity::find()
            .filter(unit_version::Column::UnitId.eq(village))
            .filter(unit_version::Column::ParentId.eq(commune))
            .filter(unit_version::Column::ValidFrom.lte(date))
            .filter(
                Condition::any()
                    .add(unit_version::Column::ValidTo.is_null())
                    .add(unit_version::Column::ValidTo.gte(date)),
            )
            .one(db)
            .await?
            .is_some())
    }

    /// The commune's decision register, newest first.
    pub async fn decisions(
        &self,
        actor: &Actor,
        commune: Option<UnitId>,
    ) -> Result<Vec<DecisionView>, StoreError> {
        actor.require(Action::ViewForce)?;
        let mut q =
            decision::Entity::find().filter(actor.scope().condition(decision::Column::CommuneId));
        if let Some(c) = commune {
            q = q.filter(decision::Column::CommuneId.eq(c.0));
        }
        let rows = q
            .order_by_desc(decision::Column::SignedOn)
            .all(&self.db)
            .await?;
        let codes = self
            .codes_of(rows.iter().map(|d| d.commune_id).collect())
            .await?;
        rows.into_iter()
            .map(|d| {
                let c = codes.get(&d.commune_id).cloned().unwrap_or_default();
                Self::decision_view(d, &c)
            })
            .collect()
    }

    async fn codes_of(&self, ids: Vec<Uuid>) -> Result<HashMap<Uuid, String>, StoreError> {
        Ok(unit::Entity::find()
            .filter(unit::Column::Id.is_in(ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.code))
            .collect())
    }

    pub(crate) async fn decision_in<C: ConnectionTrait>(
        &self,
        db: &C,
        commune: Uuid,
        id: Option<DecisionId>,
    ) -> Result<Option<decision::Model>, StoreError> {
        let Some(id) = id else { return Ok(None) };
        let d = decision::Entity::find_by_id(id.uuid()).one(db).await?;
        match d {
            Some(d) if d.commune_id == commune => Ok(Some(d)),
            _ => Err(FieldError::new(
                "decision",
                FieldErrorKind::from(antt_domain::force::ForceFault::DecisionNotFound),
            )
            .into()),
        }
    }

    /// Establishes a team over one or several villages of its commune (LAW-14.2). A village is
    /// covered by at most one team at a time.
    pub async fn create_team(&self, actor: &Actor, new: &NewTeam) -> Result<TeamId, StoreError> {
        let granted = actor.granted(Action::ManageForce)?;
        let name = text::required("name", &new.name, 200)?;
        let workplace = text::optional("workplace", new.workplace.as_deref(), 500)?;
        if new.villages.is_empty() {
            return Err(FieldError::new("villages", FieldErrorKind::Required).into());
        }
        write_txn!(self, granted, |txn, actor| {
            let commune = self.commune_in_scope(&**txn, actor, new.commune).await?;
            let decision = self.decision_in(&**txn, commune.id, new.decision).await?;
            let id = self
                .insert_team(
                    &**txn,
                    actor,
                    &commune,
                    &name,
                    workplace.as_deref(),
                    &new.villages,
                    new.established_on,
                    decision,
                )
                .await?;
            Ok(TeamId(id))
        })
    }

    /// Inserts a team inside the caller's transaction, with the checks of [`Store::create_team`].
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn insert_team<C: ConnectionTrait>(
        &self,
        txn: &C,
        actor: &Actor,
        commune: &unit::Model,
        name: &str,
        workplace: Option<&str>,
        villages: &[UnitId],
        established_on: NaiveDate,
        decision: Option<decision::Model>,
    ) -> Result<Uuid, StoreError> {
        let new = NewTeam {
            commune: UnitId(commune.id),
            name: name.to_string(),
            villages: villages.to_vec(),
            workplace: workplace.map(str::to_string),
            established_on,
            decision: decision.as_ref().map(|d| DecisionId(d.id)),
        };
        let (name, workplace) = (new.name.clone(), new.workplace.clone());
        {
            for v in &new.villages {
                let under = unit_version::Entity::find()
                    .filter(unit_version::Column::UnitId.eq(v.0))
                    .filter(unit_version::Column::ParentId.eq(commune.id))
                    .filter(unit_version::Column::ValidFrom.lte(new.established_on))
                    .filter(
                        Condition::any()
                            .add(unit_version::Column::ValidTo.is_null())
                            .add(unit_version::Column::ValidTo.gte(new.established_on)),
                    )
                    .one(txn)
                    .await?;
                if under.is_none() {
                    return Err(FieldError::new(
                        "villages",
                        FieldErrorKind::from(antt_domain::force::ForceFault::VillageNotInCommune),
                    )
                    .into());
                }
                let taken = team_village::Entity::find()
                    .filter(team_village::Column::VillageId.eq(v.0))
                    .all(txn)
                    .await?;
                for t in taken {
                    if let Some(other) = team::Entity::find_by_id(t.team_id).one(txn).await?
                        && other.dissolved_on.is_none_or(|d| d >= new.established_on)
                    {
                        return Err(FieldError::new(
                            "villages",
                            FieldErrorKind::from(antt_domain::force::ForceFault::VillageHasTeam),
                        )
                        .into());
                    }
                }
            }
            let id = new_id();
            team::Entity::insert(team::ActiveModel {
                id: Set(id),
                commune_id: Set(commune.id),
                name: Set(name.clone()),
                workplace: Set(workplace.clone()),
                established_on: Set(new.established_on),
                decision_id: Set(decision.as_ref().map(|d| d.id)),
                dissolved_on: Set(None),
            })
            .exec_without_returning(txn)
            .await?;
            let mut villages = new.villages.clone();
            villages.sort();
            villages.dedup();
            for v in &villages {
                team_village::Entity::insert(team_village::ActiveModel {
                    team_id: Set(id),
                    village_id: Set(v.0),
                })
                .exec_without_returning(txn)
                .await?;
            }
            let ids: Vec<Uuid> = villages.iter().map(|v| v.0).collect();
            let after = audit_shape::team_created(
                &name,
                workplace.as_deref(),
                new.established_on,
                decision.as_ref().map(|d| d.number.as_str()),
                &ids,
            );
            audit::append(
                txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::TeamCreate,
                    entity: "team",
                    entity_id: id.to_string(),
                    unit: Some(UnitId(commune.id)),
                    before: None,
                    after: Some(&after),
                },
            )
            .await?;
            Ok(id)
        }
    }

    /// Teams inside the actor's scope (of one commune when given), as on `date`.
    pub async fn teams(
        &self,
        actor: &Actor,
        commune: Option<UnitId>,
        date: NaiveDate,
    ) -> Result<Vec<TeamView>, StoreError> {
        actor.require(Action::ViewForce)?;
        let rows = self
            .teams_query(actor, commune, date)
            .await?
            .order_by_asc(team::Column::Name)
            .all(&self.db)
            .await?;
        self.team_views(rows, date).await
    }

    /// A page of those teams in name order, and how many there are in all: a province has
    /// thousands, and a list answers a page at a time.
    pub async fn teams_page(
        &self,
        actor: &Actor,
        commune: Option<UnitId>,
        date: NaiveDate,
        offset: u64,
        limit: u64,
    ) -> Result<(u64, Vec<TeamView>), StoreError> {
        use sea_orm::PaginatorTrait;
        actor.require(Action::ViewForce)?;
        let total = self
            .teams_query(actor, commune, date)
            .await?
            .count(&self.db)
            .await?;
        let rows = self
            .teams_query(actor, commune, date)
            .await?
            .order_by_asc(team::Column::Name)
            .order_by_asc(team::Column::Id)
            .offset(offset)
            .limit(limit)
            .all(&self.db)
            .await?;
        Ok((total, self.team_views(rows, date).await?))
    }

    /// The communes whose teams roll up into `unit` and are in being on `date`.
    pub(crate) async fn communes_with_teams(
        &self,
        actor: &Actor,
        unit: UnitId,
        date: NaiveDate,
    ) -> Result<Vec<UnitId>, StoreError> {
        let ids: Vec<Uuid> = self
            .teams_query(actor, Some(unit), date)
            .await?
            .select_only()
            .column(team::Column::CommuneId)
            .distinct()
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(ids.into_iter().map(UnitId).collect())
    }

    async fn teams_query(
        &self,
        actor: &Actor,
        commune: Option<UnitId>,
        date: NaiveDate,
    ) -> Result<sea_orm::Select<team::Entity>, StoreError> {
        // As of a date means what existed then: set up by that day and not yet dissolved.
        let mut q = team::Entity::find()
            .filter(actor.scope().condition(team::Column::CommuneId))
            .filter(team::Column::EstablishedOn.lte(date))
            .filter(
                Condition::any()
                    .add(team::Column::DissolvedOn.is_null())
                    .add(team::Column::DissolvedOn.gte(date)),
            );
        // A unit above a commune rolls up the teams of its communes.
        if let Some(c) = commune {
            q = q.filter(self.of_unit(team::Column::CommuneId, c).await?);
        }
        Ok(q)
    }

    pub async fn team(
        &self,
        actor: &Actor,
        id: TeamId,
        date: NaiveDate,
    ) -> Result<TeamView, StoreError> {
        actor.require(Action::ViewForce)?;
        let t = team::Entity::find_by_id(id)
            .filter(actor.scope().condition(team::Column::CommuneId))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.team_view(t, date).await
    }

    /// Records a person. One CCCD, one person: a duplicate is refused naming the existing record.
    pub async fn create_person(
        &self,
        actor: &Actor,
        new: &NewPerson,
    ) -> Result<PersonId, StoreError> {
        actor.require(Action::ManageForce)?;
        let v = roster::validate_person(&new.draft())?;
        let cccd = v.cccd.clone();
        let result = self
            .retrying(|| async {
                let txn = self.begin_write().await?;
                let commune = self.commune_in_scope(&*txn, actor, new.commune).await?;
                let id = self.insert_person(&*txn, actor, &commune, &v, new).await?;
                txn.commit().await?;
                Ok(PersonId(id))
            })
            .await;
        if let Err(e) = &result
            && is_hidden_duplicate(e)
        {
            self.note_hidden_duplicate_cccd(actor, cccd.as_str()).await;
        }
        result
    }

    /// Writes a checked person into `commune` inside the caller's transaction, audited; a CCCD
    /// already on file is refused (named when in scope, neutral otherwise).
    async fn insert_person<C: ConnectionTrait>(
        &self,
        txn: &C,
        actor: &Actor,
        commune: &unit::Model,
        v: &ValidPerson,
        new: &NewPerson,
    ) -> Result<Uuid, StoreError> {
        if let Some(existing) = person::Entity::find()
            .filter(person::Column::Cccd.eq(v.cccd.as_str()))
            .one(txn)
            .await?
        {
            // Naming the existing record tells where it is kept; out of scope, only that it exists.
            let visible = actor
                .scope()
                .contains(txn, UnitId(existing.commune_id))
                .await?;
            return Err(duplicate_cccd(visible, existing.full_name).into());
        }
        let id = new_id();
        let mut row = person_row(id, commune.id, v, self.clock.now());
        row.covered_bhxh = Set(new.covered_bhxh);
        row.covered_bhyt = Set(new.covered_bhyt);
        person::Entity::insert(row)
            .exec_without_returning(txn)
            .await?;
        let after = audit_shape::person_created(v);
        audit::append(
            txn,
            actor,
            self.clock.now(),
            Change {
                action: AuditAction::PersonCreate,
                entity: "person",
                entity_id: id.to_string(),
                unit: Some(UnitId(commune.id)),
                before: None,
                after: Some(&after),
            },
        )
        .await?;
        Ok(id)
    }

    /// Adding a member from the team's page in one step, for a person not yet on file: the
    /// person's record (in the team's commune) and the membership are written in one
    /// transaction — both or neither, each audited — with the checks of [`Store::create_person`]
    /// and [`Store::add_membership`]. `membership.person` is ignored.
    pub async fn enrol(
        &self,
        actor: &Actor,
        new: &NewPerson,
        membership: &NewMembership,
    ) -> Result<(PersonId, MembershipId), StoreError> {
        let granted = actor.granted(Action::ManageForce)?;
        let v = roster::validate_person(&new.draft())?;
        let result = write_txn!(self, granted, |txn, actor| {
            let t = team::Entity::find_by_id(membership.team)
                .filter(actor.scope().condition(team::Column::CommuneId))
                .one(&**txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            let commune = self
                .commune_in_scope(&**txn, actor, UnitId(t.commune_id))
                .await?;
            let pid = self.insert_person(&**txn, actor, &commune, &v, new).await?;
            let p = person::Entity::find_by_id(pid)
                .one(&**txn)
                .await?
                .ok_or(StoreError::corrupt("person", pid))?;
            let next = NewMembership {
                person: PersonId(pid),
                ..membership.clone()
            };
            let mid = self.insert_membership(&**txn, actor, &t, &p, &next).await?;
            Ok((PersonId(pid), MembershipId(mid)))
        });
        if let Err(e) = &result
            && is_hidden_duplicate(e)
        {
            self.note_hidden_duplicate_cccd(actor, v.cccd.as_str())
                .await;
        }
        result
    }

    async fn person_view(&self, p: person::Model) -> Result<PersonView, StoreError> {
        let person = Person::try_from(&p)?;
        let rows = membership::Entity::find()
            .filter(membership::Column::PersonId.eq(p.id))
            .order_by_asc(membership::Column::StartDate)
            .all(&self.db)
            .await?;
        let teams: HashMap<Uuid, String> = team::Entity::find()
            .filter(team::Column::Id.is_in(rows.iter().map(|m| m.team_id)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
        let mut memberships = Vec::new();
        for row in &rows {
            let m = Membership::try_from(row)?;
            let evidence = membership_evidence::Entity::find()
                .filter(membership_evidence::Column::MembershipId.eq(row.id))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|e| {
                    Ok((
                        stored::<EvidenceKind>("membership_evidence.kind", &e.kind)?,
                        e.on_date,
                    ))
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            let ending = m.ending();
            let mut decisions = Vec::new();
            for id in [
                m.start_decision(),
                m.over70_decision(),
                ending.and_then(|e| e.decision),
            ] {
                decisions.push(match id {
                    Some(d) => decision::Entity::find_by_id(d.uuid())
                        .one(&self.db)
                        .await?
                        .map(|d| Self::decision_view(d, ""))
                        .transpose()?,
                    None => None,
                });
            }
            let end_decision = decisions.pop().flatten();
            let over70_decision = decisions.pop().flatten();
            let start_decision = decisions.pop().flatten();
            memberships.push(MembershipView {
                start_decision,
                over70_decision,
                end_decision,
                id: m.id(),
                team_id: m.team(),
                team_name: teams.get(&m.team().uuid()).cloned().unwrap_or_default(),
                role: m.role(),
                origin: m.origin(),
                start_date: m.start_date(),
                end_date: m.end_date(),
                end_reason: ending.map(|e| e.reason),
                evidence,
            });
        }
        let commune = self
            .codes_of(vec![p.commune_id])
            .await?
            .remove(&p.commune_id)
            .unwrap_or_default();
        Ok(PersonView {
            id: person.id(),
            commune,
            cccd: person.cccd().as_str().to_string(),
            full_name: person.full_name().to_string(),
            birth_date: person.birth_date(),
            sex: person.sex(),
            ethnicity: person.ethnicity().to_string(),
            residence: person.residence().to_string(),
            residence_since: person.residence_since(),
            education: person.education(),
            health_certificate_on: person.health_certificate_on(),
            phone: person.phone().map(str::to_string),
            prior_service: person.prior_service().to_vec(),
            household: person.household(),
            covered_bhxh: person.covered_bhxh(),
            covered_bhyt: person.covered_bhyt(),
            memberships,
        })
    }

    /// A membership with its person, within scope.
    pub async fn membership(
        &self,
        actor: &Actor,
        id: MembershipId,
    ) -> Result<(PersonView, MembershipView), StoreError> {
        actor.require(Action::ViewForce)?;
        let m = membership::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let view = self.person(actor, PersonId(m.person_id)).await?;
        let mv = view
            .memberships
            .iter()
            .find(|x| x.id == id)
            .cloned()
            .ok_or(StoreError::NotFound)?;
        Ok((view, mv))
    }

    /// Corrects a person's identity (a CCCD, name, birth date or sex entered wrongly), with the
    /// reason kept in the audit log. The CCCD is checked against the corrected birth date and sex,
    /// stays unique, and the person's memberships must still meet the age rule (LAW-13.1).
    pub async fn correct_identity(
        &self,
        actor: &Actor,
        id: PersonId,
        change: &IdentityChange,
    ) -> Result<crate::units::Outcome, StoreError> {
        let granted = actor.granted(Action::ManageForce)?;
        let reason = text::required("note", &change.reason, 1000)?;
        let result = write_txn!(self, granted, |txn, actor| {
            let p = person::Entity::find_by_id(id)
                .filter(actor.scope().condition(person::Column::CommuneId))
                .one(&**txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            let old_sex = stored::<Sex>("person.sex", &p.sex)?;
            let full_name = match &change.full_name {
                Some(n) => text::required("full_name", n, 200)?,
                None => p.full_name.clone(),
            };
            let birth_date = change.birth_date.unwrap_or(p.birth_date);
            let sex = change.sex.unwrap_or(old_sex);
            let cccd = antt_domain::person::Cccd::parse(change.cccd.as_deref().unwrap_or(&p.cccd))?;
            cccd.check_against(birth_date, sex)?;
            if cccd.as_str() != p.cccd
                && let Some(other) = person::Entity::find()
                    .filter(person::Column::Cccd.eq(cccd.as_str()))
                    .one(&**txn)
                    .await?
            {
                let visible = actor
                    .scope()
                    .contains(&**txn, UnitId(other.commune_id))
                    .await?;
                return Err(duplicate_cccd(visible, other.full_name).into());
            }
            for m in membership::Entity::find()
                .filter(membership::Column::PersonId.eq(p.id))
                .all(&**txn)
                .await?
            {
                let age =
                    antt_domain::policy::eligibility::completed_years(birth_date, m.start_date);
                if age < 18 {
                    return Err(FieldError::new(
                        "birth_date",
                        FieldErrorKind::from(antt_domain::force::ForceFault::Under18),
                    )
                    .into());
                }
                if age > 70 && m.over70_decision_id.is_none() {
                    return Err(FieldError::new(
                        "birth_date",
                        FieldErrorKind::from(antt_domain::force::ForceFault::Over70NeedsDecision),
                    )
                    .into());
                }
            }
            let sex_str = sex.as_str();
            let before = serde_json::json!({ "cccd": p.cccd, "full_name": p.full_name, "birth_date": p.birth_date, "sex": p.sex });
            let after = serde_json::json!({ "cccd": cccd.as_str(), "full_name": full_name, "birth_date": birth_date, "sex": sex_str });
            if before == after {
                return Ok(crate::units::Outcome::Unchanged);
            }
            let mut am: person::ActiveModel = p.clone().into();
            am.cccd = Set(cccd.as_str().to_string());
            am.full_name = Set(full_name.clone());
            am.name_folded = Set(text::fold(&full_name));
            am.birth_date = Set(birth_date);
            am.sex = Set(sex_str.to_string());
            person::Entity::update(am).exec(&**txn).await?;
            let after = serde_json::json!({ "cccd": cccd.as_str(), "full_name": full_name, "birth_date": birth_date, "sex": sex_str, "reason": reason });
            audit::append(
                &**txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::PersonIdentity,
                    entity: "person",
                    entity_id: p.id.to_string(),
                    unit: Some(UnitId(p.commune_id)),
                    before: Some(&before),
                    after: Some(&after),
                },
            )
            .await?;
            Ok(crate::units::Outcome::Changed)
        });
        if let Err(e) = &result
            && is_hidden_duplicate(e)
        {
            self.note_hidden_duplicate_cccd(actor, change.cccd.as_deref().unwrap_or_default())
                .await;
        }
        result
    }

    /// Updates a person's record (a new health certificate, a new phone number…). Writing the same
    /// values again changes nothing and records nothing.
    pub async fn update_person(
        &self,
        actor: &Actor,
        id: PersonId,
        change: &PersonChange,
    ) -> Result<crate::units::Outcome, StoreError> {
        let granted = actor.granted(Action::ManageForce)?;
        let residence = change
            .residence
            .as_deref()
            .map(|r| text::required("residence", r, 500))
            .transpose()?;
        let phone = match &change.phone {
            Some(p) => Some(roster::phone(p.as_deref())?),
            None => None,
        };
        write_txn!(self, granted, |txn, actor| {
            let p = person::Entity::find_by_id(id)
                .filter(actor.scope().condition(person::Column::CommuneId))
                .one(&**txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            if let Some(Some(d)) = change.health_certificate_on
                && d > self.clock.today_vn()
            {
                return Err(FieldError::new(
                    "health_certificate",
                    FieldErrorKind::from(antt_domain::kernel::fault::CommonFault::DateInFuture),
                )
                .into());
            }
            let snapshot = |m: &person::Model| {
                serde_json::json!({
                    "residence": m.residence, "residence_since": m.residence_since, "education": m.education,
                    "health_certificate_on": m.health_certificate_on, "phone": m.phone, "household": m.household,
                    "covered_bhxh": m.covered_bhxh, "covered_bhyt": m.covered_bhyt,
                })
            };
            let before = snapshot(&p);
            let mut next = p.clone();
            if let Some(r) = &residence {
                next.residence = r.clone();
            }
            if let Some(r) = change.residence_since {
                next.residence_since = r;
            }
            if let Some(e) = change.education {
                next.education = e.as_str().to_string();
            }
            if let Some(h) = change.health_certificate_on {
                next.health_certificate_on = h;
            }
            if let Some(ph) = &phone {
                next.phone = ph.clone();
            }
            if let Some(h) = change.household {
                next.household = h.as_str().to_string();
            }
            if let Some(b) = change.covered_bhxh {
                next.covered_bhxh = b;
            }
            if let Some(b) = change.covered_bhyt {
                next.covered_bhyt = b;
            }
            let after = snapshot(&next);
            if before == after {
                return Ok(crate::units::Outcome::Unchanged);
            }
            person::Entity::update(person::ActiveModel {
                id: Set(p.id),
                residence: Set(next.residence.clone()),
                residence_since: Set(next.residence_since),
                education: Set(next.education.clone()),
                health_certificate_on: Set(next.health_certificate_on),
                phone: Set(next.phone.clone()),
                household: Set(next.household.clone()),
                covered_bhxh: Set(next.covered_bhxh),
                covered_bhyt: Set(next.covered_bhyt),
                ..Default::default()
            })
            .exec(&**txn)
            .await?;
            audit::append(
                &**txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::PersonUpdate,
                    entity: "person",
                    entity_id: p.id.to_string(),
                    unit: Some(UnitId(p.commune_id)),
                    before: Some(&before),
                    after: Some(&after),
                },
            )
            .await?;
            Ok(crate::units::Outcome::Changed)
        })
    }

    /// People inside the scope, searched by name without accents or by CCCD.
    pub async fn people(
        &self,
        actor: &Actor,
        query: &str,
        limit: u64,
    ) -> Result<Vec<PersonView>, StoreError> {
        Ok(self.people_page(actor, query, 0, limit).await?.people)
    }

    /// A page of the people in scope matching `query` (a name without accents, or the start of
    /// a CCCD), in Vietnamese order (`text::vi_sort_key`: the alphabet's own order, tones to break
    /// ties, numbers by value), with how many match in all. The names are sorted here, not by
    /// the database, whose collations differ between SQLite and PostgreSQL and know no
    /// Vietnamese; only the page's people are read in full.
    pub async fn people_page(
        &self,
        actor: &Actor,
        query: &str,
        offset: u64,
        limit: u64,
    ) -> Result<PeoplePage, StoreError> {
        actor.require(Action::ViewForce)?;
        let mut q =
            person::Entity::find().filter(actor.scope().condition(person::Column::CommuneId));
        let folded = text::search_query(query)?;
        if !folded.is_empty() {
            let like = |pre, suf| LikeExpr::new(text::like_pattern(pre, &folded, suf)).escape('\\');
            q = q.filter(
                Condition::any()
                    .add(person::Column::NameFolded.like(like("%", "%")))
                    .add(person::Column::Cccd.like(like("", "%"))),
            );
        }
        let mut names: Vec<(String, Uuid)> = q
            .select_only()
            .column(person::Column::Id)
            .column(person::Column::FullName)
            .into_tuple::<(Uuid, String)>()
            .all(&self.db)
            .await?
            .into_iter()
            .map(|(id, name)| (text::vi_sort_key(&name), id))
            .collect();
        names.sort();
        let total = names.len() as u64;
        let limit = limit.clamp(1, 500);
        let ids: Vec<Uuid> = names
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(usize::try_from(limit).unwrap_or(500))
            .map(|(_, id)| id)
            .collect();
        let mut rows: HashMap<Uuid, person::Model> = person::Entity::find()
            .filter(person::Column::Id.is_in(ids.iter().copied()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let mut people = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(p) = rows.remove(&id) {
                people.push(self.person_view(p).await?);
            }
        }
        Ok(PeoplePage {
            total,
            offset,
            limit,
            people,
        })
    }

    pub async fn person(&self, actor: &Actor, id: PersonId) -> Result<PersonView, StoreError> {
        actor.require(Action::ViewForce)?;
        let p = person::Entity::find_by_id(id)
            .filter(actor.scope().condition(person::Column::CommuneId))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.person_view(p).await
    }

    /// Recognises a person as a member of a team from a date (TT 14/2024 Đ4). Refused: a person
    /// under 18 on the start date (LAW-13.1); over 70 without the chairman's exception decision;
    /// a second leader at the same time; a person already in a team then.
    pub async fn add_membership(
        &self,
        actor: &Actor,
        new: &NewMembership,
    ) -> Result<MembershipId, StoreError> {
        let granted = actor.granted(Action::ManageForce)?;
        write_txn!(self, granted, |txn, actor| {
            let t = team::Entity::find_by_id(new.team)
                .filter(actor.scope().condition(team::Column::CommuneId))
                .one(&**txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            let p = person::Entity::find_by_id(new.person)
                .filter(actor.scope().condition(person::Column::CommuneId))
                .one(&**txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            let id = self.insert_membership(&**txn, actor, &t, &p, new).await?;
            Ok(MembershipId(id))
        })
    }

    /// Inserts a membership inside the caller's transaction, with the checks of
    /// [`Store::add_membership`]; the team and person are already loaded within scope.
    pub(crate) async fn insert_membership<C: ConnectionTrait>(
        &self,
        txn: &C,
        actor: &Actor,
        t: &team::Model,
        p: &person::Model,
        new: &NewMembership,
    ) -> Result<Uuid, StoreError> {
        let (id, after) = self.write_membership(txn, t, p, new).await?;
        audit::append(
            txn,
            actor,
            self.clock.now(),
            Change {
                action: AuditAction::MembershipCreate,
                entity: "membership",
                entity_id: id.to_string(),
                unit: Some(UnitId(t.commune_id)),
                before: None,
                after: Some(&after),
            },
        )
        .await?;
        Ok(id)
    }

    /// Checks a new membership (age, one leader, no overlap) and writes it, unaudited: the
    /// caller audits it as what it is (a recognition, or the second half of a change).
    async fn write_membership<C: ConnectionTrait>(
        &self,
        txn: &C,
        t: &team::Model,
        p: &person::Model,
        new: &NewMembership,
    ) -> Result<(Uuid, serde_json::Value), StoreError> {
        {
            let over70 = self
                .decision_in(txn, t.commune_id, new.over70_decision)
                .await?;
            let start_decision = self.decision_in(txn, t.commune_id, new.decision).await?;
            let person_spans: Vec<force::Span> = membership::Entity::find()
                .filter(membership::Column::PersonId.eq(p.id))
                .all(txn)
                .await?
                .into_iter()
                .map(|m| (m.start_date, m.end_date))
                .collect();
            let leader_spans: Vec<force::Span> = membership::Entity::find()
                .filter(membership::Column::TeamId.eq(t.id))
                .filter(membership::Column::Role.eq("leader"))
                .all(txn)
                .await?
                .into_iter()
                .map(|m| (m.start_date, m.end_date))
                .collect();
            force::check_membership(&force::MembershipCheck {
                team_established: t.established_on,
                birth_date: p.birth_date,
                start: new.start_date,
                role: new.role,
                has_over70_decision: over70.is_some(),
                person_spans: &person_spans,
                leader_spans: &leader_spans,
            })?;
            let id = new_id();
            membership::Entity::insert(membership::ActiveModel {
                id: Set(id),
                person_id: Set(p.id),
                team_id: Set(t.id),
                role: Set(new.role.as_str().to_string()),
                origin: Set(new.origin.as_str().to_string()),
                start_date: Set(new.start_date),
                end_date: Set(None),
                start_decision_id: Set(start_decision.as_ref().map(|d| d.id)),
                end_reason: Set(None),
                end_decision_id: Set(None),
                over70_decision_id: Set(over70.as_ref().map(|d| d.id)),
            })
            .exec_without_returning(txn)
            .await?;
            let after = audit_shape::membership_created(&audit_shape::MembershipFacts {
                person: &p.full_name,
                cccd: &p.cccd,
                team: &t.name,
                role: new.role,
                origin: new.origin,
                start_date: new.start_date,
                decision: start_decision.as_ref().map(|d| d.number.as_str()),
                over70_decision: over70.as_ref().map(|d| d.number.as_str()),
            });
            Ok((id, after))
        }
    }

    /// A role change or a transfer, tied to its decision: the membership ends the day before
    /// `change.on` (reason `role_change` or `transfer`) and the next starts on `change.on`, in
    /// one transaction, so the history keeps both and the person is never out of the force in
    /// between. The new membership passes the same checks as a recognition (one leader, age).
    pub async fn change_membership(
        &self,
        actor: &Actor,
        id: MembershipId,
        change: &MembershipChange,
    ) -> Result<MembershipId, StoreError> {
        let granted = actor.granted(Action::ManageForce)?;
        if change.decision.is_none() {
            return Err(FieldError::new("decision", FieldErrorKind::Required).into());
        }
        write_txn!(self, granted, |txn, actor| {
            let (m, t) = self.membership_in_scope(&**txn, actor, id).await?;
            let current = Membership::try_from(&m)?;
            let target = match change.team {
                Some(tid) if tid.uuid() != t.id => team::Entity::find_by_id(tid.uuid())
                    .filter(team::Column::CommuneId.eq(t.commune_id))
                    .one(&**txn)
                    .await?
                    .ok_or_else(|| {
                        FieldError::new("team", FieldErrorKind::from(ForceFault::TeamNotFound))
                    })?,
                _ => t.clone(),
            };
            let role = change.role.unwrap_or(current.role());
            let transfer = target.id != t.id;
            if !transfer && role == current.role() {
                return Err(
                    FieldError::new("role", FieldErrorKind::from(ForceFault::SameRole)).into(),
                );
            }
            let last_day = change
                .on
                .pred_opt()
                .ok_or_else(|| FieldError::new("on", FieldErrorKind::InvalidDate))?;
            let reason = if transfer {
                EndReason::Transfer
            } else {
                EndReason::RoleChange
            };
            let decision = self
                .decision_in(&**txn, t.commune_id, change.decision)
                .await?;
            let ended = current
                .end(
                    last_day,
                    reason,
                    decision.as_ref().map(|d| DecisionId(d.id)),
                )
                .map_err(|e| match e.kind {
                    FieldErrorKind::EndsBeforeStart(start) => {
                        FieldError::new("on", FieldErrorKind::EndsBeforeStart(start))
                    }
                    _ => FieldError { field: "on", ..e },
                })?;
            save_ending(&**txn, &ended).await?;
            let p = person::Entity::find_by_id(m.person_id)
                .one(&**txn)
                .await?
                .ok_or(StoreError::corrupt("membership.person_id", m.person_id))?;
            let next = NewMembership {
                person: PersonId(p.id),
                team: TeamId(target.id),
                role,
                origin: current.origin(),
                start_date: change.on,
                decision: change.decision,
                over70_decision: current.over70_decision(),
            };
            let (new_id, mut after) = self.write_membership(&**txn, &target, &p, &next).await?;
            after["from_team"] = serde_json::json!(t.name);
            after["from_role"] = serde_json::json!(current.role().as_str());
            after["ended"] = serde_json::json!(m.id);
            after["end_reason"] = serde_json::json!(reason.as_str());
            let before = serde_json::json!({ "team": t.name, "role": current.role().as_str(), "end_date": null });
            audit::append(
                &**txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::MembershipChange,
                    entity: "membership",
                    entity_id: new_id.to_string(),
                    unit: Some(UnitId(t.commune_id)),
                    before: Some(&before),
                    after: Some(&after),
                },
            )
            .await?;
            Ok(MembershipId(new_id))
        })
    }

    /// Records an unexcused refusal or a written reminder (evidence for LAW-17.3c).
    pub async fn add_evidence(
        &self,
        actor: &Actor,
        membership_id: MembershipId,
        kind: EvidenceKind,
        on: NaiveDate,
        note: Option<&str>,
    ) -> Result<Uuid, StoreError> {
        let granted = actor.granted(Action::ManageForce)?;
        let note = text::optional("note", note, 1000)?;
        write_txn!(self, granted, |txn, actor| {
            let (m, t) = self
                .membership_in_scope(&**txn, actor, membership_id)
                .await?;
            if on < m.start_date || m.end_date.is_some_and(|e| on > e) {
                return Err(FieldError::new(
                    "date",
                    FieldErrorKind::from(antt_domain::force::ForceFault::OutsideMembership),
                )
                .into());
            }
            let id = new_id();
            membership_evidence::Entity::insert(membership_evidence::ActiveModel {
                id: Set(id),
                membership_id: Set(m.id),
                kind: Set(kind.as_str().to_string()),
                on_date: Set(on),
                note: Set(note.clone()),
            })
            .exec_without_returning(&**txn)
            .await?;
            let who = person_name(&**txn, m.person_id).await?;
            let after = serde_json::json!({ "person": who, "team": t.name, "kind": kind.as_str(), "date": on, "note": note });
            audit::append(
                &**txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::MembershipEvidence,
                    entity: "membership",
                    entity_id: m.id.to_string(),
                    unit: Some(UnitId(t.commune_id)),
                    before: None,
                    after: Some(&after),
                },
            )
            .await?;
            Ok(id)
        })
    }

    async fn membership_in_scope<C: ConnectionTrait>(
        &self,
        db: &C,
        actor: &Actor,
        id: MembershipId,
    ) -> Result<(membership::Model, team::Model), StoreError> {
        let m = membership::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let t = team::Entity::find_by_id(m.team_id)
            .filter(actor.scope().condition(team::Column::CommuneId))
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok((m, t))
    }

    /// Ends a membership for a legal reason (LAW-17.3) or a transfer or change of role. The
    /// discipline reason needs its evidence on file: as many refusals and reminders as the
    /// national pack in force on the end date says (LAW-17.3c; a pack without them is a gap).
    pub async fn end_membership(
        &self,
        actor: &Actor,
        id: MembershipId,
        end: &EndMembership,
    ) -> Result<(), StoreError> {
        let granted = actor.granted(Action::ManageForce)?;
        // The membership's own faults (ended already, an end before its start) come before any
        // figure of the policy: a wrong date is told as such, not as a missing threshold.
        let (current, _) = self.membership_in_scope(&self.db, actor, id).await?;
        Membership::try_from(&current)?.end(end.end_date, end.reason, end.decision)?;
        let thresholds = if end.reason == EndReason::Discipline {
            let national = self.national_policy(end.end_date).await?;
            let p = national.policy();
            Some((
                p.count("discipline_min_refusals")?,
                p.count("discipline_min_reminders")?,
            ))
        } else {
            None
        };
        write_txn!(self, granted, |txn, actor| {
            let (m, t) = self.membership_in_scope(&**txn, actor, id).await?;
            let decision = self.decision_in(&**txn, t.commune_id, end.decision).await?;
            // The domain refuses an end on a membership already ended or before its start.
            let ended = Membership::try_from(&m)?.end(
                end.end_date,
                end.reason,
                decision.as_ref().map(|d| DecisionId(d.id)),
            )?;
            if let Some((min_refusals, min_reminders)) = thresholds {
                let evidence: Vec<(EvidenceKind, NaiveDate)> = membership_evidence::Entity::find()
                    .filter(membership_evidence::Column::MembershipId.eq(m.id))
                    .all(&**txn)
                    .await?
                    .into_iter()
                    .filter_map(|e| EvidenceKind::parse(&e.kind).ok().map(|k| (k, e.on_date)))
                    .collect();
                if !force::discipline_supported(
                    &evidence,
                    end.end_date,
                    min_refusals,
                    min_reminders,
                ) {
                    return Err(FieldError::new(
                        "end_reason",
                        FieldErrorKind::from(
                            antt_domain::force::ForceFault::DisciplineNeedsEvidence,
                        ),
                    )
                    .into());
                }
            }
            save_ending(&**txn, &ended).await?;
            let before = serde_json::json!({ "end_date": null, "end_reason": null });
            let who = person_name(&**txn, m.person_id).await?;
            let after = serde_json::json!({ "person": who, "team": t.name, "end_date": end.end_date, "end_reason": end.reason.as_str(), "rule": end.reason.rule(), "decision": decision.map(|d| d.number) });
            audit::append(
                &**txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::MembershipEnd,
                    entity: "membership",
                    entity_id: m.id.to_string(),
                    unit: Some(UnitId(t.commune_id)),
                    before: Some(&before),
                    after: Some(&after),
                },
            )
            .await?;
            Ok(())
        })
    }

    /// Villages of a commune on a date with no team covering them.
    pub async fn villages_without_team(
        &self,
        actor: &Actor,
        commune: UnitId,
        date: NaiveDate,
    ) -> Result<Vec<UnitRef>, StoreError> {
        let teams = self.teams(actor, Some(commune), date).await?;
        self.villages_without_team_of(actor, commune, date, &teams)
            .await
    }

    /// The same, given the commune's teams already loaded.
    pub(crate) async fn villages_without_team_of(
        &self,
        actor: &Actor,
        commune: UnitId,
        date: NaiveDate,
        teams: &[TeamView],
    ) -> Result<Vec<UnitRef>, StoreError> {
        if !actor.scope().contains(&self.db, commune).await? {
            return Err(StoreError::NotFound);
        }
        let covered: std::collections::HashSet<&str> = teams
            .iter()
            .filter(|t| t.dissolved_on.is_none_or(|d| d >= date))
            .flat_map(|t| t.villages.iter().map(|v| v.code.as_str()))
            .collect();
        Ok(self
            .children_on(actor, commune, date)
            .await?
            .into_iter()
            .filter(|c| c.level == Level::Village && !covered.contains(c.code.as_str()))
            .collect())
    }
}

/// A CCCD already on file: named when the record is inside the actor's scope; otherwise the
/// same neutral answer wherever it is kept, so a commune learns nothing of another's records.
pub(crate) fn duplicate_cccd(visible: bool, full_name: String) -> FieldError {
    if visible {
        FieldError::new("cccd", FieldErrorKind::DuplicateOf(full_name))
    } else {
        FieldError::new("cccd", FieldErrorKind::DuplicateElsewhere)
    }
}

impl Store {
    /// Records that someone was refused a CCCD kept outside their scope (a probe, or a person
    /// who moved: either way the upper police should know).
    pub(crate) async fn note_hidden_duplicate_cccd(&self, actor: &Actor, cccd: &str) {
        let reason = "CCCD kept outside the actor's scope";
        self.record_refusal(actor, "person.cccd", cccd, reason)
            .await;
    }
}

/// Whether an error is the neutral answer of [`duplicate_cccd`] (recorded as a security event).
pub(crate) fn is_hidden_duplicate(e: &StoreError) -> bool {
    matches!(e, StoreError::Invalid(f) if f.kind == FieldErrorKind::DuplicateElsewhere)
}

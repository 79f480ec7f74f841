//! Sổ trực (use cases): the commune police enter each shift or patrol of a team with who was
//! there; the payroll reads it for the allowances. A shift in a month whose payroll is approved
//! is locked: the month's money was paid on it.

use std::collections::HashMap;

use antt_domain::access::Action;
use antt_domain::error::{FieldError, FieldErrorKind};
use antt_domain::kernel::ids::{PersonId, TeamId};
use antt_domain::payroll::{DutyKind, Month, PayrollFault, PayrollState, Shift};
use antt_domain::unit::UnitId;
use chrono::NaiveDate;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use uuid::Uuid;

use crate::audit::{self, Change};
use crate::audit_action::AuditAction;
use crate::entities::{duty_presence, duty_shift, membership, person, team};
use crate::{Actor, Store, StoreError};

/// The most people one shift records.
pub const MAX_PEOPLE_PER_SHIFT: usize = 100;
/// The longest span the log is read for at once, in days.
pub const MAX_LOG_DAYS: i64 = 93;

/// A shift to enter.
#[derive(Debug, Clone)]
pub struct NewShift {
    pub team: TeamId,
    pub date: NaiveDate,
    /// Minutes after midnight.
    pub start: u32,
    pub end: u32,
    pub kind: DutyKind,
    pub hazardous: bool,
    /// Who mobilised the team outside its area (required for `mobilised`).
    pub mobilised_by: Option<String>,
    pub note: Option<String>,
    pub people: Vec<PersonId>,
}

/// One person at a shift.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PresentPerson {
    pub id: PersonId,
    pub full_name: String,
}

/// A shift as the log shows it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShiftView {
    pub id: Uuid,
    pub team: TeamId,
    pub team_name: String,
    pub date: NaiveDate,
    /// `22:00`.
    pub start: String,
    pub end: String,
    /// `22:00 ngày 03/07/2026 – 02:00 ngày 04/07/2026`.
    pub span: String,
    pub minutes: u32,
    /// Minutes between 22:00 and 06:00.
    pub night_minutes: u32,
    pub kind: DutyKind,
    pub kind_label: &'static str,
    pub hazardous: bool,
    pub mobilised_by: Option<String>,
    pub note: Option<String>,
    pub people: Vec<PresentPerson>,
    /// The month's payroll is approved: the shift cannot change.
    pub locked: bool,
}

fn field(f: &'static str, fault: PayrollFault) -> StoreError {
    FieldError::new(f, FieldErrorKind::from(fault)).into()
}

impl Store {
    /// Whether the commune's payroll of `month` is approved or paid.
    pub(crate) async fn month_locked<C: ConnectionTrait>(
        &self,
        db: &C,
        commune: Uuid,
        month: Month,
    ) -> Result<bool, StoreError> {
        Ok(super::row_of(db, commune, month)
            .await?
            .and_then(|r| PayrollState::from_code(&r.state))
            .is_some_and(PayrollState::locked))
    }

    /// Enters a shift and who was there. Everyone must be a member of one of the commune's teams
    /// on the shift's day; the month must not be approved. Audited.
    pub async fn record_duty_shift(
        &self,
        actor: &Actor,
        new: &NewShift,
    ) -> Result<ShiftView, StoreError> {
        let granted = actor.granted(Action::ManageDutyLog)?;
        let shift = Shift::new(new.date, new.start, new.end, new.kind, new.hazardous, false)?;
        let mobilised_by =
            antt_domain::text::optional("mobilised_by", new.mobilised_by.as_deref(), 200)?;
        let note = antt_domain::text::optional("note", new.note.as_deref(), 500)?;
        if new.kind == DutyKind::Mobilised && mobilised_by.is_none() {
            return Err(FieldError::new("mobilised_by", FieldErrorKind::Required).into());
        }
        let mut people = new.people.clone();
        people.sort();
        people.dedup();
        if people.is_empty() {
            return Err(FieldError::new("people", FieldErrorKind::Required).into());
        }
        if people.len() > MAX_PEOPLE_PER_SHIFT {
            return Err(field("people", PayrollFault::TooManyPeople));
        }
        let id = write_txn!(self, granted, |txn, actor| {
            let t = team::Entity::find_by_id(new.team.0)
                .filter(actor.scope().condition(team::Column::CommuneId))
                .one(&**txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            if t.established_on > new.date || t.dissolved_on.is_some_and(|d| d < new.date) {
                return Err(FieldError::new("date", FieldErrorKind::NotInForce).into());
            }
            if self
                .month_locked(&**txn, t.commune_id, Month::of(new.date))
                .await?
            {
                return Err(field("date", PayrollFault::Locked));
            }
            // Members of the commune's teams in post on the day.
            let teams: Vec<Uuid> = team::Entity::find()
                .filter(team::Column::CommuneId.eq(t.commune_id))
                .all(&**txn)
                .await?
                .into_iter()
                .map(|t| t.id)
                .collect();
            let in_post: Vec<Uuid> = membership::Entity::find()
                .filter(membership::Column::TeamId.is_in(teams))
                .filter(membership::Column::PersonId.is_in(people.iter().map(|p| p.0)))
                .filter(membership::Column::StartDate.lte(new.date))
                .all(&**txn)
                .await?
                .into_iter()
                .filter(|m| m.end_date.is_none_or(|e| e >= new.date))
                .map(|m| m.person_id)
                .collect();
            if people.iter().any(|p| !in_post.contains(&p.0)) {
                return Err(field("people", PayrollFault::NotAMember));
            }
            let id = Uuid::now_v7();
            duty_shift::Entity::insert(duty_shift::ActiveModel {
                id: Set(id),
                commune_id: Set(t.commune_id),
                team_id: Set(t.id),
                on_date: Set(new.date),
                start_minute: Set(i32::try_from(new.start).unwrap_or(0)),
                end_minute: Set(i32::try_from(new.end).unwrap_or(0)),
                kind: Set(new.kind.as_str().to_string()),
                hazardous: Set(new.hazardous),
                mobilised_by: Set(mobilised_by.clone()),
                note: Set(note.clone()),
                created_at: Set(self.clock.now()),
            })
            .exec_without_returning(&**txn)
            .await?;
            duty_presence::Entity::insert_many(people.iter().map(|p| duty_presence::ActiveModel {
                shift_id: Set(id),
                person_id: Set(p.0),
            }))
            .exec_without_returning(&**txn)
            .await?;
            let after = serde_json::json!({
                "team": t.name, "date": new.date, "span": shift.span_vi(),
                "kind": new.kind.as_str(), "hazardous": new.hazardous,
                "mobilised_by": mobilised_by, "note": note,
                "people": people.len(), "person_ids": people,
            });
            audit::append(
                &**txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::DutyShiftRecord,
                    entity: "duty_shift",
                    entity_id: id.to_string(),
                    unit: Some(UnitId(t.commune_id)),
                    before: None,
                    after: Some(&after),
                },
            )
            .await?;
            Ok(id)
        })?;
        let mut shifts = self.shift_views(vec![id]).await?;
        shifts.pop().ok_or(StoreError::NotFound)
    }

    /// Deletes a shift entered by mistake, unless its month is approved. Audited.
    pub async fn delete_duty_shift(&self, actor: &Actor, id: Uuid) -> Result<(), StoreError> {
        let granted = actor.granted(Action::ManageDutyLog)?;
        let view = self
            .shift_views(vec![id])
            .await?
            .pop()
            .ok_or(StoreError::NotFound)?;
        write_txn!(self, granted, |txn, actor| {
            let s = duty_shift::Entity::find_by_id(id)
                .filter(actor.scope().condition(duty_shift::Column::CommuneId))
                .one(&**txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            if self
                .month_locked(&**txn, s.commune_id, Month::of(s.on_date))
                .await?
            {
                return Err(field("date", PayrollFault::Locked));
            }
            duty_presence::Entity::delete_many()
                .filter(duty_presence::Column::ShiftId.eq(id))
                .exec(&**txn)
                .await?;
            duty_shift::Entity::delete_by_id(id).exec(&**txn).await?;
            let before = serde_json::json!({
                "team": view.team_name, "date": view.date, "span": view.span,
                "kind": view.kind.as_str(), "people": view.people.len(),
                "person_ids": view.people.iter().map(|p| p.id).collect::<Vec<_>>(),
            });
            audit::append(
                &**txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::DutyShiftDelete,
                    entity: "duty_shift",
                    entity_id: id.to_string(),
                    unit: Some(UnitId(s.commune_id)),
                    before: Some(&before),
                    after: None,
                },
            )
            .await?;
            Ok(())
        })
    }

    /// The commune's shifts from `from` to `to` (at most 93 days), earliest first.
    pub async fn duty_shifts(
        &self,
        actor: &Actor,
        commune: UnitId,
        team: Option<TeamId>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ShiftView>, StoreError> {
        actor.require(Action::ViewForce)?;
        if to < from {
            return Err(FieldError::new("to", FieldErrorKind::DateOrder).into());
        }
        if (to - from).num_days() >= MAX_LOG_DAYS {
            return Err(field("to", PayrollFault::TooLong));
        }
        self.commune_in_scope(&self.db, actor, commune).await?;
        let mut q = duty_shift::Entity::find()
            .filter(duty_shift::Column::CommuneId.eq(commune.0))
            .filter(duty_shift::Column::OnDate.gte(from))
            .filter(duty_shift::Column::OnDate.lte(to));
        if let Some(t) = team {
            q = q.filter(duty_shift::Column::TeamId.eq(t.0));
        }
        let ids: Vec<Uuid> = q
            .order_by_asc(duty_shift::Column::OnDate)
            .order_by_asc(duty_shift::Column::StartMinute)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|s| s.id)
            .collect();
        self.shift_views(ids).await
    }

    /// Shifts by id, in the order given, with their people.
    pub(crate) async fn shift_views(&self, ids: Vec<Uuid>) -> Result<Vec<ShiftView>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut rows: Vec<duty_shift::Model> = Vec::new();
        let mut presence: Vec<duty_presence::Model> = Vec::new();
        for chunk in ids.chunks(crate::units::IN_CHUNK) {
            rows.extend(
                duty_shift::Entity::find()
                    .filter(duty_shift::Column::Id.is_in(chunk.iter().copied()))
                    .all(&self.db)
                    .await?,
            );
            presence.extend(
                duty_presence::Entity::find()
                    .filter(duty_presence::Column::ShiftId.is_in(chunk.iter().copied()))
                    .all(&self.db)
                    .await?,
            );
        }
        let mut person_ids: Vec<Uuid> = presence.iter().map(|p| p.person_id).collect();
        person_ids.sort();
        person_ids.dedup();
        let mut names: HashMap<Uuid, String> = HashMap::new();
        for chunk in person_ids.chunks(crate::units::IN_CHUNK) {
            names.extend(
                person::Entity::find()
                    .filter(person::Column::Id.is_in(chunk.iter().copied()))
                    .all(&self.db)
                    .await?
                    .into_iter()
                    .map(|p| (p.id, p.full_name)),
            );
        }
        let mut team_ids: Vec<Uuid> = rows.iter().map(|r| r.team_id).collect();
        team_ids.sort();
        team_ids.dedup();
        let teams: HashMap<Uuid, String> = team::Entity::find()
            .filter(team::Column::Id.is_in(team_ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
        let mut locked: HashMap<(Uuid, Month), bool> = HashMap::new();
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let Some(r) = rows.iter().find(|r| r.id == id) else {
                continue;
            };
            let kind: DutyKind = crate::force::stored("duty_shift.kind", &r.kind)?;
            let shift = Shift::new(
                r.on_date,
                u32::try_from(r.start_minute)
                    .map_err(|e| StoreError::corrupt("duty_shift.start", e))?,
                u32::try_from(r.end_minute)
                    .map_err(|e| StoreError::corrupt("duty_shift.end", e))?,
                kind,
                r.hazardous,
                false,
            )
            .map_err(|e| StoreError::corrupt("duty_shift", e.message_vi()))?;
            let key = (r.commune_id, Month::of(r.on_date));
            let is_locked = match locked.get(&key) {
                Some(l) => *l,
                None => {
                    let l = self.month_locked(&self.db, key.0, key.1).await?;
                    locked.insert(key, l);
                    l
                }
            };
            let mut people: Vec<PresentPerson> = presence
                .iter()
                .filter(|p| p.shift_id == id)
                .map(|p| PresentPerson {
                    id: PersonId(p.person_id),
                    full_name: names.get(&p.person_id).cloned().unwrap_or_default(),
                })
                .collect();
            people.sort_by_cached_key(|p| antt_domain::text::vi_sort_key(&p.full_name));
            out.push(ShiftView {
                id,
                team: TeamId(r.team_id),
                team_name: teams.get(&r.team_id).cloned().unwrap_or_default(),
                date: r.on_date,
                start: antt_domain::payroll::duty::time_vi(shift.start),
                end: antt_domain::payroll::duty::time_vi(shift.end),
                span: shift.span_vi(),
                minutes: shift.minutes(),
                night_minutes: shift.night_minutes(),
                kind,
                kind_label: kind.label_vi(),
                hazardous: r.hazardous,
                mobilised_by: r.mobilised_by.clone(),
                note: r.note.clone(),
                people,
                locked: is_locked,
            });
        }
        Ok(out)
    }
}

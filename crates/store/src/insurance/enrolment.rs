//! Tham gia BHXH, BHYT (use cases): what the commune keeps of a member's insurance — whether
//! the member registered for BHXH TN through the commune and from which month, the office's
//! BHXH code and BHYT card, the payment mode, the months of state support received before.

use antt_domain::access::Action;
use antt_domain::insurance::quarter::Enrolment;
use antt_domain::kernel::ids::PersonId;
use antt_domain::payroll::Month;
use antt_domain::unit::UnitId;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use crate::audit::{self, Change};
use crate::audit_action::AuditAction;
use crate::entities::{insurance_enrolment, person};
use crate::units::Outcome;
use crate::{Actor, Store, StoreError};

pub(crate) fn enrolment_of(r: &insurance_enrolment::Model) -> Result<Enrolment, StoreError> {
    Ok(Enrolment {
        bhxh_code: r.bhxh_code.clone(),
        bhxh_from: r
            .bhxh_from
            .as_deref()
            .map(|m| Month::parse("bhxh_from", m))
            .transpose()
            .map_err(|e| StoreError::corrupt("insurance_enrolment.bhxh_from", e.message_vi()))?,
        payment_mode: crate::force::stored("insurance_enrolment.payment_mode", &r.payment_mode)?,
        state_months_before: u32::try_from(r.state_months_before)
            .map_err(|e| StoreError::corrupt("insurance_enrolment.state_months_before", e))?,
        bhyt_card: r.bhyt_card.clone(),
    })
}

fn snapshot(e: Option<&Enrolment>) -> serde_json::Value {
    match e {
        None => serde_json::Value::Null,
        Some(e) => serde_json::json!({
            "bhxh_code": e.bhxh_code,
            "bhxh_from": e.bhxh_from.map(|m| m.to_string()),
            "payment_mode": e.payment_mode.as_str(),
            "state_months_before": e.state_months_before,
            "bhyt_card": e.bhyt_card,
        }),
    }
}

impl Store {
    /// A member's enrolment, if the commune has entered one.
    pub async fn insurance_enrolment(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<Option<Enrolment>, StoreError> {
        actor.require(Action::ViewInsurance)?;
        person::Entity::find_by_id(person.0)
            .filter(actor.scope().condition(person::Column::CommuneId))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        insurance_enrolment::Entity::find_by_id(person.0)
            .one(&self.db)
            .await?
            .as_ref()
            .map(enrolment_of)
            .transpose()
    }

    /// Enters or corrects a member's enrolment (INS-1). The codes are checked as the office
    /// writes them; the same values again change nothing and record nothing.
    pub async fn set_insurance_enrolment(
        &self,
        actor: &Actor,
        person: PersonId,
        enrolment: &Enrolment,
    ) -> Result<Outcome, StoreError> {
        let granted = actor.granted(Action::ManageInsurance)?;
        let clean = |s: &Option<String>| {
            s.as_deref()
                .map(|s| s.split_whitespace().collect::<String>().to_uppercase())
                .filter(|s| !s.is_empty())
        };
        let e = Enrolment {
            bhxh_code: clean(&enrolment.bhxh_code),
            bhyt_card: clean(&enrolment.bhyt_card),
            ..enrolment.clone()
        };
        e.validate()?;
        write_txn!(self, granted, |txn, actor| {
            let p = person::Entity::find_by_id(person.0)
                .filter(actor.scope().condition(person::Column::CommuneId))
                .one(&**txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            let old = insurance_enrolment::Entity::find_by_id(p.id)
                .one(&**txn)
                .await?;
            let before = old.as_ref().map(enrolment_of).transpose()?;
            if before.as_ref() == Some(&e) {
                return Ok(Outcome::Unchanged);
            }
            let row = insurance_enrolment::ActiveModel {
                person_id: Set(p.id),
                bhxh_code: Set(e.bhxh_code.clone()),
                bhxh_from: Set(e.bhxh_from.map(|m| m.to_string())),
                payment_mode: Set(e.payment_mode.as_str().to_string()),
                state_months_before: Set(i32::try_from(e.state_months_before).unwrap_or(0)),
                bhyt_card: Set(e.bhyt_card.clone()),
                updated_at: Set(self.clock.now()),
            };
            if old.is_some() {
                insurance_enrolment::Entity::update(row)
                    .exec(&**txn)
                    .await?;
            } else {
                insurance_enrolment::Entity::insert(row)
                    .exec_without_returning(&**txn)
                    .await?;
            }
            let mut after = snapshot(Some(&e));
            if let Some(o) = after.as_object_mut() {
                o.insert("name".into(), p.full_name.clone().into());
            }
            audit::append(
                &**txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::InsuranceEnrolment,
                    entity: "person",
                    entity_id: p.id.to_string(),
                    unit: Some(UnitId(p.commune_id)),
                    before: Some(&snapshot(before.as_ref())),
                    after: Some(&after),
                },
            )
            .await?;
            Ok(Outcome::Changed)
        })
    }

    /// The enrolments of some people, by person (those without one are absent).
    pub(crate) async fn enrolments_of(
        &self,
        people: &[uuid::Uuid],
    ) -> Result<std::collections::HashMap<uuid::Uuid, Enrolment>, StoreError> {
        let mut out = std::collections::HashMap::new();
        for chunk in people.chunks(crate::units::IN_CHUNK) {
            for r in insurance_enrolment::Entity::find()
                .filter(insurance_enrolment::Column::PersonId.is_in(chunk.iter().copied()))
                .all(&self.db)
                .await?
            {
                out.insert(r.person_id, enrolment_of(&r)?);
            }
        }
        Ok(out)
    }
}

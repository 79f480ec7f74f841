//! The holders of a commune's signing offices (chairman, head of the commune police), term by
//! term, so the papers print the name of whoever held the office on their date.

use antt_domain::access::Action;
use antt_domain::office::{self, Appointment, Office, Term};
use antt_domain::unit::UnitId;
use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::audit::{self, Change};
use crate::audit_action::AuditAction;
use crate::entities::unit_official;
use crate::units::Outcome;
use crate::{Actor, Store, StoreError, new_id};

fn term_of(r: unit_official::Model) -> Result<Term, StoreError> {
    Ok(Term {
        id: r.id,
        office: Office::parse(&r.office)
            .map_err(|_| StoreError::corrupt("unit_official.office", &r.office))?,
        full_name: r.full_name,
        from: r.valid_from,
        to: r.valid_to,
    })
}

impl Store {
    async fn terms<C: ConnectionTrait>(
        &self,
        db: &C,
        commune: UnitId,
    ) -> Result<Vec<Term>, StoreError> {
        unit_official::Entity::find()
            .filter(unit_official::Column::UnitId.eq(commune.0))
            .order_by_asc(unit_official::Column::Office)
            .order_by_asc(unit_official::Column::ValidFrom)
            .all(db)
            .await?
            .into_iter()
            .map(term_of)
            .collect()
    }

    /// Every term entered for the commune's offices, oldest first within each office.
    pub async fn officials(&self, actor: &Actor, commune: UnitId) -> Result<Vec<Term>, StoreError> {
        actor.require(Action::ViewForce)?;
        self.commune_in_scope(&self.db, actor, commune).await?;
        self.terms(&self.db, commune).await
    }

    /// The name of whoever held `office` in the commune on `on`, if entered.
    pub async fn official_on(
        &self,
        actor: &Actor,
        commune: UnitId,
        office: Office,
        on: NaiveDate,
    ) -> Result<Option<String>, StoreError> {
        let terms = self.officials(actor, commune).await?;
        Ok(office::holder_on(&terms, office, on).map(|t| t.full_name.clone()))
    }

    /// Enters that `full_name` holds `office` in the commune from `from`: the open term ends the
    /// day before. The same day again under another name corrects it; the holder again is a no-op
    /// and records nothing.
    pub async fn appoint_official(
        &self,
        actor: &Actor,
        commune: UnitId,
        office: Office,
        full_name: &str,
        from: NaiveDate,
    ) -> Result<Outcome, StoreError> {
        let granted = actor.granted(Action::ManageForce)?;
        write_txn!(self, granted, |txn, actor| {
            self.commune_in_scope(&**txn, actor, commune).await?;
            let terms = self.terms(&**txn, commune).await?;
            let plan = office::plan_appointment(&terms, office, full_name, from)?;
            let before: Vec<&Term> = terms.iter().filter(|t| t.office == office).collect();
            let before = serde_json::to_value(&before).unwrap_or_default();
            let entity_id = match &plan {
                Appointment::Unchanged => return Ok(Outcome::Unchanged),
                Appointment::Correct { id, full_name } => {
                    unit_official::Entity::update_many()
                        .col_expr(
                            unit_official::Column::FullName,
                            Expr::value(full_name.clone()),
                        )
                        .filter(unit_official::Column::Id.eq(*id))
                        .exec(&**txn)
                        .await?;
                    *id
                }
                Appointment::Start { full_name, close } => {
                    if let Some((id, to)) = close {
                        unit_official::Entity::update_many()
                            .col_expr(unit_official::Column::ValidTo, Expr::value(Some(*to)))
                            .filter(unit_official::Column::Id.eq(*id))
                            .exec(&**txn)
                            .await?;
                    }
                    let id = new_id();
                    unit_official::Entity::insert(unit_official::ActiveModel {
                        id: Set(id),
                        unit_id: Set(commune.0),
                        office: Set(office.as_str().to_string()),
                        full_name: Set(full_name.clone()),
                        valid_from: Set(from),
                        valid_to: Set(None),
                        created_at: Set(self.clock.now()),
                    })
                    .exec_without_returning(&**txn)
                    .await?;
                    id
                }
            };
            let after: Vec<Term> = self
                .terms(&**txn, commune)
                .await?
                .into_iter()
                .filter(|t| t.office == office)
                .collect();
            let after = serde_json::to_value(&after).unwrap_or_default();
            audit::append(
                &**txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::OfficialAppoint,
                    entity: "unit_official",
                    entity_id: entity_id.to_string(),
                    unit: Some(commune),
                    before: Some(&before),
                    after: Some(&after),
                },
            )
            .await?;
            Ok(Outcome::Changed)
        })
    }
}

//! What a commune sets for itself where its province's pack is silent: how long a health
//! certificate is valid, so the overview and *Việc cần làm* can say which ones have expired
//! (LAW-13: a member must be fit, by a certificate of a health facility). A figure of the pack
//! always wins over the commune's own.

use antt_domain::access::Action;
use antt_domain::error::{FieldError, FieldErrorKind};
use antt_domain::force::ForceFault;
use antt_domain::unit::UnitId;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};

use crate::audit::{self, Change};
use crate::audit_action::AuditAction;
use crate::entities::commune_setting;
use crate::units::Outcome;
use crate::{Actor, Store, StoreError};

/// The longest validity a commune may set, in months.
pub const MAX_VALID_MONTHS: u32 = 60;

impl Store {
    /// The commune's own validity of a health certificate, in months (`None`: not set).
    pub(crate) async fn commune_health_validity<C: ConnectionTrait>(
        &self,
        db: &C,
        commune: UnitId,
    ) -> Result<Option<u32>, StoreError> {
        Ok(commune_setting::Entity::find_by_id(commune.0)
            .one(db)
            .await?
            .and_then(|s| s.health_certificate_valid_months)
            .and_then(|m| u32::try_from(m).ok()))
    }

    /// Sets (or, with `None`, clears) how long a health certificate is valid in the commune,
    /// used only where the province's pack does not say. Audited; the same value again is a
    /// no-op.
    pub async fn set_health_certificate_validity(
        &self,
        actor: &Actor,
        commune: UnitId,
        months: Option<u32>,
    ) -> Result<Outcome, StoreError> {
        let granted = actor.granted(Action::ManageForce)?;
        if months.is_some_and(|m| m == 0 || m > MAX_VALID_MONTHS) {
            return Err(FieldError::new(
                "months",
                FieldErrorKind::from(ForceFault::ValidityOutOfRange),
            )
            .into());
        }
        write_txn!(self, granted, |txn, actor| {
            let c = self.commune_in_scope(&**txn, actor, commune).await?;
            let before = self.commune_health_validity(&**txn, commune).await?;
            if before == months {
                return Ok(Outcome::Unchanged);
            }
            let row = commune_setting::ActiveModel {
                unit_id: Set(c.id),
                health_certificate_valid_months: Set(months.and_then(|m| i32::try_from(m).ok())),
                updated_at: Set(self.clock.now()),
            };
            commune_setting::Entity::insert(row)
                .on_conflict(
                    sea_orm::sea_query::OnConflict::column(commune_setting::Column::UnitId)
                        .update_columns([
                            commune_setting::Column::HealthCertificateValidMonths,
                            commune_setting::Column::UpdatedAt,
                        ])
                        .to_owned(),
                )
                .exec_without_returning(&**txn)
                .await?;
            let b = serde_json::json!({ "health_certificate_valid_months": before });
            let a = serde_json::json!({ "health_certificate_valid_months": months });
            audit::append(
                &**txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::CommuneSetting,
                    entity: "commune_setting",
                    entity_id: c.id.to_string(),
                    unit: Some(commune),
                    before: Some(&b),
                    after: Some(&a),
                },
            )
            .await?;
            Ok(Outcome::Changed)
        })
    }
}

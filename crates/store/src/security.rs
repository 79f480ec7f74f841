//! Security events in the audit log: logins, failed logins, lockouts, logouts, revoked tokens,
//! and attempts refused because the actor does not hold the jurisdiction of what they tried to
//! change (another province's policy pack, the national calendar, a province outside their
//! scope). Each is one row of the same hash chain, with the client's address when known.
//!
//! A refused attempt writes nothing but this row, in a transaction of its own, after the refusal
//! was decided: the change itself never starts.

use std::net::IpAddr;

use antt_domain::unit::UnitId;

use crate::audit::{self, Change};
use crate::audit_action::AuditAction;
use crate::{Actor, Store, StoreError};

/// Where a request came from, as the web layer saw it (`None` from the command line).
pub type Address = Option<IpAddr>;

pub(crate) fn address_json(address: Address) -> serde_json::Value {
    match address {
        Some(a) => serde_json::Value::String(a.to_string()),
        None => serde_json::Value::Null,
    }
}

/// One security event to record.
pub(crate) struct Event {
    pub action: AuditAction,
    pub entity: &'static str,
    pub entity_id: String,
    pub unit: Option<UnitId>,
    pub detail: serde_json::Value,
}

impl Store {
    /// Appends a security event in its own transaction.
    pub(crate) async fn security_event(&self, actor: &Actor, e: Event) -> Result<(), StoreError> {
        self.retrying(|| async {
            let txn = self.begin_write().await?;
            audit::append(
                &*txn,
                actor,
                self.clock.now(),
                Change {
                    action: e.action,
                    entity: e.entity,
                    entity_id: e.entity_id.clone(),
                    unit: e.unit,
                    before: None,
                    after: Some(&e.detail),
                },
            )
            .await?;
            txn.commit().await
        })
        .await
    }

    /// Records that `actor` tried `attempted` on `target` without holding its jurisdiction, and
    /// returns the refusal to give them (`OutsideJurisdiction`).
    pub(crate) async fn refuse(
        &self,
        actor: &Actor,
        attempted: &'static str,
        target: &str,
        reason: &str,
    ) -> StoreError {
        self.record_refusal(actor, attempted, target, reason).await;
        StoreError::OutsideJurisdiction
    }

    /// A `security.refused` row: who tried what on which target, and why it was refused. A
    /// failure to record it is logged; the refusal stands either way.
    pub(crate) async fn record_refusal(
        &self,
        actor: &Actor,
        attempted: &'static str,
        target: &str,
        reason: &str,
    ) {
        let event = Event {
            action: AuditAction::SecurityRefused,
            entity: "security",
            entity_id: target.to_string(),
            unit: actor.scope().roots().first().copied(),
            detail: serde_json::json!({ "attempted": attempted, "target": target, "reason": reason }),
        };
        if let Err(e) = self.security_event(actor, event).await {
            tracing::error!(error = %e, attempted, target, "could not record a refused attempt");
        }
        tracing::warn!(actor = %actor.label(), attempted, target, reason, "refused");
    }
}

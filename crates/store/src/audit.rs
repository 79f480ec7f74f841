//! The audit log: who changed what, when, with the values before and after, written in the same
//! transaction as the change. Append-only (database triggers refuse UPDATE and DELETE) and
//! hash-chained: each row's hash covers its fields and the previous row's hash, so an edited or
//! removed row breaks the chain at that point. The chain is sealed and anchored outside the
//! database by [`crate::audit_seal`].

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::audit_action::AuditAction;
use crate::entities::audit_log;
use crate::{Actor, Store, StoreError, new_id};
use antt_domain::access::Action;
use antt_domain::unit::UnitId;

/// The hash the first row chains from.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One change to record.
pub(crate) struct Change<'a> {
    pub action: AuditAction,
    pub entity: &'static str,
    pub entity_id: String,
    pub unit: Option<UnitId>,
    pub before: Option<&'a serde_json::Value>,
    pub after: Option<&'a serde_json::Value>,
}

/// Appends one row, unless the change changed nothing (then returns `false` and writes nothing).
pub(crate) async fn append<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    at: DateTime<Utc>,
    change: Change<'_>,
) -> Result<bool, StoreError> {
    if change.before == change.after {
        return Ok(false);
    }
    let last = audit_log::Entity::find()
        .order_by_desc(audit_log::Column::Seq)
        .limit(1)
        .one(db)
        .await?;
    let (seq, prev_hash) = match last {
        Some(row) => (row.seq + 1, row.hash),
        None => (1, GENESIS.to_string()),
    };
    let mut row = audit_log::Model {
        seq,
        id: new_id(),
        at,
        actor_id: actor.user_id(),
        actor_label: actor.label(),
        action: change.action.as_str().to_string(),
        entity: change.entity.to_string(),
        entity_id: change.entity_id,
        unit_id: change.unit.map(|u| u.0),
        before_json: change.before.map(|v| v.to_string()),
        after_json: change.after.map(|v| v.to_string()),
        prev_hash,
        hash: String::new(),
    };
    row.hash = row_hash(&row);
    audit_log::Entity::insert(active(row))
        .exec_without_returning(db)
        .await?;
    Ok(true)
}

/// Appends many rows at once (an import): the chain is computed in memory from the current tail
/// and the rows are inserted in chunks, inside the caller's transaction.
pub(crate) async fn append_many<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    at: DateTime<Utc>,
    unit: Option<UnitId>,
    changes: &[(AuditAction, &'static str, String, serde_json::Value)],
) -> Result<(), StoreError> {
    let last = audit_log::Entity::find()
        .order_by_desc(audit_log::Column::Seq)
        .limit(1)
        .one(db)
        .await?;
    let (mut seq, mut prev_hash) = match last {
        Some(row) => (row.seq + 1, row.hash),
        None => (1, GENESIS.to_string()),
    };
    let mut batch = Vec::new();
    for (action, entity, entity_id, after) in changes {
        let mut row = audit_log::Model {
            seq,
            id: new_id(),
            at,
            actor_id: actor.user_id(),
            actor_label: actor.label(),
            action: action.as_str().to_string(),
            entity: (*entity).to_string(),
            entity_id: entity_id.clone(),
            unit_id: unit.map(|u| u.0),
            before_json: None,
            after_json: Some(after.to_string()),
            prev_hash: prev_hash.clone(),
            hash: String::new(),
        };
        row.hash = row_hash(&row);
        prev_hash = row.hash.clone();
        seq += 1;
        batch.push(active(row));
        if batch.len() == 400 {
            audit_log::Entity::insert_many(std::mem::take(&mut batch))
                .exec_without_returning(db)
                .await?;
        }
    }
    if !batch.is_empty() {
        audit_log::Entity::insert_many(batch)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

fn active(row: audit_log::Model) -> audit_log::ActiveModel {
    audit_log::ActiveModel {
        seq: Set(row.seq),
        id: Set(row.id),
        at: Set(row.at),
        actor_id: Set(row.actor_id),
        actor_label: Set(row.actor_label),
        action: Set(row.action),
        entity: Set(row.entity),
        entity_id: Set(row.entity_id),
        unit_id: Set(row.unit_id),
        before_json: Set(row.before_json),
        after_json: Set(row.after_json),
        prev_hash: Set(row.prev_hash),
        hash: Set(row.hash),
    }
}

/// SHA-256 over every field but the hash itself, each on its own line, in a fixed order.
pub fn row_hash(row: &audit_log::Model) -> String {
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "\u{0}".to_string());
    let fields = [
        row.seq.to_string(),
        row.id.to_string(),
        row.at.timestamp_micros().to_string(),
        row.actor_id.map(|u| u.to_string()).unwrap_or_default(),
        row.actor_label.clone(),
        row.action.clone(),
        row.entity.clone(),
        row.entity_id.clone(),
        row.unit_id.map(|u| u.to_string()).unwrap_or_default(),
        opt(&row.before_json),
        opt(&row.after_json),
        row.prev_hash.clone(),
    ];
    let mut h = Sha256::new();
    for f in &fields {
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    }
    hex::encode(h.finalize())
}

/// One audit row as a reader sees it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    /// The Vietnamese name of the action.
    pub label: String,
    /// The change as a sentence: who it was about, and its dates.
    pub summary: String,
    pub entity: String,
    pub entity_id: String,
    pub unit_id: Option<Uuid>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// The result of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ChainReport {
    Intact {
        rows: u64,
    },
    Broken {
        seq: i64,
        reason: String,
        rows_checked: u64,
    },
}

impl Store {
    /// The newest audit rows inside the actor's scope, newest first. Rows about no unit (user
    /// accounts of national administrators, say) are shown only to actors who see every unit.
    pub async fn audit_entries(
        &self,
        actor: &Actor,
        before_seq: Option<i64>,
        entity_id: Option<&str>,
        limit: u64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        actor.require(Action::ViewAudit)?;
        let mut q = audit_log::Entity::find()
            .order_by_desc(audit_log::Column::Seq)
            .limit(limit.clamp(1, 500));
        if !actor.scope().is_all() {
            q = q.filter(actor.scope().condition(audit_log::Column::UnitId));
        }
        if let Some(seq) = before_seq {
            q = q.filter(audit_log::Column::Seq.lt(seq));
        }
        if let Some(e) = entity_id {
            q = q.filter(audit_log::Column::EntityId.eq(e));
        }
        let rows = q.all(&self.db).await?;
        rows.into_iter()
            .map(|r| {
                let parse = |s: Option<String>| -> Result<Option<serde_json::Value>, StoreError> {
                    s.map(|s| {
                        serde_json::from_str(&s)
                            .map_err(|e| StoreError::corrupt("audit_log.json", e))
                    })
                    .transpose()
                };
                let before = parse(r.before_json)?;
                let after = parse(r.after_json)?;
                let known = AuditAction::parse(&r.action);
                Ok(AuditEntry {
                    seq: r.seq,
                    at: r.at,
                    actor: r.actor_label,
                    label: known.map_or_else(|| r.action.clone(), |a| a.label_vi().to_string()),
                    summary: crate::audit_sentence::describe(
                        known,
                        &r.action,
                        before.as_ref(),
                        after.as_ref(),
                    ),
                    action: r.action,
                    entity: r.entity,
                    entity_id: r.entity_id,
                    unit_id: r.unit_id,
                    before,
                    after,
                })
            })
            .collect()
    }

    /// The chain alone (links, hashes, seals): the first row that does not hold. See
    /// [`Store::verify_audit`] for the checkpoints and the triggers as well.
    pub async fn verify_audit_chain(&self) -> Result<ChainReport, StoreError> {
        Ok(match self.verify_audit(None).await? {
            crate::audit_seal::AuditReport::Intact { rows, .. }
            | crate::audit_seal::AuditReport::Unprotected { rows, .. } => {
                ChainReport::Intact { rows }
            }
            crate::audit_seal::AuditReport::Broken {
                seq,
                reason,
                rows_checked,
            } => ChainReport::Broken {
                seq,
                reason,
                rows_checked,
            },
        })
    }
}

//! What anchors the audit chain beyond its public SHA-256 links.
//!
//! - **Seals.** Every write transaction ends by sealing the newest row: the HMAC, with a key kept
//!   outside the database ([`AuditKey`]), of that row's sequence number and hash, in the
//!   append-only table `audit_seal`. Editing a row and recomputing every later hash breaks the
//!   seals; a row appended outside the product is left unsealed.
//! - **Checkpoints.** `antt audit checkpoint`, and the server at intervals, append the newest
//!   sequence number and hash, signed with the same key, to a file outside the database. Deleting
//!   the newest rows (and their seals) is caught by the first checkpoint past the new end.
//! - **Triggers.** The database refuses UPDATE and DELETE on both tables; verification says so
//!   when the triggers are gone, and opening the store puts them back.
//!
//! What this does not prove: the business tables (teams, people, …) are outside the chain, so a
//! direct edit there shows only as a difference from the log; and rows deleted after the last
//! checkpoint, together with their seals, cannot be told from rows never written.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Statement,
};
use serde::Serialize;

use crate::audit::{self, GENESIS};
use crate::audit_action::AuditAction;
use crate::entities::{audit_log, audit_seal};
use crate::migrations::append_only_triggers;
use crate::{Actor, AuditKey, Store, StoreError};

/// The tables whose rows may never change.
const APPEND_ONLY: [&str; 2] = ["audit_log", "audit_seal"];

/// One signed checkpoint, a line of the checkpoint file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    pub at: DateTime<Utc>,
    #[serde(skip)]
    mac: String,
}

impl Checkpoint {
    fn parts(&self) -> [String; 4] {
        [
            "checkpoint".to_string(),
            self.seq.to_string(),
            self.hash.clone(),
            self.at.to_rfc3339(),
        ]
    }

    fn line(&self) -> String {
        format!(
            "{}\t{}\t{}\t{}\n",
            self.seq,
            self.hash,
            self.at.to_rfc3339(),
            self.mac
        )
    }

    fn parse(line: &str) -> Option<Checkpoint> {
        let mut it = line.split('\t');
        let seq = it.next()?.parse().ok()?;
        let hash = it.next()?.to_string();
        let at = DateTime::parse_from_rfc3339(it.next()?).ok()?.to_utc();
        let mac = it.next()?.trim().to_string();
        Some(Checkpoint { seq, hash, at, mac })
    }

    fn valid(&self, key: &AuditKey) -> bool {
        let p = self.parts();
        key.verify(&[&p[0], &p[1], &p[2], &p[3]], &self.mac)
    }
}

fn seal_mac(key: &AuditKey, seq: i64, hash: &str) -> String {
    key.mac(&["seal", &seq.to_string(), hash])
}

async fn tail<C: ConnectionTrait>(db: &C) -> Result<Option<audit_log::Model>, StoreError> {
    Ok(audit_log::Entity::find()
        .order_by_desc(audit_log::Column::Seq)
        .limit(1)
        .one(db)
        .await?)
}

async fn last_seal<C: ConnectionTrait>(db: &C) -> Result<Option<audit_seal::Model>, StoreError> {
    Ok(audit_seal::Entity::find()
        .order_by_desc(audit_seal::Column::Seq)
        .limit(1)
        .one(db)
        .await?)
}

/// Seals the newest row if it is not sealed yet (called as a write transaction commits).
pub(crate) async fn seal_tail<C: ConnectionTrait>(
    db: &C,
    key: &AuditKey,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let Some(row) = tail(db).await? else {
        return Ok(());
    };
    if last_seal(db).await?.is_some_and(|s| s.seq >= row.seq) {
        return Ok(());
    }
    audit_seal::Entity::insert(audit_seal::ActiveModel {
        seq: Set(row.seq),
        mac: Set(seal_mac(key, row.seq, &row.hash)),
        hash: Set(row.hash),
        sealed_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// What `antt audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum AuditReport {
    /// Every row chains, every seal and checkpoint holds, the triggers are in place.
    Intact {
        rows: u64,
        sealed: bool,
        checkpoints: usize,
    },
    /// The first place where the log does not hold.
    Broken {
        seq: i64,
        reason: String,
        rows_checked: u64,
    },
    /// The chain holds but the database no longer refuses edits: someone removed the triggers.
    Unprotected {
        rows: u64,
        missing_triggers: Vec<String>,
    },
}

impl Store {
    /// The append-only triggers that are missing or disabled.
    pub(crate) async fn missing_audit_triggers(&self) -> Result<Vec<String>, StoreError> {
        let backend = self.db.get_database_backend();
        let mut missing = Vec::new();
        for table in APPEND_ONLY {
            for (name, _) in append_only_triggers(backend, table) {
                if name.ends_with("_append_only") {
                    continue; // PostgreSQL's function, not a trigger
                }
                let sql = match backend {
                    DbBackend::Postgres => {
                        "SELECT 1 AS x FROM pg_trigger WHERE tgname = $1 AND tgenabled <> 'D'"
                    }
                    _ => "SELECT 1 AS x FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                };
                let found = self
                    .db
                    .query_one_raw(Statement::from_sql_and_values(
                        backend,
                        sql,
                        [name.clone().into()],
                    ))
                    .await?;
                if found.is_none() {
                    missing.push(name);
                }
            }
        }
        Ok(missing)
    }

    /// Puts back the append-only triggers someone removed or disabled, and records that it did.
    pub(crate) async fn restore_audit_triggers(&self) -> Result<(), StoreError> {
        let missing = self.missing_audit_triggers().await?;
        if missing.is_empty() {
            return Ok(());
        }
        let backend = self.db.get_database_backend();
        tracing::error!(
            ?missing,
            "the audit log's append-only triggers were removed; restoring them"
        );
        for table in APPEND_ONLY {
            for (name, sql) in append_only_triggers(backend, table) {
                let is_function = name.ends_with("_append_only");
                if !is_function && !missing.contains(&name) {
                    continue;
                }
                if !is_function && backend == DbBackend::Postgres {
                    // A disabled trigger still exists: drop it first so it is created enabled.
                    self.db
                        .execute_unprepared(&format!("DROP TRIGGER IF EXISTS {name} ON {table}"))
                        .await?;
                }
                self.db.execute_unprepared(&sql).await?;
            }
        }
        let event = crate::security::Event {
            action: AuditAction::SecurityTriggersRestored,
            entity: "security",
            entity_id: "audit_log".to_string(),
            unit: None,
            detail: serde_json::json!({ "missing": missing }),
        };
        self.security_event(&Actor::job("startup"), event).await
    }

    /// Whether the log has been sealed (with whatever key).
    pub(crate) async fn audit_sealed_before(&self) -> Result<bool, StoreError> {
        Ok(last_seal(&self.db).await?.is_some())
    }

    /// On the first start with a key, seals the rows already there (they are trusted as of the
    /// upgrade). A log that has seals but an unsealed tail is left as it is for `verify` to name.
    pub(crate) async fn seal_existing_tail(&self) -> Result<(), StoreError> {
        let Some(key) = self.audit_key.clone() else {
            return Ok(());
        };
        if last_seal(&self.db).await?.is_some() {
            if let (Some(t), Some(s)) = (tail(&self.db).await?, last_seal(&self.db).await?)
                && t.seq > s.seq
            {
                tracing::error!(
                    tail = t.seq,
                    sealed = s.seq,
                    "audit rows after the last seal were not written by this product"
                );
            }
            return Ok(());
        }
        let txn = self.begin_write().await?;
        seal_tail(&*txn, &key, self.clock.now()).await?;
        txn.commit().await
    }

    /// Appends a signed checkpoint of the newest row to `path` (created if missing), unless the
    /// last checkpoint there is already at that row. Returns the newest checkpoint.
    pub async fn audit_checkpoint(&self, path: &Path) -> Result<Option<Checkpoint>, StoreError> {
        let key = self
            .audit_key
            .clone()
            .ok_or_else(|| StoreError::Config("chưa có khóa niêm phong nhật ký".to_string()))?;
        let Some(row) = tail(&self.db).await? else {
            return Ok(None);
        };
        let existing = read_checkpoints(path)?;
        if let Some(last) = existing
            .last()
            .filter(|c| c.seq == row.seq && c.hash == row.hash)
        {
            return Ok(Some(last.clone()));
        }
        let mut cp = Checkpoint {
            seq: row.seq,
            hash: row.hash,
            at: self.clock.now(),
            mac: String::new(),
        };
        let p = cp.parts();
        cp.mac = key.mac(&[&p[0], &p[1], &p[2], &p[3]]);
        let io = |e: std::io::Error| {
            StoreError::Config(format!("không ghi được tệp mốc {}: {e}", path.display()))
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(io)?;
        f.write_all(cp.line().as_bytes()).map_err(io)?;
        f.sync_all().map_err(io)?;
        Ok(Some(cp))
    }

    /// Checks the chain, its seals (with the key), the checkpoints in `checkpoints` (when given)
    /// and the append-only triggers; names the first place that does not hold.
    pub async fn verify_audit(
        &self,
        checkpoints: Option<&Path>,
    ) -> Result<AuditReport, StoreError> {
        let key = self.audit_key.clone();
        let seals: std::collections::HashMap<i64, audit_seal::Model> = audit_seal::Entity::find()
            .all(&self.db)
            .await?
            .into_iter()
            .map(|s| (s.seq, s))
            .collect();
        let cps = match checkpoints {
            Some(p) => read_checkpoints(p)?,
            None => Vec::new(),
        };
        let broken = |seq: i64, reason: String, rows_checked: u64| {
            Ok(AuditReport::Broken {
                seq,
                reason,
                rows_checked,
            })
        };
        if let Some(key) = &key {
            if let Some(cp) = cps.iter().find(|c| !c.valid(key)) {
                return broken(
                    cp.seq,
                    "tệp mốc kiểm tra bị sửa (chữ ký không khớp)".into(),
                    0,
                );
            }
            for s in seals.values() {
                if !key.verify(&["seal", &s.seq.to_string(), &s.hash], &s.mac) {
                    return broken(s.seq, "niêm phong giả (không khớp khóa)".into(), 0);
                }
            }
        }
        let walked = self.walk_chain(&seals, key.is_some(), &cps).await?;
        let rows = match walked {
            Ok(rows) => rows,
            Err((seq, reason, checked)) => return broken(seq, reason, checked),
        };
        let missing = self.missing_audit_triggers().await?;
        if !missing.is_empty() {
            return Ok(AuditReport::Unprotected {
                rows,
                missing_triggers: missing,
            });
        }
        Ok(AuditReport::Intact {
            rows,
            sealed: key.is_some(),
            checkpoints: cps.len(),
        })
    }

    /// Walks the rows in order: sequence, links, hashes, and (when sealed) each seal's hash; then
    /// the end of the log against the last seal and the checkpoints.
    async fn walk_chain(
        &self,
        seals: &std::collections::HashMap<i64, audit_seal::Model>,
        sealed: bool,
        cps: &[Checkpoint],
    ) -> Result<Result<u64, (i64, String, u64)>, StoreError> {
        let mut prev_hash = GENESIS.to_string();
        let mut expected = 1i64;
        let mut checked = 0u64;
        let mut cp_hash: std::collections::HashMap<i64, &str> =
            cps.iter().map(|c| (c.seq, c.hash.as_str())).collect();
        loop {
            let rows = audit_log::Entity::find()
                .filter(audit_log::Column::Seq.gte(expected))
                .order_by_asc(audit_log::Column::Seq)
                .limit(1000)
                .all(&self.db)
                .await?;
            if rows.is_empty() {
                break;
            }
            for row in rows {
                if row.seq != expected {
                    let reason = format!(
                        "thiếu bản ghi số {expected} (bản ghi kế tiếp là {})",
                        row.seq
                    );
                    return Ok(Err((expected, reason, checked)));
                }
                if row.prev_hash != prev_hash {
                    return Ok(Err((
                        row.seq,
                        "mã băm của bản ghi trước không khớp".into(),
                        checked,
                    )));
                }
                if audit::row_hash(&row) != row.hash {
                    let reason = "nội dung bản ghi đã bị sửa (mã băm không khớp)".to_string();
                    return Ok(Err((row.seq, reason, checked)));
                }
                let sealed_other = seals.get(&row.seq).is_some_and(|s| s.hash != row.hash);
                let checkpoint_other = cp_hash.remove(&row.seq).is_some_and(|h| h != row.hash);
                if sealed_other || checkpoint_other {
                    let reason =
                        "bản ghi đã bị viết lại (khác niêm phong hoặc mốc kiểm tra)".to_string();
                    return Ok(Err((row.seq, reason, checked)));
                }
                prev_hash = row.hash;
                expected += 1;
                checked += 1;
            }
        }
        let end = expected - 1;
        if let Some(seq) = cp_hash.keys().min() {
            let reason = format!(
                "nhật ký bị cắt: mốc kiểm tra ghi có bản ghi số {seq}, nhật ký chỉ đến số {end}"
            );
            return Ok(Err((*seq, reason, checked)));
        }
        let last_sealed = seals.keys().max().copied().unwrap_or(0);
        if last_sealed > end {
            let reason = format!(
                "nhật ký bị cắt: bản ghi số {last_sealed} đã được niêm phong nhưng không còn"
            );
            return Ok(Err((end + 1, reason, checked)));
        }
        if sealed && end > last_sealed {
            let reason = "bản ghi không có niêm phong: được thêm vào ngoài phần mềm".to_string();
            return Ok(Err((last_sealed + 1, reason, checked)));
        }
        Ok(Ok(checked))
    }
}

/// The checkpoints in a file; a missing file has none. A line that does not parse is tampering.
fn read_checkpoints(path: &Path) -> Result<Vec<Checkpoint>, StoreError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(StoreError::Config(format!(
                "không đọc được tệp mốc {}: {e}",
                path.display()
            )));
        }
    };
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            Checkpoint::parse(l).ok_or_else(|| {
                StoreError::Config(format!("tệp mốc {} hỏng ở dòng {}", path.display(), i + 1))
            })
        })
        .collect()
}

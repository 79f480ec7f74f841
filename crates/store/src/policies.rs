//! Policy packs: the ones shipped with the product (`policies/*.toml`, built into the binary) and
//! the versions administrators upload. An upload is validated before it is accepted, numbered,
//! kept (old versions are never overwritten) and audited.

use std::collections::HashMap;
use std::sync::Arc;

use antt_domain::access::Action;
use antt_domain::error::{FieldError, FieldErrorKind};
use antt_domain::policy::{
    Pack, PackError, PackKind, Policy, demo_for, parse_pack, province_pack_for,
};
use antt_domain::unit::UnitId;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::audit::{self, Change};
use crate::audit_action::AuditAction;
use crate::entities::{policy_pack_version, unit, unit_version};
use crate::units::Outcome;
use crate::{Actor, Store, StoreError, new_id};

/// File name and text of every shipped pack.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "national.toml",
        include_str!("../../../policies/national.toml"),
    ),
    (
        "kon-tum-nq-24-2024.toml",
        include_str!("../../../policies/kon-tum-nq-24-2024.toml"),
    ),
    (
        "demo-kon-tum.toml",
        include_str!("../../../policies/demo-kon-tum.toml"),
    ),
    (
        "binh-dinh-nq-03-2024.toml",
        include_str!("../../../policies/binh-dinh-nq-03-2024.toml"),
    ),
    (
        "gia-lai-2024.toml",
        include_str!("../../../policies/gia-lai-2024.toml"),
    ),
    (
        "dak-lak-2024.toml",
        include_str!("../../../policies/dak-lak-2024.toml"),
    ),
    (
        "khanh-hoa-2024.toml",
        include_str!("../../../policies/khanh-hoa-2024.toml"),
    ),
    (
        "tp-ho-chi-minh-nq-54-2025.toml",
        include_str!("../../../policies/tp-ho-chi-minh-nq-54-2025.toml"),
    ),
];

/// Every shipped pack, parsed. A shipped pack that does not parse is a build defect, reported
/// with its file name.
pub fn builtin_packs() -> Result<Vec<Pack>, (String, PackError)> {
    BUILTIN
        .iter()
        .map(|(name, text)| parse_pack(text).map_err(|e| (name.to_string(), e)))
        .collect()
}

/// The national pack as it was shipped before Nghị định 161/2026/NĐ-CP was entered (FIX-1): the
/// base salary of 2,340,000 đ with no end date. The demo replays the months approved under it.
pub(crate) fn national_before_fix_1() -> Result<Pack, StoreError> {
    let text = BUILTIN
        .iter()
        .find(|(name, _)| *name == "national.toml")
        .map(|(_, t)| *t)
        .ok_or(StoreError::NotFound)?;
    let bad = || StoreError::Config("national.toml: không dựng được gói trước FIX-1".into());
    let at = text.find("rule = \"FIX-1\"").ok_or_else(bad)?;
    let start = text[..at].rfind("[[param]]").ok_or_else(bad)?;
    let end = text[at..].find("[[param]]").map_or(text.len(), |i| at + i);
    let without = format!("{}{}", &text[..start], &text[end..]);
    let lcs = without.find("rule = \"LCS-2\"").ok_or_else(bad)?;
    let open_ended = format!(
        "{}{}",
        &without[..lcs],
        without[lcs..].replacen("effective_to = \"2026-06-30\"\n", "", 1)
    );
    let pack = parse_pack(&open_ended).map_err(|e| StoreError::Config(e.to_string()))?;
    let ok = !pack.params.iter().any(|p| p.rule == "FIX-1")
        && pack
            .params
            .iter()
            .any(|p| p.rule == "LCS-2" && p.effective_to.is_none());
    if ok { Ok(pack) } else { Err(bad()) }
}

/// Where a pack in use came from.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackInfo {
    pub id: String,
    /// 1 for a shipped pack; each upload adds one.
    pub version: i32,
    pub source: &'static str,
    pub uploaded_by: Option<String>,
    pub uploaded_at: Option<DateTime<Utc>>,
    pub sha256: String,
}

/// The packs in use: for each id, the newest uploaded version, else the shipped one.
#[derive(Debug, Clone)]
pub struct PackSet {
    pub packs: Vec<Pack>,
    pub info: Vec<PackInfo>,
}

/// Which packs apply to a unit on a date, and why.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Resolution {
    /// The provinces the unit has belonged to, newest first.
    pub provinces: Vec<String>,
    pub province_pack: Option<String>,
    pub demo_pack: Option<String>,
}

/// Why an upload was refused; nothing was written.
#[derive(Debug)]
pub enum UploadError {
    Pack(PackError),
    Store(StoreError),
}

impl From<StoreError> for UploadError {
    fn from(e: StoreError) -> Self {
        UploadError::Store(e)
    }
}

fn sha(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

impl PackSet {
    pub fn get(&self, id: &str) -> Option<&Pack> {
        self.packs.iter().find(|p| p.id == id)
    }

    pub fn national(&self) -> Option<&Pack> {
        self.packs.iter().find(|p| p.kind == PackKind::National)
    }

    /// The policy for a named pack: a province pack over the national one; a demo pack brings
    /// the pack it fills.
    pub fn policy_for_pack(&self, id: &str, date: NaiveDate) -> Option<Policy<'_>> {
        let national = self.national()?;
        let named = self.get(id)?;
        let (province, demo) = match named.kind {
            PackKind::National => (None, None),
            PackKind::Province => (Some(named), None),
            PackKind::Demo => {
                let filled = named.fills.as_deref().and_then(|f| self.get(f));
                (filled, filled.and_then(|p| demo_for(&self.packs, p)))
            }
        };
        Some(Policy {
            national,
            province,
            demo,
            date,
        })
    }
}

/// A policy resolved for a unit (or a named pack) on a date. It holds the parsed packs it reads,
/// so it outlives the call that resolved it; [`ResolvedPolicy::policy`] borrows from it.
#[derive(Debug, Clone)]
pub struct ResolvedPolicy {
    set: Arc<PackSet>,
    national: usize,
    province: Option<usize>,
    demo: Option<usize>,
    date: NaiveDate,
    resolution: Option<Resolution>,
}

impl ResolvedPolicy {
    fn new(
        set: Arc<PackSet>,
        parts: (Option<&str>, Option<&str>),
        date: NaiveDate,
        resolution: Option<Resolution>,
    ) -> Result<ResolvedPolicy, StoreError> {
        let at = |id: &str| set.packs.iter().position(|p| p.id == id);
        let national = set
            .packs
            .iter()
            .position(|p| p.kind == PackKind::National)
            .ok_or_else(|| StoreError::Config("thiếu gói quy định trung ương".into()))?;
        let province = parts.0.and_then(at);
        let demo = parts.1.and_then(at);
        Ok(ResolvedPolicy {
            national,
            province,
            demo,
            date,
            resolution,
            set,
        })
    }

    /// The policy itself: national, then province, then (demo installations) the demo pack.
    pub fn policy(&self) -> Policy<'_> {
        Policy {
            national: &self.set.packs[self.national],
            province: self.province.map(|i| &self.set.packs[i]),
            demo: self.demo.map(|i| &self.set.packs[i]),
            date: self.date,
        }
    }

    /// Which packs were chosen and why (for a unit; `None` for a pack named directly).
    pub fn resolution(&self) -> Option<&Resolution> {
        self.resolution.as_ref()
    }

    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The same packs on another date (the province history is the caller's concern).
    pub fn on(&self, date: NaiveDate) -> ResolvedPolicy {
        ResolvedPolicy {
            date,
            ..self.clone()
        }
    }
}

impl Store {
    /// The policy in force for `unit` on `on`: the national pack, the pack of the province the
    /// unit belonged to then (through the 1/7/2025 mergers), and the demo pack on a demo
    /// installation. The unit must be in the actor's scope.
    pub async fn policy(
        &self,
        actor: &Actor,
        unit: UnitId,
        on: NaiveDate,
    ) -> Result<ResolvedPolicy, StoreError> {
        let history = self.province_history(actor, unit, on).await?;
        let set = self.policy_packs().await?;
        let province = province_pack_for(&set.packs, &history, on).map(|p| p.id.clone());
        let demo = if self.demo_packs {
            province
                .as_deref()
                .and_then(|id| set.get(id))
                .and_then(|p| demo_for(&set.packs, p))
                .map(|p| p.id.clone())
        } else {
            None
        };
        let resolution = Resolution {
            provinces: history,
            province_pack: province.clone(),
            demo_pack: demo.clone(),
        };
        ResolvedPolicy::new(
            set,
            (province.as_deref(), demo.as_deref()),
            on,
            Some(resolution),
        )
    }

    /// The policy of a pack named directly (a province pack over the national one; a demo pack
    /// brings the pack it fills). `NotFound` for an unknown id.
    pub async fn policy_of_pack(
        &self,
        id: &str,
        on: NaiveDate,
    ) -> Result<ResolvedPolicy, StoreError> {
        let set = self.policy_packs().await?;
        let named = set.get(id).ok_or(StoreError::NotFound)?;
        let (province, demo) = match named.kind {
            PackKind::National => (None, None),
            PackKind::Province => (Some(named.id.clone()), None),
            PackKind::Demo => {
                let filled = named.fills.as_deref().and_then(|f| set.get(f));
                (
                    filled.map(|p| p.id.clone()),
                    filled
                        .and_then(|p| demo_for(&set.packs, p))
                        .map(|p| p.id.clone()),
                )
            }
        };
        ResolvedPolicy::new(
            set.clone(),
            (province.as_deref(), demo.as_deref()),
            on,
            None,
        )
    }

    /// The national policy on a date (rules of the law that no province changes).
    pub async fn national_policy(&self, on: NaiveDate) -> Result<ResolvedPolicy, StoreError> {
        ResolvedPolicy::new(self.policy_packs().await?, (None, None), on, None)
    }

    /// Whether the store lets demo packs fill the gaps of real ones (demo installations).
    pub fn demo_packs(&self) -> bool {
        self.demo_packs
    }

    /// The same store reading `packs` instead of the shipped and uploaded ones (the demo loader
    /// replays months approved under an earlier release's packs).
    pub(crate) fn with_pack_set(mut self, packs: Vec<Pack>) -> Store {
        let info = packs
            .iter()
            .map(|p| PackInfo {
                id: p.id.clone(),
                version: 1,
                source: "builtin",
                uploaded_by: None,
                uploaded_at: None,
                sha256: String::new(),
            })
            .collect();
        self.packs_override = Some(Arc::new(PackSet { packs, info }));
        self
    }

    /// Whether the store lets demo packs fill the gaps of real ones (demo installations).
    pub fn with_demo_packs(mut self, on: bool) -> Store {
        self.demo_packs = on;
        self
    }

    /// Whether the actor may change a pack of this jurisdiction.
    async fn holds_pack_jurisdiction(
        &self,
        actor: &Actor,
        pack: &Pack,
    ) -> Result<bool, StoreError> {
        if actor.scope().is_all() {
            return Ok(true);
        }
        Ok(match (&pack.kind, &pack.province) {
            (PackKind::Province, Some(code)) => match self.unit_by_code(actor, code).await {
                Ok(_) => true,
                Err(StoreError::NotFound) => false,
                Err(e) => return Err(e),
            },
            _ => false,
        })
    }

    /// The packs in use now, parsed once and kept until a version is uploaded (by any process:
    /// the number of uploaded versions, which only grows, is checked on every call).
    pub async fn policy_packs(&self) -> Result<Arc<PackSet>, StoreError> {
        if let Some(set) = &self.packs_override {
            return Ok(set.clone());
        }
        let stamp = policy_pack_version::Entity::find().count(&self.db).await?;
        let cached = self
            .packs_cache
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        if let Some((s, set)) = cached
            && s == stamp
        {
            return Ok(set);
        }
        let set = Arc::new(self.parse_policy_packs().await?);
        *self.packs_cache.write().unwrap_or_else(|p| p.into_inner()) = Some((stamp, set.clone()));
        Ok(set)
    }

    async fn parse_policy_packs(&self) -> Result<PackSet, StoreError> {
        let mut packs =
            builtin_packs().map_err(|(f, e)| StoreError::Config(format!("{f}: {e}")))?;
        let mut info: Vec<PackInfo> = BUILTIN
            .iter()
            .zip(&packs)
            .map(|((_, text), p)| PackInfo {
                id: p.id.clone(),
                version: 1,
                source: "builtin",
                uploaded_by: None,
                uploaded_at: None,
                sha256: sha(text),
            })
            .collect();
        let rows = policy_pack_version::Entity::find()
            .order_by_asc(policy_pack_version::Column::Version)
            .all(&self.db)
            .await?;
        let mut newest: HashMap<String, policy_pack_version::Model> = HashMap::new();
        for r in rows {
            newest.insert(r.pack_id.clone(), r);
        }
        for (id, row) in newest {
            let pack = parse_pack(&row.body)
                .map_err(|e| StoreError::corrupt("policy_pack_version.body", e))?;
            let i = PackInfo {
                id: id.clone(),
                version: row.version,
                source: "uploaded",
                uploaded_by: Some(row.uploaded_by),
                uploaded_at: Some(row.uploaded_at),
                sha256: row.sha256,
            };
            match packs.iter().position(|p| p.id == id) {
                Some(pos) => {
                    packs[pos] = pack;
                    info[pos] = i;
                }
                None => {
                    packs.push(pack);
                    info.push(i);
                }
            }
        }
        Ok(PackSet { packs, info })
    }

    /// The text of a pack in use (the newest upload, else the shipped file).
    pub async fn policy_pack_text(&self, id: &str) -> Result<String, StoreError> {
        let newest = policy_pack_version::Entity::find()
            .filter(policy_pack_version::Column::PackId.eq(id))
            .order_by_desc(policy_pack_version::Column::Version)
            .one(&self.db)
            .await?;
        if let Some(row) = newest {
            return Ok(row.body);
        }
        BUILTIN
            .iter()
            .find(|(_, text)| parse_pack(text).is_ok_and(|p| p.id == id))
            .map(|(_, t)| t.to_string())
            .ok_or(StoreError::NotFound)
    }

    /// Accepts a new pack or a new version of one, after checking it. The uploader must hold
    /// the jurisdiction of the pack *already there* under that id (else of the new one): a
    /// province's pack needs that province in the uploader's scope; national and demo packs need
    /// an administrator of every unit. A new version never changes a pack's kind, province or
    /// the pack a demo pack fills. A refused attempt is recorded as a security event.
    pub async fn upload_policy_pack(
        &self,
        actor: &Actor,
        text: &str,
    ) -> Result<(String, i32, Outcome), UploadError> {
        actor.require(Action::ManagePolicies)?;
        let pack = parse_pack(text).map_err(UploadError::Pack)?;
        let current = self.policy_packs().await?;
        let existing = current.get(&pack.id);
        let jurisdiction = existing.unwrap_or(&pack);
        if !self.holds_pack_jurisdiction(actor, jurisdiction).await? {
            let reason = match jurisdiction.province.as_deref() {
                Some(code) => format!("pack of province {code}"),
                None => format!(
                    "{:?} pack needs an all-units administrator",
                    jurisdiction.kind
                ),
            };
            return Err(self
                .refuse(actor, "policy_pack.upload", &pack.id, &reason)
                .await
                .into());
        }
        if let Some(old) = existing
            && (old.kind != pack.kind || old.province != pack.province || old.fills != pack.fills)
        {
            return Err(StoreError::from(FieldError::new(
                "pack",
                FieldErrorKind::from(antt_domain::policy::PolicyFault::PackJurisdictionChanged),
            ))
            .into());
        }
        let digest = sha(text);
        let previous = current.info.iter().find(|i| i.id == pack.id).cloned();
        if previous.as_ref().is_some_and(|p| p.sha256 == digest) {
            return Ok((
                pack.id,
                previous.map_or(1, |p| p.version),
                Outcome::Unchanged,
            ));
        }
        let version = previous.as_ref().map_or(1, |p| p.version + 1);
        let result = self
            .retrying(|| async {
                let txn = self.begin_write().await?;
                policy_pack_version::Entity::insert(policy_pack_version::ActiveModel {
                    id: Set(new_id()),
                    pack_id: Set(pack.id.clone()),
                    version: Set(version),
                    body: Set(text.to_string()),
                    sha256: Set(digest.clone()),
                    uploaded_by: Set(actor.label()),
                    uploaded_at: Set(self.clock.now()),
                })
                .exec_without_returning(&*txn)
                .await?;
                let before = previous.as_ref().map(|p| serde_json::json!({ "version": p.version, "sha256": p.sha256, "source": p.source }));
                let after = serde_json::json!({ "version": version, "sha256": digest, "title": pack.title, "parameters": pack.params.len() });
                let unit = match &pack.province {
                    Some(code) => unit::Entity::find().filter(unit::Column::Code.eq(code.as_str())).one(&*txn).await?.map(|u| UnitId(u.id)),
                    None => None,
                };
                audit::append(
                    &*txn,
                    actor,
                    self.clock.now(),
                    Change { action: AuditAction::PolicyPackUpload, entity: "policy_pack", entity_id: pack.id.clone(), unit, before: before.as_ref(), after: Some(&after) },
                )
                .await?;
                txn.commit().await
            })
            .await;
        result?;
        Ok((pack.id, version, Outcome::Changed))
    }

    /// The provinces a unit has belonged to up to `date`, newest first (for choosing its pack).
    pub async fn province_history(
        &self,
        actor: &Actor,
        id: UnitId,
        date: NaiveDate,
    ) -> Result<Vec<String>, StoreError> {
        if !actor.scope().contains(&self.db, id).await? {
            return Err(StoreError::NotFound);
        }
        let mut chain = vec![id.0];
        let mut starts: Vec<NaiveDate> = Vec::new();
        let mut i = 0;
        while i < chain.len() && i < 64 {
            let versions = unit_version::Entity::find()
                .filter(unit_version::Column::UnitId.eq(chain[i]))
                .all(&self.db)
                .await?;
            for v in versions {
                starts.push(v.valid_from);
                if let Some(p) = v.parent_id
                    && !chain.contains(&p)
                {
                    chain.push(p);
                }
            }
            i += 1;
        }
        starts.retain(|d| *d <= date);
        starts.push(date);
        starts.sort();
        starts.dedup();
        let mut history: Vec<String> = Vec::new();
        for t in starts.into_iter().rev() {
            if let Some(code) = self.province_on(id.0, t).await?
                && !history.contains(&code)
            {
                history.push(code);
            }
        }
        Ok(history)
    }

    async fn province_on(
        &self,
        unit_id: uuid::Uuid,
        t: NaiveDate,
    ) -> Result<Option<String>, StoreError> {
        let mut current = unit_id;
        for _ in 0..8 {
            let u = unit::Entity::find_by_id(current)
                .one(&self.db)
                .await?
                .ok_or(StoreError::NotFound)?;
            if u.level == "province" {
                return Ok(Some(u.code));
            }
            let v = unit_version::Entity::find()
                .filter(unit_version::Column::UnitId.eq(current))
                .filter(unit_version::Column::ValidFrom.lte(t))
                .filter(
                    Condition::any()
                        .add(unit_version::Column::ValidTo.is_null())
                        .add(unit_version::Column::ValidTo.gte(t)),
                )
                .one(&self.db)
                .await?;
            match v.and_then(|v| v.parent_id) {
                Some(p) => current = p,
                None => return Ok(None),
            }
        }
        Ok(None)
    }
}

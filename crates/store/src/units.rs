//! Administrative units: the tree as of a date, search, a unit's history, succession, village facts.

use std::collections::{BTreeMap, HashMap, HashSet};

use antt_domain::access::Action;
use antt_domain::date::Validity;
use antt_domain::error::{FieldError, FieldErrorKind};
use antt_domain::text;
use antt_domain::unit as dunit;
use antt_domain::unit::{
    Level, SuccessionKind, UnitCode, UnitId, UnitKind, VillageFacts, VillageFlags,
};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use uuid::Uuid;

use crate::audit::{self, Change};
use crate::audit_action::AuditAction;
use crate::entities::{
    succession_event, succession_link, unit, unit_reach, unit_version, village_facts,
};
use crate::{Actor, Store, StoreError, new_id};

/// A unit as named on a date.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitRef {
    pub id: UnitId,
    pub code: String,
    pub level: Level,
    pub name: String,
    pub kind: UnitKind,
}

/// A node of the tree as of a date.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TreeNode {
    #[serde(flatten)]
    pub unit: UnitRef,
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<TreeNode>,
}

/// One version of a unit, for display.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VersionView {
    pub name: String,
    pub kind: UnitKind,
    pub kind_label: &'static str,
    pub parent: Option<UnitRef>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub basis: Option<String>,
}

/// One effective-dated row of village facts.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FactsView {
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub households: Option<u32>,
    pub population: Option<u32>,
    pub area_centi_ha: Option<i64>,
    pub flags: VillageFlags,
    pub source: Option<String>,
}

/// A succession event with the units on each side.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuccessionView {
    pub id: Uuid,
    pub kind: SuccessionKind,
    pub kind_label: &'static str,
    pub effective_date: NaiveDate,
    pub basis: String,
    pub note: Option<String>,
    pub predecessors: Vec<UnitRef>,
    pub successors: Vec<UnitRef>,
}

/// Everything about one unit, seen on a date.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitDetail {
    pub id: UnitId,
    pub code: String,
    pub level: Level,
    pub as_of: NaiveDate,
    /// The version in force on `as_of`, if the unit existed then.
    pub current: Option<VersionView>,
    pub versions: Vec<VersionView>,
    /// Ancestors on `as_of`, from the top.
    pub path: Vec<UnitRef>,
    pub children: Vec<UnitRef>,
    pub facts: Vec<FactsView>,
    pub facts_as_of: Option<FactsView>,
    pub successions: Vec<SuccessionView>,
}

/// A search hit with its place in the tree on the date.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    #[serde(flatten)]
    pub unit: UnitRef,
    pub path: Vec<UnitRef>,
}

/// A new unit with its first version.
#[derive(Debug, Clone)]
pub struct NewUnit {
    pub code: String,
    pub level: Level,
    pub version: NewVersion,
}

/// A new version of a unit (a rename, a move, a change of kind).
#[derive(Debug, Clone)]
pub struct NewVersion {
    pub name: String,
    pub kind: UnitKind,
    pub parent: Option<UnitId>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub basis: Option<String>,
}

/// A succession event to record.
#[derive(Debug, Clone)]
pub struct NewSuccession {
    pub kind: SuccessionKind,
    pub effective_date: NaiveDate,
    pub basis: String,
    pub note: Option<String>,
    pub predecessors: Vec<UnitId>,
    pub successors: Vec<UnitId>,
}

/// Facts of a village from a date on.
#[derive(Debug, Clone)]
pub struct NewFacts {
    pub valid_from: NaiveDate,
    pub facts: VillageFacts,
    pub source: Option<String>,
}

/// Whether a write changed anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Changed,
    Unchanged,
}

/// How many ids go in one `IN (…)`: SQLite binds at most 32,766 values a statement.
pub(crate) const IN_CHUNK: usize = 10_000;

fn in_force_on(date: NaiveDate) -> Condition {
    Condition::all()
        .add(unit_version::Column::ValidFrom.lte(date))
        .add(
            Condition::any()
                .add(unit_version::Column::ValidTo.is_null())
                .add(unit_version::Column::ValidTo.gte(date)),
        )
}

fn parse_level(raw: &str) -> Result<Level, StoreError> {
    Level::parse(raw).map_err(|e| StoreError::corrupt("unit.level", e))
}

fn parse_kind(raw: &str) -> Result<UnitKind, StoreError> {
    UnitKind::parse(raw).map_err(|e| StoreError::corrupt("unit_version.kind", e))
}

fn facts_view(r: &village_facts::Model) -> Result<FactsView, StoreError> {
    let count = |v: Option<i32>, what| {
        v.map(|n| u32::try_from(n).map_err(|e| StoreError::corrupt(what, e)))
            .transpose()
    };
    Ok(FactsView {
        valid_from: r.valid_from,
        valid_to: r.valid_to,
        households: count(r.households, "village_facts.households")?,
        population: count(r.population, "village_facts.population")?,
        area_centi_ha: r.area_centi_ha,
        flags: VillageFlags {
            border: r.border,
            mountainous: r.mountainous,
            ethnic_minority: r.ethnic_minority,
            especially_difficult: r.especially_difficult,
            key_security: r.key_security,
        },
        source: r.source.clone(),
    })
}

/// Picks the version in force on `date`, else the latest that started before it, else the first.
fn version_on(versions: &[unit_version::Model], date: NaiveDate) -> Option<&unit_version::Model> {
    versions
        .iter()
        .find(|v| v.valid_from <= date && v.valid_to.is_none_or(|t| date <= t))
        .or_else(|| {
            versions
                .iter()
                .filter(|v| v.valid_from <= date)
                .max_by_key(|v| v.valid_from)
        })
        .or_else(|| versions.iter().min_by_key(|v| v.valid_from))
}

impl Store {
    pub(crate) async fn refs_public(
        &self,
        ids: &[Uuid],
        date: NaiveDate,
    ) -> Result<HashMap<Uuid, UnitRef>, StoreError> {
        self.refs(&self.db, ids, date).await
    }

    /// Names of the given units as of a date (their version then, or the nearest one).
    pub(crate) async fn refs<C: ConnectionTrait>(
        &self,
        db: &C,
        ids: &[Uuid],
        date: NaiveDate,
    ) -> Result<HashMap<Uuid, UnitRef>, StoreError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        // In chunks: SQLite binds at most 32,766 values a statement.
        let mut units = Vec::new();
        let mut versions = Vec::new();
        for chunk in ids.chunks(IN_CHUNK) {
            units.extend(
                unit::Entity::find()
                    .filter(unit::Column::Id.is_in(chunk.iter().copied()))
                    .all(db)
                    .await?,
            );
            versions.extend(
                unit_version::Entity::find()
                    .filter(unit_version::Column::UnitId.is_in(chunk.iter().copied()))
                    .all(db)
                    .await?,
            );
        }
        let mut by_unit: HashMap<Uuid, Vec<unit_version::Model>> = HashMap::new();
        for v in versions {
            by_unit.entry(v.unit_id).or_default().push(v);
        }
        let mut out = HashMap::new();
        for u in units {
            let Some(v) = by_unit.get(&u.id).and_then(|vs| version_on(vs, date)) else {
                continue;
            };
            out.insert(
                u.id,
                UnitRef {
                    id: UnitId(u.id),
                    code: u.code.clone(),
                    level: parse_level(&u.level)?,
                    name: v.name.clone(),
                    kind: parse_kind(&v.kind)?,
                },
            );
        }
        Ok(out)
    }

    /// Versions in force on `date` inside the actor's scope (and under `root`, when given: the
    /// units that roll up into it).
    async fn versions_on(
        &self,
        actor: &Actor,
        date: NaiveDate,
        root: Option<UnitId>,
    ) -> Result<Vec<(unit::Model, unit_version::Model)>, StoreError> {
        let mut q = unit_version::Entity::find()
            .filter(in_force_on(date))
            .filter(actor.scope().condition(unit_version::Column::UnitId));
        if let Some(r) = root {
            let under = sea_orm::sea_query::Query::select()
                .column(unit_reach::Column::DescendantId)
                .from(unit_reach::Entity)
                .and_where(Expr::col(unit_reach::Column::AncestorId).eq(r.0))
                .to_owned();
            q = q.filter(Expr::col(unit_version::Column::UnitId).in_subquery(under));
        }
        let rows = q.all(&self.db).await?;
        let ids: Vec<Uuid> = rows.iter().map(|v| v.unit_id).collect();
        let mut units: HashMap<Uuid, unit::Model> = HashMap::new();
        for chunk in ids.chunks(IN_CHUNK) {
            units.extend(
                unit::Entity::find()
                    .filter(unit::Column::Id.is_in(chunk.iter().copied()))
                    .all(&self.db)
                    .await?
                    .into_iter()
                    .map(|u| (u.id, u)),
            );
        }
        rows.into_iter()
            .map(|v| {
                let u = units
                    .get(&v.unit_id)
                    .cloned()
                    .ok_or_else(|| StoreError::corrupt("unit_version.unit_id", v.unit_id))?;
                Ok((u, v))
            })
            .collect()
    }

    /// The units directly under `parent` on `date`, inside the actor's scope, by code.
    pub(crate) async fn children_on(
        &self,
        actor: &Actor,
        parent: UnitId,
        date: NaiveDate,
    ) -> Result<Vec<UnitRef>, StoreError> {
        let ids: Vec<Uuid> = unit_version::Entity::find()
            .filter(unit_version::Column::ParentId.eq(parent.0))
            .filter(in_force_on(date))
            .filter(actor.scope().condition(unit_version::Column::UnitId))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|v| v.unit_id)
            .collect();
        let mut children: Vec<UnitRef> =
            self.refs_public(&ids, date).await?.into_values().collect();
        children.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(children)
    }

    /// The hierarchy as it stood on `date`, as far as the actor may see it. Units whose parent is
    /// outside the scope (or absent on that date) are roots.
    pub async fn unit_tree(
        &self,
        actor: &Actor,
        date: NaiveDate,
    ) -> Result<Vec<TreeNode>, StoreError> {
        self.unit_subtree(actor, date, None).await
    }

    /// The same under one unit (a province's communes and villages on the date), the unit
    /// itself the root. `NotFound` for a unit outside the scope.
    pub async fn unit_subtree(
        &self,
        actor: &Actor,
        date: NaiveDate,
        root: Option<UnitId>,
    ) -> Result<Vec<TreeNode>, StoreError> {
        actor.require(Action::ViewUnits)?;
        if let Some(r) = root
            && !actor.scope().contains(&self.db, r).await?
        {
            return Err(StoreError::NotFound);
        }
        let rows = self.versions_on(actor, date, root).await?;
        let mut children: BTreeMap<Option<Uuid>, Vec<(UnitRef, Uuid)>> = BTreeMap::new();
        let present: std::collections::HashSet<Uuid> = rows.iter().map(|(u, _)| u.id).collect();
        for (u, v) in &rows {
            let parent = v.parent_id.filter(|p| present.contains(p));
            let r = UnitRef {
                id: UnitId(u.id),
                code: u.code.clone(),
                level: parse_level(&u.level)?,
                name: v.name.clone(),
                kind: parse_kind(&v.kind)?,
            };
            children.entry(parent).or_default().push((r, u.id));
        }
        fn build(
            key: Option<Uuid>,
            children: &mut BTreeMap<Option<Uuid>, Vec<(UnitRef, Uuid)>>,
        ) -> Vec<TreeNode> {
            let mut list = children.remove(&key).unwrap_or_default();
            list.sort_by(|a, b| a.0.code.cmp(&b.0.code));
            list.into_iter()
                .map(|(unit, id)| TreeNode {
                    children: build(Some(id), children),
                    unit,
                })
                .collect()
        }
        Ok(build(None, &mut children))
    }

    /// Accent-insensitive search by name or code among units in force on `date`.
    pub async fn search_units(
        &self,
        actor: &Actor,
        date: NaiveDate,
        query: &str,
        level: Option<Level>,
        limit: u64,
    ) -> Result<Vec<SearchHit>, StoreError> {
        actor.require(Action::ViewUnits)?;
        let folded = text::search_query(query)?;
        let mut q = unit_version::Entity::find()
            .filter(in_force_on(date))
            .filter(actor.scope().condition(unit_version::Column::UnitId));
        if !folded.is_empty() {
            let pattern = LikeExpr::new(text::like_pattern("%", &folded, "%")).escape('\\');
            let by_code = unit_version::Column::UnitId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(unit::Column::Id)
                    .from(unit::Entity)
                    .and_where(
                        Expr::col(unit::Column::Code)
                            .like(LikeExpr::new(text::like_pattern("", &folded, "%")).escape('\\')),
                    )
                    .to_owned(),
            );
            q = q.filter(
                Condition::any()
                    .add(unit_version::Column::NameFolded.like(pattern))
                    .add(by_code),
            );
        }
        if let Some(level) = level {
            q = q.filter(
                unit_version::Column::UnitId.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(unit::Column::Id)
                        .from(unit::Entity)
                        .and_where(Expr::col(unit::Column::Level).eq(level.as_str()))
                        .to_owned(),
                ),
            );
        }
        let rows = q
            .order_by_asc(unit_version::Column::NameFolded)
            .limit(limit.clamp(1, 200))
            .all(&self.db)
            .await?;
        let mut hits = Vec::with_capacity(rows.len());
        for v in rows {
            let refs = self.refs(&self.db, &[v.unit_id], date).await?;
            let Some(r) = refs.get(&v.unit_id).cloned() else {
                continue;
            };
            let path = self.path(&self.db, actor, UnitId(v.unit_id), date).await?;
            hits.push(SearchHit { unit: r, path });
        }
        Ok(hits)
    }

    /// Ancestors of a unit on a date, from the top, as far as the actor may see them.
    async fn path<C: ConnectionTrait>(
        &self,
        db: &C,
        actor: &Actor,
        id: UnitId,
        date: NaiveDate,
    ) -> Result<Vec<UnitRef>, StoreError> {
        let mut path = Vec::new();
        let mut current = id.0;
        for _ in 0..8 {
            let Some(v) = unit_version::Entity::find()
                .filter(unit_version::Column::UnitId.eq(current))
                .filter(in_force_on(date))
                .one(db)
                .await?
            else {
                break;
            };
            let Some(parent) = v.parent_id else { break };
            if !actor.scope().contains(db, UnitId(parent)).await? {
                break;
            }
            if let Some(r) = self.refs(db, &[parent], date).await?.remove(&parent) {
                path.push(r);
            }
            current = parent;
        }
        path.reverse();
        Ok(path)
    }

    /// The province a unit in the actor's scope belonged to on a date. Its name is public
    /// reference data (the letterhead of a commune's papers names it), so it is returned even
    /// when the province itself is outside the scope, unlike [`Store::unit_detail`]'s path.
    pub async fn province_of(
        &self,
        actor: &Actor,
        id: UnitId,
        date: NaiveDate,
    ) -> Result<Option<UnitRef>, StoreError> {
        actor.require(Action::ViewUnits)?;
        if !actor.scope().contains(&self.db, id).await? {
            return Err(StoreError::NotFound);
        }
        let mut current = id.0;
        for _ in 0..8 {
            let r = self
                .refs(&self.db, &[current], date)
                .await?
                .remove(&current);
            if let Some(r) = r.filter(|r| r.level == Level::Province) {
                return Ok(Some(r));
            }
            let Some(v) = unit_version::Entity::find()
                .filter(unit_version::Column::UnitId.eq(current))
                .filter(in_force_on(date))
                .one(&self.db)
                .await?
            else {
                return Ok(None);
            };
            let Some(parent) = v.parent_id else {
                return Ok(None);
            };
            current = parent;
        }
        Ok(None)
    }

    /// Looks a unit up by its official code, inside the actor's scope.
    pub async fn unit_by_code(&self, actor: &Actor, code: &str) -> Result<UnitId, StoreError> {
        actor.require(Action::ViewUnits)?;
        let u = unit::Entity::find()
            .filter(unit::Column::Code.eq(code.trim()))
            .filter(actor.scope().condition(unit::Column::Id))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(UnitId(u.id))
    }

    /// Everything about one unit, seen on `date`.
    pub async fn unit_detail(
        &self,
        actor: &Actor,
        id: UnitId,
        date: NaiveDate,
    ) -> Result<UnitDetail, StoreError> {
        self.unit_detail_in(&self.db, actor, id, date).await
    }

    /// The same, read through `db` (a write transaction returns what it wrote).
    pub(crate) async fn unit_detail_in<C: ConnectionTrait>(
        &self,
        db: &C,
        actor: &Actor,
        id: UnitId,
        date: NaiveDate,
    ) -> Result<UnitDetail, StoreError> {
        actor.require(Action::ViewUnits)?;
        let u = unit::Entity::find_by_id(id.0)
            .filter(actor.scope().condition(unit::Column::Id))
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut versions = unit_version::Entity::find()
            .filter(unit_version::Column::UnitId.eq(u.id))
            .order_by_asc(unit_version::Column::ValidFrom)
            .all(db)
            .await?;
        versions.sort_by_key(|v| v.valid_from);
        let mut parent_refs = HashMap::new();
        for v in &versions {
            if let Some(p) = v.parent_id
                && actor.scope().contains(db, UnitId(p)).await?
                && let Some(r) = self.refs(db, &[p], v.valid_from).await?.remove(&p)
            {
                parent_refs.insert((p, v.valid_from), r);
            }
        }
        let version_views: Vec<VersionView> = versions
            .iter()
            .map(|v| {
                let kind = parse_kind(&v.kind)?;
                Ok(VersionView {
                    name: v.name.clone(),
                    kind,
                    kind_label: kind.label_vi(),
                    parent: v
                        .parent_id
                        .and_then(|p| parent_refs.get(&(p, v.valid_from)).cloned()),
                    valid_from: v.valid_from,
                    valid_to: v.valid_to,
                    basis: v.basis.clone(),
                })
            })
            .collect::<Result<_, StoreError>>()?;
        let current = version_views
            .iter()
            .find(|v| v.valid_from <= date && v.valid_to.is_none_or(|t| date <= t))
            .cloned();
        let child_rows = unit_version::Entity::find()
            .filter(unit_version::Column::ParentId.eq(u.id))
            .filter(in_force_on(date))
            .filter(actor.scope().condition(unit_version::Column::UnitId))
            .all(db)
            .await?;
        let child_ids: Vec<Uuid> = child_rows.iter().map(|v| v.unit_id).collect();
        let mut children: Vec<UnitRef> = self
            .refs(db, &child_ids, date)
            .await?
            .into_values()
            .collect();
        children.sort_by(|a, b| a.code.cmp(&b.code));
        let facts = village_facts::Entity::find()
            .filter(village_facts::Column::UnitId.eq(u.id))
            .order_by_asc(village_facts::Column::ValidFrom)
            .all(db)
            .await?
            .iter()
            .map(facts_view)
            .collect::<Result<Vec<_>, _>>()?;
        let facts_as_of = facts
            .iter()
            .find(|f| f.valid_from <= date && f.valid_to.is_none_or(|t| date <= t))
            .cloned();
        let successions = self.successions_of(db, actor, id).await?;
        Ok(UnitDetail {
            id,
            code: u.code,
            level: parse_level(&u.level)?,
            as_of: date,
            current,
            versions: version_views,
            path: self.path(db, actor, id, date).await?,
            children,
            facts,
            facts_as_of,
            successions,
        })
    }

    /// What the quota rules read of villages on a date: the kind in force (a *tổ dân phố* is
    /// urban) and the facts in force, in the order asked. Three queries for any number of
    /// villages, where [`Store::unit_detail`] runs a dozen for each.
    pub async fn villages_on(
        &self,
        actor: &Actor,
        ids: &[UnitId],
        date: NaiveDate,
    ) -> Result<Vec<(Option<UnitKind>, Option<FactsView>)>, StoreError> {
        actor.require(Action::ViewUnits)?;
        let raw: Vec<Uuid> = ids.iter().map(|i| i.0).collect();
        let visible = unit::Entity::find()
            .filter(unit::Column::Id.is_in(raw.clone()))
            .filter(actor.scope().condition(unit::Column::Id))
            .all(&self.db)
            .await?;
        if ids.iter().any(|i| !visible.iter().any(|u| u.id == i.0)) {
            return Err(StoreError::NotFound);
        }
        let versions = unit_version::Entity::find()
            .filter(unit_version::Column::UnitId.is_in(raw.clone()))
            .filter(in_force_on(date))
            .all(&self.db)
            .await?;
        let facts = village_facts::Entity::find()
            .filter(village_facts::Column::UnitId.is_in(raw))
            .filter(village_facts::Column::ValidFrom.lte(date))
            .filter(
                Condition::any()
                    .add(village_facts::Column::ValidTo.is_null())
                    .add(village_facts::Column::ValidTo.gte(date)),
            )
            .all(&self.db)
            .await?;
        ids.iter()
            .map(|id| {
                let kind = versions
                    .iter()
                    .find(|v| v.unit_id == id.0)
                    .map(|v| parse_kind(&v.kind))
                    .transpose()?;
                let f = facts
                    .iter()
                    .find(|f| f.unit_id == id.0)
                    .map(facts_view)
                    .transpose()?;
                Ok((kind, f))
            })
            .collect()
    }

    /// Succession events in which the unit is a predecessor or a successor.
    /// Which of `ids` were predecessors or successors in any recorded succession (one read).
    pub(crate) async fn units_with_successions(
        &self,
        ids: &[UnitId],
    ) -> Result<HashSet<Uuid>, StoreError> {
        let mut out = HashSet::new();
        for chunk in ids.chunks(IN_CHUNK) {
            let raw: Vec<Uuid> = chunk.iter().map(|i| i.0).collect();
            for l in succession_link::Entity::find()
                .filter(
                    Condition::any()
                        .add(succession_link::Column::PredecessorId.is_in(raw.clone()))
                        .add(succession_link::Column::SuccessorId.is_in(raw)),
                )
                .all(&self.db)
                .await?
            {
                out.insert(l.predecessor_id);
                out.insert(l.successor_id);
            }
        }
        Ok(out)
    }

    pub(crate) async fn successions_of<C: ConnectionTrait>(
        &self,
        db: &C,
        actor: &Actor,
        id: UnitId,
    ) -> Result<Vec<SuccessionView>, StoreError> {
        let links = succession_link::Entity::find()
            .filter(
                Condition::any()
                    .add(succession_link::Column::PredecessorId.eq(id.0))
                    .add(succession_link::Column::SuccessorId.eq(id.0)),
            )
            .all(db)
            .await?;
        let mut event_ids: Vec<Uuid> = links.iter().map(|l| l.event_id).collect();
        event_ids.sort();
        event_ids.dedup();
        let events = succession_event::Entity::find()
            .filter(succession_event::Column::Id.is_in(event_ids.clone()))
            .order_by_asc(succession_event::Column::EffectiveDate)
            .all(db)
            .await?;
        let all_links = succession_link::Entity::find()
            .filter(succession_link::Column::EventId.is_in(event_ids))
            .all(db)
            .await?;
        let mut out = Vec::new();
        for e in events {
            let kind = SuccessionKind::parse(&e.kind)
                .map_err(|err| StoreError::corrupt("succession_event.kind", err))?;
            let before_day = e.effective_date.pred_opt().unwrap_or(e.effective_date);
            let mut preds = Vec::new();
            let mut succs = Vec::new();
            for l in all_links.iter().filter(|l| l.event_id == e.id) {
                if !preds.contains(&l.predecessor_id) {
                    preds.push(l.predecessor_id);
                }
                if !succs.contains(&l.successor_id) {
                    succs.push(l.successor_id);
                }
            }
            let visible = |ids: Vec<Uuid>| async move {
                let mut keep = Vec::new();
                for i in ids {
                    if actor.scope().contains(db, UnitId(i)).await? {
                        keep.push(i);
                    }
                }
                Ok::<_, StoreError>(keep)
            };
            let preds = visible(preds).await?;
            let succs = visible(succs).await?;
            let pred_refs = self.refs(db, &preds, before_day).await?;
            let succ_refs = self.refs(db, &succs, e.effective_date).await?;
            out.push(SuccessionView {
                id: e.id,
                kind,
                kind_label: kind.label_vi(),
                effective_date: e.effective_date,
                basis: e.basis,
                note: e.note,
                predecessors: preds
                    .iter()
                    .filter_map(|p| pred_refs.get(p).cloned())
                    .collect(),
                successors: succs
                    .iter()
                    .filter_map(|s| succ_refs.get(s).cloned())
                    .collect(),
            });
        }
        Ok(out)
    }

    /// The units that took over from `id`, transitively, as named today.
    pub async fn successors(&self, actor: &Actor, id: UnitId) -> Result<Vec<UnitRef>, StoreError> {
        actor.require(Action::ViewUnits)?;
        if !actor.scope().contains(&self.db, id).await? {
            return Err(StoreError::NotFound);
        }
        let links = succession_link::Entity::find().all(&self.db).await?;
        let mut found: Vec<Uuid> = Vec::new();
        let mut stack = vec![id.0];
        while let Some(u) = stack.pop() {
            for l in links
                .iter()
                .filter(|l| l.predecessor_id == u && l.successor_id != u)
            {
                if !found.contains(&l.successor_id) && l.successor_id != id.0 {
                    found.push(l.successor_id);
                    stack.push(l.successor_id);
                }
            }
        }
        let today = self.clock.today_vn();
        let refs = self.refs(&self.db, &found, today).await?;
        Ok(found.iter().filter_map(|f| refs.get(f).cloned()).collect())
    }

    /// The units whose data roll up into `id` today: itself, every unit that sat under it at
    /// any time, and its predecessors with their subtrees.
    pub async fn rollup(&self, actor: &Actor, id: UnitId) -> Result<Vec<UnitRef>, StoreError> {
        actor.require(Action::ViewUnits)?;
        if !actor.scope().contains(&self.db, id).await? {
            return Err(StoreError::NotFound);
        }
        let ids: Vec<Uuid> = unit_reach::Entity::find()
            .filter(unit_reach::Column::AncestorId.eq(id.0))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| r.descendant_id)
            .collect();
        let today = self.clock.today_vn();
        let refs = self.refs(&self.db, &ids, today).await?;
        let mut out: Vec<UnitRef> = refs.into_values().collect();
        out.sort_by(|a, b| a.level.cmp(&b.level).then(a.code.cmp(&b.code)));
        Ok(out)
    }

    // ---- writes -------------------------------------------------------------------------------

    /// Refuses, and records the attempt, when a version without a parent (a province, or a unit
    /// cut loose) comes from an actor who does not administer every unit.
    async fn check_parentless(
        &self,
        actor: &Actor,
        v: &NewVersion,
        target: &str,
    ) -> Result<(), StoreError> {
        if v.parent.is_none() && !actor.scope().is_all() {
            return Err(self
                .refuse(actor, "unit.version", target, "a unit with no parent")
                .await);
        }
        Ok(())
    }

    /// Creates a unit with its first version, and returns it as written, read inside the same
    /// transaction (so nothing is answered after the commit that could fail).
    pub async fn create_unit(
        &self,
        actor: &Actor,
        new: &NewUnit,
    ) -> Result<UnitDetail, StoreError> {
        let granted = actor.granted(Action::ManageUnits)?;
        let code = UnitCode::parse(new.level, &new.code)?;
        self.check_parentless(actor, &new.version, code.as_str())
            .await?;
        let today = self.clock.today_vn();
        write_txn!(self, granted, |txn, actor| {
            if unit::Entity::find()
                .filter(unit::Column::Code.eq(code.as_str()))
                .one(&**txn)
                .await?
                .is_some()
            {
                return Err(FieldError::new("code", FieldErrorKind::Duplicate).into());
            }
            let id = UnitId(new_id());
            unit::Entity::insert(unit::ActiveModel {
                id: Set(id.0),
                code: Set(code.as_str().to_string()),
                level: Set(new.level.as_str().to_string()),
                created_at: Set(self.clock.now()),
            })
            .exec_without_returning(&**txn)
            .await?;
            self.insert_version(txn, actor, id, new.level, &new.version, false)
                .await?;
            let detail = self.unit_detail_in(&**txn, actor, id, today).await?;
            Ok(detail)
        })
    }

    /// Adds a version to a unit. With `close_open`, the version still open on the new start date
    /// is closed the day before (a rename or a move from that date).
    pub async fn add_unit_version(
        &self,
        actor: &Actor,
        id: UnitId,
        version: &NewVersion,
        close_open: bool,
    ) -> Result<UnitDetail, StoreError> {
        let granted = actor.granted(Action::ManageUnits)?;
        self.check_parentless(actor, version, &id.to_string())
            .await?;
        write_txn!(self, granted, |txn, actor| {
            let u = unit::Entity::find_by_id(id.0)
                .filter(actor.scope().condition(unit::Column::Id))
                .one(&**txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            self.insert_version(txn, actor, id, parse_level(&u.level)?, version, close_open)
                .await?;
            let detail = self
                .unit_detail_in(&**txn, actor, id, version.valid_from)
                .await?;
            Ok(detail)
        })
    }

    async fn insert_version(
        &self,
        txn: &crate::WriteTxn,
        actor: &Actor,
        id: UnitId,
        level: Level,
        v: &NewVersion,
        close_open: bool,
    ) -> Result<(), StoreError> {
        let name = text::required("name", &v.name, 200)?;
        let basis = text::optional("basis", v.basis.as_deref(), 500)?;
        let validity = Validity::new(v.valid_from, v.valid_to)?;
        if v.kind.level() != level {
            return Err(FieldError::new("kind", FieldErrorKind::LevelMismatch).into());
        }
        let mut existing = unit_version::Entity::find()
            .filter(unit_version::Column::UnitId.eq(id.0))
            .all(&**txn)
            .await?;
        let before = serde_json::to_value(versions_json(&existing)).unwrap_or_default();
        if close_open
            && let Some(open) = existing
                .iter_mut()
                .find(|e| e.valid_to.is_none() && e.valid_from < v.valid_from)
        {
            let new_end = v.valid_from.pred_opt().unwrap_or(v.valid_from);
            unit_version::Entity::update_many()
                .col_expr(unit_version::Column::ValidTo, Expr::value(new_end))
                .filter(unit_version::Column::Id.eq(open.id))
                .exec(&**txn)
                .await?;
            open.valid_to = Some(new_end);
        }
        let periods: Vec<Validity> = existing
            .iter()
            .map(|e| Validity {
                from: e.valid_from,
                to: e.valid_to,
            })
            .collect();
        dunit::check_no_overlap(&periods, &validity)?;
        if let Some(parent) = v.parent {
            let all_parents = unit_version::Entity::find()
                .filter(unit_version::Column::ParentId.is_not_null())
                .all(&**txn)
                .await?;
            let mut parents: HashMap<UnitId, Vec<UnitId>> = HashMap::new();
            for p in all_parents {
                if let Some(pid) = p.parent_id {
                    parents
                        .entry(UnitId(p.unit_id))
                        .or_default()
                        .push(UnitId(pid));
                }
            }
            dunit::check_no_cycle(id, parent, &parents)?;
            let pu = unit::Entity::find_by_id(parent.0)
                .filter(actor.scope().condition(unit::Column::Id))
                .one(&**txn)
                .await?
                .ok_or(FieldError::new(
                    "parent",
                    FieldErrorKind::from(antt_domain::unit::UnitFault::ParentNotFound),
                ))?;
            if !level.may_have_parent(Some(parse_level(&pu.level)?)) {
                return Err(FieldError::new("parent", FieldErrorKind::LevelMismatch).into());
            }
            let parent_periods: Vec<Validity> = unit_version::Entity::find()
                .filter(unit_version::Column::UnitId.eq(parent.0))
                .all(&**txn)
                .await?
                .iter()
                .map(|p| Validity {
                    from: p.valid_from,
                    to: p.valid_to,
                })
                .collect();
            if !dunit::covered(&parent_periods, &validity) {
                return Err(FieldError::new("parent", FieldErrorKind::ParentNotValid).into());
            }
        } else if !actor.scope().is_all() {
            return Err(StoreError::Forbidden);
        } else if !level.may_have_parent(None) {
            return Err(FieldError::new("parent", FieldErrorKind::Required).into());
        }
        let row = unit_version::Model {
            id: new_id(),
            unit_id: id.0,
            name_folded: text::fold(&name),
            name,
            kind: v.kind.as_str().to_string(),
            parent_id: v.parent.map(|p| p.0),
            valid_from: v.valid_from,
            valid_to: v.valid_to,
            basis,
        };
        unit_version::Entity::insert(unit_version::ActiveModel {
            id: Set(row.id),
            unit_id: Set(row.unit_id),
            name: Set(row.name.clone()),
            name_folded: Set(row.name_folded.clone()),
            kind: Set(row.kind.clone()),
            parent_id: Set(row.parent_id),
            valid_from: Set(row.valid_from),
            valid_to: Set(row.valid_to),
            basis: Set(row.basis.clone()),
        })
        .exec_without_returning(&**txn)
        .await?;
        existing.push(row);
        let after = serde_json::to_value(versions_json(&existing)).unwrap_or_default();
        add_reach(&**txn, id, id).await?;
        if let Some(parent) = v.parent {
            add_reach(&**txn, id, parent).await?;
        }
        audit::append(
            &**txn,
            actor,
            self.clock.now(),
            Change {
                action: AuditAction::UnitVersion,
                entity: "unit",
                entity_id: id.to_string(),
                unit: Some(id),
                before: if before == serde_json::json!([]) {
                    None
                } else {
                    Some(&before)
                },
                after: Some(&after),
            },
        )
        .await?;
        Ok(())
    }

    /// Records a merger, split, rename or move.
    pub async fn record_succession(
        &self,
        actor: &Actor,
        s: &NewSuccession,
    ) -> Result<Uuid, StoreError> {
        let granted = actor.granted(Action::ManageUnits)?;
        let basis = text::required("basis", &s.basis, 500)?;
        let note = text::optional("note", s.note.as_deref(), 2000)?;
        let (np, ns) = (s.predecessors.len(), s.successors.len());
        let shape_ok = match s.kind {
            SuccessionKind::Merge => np >= 2 && ns == 1,
            SuccessionKind::Split => np == 1 && ns >= 2,
            SuccessionKind::Rename | SuccessionKind::Move => np == 1 && ns == 1,
        };
        if np == 0 {
            return Err(FieldError::new("predecessors", FieldErrorKind::Required).into());
        }
        if ns == 0 {
            return Err(FieldError::new("successors", FieldErrorKind::Required).into());
        }
        if !shape_ok {
            return Err(FieldError::new(
                "event_kind",
                FieldErrorKind::from(antt_domain::unit::UnitFault::SuccessionShape),
            )
            .into());
        }
        write_txn!(self, granted, |txn, actor| {
            for u in s.predecessors.iter().chain(&s.successors) {
                let found = unit::Entity::find_by_id(u.0)
                    .filter(actor.scope().condition(unit::Column::Id))
                    .one(&**txn)
                    .await?;
                if found.is_none() {
                    return Err(StoreError::NotFound);
                }
            }
            let id = new_id();
            succession_event::Entity::insert(succession_event::ActiveModel {
                id: Set(id),
                kind: Set(s.kind.as_str().to_string()),
                effective_date: Set(s.effective_date),
                basis: Set(basis.clone()),
                note: Set(note.clone()),
            })
            .exec_without_returning(&**txn)
            .await?;
            for p in &s.predecessors {
                for q in &s.successors {
                    succession_link::Entity::insert(succession_link::ActiveModel {
                        id: Set(new_id()),
                        event_id: Set(id),
                        predecessor_id: Set(p.0),
                        successor_id: Set(q.0),
                    })
                    .exec_without_returning(&**txn)
                    .await?;
                    // The predecessor's data now roll up into the successor.
                    add_reach(&**txn, *p, *q).await?;
                }
            }
            let after = serde_json::json!({
                "kind": s.kind.as_str(),
                "effective_date": s.effective_date,
                "basis": basis,
                "note": note,
                "predecessors": s.predecessors,
                "successors": s.successors,
            });
            audit::append(
                &**txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::SuccessionRecord,
                    entity: "succession_event",
                    entity_id: id.to_string(),
                    unit: s.successors.first().copied(),
                    before: None,
                    after: Some(&after),
                },
            )
            .await?;
            Ok(id)
        })
    }

    /// Enters a village's facts from a date on. The row in force the day before is closed then;
    /// the new row runs until the next entered row starts. Entering the same values again is a
    /// no-op and writes nothing, not even an audit row.
    pub async fn set_village_facts(
        &self,
        actor: &Actor,
        id: UnitId,
        new: &NewFacts,
    ) -> Result<Outcome, StoreError> {
        let granted = actor.granted(Action::EditVillageFacts)?;
        let source = text::optional("source", new.source.as_deref(), 500)?;
        let to_i32 = |v: Option<u32>, field| {
            v.map(|n| {
                i32::try_from(n).map_err(|_| FieldError::new(field, FieldErrorKind::InvalidNumber))
            })
            .transpose()
        };
        let households = to_i32(new.facts.households, "households")?;
        let population = to_i32(new.facts.population, "population")?;
        if new.facts.area_centi_ha.is_some_and(|a| a < 0) {
            return Err(FieldError::new("area_ha", FieldErrorKind::InvalidNumber).into());
        }
        write_txn!(self, granted, |txn, actor| {
            let u = unit::Entity::find_by_id(id.0)
                .filter(actor.scope().condition(unit::Column::Id))
                .one(&**txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            if parse_level(&u.level)? != Level::Village {
                return Err(FieldError::new("level", FieldErrorKind::LevelMismatch).into());
            }
            let versions = unit_version::Entity::find()
                .filter(unit_version::Column::UnitId.eq(id.0))
                .all(&**txn)
                .await?;
            if !versions.iter().any(|v| {
                v.valid_from <= new.valid_from && v.valid_to.is_none_or(|t| new.valid_from <= t)
            }) {
                return Err(FieldError::new("valid_from", FieldErrorKind::NotInForce).into());
            }
            let rows = village_facts::Entity::find()
                .filter(village_facts::Column::UnitId.eq(id.0))
                .order_by_asc(village_facts::Column::ValidFrom)
                .all(&**txn)
                .await?;
            let before_views = rows.iter().map(facts_view).collect::<Result<Vec<_>, _>>()?;
            let next_start = rows
                .iter()
                .map(|r| r.valid_from)
                .filter(|d| *d > new.valid_from)
                .min();
            let valid_to = next_start.and_then(|d| d.pred_opt());
            let wanted = |r: &village_facts::Model| {
                r.households == households
                    && r.population == population
                    && r.area_centi_ha == new.facts.area_centi_ha
                    && r.border == new.facts.flags.border
                    && r.mountainous == new.facts.flags.mountainous
                    && r.ethnic_minority == new.facts.flags.ethnic_minority
                    && r.especially_difficult == new.facts.flags.especially_difficult
                    && r.key_security == new.facts.flags.key_security
                    && r.source == source
            };
            if let Some(same_day) = rows.iter().find(|r| r.valid_from == new.valid_from) {
                if wanted(same_day) {
                    return Ok(Outcome::Unchanged);
                }
                village_facts::Entity::delete_by_id(same_day.id)
                    .exec(&**txn)
                    .await?;
            } else if let Some(covering) = rows.iter().find(|r| {
                r.valid_from < new.valid_from && r.valid_to.is_none_or(|t| new.valid_from <= t)
            }) {
                if wanted(covering) {
                    return Ok(Outcome::Unchanged);
                }
                village_facts::Entity::update_many()
                    .col_expr(
                        village_facts::Column::ValidTo,
                        Expr::value(new.valid_from.pred_opt()),
                    )
                    .filter(village_facts::Column::Id.eq(covering.id))
                    .exec(&**txn)
                    .await?;
            }
            village_facts::Entity::insert(village_facts::ActiveModel {
                id: Set(new_id()),
                unit_id: Set(id.0),
                valid_from: Set(new.valid_from),
                valid_to: Set(valid_to),
                households: Set(households),
                population: Set(population),
                area_centi_ha: Set(new.facts.area_centi_ha),
                border: Set(new.facts.flags.border),
                mountainous: Set(new.facts.flags.mountainous),
                ethnic_minority: Set(new.facts.flags.ethnic_minority),
                especially_difficult: Set(new.facts.flags.especially_difficult),
                key_security: Set(new.facts.flags.key_security),
                source: Set(source.clone()),
            })
            .exec_without_returning(&**txn)
            .await?;
            let after_rows = village_facts::Entity::find()
                .filter(village_facts::Column::UnitId.eq(id.0))
                .order_by_asc(village_facts::Column::ValidFrom)
                .all(&**txn)
                .await?;
            let after_views = after_rows
                .iter()
                .map(facts_view)
                .collect::<Result<Vec<_>, _>>()?;
            let before = serde_json::to_value(&before_views).unwrap_or_default();
            let after = serde_json::to_value(&after_views).unwrap_or_default();
            let changed = audit::append(
                &**txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::VillageFactsSet,
                    entity: "village_facts",
                    entity_id: id.to_string(),
                    unit: Some(id),
                    before: if before_views.is_empty() {
                        None
                    } else {
                        Some(&before)
                    },
                    after: Some(&after),
                },
            )
            .await?;
            Ok(if changed {
                Outcome::Changed
            } else {
                Outcome::Unchanged
            })
        })
    }
}

fn versions_json(rows: &[unit_version::Model]) -> Vec<serde_json::Value> {
    let mut rows: Vec<&unit_version::Model> = rows.iter().collect();
    rows.sort_by_key(|r| r.valid_from);
    rows.iter()
        .map(|r| {
            serde_json::json!({
                "name": r.name, "kind": r.kind, "parent_id": r.parent_id,
                "valid_from": r.valid_from, "valid_to": r.valid_to, "basis": r.basis,
            })
        })
        .collect()
}

impl Store {
    /// The filter of a list asked of `unit`: a commune's own rows, or for a unit above a commune
    /// the rows of every commune that rolls up into it ([`rolls_up_into`]).
    pub(crate) async fn of_unit(
        &self,
        column: impl sea_orm::ColumnTrait,
        unit: UnitId,
    ) -> Result<sea_orm::sea_query::SimpleExpr, StoreError> {
        let level = unit::Entity::find_by_id(unit.0)
            .one(&self.db)
            .await?
            .map(|u| u.level);
        Ok(match level.as_deref() {
            Some(l) if l != Level::Commune.as_str() && l != Level::Village.as_str() => {
                rolls_up_into(column, unit)
            }
            _ => column.eq(unit.0),
        })
    }
}

/// `column` names a unit whose data roll up into `unit` (the unit itself, a unit under it at
/// any time, a predecessor): how a list asked of a province or a district rolls up its
/// communes.
pub(crate) fn rolls_up_into(
    column: impl sea_orm::ColumnTrait,
    unit: UnitId,
) -> sea_orm::sea_query::SimpleExpr {
    let under = sea_orm::sea_query::Query::select()
        .column(unit_reach::Column::DescendantId)
        .from(unit_reach::Entity)
        .and_where(Expr::col(unit_reach::Column::AncestorId).eq(unit.0))
        .to_owned();
    column.in_subquery(under)
}

/// Recomputes `unit_reach` from every version's parent and every succession link.
/// Keeps `unit_reach` (every pair "the data of `descendant` roll up into `ancestor` at some
/// time", [`dunit::reach`]) closed after one new edge: `below` now rolls up into `above` (a
/// version under a parent, or a predecessor into its successor; `below == above` adds a unit's
/// own pair). Edges are never removed — history counts at any time — so the closure only grows,
/// and the new pairs are the ancestors of `above` times the descendants of `below`: adding a
/// village touches its commune's few ancestors, not the country.
async fn add_reach<C: ConnectionTrait>(
    db: &C,
    below: UnitId,
    above: UnitId,
) -> Result<(), StoreError> {
    let column = |col: unit_reach::Column, filter: unit_reach::Column, id: Uuid| {
        unit_reach::Entity::find()
            .select_only()
            .column(col)
            .filter(filter.eq(id))
            .into_tuple::<Uuid>()
    };
    let mut ancestors = column(
        unit_reach::Column::AncestorId,
        unit_reach::Column::DescendantId,
        above.0,
    )
    .all(db)
    .await?;
    if !ancestors.contains(&above.0) {
        ancestors.push(above.0);
    }
    let mut descendants = column(
        unit_reach::Column::DescendantId,
        unit_reach::Column::AncestorId,
        below.0,
    )
    .all(db)
    .await?;
    if !descendants.contains(&below.0) {
        descendants.push(below.0);
    }
    let mut existing: HashSet<(Uuid, Uuid)> = HashSet::new();
    for chunk in ancestors.chunks(200) {
        for d in descendants.chunks(2000) {
            existing.extend(
                unit_reach::Entity::find()
                    .filter(unit_reach::Column::AncestorId.is_in(chunk.to_vec()))
                    .filter(unit_reach::Column::DescendantId.is_in(d.to_vec()))
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|r| (r.ancestor_id, r.descendant_id)),
            );
        }
    }
    let missing: Vec<(Uuid, Uuid)> = ancestors
        .iter()
        .flat_map(|a| descendants.iter().map(move |d| (*a, *d)))
        .filter(|p| !existing.contains(p))
        .collect();
    for chunk in missing.chunks(500) {
        unit_reach::Entity::insert_many(chunk.iter().map(|(a, d)| unit_reach::ActiveModel {
            ancestor_id: Set(*a),
            descendant_id: Set(*d),
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

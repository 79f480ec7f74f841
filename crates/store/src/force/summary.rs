//! The force of a province (or of a historical district) at a glance (use case): one row per
//! commune under the unit on a date — teams, members by role, the quota the province's policy
//! gives (LAW-14.2), vacancies, villages without a team, teams over the maximum or without a
//! leader, members turning 71 (LAW-13.1), rounds with an overdue step (TT14-4) and the last
//! change on file. A commune reads as one row; a unit above a commune rolls up its communes.

use std::collections::HashMap;

use antt_domain::access::Action;
use antt_domain::force::TeamFlag;
use antt_domain::unit::{Level, UnitId};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;
use uuid::Uuid;

use crate::entities::audit_log as audit_row;
use crate::units::{IN_CHUNK, TreeNode, UnitRef};

use crate::{Actor, Store, StoreError};

/// The most communes one summary reads (a province has a few hundred at most).
pub const MAX_SUMMARY_COMMUNES: usize = 1_000;

/// The figures of one commune (or the totals of all of them).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForceFigures {
    /// Teams in being on the date.
    pub teams: u32,
    pub leaders: u32,
    pub deputies: u32,
    pub members: u32,
    /// Everyone in post (leaders, deputies and members).
    pub total: u32,
    /// The sum of the teams' quotas (LAW-14.2); `None` when a team has none (a policy gap or a
    /// missing village fact, named in `quota_problem`).
    pub quota: Option<u32>,
    /// The sum of the teams' maximums.
    pub quota_max: Option<u32>,
    /// Teams whose quota could not be computed.
    pub teams_without_quota: u32,
    /// Places to fill: the quota less those in post, team by team (a team over its quota fills
    /// no other's place). Counted over the teams with a quota.
    pub vacancies: u32,
    pub villages_without_team: u32,
    pub teams_over_maximum: u32,
    pub teams_without_leader: u32,
    /// Members whose 71st birthday falls within the warning window (LAW-13.1).
    pub turning_71: u32,
    /// Selection rounds with at least one step past its deadline (TT14-4).
    pub rounds_overdue: u32,
}

impl ForceFigures {
    fn add(&mut self, o: &ForceFigures) {
        self.teams += o.teams;
        self.leaders += o.leaders;
        self.deputies += o.deputies;
        self.members += o.members;
        self.total += o.total;
        self.quota = self.quota.zip(o.quota).map(|(a, b)| a + b);
        self.quota_max = self.quota_max.zip(o.quota_max).map(|(a, b)| a + b);
        self.teams_without_quota += o.teams_without_quota;
        self.vacancies += o.vacancies;
        self.villages_without_team += o.villages_without_team;
        self.teams_over_maximum += o.teams_over_maximum;
        self.teams_without_leader += o.teams_without_leader;
        self.turning_71 += o.turning_71;
        self.rounds_overdue += o.rounds_overdue;
    }
}

/// One commune's row.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommuneSummary {
    pub commune: UnitRef,
    /// The unit right above the commune on the date (a district before 1/7/2025).
    pub parent: Option<String>,
    #[serde(flatten)]
    pub figures: ForceFigures,
    /// Why a quota is missing (the first team's reason), when one is.
    pub quota_problem: Option<String>,
    /// The last change on file for the commune (any audited write).
    pub last_change: Option<DateTime<Utc>>,
}

/// The communes under a unit on a date, each with its figures, and the totals.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForceSummary {
    pub unit: UnitRef,
    pub date: NaiveDate,
    /// How many communes there are (the rows).
    pub total: usize,
    pub communes: Vec<CommuneSummary>,
    pub totals: ForceFigures,
    /// The quotas come from an illustrative (demo) pack.
    pub illustrative: bool,
}

/// The communes of a tree, each with the name of the unit it sits under.
fn communes_of(nodes: &[TreeNode], parent: Option<&str>, out: &mut Vec<(UnitRef, Option<String>)>) {
    for n in nodes {
        if n.unit.level == Level::Commune {
            out.push((n.unit.clone(), parent.map(str::to_string)));
        } else if n.unit.level != Level::Village {
            communes_of(&n.children, Some(&n.unit.name), out);
        }
    }
}

impl Store {
    /// The force of `unit` on `on`, commune by commune, in Vietnamese name order.
    pub async fn force_summary(
        &self,
        actor: &Actor,
        unit: UnitId,
        on: NaiveDate,
    ) -> Result<ForceSummary, StoreError> {
        actor.require(Action::ViewForce)?;
        let detail = self.unit_detail(actor, unit, on).await?;
        let Some(version) = detail.current.as_ref().or(detail.versions.last()) else {
            return Err(StoreError::corrupt("unit", unit.0));
        };
        let head = UnitRef {
            id: unit,
            code: detail.code.clone(),
            level: detail.level,
            name: version.name.clone(),
            kind: version.kind,
        };
        let mut communes = Vec::new();
        if detail.level == Level::Commune {
            communes.push((head.clone(), None));
        } else {
            // Everything that rolls up into the unit and is in being on the date; a district
            // asked of a date after 1/7/2025 gives the communes that sat under it, each a root.
            let tree = self.unit_subtree(actor, on, Some(unit)).await?;
            for n in &tree {
                if n.unit.id == unit {
                    communes_of(&n.children, None, &mut communes);
                } else {
                    communes_of(std::slice::from_ref(n), None, &mut communes);
                }
            }
        }
        if communes.len() > MAX_SUMMARY_COMMUNES {
            return Err(antt_domain::FieldError::new(
                "unit",
                antt_domain::FieldErrorKind::from(antt_domain::unit::UnitFault::TooManyCommunes),
            )
            .into());
        }
        communes.sort_by_key(|(c, _)| antt_domain::text::vi_sort_key(&c.name));
        let ids: Vec<Uuid> = communes.iter().map(|(c, _)| c.id.0).collect();
        let last = self.last_changes(&ids).await?;
        let mut overdue: HashMap<UnitId, u32> = HashMap::new();
        for r in self.round_statuses(actor, Some(unit)).await? {
            if !r.overdue.is_empty() {
                *overdue.entry(r.round.commune.id).or_default() += 1;
            }
        }
        let mut rows = Vec::with_capacity(communes.len());
        let mut totals = ForceFigures {
            quota: Some(0),
            quota_max: Some(0),
            ..ForceFigures::default()
        };
        let mut illustrative = false;
        for (c, parent) in communes {
            let o = self.overview(actor, c.id, on).await?;
            let mut f = ForceFigures {
                quota: Some(0),
                quota_max: Some(0),
                villages_without_team: count(o.villages_without_team.len()),
                turning_71: count(o.warnings.iter().filter(|w| w.kind == "turning_71").count()),
                rounds_overdue: overdue.get(&c.id).copied().unwrap_or(0),
                ..ForceFigures::default()
            };
            let mut quota_problem = None;
            for t in &o.teams {
                let s = &t.team.staffing;
                let in_post = s.leaders + s.deputies + s.members;
                f.teams += 1;
                f.leaders += s.leaders;
                f.deputies += s.deputies;
                f.members += s.members;
                f.total += in_post;
                illustrative |= t.illustrative;
                match t.quota {
                    Some(q) => {
                        f.quota = f.quota.map(|x| x + q.base);
                        f.quota_max = f.quota_max.map(|x| x + q.max);
                        f.vacancies += q.base.saturating_sub(in_post);
                    }
                    None => {
                        f.quota = None;
                        f.quota_max = None;
                        f.teams_without_quota += 1;
                        if quota_problem.is_none() {
                            quota_problem = t.quota_problem.clone();
                        }
                    }
                }
                f.teams_over_maximum += u32::from(t.flags.contains(&TeamFlag::OverMaximum));
                f.teams_without_leader += u32::from(t.flags.contains(&TeamFlag::NoLeader));
            }
            totals.add(&f);
            rows.push(CommuneSummary {
                last_change: last.get(&c.id.0).copied(),
                commune: c,
                parent,
                figures: f,
                quota_problem,
            });
        }
        Ok(ForceSummary {
            unit: head,
            date: on,
            total: rows.len(),
            communes: rows,
            totals,
            illustrative,
        })
    }

    /// The time of the last audited change of each unit.
    async fn last_changes(
        &self,
        units: &[Uuid],
    ) -> Result<HashMap<Uuid, DateTime<Utc>>, StoreError> {
        let mut out = HashMap::new();
        for chunk in units.chunks(IN_CHUNK) {
            let rows: Vec<(Option<Uuid>, Option<DateTime<Utc>>)> = audit_row::Entity::find()
                .select_only()
                .column(audit_row::Column::UnitId)
                .column_as(audit_row::Column::At.max(), "at")
                .filter(audit_row::Column::UnitId.is_in(chunk.iter().copied()))
                .group_by(audit_row::Column::UnitId)
                .into_tuple()
                .all(&self.db)
                .await?;
            for (u, at) in rows {
                if let (Some(u), Some(at)) = (u, at) {
                    out.insert(u, at);
                }
            }
        }
        Ok(out)
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The columns a summary sorts by, with their labels: the page's headers and the API's `sort`.
pub const SORT_KEYS: [(&str, &str); 13] = [
    ("name", "Xã, phường"),
    ("teams", "Số Tổ"),
    ("leaders", "Tổ trưởng"),
    ("deputies", "Tổ phó"),
    ("members", "Tổ viên"),
    ("total", "Thành viên"),
    ("quota", "Định mức"),
    ("vacancies", "Còn thiếu"),
    ("villages_without_team", "Thôn chưa có Tổ"),
    ("teams_over_maximum", "Tổ vượt tối đa"),
    ("teams_without_leader", "Tổ chưa có Tổ trưởng"),
    ("turning_71", "Sắp đủ 71 tuổi"),
    ("rounds_overdue", "Đợt tuyển chọn quá hạn"),
];

impl ForceSummary {
    /// Orders the communes by `key` (one of [`SORT_KEYS`] or `last_change`), ties in name order;
    /// `false` for an unknown key (the order is left as it is).
    pub fn sort(&mut self, key: &str, desc: bool) -> bool {
        let figure = |c: &CommuneSummary| -> Option<u64> {
            let f = &c.figures;
            Some(u64::from(match key {
                "teams" => f.teams,
                "total" => f.total,
                "leaders" => f.leaders,
                "deputies" => f.deputies,
                "members" => f.members,
                "quota" => return f.quota.map(u64::from),
                "vacancies" => f.vacancies,
                "villages_without_team" => f.villages_without_team,
                "teams_over_maximum" => f.teams_over_maximum,
                "teams_without_leader" => f.teams_without_leader,
                "turning_71" => f.turning_71,
                "rounds_overdue" => f.rounds_overdue,
                "last_change" => {
                    return c
                        .last_change
                        .and_then(|t| u64::try_from(t.timestamp()).ok());
                }
                _ => return None,
            }))
        };
        let known =
            key == "name" || key == "last_change" || SORT_KEYS.iter().any(|(k, _)| *k == key);
        if !known {
            return false;
        }
        let name = |c: &CommuneSummary| antt_domain::text::vi_sort_key(&c.commune.name);
        self.communes.sort_by_cached_key(|c| (figure(c), name(c)));
        if desc {
            self.communes.reverse();
        }
        true
    }
}

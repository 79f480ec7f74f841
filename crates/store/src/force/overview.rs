//! The commune at a glance (use cases): each team against the quota the policy of the commune's
//! province gives on the date, the warnings of its members, villages without a team, and what
//! the commune must change so its force matches the law.

use antt_domain::access::Action;
use antt_domain::date;
use antt_domain::force::{
    MemberFacts, ProposedChange, TeamFlag, TeamState, Warning, member_warnings, proposed_changes,
    team_flags,
};
use antt_domain::policy::quota::{Quota, QuotaError, VillageInput, team_quota};
use antt_domain::unit::{UnitId, VillageFlags};
use chrono::NaiveDate;
use serde::Serialize;

use super::TeamView;
use crate::policies::ResolvedPolicy;
use crate::units::UnitRef;
use crate::{Actor, Store, StoreError};

/// A team against its quota.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamStatus {
    pub team: TeamView,
    pub quota: Option<Quota>,
    pub quota_problem: Option<String>,
    pub illustrative: bool,
    pub flags: Vec<TeamFlag>,
}

/// The commune on a date: each team against its quota, villages with no team, and warnings.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overview {
    pub date: NaiveDate,
    pub teams: Vec<TeamStatus>,
    pub villages_without_team: Vec<UnitRef>,
    pub warnings: Vec<Warning>,
    /// Set when neither the packs nor the commune say how long a health certificate is valid.
    pub health_certificate_rule_missing: bool,
    /// How long a health certificate is valid, in months: the pack's figure, else the
    /// commune's own (`health_certificate_validity_by_commune`).
    pub health_certificate_valid_months: Option<u32>,
    pub health_certificate_validity_by_commune: bool,
}

/// What the overview and the proposals both read of a commune.
struct CommuneRead {
    commune: UnitId,
    policy: ResolvedPolicy,
    teams: Vec<TeamView>,
    without: Vec<UnitRef>,
}

/// A team's quota by the policy, or why there is none.
fn quota_of(policy: &ResolvedPolicy, v: &VillageInput) -> (Option<Quota>, Option<String>, bool) {
    match team_quota(&policy.policy(), v) {
        Ok(e) => (Some(e.value), None, e.illustrative),
        Err(QuotaError::PolicyGap(g)) => (None, Some(g.message_vi()), false),
        Err(QuotaError::MissingFact { message, .. } | QuotaError::NoRow { message }) => {
            (None, Some(message), false)
        }
    }
}

impl Store {
    /// The commune's force on `on` (LAW-14.2 quotas by the province's resolution, LAW-13
    /// warnings).
    pub async fn overview(
        &self,
        actor: &Actor,
        commune: UnitId,
        on: NaiveDate,
    ) -> Result<Overview, StoreError> {
        actor.require(Action::ViewForce)?;
        let read = self.read_commune(actor, commune, on).await?;
        self.overview_of(actor, on, &read).await
    }

    /// The commune's overview and the changes it must make, from one read of its teams (the
    /// teams page shows both).
    pub async fn commune_force(
        &self,
        actor: &Actor,
        commune: UnitId,
        on: NaiveDate,
    ) -> Result<(Overview, Vec<ProposedChange>), StoreError> {
        actor.require(Action::ViewForce)?;
        let read = self.read_commune(actor, commune, on).await?;
        let overview = self.overview_of(actor, on, &read).await?;
        let proposals = self.proposals_of(actor, on, &read).await?;
        Ok((overview, proposals))
    }

    /// What both read: the policy on the date, the commune's teams, its villages without one.
    async fn read_commune(
        &self,
        actor: &Actor,
        commune: UnitId,
        on: NaiveDate,
    ) -> Result<CommuneRead, StoreError> {
        // The overview and the proposals are a commune's: a unit above one is refused here, the
        // same way on every route, and reads as its summary (`force_summary`) instead.
        self.commune_in_scope(&self.db, actor, commune).await?;
        let policy = self.policy(actor, commune, on).await?;
        let teams = self.teams(actor, Some(commune), on).await?;
        let without = self
            .villages_without_team_of(actor, commune, on, &teams)
            .await?;
        Ok(CommuneRead {
            commune,
            policy,
            teams,
            without,
        })
    }

    async fn overview_of(
        &self,
        actor: &Actor,
        on: NaiveDate,
        read: &CommuneRead,
    ) -> Result<Overview, StoreError> {
        let policy = &read.policy;
        let villages_without_team = read.without.clone();
        let teams: Vec<TeamView> = read
            .teams
            .iter()
            .filter(|t| t.dissolved_on.is_none_or(|d| d >= on))
            .cloned()
            .collect();
        let inputs = self.village_inputs(actor, &teams, on).await?;
        let mut out = Vec::new();
        for (t, v) in teams.into_iter().zip(inputs) {
            let (quota, quota_problem, illustrative) = quota_of(policy, &v);
            let mut flags = quota
                .map(|q| team_flags(&t.staffing, q.base, q.max))
                .unwrap_or_default();
            if quota.is_none() && t.staffing.leaders == 0 {
                flags.push(TeamFlag::NoLeader);
            }
            out.push(TeamStatus {
                team: t,
                quota,
                quota_problem,
                illustrative,
                flags,
            });
        }
        let by_pack = policy
            .policy()
            .count("health_certificate_valid_months")
            .ok();
        let by_commune = match by_pack {
            Some(_) => None,
            None => self.commune_health_validity(&self.db, read.commune).await?,
        };
        let valid_months = by_pack.or(by_commune);
        let mut warnings = Vec::new();
        for s in &out {
            for m in s
                .team
                .members
                .iter()
                .filter(|m| m.start_date <= on && m.end_date.is_none_or(|e| on <= e))
            {
                let facts = MemberFacts {
                    person_id: m.person_id.uuid(),
                    full_name: &m.full_name,
                    team: &s.team.name,
                    birth_date: m.birth_date,
                    health_certificate_on: m.health_certificate_on,
                };
                warnings.extend(member_warnings(&facts, on, valid_months));
            }
        }
        Ok(Overview {
            date: on,
            teams: out,
            villages_without_team,
            warnings,
            health_certificate_rule_missing: valid_months.is_none(),
            health_certificate_valid_months: valid_months,
            health_certificate_validity_by_commune: by_commune.is_some(),
        })
    }

    /// What the commune must change so its force matches the law on `on`: per team, the quota
    /// then and now (households crossing a band), members to add or remove, a missing leader,
    /// villages reorganised since the team was set up; and villages with no team (LAW-14.2).
    pub async fn proposals(
        &self,
        actor: &Actor,
        commune: UnitId,
        on: NaiveDate,
    ) -> Result<Vec<ProposedChange>, StoreError> {
        actor.require(Action::ViewForce)?;
        let read = self.read_commune(actor, commune, on).await?;
        self.proposals_of(actor, on, &read).await
    }

    async fn proposals_of(
        &self,
        actor: &Actor,
        on: NaiveDate,
        read: &CommuneRead,
    ) -> Result<Vec<ProposedChange>, StoreError> {
        let (commune, now) = (read.commune, &read.policy);
        let rule = now
            .policy()
            .get("team_size")
            .map(|x| format!("{} — {}", x.rule, x.citation))
            .unwrap_or_else(|_| "team_size".to_string());
        let without = read.without.clone();
        let teams: Vec<TeamView> = read
            .teams
            .iter()
            .filter(|t| t.dissolved_on.is_none_or(|d| d >= on) && t.established_on <= on)
            .cloned()
            .collect();
        let now_inputs = self.village_inputs(actor, &teams, on).await?;
        let village_ids: Vec<UnitId> = teams
            .iter()
            .flat_map(|t| t.villages.iter().map(|v| v.id))
            .collect();
        let touched = self.units_with_successions(&village_ids).await?;
        // The facts as they were when each team was set up, read once per founding date.
        let mut then_inputs: std::collections::HashMap<uuid::Uuid, VillageInput> =
            std::collections::HashMap::new();
        let mut dates: Vec<NaiveDate> = teams.iter().map(|t| t.established_on).collect();
        dates.sort();
        dates.dedup();
        for date in dates {
            let group: Vec<TeamView> = teams
                .iter()
                .filter(|t| t.established_on == date)
                .cloned()
                .collect();
            let inputs = self.village_inputs(actor, &group, date).await?;
            then_inputs.extend(group.iter().map(|t| t.id.uuid()).zip(inputs));
        }
        let mut out = Vec::new();
        // Teams of a commune are mostly set up on a few dates: resolve each date once.
        let mut policies: std::collections::HashMap<NaiveDate, ResolvedPolicy> =
            std::collections::HashMap::new();
        for (t, v_now) in teams.iter().zip(now_inputs) {
            let then = match policies.entry(t.established_on) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(self.policy(actor, commune, t.established_on).await?)
                }
            };
            let Some(v_then) = then_inputs.remove(&t.id.uuid()) else {
                continue;
            };
            let base_max = |q: Option<Quota>| q.map(|q| (q.base, q.max));
            let quota_then = base_max(quota_of(then, &v_then).0);
            let quota_now = base_max(quota_of(now, &v_now).0);
            let changes = self.village_changes(actor, t, on, &touched).await?;
            out.extend(proposed_changes(&TeamState {
                name: &t.name,
                established_on: t.established_on,
                staffing: t.staffing,
                quota_then,
                quota_now,
                quota_rule: &rule,
                village_changes: &changes,
            }));
        }
        for v in without {
            out.push(ProposedChange {
                kind: "set_up_team",
                team: None,
                message: format!(
                    "{} chưa có Tổ bảo vệ ANTT: lập kế hoạch tuyển chọn và quyết định thành lập Tổ (Mẫu 08).",
                    v.name
                ),
                rule: "LAW-14.2".into(),
            });
        }
        Ok(out)
    }

    /// The reorganisations of a team's villages since the team was set up, as (village, what);
    /// `touched` are the units with any succession at all (read once for every team).
    async fn village_changes(
        &self,
        actor: &Actor,
        t: &TeamView,
        on: NaiveDate,
        touched: &std::collections::HashSet<uuid::Uuid>,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let mut changes = Vec::new();
        for village in t.villages.iter().filter(|v| touched.contains(&v.id.0)) {
            let successions = self.successions_of(&self.db, actor, village.id).await?;
            for s in successions
                .iter()
                .filter(|s| s.effective_date > t.established_on && s.effective_date <= on)
            {
                let into: Vec<String> = s.successors.iter().map(|u| u.name.clone()).collect();
                changes.push((
                    village.name.clone(),
                    format!(
                        "{} ngày {} ({}) → {}",
                        s.kind_label,
                        date::format_vi(s.effective_date),
                        s.basis,
                        into.join(", ")
                    ),
                ));
            }
        }
        Ok(changes)
    }

    /// The combined facts of each team's villages on a date, for many teams in one read.
    async fn village_inputs(
        &self,
        actor: &Actor,
        teams: &[TeamView],
        on: NaiveDate,
    ) -> Result<Vec<VillageInput>, StoreError> {
        let ids: Vec<UnitId> = teams
            .iter()
            .flat_map(|t| t.villages.iter().map(|v| v.id))
            .collect();
        let mut read = self.villages_on(actor, &ids, on).await?.into_iter();
        Ok(teams
            .iter()
            .map(|t| combine(read.by_ref().take(t.villages.len())))
            .collect())
    }
}

/// Villages' kinds and facts combined as the quota rule reads them: urban if any is, households
/// and population summed (unknown if any is unknown), flags joined.
fn combine(
    read: impl IntoIterator<
        Item = (
            Option<antt_domain::unit::UnitKind>,
            Option<crate::units::FactsView>,
        ),
    >,
) -> VillageInput {
    let mut v = VillageInput {
        urban: false,
        households: Some(0),
        population: Some(0),
        flags: VillageFlags::default(),
    };
    for (kind, facts) in read {
        v.urban |= kind.is_some_and(|k| k.is_urban_village());
        match &facts {
            Some(f) => {
                v.households = v.households.zip(f.households).map(|(x, y)| x + y);
                v.population = v.population.zip(f.population).map(|(x, y)| x + y);
                v.flags = v.flags.or(f.flags);
            }
            None => {
                v.households = None;
                v.population = None;
            }
        }
    }
    v
}

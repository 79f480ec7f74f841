//! The commune's member list on a date (use case): every member in post, team by team, as the
//! list is printed and exported.

use antt_domain::access::Action;
use antt_domain::force::{MemberRow, Origin};
use antt_domain::policy::amounts::Household;
use antt_domain::unit::UnitId;
use chrono::NaiveDate;

use super::TeamView;
use crate::{Actor, Store, StoreError};

/// The members in post of a commune (or of every commune under a province or district) on a
/// date.
#[derive(Debug, Clone)]
pub struct MemberList {
    pub commune_code: String,
    pub commune_name: String,
    /// The unit's level: a commune's list is signed by its police; a province's is a roll-up.
    pub level: antt_domain::unit::Level,
    /// The province the unit sits in on the date ("Tỉnh Quảng Ngãi"), for the governing agency.
    pub province: Option<String>,
    /// The head of the commune police today, who signs a commune's list (none entered: blank).
    pub police_chief: Option<String>,
    pub date: NaiveDate,
    pub rows: Vec<MemberRow>,
    /// The installation is a demo: the file carries MINH HỌA.
    pub illustrative: bool,
}

/// The members in post on `on`, one row each, team by team, leaders first.
pub fn member_rows(teams: &[TeamView], on: NaiveDate) -> Vec<MemberRow> {
    let mut rows = Vec::new();
    for t in teams {
        let villages = t
            .villages
            .iter()
            .map(|v| v.name.clone())
            .collect::<Vec<_>>()
            .join(", ");
        let mut members: Vec<_> = t
            .members
            .iter()
            .filter(|m| m.start_date <= on && m.end_date.is_none_or(|e| on <= e))
            .collect();
        members
            .sort_by_cached_key(|m| (m.role as u8, antt_domain::text::vi_sort_key(&m.full_name)));
        for m in members {
            rows.push(MemberRow {
                commune: t.commune.name.clone(),
                team: t.name.clone(),
                villages: villages.clone(),
                full_name: m.full_name.clone(),
                birth_date: m.birth_date,
                sex: m.sex.label_vi().to_string(),
                cccd: m.cccd.clone(),
                ethnicity: m.ethnicity.clone(),
                residence: m.residence.clone(),
                education: m.education.label_vi().to_string(),
                household: match m.household {
                    Household::None => String::new(),
                    h => h.label_vi().to_string(),
                },
                role: m.role_label.to_string(),
                origin: m.origin.label_vi().to_string(),
                start_date: m.start_date,
                decision: m.start_decision.clone().unwrap_or_default(),
                phone: m.phone.clone().unwrap_or_default(),
                note: match m.origin {
                    Origin::Selected => String::new(),
                    o => o.label_vi().to_string(),
                },
            });
        }
    }
    rows
}

impl Store {
    /// The member list of a commune on `on`; of a unit above a commune, every commune's members
    /// that roll up into it, commune by commune in Vietnamese order.
    pub async fn member_list(
        &self,
        actor: &Actor,
        commune: UnitId,
        on: NaiveDate,
    ) -> Result<MemberList, StoreError> {
        actor.require(Action::ViewForce)?;
        let detail = self.unit_detail(actor, commune, on).await?;
        // Commune by commune, so a province's thousands of teams are never all in memory at
        // once: only the rows are kept, in Vietnamese order of commune, then team.
        let communes = if detail.level == antt_domain::unit::Level::Commune {
            vec![commune]
        } else {
            self.communes_with_teams(actor, commune, on).await?
        };
        let mut parts: Vec<(String, Vec<MemberRow>)> = Vec::with_capacity(communes.len());
        for c in communes {
            let mut teams = self.teams(actor, Some(c), on).await?;
            teams.sort_by_cached_key(|t| antt_domain::text::vi_sort_key(&t.name));
            let key = teams
                .first()
                .map(|t| antt_domain::text::vi_sort_key(&t.commune.name))
                .unwrap_or_default();
            parts.push((key, member_rows(&teams, on)));
        }
        parts.sort_by(|a, b| a.0.cmp(&b.0));
        let rows: Vec<MemberRow> = parts.into_iter().flat_map(|(_, r)| r).collect();
        let province = self.province_of(actor, commune, on).await?.map(|p| p.name);
        let police_chief = if detail.level == antt_domain::unit::Level::Commune {
            self.official_on(
                actor,
                commune,
                antt_domain::office::Office::PoliceChief,
                self.clock.today_vn(),
            )
            .await?
        } else {
            None
        };
        Ok(MemberList {
            province,
            police_chief,
            commune_name: detail
                .current
                .or(detail.versions.last().cloned())
                .map(|c| c.name)
                .unwrap_or_else(|| detail.code.clone()),
            level: detail.level,
            commune_code: detail.code,
            date: on,
            rows,
            illustrative: self.demo_packs(),
        })
    }
}

//! Loading the reference units (`data/units.toml`) and the demo (`data/demo.toml`), both built into
//! the binary. Loading goes through the ordinary store methods as a system actor, so the data are
//! validated and audited like any user's entry.

use std::collections::HashMap;

use antt_domain::access::Role;
use antt_domain::error::{FieldError, FieldErrorKind};
use antt_domain::unit::{
    self, Level, SuccessionKind, UnitId, UnitKind, VillageFacts, VillageFlags,
};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde::Deserialize;

use crate::entities::{app_user, unit as unit_row};
use crate::units::{NewFacts, NewSuccession, NewUnit, NewVersion};
use crate::users::NewUser;
use crate::{Actor, Store, StoreError};

/// The reference units, built in.
pub const REFERENCE_UNITS: &str = include_str!("../../../data/units.toml");
/// The demo's printed password.
pub(crate) fn demo_password() -> Result<String, StoreError> {
    let file: UnitsFile =
        toml::from_str(DEMO).map_err(|e| StoreError::Config(e.message().to_string()))?;
    file.password
        .ok_or_else(|| StoreError::Config("the demo file has no password".into()))
}

/// The demo data, built in.
pub const DEMO: &str = include_str!("../../../data/demo.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitsFile {
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    password: Option<String>,
    #[serde(default)]
    unit: Vec<UnitEntry>,
    #[serde(default)]
    succession: Vec<SuccessionEntry>,
    #[serde(default)]
    facts: Vec<FactsEntry>,
    #[serde(default)]
    user: Vec<UserEntry>,
    #[serde(default)]
    official: Vec<OfficialEntry>,
    #[serde(default)]
    decision: Vec<DecisionEntry>,
    #[serde(default)]
    team: Vec<TeamEntry>,
    #[serde(default)]
    person: Vec<PersonEntry>,
    #[serde(default)]
    membership: Vec<MembershipEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OfficialEntry {
    commune: String,
    office: String,
    full_name: String,
    from: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionEntry {
    commune: String,
    number: String,
    signed_on: String,
    signer: String,
    kind: String,
    subject: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TeamEntry {
    commune: String,
    name: String,
    villages: Vec<String>,
    established_on: String,
    #[serde(default)]
    decision: Option<String>,
    #[serde(default)]
    workplace: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonEntry {
    commune: String,
    cccd: String,
    full_name: String,
    birth_date: String,
    sex: String,
    ethnicity: String,
    residence: String,
    #[serde(default)]
    residence_since: Option<String>,
    education: String,
    #[serde(default)]
    health_certificate_on: Option<String>,
    household: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MembershipEntry {
    cccd: String,
    team: String,
    role: String,
    origin: String,
    start_date: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitEntry {
    code: String,
    level: String,
    versions: Vec<VersionEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VersionEntry {
    name: String,
    kind: String,
    #[serde(default)]
    parent: Option<String>,
    valid_from: String,
    #[serde(default)]
    valid_to: Option<String>,
    #[serde(default)]
    basis: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SuccessionEntry {
    kind: String,
    date: String,
    basis: String,
    #[serde(default)]
    note: Option<String>,
    predecessors: Vec<String>,
    successors: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FactsEntry {
    unit: String,
    valid_from: String,
    #[serde(default)]
    households: Option<u32>,
    #[serde(default)]
    population: Option<u32>,
    #[serde(default)]
    area_ha: Option<String>,
    #[serde(default)]
    flags: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserEntry {
    username: String,
    display_name: String,
    roles: Vec<String>,
    #[serde(default)]
    all_units: bool,
    #[serde(default)]
    scope: Vec<String>,
}

/// What a load did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub units: usize,
    pub successions: usize,
    pub facts: usize,
    pub users: Vec<String>,
    pub password: Option<String>,
}

fn date(field: &'static str, s: &str) -> Result<NaiveDate, StoreError> {
    Ok(antt_domain::date::parse(field, s)?)
}

/// Parses a village's flags such as `["border", "key_security"]` (island is not a village flag).
pub fn parse_flags(names: &[String]) -> Result<VillageFlags, FieldError> {
    match unit::parse_flag_names(names.iter().map(String::as_str))? {
        (_, true) => Err(FieldError::new(
            "flags",
            FieldErrorKind::InvalidChoice {
                allowed: "border, mountainous, ethnic_minority, especially_difficult, key_security",
            },
        )),
        (flags, false) => Ok(flags),
    }
}

impl Store {
    /// Whether the database holds any unit yet.
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(unit_row::Entity::find().count(&self.db).await? == 0)
    }

    /// Loads a units file (and, for the demo, its facts and users). Units whose code already
    /// exists are left alone, so loading twice changes nothing.
    pub async fn load_units_file(
        &self,
        actor: &Actor,
        toml_text: &str,
    ) -> Result<LoadReport, StoreError> {
        let file: UnitsFile = toml::from_str(toml_text).map_err(|e| {
            StoreError::Config(format!("tệp dữ liệu không hợp lệ: {}", e.message()))
        })?;
        let mut report = LoadReport::default();
        let mut ids: HashMap<String, UnitId> = HashMap::new();
        let existing = unit_row::Entity::find().all(&self.db).await?;
        for u in existing {
            ids.insert(u.code.clone(), UnitId(u.id));
        }
        let mut new_codes = Vec::new();
        for u in &file.unit {
            if ids.contains_key(&u.code) {
                continue;
            }
            let level = Level::parse(&u.level)?;
            let mut versions = u.versions.iter();
            let Some(first) = versions.next() else {
                continue;
            };
            let version = |v: &VersionEntry,
                           ids: &HashMap<String, UnitId>|
             -> Result<NewVersion, StoreError> {
                Ok(NewVersion {
                    name: v.name.clone(),
                    kind: UnitKind::parse(&v.kind)?,
                    parent: match &v.parent {
                        Some(code) => Some(*ids.get(code).ok_or(FieldError::new(
                            "parent",
                            FieldErrorKind::from(antt_domain::unit::UnitFault::ParentNotFound),
                        ))?),
                        None => None,
                    },
                    valid_from: date("valid_from", &v.valid_from)?,
                    valid_to: v
                        .valid_to
                        .as_deref()
                        .map(|t| date("valid_to", t))
                        .transpose()?,
                    basis: v.basis.clone(),
                })
            };
            let id = self
                .create_unit(
                    actor,
                    &NewUnit {
                        code: u.code.clone(),
                        level,
                        version: version(first, &ids)?,
                    },
                )
                .await?
                .id;
            ids.insert(u.code.clone(), id);
            for v in versions {
                self.add_unit_version(actor, id, &version(v, &ids)?, false)
                    .await?;
            }
            new_codes.push(u.code.clone());
            report.units += 1;
        }
        let lookup = |code: &String| ids.get(code).copied().ok_or(StoreError::NotFound);
        for s in &file.succession {
            // A succession is new only if one of its units is.
            if !s
                .predecessors
                .iter()
                .chain(&s.successors)
                .any(|c| new_codes.contains(c))
            {
                continue;
            }
            self.record_succession(
                actor,
                &NewSuccession {
                    kind: SuccessionKind::parse(&s.kind)?,
                    effective_date: date("date", &s.date)?,
                    basis: s.basis.clone(),
                    note: s.note.clone(),
                    predecessors: s
                        .predecessors
                        .iter()
                        .map(lookup)
                        .collect::<Result<_, _>>()?,
                    successors: s.successors.iter().map(lookup).collect::<Result<_, _>>()?,
                },
            )
            .await?;
            report.successions += 1;
        }
        for f in &file.facts {
            if !new_codes.contains(&f.unit) {
                continue;
            }
            let facts = VillageFacts {
                households: f.households,
                population: f.population,
                area_centi_ha: match &f.area_ha {
                    Some(a) => unit::parse_area_ha(a)?,
                    None => None,
                },
                flags: parse_flags(&f.flags)?,
            };
            self.set_village_facts(
                actor,
                lookup(&f.unit)?,
                &NewFacts {
                    valid_from: date("valid_from", &f.valid_from)?,
                    facts,
                    source: file.source.clone(),
                },
            )
            .await?;
            report.facts += 1;
        }
        for u in &file.user {
            let Some(password) = &file.password else {
                break;
            };
            let exists = app_user::Entity::find()
                .filter(app_user::Column::Username.eq(u.username.as_str()))
                .one(&self.db)
                .await?
                .is_some();
            if exists {
                continue;
            }
            self.create_user(
                actor,
                &NewUser {
                    username: u.username.clone(),
                    display_name: u.display_name.clone(),
                    password: password.clone(),
                    roles: u
                        .roles
                        .iter()
                        .map(|r| Role::parse(r))
                        .collect::<Result<_, _>>()?,
                    all_units: u.all_units,
                    scope: u.scope.iter().map(lookup).collect::<Result<_, _>>()?,
                },
            )
            .await?;
            report.users.push(u.username.clone());
        }
        report.password = file.password.clone().filter(|_| !report.users.is_empty());
        self.load_force(actor, &file, &ids).await?;
        Ok(report)
    }

    /// The demo accounts still present and the demo password, for printing at start.
    pub async fn demo_logins(&self) -> Result<Option<(Vec<String>, String)>, StoreError> {
        let file: UnitsFile =
            toml::from_str(DEMO).map_err(|e| StoreError::Config(e.message().to_string()))?;
        let Some(password) = file.password else {
            return Ok(None);
        };
        let mut present = Vec::new();
        for u in &file.user {
            let found = app_user::Entity::find()
                .filter(app_user::Column::Username.eq(u.username.as_str()))
                .one(&self.db)
                .await?;
            if found.is_some_and(|f| f.active) {
                present.push(format!("{} — {}", u.username, u.display_name));
            }
        }
        Ok((!present.is_empty()).then_some((present, password)))
    }

    /// Closes the demo accounts (`antt demo remove`): each active one is deactivated and given a
    /// random password, which ends its sessions and revokes its tokens, audited as any account
    /// change. Needs an administrator of every unit. Returns the user names closed.
    pub async fn remove_demo_accounts(&self, actor: &Actor) -> Result<Vec<String>, StoreError> {
        actor.require(antt_domain::access::Action::ManageUsers)?;
        if !actor.scope().is_all() {
            return Err(StoreError::Forbidden);
        }
        let file: UnitsFile =
            toml::from_str(DEMO).map_err(|e| StoreError::Config(e.message().to_string()))?;
        let mut closed = Vec::new();
        for u in &file.user {
            let Some(found) = app_user::Entity::find()
                .filter(app_user::Column::Username.eq(u.username.as_str()))
                .one(&self.db)
                .await?
                .filter(|f| f.active)
            else {
                continue;
            };
            let change = crate::users::UserChange {
                active: Some(false),
                password: Some(crate::users::random_token()?),
                ..Default::default()
            };
            self.update_user(actor, found.id, &change).await?;
            closed.push(u.username.clone());
        }
        Ok(closed)
    }

    /// Loads the decisions, teams, people and memberships of a data file; what exists is kept.
    async fn load_force(
        &self,
        actor: &Actor,
        file: &UnitsFile,
        ids: &HashMap<String, UnitId>,
    ) -> Result<(), StoreError> {
        use crate::force::{NewDecision, NewMembership, NewPerson, NewTeam};
        use antt_domain::force::Origin;
        use antt_domain::person::Sex;
        use antt_domain::policy::TeamRole;
        use antt_domain::policy::eligibility::Education;
        let unit = |code: &String| ids.get(code).copied().ok_or(StoreError::NotFound);
        for o in &file.official {
            let commune = unit(&o.commune)?;
            let office = antt_domain::office::Office::parse(&o.office)?;
            let from = date("from", &o.from)?;
            let on_file = self.officials(actor, commune).await?;
            if !on_file.iter().any(|t| t.office == office && t.from == from) {
                self.appoint_official(actor, commune, office, &o.full_name, from)
                    .await?;
            }
        }
        let mut decisions: HashMap<(String, String), antt_domain::kernel::ids::DecisionId> =
            HashMap::new();
        for d in &file.decision {
            let commune = unit(&d.commune)?;
            let existing = self
                .decisions(actor, Some(commune))
                .await?
                .into_iter()
                .find(|x| x.number == d.number);
            let id = match existing {
                Some(x) => x.id,
                None => {
                    self.create_decision(
                        actor,
                        &NewDecision {
                            commune,
                            number: d.number.clone(),
                            signed_on: date("signed_on", &d.signed_on)?,
                            signer: d.signer.clone(),
                            kind: antt_domain::force::DecisionKind::parse(&d.kind)?,
                            subject: d.subject.clone(),
                        },
                    )
                    .await?
                }
            };
            decisions.insert((d.commune.clone(), d.number.clone()), id);
        }
        let mut teams: HashMap<String, antt_domain::kernel::ids::TeamId> = HashMap::new();
        for t in &file.team {
            let commune = unit(&t.commune)?;
            let on = date("established_on", &t.established_on)?;
            let existing = self
                .teams(actor, Some(commune), on)
                .await?
                .into_iter()
                .find(|x| x.name == t.name);
            let id = match existing {
                Some(x) => x.id,
                None => {
                    self.create_team(
                        actor,
                        &NewTeam {
                            commune,
                            name: t.name.clone(),
                            villages: t.villages.iter().map(unit).collect::<Result<_, _>>()?,
                            workplace: t.workplace.clone(),
                            established_on: on,
                            decision: t.decision.as_ref().and_then(|n| {
                                decisions.get(&(t.commune.clone(), n.clone())).copied()
                            }),
                        },
                    )
                    .await?
                }
            };
            teams.insert(t.name.clone(), id);
        }
        let mut people: HashMap<String, antt_domain::kernel::ids::PersonId> = HashMap::new();
        for p in &file.person {
            let existing = self
                .people(actor, &p.cccd, 2)
                .await?
                .into_iter()
                .find(|x| x.cccd == p.cccd);
            let id = match existing {
                Some(x) => x.id,
                None => {
                    let opt = |field: &'static str, v: &Option<String>| {
                        v.as_deref().map(|s| date(field, s)).transpose()
                    };
                    self.create_person(
                        actor,
                        &NewPerson {
                            commune: unit(&p.commune)?,
                            cccd: p.cccd.clone(),
                            full_name: p.full_name.clone(),
                            birth_date: date("birth_date", &p.birth_date)?,
                            sex: Sex::parse(&p.sex)?,
                            ethnicity: p.ethnicity.clone(),
                            residence: p.residence.clone(),
                            residence_since: opt("residence_since", &p.residence_since)?,
                            education: Education::parse(&p.education)?,
                            health_certificate_on: opt(
                                "health_certificate",
                                &p.health_certificate_on,
                            )?,
                            phone: None,
                            prior_service: vec![],
                            household: p.household.clone(),
                            covered_bhxh: false,
                            covered_bhyt: false,
                        },
                    )
                    .await?
                }
            };
            people.insert(p.cccd.clone(), id);
        }
        for m in &file.membership {
            let (Some(person), Some(team)) = (people.get(&m.cccd), teams.get(&m.team)) else {
                return Err(StoreError::NotFound);
            };
            let start = date("start_date", &m.start_date)?;
            let view = self.person(actor, *person).await?;
            if view
                .memberships
                .iter()
                .any(|x| x.team_id == *team && x.start_date == start)
            {
                continue;
            }
            self.add_membership(
                actor,
                &NewMembership {
                    person: *person,
                    team: *team,
                    role: TeamRole::from_code(&m.role)
                        .ok_or(FieldError::new("role", FieldErrorKind::Required))?,
                    origin: Origin::parse(&m.origin)?,
                    start_date: start,
                    decision: None,
                    over70_decision: None,
                },
            )
            .await?;
        }
        Ok(())
    }

    /// Loads the reference units only (real data; every installation gets them).
    pub async fn load_reference(&self) -> Result<LoadReport, StoreError> {
        self.load_units_file(&Actor::job("reference"), REFERENCE_UNITS)
            .await
    }

    /// A selection round of the demo in Ia Tơi, left after the minutes (autumn 2026) so the
    /// proposal shows as overdue: the plan, three applications (one 17 years old), the list, the
    /// council's vote by the national pass rule. Skipped when it exists.
    async fn load_demo_round(&self, actor: &Actor) -> Result<(), StoreError> {
        use crate::selection::{Checklist, CouncilMember, CouncilVote, NewApplication, NewRound};
        use antt_domain::policy::eligibility::LegalStatus;
        use antt_domain::selection::{CouncilRole, Step, VoteMethod};
        const TITLE: &str = "Tuyển chọn Tổ viên thôn Minh họa 4 (minh họa)";
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).ok_or(StoreError::NotFound);
        let commune = self.unit_by_code(actor, "23538").await?;
        if self
            .rounds(actor, Some(commune))
            .await?
            .iter()
            .any(|r| r.title == TITLE)
        {
            return Ok(());
        }
        let village = self.unit_by_code(actor, "23537-01").await?;
        let id = self
            .create_round(
                actor,
                &NewRound {
                    commune,
                    team: None,
                    new_team_name: Some("Tổ bảo vệ ANTT thôn Minh họa 4".into()),
                    villages: vec![village],
                    title: TITLE.into(),
                    quota: 2,
                    documents: "Đơn đăng ký (Mẫu 01); sơ yếu lý lịch; giấy chứng nhận sức khỏe; bằng hoặc giấy xác nhận học vấn. Không thu phí.".into(),
                    place: "Trụ sở Công an xã Ia Tơi".into(),
                    application_deadline: d(2026, 11, 5)?,
                    meeting_on: d(2026, 11, 12)?,
                },
            )
            .await?;
        self.record_step(actor, id, Step::PlanApproved, d(2026, 10, 20)?, None, None)
            .await?;
        self.record_step(actor, id, Step::PlanPosted, d(2026, 10, 21)?, None, None)
            .await?;
        let on = d(2026, 10, 26)?;
        let full = Checklist {
            form01: true,
            cv: true,
            health_certificate: true,
            diploma: true,
        };
        for cccd in ["062094000007", "062199000008", "062209000009"] {
            let Some(p) = self
                .people(actor, cccd, 2)
                .await?
                .into_iter()
                .find(|p| p.cccd == cccd)
            else {
                return Err(StoreError::NotFound);
            };
            self.add_application(
                actor,
                id,
                &NewApplication {
                    person: p.id,
                    village: Some(village),
                    submitted_on: on,
                    received_by: "Công an xã Ia Tơi (minh họa)".into(),
                    checklist: full,
                    legal_status: LegalStatus::Clear,
                },
            )
            .await?;
        }
        self.record_step(actor, id, Step::ListApproved, d(2026, 11, 6)?, None, None)
            .await?;
        self.record_step(actor, id, Step::ListPosted, d(2026, 11, 9)?, None, None)
            .await?;
        let round = self.round(actor, id).await?;
        let votes: Vec<(uuid::Uuid, u32)> = round
            .applications
            .iter()
            .filter(|a| a.on_list)
            .zip([6, 4])
            .map(|(a, v)| (a.id, v))
            .collect();
        let member = |name: &str, role: CouncilRole, org: &str, present: bool| CouncilMember {
            full_name: name.into(),
            role,
            organisation: org.into(),
            present,
        };
        self.record_vote(
            actor,
            id,
            &CouncilVote {
                met_on: d(2026, 11, 12)?,
                method: VoteMethod::SecretBallot,
                members: vec![
                    member(
                        "Phó Chủ tịch UBND xã (minh họa)",
                        CouncilRole::Chair,
                        "UBND xã Ia Tơi",
                        true,
                    ),
                    member(
                        "Trưởng Công an xã (minh họa)",
                        CouncilRole::ViceChair,
                        "Công an xã Ia Tơi",
                        true,
                    ),
                    member(
                        "Bí thư Đoàn xã (minh họa)",
                        CouncilRole::Member,
                        "Đoàn TNCS Hồ Chí Minh xã",
                        true,
                    ),
                    member(
                        "Chủ tịch Hội LHPN xã (minh họa)",
                        CouncilRole::Member,
                        "Hội LHPN xã",
                        true,
                    ),
                    member(
                        "Chủ tịch Hội Nông dân xã (minh họa)",
                        CouncilRole::Member,
                        "Hội Nông dân xã",
                        false,
                    ),
                    member(
                        "Trưởng thôn Minh họa 4",
                        CouncilRole::Member,
                        "Thôn Minh họa 4",
                        true,
                    ),
                    member(
                        "Công chức Văn phòng (minh họa)",
                        CouncilRole::Secretary,
                        "UBND xã Ia Tơi",
                        true,
                    ),
                ],
                votes,
            },
        )
        .await?;
        self.record_step(actor, id, Step::MinutesSigned, d(2026, 11, 12)?, None, None)
            .await?;
        Ok(())
    }

    /// Ia Tơi's money as the demo tells it (FIX-1): a duty log for July–November 2026, the
    /// payrolls of July–October checked by the accountant, approved by the chairman and paid
    /// while the product still shipped the national pack of before Nghị định 161/2026 (the base
    /// salary 2,340,000 with no end), then the shipped pack with the rise of 1/7/2026. November's
    /// draft carries the arrears of each month. Skipped when the commune has payrolls already;
    /// needs a clock past 31/10/2026.
    async fn load_demo_payrolls(&self, actor: &Actor) -> Result<(), StoreError> {
        use crate::payroll::NewShift;
        use antt_domain::payroll::{DutyKind, Month};
        let commune = self.unit_by_code(actor, "23538").await?;
        let rows = crate::entities::payroll::Entity::find()
            .filter(crate::entities::payroll::Column::CommuneId.eq(commune.0))
            .count(&self.db)
            .await?;
        if rows > 0
            || self.clock.today_vn()
                < NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or(NaiveDate::MAX)
        {
            return Ok(());
        }
        // The story is told by the demo's own accounts; with them closed (`antt demo remove`)
        // it is not told.
        let (police, accountant, chairman) = match (
            self.actor_named("ca.iatoi").await,
            self.actor_named("kt.iatoi").await,
            self.actor_named("ubnd.iatoi").await,
        ) {
            (Ok(p), Ok(a), Ok(c)) => (p, a, c),
            (Err(StoreError::NotFound), _, _)
            | (_, Err(StoreError::NotFound), _)
            | (_, _, Err(StoreError::NotFound)) => return Ok(()),
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return Err(e),
        };
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).ok_or(StoreError::NotFound);
        let teams = self.teams(&police, Some(commune), d(2026, 7, 1)?).await?;
        let in_post = |t: &crate::force::TeamView,
                       on: NaiveDate|
         -> Vec<antt_domain::kernel::ids::PersonId> {
            t.members
                .iter()
                .filter(|m| m.start_date <= on && m.end_date.is_none_or(|e| on <= e))
                .map(|m| m.person_id)
                .collect()
        };
        // Nights of patrol, a Saturday event, a fire call: the allowances each month reads.
        let shifts: [(u32, u32, u32, u32, DutyKind, bool); 7] = [
            (7, 3, 22 * 60, 2 * 60, DutyKind::Patrol, false),
            (7, 18, 7 * 60, 11 * 60, DutyKind::Event, false),
            (8, 7, 22 * 60, 2 * 60, DutyKind::Patrol, false),
            (8, 22, 21 * 60, 3 * 60, DutyKind::Patrol, false),
            (9, 10, 14 * 60, 18 * 60, DutyKind::FireRescue, true),
            (10, 9, 22 * 60, 2 * 60, DutyKind::Patrol, false),
            (11, 6, 22 * 60, 2 * 60, DutyKind::Patrol, false),
        ];
        for (month, day, start, end, kind, hazardous) in shifts {
            let date = d(2026, month, day)?;
            for t in &teams {
                let people = in_post(t, date);
                if people.is_empty() {
                    continue;
                }
                self.record_duty_shift(
                    &police,
                    &NewShift {
                        team: t.id,
                        date,
                        start,
                        end,
                        kind,
                        hazardous,
                        mobilised_by: None,
                        note: Some("Minh họa".into()),
                        people,
                    },
                )
                .await?;
            }
        }
        // The months approved under the earlier national pack.
        let earlier = crate::policies::national_before_fix_1()?;
        let mut packs = crate::policies::builtin_packs()
            .map_err(|(f, e)| StoreError::Config(format!("{f}: {e}")))?;
        for p in &mut packs {
            if p.kind == antt_domain::policy::PackKind::National {
                *p = earlier.clone();
            }
        }
        let then = self.clone().with_pack_set(packs);
        let today = self.clock.today_vn();
        for m in 7..=10 {
            let month = Month::new(2026, m).ok_or(StoreError::NotFound)?;
            then.check_payroll(&accountant, commune, month).await?;
            then.approve_payroll(&chairman, commune, month).await?;
            then.pay_payroll(
                &accountant,
                commune,
                month,
                today,
                &format!("PC-{m:02}/2026 (minh họa)"),
            )
            .await?;
        }
        self.load_demo_insurance(&then, &police, &accountant, commune)
            .await
    }

    /// The demo's insurance: every member of Ia Tơi registered for BHXH TN from the month they
    /// joined (every three months), the third quarter of 2026 advanced in July under the base
    /// salary then known (2,340,000) and settled in October under the rise of 1/7/2026 (its
    /// BHYT support is higher: the settlement shows the difference), the fourth advanced in
    /// October. The social insurance office has not confirmed the third quarter yet.
    async fn load_demo_insurance(
        &self,
        then: &Store,
        police: &Actor,
        accountant: &Actor,
        commune: antt_domain::unit::UnitId,
    ) -> Result<(), StoreError> {
        use antt_domain::insurance::quarter::{Enrolment, PaymentMode, Quarter};
        use antt_domain::payroll::Month;
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).ok_or(StoreError::NotFound);
        let teams = self
            .teams(police, Some(commune), self.clock.today_vn())
            .await?;
        let mut seen = Vec::new();
        for (i, m) in teams.iter().flat_map(|t| t.members.iter()).enumerate() {
            if seen.contains(&m.person_id) {
                continue;
            }
            seen.push(m.person_id);
            let start = Month::of(m.start_date);
            self.set_bank_account(
                accountant,
                m.person_id,
                Some(&antt_domain::payroll::bank::BankAccount {
                    account_no: format!("5100205{:06}", 100 + i),
                    bank: "Agribank (minh họa)".into(),
                    branch: Some("Chi nhánh Ia H'Drai".into()),
                }),
            )
            .await?;
            self.set_insurance_enrolment(
                accountant,
                m.person_id,
                &Enrolment {
                    bhxh_code: Some(format!("62230000{:02}", i + 1)),
                    bhxh_from: Some(start),
                    payment_mode: PaymentMode::Quarterly,
                    state_months_before: 0,
                    bhyt_card: None,
                },
            )
            .await?;
        }
        // The commune's accounts and its bank's file, made up (a real bank's columns are
        // entered from that bank's own template).
        self.set_payment_details(
            accountant,
            commune,
            &antt_domain::payroll::bank::PaymentDetails {
                budget_unit_code: Some("1099999".into()),
                treasury_account: Some("9523.2.1099999".into()),
                treasury: Some("Kho bạc Nhà nước khu vực XIV (minh họa)".into()),
                insurance_account: Some("3761.0.1055555".into()),
                insurance_bank: Some("Bảo hiểm xã hội khu vực (minh họa)".into()),
            },
        )
        .await?;
        self.set_bank_layout(
            accountant,
            commune,
            &antt_domain::payroll::bank::BankLayout {
                bank: "Agribank (minh họa)".into(),
                columns: antt_domain::payroll::bank::BankLayout::parse_columns(
                    "stt, name_ascii, account, amount, content_ascii",
                )?,
                delimiter: ',',
                header: true,
            },
        )
        .await?;
        let q3 = Quarter::new(2026, 3).ok_or(StoreError::NotFound)?;
        let q4 = q3.next();
        let account = Some("3761.0.1055555");
        then.record_insurance_advance(
            accountant,
            commune,
            q3,
            d(2026, 7, 6)?,
            "UNC-TC-Q3/2026 (minh họa)",
            account,
        )
        .await?;
        self.settle_insurance_quarter(
            accountant,
            commune,
            q3,
            d(2026, 10, 5)?,
            "UNC-QT-Q3/2026 (minh họa)",
        )
        .await?;
        self.record_insurance_advance(
            accountant,
            commune,
            q4,
            d(2026, 10, 5)?,
            "UNC-TC-Q4/2026 (minh họa)",
            account,
        )
        .await?;
        Ok(())
    }

    /// Loads the reference units and the demo.
    pub async fn load_demo(&self) -> Result<LoadReport, StoreError> {
        // The demo's figures come from the demo packs where the real ones are silent.
        let demo = self.clone().with_demo_packs(true);
        demo.load_demo_with_demo_packs().await
    }

    async fn load_demo_with_demo_packs(&self) -> Result<LoadReport, StoreError> {
        let actor = Actor::job("demo");
        let reference = self.load_units_file(&actor, REFERENCE_UNITS).await?;
        let mut demo = self.load_units_file(&actor, DEMO).await?;
        self.load_demo_round(&actor).await?;
        self.load_demo_payrolls(&actor).await?;
        demo.units += reference.units;
        demo.successions += reference.successions;
        Ok(demo)
    }
}

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

/// Parses flags such as `["border", "key_security"]`.
pub fn parse_flags(names: &[String]) -> Result<VillageFlags, FieldError> {
    let mut f = VillageFlags::default();
    for n in names {
        match n.trim() {
            "border" => f.border = true,
            "mountainous" => f.mountainous = true,
            "ethnic_minority" => f.ethnic_minority = true,
            "especially_difficult" => f.especially_difficult = true,
            "key_security" => f.key_security = true,
            _ => {
                return Err(FieldError::new(
                    "flags",
                    FieldErrorKind::InvalidChoice {
                        allowed: "border, mountainous, ethnic_minority, especially_difficult, key_security",
                    },
                ));
            }
        }
    }
    Ok(f)
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
                            FieldErrorKind::Other("parent_not_found"),
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
                .await?;
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

    /// Loads the reference units only (real data; every installation gets them).
    pub async fn load_reference(&self) -> Result<LoadReport, StoreError> {
        self.load_units_file(&Actor::system("reference"), REFERENCE_UNITS)
            .await
    }

    /// Loads the reference units and the demo.
    pub async fn load_demo(&self) -> Result<LoadReport, StoreError> {
        let actor = Actor::system("demo");
        let reference = self.load_units_file(&actor, REFERENCE_UNITS).await?;
        let mut demo = self.load_units_file(&actor, DEMO).await?;
        demo.units += reference.units;
        demo.successions += reference.successions;
        Ok(demo)
    }
}

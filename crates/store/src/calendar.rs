//! The schedules of days off the government announces each year, seeded from `data/holidays.toml`
//! and corrected by administrators; the working-day calendar built from them.

use antt_domain::access::Action;
use antt_domain::calendar::{Announcement, WorkCalendar};
use antt_domain::error::{FieldError, FieldErrorKind};
use chrono::NaiveDate;
use sea_orm::{ActiveValue::Set, EntityTrait, QueryOrder};
use serde::{Deserialize, Serialize};

use crate::audit::{self, Change};
use crate::audit_action::AuditAction;
use crate::entities::holiday_year;
use crate::units::Outcome;
use crate::{Actor, Store, StoreError};

/// The seed, built in.
pub const HOLIDAYS: &str = include_str!("../../../data/holidays.toml");

/// One year's announced schedule as stored and exchanged (JSON in the database, TOML in the seed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct YearSchedule {
    pub year: i32,
    #[serde(default)]
    pub tet: Vec<NaiveDate>,
    #[serde(default)]
    pub national_day_extra: Option<NaiveDate>,
    #[serde(default)]
    pub other_off: Vec<OtherDay>,
    #[serde(default)]
    pub make_up_days: Vec<NaiveDate>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OtherDay {
    pub date: NaiveDate,
    pub name: String,
}

#[derive(Deserialize)]
struct SeedFile {
    year: Vec<YearSchedule>,
}

impl YearSchedule {
    fn check(&self) -> Result<(), FieldError> {
        let in_year = |d: &NaiveDate| chrono::Datelike::year(d) == self.year;
        if !(2000..=2100).contains(&self.year) {
            return Err(FieldError::new("year", FieldErrorKind::InvalidNumber));
        }
        let dates = self
            .tet
            .iter()
            .chain(self.national_day_extra.iter())
            .chain(self.other_off.iter().map(|o| &o.date))
            .chain(self.make_up_days.iter());
        if !dates.clone().all(in_year) {
            return Err(FieldError::new(
                "date",
                FieldErrorKind::from(antt_domain::calendar::CalendarFault::DateOutsideYear),
            ));
        }
        if self.source.trim().is_empty() {
            return Err(FieldError::new("source", FieldErrorKind::Required));
        }
        Ok(())
    }

    pub fn announcement(&self) -> Announcement {
        Announcement {
            year: self.year,
            tet: self.tet.clone(),
            national_day_extra: self.national_day_extra,
            other_off: self
                .other_off
                .iter()
                .map(|o| (o.date, o.name.clone()))
                .collect(),
            make_up_days: self.make_up_days.clone(),
            source: self.source.clone(),
        }
    }
}

impl Store {
    /// Adds the seeded years that the database does not have yet (never overwrites a correction).
    pub(crate) async fn seed_holidays(&self) -> Result<(), StoreError> {
        let seed: SeedFile = toml::from_str(HOLIDAYS)
            .map_err(|e| StoreError::Config(format!("data/holidays.toml: {}", e.message())))?;
        let have: Vec<i32> = holiday_year::Entity::find()
            .all(&self.db)
            .await?
            .into_iter()
            .map(|y| y.year)
            .collect();
        let missing: Vec<YearSchedule> = seed
            .year
            .into_iter()
            .filter(|y| !have.contains(&y.year))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        for y in &missing {
            y.check()?;
        }
        // Written and audited like any schedule an administrator enters, by the seed.
        let actor = Actor::job("seed");
        self.retrying(|| async {
            let txn = self.begin_write().await?;
            for y in &missing {
                self.write_year(&txn, &actor, y, None).await?;
            }
            txn.commit().await
        })
        .await
    }

    /// Every announced schedule.
    pub async fn holiday_years(&self) -> Result<Vec<YearSchedule>, StoreError> {
        holiday_year::Entity::find()
            .order_by_asc(holiday_year::Column::Year)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| {
                serde_json::from_str(&r.body)
                    .map_err(|e| StoreError::corrupt("holiday_year.body", e))
            })
            .collect()
    }

    /// The working-day calendar for the years around `around`.
    pub async fn work_calendar(&self, around: NaiveDate) -> Result<WorkCalendar, StoreError> {
        let year = chrono::Datelike::year(&around);
        let announcements: Vec<Announcement> = self
            .holiday_years()
            .await?
            .iter()
            .map(YearSchedule::announcement)
            .collect();
        Ok(WorkCalendar::new(year - 1..=year + 2, &announcements))
    }

    /// Writes one year's schedule (a new row when `before` is `None`) and its audit row.
    async fn write_year(
        &self,
        txn: &crate::WriteTxn,
        actor: &Actor,
        y: &YearSchedule,
        before: Option<&serde_json::Value>,
    ) -> Result<(), StoreError> {
        let after = serde_json::to_value(y).unwrap_or_default();
        let row = holiday_year::ActiveModel {
            year: Set(y.year),
            body: Set(after.to_string()),
            source: Set(y.source.clone()),
            updated_by: Set(actor.label()),
            updated_at: Set(self.clock.now()),
        };
        if before.is_some() {
            holiday_year::Entity::update(row).exec(&**txn).await?;
        } else {
            holiday_year::Entity::insert(row)
                .exec_without_returning(&**txn)
                .await?;
        }
        audit::append(
            &**txn,
            actor,
            self.clock.now(),
            Change {
                action: AuditAction::HolidayYearSet,
                entity: "holiday_year",
                entity_id: y.year.to_string(),
                unit: None,
                before,
                after: Some(&after),
            },
        )
        .await?;
        Ok(())
    }

    /// Enters or corrects a year's schedule when the government announces it.
    pub async fn set_holiday_year(
        &self,
        actor: &Actor,
        y: &YearSchedule,
    ) -> Result<Outcome, StoreError> {
        let granted = actor.granted(Action::ManageUnits)?;
        if !actor.scope().is_all() {
            // The schedule drives every commune's working-day deadlines: national reference data.
            let year = y.year.to_string();
            return Err(self
                .refuse(actor, "holiday_year.set", &year, "national calendar")
                .await);
        }
        y.check()?;
        write_txn!(self, granted, |txn, actor| {
            let existing = holiday_year::Entity::find_by_id(y.year).one(&**txn).await?;
            let before: Option<serde_json::Value> = existing
                .as_ref()
                .map(|e| {
                    serde_json::from_str(&e.body)
                        .map_err(|err| StoreError::corrupt("holiday_year.body", err))
                })
                .transpose()?;
            let after = serde_json::to_value(y).unwrap_or_default();
            if before.as_ref() == Some(&after) {
                return Ok(Outcome::Unchanged);
            }
            self.write_year(txn, actor, y, before.as_ref()).await?;
            Ok(Outcome::Changed)
        })
    }
}

//! `antt demo --scale national|province`: made-up data of the country's shape, to measure the
//! product at the size it will run at. Before 1/7/2025 each province has districts and small
//! communes; on 1/7/2025 the districts end and every two to four communes merge into one
//! (recorded successions), the villages moving under the new commune. Each village has its facts,
//! a team set up under the new commune by its chairman's decision, a leader, a deputy and a
//! member with valid CCCDs; each commune its chairman and police chief. Every name is marked
//! "(minh họa)".
//!
//! The rows go in province by province, each province in one transaction with one audit row
//! saying what it made; the unit reach is written from what is known here (each unit's
//! ancestors), so loading the country is linear in its size.

pub mod shape;

use std::time::Instant;

use antt_domain::access::Action;
use antt_domain::error::{FieldError, FieldErrorKind};
use antt_domain::person::Sex;
use antt_domain::text;
use antt_domain::unit::UnitId;
use chrono::NaiveDate;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde::Serialize;
use uuid::Uuid;

use crate::audit::{self, Change};
use crate::audit_action::AuditAction;
use crate::entities::{
    decision, membership, person, succession_event, succession_link, team, team_village, unit,
    unit_official, unit_reach, unit_version, village_facts,
};
use crate::{Actor, Store, StoreError, new_id};
pub use shape::Scale;
use shape::{Rng, place, someone};

/// What was made.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScaleReport {
    pub provinces: usize,
    pub districts: usize,
    pub communes_before: usize,
    pub communes: usize,
    pub villages: usize,
    pub successions: usize,
    pub teams: usize,
    pub people: usize,
    pub seconds: f64,
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// A version to write: name, kind, parent, from, to.
type VersionSpec<'a> = (&'a str, &'a str, Option<Uuid>, NaiveDate, Option<NaiveDate>);

/// Rows of one province, gathered before they are written.
#[derive(Default)]
struct Batch {
    units: Vec<unit::ActiveModel>,
    versions: Vec<unit_version::ActiveModel>,
    reach: Vec<unit_reach::ActiveModel>,
    facts: Vec<village_facts::ActiveModel>,
    events: Vec<succession_event::ActiveModel>,
    links: Vec<succession_link::ActiveModel>,
    decisions: Vec<decision::ActiveModel>,
    officials: Vec<unit_official::ActiveModel>,
    teams: Vec<team::ActiveModel>,
    team_villages: Vec<team_village::ActiveModel>,
    people: Vec<person::ActiveModel>,
    memberships: Vec<membership::ActiveModel>,
}

struct Ctx {
    now: chrono::DateTime<chrono::Utc>,
    rng: Rng,
    district_no: u32,
    old_no: u32,
    new_no: u32,
    person_no: u32,
    report: ScaleReport,
}

impl Batch {
    fn unit(
        &mut self,
        c: &Ctx,
        code: String,
        level: &str,
        versions: &[VersionSpec<'_>],
        ancestors: &[Uuid],
    ) -> Uuid {
        let id = new_id();
        self.units.push(unit::ActiveModel {
            id: Set(id),
            code: Set(code),
            level: Set(level.into()),
            created_at: Set(c.now),
        });
        for (name, kind, parent, from, to) in versions {
            self.versions.push(unit_version::ActiveModel {
                id: Set(new_id()),
                unit_id: Set(id),
                name: Set((*name).to_string()),
                name_folded: Set(text::fold(name)),
                kind: Set((*kind).to_string()),
                parent_id: Set(*parent),
                valid_from: Set(*from),
                valid_to: Set(*to),
                basis: Set(Some("Dữ liệu minh họa".into())),
            });
        }
        for a in std::iter::once(&id).chain(ancestors) {
            self.reach.push(unit_reach::ActiveModel {
                ancestor_id: Set(*a),
                descendant_id: Set(id),
            });
        }
        id
    }
}

const BEFORE: (i32, u32, u32) = (2020, 1, 1);

/// The first provinces take the codes of provinces whose resolution ships as a pack (TP Hồ Chí
/// Minh 79, Đắk Lắk 66, Khánh Hòa 56), so their quotas and amounts are computed as for real; the
/// others have made-up codes from 10, and their figures are policy gaps, as for a province whose
/// resolution nobody has entered yet.
fn province_code(p: usize) -> String {
    const WITH_PACKS: [&str; 3] = ["79", "66", "56"];
    match WITH_PACKS.get(p) {
        Some(code) => (*code).to_string(),
        None => format!("{:02}", 10 + p - WITH_PACKS.len()),
    }
}

impl Store {
    /// Generates made-up data of the given scale into an empty database (all-units
    /// administrators only). `progress` is told each province as it is written.
    pub async fn generate_demo(
        &self,
        actor: &Actor,
        scale: Scale,
        seed: u64,
        progress: &(dyn Fn(&str) + Sync),
    ) -> Result<ScaleReport, StoreError> {
        actor.require(Action::ManageUnits)?;
        if !actor.scope().is_all() {
            return Err(StoreError::Forbidden);
        }
        if !self.is_empty().await? {
            return Err(FieldError::new(
                "scale",
                FieldErrorKind::from(antt_domain::kernel::fault::CommonFault::DatabaseNotEmpty),
            )
            .into());
        }
        let started = Instant::now();
        let mut c = Ctx {
            now: self.clock.now(),
            rng: Rng::new(seed),
            district_no: 100,
            old_no: 10000,
            new_no: 30000,
            person_no: 0,
            report: ScaleReport::default(),
        };
        let plan = scale.communes_per_province();
        for (p, communes) in plan.iter().enumerate() {
            let mut b = Batch::default();
            let name = self.province(&mut c, &mut b, p, *communes)?;
            self.write_batch(actor, &b, &name).await?;
            progress(&format!(
                "{}/{}: {name} — {} đơn vị, {} người",
                p + 1,
                plan.len(),
                b.units.len(),
                b.people.len()
            ));
        }
        // The demo's administrator (its password is the demo's, printed: `antt serve` keeps the
        // installation on loopback until `antt demo remove`).
        let password = crate::seed::demo_password()?;
        self.create_user(
            actor,
            &crate::users::NewUser {
                username: "admin".into(),
                display_name: "Quản trị viên (minh họa)".into(),
                password,
                roles: vec![antt_domain::access::Role::Admin],
                all_units: true,
                scope: vec![],
            },
        )
        .await?;
        c.report.seconds = started.elapsed().as_secs_f64();
        Ok(c.report)
    }

    /// One province: its districts and old communes until 30/6/2025, its new communes from
    /// 1/7/2025 (each the merger of two to four old ones), the villages, teams and people.
    fn province(
        &self,
        c: &mut Ctx,
        b: &mut Batch,
        p: usize,
        communes: u32,
    ) -> Result<String, StoreError> {
        let before = day(BEFORE.0, BEFORE.1, BEFORE.2);
        let (last_old, first_new) = (day(2025, 6, 30), day(2025, 7, 1));
        let name = format!("Tỉnh {} (minh họa)", place(&mut c.rng));
        let code = province_code(p);
        let province = b.unit(
            c,
            code,
            "province",
            &[(&name, "tinh", None, before, None)],
            &[],
        );
        c.report.provinces += 1;
        // Old communes in districts of about 14.
        let mut district = None;
        let mut in_district = 0;
        for _ in 0..communes {
            let new_name = format!("Xã {} (minh họa)", place(&mut c.rng));
            let new_code = format!("{:05}", c.new_no);
            c.new_no += 1;
            let new_commune = b.unit(
                c,
                new_code.clone(),
                "commune",
                &[(&new_name, "xa", Some(province), first_new, None)],
                &[province],
            );
            c.report.communes += 1;
            let event = new_id();
            b.events.push(succession_event::ActiveModel {
                id: Set(event),
                kind: Set("merge".into()),
                effective_date: Set(first_new),
                basis: Set("Nghị quyết sắp xếp đơn vị hành chính cấp xã (minh họa)".into()),
                note: Set(None),
            });
            c.report.successions += 1;
            let decision_id = new_id();
            b.decisions.push(decision::ActiveModel {
                id: Set(decision_id),
                commune_id: Set(new_commune),
                number: Set(format!("{}/QĐ-UBND", c.rng.range(1, 300))),
                signed_on: Set(day(2025, 7, 10)),
                signer: Set(format!("Chủ tịch UBND {new_name}")),
                kind: Set("team_establishment".into()),
                subject: Set("Thành lập các Tổ bảo vệ ANTT ở cơ sở (minh họa)".into()),
                created_at: Set(c.now),
            });
            for (office, title) in [("chairman", "Chủ tịch"), ("police_chief", "Trưởng Công an")]
            {
                let who = someone(&mut c.rng, 0).full_name;
                b.officials.push(unit_official::ActiveModel {
                    id: Set(new_id()),
                    unit_id: Set(new_commune),
                    office: Set(office.into()),
                    full_name: Set(format!("{who} — {title}")),
                    valid_from: Set(first_new),
                    valid_to: Set(None),
                    created_at: Set(c.now),
                });
            }
            for _ in 0..c.rng.range(2, 4) {
                if district.is_none() || in_district >= 14 {
                    let d_name = format!("Huyện {} (minh họa)", place(&mut c.rng));
                    let d_code = format!("{:03}", c.district_no);
                    c.district_no += 1;
                    district = Some(b.unit(
                        c,
                        d_code,
                        "district",
                        &[(&d_name, "huyen", Some(province), before, Some(last_old))],
                        &[province],
                    ));
                    c.report.districts += 1;
                    in_district = 0;
                }
                let Some(d) = district else { continue };
                in_district += 1;
                let old_name = format!("Xã {} (minh họa)", place(&mut c.rng));
                let old_code = format!("{:05}", c.old_no);
                c.old_no += 1;
                let old = b.unit(
                    c,
                    old_code.clone(),
                    "commune",
                    &[(&old_name, "xa", Some(d), before, Some(last_old))],
                    &[d, province, new_commune],
                );
                c.report.communes_before += 1;
                b.links.push(succession_link::ActiveModel {
                    id: Set(new_id()),
                    event_id: Set(event),
                    predecessor_id: Set(old),
                    successor_id: Set(new_commune),
                });
                for v in 0..c.rng.range(8, 12) {
                    self.village(
                        c,
                        b,
                        &old_code,
                        v,
                        [old, d, province, new_commune],
                        decision_id,
                        &new_name,
                    )?;
                }
            }
        }
        Ok(name)
    }

    /// A village, its facts, its team and the team's three members.
    #[allow(clippy::too_many_arguments)]
    fn village(
        &self,
        c: &mut Ctx,
        b: &mut Batch,
        old_code: &str,
        n: u32,
        [old, district, province, new_commune]: [Uuid; 4],
        decision_id: Uuid,
        commune_name: &str,
    ) -> Result<(), StoreError> {
        let before = day(BEFORE.0, BEFORE.1, BEFORE.2);
        let (last_old, first_new) = (day(2025, 6, 30), day(2025, 7, 1));
        let name = format!("Thôn {} {} (minh họa)", place(&mut c.rng), n + 1);
        let code = format!("{old_code}-{:02}", n + 1);
        let id = b.unit(
            c,
            code,
            "village",
            &[
                (&name, "thon", Some(old), before, Some(last_old)),
                (&name, "thon", Some(new_commune), first_new, None),
            ],
            &[old, district, province, new_commune],
        );
        c.report.villages += 1;
        let households = c.rng.range(80, 650);
        let rng = &mut c.rng;
        b.facts.push(village_facts::ActiveModel {
            id: Set(new_id()),
            unit_id: Set(id),
            valid_from: Set(day(2025, 1, 1)),
            valid_to: Set(None),
            households: Set(i32::try_from(households).ok()),
            population: Set(i32::try_from(households * rng.range(3, 5)).ok()),
            area_centi_ha: Set(None),
            border: Set(rng.chance(5)),
            mountainous: Set(rng.chance(30)),
            ethnic_minority: Set(rng.chance(20)),
            especially_difficult: Set(rng.chance(10)),
            key_security: Set(rng.chance(3)),
            source: Set(Some("Số liệu minh họa".into())),
        });
        let team_id = new_id();
        let established = day(2025, 7, 15);
        b.teams.push(team::ActiveModel {
            id: Set(team_id),
            commune_id: Set(new_commune),
            name: Set(format!("Tổ bảo vệ ANTT {name}")),
            workplace: Set(Some(format!("Nhà văn hóa {name}"))),
            established_on: Set(established),
            decision_id: Set(Some(decision_id)),
            dissolved_on: Set(None),
        });
        b.team_villages.push(team_village::ActiveModel {
            team_id: Set(team_id),
            village_id: Set(id),
        });
        c.report.teams += 1;
        for role in ["leader", "deputy", "member"] {
            let who = someone(&mut c.rng, c.person_no);
            c.person_no += 1;
            let pid = new_id();
            let birth = day(who.birth_year, c.rng.range(1, 12), c.rng.range(1, 28));
            b.people.push(person::ActiveModel {
                id: Set(pid),
                commune_id: Set(new_commune),
                cccd: Set(who.cccd),
                name_folded: Set(text::fold(&who.full_name)),
                full_name: Set(who.full_name),
                birth_date: Set(birth),
                sex: Set(if who.female { Sex::Female } else { Sex::Male }
                    .as_str()
                    .into()),
                ethnicity: Set(who.ethnicity.into()),
                residence: Set(format!("{name}, {commune_name}")),
                residence_since: Set(Some(day(2010, 1, 1))),
                education: Set(["primary", "lower_secondary", "upper_secondary"]
                    [usize::try_from(c.rng.next_u64() % 3).unwrap_or(0)]
                .into()),
                health_certificate_on: Set(Some(day(2025, c.rng.range(1, 6), 1))),
                phone: Set(Some(format!("09{:08}", c.rng.range(0, 99_999_999)))),
                prior_service: Set(String::new()),
                household: Set("none".into()),
                covered_bhxh: Set(false),
                covered_bhyt: Set(false),
                created_at: Set(c.now),
            });
            b.memberships.push(membership::ActiveModel {
                id: Set(new_id()),
                person_id: Set(pid),
                team_id: Set(team_id),
                role: Set(role.into()),
                origin: Set(if role == "member" {
                    "selected"
                } else {
                    "former_civil_defence"
                }
                .into()),
                start_date: Set(established),
                end_date: Set(None),
                start_decision_id: Set(Some(decision_id)),
                end_reason: Set(None),
                end_decision_id: Set(None),
                over70_decision_id: Set(None),
            });
            c.report.people += 1;
        }
        Ok(())
    }

    /// Writes a province's rows in one transaction, with one audit row saying what it made.
    async fn write_batch(
        &self,
        actor: &Actor,
        b: &Batch,
        province: &str,
    ) -> Result<(), StoreError> {
        let txn = self.begin_write().await?;
        let db = &*txn;
        insert_all(db, &b.units).await?;
        insert_all(db, &b.versions).await?;
        insert_all(db, &b.reach).await?;
        insert_all(db, &b.facts).await?;
        insert_all(db, &b.events).await?;
        insert_all(db, &b.links).await?;
        insert_all(db, &b.decisions).await?;
        insert_all(db, &b.officials).await?;
        insert_all(db, &b.teams).await?;
        insert_all(db, &b.team_villages).await?;
        insert_all(db, &b.people).await?;
        insert_all(db, &b.memberships).await?;
        let province_id = match b.units.first().map(|u| u.id.clone()) {
            Some(Set(id)) => Some(UnitId(id)),
            _ => None,
        };
        let after = serde_json::json!({
            "province": province, "units": b.units.len(), "successions": b.events.len(),
            "teams": b.teams.len(), "people": b.people.len(), "memberships": b.memberships.len(),
        });
        audit::append(
            db,
            actor,
            self.clock.now(),
            Change {
                action: AuditAction::DemoGenerate,
                entity: "unit",
                entity_id: province_id.map(|u| u.to_string()).unwrap_or_default(),
                unit: province_id,
                before: None,
                after: Some(&after),
            },
        )
        .await?;
        txn.commit().await
    }
}

/// Inserts rows in chunks small enough for SQLite's limit on bound values.
async fn insert_all<C, A>(db: &C, rows: &[A]) -> Result<(), StoreError>
where
    C: ConnectionTrait,
    A: sea_orm::ActiveModelTrait + Clone + Send,
{
    for chunk in rows.chunks(300) {
        <A::Entity as EntityTrait>::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

//! Roster import: teams, people and memberships from a checked table, in one transaction.
//!
//! Every row is checked against the database and the rows before it (the same membership rules
//! as the form, `domain::force::check_membership`); any error and nothing is written. A dry run
//! does the same work and rolls back. Importing the same file again changes nothing: a team is
//! found by its name in the commune, a person by CCCD, a membership by person, team and start.

use std::collections::{HashMap, HashSet};

use antt_domain::access::Action;
use antt_domain::error::{FieldError, FieldErrorKind};
use antt_domain::force::{self, Span};
use antt_domain::policy::TeamRole;
use antt_domain::roster::{self, RosterFile, RosterRow, RowError};
use antt_domain::text;
use antt_domain::unit::UnitId;
use chrono::NaiveDate;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use uuid::Uuid;

use crate::audit::{self, Change};
use crate::audit_action::AuditAction;
use crate::entities::{decision, membership, person, team, team_village, unit};
use crate::force::{audit_shape, person_row};
use crate::{Actor, Store, StoreError, new_id};

/// What an import did, or would do on a dry run.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub dry_run: bool,
    /// Written: no error and not a dry run.
    pub committed: bool,
    pub rows: usize,
    pub teams_created: usize,
    pub people_created: usize,
    pub people_updated: usize,
    pub people_unchanged: usize,
    pub memberships_created: usize,
    pub memberships_unchanged: usize,
    pub errors: Vec<RowError>,
    /// CCCDs refused because they are kept outside the actor's scope (a security event each).
    #[serde(skip)]
    pub hidden_duplicates: Vec<String>,
}

const CHUNK: usize = 400;

struct NewTeamPlan {
    id: Uuid,
    name: String,
    villages: Vec<Uuid>,
    established_on: NaiveDate,
    decision: Option<Uuid>,
    decision_number: Option<String>,
}

fn err(line: usize, field: &'static str, kind: FieldErrorKind) -> RowError {
    RowError::from_field(line, &FieldError::new(field, kind))
}

impl ImportReport {
    /// The report of a file that could not be read at all: its code and message on line 0.
    pub fn unreadable(dry_run: bool, code: &'static str, message: String) -> ImportReport {
        ImportReport {
            dry_run,
            errors: vec![RowError {
                line: 0,
                column: "",
                code,
                message,
            }],
            ..Default::default()
        }
    }
}

impl Store {
    /// The roster import (use case): checks a file's rows and imports them. Parse errors and
    /// database errors are reported together; with any error (or on a dry run) nothing is
    /// written.
    pub async fn run_import(
        &self,
        actor: &Actor,
        commune: Option<UnitId>,
        file: &RosterFile,
        dry_run: bool,
    ) -> Result<ImportReport, StoreError> {
        actor.require(Action::ManageForce)?;
        let cells = match &file.cells {
            Ok(cells) => cells,
            Err(e) => return Ok(ImportReport::unreadable(dry_run, e.code, e.message.clone())),
        };
        let (rows, parse_errors) = roster::parse_roster(cells);
        let source = format!("{} (SHA-256 {})", file.name, file.sha256);
        let mut report = self
            .import_roster(
                actor,
                commune,
                &rows,
                &source,
                dry_run || !parse_errors.is_empty(),
            )
            .await?;
        report.dry_run = dry_run;
        report.rows += parse_errors.len();
        report.errors.extend(parse_errors);
        report.errors.sort_by_key(|e| e.line);
        Ok(report)
    }

    /// Imports checked roster rows. A row goes to the commune its *Mã xã* names, else to
    /// `commune`; every commune must be in the actor's scope. `source` names the file (and its
    /// hash) in the audit log. All communes go in one transaction: on any row error nothing is
    /// written, anywhere.
    pub async fn import_roster(
        &self,
        actor: &Actor,
        commune: Option<UnitId>,
        rows: &[RosterRow],
        source: &str,
        dry_run: bool,
    ) -> Result<ImportReport, StoreError> {
        actor.require(Action::ManageForce)?;
        let report = self
            .retrying(|| async {
                let txn = self.begin_write().await?;
                let mut report = ImportReport {
                    dry_run,
                    rows: rows.len(),
                    ..Default::default()
                };
                // The commune of each row: its own code, else the one the import is for.
                let mut by_code: HashMap<String, Option<UnitId>> = HashMap::new();
                let mut groups: Vec<(UnitId, Vec<&RosterRow>)> = Vec::new();
                for r in rows {
                    let id = match &r.commune {
                        None => match commune {
                            Some(c) => c,
                            None => {
                                report.errors.push(err(
                                    r.line,
                                    "commune",
                                    FieldErrorKind::Required,
                                ));
                                continue;
                            }
                        },
                        Some(code) => {
                            if !by_code.contains_key(code) {
                                let found = match unit::Entity::find()
                                    .filter(unit::Column::Code.eq(code.as_str()))
                                    .one(&*txn)
                                    .await?
                                {
                                    Some(u) => {
                                        match self
                                            .commune_in_scope(&*txn, actor, UnitId(u.id))
                                            .await
                                        {
                                            Ok(_) => Some(UnitId(u.id)),
                                            Err(StoreError::NotFound | StoreError::Invalid(_)) => {
                                                None
                                            }
                                            Err(e) => return Err(e),
                                        }
                                    }
                                    None => None,
                                };
                                by_code.insert(code.clone(), found);
                            }
                            match by_code.get(code).copied().flatten() {
                                Some(id) => id,
                                None => {
                                    report.errors.push(err(
                                        r.line,
                                        "commune",
                                        FieldErrorKind::from(
                                            antt_domain::roster::ImportFault::CommuneUnknown,
                                        ),
                                    ));
                                    continue;
                                }
                            }
                        }
                    };
                    match groups.iter_mut().find(|(c, _)| *c == id) {
                        Some((_, g)) => g.push(r),
                        None => groups.push((id, vec![r])),
                    }
                }
                let mut changed = false;
                for (c, group) in &groups {
                    changed |= self
                        .import_commune(&*txn, actor, *c, group, source, dry_run, &mut report)
                        .await?;
                }
                if dry_run || !report.errors.is_empty() {
                    txn.rollback().await?;
                    return Ok(report);
                }
                if !changed {
                    // The same file again: nothing changes, so nothing is recorded.
                    txn.rollback().await?;
                } else {
                    txn.commit().await?;
                }
                report.committed = true;
                Ok(report)
            })
            .await?;
        for cccd in &report.hidden_duplicates {
            self.note_hidden_duplicate_cccd(actor, cccd).await;
        }
        Ok(report)
    }

    /// Checks one commune's rows against the database and the rows before them, and writes
    /// them unless this is a dry run or some row (of any commune) is bad. Returns whether it
    /// wrote anything.
    #[allow(clippy::too_many_arguments)]
    async fn import_commune<C: ConnectionTrait>(
        &self,
        db: &C,
        actor: &Actor,
        commune: UnitId,
        rows: &[&RosterRow],
        source: &str,
        dry_run: bool,
        report: &mut ImportReport,
    ) -> Result<bool, StoreError> {
        let c = self.commune_in_scope(db, actor, commune).await?;

        // What the database holds already.
        let mut people: HashMap<String, person::Model> = HashMap::new();
        let cccds: Vec<String> = rows
            .iter()
            .map(|r| r.person.cccd.as_str().to_string())
            .collect();
        for chunk in cccds.chunks(CHUNK) {
            for p in person::Entity::find()
                .filter(person::Column::Cccd.is_in(chunk.to_vec()))
                .all(db)
                .await?
            {
                people.insert(p.cccd.clone(), p);
            }
        }
        let teams: HashMap<String, team::Model> = team::Entity::find()
            .filter(team::Column::CommuneId.eq(c.id))
            .all(db)
            .await?
            .into_iter()
            .map(|t| (text::normalize(&t.name), t))
            .collect();
        let team_ids: Vec<Uuid> = teams.values().map(|t| t.id).collect();
        let mut taken: HashMap<Uuid, Uuid> = HashMap::new(); // village → team, for teams not dissolved
        let mut team_memberships: Vec<membership::Model> = Vec::new();
        for chunk in team_ids.chunks(CHUNK) {
            for tv in team_village::Entity::find()
                .filter(team_village::Column::TeamId.is_in(chunk.to_vec()))
                .all(db)
                .await?
            {
                taken.insert(tv.village_id, tv.team_id);
            }
            team_memberships.extend(
                membership::Entity::find()
                    .filter(membership::Column::TeamId.is_in(chunk.to_vec()))
                    .all(db)
                    .await?,
            );
        }
        let person_ids: Vec<Uuid> = people.values().map(|p| p.id).collect();
        let mut person_memberships: Vec<membership::Model> = Vec::new();
        for chunk in person_ids.chunks(CHUNK) {
            person_memberships.extend(
                membership::Entity::find()
                    .filter(membership::Column::PersonId.is_in(chunk.to_vec()))
                    .all(db)
                    .await?,
            );
        }
        let mut spans_of_person: HashMap<Uuid, Vec<Span>> = HashMap::new();
        let mut existing: HashSet<(Uuid, Uuid, NaiveDate)> = HashSet::new();
        let mut existing_role: HashMap<(Uuid, Uuid, NaiveDate), String> = HashMap::new();
        for m in person_memberships.iter().chain(team_memberships.iter()) {
            if existing.insert((m.person_id, m.team_id, m.start_date)) {
                spans_of_person
                    .entry(m.person_id)
                    .or_default()
                    .push((m.start_date, m.end_date));
                existing_role.insert((m.person_id, m.team_id, m.start_date), m.role.clone());
            }
        }
        let mut leaders_of_team: HashMap<Uuid, Vec<Span>> = HashMap::new();
        for m in &team_memberships {
            if m.role == "leader" {
                leaders_of_team
                    .entry(m.team_id)
                    .or_default()
                    .push((m.start_date, m.end_date));
            }
        }
        let decisions: HashMap<String, decision::Model> = decision::Entity::find()
            .filter(decision::Column::CommuneId.eq(c.id))
            .all(db)
            .await?
            .into_iter()
            .map(|d| (d.number.clone(), d))
            .collect();
        let codes: Vec<String> = rows
            .iter()
            .flat_map(|r| r.villages.iter().cloned())
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let mut village_ids: HashMap<String, Uuid> = HashMap::new();
        for chunk in codes.chunks(CHUNK) {
            for u in unit::Entity::find()
                .filter(unit::Column::Code.is_in(chunk.to_vec()))
                .all(db)
                .await?
            {
                village_ids.insert(u.code, u.id);
            }
        }

        // The plan, row by row.
        let mut new_teams: Vec<NewTeamPlan> = Vec::new();
        let mut team_by_name: HashMap<String, (Uuid, NaiveDate, u32)> = teams
            .iter()
            .map(|(n, t)| (n.clone(), (t.id, t.established_on, 0)))
            .collect();
        let mut new_people: Vec<person::ActiveModel> = Vec::new();
        let mut updates: Vec<(
            person::Model,
            person::ActiveModel,
            serde_json::Value,
            serde_json::Value,
        )> = Vec::new();
        let mut new_memberships: Vec<membership::ActiveModel> = Vec::new();
        let mut audit_rows: Vec<(AuditAction, &'static str, String, serde_json::Value)> =
            Vec::new();
        let now = self.clock.now();
        for r in rows {
            let line = r.line;
            let team_name = text::normalize(&r.team);
            let find_decision = |field: &'static str,
                                 number: &Option<String>|
             -> Result<Option<Uuid>, RowError> {
                match number {
                    None => Ok(None),
                    Some(n) => decisions.get(n).map(|d| Some(d.id)).ok_or_else(|| {
                        err(
                            line,
                            field,
                            FieldErrorKind::from(antt_domain::force::ForceFault::DecisionNotFound),
                        )
                    }),
                }
            };
            let team_id = match team_by_name.get(&team_name) {
                Some((id, _, _)) => *id,
                None => {
                    let Some(established_on) = r.team_established else {
                        report
                            .errors
                            .push(err(line, "team_established", FieldErrorKind::Required));
                        continue;
                    };
                    if r.villages.is_empty() {
                        report
                            .errors
                            .push(err(line, "villages", FieldErrorKind::Required));
                        continue;
                    }
                    let decision = match find_decision("team_decision", &r.team_decision) {
                        Ok(d) => d,
                        Err(e) => {
                            report.errors.push(e);
                            continue;
                        }
                    };
                    let mut vs = Vec::new();
                    let mut bad = None;
                    for code in &r.villages {
                        match village_ids.get(code) {
                            Some(v) if self.is_under(db, *v, c.id, established_on).await? => {
                                if taken.contains_key(v) {
                                    bad = Some(FieldErrorKind::from(
                                        antt_domain::force::ForceFault::VillageHasTeam,
                                    ));
                                }
                                vs.push(*v);
                            }
                            _ => {
                                bad = Some(FieldErrorKind::from(
                                    antt_domain::force::ForceFault::VillageNotInCommune,
                                ))
                            }
                        }
                    }
                    if let Some(kind) = bad {
                        report.errors.push(err(line, "villages", kind));
                        continue;
                    }
                    let id = new_id();
                    for v in &vs {
                        taken.insert(*v, id);
                    }
                    new_teams.push(NewTeamPlan {
                        id,
                        name: r.team.clone(),
                        villages: vs,
                        established_on,
                        decision,
                        decision_number: r.team_decision.clone(),
                    });
                    team_by_name.insert(team_name.clone(), (id, established_on, 0));
                    id
                }
            };
            let team_established = team_by_name
                .get(&team_name)
                .map(|t| t.1)
                .unwrap_or(r.start_date);
            let start_decision = match find_decision("decision", &r.decision) {
                Ok(d) => d,
                Err(e) => {
                    report.errors.push(e);
                    continue;
                }
            };
            let over70_decision = match find_decision("over70_decision", &r.over70_decision) {
                Ok(d) => d,
                Err(e) => {
                    report.errors.push(e);
                    continue;
                }
            };
            // The person.
            let v = &r.person;
            let person_id = match people.get(v.cccd.as_str()) {
                Some(p) if p.commune_id != c.id => {
                    let visible = actor.scope().contains(db, UnitId(p.commune_id)).await?;
                    let e = crate::force::duplicate_cccd(visible, p.full_name.clone());
                    if !visible {
                        report.hidden_duplicates.push(v.cccd.as_str().to_string());
                    }
                    report.errors.push(err(line, "cccd", e.kind));
                    continue;
                }
                Some(p) if p.full_name != v.full_name || p.birth_date != v.birth_date => {
                    report.errors.push(err(
                        line,
                        "cccd",
                        FieldErrorKind::DuplicateOf(p.full_name.clone()),
                    ));
                    continue;
                }
                Some(p) => {
                    let fresh = person_row(p.id, c.id, v, p.created_at);
                    let before = serde_json::json!({ "residence": p.residence, "residence_since": p.residence_since, "education": p.education,
                            "health_certificate_on": p.health_certificate_on, "phone": p.phone, "household": p.household, "ethnicity": p.ethnicity });
                    let after = serde_json::json!({ "residence": v.residence, "residence_since": v.residence_since, "education": v.education.as_str(),
                            "health_certificate_on": v.health_certificate_on, "phone": v.phone, "household": v.household, "ethnicity": v.ethnicity });
                    if before == after {
                        report.people_unchanged += 1;
                    } else if !updates.iter().any(|(m, ..)| m.id == p.id) {
                        let mut am: person::ActiveModel = fresh;
                        am.covered_bhxh = Set(p.covered_bhxh);
                        am.covered_bhyt = Set(p.covered_bhyt);
                        am.prior_service = Set(p.prior_service.clone());
                        updates.push((p.clone(), am, before, after));
                    }
                    p.id
                }
                None => {
                    let id = new_id();
                    new_people.push(person_row(id, c.id, v, now));
                    audit_rows.push((
                        AuditAction::PersonCreate,
                        "person",
                        id.to_string(),
                        audit_shape::with_source(audit_shape::person_created(v), source),
                    ));
                    id
                }
            };
            // The membership.
            let key = (person_id, team_id, r.start_date);
            if let Some(role) = existing_role.get(&key) {
                if role == r.role.as_str() {
                    report.memberships_unchanged += 1;
                    continue;
                }
                report.errors.push(err(
                    line,
                    "role",
                    FieldErrorKind::from(antt_domain::force::ForceFault::MembershipRoleDiffers),
                ));
                continue;
            }
            let person_spans = spans_of_person.get(&person_id).cloned().unwrap_or_default();
            let leader_spans = leaders_of_team.get(&team_id).cloned().unwrap_or_default();
            if let Err(e) = force::check_membership(&force::MembershipCheck {
                team_established,
                birth_date: v.birth_date,
                start: r.start_date,
                role: r.role,
                has_over70_decision: over70_decision.is_some(),
                person_spans: &person_spans,
                leader_spans: &leader_spans,
            }) {
                report.errors.push(RowError::from_field(line, &e));
                continue;
            }
            spans_of_person
                .entry(person_id)
                .or_default()
                .push((r.start_date, None));
            if r.role == TeamRole::Leader {
                leaders_of_team
                    .entry(team_id)
                    .or_default()
                    .push((r.start_date, None));
            }
            existing_role.insert(key, r.role.as_str().to_string());
            let id = new_id();
            new_memberships.push(membership::ActiveModel {
                id: Set(id),
                person_id: Set(person_id),
                team_id: Set(team_id),
                role: Set(r.role.as_str().to_string()),
                origin: Set(r.origin.as_str().to_string()),
                start_date: Set(r.start_date),
                end_date: Set(None),
                start_decision_id: Set(start_decision),
                end_reason: Set(None),
                end_decision_id: Set(None),
                over70_decision_id: Set(over70_decision),
            });
            let after = audit_shape::membership_created(&audit_shape::MembershipFacts {
                person: &v.full_name,
                cccd: v.cccd.as_str(),
                team: &r.team,
                role: r.role,
                origin: r.origin,
                start_date: r.start_date,
                decision: r.decision.as_deref(),
                over70_decision: r.over70_decision.as_deref(),
            });
            audit_rows.push((
                AuditAction::MembershipCreate,
                "membership",
                id.to_string(),
                audit_shape::with_source(after, source),
            ));
        }
        let counts = (
            new_teams.len(),
            new_people.len(),
            updates.len(),
            new_memberships.len(),
        );
        report.teams_created += counts.0;
        report.people_created += counts.1;
        report.people_updated += counts.2;
        report.memberships_created += counts.3;
        if dry_run || !report.errors.is_empty() {
            return Ok(false);
        }
        if counts == (0, 0, 0, 0) {
            // The same rows again: nothing changes, so nothing is recorded.
            return Ok(false);
        }

        // Write: teams first, then people, then memberships, in chunks.
        for t in &new_teams {
            team::Entity::insert(team::ActiveModel {
                id: Set(t.id),
                commune_id: Set(c.id),
                name: Set(t.name.clone()),
                workplace: Set(None),
                established_on: Set(t.established_on),
                decision_id: Set(t.decision),
                dissolved_on: Set(None),
            })
            .exec_without_returning(db)
            .await?;
            for v in &t.villages {
                team_village::Entity::insert(team_village::ActiveModel {
                    team_id: Set(t.id),
                    village_id: Set(*v),
                })
                .exec_without_returning(db)
                .await?;
            }
            audit_rows.insert(
                0,
                (
                    AuditAction::TeamCreate,
                    "team",
                    t.id.to_string(),
                    audit_shape::with_source(
                        audit_shape::team_created(
                            &t.name,
                            None,
                            t.established_on,
                            t.decision_number.as_deref(),
                            &t.villages,
                        ),
                        source,
                    ),
                ),
            );
        }
        let mut people_iter = new_people.into_iter().peekable();
        while people_iter.peek().is_some() {
            let chunk: Vec<person::ActiveModel> = people_iter.by_ref().take(CHUNK).collect();
            person::Entity::insert_many(chunk)
                .exec_without_returning(db)
                .await?;
        }
        for (old, am, before, after) in updates {
            person::Entity::update(am).exec(db).await?;
            audit::append(
                db,
                actor,
                now,
                Change {
                    action: AuditAction::PersonUpdate,
                    entity: "person",
                    entity_id: old.id.to_string(),
                    unit: Some(UnitId(c.id)),
                    before: Some(&before),
                    after: Some(&after),
                },
            )
            .await?;
        }
        let mut m_iter = new_memberships.into_iter().peekable();
        while m_iter.peek().is_some() {
            let chunk: Vec<membership::ActiveModel> = m_iter.by_ref().take(CHUNK).collect();
            membership::Entity::insert_many(chunk)
                .exec_without_returning(db)
                .await?;
        }
        let summary = serde_json::json!({ "source": source, "rows": rows.len(), "teams_created": counts.0,
                "people_created": counts.1, "people_updated": counts.2, "memberships_created": counts.3 });
        audit_rows.push((AuditAction::ImportRoster, "unit", c.id.to_string(), summary));
        audit::append_many(db, actor, now, Some(UnitId(c.id)), &audit_rows).await?;
        Ok(true)
    }
}

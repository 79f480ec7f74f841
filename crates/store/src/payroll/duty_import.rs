//! Nhập sổ trực (use case): a commune's shifts from a workbook, in one transaction.
//!
//! Every row is checked against the database and the rows before it — its team is one of the
//! commune's on the day, everyone named is a member of one of the commune's teams in post that
//! day (by CCCD, or by a name no one else in post shares), its month's payroll is not approved,
//! and the same shift (team, day, times, kind) is not twice in the file. With any error, or on
//! a dry run, nothing is written. A shift already in the log with the same people is left as it
//! is, so importing the same file again changes nothing.

use std::collections::{HashMap, HashSet};

use antt_domain::access::Action;
use antt_domain::error::{FieldError, FieldErrorKind};
use antt_domain::payroll::duty_import::{
    DutyImportFault, DutyRow, PersonRef, header_of, parse_duty_log,
};
use antt_domain::payroll::{DutyKind, Month, PayrollFault, Shift};
use antt_domain::roster::{RosterFile, RowError, folded};
use antt_domain::unit::UnitId;
use chrono::NaiveDate;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use uuid::Uuid;

use crate::audit::{self, Change};
use crate::audit_action::AuditAction;
use crate::entities::{duty_presence, duty_shift, membership, person, team};
use crate::{Actor, Store, StoreError};

/// What an import of the duty log did, or would do on a dry run.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DutyImportReport {
    pub dry_run: bool,
    /// Written: no error and not a dry run.
    pub committed: bool,
    /// Rows read (blank rows not counted).
    pub rows: usize,
    /// Shifts new to the log (on a dry run: that would be).
    pub shifts_created: usize,
    /// Shifts already in the log with the same people.
    pub shifts_unchanged: usize,
    /// People at the new shifts, counted once per shift.
    pub presences: usize,
    pub errors: Vec<RowError>,
}

fn row_error(line: usize, field: &'static str, kind: FieldErrorKind) -> RowError {
    RowError::in_column(line, header_of(field), &FieldError::new(field, kind))
}

/// An error about one person of a row, naming them as the file did.
fn person_error(line: usize, who: &PersonRef, fault: DutyImportFault) -> RowError {
    let mut e = row_error(line, "people", FieldErrorKind::from(fault));
    e.message = format!(
        "Dòng {line}, cột «{}»: «{}» — {}",
        header_of("people"),
        who.as_typed(),
        fault.message_vi()
    );
    e
}

/// A shift's identity in the log: the team, the day, the times and the kind.
type ShiftKey = (Uuid, NaiveDate, u32, u32, DutyKind);

struct Planned<'a> {
    row: &'a DutyRow,
    team: Uuid,
    team_name: String,
    people: Vec<Uuid>,
}

impl Store {
    /// The duty log import: reads a file's rows and enters its shifts for `commune`. Parse and
    /// database errors are reported together, each by line and column; with any error (or on
    /// a dry run) nothing is written.
    pub async fn import_duty_log(
        &self,
        actor: &Actor,
        commune: UnitId,
        file: &RosterFile,
        dry_run: bool,
    ) -> Result<DutyImportReport, StoreError> {
        actor.require(Action::ManageDutyLog)?;
        let cells = match &file.cells {
            Ok(c) => c,
            Err(e) => {
                return Ok(DutyImportReport {
                    dry_run,
                    errors: vec![RowError {
                        line: 0,
                        column: "",
                        code: e.code,
                        message: e.message.clone(),
                    }],
                    ..Default::default()
                });
            }
        };
        let (rows, parse_errors) = parse_duty_log(cells);
        let source = format!("{} (SHA-256 {})", file.name, file.sha256);
        let bad_lines = parse_errors
            .iter()
            .map(|e| e.line)
            .filter(|l| *l > 1)
            .collect::<HashSet<_>>()
            .len();
        let mut report = self
            .retrying(|| async {
                let txn = self.begin_write().await?;
                self.commune_in_scope(&*txn, actor, commune).await?;
                let mut report = DutyImportReport {
                    dry_run,
                    rows: rows.len() + bad_lines,
                    ..Default::default()
                };
                let teams = team::Entity::find()
                    .filter(team::Column::CommuneId.eq(commune.0))
                    .all(&*txn)
                    .await?;
                let team_ids: Vec<Uuid> = teams.iter().map(|t| t.id).collect();
                let mut members: Vec<membership::Model> = Vec::new();
                for chunk in team_ids.chunks(crate::units::IN_CHUNK) {
                    members.extend(
                        membership::Entity::find()
                            .filter(membership::Column::TeamId.is_in(chunk.iter().copied()))
                            .all(&*txn)
                            .await?,
                    );
                }
                let mut ids: Vec<Uuid> = members.iter().map(|m| m.person_id).collect();
                ids.sort();
                ids.dedup();
                let mut people: HashMap<Uuid, person::Model> = HashMap::new();
                for chunk in ids.chunks(crate::units::IN_CHUNK) {
                    for p in person::Entity::find()
                        .filter(person::Column::Id.is_in(chunk.iter().copied()))
                        .all(&*txn)
                        .await?
                    {
                        people.insert(p.id, p);
                    }
                }
                // The shifts already in the log over the file's days, with their people.
                let mut existing: HashMap<ShiftKey, Vec<Uuid>> = HashMap::new();
                if let (Some(from), Some(to)) = (
                    rows.iter().map(|r| r.date).min(),
                    rows.iter().map(|r| r.date).max(),
                ) {
                    let shifts = duty_shift::Entity::find()
                        .filter(duty_shift::Column::CommuneId.eq(commune.0))
                        .filter(duty_shift::Column::OnDate.gte(from))
                        .filter(duty_shift::Column::OnDate.lte(to))
                        .all(&*txn)
                        .await?;
                    let shift_ids: Vec<Uuid> = shifts.iter().map(|s| s.id).collect();
                    let mut presence: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
                    for chunk in shift_ids.chunks(crate::units::IN_CHUNK) {
                        for p in duty_presence::Entity::find()
                            .filter(duty_presence::Column::ShiftId.is_in(chunk.iter().copied()))
                            .all(&*txn)
                            .await?
                        {
                            presence.entry(p.shift_id).or_default().push(p.person_id);
                        }
                    }
                    for s in shifts {
                        let kind: DutyKind = crate::force::stored("duty_shift.kind", &s.kind)?;
                        let minute = |m: i32, f: &'static str| {
                            u32::try_from(m).map_err(|e| StoreError::corrupt(f, e))
                        };
                        let key = (
                            s.team_id,
                            s.on_date,
                            minute(s.start_minute, "duty_shift.start")?,
                            minute(s.end_minute, "duty_shift.end")?,
                            kind,
                        );
                        let mut who = presence.remove(&s.id).unwrap_or_default();
                        who.sort();
                        existing.insert(key, who);
                    }
                }
                let mut locked: HashMap<Month, bool> = HashMap::new();
                let mut seen: HashSet<ShiftKey> = HashSet::new();
                let mut plan: Vec<Planned<'_>> = Vec::new();
                for r in &rows {
                    let before = report.errors.len();
                    let on = |start: NaiveDate, end: Option<NaiveDate>| {
                        start <= r.date && end.is_none_or(|e| e >= r.date)
                    };
                    let Some(t) = teams.iter().find(|t| {
                        folded(&t.name) == folded(&r.team)
                            && t.established_on <= r.date
                            && t.dissolved_on.is_none_or(|d| d >= r.date)
                    }) else {
                        report.errors.push(row_error(
                            r.line,
                            "team",
                            FieldErrorKind::from(DutyImportFault::TeamUnknown),
                        ));
                        continue;
                    };
                    let month = Month::of(r.date);
                    let is_locked = match locked.get(&month) {
                        Some(l) => *l,
                        None => {
                            let l = self.month_locked(&*txn, commune.0, month).await?;
                            locked.insert(month, l);
                            l
                        }
                    };
                    if is_locked {
                        report.errors.push(row_error(
                            r.line,
                            "date",
                            FieldErrorKind::from(PayrollFault::Locked),
                        ));
                    }
                    // Members of the commune's teams in post on the day.
                    let in_post: Vec<&person::Model> = {
                        let mut v: Vec<&person::Model> = members
                            .iter()
                            .filter(|m| on(m.start_date, m.end_date))
                            .filter_map(|m| people.get(&m.person_id))
                            .collect();
                        v.sort_by_key(|p| p.id);
                        v.dedup_by_key(|p| p.id);
                        v
                    };
                    let mut who: Vec<Uuid> = Vec::new();
                    for p in &r.people {
                        let found: Vec<&&person::Model> = match p {
                            PersonRef::Cccd(c) => in_post.iter().filter(|x| x.cccd == *c).collect(),
                            PersonRef::Name(n) => {
                                let n = folded(n);
                                in_post
                                    .iter()
                                    .filter(|x| folded(&x.full_name) == n)
                                    .collect()
                            }
                        };
                        match found[..] {
                            [one] => {
                                if !who.contains(&one.id) {
                                    who.push(one.id);
                                }
                            }
                            [] => report.errors.push(person_error(
                                r.line,
                                p,
                                DutyImportFault::PersonUnknown,
                            )),
                            _ => report.errors.push(person_error(
                                r.line,
                                p,
                                DutyImportFault::NameAmbiguous,
                            )),
                        }
                    }
                    who.sort();
                    let key: ShiftKey = (t.id, r.date, r.start, r.end, r.kind);
                    if !seen.insert(key) {
                        report.errors.push(row_error(
                            r.line,
                            "",
                            FieldErrorKind::from(DutyImportFault::ShiftTwice),
                        ));
                        continue;
                    }
                    if report.errors.len() > before {
                        continue;
                    }
                    match existing.get(&key) {
                        Some(there) if *there == who => report.shifts_unchanged += 1,
                        Some(_) => report.errors.push(row_error(
                            r.line,
                            "",
                            FieldErrorKind::from(DutyImportFault::ShiftExists),
                        )),
                        None => plan.push(Planned {
                            row: r,
                            team: t.id,
                            team_name: t.name.clone(),
                            people: who,
                        }),
                    }
                }
                report.shifts_created = plan.len();
                report.presences = plan.iter().map(|p| p.people.len()).sum();
                if dry_run || !report.errors.is_empty() || !parse_errors.is_empty() {
                    txn.rollback().await?;
                    return Ok(report);
                }
                if plan.is_empty() {
                    // The same file again: nothing changes, so nothing is recorded.
                    txn.rollback().await?;
                    report.committed = true;
                    return Ok(report);
                }
                let now = self.clock.now();
                for p in &plan {
                    let r = p.row;
                    let shift = Shift::new(r.date, r.start, r.end, r.kind, r.hazardous, false)?;
                    let id = Uuid::now_v7();
                    duty_shift::Entity::insert(duty_shift::ActiveModel {
                        id: Set(id),
                        commune_id: Set(commune.0),
                        team_id: Set(p.team),
                        on_date: Set(r.date),
                        start_minute: Set(i32::try_from(r.start).unwrap_or(0)),
                        end_minute: Set(i32::try_from(r.end).unwrap_or(0)),
                        kind: Set(r.kind.as_str().to_string()),
                        hazardous: Set(r.hazardous),
                        mobilised_by: Set(r.mobilised_by.clone()),
                        note: Set(r.note.clone()),
                        created_at: Set(now),
                    })
                    .exec_without_returning(&*txn)
                    .await?;
                    duty_presence::Entity::insert_many(p.people.iter().map(|person| {
                        duty_presence::ActiveModel {
                            shift_id: Set(id),
                            person_id: Set(*person),
                        }
                    }))
                    .exec_without_returning(&*txn)
                    .await?;
                    let after = serde_json::json!({
                        "team": p.team_name, "date": r.date, "span": shift.span_vi(),
                        "kind": r.kind.as_str(), "hazardous": r.hazardous,
                        "mobilised_by": r.mobilised_by, "note": r.note,
                        "people": p.people.len(), "person_ids": p.people,
                        "source": source, "line": r.line,
                    });
                    audit::append(
                        &*txn,
                        actor,
                        now,
                        Change {
                            action: AuditAction::DutyShiftRecord,
                            entity: "duty_shift",
                            entity_id: id.to_string(),
                            unit: Some(commune),
                            before: None,
                            after: Some(&after),
                        },
                    )
                    .await?;
                }
                txn.commit().await?;
                report.committed = true;
                Ok(report)
            })
            .await?;
        report.errors.extend(parse_errors);
        report.errors.sort_by_key(|e| e.line);
        if !report.errors.is_empty() {
            report.committed = false;
        }
        Ok(report)
    }
}

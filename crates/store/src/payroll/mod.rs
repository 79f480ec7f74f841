//! Bảng thanh toán phụ cấp (use cases): a commune's payroll of a month, computed afresh from
//! today's members, duty log and rules while it is a draft, with the arrears of the months
//! already approved; checked by the accountant, approved (and locked) by the chairman, then
//! recorded as paid. An approved payroll is never recomputed: it is read as approved.

pub mod duty;
pub mod duty_import;
pub mod payment;

use std::collections::HashMap;

use antt_domain::access::Action;
use antt_domain::calendar::WorkCalendar;
use antt_domain::error::{FieldError, FieldErrorKind};
use antt_domain::kernel::ids::PersonId;
use antt_domain::money::Dong;
use antt_domain::payroll::{
    self as pay, Arrear, MemberMonth, Month, MonthHistory, PayLine, PayrollBody, PayrollFault,
    PayrollState, Period, Shift, YearToDate,
};
use antt_domain::policy::PolicyGap;
use antt_domain::unit::UnitId;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use uuid::Uuid;

use crate::audit::{self, Change};
use crate::audit_action::AuditAction;
use crate::entities::{duty_presence, duty_shift, payroll, team, village_facts};
use crate::{Actor, Store, StoreError};

pub use duty::{NewShift, PresentPerson, ShiftView};

/// A commune's payroll of a month as its users see it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayrollView {
    /// The commune's code.
    pub commune: String,
    pub commune_name: String,
    pub state: PayrollState,
    pub state_label: &'static str,
    pub checked_by: Option<String>,
    pub checked_at: Option<DateTime<Utc>>,
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub paid_on: Option<NaiveDate>,
    pub voucher: Option<String>,
    /// A checked payroll whose figures today differ from what was checked: check it again.
    pub changed_since_check: bool,
    /// The chairman who signs today (as entered among the commune's officials).
    pub chairman: Option<String>,
    #[serde(flatten)]
    pub body: PayrollBody,
}

/// One arrear as the report lists it: the payroll it is on, the member, the arrear.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArrearRow {
    /// The month of the payroll that carries it.
    pub paid_in: Month,
    /// The state of that payroll (a draft's arrears are not settled yet).
    pub state: PayrollState,
    pub cccd: String,
    pub name: String,
    pub team: String,
    #[serde(flatten)]
    pub arrear: Arrear,
}

fn fault(f: &'static str, fault: PayrollFault) -> StoreError {
    FieldError::new(f, FieldErrorKind::from(fault)).into()
}

fn body_of(row: &payroll::Model) -> Result<PayrollBody, StoreError> {
    serde_json::from_str(&row.body).map_err(|e| StoreError::corrupt("payroll.body", e))
}

fn month_of(row: &payroll::Model) -> Result<Month, StoreError> {
    Month::parse("month", &row.month)
        .map_err(|e| StoreError::corrupt("payroll.month", e.message_vi()))
}

fn state_of(row: &payroll::Model) -> Result<PayrollState, StoreError> {
    crate::force::stored("payroll.state", &row.state)
}

/// The stored payroll of a commune's month, if any.
pub(crate) async fn row_of<C: sea_orm::ConnectionTrait>(
    db: &C,
    commune: Uuid,
    month: Month,
) -> Result<Option<payroll::Model>, StoreError> {
    Ok(payroll::Entity::find()
        .filter(payroll::Column::CommuneId.eq(commune))
        .filter(payroll::Column::Month.eq(month.to_string()))
        .one(db)
        .await?)
}

/// What a payroll's computation reads of a commune's other months.
struct Approved {
    month: Month,
    body: PayrollBody,
}

impl Store {
    /// The state of each of `months`' payrolls of a commune (`None`: nothing stored, a draft).
    pub(crate) async fn payroll_states(
        &self,
        commune: antt_domain::unit::UnitId,
        months: &[Month],
    ) -> Result<Vec<(Month, Option<PayrollState>)>, StoreError> {
        let rows = payroll::Entity::find()
            .filter(payroll::Column::CommuneId.eq(commune.0))
            .filter(payroll::Column::Month.is_in(months.iter().map(|m| m.to_string())))
            .all(&self.db)
            .await?;
        months
            .iter()
            .map(|m| {
                let row = rows.iter().find(|r| r.month == m.to_string());
                Ok((*m, row.map(state_of).transpose()?))
            })
            .collect()
    }

    /// The commune's payroll rows, oldest month first.
    async fn payroll_rows(&self, commune: Uuid) -> Result<Vec<payroll::Model>, StoreError> {
        Ok(payroll::Entity::find()
            .filter(payroll::Column::CommuneId.eq(commune))
            .order_by_asc(payroll::Column::Month)
            .all(&self.db)
            .await?)
    }

    fn approved_of(rows: &[payroll::Model]) -> Result<Vec<Approved>, StoreError> {
        let mut out = Vec::new();
        for r in rows {
            if state_of(r)?.locked() {
                out.push(Approved {
                    month: month_of(r)?,
                    body: body_of(r)?,
                });
            }
        }
        Ok(out)
    }

    /// The members of a commune in post at some day of `month`, each with their periods, the
    /// shifts they were at, and what they were paid in allowances earlier in the year.
    async fn month_members(
        &self,
        commune: Uuid,
        month: Month,
        approved: &[Approved],
    ) -> Result<Vec<MemberMonth>, StoreError> {
        let (first, last) = (month.first_day(), month.last_day());
        let rows = team::Entity::find()
            .filter(team::Column::CommuneId.eq(commune))
            .filter(team::Column::EstablishedOn.lte(last))
            .filter(
                Condition::any()
                    .add(team::Column::DissolvedOn.is_null())
                    .add(team::Column::DissolvedOn.gte(first)),
            )
            .order_by_asc(team::Column::Name)
            .all(&self.db)
            .await?;
        let mut teams = self.team_views(rows, last).await?;
        teams.sort_by_cached_key(|t| antt_domain::text::vi_sort_key(&t.name));
        // Border, mountainous or especially difficult villages (LAW-23.2c), per team.
        let village_ids: Vec<Uuid> = teams
            .iter()
            .flat_map(|t| t.villages.iter().map(|v| v.id.0))
            .collect();
        let hard: Vec<Uuid> = village_facts::Entity::find()
            .filter(village_facts::Column::UnitId.is_in(village_ids))
            .filter(village_facts::Column::ValidFrom.lte(first))
            .filter(
                Condition::any()
                    .add(village_facts::Column::ValidTo.is_null())
                    .add(village_facts::Column::ValidTo.gte(first)),
            )
            .all(&self.db)
            .await?
            .into_iter()
            .filter(|f| f.border || f.mountainous || f.especially_difficult)
            .map(|f| f.unit_id)
            .collect();
        let hardship: HashMap<Uuid, bool> = teams
            .iter()
            .map(|t| (t.id.0, t.villages.iter().any(|v| hard.contains(&v.id.0))))
            .collect();
        // Shifts of the month and who was there.
        let shifts = duty_shift::Entity::find()
            .filter(duty_shift::Column::CommuneId.eq(commune))
            .filter(duty_shift::Column::OnDate.gte(first))
            .filter(duty_shift::Column::OnDate.lte(last))
            .order_by_asc(duty_shift::Column::OnDate)
            .order_by_asc(duty_shift::Column::StartMinute)
            .order_by_asc(duty_shift::Column::Id)
            .all(&self.db)
            .await?;
        let mut presence: Vec<duty_presence::Model> = Vec::new();
        let shift_ids: Vec<Uuid> = shifts.iter().map(|s| s.id).collect();
        for chunk in shift_ids.chunks(crate::units::IN_CHUNK) {
            presence.extend(
                duty_presence::Entity::find()
                    .filter(duty_presence::Column::ShiftId.is_in(chunk.iter().copied()))
                    .all(&self.db)
                    .await?,
            );
        }
        let mut by_person: HashMap<Uuid, Vec<Shift>> = HashMap::new();
        for s in &shifts {
            let kind = crate::force::stored("duty_shift.kind", &s.kind)?;
            let shift = Shift::new(
                s.on_date,
                u32::try_from(s.start_minute)
                    .map_err(|e| StoreError::corrupt("duty_shift.start", e))?,
                u32::try_from(s.end_minute)
                    .map_err(|e| StoreError::corrupt("duty_shift.end", e))?,
                kind,
                s.hazardous,
                hardship.get(&s.team_id).copied().unwrap_or(false),
            )
            .map_err(|e| StoreError::corrupt("duty_shift", e.message_vi()))?;
            for p in presence.iter().filter(|p| p.shift_id == s.id) {
                by_person
                    .entry(p.person_id)
                    .or_default()
                    .push(shift.clone());
            }
        }
        // Allowances paid earlier in the year, from the approved payrolls.
        let mut ytd: HashMap<PersonId, YearToDate> = HashMap::new();
        for a in approved
            .iter()
            .filter(|a| a.month.year() == month.year() && a.month < month)
        {
            for l in &a.body.lines {
                let e = ytd.entry(l.person).or_default();
                for i in l.items.iter().filter(|i| pay::is_allowance(&i.key)) {
                    e.dong = Dong(e.dong.0 + i.dong.0);
                    e.minutes += i.minutes;
                }
            }
        }
        let mut members: Vec<MemberMonth> = Vec::new();
        for t in &teams {
            for m in &t.members {
                if m.start_date > last || m.end_date.is_some_and(|e| e < first) {
                    continue;
                }
                let period = Period {
                    team: t.name.clone(),
                    role: m.role,
                    start: m.start_date,
                    end: m.end_date,
                };
                match members.iter_mut().find(|x| x.person == m.person_id) {
                    Some(x) => x.periods.push(period),
                    None => members.push(MemberMonth {
                        person: m.person_id,
                        cccd: m.cccd.clone(),
                        name: m.full_name.clone(),
                        periods: vec![period],
                        shifts: by_person.remove(&m.person_id.0).unwrap_or_default(),
                        training_days: 0,
                        year_to_date: ytd.get(&m.person_id).copied().unwrap_or_default(),
                        insurance: None,
                    }),
                }
            }
        }
        for m in &mut members {
            m.periods.sort_by_key(|p| p.start);
        }
        Ok(members)
    }

    /// A month's lines computed afresh from today's data and rules.
    async fn compute_month(
        &self,
        actor: &Actor,
        commune: UnitId,
        month: Month,
        approved: &[Approved],
        cal: &WorkCalendar,
    ) -> Result<(Vec<PayLine>, Option<PolicyGap>), StoreError> {
        let resolved = self.policy(actor, commune, month.first_day()).await?;
        let mut members = self.month_members(commune.0, month, approved).await?;
        // The member's own insurance part is withheld from the support only where the pack says
        // so: then each member's insurance record is read for the month.
        if resolved.policy().choice("member_insurance_share").ok() == Some("withheld") {
            let quarter = antt_domain::insurance::quarter::Quarter::of(month.first_day());
            let mut records = self.quarter_members(commune.0, quarter).await?;
            for m in &mut members {
                if let Some(i) = records.iter().position(|r| r.person == m.person) {
                    m.insurance = Some(records.swap_remove(i));
                }
            }
        }
        Ok(pay::compute_lines(month, resolved.policy(), cal, &members))
    }

    /// The body of `month` computed afresh, with the arrears of every approved month before it.
    async fn compute_body(
        &self,
        actor: &Actor,
        commune: UnitId,
        month: Month,
        rows: &[payroll::Model],
    ) -> Result<PayrollBody, StoreError> {
        let approved = Self::approved_of(rows)?;
        let cal = self.work_calendar(month.first_day()).await?;
        let (lines, mut gap) = self
            .compute_month(actor, commune, month, &approved, &cal)
            .await?;
        let mut recomputed: Vec<(Month, Vec<PayLine>, Option<PolicyGap>)> = Vec::new();
        for a in approved.iter().filter(|a| a.month < month) {
            let cal = self.work_calendar(a.month.first_day()).await?;
            let (l, g) = self
                .compute_month(actor, commune, a.month, &approved, &cal)
                .await?;
            recomputed.push((a.month, l, g));
        }
        let history: Vec<MonthHistory<'_>> = recomputed
            .iter()
            .map(|(m, l, g)| MonthHistory {
                month: *m,
                approved: approved
                    .iter()
                    .find(|a| a.month == *m)
                    .map_or(&[][..], |a| &a.body.lines[..]),
                recomputed: l,
                gap: g.clone(),
            })
            .collect();
        let settled: Vec<(PersonId, Arrear)> = approved
            .iter()
            .flat_map(|a| {
                a.body
                    .lines
                    .iter()
                    .flat_map(|l| l.arrears.iter().map(|x| (l.person, x.clone())))
            })
            .collect();
        let (owed, agap) = pay::arrears(&history, &settled);
        if let Some(g) = agap {
            gap = Some(match gap {
                Some(e) => e.merge(g),
                None => g,
            });
        }
        Ok(pay::assemble(month, lines, owed, gap))
    }

    async fn view_of(
        &self,
        actor: &Actor,
        commune: &crate::entities::unit::Model,
        row: Option<&payroll::Model>,
        body: PayrollBody,
        changed_since_check: bool,
    ) -> Result<PayrollView, StoreError> {
        let name = self
            .refs_public(&[commune.id], body.month.last_day())
            .await?
            .remove(&commune.id)
            .map(|r| r.name)
            .unwrap_or_else(|| commune.code.clone());
        let state = row
            .map(state_of)
            .transpose()?
            .unwrap_or(PayrollState::Draft);
        let chairman = self
            .official_on(
                actor,
                UnitId(commune.id),
                antt_domain::office::Office::Chairman,
                self.clock.today_vn(),
            )
            .await?;
        Ok(PayrollView {
            chairman,
            commune: commune.code.clone(),
            commune_name: name,
            state,
            state_label: state.label_vi(),
            checked_by: row.and_then(|r| r.checked_by.clone()),
            checked_at: row.and_then(|r| r.checked_at),
            approved_by: row.and_then(|r| r.approved_by.clone()),
            approved_at: row.and_then(|r| r.approved_at),
            paid_on: row.and_then(|r| r.paid_on),
            voucher: row.and_then(|r| r.voucher.clone()),
            changed_since_check,
            body,
        })
    }

    /// The commune's payroll of `month`: as approved when it is, else computed afresh (a checked
    /// one says whether today's figures still match what was checked).
    pub async fn payroll(
        &self,
        actor: &Actor,
        commune: UnitId,
        month: Month,
    ) -> Result<PayrollView, StoreError> {
        actor.require(Action::ViewPayroll)?;
        let c = self.commune_in_scope(&self.db, actor, commune).await?;
        let rows = self.payroll_rows(c.id).await?;
        let row = rows.iter().find(|r| r.month == month.to_string());
        let state = row.map(state_of).transpose()?;
        match state {
            Some(s) if s.locked() => {
                let body = body_of(row.ok_or(StoreError::NotFound)?)?;
                self.view_of(actor, &c, row, body, false).await
            }
            _ => {
                let body = self.compute_body(actor, commune, month, &rows).await?;
                let changed = match (state, row) {
                    (Some(PayrollState::Checked), Some(r)) => body_of(r)? != body,
                    _ => false,
                };
                self.view_of(actor, &c, row, body, changed).await
            }
        }
    }

    /// The accountant checks the draft: today's figures are kept as checked. Refused while the
    /// packs leave a figure missing, and on a locked month.
    pub async fn check_payroll(
        &self,
        actor: &Actor,
        commune: UnitId,
        month: Month,
    ) -> Result<PayrollView, StoreError> {
        let granted = actor.granted(Action::CheckPayroll)?;
        let c = self.commune_in_scope(&self.db, actor, commune).await?;
        let rows = self.payroll_rows(c.id).await?;
        let body = self.compute_body(actor, commune, month, &rows).await?;
        if let Some(g) = &body.gap {
            return Err(StoreError::PolicyGap(g.clone()));
        }
        let text =
            serde_json::to_string(&body).map_err(|e| StoreError::corrupt("payroll.body", e))?;
        write_txn!(self, granted, |txn, actor| {
            self.commune_in_scope(&**txn, actor, commune).await?;
            let existing = row_of(&**txn, c.id, month).await?;
            if let Some(r) = &existing
                && state_of(r)?.locked()
            {
                return Err(fault("month", PayrollFault::Locked));
            }
            let now = self.clock.now();
            let row = payroll::ActiveModel {
                id: Set(existing.as_ref().map_or_else(Uuid::now_v7, |r| r.id)),
                commune_id: Set(c.id),
                month: Set(month.to_string()),
                state: Set(PayrollState::Checked.as_str().to_string()),
                body: Set(text.clone()),
                total: Set(body.total.0),
                checked_by: Set(Some(actor.label())),
                checked_at: Set(Some(now)),
                approved_by: Set(None),
                approved_at: Set(None),
                paid_on: Set(None),
                voucher: Set(None),
                updated_at: Set(now),
            };
            if existing.is_some() {
                payroll::Entity::update(row).exec(&**txn).await?;
            } else {
                payroll::Entity::insert(row)
                    .exec_without_returning(&**txn)
                    .await?;
            }
            self.audit_payroll(
                txn,
                actor,
                c.id,
                month,
                AuditAction::PayrollCheck,
                body.total,
                None,
            )
            .await
        })?;
        self.payroll(actor, commune, month).await
    }

    /// The accountant sends a checked payroll back to draft (to be corrected), with a reason.
    pub async fn return_payroll(
        &self,
        actor: &Actor,
        commune: UnitId,
        month: Month,
        reason: &str,
    ) -> Result<PayrollView, StoreError> {
        let granted = actor.granted(Action::CheckPayroll)?;
        let reason = antt_domain::text::required("reason", reason, 500)
            .map_err(|_| fault("reason", PayrollFault::ReasonRequired))?;
        write_txn!(self, granted, |txn, actor| {
            let c = self.commune_in_scope(&**txn, actor, commune).await?;
            let r = row_of(&**txn, c.id, month)
                .await?
                .ok_or_else(|| fault("month", PayrollFault::WrongState))?;
            match state_of(&r)? {
                PayrollState::Checked => {}
                s if s.locked() => return Err(fault("month", PayrollFault::Locked)),
                _ => return Err(fault("month", PayrollFault::WrongState)),
            }
            payroll::Entity::update(payroll::ActiveModel {
                id: Set(r.id),
                state: Set(PayrollState::Draft.as_str().to_string()),
                checked_by: Set(None),
                checked_at: Set(None),
                updated_at: Set(self.clock.now()),
                ..Default::default()
            })
            .exec(&**txn)
            .await?;
            self.audit_payroll(
                txn,
                actor,
                c.id,
                month,
                AuditAction::PayrollReturn,
                Dong(r.total),
                Some(("reason", reason.clone())),
            )
            .await
        })?;
        self.payroll(actor, commune, month).await
    }

    /// The chairman approves a checked payroll: refused before the month's last day, when a
    /// later month is approved already, when the approver is the checker, or when today's
    /// figures differ from what was checked. Approved, it is locked for good.
    pub async fn approve_payroll(
        &self,
        actor: &Actor,
        commune: UnitId,
        month: Month,
    ) -> Result<PayrollView, StoreError> {
        let granted = actor.granted(Action::ApprovePayroll)?;
        let c = self.commune_in_scope(&self.db, actor, commune).await?;
        let rows = self.payroll_rows(c.id).await?;
        let body = self.compute_body(actor, commune, month, &rows).await?;
        if self.clock.today_vn() < month.last_day() {
            return Err(fault("month", PayrollFault::FutureMonth));
        }
        write_txn!(self, granted, |txn, actor| {
            self.commune_in_scope(&**txn, actor, commune).await?;
            let all: Vec<payroll::Model> = payroll::Entity::find()
                .filter(payroll::Column::CommuneId.eq(c.id))
                .all(&**txn)
                .await?;
            let r = all
                .iter()
                .find(|r| r.month == month.to_string())
                .ok_or_else(|| fault("month", PayrollFault::NotChecked))?;
            match state_of(r)? {
                PayrollState::Checked => {}
                s if s.locked() => return Err(fault("month", PayrollFault::Locked)),
                _ => return Err(fault("month", PayrollFault::NotChecked)),
            }
            for other in &all {
                if month_of(other)? > month && state_of(other)?.locked() {
                    return Err(fault("month", PayrollFault::LaterApproved));
                }
            }
            // The label is "username (display name)": the same account, whatever its name now.
            if r.checked_by.as_deref().is_some_and(|c| {
                c == actor.label() || c.split(" (").next() == Some(actor.username())
            }) {
                return Err(fault("month", PayrollFault::SameUser));
            }
            if body_of(r)? != body {
                return Err(fault("month", PayrollFault::ChangedSinceCheck));
            }
            let now = self.clock.now();
            payroll::Entity::update(payroll::ActiveModel {
                id: Set(r.id),
                state: Set(PayrollState::Approved.as_str().to_string()),
                approved_by: Set(Some(actor.label())),
                approved_at: Set(Some(now)),
                updated_at: Set(now),
                ..Default::default()
            })
            .exec(&**txn)
            .await?;
            self.audit_payroll(
                txn,
                actor,
                c.id,
                month,
                AuditAction::PayrollApprove,
                body.total,
                None,
            )
            .await
        })?;
        self.payroll(actor, commune, month).await
    }

    /// Records that an approved payroll was paid: the day and the voucher (phiếu chi, ủy nhiệm
    /// chi). The day is neither before the approval nor after today.
    pub async fn pay_payroll(
        &self,
        actor: &Actor,
        commune: UnitId,
        month: Month,
        paid_on: NaiveDate,
        voucher: &str,
    ) -> Result<PayrollView, StoreError> {
        let granted = actor.granted(Action::PayPayroll)?;
        let voucher = antt_domain::text::required("voucher", voucher, 100)?;
        if paid_on > self.clock.today_vn() {
            return Err(FieldError::new("paid_on", FieldErrorKind::DateOrder).into());
        }
        write_txn!(self, granted, |txn, actor| {
            let c = self.commune_in_scope(&**txn, actor, commune).await?;
            let r = row_of(&**txn, c.id, month)
                .await?
                .ok_or_else(|| fault("month", PayrollFault::NotApproved))?;
            match state_of(&r)? {
                PayrollState::Approved => {}
                PayrollState::Paid => return Err(fault("month", PayrollFault::AlreadyPaid)),
                _ => return Err(fault("month", PayrollFault::NotApproved)),
            }
            if r.approved_at
                .is_some_and(|a| antt_domain::date::today_vn(a) > paid_on)
            {
                return Err(fault("paid_on", PayrollFault::PaidBeforeApproved));
            }
            payroll::Entity::update(payroll::ActiveModel {
                id: Set(r.id),
                state: Set(PayrollState::Paid.as_str().to_string()),
                paid_on: Set(Some(paid_on)),
                voucher: Set(Some(voucher.clone())),
                updated_at: Set(self.clock.now()),
                ..Default::default()
            })
            .exec(&**txn)
            .await?;
            self.audit_payroll(
                txn,
                actor,
                c.id,
                month,
                AuditAction::PayrollPay,
                Dong(r.total),
                Some(("voucher", voucher.clone())),
            )
            .await
        })?;
        self.payroll(actor, commune, month).await
    }

    #[allow(clippy::too_many_arguments)]
    async fn audit_payroll(
        &self,
        txn: &crate::WriteTxn,
        actor: &Actor,
        commune: Uuid,
        month: Month,
        action: AuditAction,
        total: Dong,
        extra: Option<(&str, String)>,
    ) -> Result<(), StoreError> {
        let mut after = serde_json::json!({
            "month": month.to_string(),
            "month_label": month.label_vi(),
            "total": total.0,
            "total_vi": total.to_string(),
        });
        if let (Some((k, v)), Some(o)) = (extra, after.as_object_mut()) {
            o.insert(k.to_string(), serde_json::Value::String(v));
        }
        audit::append(
            &**txn,
            actor,
            self.clock.now(),
            Change {
                action,
                entity: "payroll",
                entity_id: format!("{commune}/{month}"),
                unit: Some(UnitId(commune)),
                before: None,
                after: Some(&after),
            },
        )
        .await?;
        Ok(())
    }

    /// Every arrear on the commune's payrolls of `from` to `to` (at most 12 months): those on
    /// approved payrolls, and those the draft of a month not yet approved would carry.
    pub async fn payroll_arrears(
        &self,
        actor: &Actor,
        commune: UnitId,
        from: Month,
        to: Month,
    ) -> Result<Vec<ArrearRow>, StoreError> {
        if to < from {
            return Err(FieldError::new("to", FieldErrorKind::DateOrder).into());
        }
        let mut months = vec![from];
        while let Some(last) = months.last().copied()
            && last < to
        {
            if months.len() >= 12 {
                return Err(fault("to", PayrollFault::TooLong));
            }
            months.push(last.next());
        }
        let mut out = Vec::new();
        for m in months {
            let view = self.payroll(actor, commune, m).await?;
            for l in &view.body.lines {
                for a in &l.arrears {
                    out.push(ArrearRow {
                        paid_in: m,
                        state: view.state,
                        cccd: l.cccd.clone(),
                        name: l.name.clone(),
                        team: l.team.clone(),
                        arrear: a.clone(),
                    });
                }
            }
        }
        Ok(out)
    }
}

/// One commune's line of a roll-up.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommunePayroll {
    pub commune: String,
    pub commune_name: String,
    pub state: PayrollState,
    pub members: u32,
    pub monthly_support: Dong,
    pub allowances: Dong,
    /// The members' own insurance parts withheld from the support.
    pub withheld: Dong,
    pub arrears: Dong,
    pub total: Dong,
    /// What the packs leave missing for this commune (its draft cannot be checked).
    pub gap: Option<PolicyGap>,
}

/// How many communes a roll-up computes at once.
pub const ROLLUP_AT_ONCE: usize = 4;

/// How many communes' payrolls are at a state.
#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StateCount {
    pub state: PayrollState,
    pub communes: u32,
}

/// The payrolls of a month for every commune under a unit, and their sum.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayrollRollup {
    pub unit: String,
    pub month: Month,
    pub communes: Vec<CommunePayroll>,
    pub members: u32,
    pub total: Dong,
    pub total_in_words: String,
    /// How many communes are at each state, in the order of the states.
    pub states: Vec<StateCount>,
    pub illustrative: bool,
}

impl Store {
    /// The month's payroll of every commune under `unit` (or of the commune itself), commune by
    /// commune, with their sum: approved ones as approved, the others computed afresh.
    /// `progress(done, of)` is called after each commune (the command line draws a bar).
    pub async fn payroll_rollup(
        &self,
        actor: &Actor,
        unit: UnitId,
        month: Month,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<PayrollRollup, StoreError> {
        actor.require(Action::ViewPayroll)?;
        let detail = self.unit_detail(actor, unit, month.last_day()).await?;
        let communes = if detail.level == antt_domain::unit::Level::Commune {
            vec![unit]
        } else {
            self.communes_with_teams(actor, unit, month.last_day())
                .await?
        };
        let mut out = Vec::with_capacity(communes.len());
        let mut illustrative = false;
        // A few communes at a time: each is a dozen short reads, and the database serves more
        // than one at once (SQLite's readers in WAL mode, PostgreSQL's pool).
        let mut views = Vec::with_capacity(communes.len());
        for chunk in communes.chunks(ROLLUP_AT_ONCE) {
            let mut set = tokio::task::JoinSet::new();
            for (i, c) in chunk.iter().enumerate() {
                let (store, actor, c) = (self.clone(), actor.clone(), *c);
                set.spawn(async move { (i, store.payroll(&actor, c, month).await) });
            }
            let mut got: Vec<(usize, PayrollView)> = Vec::with_capacity(chunk.len());
            while let Some(joined) = set.join_next().await {
                let (i, v) =
                    joined.map_err(|e| StoreError::Config(format!("payroll task: {e}")))?;
                got.push((i, v?));
            }
            got.sort_by_key(|(i, _)| *i);
            views.extend(got.into_iter().map(|(_, v)| v));
            progress(views.len(), communes.len());
        }
        for v in views {
            illustrative |= v.body.illustrative;
            let sum = |f: &dyn Fn(&PayLine) -> i64| Dong(v.body.lines.iter().map(f).sum());
            out.push(CommunePayroll {
                commune: v.commune.clone(),
                commune_name: v.commune_name.clone(),
                state: v.state,
                members: u32::try_from(v.body.lines.iter().filter(|l| l.days > 0).count())
                    .unwrap_or(u32::MAX),
                monthly_support: sum(&|l| l.monthly_support.0),
                allowances: sum(&|l| l.allowances.values().map(|d| d.0).sum()),
                withheld: sum(&|l| l.withheld.0),
                arrears: sum(&|l| l.arrears.iter().map(|a| a.diff.0).sum()),
                total: v.body.total,
                gap: v.body.gap.clone(),
            });
        }
        out.sort_by_cached_key(|c| antt_domain::text::vi_sort_key(&c.commune_name));
        let total = Dong(out.iter().map(|c| c.total.0).sum());
        let states = PayrollState::ALL
            .iter()
            .map(|s| StateCount {
                state: *s,
                communes: u32::try_from(out.iter().filter(|c| c.state == *s).count()).unwrap_or(0),
            })
            .collect();
        Ok(PayrollRollup {
            unit: detail.code,
            month,
            members: out.iter().map(|c| c.members).sum(),
            total,
            total_in_words: antt_domain::words::dong_in_words(total),
            communes: out,
            states,
            illustrative,
        })
    }
}

//! Kinh phí bảo hiểm theo quý (use cases): a commune's quarter computed from today's members,
//! enrolments and rules; the advance transferred at its start (*tạm cấp*), the settlement once
//! it is over (*chuyển dứt điểm*), the social insurance office's confirmation (INS-1, INS-10);
//! the year's settlement of the four quarters.

pub mod enrolment;
pub mod rollup;

use antt_domain::access::Action;
use antt_domain::error::{FieldError, FieldErrorKind};
use antt_domain::insurance::Insured;
use antt_domain::insurance::quarter::{
    self as q, InsuranceFault, Quarter, QuarterBody, QuarterMember,
};
use antt_domain::kernel::ids::PersonId;
use antt_domain::money::Dong;
use antt_domain::policy::TeamRole;
use antt_domain::policy::amounts::Household;
use antt_domain::unit::UnitId;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use uuid::Uuid;

use crate::audit::{self, Change};
use crate::audit_action::AuditAction;
use crate::entities::{commune_payment, insurance_quarter, membership, person, team};
use crate::{Actor, Store, StoreError};

fn fault(f: &'static str, fault: InsuranceFault) -> StoreError {
    FieldError::new(f, FieldErrorKind::from(fault)).into()
}

antt_domain::code_enum! {
    /// Where a commune's quarter stands.
    pub enum QuarterState (field = "state") {
        Due = "due" => "Chưa chuyển kinh phí tạm cấp",
        Advanced = "advanced" => "Đã chuyển tạm cấp, chưa quyết toán",
        Settled = "settled" => "Đã quyết toán, chờ cơ quan BHXH xác nhận",
        Confirmed = "confirmed" => "Cơ quan BHXH đã xác nhận",
    }
}

/// The advance as recorded.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdvanceRecord {
    pub total: Dong,
    pub on: NaiveDate,
    pub voucher: String,
    /// The collection account it went to.
    pub account: Option<String>,
    pub by: String,
}

/// The settlement as recorded.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SettlementRecord {
    /// The quarter's actual amount.
    pub actual: Dong,
    /// `actual − advance`: transferred on settling when positive, offset when negative.
    pub difference: Dong,
    pub on: NaiveDate,
    pub voucher: String,
    pub by: String,
}

/// A commune's quarter as its users see it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InsuranceQuarterView {
    pub commune: String,
    pub commune_name: String,
    pub state: QuarterState,
    pub state_label: &'static str,
    /// The quarter is over: it can be settled.
    pub over: bool,
    /// The commune's collection account at the social insurance office, as entered.
    pub insurance_account: Option<String>,
    pub advance_record: Option<AdvanceRecord>,
    pub settlement: Option<SettlementRecord>,
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The chairman who signs today (as entered among the commune's officials).
    pub chairman: Option<String>,
    /// What each member of the quarter declares on the form TK1-TS, as the roster has it today.
    pub declarants: Vec<q::Declarant>,
    /// The figures: as settled once settled, else today's (with the advance as transferred).
    #[serde(flatten)]
    pub body: QuarterBody,
}

/// A quarter of the year's settlement.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearQuarter {
    pub quarter: Quarter,
    pub state: QuarterState,
    /// Transferred at the start of the quarter.
    pub advance: Dong,
    /// The quarter's actual amount (as settled, or today's while not settled).
    pub actual: Dong,
    /// Transferred in all for the quarter: the advance and, once settled, the difference.
    pub transferred: Dong,
}

/// A commune's year of insurance transfers (INS-10: *quyết toán hằng năm*).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InsuranceYear {
    pub commune: String,
    pub commune_name: String,
    pub year: i32,
    pub quarters: Vec<YearQuarter>,
    pub actual: Dong,
    pub transferred: Dong,
    /// `actual − transferred`: still owed when positive, overpaid when negative.
    pub balance: Dong,
    /// Every quarter settled and confirmed: the year can be closed.
    pub complete: bool,
    pub illustrative: bool,
    /// The chairman who signs today (as entered among the commune's officials).
    pub chairman: Option<String>,
}

fn body_of(raw: &str) -> Result<QuarterBody, StoreError> {
    serde_json::from_str(raw).map_err(|e| StoreError::corrupt("insurance_quarter.body", e))
}

fn state_of(r: Option<&insurance_quarter::Model>) -> QuarterState {
    match r {
        None => QuarterState::Due,
        Some(r) if r.confirmed_at.is_some() => QuarterState::Confirmed,
        Some(r) if r.settled_on.is_some() => QuarterState::Settled,
        Some(_) => QuarterState::Advanced,
    }
}

pub(crate) async fn quarter_row<C: sea_orm::ConnectionTrait>(
    db: &C,
    commune: Uuid,
    quarter: Quarter,
) -> Result<Option<insurance_quarter::Model>, StoreError> {
    Ok(insurance_quarter::Entity::find()
        .filter(insurance_quarter::Column::CommuneId.eq(commune))
        .filter(insurance_quarter::Column::Quarter.eq(quarter.to_string()))
        .one(db)
        .await?)
}

impl Store {
    /// The commune's members in post some day of the quarter, with their enrolments.
    pub(crate) async fn quarter_members(
        &self,
        commune: Uuid,
        quarter: Quarter,
    ) -> Result<Vec<QuarterMember>, StoreError> {
        let (first, last) = (quarter.first_day(), quarter.last_day());
        let teams = team::Entity::find()
            .filter(team::Column::CommuneId.eq(commune))
            .order_by_asc(team::Column::Name)
            .all(&self.db)
            .await?;
        let mut rows: Vec<membership::Model> = Vec::new();
        let team_ids: Vec<Uuid> = teams.iter().map(|t| t.id).collect();
        for chunk in team_ids.chunks(crate::units::IN_CHUNK) {
            rows.extend(
                membership::Entity::find()
                    .filter(membership::Column::TeamId.is_in(chunk.iter().copied()))
                    .filter(membership::Column::StartDate.lte(last))
                    .filter(
                        Condition::any()
                            .add(membership::Column::EndDate.is_null())
                            .add(membership::Column::EndDate.gte(first)),
                    )
                    .order_by_asc(membership::Column::StartDate)
                    .all(&self.db)
                    .await?,
            );
        }
        let mut ids: Vec<Uuid> = rows.iter().map(|m| m.person_id).collect();
        ids.sort();
        ids.dedup();
        let mut people = std::collections::HashMap::new();
        for chunk in ids.chunks(crate::units::IN_CHUNK) {
            for p in person::Entity::find()
                .filter(person::Column::Id.is_in(chunk.iter().copied()))
                .all(&self.db)
                .await?
            {
                people.insert(p.id, p);
            }
        }
        let mut enrolments = self.enrolments_of(&ids).await?;
        let mut out: Vec<QuarterMember> = Vec::new();
        for m in &rows {
            let p = people
                .get(&m.person_id)
                .ok_or(StoreError::corrupt("membership.person_id", m.person_id))?;
            let role: TeamRole = crate::force::stored("membership.role", &m.role)?;
            let team = teams
                .iter()
                .find(|t| t.id == m.team_id)
                .map(|t| t.name.clone())
                .unwrap_or_default();
            match out.iter_mut().find(|x| x.person.0 == p.id) {
                Some(x) => x.periods.push((m.start_date, m.end_date, role)),
                None => out.push(QuarterMember {
                    person: PersonId(p.id),
                    cccd: p.cccd.clone(),
                    name: p.full_name.clone(),
                    team,
                    insured: Insured {
                        role,
                        household: crate::force::stored::<Household>(
                            "person.household",
                            &p.household,
                        )?,
                        ethnic_minority: !antt_domain::text::fold(&p.ethnicity).eq("kinh"),
                        // Island communes (NĐ 159/2025 Đ5 k1) are not a unit flag yet.
                        island: false,
                        bhxh_registered: false,
                        covered_bhxh: p.covered_bhxh,
                        covered_bhyt: p.covered_bhyt,
                        state_months_before: 0,
                    },
                    enrolment: enrolments.remove(&p.id),
                    periods: vec![(m.start_date, m.end_date, role)],
                }),
            }
        }
        out.sort_by_cached_key(|m| {
            (
                antt_domain::text::vi_sort_key(&m.team),
                antt_domain::text::vi_sort_key(&m.name),
            )
        });
        Ok(out)
    }

    /// The quarter computed afresh from today's data and rules.
    async fn compute_quarter(
        &self,
        actor: &Actor,
        commune: UnitId,
        quarter: Quarter,
    ) -> Result<QuarterBody, StoreError> {
        let months = quarter.months();
        let mut resolved = Vec::with_capacity(3);
        for m in months {
            resolved.push(self.policy(actor, commune, m.first_day()).await?);
        }
        let members = self.quarter_members(commune.0, quarter).await?;
        Ok(q::quarter(
            quarter,
            |m| {
                let i = months.iter().position(|x| *x == m).unwrap_or(0);
                resolved[i].policy()
            },
            &members,
        ))
    }

    /// The commune's quarter: as settled once it is, else computed afresh with the advance as
    /// it was transferred.
    pub async fn insurance_quarter(
        &self,
        actor: &Actor,
        commune: UnitId,
        quarter: Quarter,
    ) -> Result<InsuranceQuarterView, StoreError> {
        actor.require(Action::ViewInsurance)?;
        let c = self.commune_in_scope(&self.db, actor, commune).await?;
        let row = quarter_row(&self.db, c.id, quarter).await?;
        let body = match &row {
            Some(r) if r.settled_on.is_some() => {
                body_of(r.actual_body.as_deref().unwrap_or_default())?
            }
            Some(r) => self
                .compute_quarter(actor, commune, quarter)
                .await?
                .with_recorded_advance(&body_of(&r.advance_body)?),
            None => self.compute_quarter(actor, commune, quarter).await?,
        };
        let name = self
            .refs_public(&[c.id], quarter.last_day())
            .await?
            .remove(&c.id)
            .map(|r| r.name)
            .unwrap_or_else(|| c.code.clone());
        let payment = commune_payment::Entity::find_by_id(c.id)
            .one(&self.db)
            .await?;
        let state = state_of(row.as_ref());
        let chairman = self
            .official_on(
                actor,
                UnitId(c.id),
                antt_domain::office::Office::Chairman,
                self.clock.today_vn(),
            )
            .await?;
        let declarants = self.declarants(&body).await?;
        Ok(InsuranceQuarterView {
            declarants,
            chairman,
            commune: c.code.clone(),
            commune_name: name,
            state,
            state_label: state.label_vi(),
            over: self.clock.today_vn() > quarter.last_day(),
            insurance_account: payment.and_then(|p| p.insurance_account),
            advance_record: row.as_ref().map(|r| AdvanceRecord {
                total: Dong(r.advance_total),
                on: r.advance_on,
                voucher: r.advance_voucher.clone(),
                account: r.account.clone(),
                by: r.advance_by.clone(),
            }),
            settlement: row.as_ref().and_then(|r| {
                Some(SettlementRecord {
                    actual: Dong(r.actual_total?),
                    difference: Dong(r.actual_total? - r.advance_total),
                    on: r.settled_on?,
                    voucher: r.settle_voucher.clone()?,
                    by: r.settled_by.clone()?,
                })
            }),
            confirmed_by: row.as_ref().and_then(|r| r.confirmed_by.clone()),
            confirmed_at: row.as_ref().and_then(|r| r.confirmed_at),
            body,
        })
    }

    /// The members of a quarter as they declare themselves on TK1-TS, in the quarter's order.
    async fn declarants(&self, body: &QuarterBody) -> Result<Vec<q::Declarant>, StoreError> {
        let ids: Vec<Uuid> = body.lines.iter().map(|l| l.person.0).collect();
        let mut people = std::collections::HashMap::new();
        for chunk in ids.chunks(crate::units::IN_CHUNK) {
            for p in person::Entity::find()
                .filter(person::Column::Id.is_in(chunk.iter().copied()))
                .all(&self.db)
                .await?
            {
                people.insert(p.id, p);
            }
        }
        let enrolments = self.enrolments_of(&ids).await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in &ids {
            let Some(p) = people.get(id) else { continue };
            let sex: antt_domain::person::Sex = crate::force::stored("person.sex", &p.sex)?;
            out.push(q::Declarant {
                person: PersonId(p.id),
                cccd: p.cccd.clone(),
                name: p.full_name.clone(),
                birth_date: p.birth_date,
                sex: sex.label_vi().to_string(),
                ethnicity: p.ethnicity.clone(),
                phone: p.phone.clone(),
                residence: p.residence.clone(),
                bhxh_from: enrolments.get(id).and_then(|e| e.bhxh_from),
            });
        }
        Ok(out)
    }

    fn check_gap(body: &QuarterBody) -> Result<(), StoreError> {
        match &body.gap {
            Some(g) => Err(StoreError::PolicyGap(g.clone())),
            None => Ok(()),
        }
    }

    /// Records the advance of the quarter (INS-10: at its start): today's figures for the
    /// members in post on its first day, the day, the voucher and the account. Once.
    pub async fn record_insurance_advance(
        &self,
        actor: &Actor,
        commune: UnitId,
        quarter: Quarter,
        on: NaiveDate,
        voucher: &str,
        account: Option<&str>,
    ) -> Result<InsuranceQuarterView, StoreError> {
        let granted = actor.granted(Action::TransferInsurance)?;
        let voucher = antt_domain::text::required("voucher", voucher, 100)?;
        let account = antt_domain::text::optional("account", account, 100)?;
        if on > self.clock.today_vn() {
            return Err(FieldError::new("on", FieldErrorKind::DateOrder).into());
        }
        let c = self.commune_in_scope(&self.db, actor, commune).await?;
        let body = self.compute_quarter(actor, commune, quarter).await?;
        Self::check_gap(&body)?;
        if body.advance.transfer.0 <= 0 {
            return Err(fault("quarter", InsuranceFault::NothingToTransfer));
        }
        let raw = serde_json::to_string(&body)
            .map_err(|e| StoreError::corrupt("insurance_quarter.body", e))?;
        write_txn!(self, granted, |txn, actor| {
            self.commune_in_scope(&**txn, actor, commune).await?;
            if quarter_row(&**txn, c.id, quarter).await?.is_some() {
                return Err(fault("quarter", InsuranceFault::AdvanceRecorded));
            }
            let now = self.clock.now();
            insurance_quarter::Entity::insert(insurance_quarter::ActiveModel {
                id: Set(Uuid::now_v7()),
                commune_id: Set(c.id),
                quarter: Set(quarter.to_string()),
                advance_total: Set(body.advance.transfer.0),
                advance_body: Set(raw.clone()),
                advance_on: Set(on),
                advance_voucher: Set(voucher.clone()),
                account: Set(account.clone()),
                advance_by: Set(actor.label()),
                actual_total: Set(None),
                actual_body: Set(None),
                settled_on: Set(None),
                settle_voucher: Set(None),
                settled_by: Set(None),
                confirmed_by: Set(None),
                confirmed_at: Set(None),
                updated_at: Set(now),
            })
            .exec_without_returning(&**txn)
            .await?;
            self.audit_quarter(
                txn,
                actor,
                c.id,
                quarter,
                AuditAction::InsuranceAdvance,
                body.advance.transfer,
                Some(voucher.clone()),
            )
            .await
        })?;
        self.insurance_quarter(actor, commune, quarter).await
    }

    /// Settles a quarter that is over: today's actual figures are kept as settled, and the
    /// difference to the advance is what the voucher transfers (or offsets).
    pub async fn settle_insurance_quarter(
        &self,
        actor: &Actor,
        commune: UnitId,
        quarter: Quarter,
        on: NaiveDate,
        voucher: &str,
    ) -> Result<InsuranceQuarterView, StoreError> {
        let granted = actor.granted(Action::TransferInsurance)?;
        let voucher = antt_domain::text::required("voucher", voucher, 100)?;
        let today = self.clock.today_vn();
        if on > today {
            return Err(FieldError::new("on", FieldErrorKind::DateOrder).into());
        }
        if today <= quarter.last_day() {
            return Err(fault("quarter", InsuranceFault::QuarterNotOver));
        }
        let c = self.commune_in_scope(&self.db, actor, commune).await?;
        let Some(row) = quarter_row(&self.db, c.id, quarter).await? else {
            return Err(fault("quarter", InsuranceFault::NoAdvance));
        };
        let body = self
            .compute_quarter(actor, commune, quarter)
            .await?
            .with_recorded_advance(&body_of(&row.advance_body)?);
        Self::check_gap(&body)?;
        let raw = serde_json::to_string(&body)
            .map_err(|e| StoreError::corrupt("insurance_quarter.body", e))?;
        write_txn!(self, granted, |txn, actor| {
            self.commune_in_scope(&**txn, actor, commune).await?;
            let r = quarter_row(&**txn, c.id, quarter)
                .await?
                .ok_or_else(|| fault("quarter", InsuranceFault::NoAdvance))?;
            if r.settled_on.is_some() {
                return Err(fault("quarter", InsuranceFault::AlreadySettled));
            }
            if on < r.advance_on {
                return Err(FieldError::new("on", FieldErrorKind::DateOrder).into());
            }
            insurance_quarter::Entity::update(insurance_quarter::ActiveModel {
                id: Set(r.id),
                actual_total: Set(Some(body.actual.transfer.0)),
                actual_body: Set(Some(raw.clone())),
                settled_on: Set(Some(on)),
                settle_voucher: Set(Some(voucher.clone())),
                settled_by: Set(Some(actor.label())),
                updated_at: Set(self.clock.now()),
                ..Default::default()
            })
            .exec(&**txn)
            .await?;
            self.audit_quarter(
                txn,
                actor,
                c.id,
                quarter,
                AuditAction::InsuranceSettle,
                body.actual.transfer,
                Some(voucher.clone()),
            )
            .await
        })?;
        self.insurance_quarter(actor, commune, quarter).await
    }

    /// The social insurance office confirms a settled quarter (INS-1: *đối chiếu, xác nhận*).
    pub async fn confirm_insurance_quarter(
        &self,
        actor: &Actor,
        commune: UnitId,
        quarter: Quarter,
    ) -> Result<InsuranceQuarterView, StoreError> {
        let granted = actor.granted(Action::ConfirmInsurance)?;
        write_txn!(self, granted, |txn, actor| {
            let c = self.commune_in_scope(&**txn, actor, commune).await?;
            let r = quarter_row(&**txn, c.id, quarter)
                .await?
                .ok_or_else(|| fault("quarter", InsuranceFault::NotSettled))?;
            if r.settled_on.is_none() {
                return Err(fault("quarter", InsuranceFault::NotSettled));
            }
            if r.confirmed_at.is_some() {
                return Err(fault("quarter", InsuranceFault::AlreadyConfirmed));
            }
            let now = self.clock.now();
            insurance_quarter::Entity::update(insurance_quarter::ActiveModel {
                id: Set(r.id),
                confirmed_by: Set(Some(actor.label())),
                confirmed_at: Set(Some(now)),
                updated_at: Set(now),
                ..Default::default()
            })
            .exec(&**txn)
            .await?;
            self.audit_quarter(
                txn,
                actor,
                c.id,
                quarter,
                AuditAction::InsuranceConfirm,
                Dong(r.actual_total.unwrap_or_default()),
                None,
            )
            .await
        })?;
        self.insurance_quarter(actor, commune, quarter).await
    }

    /// The year's four quarters and what is left to settle for the year.
    pub async fn insurance_year(
        &self,
        actor: &Actor,
        commune: UnitId,
        year: i32,
    ) -> Result<InsuranceYear, StoreError> {
        actor.require(Action::ViewInsurance)?;
        let Some(first) = Quarter::new(year, 1) else {
            return Err(fault("year", InsuranceFault::InvalidQuarter));
        };
        let mut quarters = Vec::new();
        let (mut actual, mut transferred) = (Dong(0), Dong(0));
        let mut illustrative = false;
        let mut complete = true;
        let mut view = None;
        let mut qr = first;
        for _ in 0..4 {
            let v = self.insurance_quarter(actor, commune, qr).await?;
            illustrative |= v.body.illustrative;
            let advance = v.advance_record.as_ref().map_or(Dong(0), |a| a.total);
            let paid = advance + v.settlement.as_ref().map_or(Dong(0), |s| s.difference);
            complete &= v.state == QuarterState::Confirmed;
            actual += v.body.actual.transfer;
            transferred += paid;
            quarters.push(YearQuarter {
                quarter: qr,
                state: v.state,
                advance,
                actual: v.body.actual.transfer,
                transferred: paid,
            });
            qr = qr.next();
            view = Some(v);
        }
        let (code, name, chairman) = view
            .map(|v| (v.commune, v.commune_name, v.chairman))
            .unwrap_or_default();
        Ok(InsuranceYear {
            commune: code,
            commune_name: name,
            year,
            quarters,
            actual,
            transferred,
            balance: actual - transferred,
            complete,
            illustrative,
            chairman,
        })
    }

    /// The state of a commune's quarters, for the inbox.
    pub(crate) async fn quarter_states(
        &self,
        commune: Uuid,
        quarters: &[Quarter],
    ) -> Result<Vec<(Quarter, QuarterState)>, StoreError> {
        let rows = insurance_quarter::Entity::find()
            .filter(insurance_quarter::Column::CommuneId.eq(commune))
            .filter(
                insurance_quarter::Column::Quarter.is_in(quarters.iter().map(|q| q.to_string())),
            )
            .all(&self.db)
            .await?;
        Ok(quarters
            .iter()
            .map(|q| {
                let r = rows.iter().find(|r| r.quarter == q.to_string());
                (*q, state_of(r))
            })
            .collect())
    }

    #[allow(clippy::too_many_arguments)]
    async fn audit_quarter(
        &self,
        txn: &crate::WriteTxn,
        actor: &Actor,
        commune: Uuid,
        quarter: Quarter,
        action: AuditAction,
        total: Dong,
        voucher: Option<String>,
    ) -> Result<(), StoreError> {
        let after = serde_json::json!({
            "quarter": quarter.to_string(),
            "quarter_label": quarter.label_vi(),
            "total": total.0,
            "total_vi": total.to_string(),
            "voucher": voucher,
        });
        audit::append(
            &**txn,
            actor,
            self.clock.now(),
            Change {
                action,
                entity: "insurance_quarter",
                entity_id: format!("{commune}/{quarter}"),
                unit: Some(UnitId(commune)),
                before: None,
                after: Some(&after),
            },
        )
        .await?;
        Ok(())
    }
}

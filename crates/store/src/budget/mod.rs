//! Dự toán, quyết toán (use cases): a commune's estimate of a year from its roster, enrolments
//! and rules (BUD-10), the settlement of what was paid and transferred against it, and the
//! estimates of a province or a (historical) district commune by commune, each restated onto
//! the units of today.

use std::collections::HashMap;

use antt_domain::access::Action;
use antt_domain::budget::{self as bud, BudgetLine, Estimate};
use antt_domain::insurance::quarter::{self as q, Quarter};
use antt_domain::money::Dong;
use antt_domain::payroll::{Month, PayrollBody};
use antt_domain::policy::TeamRole;
use antt_domain::unit::UnitId;
use chrono::NaiveDate;
use serde::Serialize;

use crate::entities::payroll;
use crate::{Actor, Store, StoreError};

/// Members by role on the day the estimate counts them.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleCount {
    pub role: TeamRole,
    pub role_label: &'static str,
    pub members: u32,
}

/// A date of the budget calendar the province sets (BUD-3, BUD-5).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetDate {
    pub key: &'static str,
    pub label: &'static str,
    /// None: the pack does not give it (the province's decision was not found).
    pub due: Option<NaiveDate>,
    pub note: String,
}

/// A commune's estimate (or settlement) of a year.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetView {
    pub commune: String,
    pub commune_name: String,
    /// The day whose roster is counted: 1 January of the year, or today for a year ahead.
    pub counted_on: NaiveDate,
    pub headcount: Vec<RoleCount>,
    /// The units of today that carry this commune on, when it no longer exists.
    pub today_units: Vec<String>,
    pub calendar: Vec<BudgetDate>,
    #[serde(flatten)]
    pub estimate: Estimate,
}

/// One commune of a rollup.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommuneBudget {
    pub commune: String,
    pub commune_name: String,
    pub members: u32,
    pub total: Dong,
    pub actual: Option<Dong>,
    pub today_units: Vec<String>,
    pub gap: bool,
    /// The district the commune belonged to that year (2024–2025), when it had one.
    pub district: Option<String>,
    pub district_name: Option<String>,
}

/// A district's subtotal inside a province's roll-up, as the hierarchy stood that year.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DistrictBudget {
    pub district: String,
    pub district_name: String,
    pub communes: u32,
    pub members: u32,
    pub total: Dong,
    pub actual: Option<Dong>,
}

/// The estimates of a unit's communes in a year.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetRollup {
    pub unit: String,
    pub year: i32,
    pub communes: Vec<CommuneBudget>,
    /// Subtotals by district (a province's roll-up of a year with districts, 2024–2025),
    /// in the order of the communes.
    pub districts: Vec<DistrictBudget>,
    pub members: u32,
    pub total: Dong,
    pub total_in_words: String,
    /// The estimate per member and year, for the sanity check of BUD-11.
    pub per_member: Option<Dong>,
    pub illustrative: bool,
}

/// What the year's locked payrolls paid, by line key.
fn paid_by_line(bodies: &[PayrollBody]) -> HashMap<String, Dong> {
    let mut out: HashMap<String, Dong> = HashMap::new();
    for b in bodies {
        for l in &b.lines {
            *out.entry(format!("support_{}", l.role.as_str()))
                .or_default() += l.monthly_support;
            *out.entry("allowances".into()).or_default() +=
                Dong(l.allowances.values().map(|d| d.0).sum());
            // What was withheld is the member's own insurance part, not the budget's spending.
            for a in l
                .arrears
                .iter()
                .filter(|a| a.item != antt_domain::payroll::WITHHELD)
            {
                let key = if a.item == "monthly_support" {
                    format!("support_{}", l.role.as_str())
                } else {
                    "allowances".into()
                };
                *out.entry(key).or_default() += a.diff;
            }
        }
    }
    out
}

impl Store {
    async fn locked_bodies(
        &self,
        commune: uuid::Uuid,
        year: i32,
    ) -> Result<Vec<PayrollBody>, StoreError> {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let rows = payroll::Entity::find()
            .filter(payroll::Column::CommuneId.eq(commune))
            .filter(payroll::Column::Month.starts_with(format!("{year}-")))
            .all(&self.db)
            .await?;
        let mut out = Vec::new();
        for r in rows {
            let state: antt_domain::payroll::PayrollState =
                crate::force::stored("payroll.state", &r.state)?;
            if state.locked() {
                out.push(
                    serde_json::from_str(&r.body)
                        .map_err(|e| StoreError::corrupt("payroll.body", e))?,
                );
            }
        }
        Ok(out)
    }

    /// The commune's estimate of `year`; with `settle`, each line with what was paid or
    /// transferred against it.
    pub async fn budget(
        &self,
        actor: &Actor,
        commune: UnitId,
        year: i32,
        settle: bool,
    ) -> Result<BudgetView, StoreError> {
        actor.require(Action::ViewPayroll)?;
        let Some(jan) = Month::new(year, 1) else {
            return Err(antt_domain::FieldError::new(
                "year",
                antt_domain::FieldErrorKind::from(antt_domain::payroll::PayrollFault::InvalidMonth),
            )
            .into());
        };
        let c = self.commune_in_scope(&self.db, actor, commune).await?;
        let today = self.clock.today_vn();
        let counted_on = if today < jan.first_day() {
            today
        } else {
            jan.first_day()
        };
        // The roster counted, each member from the first day of the year to its end.
        let members: Vec<q::QuarterMember> = self
            .quarter_members(c.id, Quarter::of(counted_on))
            .await?
            .into_iter()
            .filter_map(|mut m| {
                let role = m
                    .periods
                    .iter()
                    .find(|(s, e, _)| *s <= counted_on && e.is_none_or(|e| counted_on <= e))
                    .map(|(_, _, r)| *r)?;
                m.periods = vec![(jan.first_day(), None, role)];
                Some(m)
            })
            .collect();
        let headcount: Vec<RoleCount> = TeamRole::ALL
            .iter()
            .map(|r| RoleCount {
                role: *r,
                role_label: r.label_vi(),
                members: u32::try_from(members.iter().filter(|m| m.periods[0].2 == *r).count())
                    .unwrap_or(0),
            })
            .collect();
        let mut resolved = Vec::with_capacity(12);
        for m in 1..=12 {
            let month = Month::new(year, m).unwrap_or(jan);
            resolved.push(self.policy(actor, commune, month.first_day()).await?);
        }
        let policy_of = |m: Month| resolved[(m.month() - 1) as usize].policy();
        let counts: Vec<(TeamRole, u32)> = headcount.iter().map(|h| (h.role, h.members)).collect();
        let (mut lines, mut illustrative, mut gap) = bud::support_lines(year, policy_of, &counts);
        // Insurance supports, quarter by quarter (the advance of each quarter for the roster).
        let (mut bhxh, mut bhyt) = (Dong(0), Dong(0));
        let mut parts = (Vec::new(), Vec::new());
        let mut qr = Quarter::new(year, 1).ok_or(StoreError::NotFound)?;
        for _ in 0..4 {
            let body = q::quarter(qr, policy_of, &members);
            illustrative |= body.illustrative;
            if let Some(g) = body.gap {
                gap = Some(match gap {
                    Some(e) => e.merge(g),
                    None => g,
                });
            }
            bhxh += body.advance.bhxh_province;
            bhyt += body.advance.bhyt_support;
            parts
                .0
                .push(format!("Q{}: {}", qr.number(), body.advance.bhxh_province));
            parts
                .1
                .push(format!("Q{}: {}", qr.number(), body.advance.bhyt_support));
            qr = qr.next();
        }
        let registered = members
            .iter()
            .filter(|m| {
                !m.insured.covered_bhxh
                    && m.enrolment.as_ref().is_some_and(|e| e.bhxh_from.is_some())
            })
            .count();
        let carded = members.iter().filter(|m| !m.insured.covered_bhyt).count();
        lines.push(BudgetLine {
            key: "bhxh_support".into(),
            label: "Hỗ trợ đóng BHXH tự nguyện (phần tỉnh hỗ trợ)".into(),
            formula: format!(
                "{registered} người đăng ký × mức hỗ trợ từng tháng: {}",
                parts.0.join("; ")
            ),
            dong: Some(bhxh),
            rules: vec!["LAW-23.1".into(), "INS-8".into(), "BUD-10".into()],
            explanation: Vec::new(),
            actual: None,
        });
        lines.push(BudgetLine {
            key: "bhyt_support".into(),
            label: "Hỗ trợ đóng BHYT (ngân sách)".into(),
            formula: format!(
                "{carded} người × 4,5 % mức lương cơ sở × phần hỗ trợ, theo mức từng ngày: {}",
                parts.1.join("; ")
            ),
            dong: Some(bhyt),
            rules: vec!["INS-12".into(), "BUD-10".into()],
            explanation: Vec::new(),
            actual: None,
        });
        // Allowances from last year's approved payrolls.
        let last = self.locked_bodies(c.id, year - 1).await?;
        let paid_last = paid_by_line(&last);
        lines.push(bud::allowance_line(
            year - 1,
            paid_last.get("allowances").copied().unwrap_or_default(),
            u32::try_from(last.len()).unwrap_or(0),
            resolved[0].policy().rounding(),
        ));
        lines.push(bud::hook(
            "training",
            "Bồi dưỡng ngày huấn luyện (tiền ăn cơ bản chiến sĩ nghĩa vụ CAND)",
            "số ngày huấn luyện lấy từ kế hoạch huấn luyện (chức năng sau).",
            &["LAW-23.2a", "FIX-3"],
        ));
        lines.push(bud::hook(
            "equipment",
            "Trang bị (đèn pin, còi…) theo định mức và niên hạn",
            "lấy từ nhu cầu trang bị (chức năng sau).",
            &["BUD-10"],
        ));
        lines.push(bud::hook(
            "uniforms",
            "Trang phục, phù hiệu",
            "lấy từ nhu cầu cấp phát (chức năng sau).",
            &["BUD-10"],
        ));
        lines.push(bud::hook(
            "uninsured_reserve",
            "Dự phòng khám, chữa bệnh cho thành viên chưa có BHYT bị ốm đau, tai nạn khi làm nhiệm vụ",
            "không có căn cứ để ước tính trước.",
            &["INS-16"],
        ));
        if settle {
            let paid = paid_by_line(&self.locked_bodies(c.id, year).await?);
            let (mut bhxh_paid, mut bhyt_paid) = (Dong(0), Dong(0));
            let mut qr = Quarter::new(year, 1).ok_or(StoreError::NotFound)?;
            for _ in 0..4 {
                if let Some(r) = crate::insurance::quarter_row(&self.db, c.id, qr).await? {
                    let raw = r.actual_body.as_deref().unwrap_or(&r.advance_body);
                    let body: q::QuarterBody = serde_json::from_str(raw)
                        .map_err(|e| StoreError::corrupt("insurance_quarter.body", e))?;
                    let s = if r.actual_body.is_some() {
                        body.actual
                    } else {
                        body.advance
                    };
                    bhxh_paid += s.bhxh_province;
                    bhyt_paid += s.bhyt_support;
                }
                qr = qr.next();
            }
            for l in &mut lines {
                l.actual = match l.key.as_str() {
                    "bhxh_support" => Some(bhxh_paid),
                    "bhyt_support" => Some(bhyt_paid),
                    k => paid.get(k).copied().or(l.dong.map(|_| Dong(0))),
                };
            }
        }
        let name = self.refs_public(&[c.id], counted_on).await?.remove(&c.id);
        let exists_today = !self.refs_public(&[c.id], today).await?.is_empty();
        let today_units = if exists_today {
            Vec::new()
        } else {
            self.successors(actor, commune)
                .await?
                .into_iter()
                .filter(|u| u.level == antt_domain::unit::Level::Commune)
                .map(|u| format!("{} ({})", u.name, u.code))
                .collect()
        };
        let calendar = [
            (
                "budget_estimate_due",
                "Hạn xã gửi dự toán năm",
                Month::new(year - 1, 1),
                "Thông tư 26/2026/TT-BTC Điều 12 khoản 4",
            ),
            (
                "budget_settlement_due",
                "Hạn xã gửi báo cáo quyết toán năm",
                Month::new(year + 1, 1),
                "Thông tư 26/2026/TT-BTC Điều 20",
            ),
        ]
        .into_iter()
        .map(|(key, label, base, basis)| {
            let p = resolved[0].policy();
            let due = base.and_then(|b| {
                p.month_day(key)
                    .ok()
                    .flatten()
                    .and_then(|(m, d)| NaiveDate::from_ymd_opt(b.year(), m, d))
            });
            BudgetDate {
                key,
                label,
                due,
                note: if due.is_some() {
                    "Theo quy định của UBND tỉnh (gói quy định).".into()
                } else {
                    format!(
                        "UBND tỉnh quy định ngày ({basis}); gói quy định của tỉnh chưa có ngày này."
                    )
                },
            }
        })
        .collect();
        Ok(BudgetView {
            commune: c.code.clone(),
            commune_name: name.map(|r| r.name).unwrap_or_else(|| c.code.clone()),
            counted_on,
            headcount,
            today_units,
            calendar,
            estimate: bud::assemble(year, lines, illustrative, gap),
        })
    }

    /// The estimates (or settlements) of every commune under `unit` in `year`, as the units
    /// stood on the day counted: a district of 2024–2025 lists its communes of then, each with
    /// the units of today that carry it on.
    pub async fn budget_rollup(
        &self,
        actor: &Actor,
        unit: UnitId,
        year: i32,
        settle: bool,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<BudgetRollup, StoreError> {
        actor.require(Action::ViewPayroll)?;
        let today = self.clock.today_vn();
        let jan = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(StoreError::NotFound)?;
        let on = if today < jan { today } else { jan };
        let detail = self.unit_detail(actor, unit, on).await?;
        let communes = if detail.level == antt_domain::unit::Level::Commune {
            vec![unit]
        } else {
            self.communes_with_teams(actor, unit, on).await?
        };
        let mut out = Vec::with_capacity(communes.len());
        let mut illustrative = false;
        for (i, c) in communes.iter().enumerate() {
            let v = self.budget(actor, *c, year, settle).await?;
            illustrative |= v.estimate.illustrative;
            // The district of that year, when the commune had one (none after 1/7/2025).
            let district = if detail.level == antt_domain::unit::Level::District {
                None
            } else {
                self.unit_detail(actor, *c, on)
                    .await?
                    .path
                    .into_iter()
                    .find(|u| u.level == antt_domain::unit::Level::District)
            };
            out.push(CommuneBudget {
                members: v.headcount.iter().map(|h| h.members).sum(),
                commune: v.commune,
                commune_name: v.commune_name,
                total: v.estimate.total,
                actual: v.estimate.actual,
                today_units: v.today_units,
                gap: v.estimate.gap.is_some(),
                district: district.as_ref().map(|d| d.code.clone()),
                district_name: district.map(|d| d.name),
            });
            progress(i + 1, communes.len());
        }
        out.sort_by_cached_key(|c| {
            (
                c.district_name
                    .as_deref()
                    .map(antt_domain::text::vi_sort_key),
                antt_domain::text::vi_sort_key(&c.commune_name),
            )
        });
        let mut districts: Vec<DistrictBudget> = Vec::new();
        for c in &out {
            let (Some(code), Some(name)) = (&c.district, &c.district_name) else {
                continue;
            };
            let d = match districts.iter().position(|d| d.district == *code) {
                Some(i) => &mut districts[i],
                None => {
                    districts.push(DistrictBudget {
                        district: code.clone(),
                        district_name: name.clone(),
                        communes: 0,
                        members: 0,
                        total: Dong(0),
                        actual: settle.then_some(Dong(0)),
                    });
                    let n = districts.len() - 1;
                    &mut districts[n]
                }
            };
            d.communes += 1;
            d.members += c.members;
            d.total += c.total;
            if let (Some(a), Some(x)) = (d.actual.as_mut(), c.actual) {
                *a += x;
            }
        }
        let total = out.iter().fold(Dong(0), |a, c| a + c.total);
        let members: u32 = out.iter().map(|c| c.members).sum();
        Ok(BudgetRollup {
            unit: detail.code,
            year,
            districts,
            per_member: (members > 0).then(|| Dong(total.0 / i64::from(members))),
            members,
            total,
            total_in_words: antt_domain::words::dong_in_words(total),
            communes: out,
            illustrative,
        })
    }
}

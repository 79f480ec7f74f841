//! Policy packs (*gói quy định*): the rules of one legal document set as effective-dated data,
//! each parameter with its citation and verification level. A computation that needs a parameter
//! nobody has entered fails with a [`PolicyGap`] naming it and where the law sets it; a value from
//! a demo pack marks every figure computed from it as *MINH HỌA*.

pub mod amounts;
pub mod eligibility;
pub mod equipment;
pub mod parse;
pub mod quota;
mod registry;

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::money::{Dong, Rate, Rounding};

pub use parse::{PackError, parse_pack};
pub use registry::{KEYS, KeySpec, ValueKind, key_spec};

/// Mức độ xác minh of a parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verification {
    /// Read in the official text.
    Official,
    /// Read in a reproduction of the text.
    Secondary,
    /// From a news report of the text.
    News,
    /// Made up for the demo; everything computed from it is *MINH HỌA*.
    Demo,
    /// Nobody has entered it: a policy gap.
    Missing,
}

impl Verification {
    pub const ALL: [Verification; 5] = [
        Verification::Official,
        Verification::Secondary,
        Verification::News,
        Verification::Demo,
        Verification::Missing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verification::Official => "official",
            Verification::Secondary => "secondary",
            Verification::News => "news",
            Verification::Demo => "demo",
            Verification::Missing => "missing",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Verification::Official => "Văn bản chính thức",
            Verification::Secondary => "Bản sao văn bản",
            Verification::News => "Theo báo chí",
            Verification::Demo => "MINH HỌA",
            Verification::Missing => "Chưa có số liệu",
        }
    }
}

/// Where a number comes from: document, article, clause, link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Citation {
    pub document: String,
    pub article: Option<String>,
    pub clause: Option<String>,
    pub link: Option<String>,
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(c) = &self.clause {
            parts.push(c.clone());
        }
        if let Some(a) = &self.article {
            parts.push(a.clone());
        }
        parts.push(self.document.clone());
        f.write_str(&parts.join(" "))
    }
}

/// Which kind of pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PackKind {
    National,
    Province,
    Demo,
}

/// How a monthly support amount is set (P-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "mode", content = "value", rename_all = "snake_case")]
pub enum SupportAmount {
    /// A fixed amount in đồng.
    Fixed(Dong),
    /// A coefficient times the base salary in force.
    Coefficient(Rate),
    /// A share of the regional minimum wage.
    MinWagePercent(Rate),
}

crate::code_enum! {
    /// Chức danh trong Tổ (LAW-14.3), leader first.
    pub enum TeamRole (field = "role") {
        Leader = "leader" => "Tổ trưởng",
        Deputy = "deputy" => "Tổ phó",
        Member = "member" => "Tổ viên",
    }
}

/// One row of a team-size rule (P-1), read in order; the first that matches applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SizeRow {
    /// `rural` (thôn), `urban` (tổ dân phố) or `any`.
    pub area: String,
    /// A flag the village must have for the row to apply (`border`, `key_security`, …).
    pub when: Option<String>,
    /// `households` or `population`.
    pub metric: String,
    pub at_least: Option<u32>,
    pub above: Option<u32>,
    pub below: Option<u32>,
    pub at_most: Option<u32>,
    pub base: u32,
    pub max: u32,
    /// "+`add` for each full `every` from `from`", capped at `cap`.
    pub step: Option<Step>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Step {
    pub from: u32,
    pub every: u32,
    pub add: u32,
    pub cap: Option<u32>,
}

/// A support tool normed as a share of the team's strength (TT 14/2024 Đ8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ToolNorm {
    pub name: String,
    pub unit: String,
    pub share: Rate,
}

/// A piece of workplace equipment normed by team-size bands (NĐ 40/2024 Đ4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EquipmentNorm {
    pub name: String,
    pub unit: String,
    pub lifespan_years: Option<u32>,
    /// One per member (the chair row).
    pub per_member: bool,
    pub bands: Vec<EquipmentBand>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EquipmentBand {
    pub min_members: u32,
    pub max_members: Option<u32>,
    pub min_qty: u32,
    pub max_qty: u32,
}

/// A provincial item such as a flashlight or a whistle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProvincialItem {
    pub name: String,
    pub unit: String,
    /// `member` or `team`.
    pub per: String,
    pub quantity: u32,
    pub lifespan_years: Option<u32>,
}

/// The value of a parameter, typed by its key (see the registry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Value {
    Money(Dong),
    Rate(Rate),
    Count(u32),
    Choice(String),
    /// A day of every year: the month and the day.
    MonthDay {
        month: u32,
        day: u32,
    },
    Shares(Vec<(String, Rate)>),
    Support(Vec<(TeamRole, SupportAmount)>),
    TeamSize(Vec<SizeRow>),
    Tools(Vec<ToolNorm>),
    Equipment(Vec<EquipmentNorm>),
    Items(Vec<ProvincialItem>),
}

/// One effective-dated parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Param {
    pub key: String,
    pub rule: String,
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
    pub verification: Verification,
    pub citation: Citation,
    /// `None` exactly when `verification` is `missing`.
    pub value: Option<Value>,
    pub note: Option<String>,
    /// The line of the pack file the parameter starts on.
    pub line: usize,
}

impl Param {
    pub fn in_force(&self, d: NaiveDate) -> bool {
        self.effective_from <= d && self.effective_to.is_none_or(|t| d <= t)
    }
}

/// A whole pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pack {
    pub id: String,
    pub title: String,
    pub kind: PackKind,
    /// Issuing province (province packs).
    pub province: Option<String>,
    /// Former provinces whose areas this pack also covers (a merged province's new resolution).
    pub covers_former: Vec<String>,
    /// The pack whose gaps a demo pack fills.
    pub fills: Option<String>,
    pub document: String,
    pub rounding: Rounding,
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
    pub params: Vec<Param>,
}

impl Pack {
    pub fn in_force(&self, d: NaiveDate) -> bool {
        self.effective_from <= d && self.effective_to.is_none_or(|t| d <= t)
    }

    /// How many parameters carry each verification level.
    pub fn counts(&self) -> Vec<(Verification, usize)> {
        Verification::ALL
            .iter()
            .map(|v| {
                (
                    *v,
                    self.params.iter().filter(|p| p.verification == *v).count(),
                )
            })
            .collect()
    }
}

/// A parameter nobody has entered, and where the law sets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Missing {
    pub parameter: String,
    pub description: String,
    pub citation: String,
    pub pack: Option<String>,
}

/// The computation stopped: these parameters are missing on the date asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyGap {
    pub missing: Vec<Missing>,
}

impl PolicyGap {
    pub fn message_vi(&self) -> String {
        let list: Vec<String> = self
            .missing
            .iter()
            .map(|m| format!("{} ({}) — {}", m.description, m.parameter, m.citation))
            .collect();
        format!("Chưa có số liệu để tính: {}.", list.join("; "))
    }

    pub fn merge(mut self, other: PolicyGap) -> PolicyGap {
        for m in other.missing {
            if !self.missing.iter().any(|x| x.parameter == m.parameter) {
                self.missing.push(m);
            }
        }
        self
    }
}

/// One line of an explanation: the rule, the text in Vietnamese, the citation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExplanationLine {
    pub rule: String,
    pub text: String,
    pub citation: Option<String>,
    pub verification: Option<Verification>,
}

/// A computed figure and how it was reached. `illustrative` is set when any value came from a demo
/// pack: the figure must be shown as *MINH HỌA*.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Explained<T> {
    pub value: T,
    pub explanation: Vec<ExplanationLine>,
    pub illustrative: bool,
}

/// The national pack with, optionally, a provincial pack and a demo pack filling its gaps, as in
/// force on one date.
#[derive(Debug, Clone, Copy)]
pub struct Policy<'a> {
    pub national: &'a Pack,
    pub province: Option<&'a Pack>,
    pub demo: Option<&'a Pack>,
    pub date: NaiveDate,
}

impl<'a> Policy<'a> {
    /// The rounding rule of the provincial pack (it pays), else the national one.
    pub fn rounding(&self) -> Rounding {
        self.province.map_or(self.national.rounding, |p| p.rounding)
    }

    /// The parameter `key` in force on the policy's date: the provincial pack first, then the
    /// national one. A value marked `missing` is filled by the demo pack when there is one.
    /// A whole-number parameter. The parser gives each key the kind its registry entry names,
    /// so a key of another kind is a programming error, reported as a gap naming nothing.
    pub fn count(&self, key: &str) -> Result<u32, PolicyGap> {
        match self.get(key)?.value {
            Some(Value::Count(n)) => Ok(n),
            _ => Err(PolicyGap { missing: vec![] }),
        }
    }

    /// A rate parameter (see [`Policy::count`]).
    pub fn rate(&self, key: &str) -> Result<crate::money::Rate, PolicyGap> {
        match self.get(key)?.value {
            Some(Value::Rate(r)) => Ok(r),
            _ => Err(PolicyGap { missing: vec![] }),
        }
    }

    /// The same packs on another date (a payroll reads each shift's day).
    pub fn on(self, date: NaiveDate) -> Policy<'a> {
        Policy { date, ..self }
    }

    /// A day of every year (a calendar date the province sets), or none when no pack mentions
    /// the key; a pack that marks it missing is a gap.
    pub fn month_day(&self, key: &str) -> Result<Option<(u32, u32)>, PolicyGap> {
        match self.optional(key)? {
            None => Ok(None),
            Some(p) => match p.value {
                Some(Value::MonthDay { month, day }) => Ok(Some((month, day))),
                _ => Ok(None),
            },
        }
    }

    /// A money parameter (see [`Policy::count`]).
    pub fn money(&self, key: &str) -> Result<Dong, PolicyGap> {
        match self.get(key)?.value {
            Some(Value::Money(d)) => Ok(d),
            _ => Err(PolicyGap { missing: vec![] }),
        }
    }

    /// A choice parameter (see [`Policy::count`]).
    pub fn choice(&self, key: &str) -> Result<&'a str, PolicyGap> {
        match &self.get(key)?.value {
            Some(Value::Choice(c)) => Ok(c.as_str()),
            _ => Err(PolicyGap { missing: vec![] }),
        }
    }

    /// A parameter that may be absent on purpose (a cap a province does not set): `Ok(None)`
    /// when no pack in force mentions the key, a gap when a pack says it is missing.
    pub fn optional(&self, key: &str) -> Result<Option<&'a Param>, PolicyGap> {
        let mentioned = [Some(self.national), self.province]
            .into_iter()
            .flatten()
            .any(|p| {
                p.params
                    .iter()
                    .any(|q| q.key == key && q.in_force(self.date))
            });
        if mentioned {
            self.get(key).map(Some)
        } else {
            Ok(None)
        }
    }

    pub fn get(&self, key: &str) -> Result<&'a Param, PolicyGap> {
        let in_force = |pack: &'a Pack| {
            pack.params
                .iter()
                .find(|p| p.key == key && p.in_force(self.date))
        };
        let mut missing: Option<&'a Param> = None;
        let mut missing_pack = None;
        for pack in [self.province, Some(self.national)].into_iter().flatten() {
            match in_force(pack) {
                Some(p) if p.verification != Verification::Missing => return Ok(p),
                Some(p) => {
                    if let Some(filled) = self.demo.and_then(in_force).filter(|d| d.value.is_some())
                    {
                        return Ok(filled);
                    }
                    if missing.is_none() {
                        missing = Some(p);
                        missing_pack = Some(pack.id.clone());
                    }
                }
                None => {}
            }
        }
        let spec = key_spec(key);
        let description = spec.map_or(key.to_string(), |s| s.label_vi.to_string());
        Err(PolicyGap {
            missing: vec![Missing {
                parameter: key.to_string(),
                description,
                citation: missing.map_or_else(
                    || {
                        spec.map_or_else(
                            || "không gói quy định nào đặt tham số này".to_string(),
                            |s| s.set_by.to_string(),
                        )
                    },
                    |p| p.citation.to_string(),
                ),
                pack: missing_pack,
            }],
        })
    }

    /// Every parameter that applies on the date, key by key in the registry's order: the value in
    /// use and the pack it comes from, or the gap where a pack says the value is missing.
    pub fn rules_in_force(&self) -> Vec<RuleInForce<'a>> {
        let packs: Vec<&'a Pack> = [Some(self.national), self.province, self.demo]
            .into_iter()
            .flatten()
            .collect();
        let mut out = Vec::new();
        for spec in KEYS {
            let mentioned = packs.iter().any(|p| {
                p.params
                    .iter()
                    .any(|q| q.key == spec.key && q.in_force(self.date))
            });
            if !mentioned {
                continue;
            }
            match self.get(spec.key) {
                Ok(param) => {
                    let pack = packs
                        .iter()
                        .find(|p| p.params.iter().any(|q| std::ptr::eq(q, param)))
                        .map_or_else(String::new, |p| p.id.clone());
                    out.push(RuleInForce {
                        key: spec.key,
                        label: spec.label_vi,
                        param: Some(param),
                        pack,
                        gap: None,
                    });
                }
                Err(g) => out.push(RuleInForce {
                    key: spec.key,
                    label: spec.label_vi,
                    param: None,
                    pack: g
                        .missing
                        .first()
                        .and_then(|m| m.pack.clone())
                        .unwrap_or_default(),
                    gap: g.missing.into_iter().next(),
                }),
            }
        }
        out
    }

    /// One line of an explanation, citing the parameter it uses.
    pub fn step(&self, p: &Param, text: String) -> ExplanationLine {
        ExplanationLine {
            rule: p.rule.clone(),
            text,
            citation: Some(p.citation.to_string()),
            verification: Some(p.verification),
        }
    }
}

/// One parameter as it applies on a date.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleInForce<'a> {
    pub key: &'static str,
    pub label: &'static str,
    pub param: Option<&'a Param>,
    /// The pack the value (or the gap) comes from.
    pub pack: String,
    pub gap: Option<Missing>,
}

/// Picks the provincial pack for a unit on a date from the provinces it has belonged to, newest
/// first (`history[0]` is the province on `date`). A pack of the current province applies when
/// the unit was always in it or the pack covers the former province it came from; otherwise the
/// pack of the former province stays in force — a village of the former Kon Tum keeps Kon Tum's
/// resolution after 1/7/2025 until a Quảng Ngãi resolution takes effect for it.
pub fn province_pack_for<'a>(
    packs: &'a [Pack],
    history: &[String],
    date: NaiveDate,
) -> Option<&'a Pack> {
    let current = history.first()?;
    let formers = &history[1..];
    let in_force = |p: &&'a Pack| p.kind == PackKind::Province && p.in_force(date);
    let current_ok = packs.iter().filter(in_force).find(|p| {
        p.province.as_deref() == Some(current.as_str())
            && (formers.is_empty()
                || formers
                    .iter()
                    .all(|f| f == current || p.covers_former.contains(f)))
    });
    if current_ok.is_some() {
        return current_ok;
    }
    formers.iter().find_map(|f| {
        packs
            .iter()
            .filter(in_force)
            .find(|p| p.province.as_deref() == Some(f.as_str()))
    })
}

/// The demo pack that fills `pack`'s gaps, if any.
pub fn demo_for<'a>(packs: &'a [Pack], pack: &Pack) -> Option<&'a Pack> {
    packs
        .iter()
        .find(|p| p.kind == PackKind::Demo && p.fills.as_deref() == Some(pack.id.as_str()))
}

crate::faults! {
    /// Gói quy định: the refusals, each with its stable code and message.
    pub enum PolicyFault {
        PackJurisdictionChanged = "pack_jurisdiction_changed" => "phiên bản mới không được đổi loại bộ quy định, tỉnh ban hành hoặc bộ quy định mà nó bổ sung.",
    }
}

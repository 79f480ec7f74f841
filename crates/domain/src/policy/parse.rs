//! Reading a pack file. Every error names the line and reads in Vietnamese; no input panics.
//!
//! Parsing TOML text is pure, so it lives beside the rules it feeds (a deliberate use of the
//! `toml` crate in `domain`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use super::registry::{ValueKind, key_spec};
use super::{
    Citation, EquipmentBand, EquipmentNorm, Pack, PackKind, Param, ProvincialItem, SizeRow, Step,
    SupportAmount, TeamRole, ToolNorm, Value, Verification,
};
use crate::money::{Dong, Rate, Rounding};

/// A refused pack: the line (1-based; 0 when unknown) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "dòng {}: {}", self.line, self.message)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    pack: Spanned<RawPack>,
    #[serde(default)]
    param: Vec<Spanned<RawParam>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    id: String,
    title: String,
    kind: String,
    #[serde(default)]
    province: Option<String>,
    #[serde(default)]
    covers_former: Vec<String>,
    #[serde(default)]
    fills: Option<String>,
    document: String,
    #[serde(default)]
    rounding: Option<String>,
    effective_from: String,
    #[serde(default)]
    effective_to: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCitation {
    document: String,
    #[serde(default)]
    article: Option<String>,
    #[serde(default)]
    clause: Option<String>,
    #[serde(default)]
    link: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSupport {
    #[serde(default)]
    fixed: Option<i64>,
    #[serde(default)]
    coefficient: Option<String>,
    #[serde(default)]
    min_wage_percent: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    from: u32,
    every: u32,
    #[serde(default)]
    add: Option<u32>,
    #[serde(default)]
    cap: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    area: String,
    #[serde(default)]
    when: Option<String>,
    metric: String,
    #[serde(default)]
    at_least: Option<u32>,
    #[serde(default)]
    above: Option<u32>,
    #[serde(default)]
    below: Option<u32>,
    #[serde(default)]
    at_most: Option<u32>,
    base: u32,
    max: u32,
    #[serde(default)]
    step: Option<RawStep>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTool {
    name: String,
    unit: String,
    share: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    min_members: u32,
    #[serde(default)]
    max_members: Option<u32>,
    min_qty: u32,
    max_qty: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEquip {
    name: String,
    unit: String,
    #[serde(default)]
    lifespan_years: Option<u32>,
    #[serde(default)]
    per_member: bool,
    #[serde(default)]
    bands: Vec<RawBand>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    name: String,
    unit: String,
    per: String,
    quantity: u32,
    #[serde(default)]
    lifespan_years: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParam {
    key: String,
    rule: String,
    effective_from: String,
    #[serde(default)]
    effective_to: Option<String>,
    verification: String,
    citation: RawCitation,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    money: Option<i64>,
    #[serde(default)]
    rate: Option<String>,
    #[serde(default)]
    count: Option<u32>,
    #[serde(default)]
    choice: Option<String>,
    #[serde(default)]
    month_day: Option<String>,
    #[serde(default)]
    shares: Option<BTreeMap<String, String>>,
    #[serde(default)]
    support: Option<BTreeMap<String, RawSupport>>,
    #[serde(default)]
    team_size: Option<Vec<RawRow>>,
    #[serde(default)]
    tools: Option<Vec<RawTool>>,
    #[serde(default)]
    equipment: Option<Vec<RawEquip>>,
    #[serde(default)]
    items: Option<Vec<RawItem>>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset.min(text.len()))
        .map_or(0, |t| t.matches('\n').count())
        + 1
}

fn toml_error(text: &str, e: &toml::de::Error) -> PackError {
    let line = e.span().map_or(0, |s| line_of(text, s.start));
    let raw = e.message();
    let field = raw.split('`').nth(1).unwrap_or("");
    let message = if raw.starts_with("missing field") {
        format!("thiếu trường «{field}»")
    } else if raw.starts_with("unknown field") {
        format!("trường «{field}» không được hỗ trợ")
    } else if raw.starts_with("invalid type") {
        format!("sai kiểu dữ liệu ({raw})")
    } else {
        format!("cú pháp TOML không hợp lệ ({raw})")
    };
    PackError { line, message }
}

fn date(line: usize, what: &str, raw: &str) -> Result<NaiveDate, PackError> {
    crate::date::parse("date", raw).map_err(|_| PackError {
        line,
        message: format!("{what}: ngày không hợp lệ «{raw}» (cần yyyy-mm-dd)"),
    })
}

fn rate(line: usize, what: &str, raw: &str) -> Result<Rate, PackError> {
    Rate::parse(raw).ok_or_else(|| PackError {
        line,
        message: format!("{what}: tỷ lệ không hợp lệ «{raw}» (ví dụ \"0.22\" hoặc \"22%\")"),
    })
}

const FLAGS: &[&str] = &[
    "border",
    "mountainous",
    "ethnic_minority",
    "especially_difficult",
    "key_security",
];

/// Parses and checks a whole pack.
pub fn parse_pack(text: &str) -> Result<Pack, PackError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
    let pack_line = line_of(text, raw.pack.span().start);
    let p = raw.pack.into_inner();
    let err = |line: usize, message: String| PackError { line, message };
    if p.id.trim().is_empty()
        || !p
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(err(
            pack_line,
            format!(
                "mã gói «{}» chỉ được gồm chữ thường, số và dấu gạch ngang",
                p.id
            ),
        ));
    }
    let kind = match p.kind.as_str() {
        "national" => PackKind::National,
        "province" => PackKind::Province,
        "demo" => PackKind::Demo,
        other => {
            return Err(err(
                pack_line,
                format!("loại gói «{other}» không hợp lệ (national, province, demo)"),
            ));
        }
    };
    if kind == PackKind::Province && p.province.is_none() {
        return Err(err(
            pack_line,
            "gói cấp tỉnh cần trường «province» (mã tỉnh)".into(),
        ));
    }
    if kind == PackKind::Demo && p.fills.is_none() {
        return Err(err(
            pack_line,
            "gói minh họa cần trường «fills» (gói được bổ sung)".into(),
        ));
    }
    let rounding = match p.rounding.as_deref() {
        None | Some("half_up") => Rounding::HalfUp,
        Some("down") => Rounding::Down,
        Some("up") => Rounding::Up,
        Some(other) => {
            return Err(err(
                pack_line,
                format!("cách làm tròn «{other}» không hợp lệ (half_up, down, up)"),
            ));
        }
    };
    let effective_from = date(pack_line, "hiệu lực từ", &p.effective_from)?;
    let effective_to = p
        .effective_to
        .as_deref()
        .map(|t| date(pack_line, "hiệu lực đến", t))
        .transpose()?;
    if effective_to.is_some_and(|t| t < effective_from) {
        return Err(err(
            pack_line,
            "ngày hết hiệu lực trước ngày có hiệu lực".into(),
        ));
    }
    let mut params = Vec::new();
    for sp in raw.param {
        let line = line_of(text, sp.span().start);
        let param = convert_param(line, kind, sp.into_inner())?;
        if let Some(other) = params.iter().find(|o: &&Param| {
            o.key == param.key
                && o.effective_from <= param.effective_to.unwrap_or(NaiveDate::MAX)
                && param.effective_from <= o.effective_to.unwrap_or(NaiveDate::MAX)
        }) {
            return Err(err(
                line,
                format!(
                    "tham số «{}» trùng thời gian hiệu lực với tham số ở dòng {}",
                    param.key, other.line
                ),
            ));
        }
        params.push(param);
    }
    Ok(Pack {
        id: p.id,
        title: p.title,
        kind,
        province: p.province,
        covers_former: p.covers_former,
        fills: p.fills,
        document: p.document,
        rounding,
        effective_from,
        effective_to,
        params,
    })
}

fn convert_param(line: usize, pack_kind: PackKind, r: RawParam) -> Result<Param, PackError> {
    let err = |message: String| PackError { line, message };
    let Some(spec) = key_spec(&r.key) else {
        return Err(err(format!("khóa tham số «{}» không được hỗ trợ", r.key)));
    };
    let verification = match r.verification.as_str() {
        "official" => Verification::Official,
        "secondary" => Verification::Secondary,
        "news" => Verification::News,
        "demo" => Verification::Demo,
        "missing" => Verification::Missing,
        other => {
            return Err(err(format!(
                "mức xác minh «{other}» không hợp lệ (official, secondary, news, demo, missing)"
            )));
        }
    };
    if (pack_kind == PackKind::Demo) != (verification == Verification::Demo) {
        return Err(err(if pack_kind == PackKind::Demo {
            "mọi tham số của gói minh họa phải có verification = \"demo\"".into()
        } else {
            "chỉ gói minh họa mới được dùng verification = \"demo\"".into()
        }));
    }
    if r.rule.trim().is_empty() {
        return Err(err("thiếu mã quy tắc («rule»)".into()));
    }
    if r.citation.document.trim().is_empty() {
        return Err(err("trích dẫn cần tên văn bản («citation.document»)".into()));
    }
    let effective_from = date(line, "hiệu lực từ", &r.effective_from)?;
    let effective_to = r
        .effective_to
        .as_deref()
        .map(|t| date(line, "hiệu lực đến", t))
        .transpose()?;
    if effective_to.is_some_and(|t| t < effective_from) {
        return Err(err("ngày hết hiệu lực trước ngày có hiệu lực".into()));
    }
    let given = [
        r.money.is_some(),
        r.rate.is_some(),
        r.count.is_some(),
        r.choice.is_some(),
        r.shares.is_some(),
        r.month_day.is_some(),
        r.support.is_some(),
        r.team_size.is_some(),
        r.tools.is_some(),
        r.equipment.is_some(),
        r.items.is_some(),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    let value = if verification == Verification::Missing {
        if given > 0 {
            return Err(err("tham số «missing» không được có giá trị".into()));
        }
        None
    } else {
        if given != 1 {
            return Err(err(format!("tham số «{}» cần đúng một giá trị", r.key)));
        }
        Some(convert_value(line, spec.kind, &r)?)
    };
    Ok(Param {
        key: r.key,
        rule: r.rule,
        effective_from,
        effective_to,
        verification,
        citation: Citation {
            document: r.citation.document,
            article: r.citation.article,
            clause: r.citation.clause,
            link: r.citation.link,
        },
        value,
        note: r.note,
        line,
    })
}

fn wrong_kind(line: usize, key: &str) -> PackError {
    PackError {
        line,
        message: format!("giá trị của «{key}» sai loại"),
    }
}

fn convert_value(line: usize, kind: ValueKind, r: &RawParam) -> Result<Value, PackError> {
    let err = |message: String| PackError { line, message };
    match kind {
        ValueKind::Money => match r.money {
            Some(m) if m >= 0 => Ok(Value::Money(Dong(m))),
            Some(_) => Err(err("số tiền không được âm".into())),
            None => Err(wrong_kind(line, &r.key)),
        },
        ValueKind::Rate => r
            .rate
            .as_deref()
            .map(|s| rate(line, &r.key, s).map(Value::Rate))
            .unwrap_or(Err(wrong_kind(line, &r.key))),
        ValueKind::Count => r
            .count
            .map(Value::Count)
            .ok_or_else(|| wrong_kind(line, &r.key)),
        ValueKind::Choice(allowed) => match &r.choice {
            Some(c) if allowed.contains(&c.as_str()) => Ok(Value::Choice(c.clone())),
            Some(c) => Err(err(format!(
                "lựa chọn «{c}» không hợp lệ ({})",
                allowed.join(", ")
            ))),
            None => Err(wrong_kind(line, &r.key)),
        },
        ValueKind::MonthDay => {
            let raw = r
                .month_day
                .as_deref()
                .ok_or_else(|| wrong_kind(line, &r.key))?;
            let bad = || {
                err(format!(
                    "ngày «{raw}» không hợp lệ (viết MM-DD, ví dụ \"07-10\")"
                ))
            };
            let (m, d) = raw.split_once('-').ok_or_else(bad)?;
            let (Ok(month), Ok(day)) = (m.parse::<u32>(), d.parse::<u32>()) else {
                return Err(bad());
            };
            // A day that exists in every year (29 February does not).
            if chrono::NaiveDate::from_ymd_opt(2027, month, day).is_none() {
                return Err(bad());
            }
            Ok(Value::MonthDay { month, day })
        }
        ValueKind::Shares(names) => {
            let shares = r.shares.as_ref().ok_or_else(|| wrong_kind(line, &r.key))?;
            let mut out = Vec::new();
            for (k, v) in shares {
                if !names.contains(&k.as_str()) {
                    return Err(err(format!(
                        "nhóm «{k}» không hợp lệ ({})",
                        names.join(", ")
                    )));
                }
                out.push((k.clone(), rate(line, k, v)?));
            }
            out.sort_by_key(|(k, _)| names.iter().position(|n| n == k));
            if !out.iter().any(|(k, _)| k == "other") {
                return Err(err("bảng tỷ lệ cần nhóm «other» (đối tượng khác)".into()));
            }
            Ok(Value::Shares(out))
        }
        ValueKind::Support => {
            let support = r.support.as_ref().ok_or_else(|| wrong_kind(line, &r.key))?;
            let mut out = Vec::new();
            for (role, s) in support {
                let role = TeamRole::from_code(role).ok_or_else(|| {
                    err(format!(
                        "chức danh «{role}» không hợp lệ (leader, deputy, member)"
                    ))
                })?;
                let amount = match (s.fixed, &s.coefficient, &s.min_wage_percent) {
                    (Some(v), None, None) if v >= 0 => SupportAmount::Fixed(Dong(v)),
                    (None, Some(c), None) => SupportAmount::Coefficient(rate(line, "hệ số", c)?),
                    (None, None, Some(p)) => {
                        SupportAmount::MinWagePercent(rate(line, "tỷ lệ lương tối thiểu vùng", p)?)
                    }
                    _ => {
                        return Err(err(format!(
                            "{}: cần đúng một trong fixed, coefficient, min_wage_percent",
                            role.label_vi()
                        )));
                    }
                };
                out.push((role, amount));
            }
            for role in [TeamRole::Leader, TeamRole::Deputy, TeamRole::Member] {
                if !out.iter().any(|(r, _)| *r == role) {
                    return Err(err(format!("thiếu mức hỗ trợ cho {}", role.label_vi())));
                }
            }
            Ok(Value::Support(out))
        }
        ValueKind::TeamSize => {
            let rows = r
                .team_size
                .as_ref()
                .ok_or_else(|| wrong_kind(line, &r.key))?;
            if rows.is_empty() {
                return Err(err(
                    "tiêu chí số lượng thành viên cần ít nhất một dòng".into()
                ));
            }
            let mut out = Vec::new();
            for (i, row) in rows.iter().enumerate() {
                let n = i + 1;
                if !["rural", "urban", "any"].contains(&row.area.as_str()) {
                    return Err(err(format!(
                        "dòng tiêu chí {n}: địa bàn «{}» không hợp lệ (rural, urban, any)",
                        row.area
                    )));
                }
                if !["households", "population"].contains(&row.metric.as_str()) {
                    return Err(err(format!(
                        "dòng tiêu chí {n}: chỉ tiêu «{}» không hợp lệ (households, population)",
                        row.metric
                    )));
                }
                if let Some(w) = &row.when
                    && !FLAGS.contains(&w.as_str())
                {
                    return Err(err(format!(
                        "dòng tiêu chí {n}: điều kiện «{w}» không hợp lệ ({})",
                        FLAGS.join(", ")
                    )));
                }
                if row.base == 0 || row.base > row.max {
                    return Err(err(format!("dòng tiêu chí {n}: cần 0 < base ≤ max")));
                }
                if row.at_least.is_some() && row.above.is_some()
                    || row.below.is_some() && row.at_most.is_some()
                {
                    return Err(err(format!(
                        "dòng tiêu chí {n}: mỗi phía chỉ một cận (at_least hoặc above; below hoặc at_most)"
                    )));
                }
                let step = match &row.step {
                    Some(s) if s.every == 0 => {
                        return Err(err(format!(
                            "dòng tiêu chí {n}: bước «every» phải lớn hơn 0"
                        )));
                    }
                    Some(s) => Some(Step {
                        from: s.from,
                        every: s.every,
                        add: s.add.unwrap_or(1),
                        cap: s.cap,
                    }),
                    None => None,
                };
                out.push(SizeRow {
                    area: row.area.clone(),
                    when: row.when.clone(),
                    metric: row.metric.clone(),
                    at_least: row.at_least,
                    above: row.above,
                    below: row.below,
                    at_most: row.at_most,
                    base: row.base,
                    max: row.max,
                    step,
                });
            }
            Ok(Value::TeamSize(out))
        }
        ValueKind::Tools => {
            let tools = r.tools.as_ref().ok_or_else(|| wrong_kind(line, &r.key))?;
            tools
                .iter()
                .map(|t| {
                    Ok(ToolNorm {
                        name: t.name.clone(),
                        unit: t.unit.clone(),
                        share: rate(line, &t.name, &t.share)?,
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Tools)
        }
        ValueKind::Equipment => {
            let eq = r
                .equipment
                .as_ref()
                .ok_or_else(|| wrong_kind(line, &r.key))?;
            let mut out = Vec::new();
            for e in eq {
                if !e.per_member && e.bands.is_empty() {
                    return Err(err(format!(
                        "«{}»: cần các khoảng quân số (bands) hoặc per_member = true",
                        e.name
                    )));
                }
                for b in &e.bands {
                    if b.min_qty > b.max_qty || b.max_members.is_some_and(|m| m < b.min_members) {
                        return Err(err(format!(
                            "«{}»: khoảng không hợp lệ (min ≤ max)",
                            e.name
                        )));
                    }
                }
                out.push(EquipmentNorm {
                    name: e.name.clone(),
                    unit: e.unit.clone(),
                    lifespan_years: e.lifespan_years,
                    per_member: e.per_member,
                    bands: e
                        .bands
                        .iter()
                        .map(|b| EquipmentBand {
                            min_members: b.min_members,
                            max_members: b.max_members,
                            min_qty: b.min_qty,
                            max_qty: b.max_qty,
                        })
                        .collect(),
                });
            }
            Ok(Value::Equipment(out))
        }
        ValueKind::Items => {
            let items = r.items.as_ref().ok_or_else(|| wrong_kind(line, &r.key))?;
            let mut out = Vec::new();
            for i in items {
                if !["member", "team"].contains(&i.per.as_str()) {
                    return Err(err(format!("«{}»: «per» phải là member hoặc team", i.name)));
                }
                out.push(ProvincialItem {
                    name: i.name.clone(),
                    unit: i.unit.clone(),
                    per: i.per.clone(),
                    quantity: i.quantity,
                    lifespan_years: i.lifespan_years,
                });
            }
            Ok(Value::Items(out))
        }
    }
}

//! Trang bị: support tools by share of strength (TT 14/2024 Đ8), workplace equipment by team-size
//! band (NĐ 40/2024 Đ4), and the province's own items (flashlights, whistles), for a team of N.

use serde::Serialize;

use super::{Param, Policy, PolicyGap, Value, Verification};
use crate::money::{RATE_ONE, Rounding};

/// One line of the equipment norm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EquipmentLine {
    pub group: &'static str,
    pub name: String,
    pub unit: String,
    pub min: u32,
    pub max: u32,
    pub lifespan_years: Option<u32>,
    pub rule: String,
    pub citation: String,
    pub explanation: String,
    pub illustrative: bool,
}

/// The norm for one team, and the gaps that stopped parts of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EquipmentReport {
    pub members: u32,
    pub items: Vec<EquipmentLine>,
    pub gap: Option<PolicyGap>,
}

#[allow(clippy::too_many_arguments)] // one row of a table: each column is a field
fn line(
    p: &Param,
    group: &'static str,
    name: &str,
    unit: &str,
    min: u32,
    max: u32,
    life: Option<u32>,
    explanation: String,
) -> EquipmentLine {
    EquipmentLine {
        group,
        name: name.to_string(),
        unit: unit.to_string(),
        min,
        max,
        lifespan_years: life,
        rule: p.rule.clone(),
        citation: p.citation.to_string(),
        explanation,
        illustrative: p.verification == Verification::Demo,
    }
}

/// The equipment norm of a team of `members` on the policy's date.
pub fn norms(policy: &Policy<'_>, members: u32) -> EquipmentReport {
    let mut items = Vec::new();
    let mut gap: Option<PolicyGap> = None;
    let mut note_gap = |g: PolicyGap| {
        gap = Some(match gap.take() {
            Some(e) => e.merge(g),
            None => g,
        });
    };
    match (
        policy.get("support_tools"),
        policy.get("support_tool_rounding"),
    ) {
        (Ok(tools), Ok(rounding_param)) => {
            let rounding = match &rounding_param.value {
                Some(Value::Choice(c)) if c == "up" => Rounding::Up,
                Some(Value::Choice(c)) if c == "down" => Rounding::Down,
                _ => Rounding::HalfUp,
            };
            if let Some(Value::Tools(list)) = &tools.value {
                for t in list {
                    let n = i128::from(members) * i128::from(t.share.0);
                    let q =
                        u32::try_from(rounding.divide(n, i128::from(RATE_ONE))).unwrap_or(u32::MAX);
                    let mut l = line(
                        tools,
                        "support_tool",
                        &t.name,
                        &t.unit,
                        q,
                        q,
                        None,
                        format!(
                            "{} quân số × {members} = {},{:02} → {q} ({}; {}).",
                            t.share.percent_vi(),
                            n / i128::from(RATE_ONE),
                            (n % i128::from(RATE_ONE)) / 10_000,
                            rounding.label_vi().replace("đến đồng", "đến số nguyên"),
                            rounding_param.citation
                        ),
                    );
                    l.illustrative |= rounding_param.verification == Verification::Demo;
                    items.push(l);
                }
            }
        }
        (a, b) => {
            for e in [a.err(), b.err()].into_iter().flatten() {
                note_gap(e);
            }
        }
    }
    match policy.get("workplace_equipment") {
        Ok(p) => {
            if let Some(Value::Equipment(list)) = &p.value {
                for e in list {
                    if e.per_member {
                        items.push(line(
                            p,
                            "workplace",
                            &e.name,
                            &e.unit,
                            members,
                            members,
                            e.lifespan_years,
                            format!("Bằng số thành viên thực tế: {members}."),
                        ));
                        continue;
                    }
                    let band = e.bands.iter().find(|b| {
                        members >= b.min_members && b.max_members.is_none_or(|m| members <= m)
                    });
                    if let Some(b) = band {
                        let range = match b.max_members {
                            Some(m) => format!("Tổ có {}–{m} thành viên", b.min_members),
                            None => {
                                format!("Tổ trên {} thành viên", b.min_members.saturating_sub(1))
                            }
                        };
                        items.push(line(
                            p,
                            "workplace",
                            &e.name,
                            &e.unit,
                            b.min_qty,
                            b.max_qty,
                            e.lifespan_years,
                            format!(
                                "{range}: {}–{} {}.",
                                b.min_qty,
                                b.max_qty,
                                e.unit.to_lowercase()
                            ),
                        ));
                    }
                }
            }
        }
        Err(g) => note_gap(g),
    }
    match policy.get("provincial_items") {
        Ok(p) => {
            if let Some(Value::Items(list)) = &p.value {
                for i in list {
                    let q = if i.per == "member" {
                        i.quantity.saturating_mul(members)
                    } else {
                        i.quantity
                    };
                    let how = if i.per == "member" {
                        format!("{} mỗi thành viên × {members}", i.quantity)
                    } else {
                        format!("{} mỗi Tổ", i.quantity)
                    };
                    items.push(line(
                        p,
                        "provincial",
                        &i.name,
                        &i.unit,
                        q,
                        q,
                        i.lifespan_years,
                        format!("{how} = {q}."),
                    ));
                }
            }
        }
        Err(g) => note_gap(g),
    }
    EquipmentReport {
        members,
        items,
        gap,
    }
}

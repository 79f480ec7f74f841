//! Số lượng thành viên Tổ: the quota of a village's team from the province's team-size rule
//! (P-1; Law 30/2023 Đ14 k3). Thresholds read as the law writes them: *dưới* N is `below`,
//! *từ* N is `at_least`, *trên* N is `above`, *đến* N is `at_most`; "+1 for each full step".

use serde::Serialize;

use super::{Explained, Policy, PolicyGap, SizeRow, Value};
use crate::unit::VillageFlags;

/// What the rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VillageInput {
    /// A *tổ dân phố* rather than a *thôn*.
    pub urban: bool,
    pub households: Option<u32>,
    pub population: Option<u32>,
    pub flags: VillageFlags,
}

/// Minimum (the base) and maximum number of members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quota {
    pub base: u32,
    pub max: u32,
}

/// Why no quota could be computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum QuotaError {
    PolicyGap(PolicyGap),
    /// The rule needs a figure the village does not have (households or population).
    MissingFact {
        fact: &'static str,
        message: String,
    },
    /// No row of the rule covers the village.
    NoRow {
        message: String,
    },
}

pub(crate) fn flag_set(flags: &VillageFlags, name: &str) -> bool {
    match name {
        "border" => flags.border,
        "mountainous" => flags.mountainous,
        "ethnic_minority" => flags.ethnic_minority,
        "especially_difficult" => flags.especially_difficult,
        "key_security" => flags.key_security,
        _ => false,
    }
}

fn flag_vi(name: &str) -> &'static str {
    match name {
        "border" => "xã biên giới",
        "mountainous" => "miền núi",
        "ethnic_minority" => "vùng đồng bào dân tộc thiểu số",
        "especially_difficult" => "địa bàn đặc biệt khó khăn",
        "key_security" => "địa bàn trọng điểm, phức tạp về ANTT",
        _ => "điều kiện khác",
    }
}

fn in_range(row: &SizeRow, x: u32) -> bool {
    row.at_least.is_none_or(|b| x >= b)
        && row.above.is_none_or(|b| x > b)
        && row.below.is_none_or(|b| x < b)
        && row.at_most.is_none_or(|b| x <= b)
}

fn range_vi(row: &SizeRow, unit: &str) -> String {
    let mut parts = Vec::new();
    if let Some(b) = row.at_least {
        parts.push(format!("từ {b} {unit}"));
    }
    if let Some(b) = row.above {
        parts.push(format!("trên {b} {unit}"));
    }
    if let Some(b) = row.below {
        parts.push(format!("dưới {b} {unit}"));
    }
    if let Some(b) = row.at_most {
        parts.push(format!("đến {b} {unit}"));
    }
    if parts.is_empty() {
        "mọi quy mô".to_string()
    } else {
        parts.join(" ")
    }
}

/// The quota of one village's team on the policy's date.
pub fn team_quota(policy: &Policy<'_>, v: &VillageInput) -> Result<Explained<Quota>, QuotaError> {
    let param = policy.get("team_size").map_err(QuotaError::PolicyGap)?;
    let Some(Value::TeamSize(rows)) = &param.value else {
        return Err(QuotaError::PolicyGap(PolicyGap { missing: vec![] }));
    };
    let kind_vi = if v.urban { "Tổ dân phố" } else { "Thôn" };
    for row in rows {
        let area_ok = row.area == "any" || (row.area == "urban") == v.urban;
        let flag_ok = row.when.as_deref().is_none_or(|w| flag_set(&v.flags, w));
        if !area_ok || !flag_ok {
            continue;
        }
        let (x, unit, fact) = match row.metric.as_str() {
            "population" => (v.population, "nhân khẩu", "population"),
            _ => (v.households, "hộ", "households"),
        };
        let Some(x) = x else {
            return Err(QuotaError::MissingFact {
                fact,
                message: format!(
                    "Chưa có {} của thôn, cần để áp dụng tiêu chí ({}).",
                    if fact == "population" {
                        "số nhân khẩu"
                    } else {
                        "số hộ"
                    },
                    param.citation
                ),
            });
        };
        if !in_range(row, x) {
            continue;
        }
        let mut steps = Vec::new();
        let when = row
            .when
            .as_deref()
            .map(|w| format!(", {}", flag_vi(w)))
            .unwrap_or_default();
        steps.push(policy.step(
            param,
            format!(
                "{kind_vi} có {x} {unit}{when} — thuộc dòng tiêu chí «{}»: tối thiểu {} thành viên, tối đa {}.",
                range_vi(row, unit),
                row.base,
                row.max
            ),
        ));
        let (mut base, mut max) = (row.base, row.max);
        if let Some(s) = row.step
            && x >= s.from
            && (x - s.from) / s.every > 0
        {
            let extra = (x - s.from) / s.every * s.add;
            base = base.saturating_add(extra);
            max = max.saturating_add(extra);
            let mut text = format!(
                "Cứ đủ {} {unit} tăng thêm {} thành viên, tính từ {} {unit}: ({x} − {}) ÷ {} = {} bước đủ → cộng {extra}.",
                s.every,
                s.add,
                s.from,
                s.from,
                s.every,
                (x - s.from) / s.every
            );
            if let Some(cap) = s.cap {
                if max > cap || base > cap {
                    text.push_str(&format!(" Không quá {cap} thành viên."));
                }
                base = base.min(cap);
                max = max.min(cap);
            }
            steps.push(policy.step(param, text));
        }
        steps.push(policy.step(
            param,
            format!("Kết quả: tối thiểu {base}, tối đa {max} thành viên."),
        ));
        return Ok(Explained {
            value: Quota { base, max },
            explanation: steps,
            illustrative: param.verification == super::Verification::Demo,
        });
    }
    Err(QuotaError::NoRow {
        message: format!(
            "Không dòng tiêu chí nào của {} áp dụng cho {} này.",
            param.citation,
            kind_vi.to_lowercase()
        ),
    })
}

/// The note shown when a team covers several villages (Law 30/2023 Đ14 k2).
pub const SEVERAL_VILLAGES_NOTE: &str = "Tổ phụ trách nhiều thôn, tổ dân phố (Luật 30/2023/QH15 Điều 14 khoản 2): \
     đối chiếu với nghị quyết của tỉnh để xác định số thành viên khi gộp địa bàn.";

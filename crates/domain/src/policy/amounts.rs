//! Số tiền: monthly support, voluntary social insurance, health insurance and allowances for one
//! role on one date, each with the arithmetic and the rule behind it. Rounding is the pack's rule,
//! applied once per amount.

use serde::Serialize;

use super::{Explained, Param, Policy, PolicyGap, SupportAmount, TeamRole, Value, Verification};
use crate::money::{Dong, RATE_ONE, Rate, apply_rate};

crate::code_enum! {
    /// Hộ nghèo, hộ cận nghèo.
    pub enum Household (field = "household") {
        Poor = "poor" => "Hộ nghèo",
        NearPoor = "near_poor" | "near-poor" => "Hộ cận nghèo",
        None = "none" => "Không",
    }
}

/// Who the amounts are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Person {
    pub role: TeamRole,
    pub household: Household,
    pub ethnic_minority: bool,
    /// Lives in an island commune or special zone (NĐ 159/2025 Đ5 k1).
    pub island: bool,
    /// Serves in a border, mountainous, especially difficult or ethnic-minority area (LAW-23.2c).
    pub hardship_area: bool,
}

/// One named amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NamedAmount {
    pub name: &'static str,
    pub label: &'static str,
    pub dong: Dong,
    #[serde(flatten)]
    #[cfg_attr(feature = "openapi", schema(value_type = HowReached))]
    pub detail: Explained<()>,
}

/// The schema of an amount's explanation (the amount itself is `dong`, beside it).
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // a schema, never built
struct HowReached {
    explanation: Vec<super::ExplanationLine>,
    illustrative: bool,
}

/// Every amount that could be computed, and the gaps that stopped the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AmountsReport {
    pub amounts: Vec<NamedAmount>,
    pub gap: Option<PolicyGap>,
}

struct Ctx<'p, 'a> {
    policy: &'p Policy<'a>,
    gap: Option<PolicyGap>,
    out: Vec<NamedAmount>,
}

fn money_of(p: &Param) -> Option<Dong> {
    match p.value {
        Some(Value::Money(d)) => Some(d),
        _ => None,
    }
}

fn rate_of(p: &Param) -> Option<Rate> {
    match p.value {
        Some(Value::Rate(r)) => Some(r),
        _ => None,
    }
}

impl<'a> Ctx<'_, 'a> {
    fn get(&mut self, key: &str) -> Option<&'a Param> {
        match self.policy.get(key) {
            Ok(p) => Some(p),
            Err(g) => {
                self.gap = Some(match self.gap.take() {
                    Some(existing) => existing.merge(g),
                    None => g,
                });
                None
            }
        }
    }

    fn push(
        &mut self,
        name: &'static str,
        label: &'static str,
        dong: Dong,
        used: &[&Param],
        lines: Vec<super::ExplanationLine>,
    ) {
        let illustrative = used.iter().any(|p| p.verification == Verification::Demo);
        self.out.push(NamedAmount {
            name,
            label,
            dong,
            detail: Explained {
                value: (),
                explanation: lines,
                illustrative,
            },
        });
    }
}

fn overflow() -> PolicyGap {
    PolicyGap {
        missing: vec![super::Missing {
            parameter: "overflow".into(),
            description: "Số tiền vượt quá giới hạn tính toán".into(),
            citation: String::new(),
            pack: None,
        }],
    }
}

/// The monthly support of a role on the policy's date (LAW-23.1, P-2): the pack's fixed amount,
/// or its coefficient of the base salary, or its share of the regional minimum wage, with the
/// arithmetic and the pack's rounding applied once.
pub fn monthly_support(policy: &Policy<'_>, role: TeamRole) -> Result<Explained<Dong>, PolicyGap> {
    let rounding = policy.rounding();
    let rounding_note = format!("Làm tròn: {}.", rounding.label_vi());
    let p = policy.get("monthly_support")?;
    let Some(Value::Support(table)) = &p.value else {
        return Err(PolicyGap { missing: vec![] });
    };
    let Some((_, amount)) = table.iter().find(|(r, _)| *r == role) else {
        return Err(PolicyGap {
            missing: vec![super::Missing {
                parameter: "monthly_support".into(),
                description: format!("Mức hỗ trợ hằng tháng của {}", role.label_vi()),
                citation: p.citation.to_string(),
                pack: None,
            }],
        });
    };
    let demo = |ps: &[&Param]| ps.iter().any(|q| q.verification == Verification::Demo);
    match *amount {
        SupportAmount::Fixed(d) => Ok(Explained {
            value: d,
            explanation: vec![
                policy.step(p, format!("{}: mức cố định {d}/tháng.", role.label_vi())),
            ],
            illustrative: demo(&[p]),
        }),
        SupportAmount::Coefficient(k) => {
            let lcs = policy.get("base_salary")?;
            let base = money_of(lcs).ok_or(PolicyGap { missing: vec![] })?;
            let v = apply_rate(base, k, rounding).ok_or_else(overflow)?;
            Ok(Explained {
                value: v,
                explanation: vec![
                    policy.step(
                        p,
                        format!(
                            "{}: hệ số {} × mức lương cơ sở.",
                            role.label_vi(),
                            k.coefficient_vi()
                        ),
                    ),
                    policy.step(lcs, format!("Mức lương cơ sở {base}.")),
                    policy.step(
                        p,
                        format!("{} × {base} = {v}. {rounding_note}", k.coefficient_vi()),
                    ),
                ],
                illustrative: demo(&[p, lcs]),
            })
        }
        SupportAmount::MinWagePercent(k) => {
            let w = policy.get("regional_min_wage")?;
            let base = money_of(w).ok_or(PolicyGap { missing: vec![] })?;
            let v = apply_rate(base, k, rounding).ok_or_else(overflow)?;
            Ok(Explained {
                value: v,
                explanation: vec![
                    policy.step(
                        p,
                        format!(
                            "{}: {} mức lương tối thiểu vùng.",
                            role.label_vi(),
                            k.percent_vi()
                        ),
                    ),
                    policy.step(
                        w,
                        format!(
                            "Lương tối thiểu vùng {base}; {} × {base} = {v}. {rounding_note}",
                            k.percent_vi()
                        ),
                    ),
                ],
                illustrative: demo(&[p, w]),
            })
        }
    }
}

/// Computes every amount for `person` on the policy's date.
pub fn amounts(policy: &Policy<'_>, person: &Person) -> AmountsReport {
    let mut c = Ctx {
        policy,
        gap: None,
        out: Vec::new(),
    };
    let rounding = policy.rounding();
    let rounding_note = format!("Làm tròn: {}.", rounding.label_vi());

    // Monthly support (LAW-23.1, P-2).
    match monthly_support(policy, person.role) {
        Ok(f) => c.out.push(NamedAmount {
            name: "monthly_support",
            label: "Hỗ trợ thường xuyên hằng tháng",
            dong: f.value,
            detail: Explained {
                value: (),
                explanation: f.explanation,
                illustrative: f.illustrative,
            },
        }),
        Err(g) => {
            c.gap = Some(match c.gap.take() {
                Some(existing) => existing.merge(g),
                None => g,
            })
        }
    }

    // Voluntary social insurance (BHXH-1..6): 22 % of the income it is paid on — the rural poverty
    // line by default, or the monthly support where the province pays on that.
    let support_paid = c
        .out
        .iter()
        .find(|a| a.name == "monthly_support")
        .map(|a| a.dong);
    let bhxh_rate = c.get("bhxh_voluntary_rate");
    let bhxh_base = c.get("bhxh_income_base");
    let state_table = c.get("bhxh_state_share");
    let province_bhxh = c.get("bhxh_province_support");
    let on_support = matches!(bhxh_base.and_then(|b| b.value.as_ref()), Some(Value::Choice(c)) if c == "monthly_support");
    let income = if on_support {
        support_paid.map(|d| {
            (
                d,
                None,
                format!("Mức hỗ trợ hằng tháng {d} (căn cứ đóng theo nghị quyết của tỉnh)."),
            )
        })
    } else {
        c.get("rural_poverty_line").and_then(|pl| {
            money_of(pl).map(|d| (d, Some(pl), format!("Chuẩn nghèo khu vực nông thôn {d}.")))
        })
    };
    if let (Some(r), Some(b), Some((line, pl, income_text))) = (bhxh_rate, bhxh_base, income)
        && let Some(rate) = rate_of(r)
    {
        let Some(min) = apply_rate(line, rate, rounding) else {
            return AmountsReport {
                amounts: c.out,
                gap: Some(overflow()),
            };
        };
        let mut used = vec![r, b];
        used.extend(pl);
        c.push(
            "bhxh_min_contribution",
            if on_support {
                "Mức đóng BHXH tự nguyện (tháng)"
            } else {
                "Mức đóng BHXH tự nguyện thấp nhất (tháng)"
            },
            min,
            &used,
            vec![
                policy.step(pl.unwrap_or(b), income_text),
                policy.step(
                    r,
                    format!("{} × {line} = {min}. {rounding_note}", rate.percent_vi()),
                ),
            ],
        );
        let mut supported = Dong(0);
        if let Some(t) = state_table
            && let Some(Value::Shares(shares)) = &t.value
        {
            let groups: Vec<(&str, &str)> = [
                (person.household == Household::Poor, "poor", "hộ nghèo"),
                (person.island, "island", "cư trú ở xã đảo, đặc khu"),
                (
                    person.household == Household::NearPoor,
                    "near_poor",
                    "hộ cận nghèo",
                ),
                (
                    person.ethnic_minority,
                    "ethnic_minority",
                    "người dân tộc thiểu số",
                ),
                (true, "other", "đối tượng khác"),
            ]
            .into_iter()
            .filter(|(applies, _, _)| *applies)
            .map(|(_, k, l)| (k, l))
            .collect();
            let best = groups
                .iter()
                .filter_map(|(k, l)| {
                    shares
                        .iter()
                        .find(|(name, _)| name == k)
                        .map(|(_, r)| (*r, *l))
                })
                .max_by_key(|(r, _)| *r);
            if let Some((share, label)) = best
                && let Some(v) = apply_rate(min, share, rounding)
            {
                supported = v;
                c.push(
                    "bhxh_state_support",
                    "Nhà nước hỗ trợ đóng BHXH tự nguyện (tháng)",
                    v,
                    &[t],
                    vec![policy.step(
                        t,
                        format!("Nhóm {label} (áp dụng mức cao nhất): {} × {min} = {v}. {rounding_note}", share.percent_vi()),
                    )],
                );
            }
        }
        if let Some(pp) = province_bhxh
            && let Some(share) = rate_of(pp)
            && let Some(v) = apply_rate(min, share, rounding)
        {
            let room = min.checked_sub(supported).unwrap_or_default();
            let v = v.min(room);
            supported = supported.checked_add(v).unwrap_or(supported);
            c.push(
                "bhxh_province_support",
                "Tỉnh hỗ trợ thêm tiền đóng BHXH tự nguyện (tháng)",
                v,
                &[pp],
                vec![policy.step(
                    pp,
                    format!(
                        "{} × {min} = {v} (không vượt phần còn lại phải đóng). {rounding_note}",
                        share.percent_vi()
                    ),
                )],
            );
            let pays = min.checked_sub(supported).unwrap_or_default();
            c.push(
                "bhxh_member_pays",
                "Người tham gia tự đóng BHXH tự nguyện (tháng, ở mức thấp nhất)",
                pays,
                &[r, b, pp],
                vec![policy.step(pp, format!("{min} − {supported} hỗ trợ = {pays}."))],
            );
        }
    }

    // Health insurance (BHYT-1, BHYT-2): 4,5 % of the base salary by default, or of the monthly
    // support where the province pays on that.
    let bhyt = c.get("bhyt_rate");
    let bhyt_base = c.get("bhyt_income_base");
    let floor = c.get("bhyt_state_floor");
    let province_bhyt = c.get("bhyt_province_support");
    let on_support = matches!(bhyt_base.and_then(|b| b.value.as_ref()), Some(Value::Choice(c)) if c == "monthly_support");
    let base = if on_support {
        support_paid.map(|d| {
            (
                d,
                None,
                format!("Mức hỗ trợ hằng tháng {d} (căn cứ đóng theo nghị quyết của tỉnh)."),
            )
        })
    } else {
        c.get("base_salary")
            .and_then(|l| money_of(l).map(|d| (d, Some(l), format!("Mức lương cơ sở {d}."))))
    };
    if let (Some(b), Some(bb), Some((base, l, base_text))) = (bhyt, bhyt_base, base)
        && let Some(rate) = rate_of(b)
        && let Some(contribution) = apply_rate(base, rate, rounding)
    {
        let mut used = vec![b, bb];
        used.extend(l);
        c.push(
            "bhyt_contribution",
            "Mức đóng BHYT (tháng)",
            contribution,
            &used,
            vec![
                policy.step(l.unwrap_or(bb), base_text),
                policy.step(
                    b,
                    format!(
                        "{} × {base} = {contribution}. {rounding_note}",
                        rate.percent_vi()
                    ),
                ),
            ],
        );
        if let (Some(f), Some(pp)) = (floor, province_bhyt)
            && let (Some(floor_rate), Some(prov_rate)) = (rate_of(f), rate_of(pp))
        {
            let share = floor_rate.max(prov_rate).min(Rate(RATE_ONE));
            if let Some(v) = apply_rate(contribution, share, rounding) {
                let lines = vec![
                    policy.step(
                        f,
                        format!(
                            "Ngân sách nhà nước hỗ trợ tối thiểu {} mức đóng.",
                            floor_rate.percent_vi()
                        ),
                    ),
                    policy.step(
                        pp,
                        format!(
                            "Tỉnh hỗ trợ {}; áp dụng mức cao hơn {}: {} × {contribution} = {v}.",
                            prov_rate.percent_vi(),
                            share.percent_vi(),
                            share.percent_vi()
                        ),
                    ),
                ];
                c.push(
                    "bhyt_support",
                    "Ngân sách hỗ trợ đóng BHYT (tháng)",
                    v,
                    &[f, pp],
                    lines,
                );
                let pays = contribution.checked_sub(v).unwrap_or_default();
                c.push(
                    "bhyt_member_pays",
                    "Người tham gia tự đóng BHYT (tháng)",
                    pays,
                    &[b, bb, f, pp],
                    vec![policy.step(pp, format!("{contribution} − {v} = {pays}."))],
                );
            }
        }
    }

    // Allowances (LAW-23.2).
    for (key, name, label) in [
        (
            "night_duty_allowance",
            "night_duty_allowance",
            "Bồi dưỡng làm nhiệm vụ ban đêm (22 giờ – 6 giờ), mỗi đêm",
        ),
        (
            "holiday_allowance",
            "holiday_allowance",
            "Bồi dưỡng làm nhiệm vụ ngày nghỉ, ngày lễ, mỗi ngày",
        ),
        (
            "hazardous_allowance",
            "hazardous_allowance",
            "Bồi dưỡng công việc nặng nhọc, độc hại, nguy hiểm, mỗi ngày",
        ),
        (
            "training_allowance_per_day",
            "training_allowance",
            "Bồi dưỡng ngày huấn luyện, bồi dưỡng",
        ),
    ] {
        if let Some(p) = c.get(key)
            && let Some(v) = money_of(p)
        {
            let line = policy.step(p, format!("{label}: {v}."));
            c.push(name, label, v, &[p], vec![line]);
        }
    }
    if person.hardship_area
        && let Some(p) = c.get("extra_workday_allowance")
        && let Some(v) = money_of(p)
    {
        let line = policy.step(
            p,
            format!("Làm nhiệm vụ ở địa bàn biên giới, miền núi, đặc biệt khó khăn: {v}/ngày."),
        );
        c.push(
            "extra_workday_allowance",
            "Bồi dưỡng ngày công lao động tăng thêm, mỗi ngày",
            v,
            &[p],
            vec![line],
        );
    }
    AmountsReport {
        amounts: c.out,
        gap: c.gap,
    }
}

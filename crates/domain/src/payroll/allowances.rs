//! Bồi dưỡng (Law 30/2023 Đ23 k2, ALW §4): a member's allowances for the month from the shifts
//! they were at — nights, rest days and holidays, hazardous work, extra working days in border
//! and difficult areas, training days — each at the pack's rate on the day, then the pack's caps
//! (per month, per year, in days, nights, hours or đồng), each cap named where it cuts.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::duty::{Shift, rest_day};
use super::month::Month;
use super::{PayItem, merge, source};
use crate::calendar::WorkCalendar;
use crate::date::format_vi;
use crate::money::Dong;
use crate::policy::{ExplanationLine, Param, Policy, PolicyGap, Value, Verification};

/// What a member was already paid in allowances earlier in the year (for the yearly caps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct YearToDate {
    pub dong: Dong,
    /// Hours paid by the hour (`night_duty_unit = per_hour`), in minutes.
    pub minutes: u32,
}

/// The kinds, in the order lines show them and a tie is broken.
const KINDS: [(&str, &str, &str); 4] = [
    (
        "night_duty",
        "night_duty_allowance",
        "Bồi dưỡng làm nhiệm vụ ban đêm (22 giờ – 6 giờ)",
    ),
    (
        "holiday",
        "holiday_allowance",
        "Bồi dưỡng làm nhiệm vụ ngày nghỉ, ngày lễ",
    ),
    (
        "hazardous",
        "hazardous_allowance",
        "Bồi dưỡng công việc nặng nhọc, độc hại, nguy hiểm",
    ),
    (
        "extra_workday",
        "extra_workday_allowance",
        "Bồi dưỡng ngày công lao động tăng thêm (biên giới, miền núi, đặc biệt khó khăn)",
    ),
];

/// One unit earned: a night, a day, a shift or some minutes, on a date, at a rate.
#[derive(Debug, Clone)]
struct Unit<'a> {
    kind: usize,
    date: NaiveDate,
    /// Minutes, for an allowance paid by the hour; 0 otherwise.
    minutes: u32,
    amount: Dong,
    param: &'a Param,
    why: String,
}

fn money(p: &Param) -> Option<Dong> {
    match p.value {
        Some(Value::Money(d)) => Some(d),
        _ => None,
    }
}

fn count(p: &Param) -> Option<u32> {
    match p.value {
        Some(Value::Count(n)) => Some(n),
        _ => None,
    }
}

fn dates_vi(units: &[&Unit<'_>]) -> String {
    let mut ds: Vec<String> = units
        .iter()
        .map(|u| format_vi(u.date).chars().take(5).collect())
        .collect();
    ds.dedup();
    ds.join(", ")
}

/// The allowances of a member's shifts in `month` (and of `training_days`), with the gaps of
/// what the packs do not give. Only what the shifts need is asked of the packs: a member without
/// a night shift needs no night rate.
pub fn allowances(
    policy: Policy<'_>,
    cal: &WorkCalendar,
    month: Month,
    shifts: &[Shift],
    training_days: u32,
    ytd: YearToDate,
) -> (Vec<PayItem>, Option<PolicyGap>) {
    let rounding = policy.rounding();
    let mut gap: Option<PolicyGap> = None;
    let mut units: Vec<Unit<'_>> = Vec::new();
    let mut per_hour = false;
    let mut seen: BTreeMap<(usize, NaiveDate), ()> = BTreeMap::new();
    let mut shifts: Vec<&Shift> = shifts.iter().filter(|s| month.contains(s.date)).collect();
    shifts.sort_by_key(|s| (s.date, s.start));
    for s in &shifts {
        let on = policy.on(s.date);
        // Night (LAW-23.2b, ALW-3).
        let night = s.night_minutes();
        if night > 0 {
            let got = (|| {
                let rate = on.get("night_duty_allowance")?;
                let min = on.get("night_duty_min_hours")?;
                let unit = on.choice("night_duty_unit")?;
                Ok::<_, PolicyGap>((rate, min, unit))
            })();
            match got {
                Err(g) => merge(&mut gap, g),
                Ok((rate, min, unit)) => {
                    let (Some(amount), Some(min_h)) = (money(rate), count(min)) else {
                        continue;
                    };
                    if night >= min_h * 60 {
                        let why = format!(
                            "{}: {} giờ {} phút trong khoảng 22 giờ – 6 giờ (từ {} giờ trở lên)",
                            s.span_vi(),
                            night / 60,
                            night % 60,
                            min_h
                        );
                        match unit {
                            "per_hour" => {
                                per_hour = true;
                                let a =
                                    rounding.divide(i128::from(amount.0) * i128::from(night), 60);
                                units.push(Unit {
                                    kind: 0,
                                    date: s.date,
                                    minutes: night,
                                    amount: Dong(i64::try_from(a).unwrap_or(0)),
                                    param: rate,
                                    why,
                                });
                            }
                            "per_shift" => units.push(Unit {
                                kind: 0,
                                date: s.date,
                                minutes: 0,
                                amount,
                                param: rate,
                                why,
                            }),
                            _ => {
                                if seen.insert((0, s.date), ()).is_none() {
                                    units.push(Unit {
                                        kind: 0,
                                        date: s.date,
                                        minutes: 0,
                                        amount,
                                        param: rate,
                                        why,
                                    });
                                }
                            }
                        }
                    }
                }
            }
        }
        // One a day each: a rest day or holiday (LAW-23.2b), hazardous work (ALW-2), a day in a
        // border, mountainous or especially difficult area (LAW-23.2c).
        let daily = [
            (1, rest_day(cal, s.date).map(|w| w.to_string())),
            (
                2,
                (s.hazardous || s.kind == super::DutyKind::FireRescue)
                    .then(|| s.kind.label_vi().to_string()),
            ),
            (
                3,
                s.hardship_area
                    .then(|| "địa bàn biên giới, miền núi, đặc biệt khó khăn".to_string()),
            ),
        ];
        for (kind, why) in daily {
            let Some(why) = why else { continue };
            match on.get(KINDS[kind].1) {
                Err(g) => merge(&mut gap, g),
                Ok(rate) => {
                    if let Some(amount) = money(rate)
                        && seen.insert((kind, s.date), ()).is_none()
                    {
                        units.push(Unit {
                            kind,
                            date: s.date,
                            minutes: 0,
                            amount,
                            param: rate,
                            why: format!("{}: {why}", s.span_vi()),
                        });
                    }
                }
            }
        }
    }

    let mut notes: BTreeMap<usize, Vec<ExplanationLine>> = BTreeMap::new();
    let mut extra_params: Vec<&Param> = Vec::new();

    // One allowance a day, or each (ALW §4.2): among nights, rest days and hazardous work.
    let mut by_date: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    for (i, u) in units.iter().enumerate() {
        if u.kind < 3 {
            by_date.entry(u.date).or_default().push(i);
        }
    }
    let clash: Vec<&Vec<usize>> = by_date
        .values()
        .filter(|v| {
            let mut kinds: Vec<usize> = v.iter().map(|i| units[*i].kind).collect();
            kinds.dedup();
            kinds.len() > 1
        })
        .collect();
    if !clash.is_empty() {
        match policy.get("allowance_one_per_day") {
            Err(g) => {
                merge(&mut gap, g);
                // Nothing of a clashing day is paid until the pack says how.
                let drop: Vec<usize> = clash.iter().flat_map(|v| v.iter().copied()).collect();
                let mut i = 0;
                units.retain(|_| {
                    let keep = !drop.contains(&i);
                    i += 1;
                    keep
                });
            }
            Ok(p) => {
                if matches!(&p.value, Some(Value::Choice(c)) if c == "highest_only") {
                    extra_params.push(p);
                    let mut drop = Vec::new();
                    for v in &clash {
                        let best = v
                            .iter()
                            .copied()
                            .max_by(|a, b| {
                                units[*a]
                                    .amount
                                    .cmp(&units[*b].amount)
                                    .then(units[*b].kind.cmp(&units[*a].kind))
                            })
                            .unwrap_or(v[0]);
                        for i in v.iter().copied().filter(|i| *i != best) {
                            drop.push(i);
                            notes.entry(units[i].kind).or_default().push(policy.step(
                                p,
                                format!(
                                    "Ngày {}: đã hưởng {} trong cùng ngày; một ngày chỉ hưởng mức cao nhất, không tính khoản này.",
                                    format_vi(units[i].date),
                                    KINDS[units[best].kind].2.to_lowercase()
                                ),
                            ));
                        }
                    }
                    let mut i = 0;
                    units.retain(|_| {
                        let keep = !drop.contains(&i);
                        i += 1;
                        keep
                    });
                }
            }
        }
    }

    // Caps per month by count, kind by kind, the earliest days kept.
    let caps = [
        (0usize, "night_duty_max_per_month", "đêm"),
        (1, "holiday_max_per_month", "ngày"),
        (2, "hazardous_max_days", "ngày"),
    ];
    for (kind, key, unit_word) in caps {
        if kind == 0 && per_hour {
            continue;
        }
        let n = units.iter().filter(|u| u.kind == kind).count();
        if n == 0 {
            continue;
        }
        match policy.optional(key) {
            Err(g) => merge(&mut gap, g),
            Ok(None) => {}
            Ok(Some(p)) => {
                if let Some(max) = count(p) {
                    let max = max as usize;
                    if n > max {
                        let mut kept = 0;
                        units.retain(|u| {
                            if u.kind != kind {
                                return true;
                            }
                            kept += 1;
                            kept <= max
                        });
                        notes.entry(kind).or_default().push(policy.step(
                            p,
                            format!(
                                "Tối đa {max} {unit_word} mỗi tháng: có {n} {unit_word}, tính {max} {unit_word} đầu tiên."
                            ),
                        ));
                    }
                }
            }
        }
    }

    // Hours a year (per-hour allowances).
    if per_hour {
        match policy.optional("allowance_max_hours_per_year") {
            Err(g) => merge(&mut gap, g),
            Ok(None) => {}
            Ok(Some(p)) => {
                if let Some(max_h) = count(p) {
                    let room = (max_h * 60).saturating_sub(ytd.minutes);
                    let mut used = 0u32;
                    let mut cut = false;
                    for u in units.iter_mut().filter(|u| u.kind == 0) {
                        let take = u.minutes.min(room.saturating_sub(used));
                        if take < u.minutes {
                            cut = true;
                            let a = rounding.divide(
                                i128::from(money(u.param).unwrap_or_default().0) * i128::from(take),
                                60,
                            );
                            u.amount = Dong(i64::try_from(a).unwrap_or(0));
                            u.minutes = take;
                        }
                        used += take;
                    }
                    if cut {
                        notes.entry(0).or_default().push(policy.step(
                            p,
                            format!(
                                "Tối đa {max_h} giờ mỗi năm: trước tháng này đã hưởng {} giờ {} phút, tháng này tính {} giờ {} phút.",
                                ytd.minutes / 60,
                                ytd.minutes % 60,
                                used / 60,
                                used % 60
                            ),
                        ));
                    }
                }
            }
        }
    }

    // Training days (LAW-23.2a, FIX-3): from training attendance.
    let mut items: Vec<PayItem> = Vec::new();
    for (kind, (key, _, label)) in KINDS.iter().enumerate() {
        let mine: Vec<&Unit<'_>> = units.iter().filter(|u| u.kind == kind).collect();
        if mine.is_empty() {
            continue;
        }
        let dong = Dong(mine.iter().map(|u| u.amount.0).sum());
        let param = mine[0].param;
        let rate = money(param).unwrap_or_default();
        let minutes: u32 = if kind == 0 && per_hour {
            mine.iter().map(|u| u.minutes).sum()
        } else {
            0
        };
        let (basis, unit_text) = if kind == 0 && per_hour {
            let m: u32 = mine.iter().map(|u| u.minutes).sum();
            (format!("{} giờ {} phút", m / 60, m % 60), "giờ".to_string())
        } else if kind == 0 {
            (format!("{} đêm", mine.len()), "đêm".to_string())
        } else {
            (format!("{} ngày", mine.len()), "ngày".to_string())
        };
        let mut explanation: Vec<ExplanationLine> = mine
            .iter()
            .map(|u| {
                policy
                    .on(u.date)
                    .step(u.param, format!("{}: {}.", u.why, u.amount))
            })
            .collect();
        if explanation.len() > 12 {
            let n = explanation.len();
            explanation.truncate(10);
            explanation.push(ExplanationLine {
                rule: param.rule.clone(),
                text: format!("… và {} lần khác ({}).", n - 10, dates_vi(&mine[10..])),
                citation: None,
                verification: None,
            });
        }
        explanation.push(policy.step(
            param,
            format!("Mức {rate}/{unit_text}; cộng {basis}: {dong}."),
        ));
        explanation.extend(notes.remove(&kind).unwrap_or_default());
        let mut sources: Vec<String> = mine.iter().map(|u| source(u.param)).collect();
        sources.sort();
        sources.dedup();
        let mut rules: Vec<String> = mine.iter().map(|u| u.param.rule.clone()).collect();
        rules.sort();
        rules.dedup();
        let illustrative = mine
            .iter()
            .any(|u| u.param.verification == Verification::Demo)
            || extra_params
                .iter()
                .any(|p| p.verification == Verification::Demo);
        items.push(PayItem {
            key: (*key).to_string(),
            label: (*label).to_string(),
            rate,
            basis,
            dong,
            minutes,
            sources,
            rules,
            explanation,
            illustrative,
        });
    }
    if training_days > 0 {
        match policy.get("training_allowance_per_day") {
            Err(g) => merge(&mut gap, g),
            Ok(p) => {
                let rate = money(p).unwrap_or_default();
                let dong = Dong(rate.0 * i64::from(training_days));
                items.push(PayItem {
                    key: "training".into(),
                    label: "Bồi dưỡng ngày huấn luyện, bồi dưỡng".into(),
                    rate,
                    basis: format!("{training_days} ngày"),
                    dong,
                    minutes: 0,
                    sources: vec![source(p)],
                    rules: vec![p.rule.clone()],
                    explanation: vec![policy.step(
                        p,
                        format!("{training_days} ngày huấn luyện × {rate} = {dong}."),
                    )],
                    illustrative: p.verification == Verification::Demo,
                });
            }
        }
    }

    // Money caps: a month, then the year; cut from the last item back.
    for (key, per_year) in [
        ("allowance_max_per_month_dong", false),
        ("allowance_max_per_year_dong", true),
    ] {
        if items.is_empty() {
            break;
        }
        match policy.optional(key) {
            Err(g) => merge(&mut gap, g),
            Ok(None) => {}
            Ok(Some(p)) => {
                let Some(max) = money(p) else { continue };
                let room = if per_year {
                    Dong((max.0 - ytd.dong.0).max(0))
                } else {
                    max
                };
                let total: i64 = items.iter().map(|i| i.dong.0).sum();
                if total > room.0 {
                    let mut over = total - room.0;
                    for item in items.iter_mut().rev() {
                        if over == 0 {
                            break;
                        }
                        let cut = over.min(item.dong.0);
                        item.dong = Dong(item.dong.0 - cut);
                        over -= cut;
                        let text = if per_year {
                            format!(
                                "Tối đa {max} mỗi năm: trước tháng này đã hưởng {}, còn {room}; khoản này giảm {}, còn {}.",
                                ytd.dong,
                                Dong(cut),
                                item.dong
                            )
                        } else {
                            format!(
                                "Tối đa {max} mỗi tháng: các khoản bồi dưỡng cộng {}; khoản này giảm {}, còn {}.",
                                Dong(total),
                                Dong(cut),
                                item.dong
                            )
                        };
                        item.explanation.push(policy.step(p, text));
                        item.illustrative |= p.verification == Verification::Demo;
                    }
                }
            }
        }
    }
    (items, gap)
}

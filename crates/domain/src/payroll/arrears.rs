//! Truy lĩnh, truy thu: when a month already approved comes to a different amount today — a
//! pack version dated back, a base-salary rise entered late (1/7/2026, FIX-1), a recognition or
//! end date corrected — the difference goes on the next payroll, item by item, naming the month,
//! the old and new amount and the cause.

use std::collections::BTreeMap;

use super::month::Month;
use super::{Arrear, PayItem, PayLine};
use crate::kernel::ids::PersonId;
use crate::money::Dong;
use crate::policy::PolicyGap;

/// A month already approved: its lines as approved, and the same month computed afresh today.
#[derive(Debug, Clone)]
pub struct MonthHistory<'a> {
    pub month: Month,
    pub approved: &'a [PayLine],
    pub recomputed: &'a [PayLine],
    /// A gap in today's computation of the month: its arrears cannot be known.
    pub gap: Option<PolicyGap>,
}

fn label_of(items: &[&PayItem], key: &str) -> String {
    items
        .first()
        .map(|i| i.label.clone())
        .unwrap_or_else(|| key.to_string())
}

/// The rules of the new items that the old ones did not use.
fn fresh_rules(old: &[&PayItem], new: &[&PayItem]) -> Vec<String> {
    let mut r: Vec<String> = new
        .iter()
        .flat_map(|i| i.rules.iter().cloned())
        .filter(|s| !old.iter().any(|o| o.rules.contains(s)))
        .collect();
    r.sort();
    r.dedup();
    r
}

/// What the items were counted on, as a paper says it: "Tổ viên, cả tháng; 3 đêm".
fn bases(v: &[&PayItem]) -> String {
    v.iter()
        .map(|i| i.basis.clone())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The citations of the new items that the old ones did not have: where a changed rate comes
/// from.
fn fresh_sources(old: &[&PayItem], new: &[&PayItem]) -> Vec<String> {
    let mut fresh: Vec<String> = new
        .iter()
        .flat_map(|i| i.sources.iter().cloned())
        .filter(|s| !old.iter().any(|o| o.sources.contains(s)))
        .collect();
    fresh.dedup();
    fresh
}

fn cause(old: &[&PayItem], new: &[&PayItem]) -> String {
    let rates = |v: &[&PayItem]| {
        let mut r: Vec<Dong> = v.iter().map(|i| i.rate).collect();
        r.dedup();
        r.iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (old.is_empty(), new.is_empty()) {
        (true, true) => "Không có khoản này.".into(),
        (true, false) => format!(
            "Chưa được tính trong bảng đã duyệt; theo số liệu hiện nay được hưởng ({}, mức {}).",
            bases(new),
            rates(new)
        ),
        (false, true) => format!(
            "Theo số liệu hiện nay không được hưởng khoản này (bảng đã duyệt tính: {}).",
            bases(old)
        ),
        (false, false) => {
            let mut parts = Vec::new();
            if rates(old) != rates(new) {
                let fresh = fresh_sources(old, new);
                parts.push(if fresh.is_empty() {
                    format!("Mức thay đổi từ {} thành {}", rates(old), rates(new))
                } else {
                    format!(
                        "Mức thay đổi từ {} thành {} (theo {})",
                        rates(old),
                        rates(new),
                        fresh.join("; ")
                    )
                });
            }
            if bases(old) != bases(new) {
                parts.push(format!(
                    "Thời gian, chức danh hoặc số lượng hưởng thay đổi: {} → {}",
                    bases(old),
                    bases(new)
                ));
            }
            if parts.is_empty() {
                parts.push("Cách tính thay đổi".into());
            }
            format!("{}.", parts.join("; "))
        }
    }
}

/// Why what is withheld for a month changed: the member's own insurance part, in the words of a
/// deduction (more withheld is collected, less is paid back).
fn withheld_cause(old: &[&PayItem], new: &[&PayItem]) -> String {
    match (old.is_empty(), new.is_empty()) {
        (true, false) => format!(
            "Bảng đã duyệt chưa khấu trừ; theo số liệu hiện nay phải khấu trừ phần bảo hiểm người tham gia đóng ({}).",
            bases(new)
        ),
        (false, true) => format!(
            "Theo số liệu hiện nay không phải khấu trừ (bảng đã duyệt đã khấu trừ {}).",
            bases(old)
        ),
        _ => {
            let fresh = fresh_sources(old, new);
            let by = if fresh.is_empty() {
                String::new()
            } else {
                format!(" (theo {})", fresh.join("; "))
            };
            format!(
                "Phần bảo hiểm người tham gia đóng thay đổi{by}: đã khấu trừ {}, nay phải khấu trừ {}.",
                bases(old),
                bases(new)
            )
        }
    }
}

/// The arrears owed today on the months approved, given the arrears already put on approved
/// payrolls (`settled`, any month). Each comes with the member's line it belongs to (for a member
/// no longer in post, their line as it was). A month whose computation today has a gap gives no
/// arrear — it is returned as a gap, never guessed.
pub fn arrears(
    history: &[MonthHistory<'_>],
    settled: &[(PersonId, Arrear)],
) -> (Vec<(PayLine, Arrear)>, Option<PolicyGap>) {
    let mut out = Vec::new();
    let mut gap: Option<PolicyGap> = None;
    for h in history {
        if let Some(g) = &h.gap {
            super::merge(&mut gap, g.clone());
            continue;
        }
        // Person → item key → (old items, new items).
        let mut people: BTreeMap<PersonId, (Option<&PayLine>, Option<&PayLine>)> = BTreeMap::new();
        for l in h.approved {
            people.entry(l.person).or_default().0 = Some(l);
        }
        for l in h.recomputed {
            people.entry(l.person).or_default().1 = Some(l);
        }
        for (person, (old_line, new_line)) in people {
            let mut keys: Vec<&str> = Vec::new();
            for l in [old_line, new_line].into_iter().flatten() {
                for i in &l.items {
                    if !keys.contains(&i.key.as_str()) {
                        keys.push(&i.key);
                    }
                }
            }
            for key in keys {
                let old: Vec<&PayItem> = old_line
                    .map(|l| l.items.iter().filter(|i| i.key == key).collect())
                    .unwrap_or_default();
                let new: Vec<&PayItem> = new_line
                    .map(|l| l.items.iter().filter(|i| i.key == key).collect())
                    .unwrap_or_default();
                let paid_then: i64 = old.iter().map(|i| i.dong.0).sum();
                let paid_since: i64 = settled
                    .iter()
                    .filter(|(p, a)| *p == person && a.month == h.month && a.item == key)
                    .map(|(_, a)| a.diff.0)
                    .sum();
                let paid = paid_then + paid_since;
                let now: i64 = new.iter().map(|i| i.dong.0).sum();
                if now == paid {
                    continue;
                }
                let mut why = if key == super::WITHHELD {
                    withheld_cause(&old, &new)
                } else {
                    cause(&old, &new)
                };
                if paid_since != 0 {
                    why.push_str(&format!(
                        " Đã truy lĩnh, truy thu trước đây {}.",
                        Dong(paid_since)
                    ));
                }
                let Some(line) = new_line.or(old_line) else {
                    continue;
                };
                out.push((
                    line.clone(),
                    Arrear {
                        month: h.month,
                        item: key.to_string(),
                        label: label_of(if new.is_empty() { &old } else { &new }, key),
                        old: Dong(paid),
                        new: Dong(now),
                        diff: Dong(now - paid),
                        cause: why,
                        rules: fresh_rules(&old, &new),
                    },
                ));
            }
        }
    }
    (out, gap)
}

//! Policy packs: the shipped packs, and the rules they feed, named by rule ID
//! (`docs/legal-rules.md`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod amounts;
mod budget;
mod eligibility;
mod equipment;
mod insurance;
mod packs;
mod payroll;
mod properties;
mod quota;

use antt_domain::policy::{Pack, Policy, demo_for, parse_pack};
use chrono::NaiveDate;

pub const NATIONAL: &str = include_str!("../../../../policies/national.toml");
pub const KON_TUM: &str = include_str!("../../../../policies/kon-tum-nq-24-2024.toml");
pub const DEMO: &str = include_str!("../../../../policies/demo-kon-tum.toml");
pub const BINH_DINH: &str = include_str!("../../../../policies/binh-dinh-nq-03-2024.toml");
pub const GIA_LAI: &str = include_str!("../../../../policies/gia-lai-2024.toml");
pub const DAK_LAK: &str = include_str!("../../../../policies/dak-lak-2024.toml");
pub const KHANH_HOA: &str = include_str!("../../../../policies/khanh-hoa-2024.toml");
pub const HCM: &str = include_str!("../../../../policies/tp-ho-chi-minh-nq-54-2025.toml");

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub struct Packs {
    pub all: Vec<Pack>,
}

impl Packs {
    pub fn load() -> Packs {
        let all = [
            NATIONAL, KON_TUM, DEMO, BINH_DINH, GIA_LAI, DAK_LAK, KHANH_HOA, HCM,
        ]
        .iter()
        .map(|t| parse_pack(t).unwrap_or_else(|e| panic!("{e}")))
        .collect();
        Packs { all }
    }

    pub fn get(&self, id: &str) -> &Pack {
        self.all.iter().find(|p| p.id == id).unwrap()
    }

    /// The national pack under `province` (and its demo filler when `demo`), on `date`.
    pub fn policy(&self, province: Option<&str>, demo: bool, date: NaiveDate) -> Policy<'_> {
        let province = province.map(|id| self.get(id));
        Policy {
            national: self.get("national"),
            province,
            demo: if demo {
                province.and_then(|p| demo_for(&self.all, p))
            } else {
                None
            },
            date,
        }
    }
}

use antt_domain::policy::amounts::{Household, Person, amounts};
use antt_domain::policy::quota::{VillageInput, team_quota};
use antt_domain::policy::{TeamRole, parse_pack};
use antt_domain::unit::VillageFlags;
use proptest::prelude::*;

use crate::{BINH_DINH, NATIONAL, Packs, d};

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// P-1: a village never gets a smaller team for having more households or people.
    #[test]
    fn quota_never_falls_as_households_grow(h in 0u32..5000, extra in 1u32..500, urban: bool, border: bool, key: bool) {
        let packs = Packs::load();
        for pack in ["binh-dinh-nq-03-2024", "gia-lai-2024", "dak-lak-2024", "tp-ho-chi-minh-nq-54-2025"] {
            let policy = packs.policy(Some(pack), false, d(2026, 6, 1));
            let flags = VillageFlags { border, key_security: key, ..Default::default() };
            let v = |n: u32| VillageInput { urban, households: Some(n), population: Some(n * 4), flags };
            let (a, b) = (team_quota(&policy, &v(h)), team_quota(&policy, &v(h + extra)));
            if let (Ok(a), Ok(b)) = (a, b) {
                prop_assert!(b.value.base >= a.value.base && b.value.max >= a.value.max, "{pack}: {h} → {}", h + extra);
            }
        }
    }

    /// Amounts change only on a date some parameter takes or loses effect.
    #[test]
    fn amounts_change_only_on_effective_dates(offset in 0i64..1500, poor: bool) {
        let packs = Packs::load();
        let day = d(2024, 7, 2) + chrono::Duration::days(offset);
        let prev = day.pred_opt().unwrap();
        let person = Person { role: TeamRole::Leader, household: if poor { Household::Poor } else { Household::None }, ethnic_minority: true, island: false, hardship_area: true };
        let policy = |date| packs.policy(Some("kon-tum-nq-24-2024"), true, date);
        let today: Vec<_> = amounts(&policy(day), &person).amounts.into_iter().map(|a| (a.name, a.dong)).collect();
        let yesterday: Vec<_> = amounts(&policy(prev), &person).amounts.into_iter().map(|a| (a.name, a.dong)).collect();
        if today != yesterday {
            let boundary = packs.all.iter().flat_map(|p| &p.params).any(|p| p.effective_from == day || p.effective_to == Some(prev));
            prop_assert!(boundary, "amounts changed on {day} with no parameter changing");
        }
    }

    /// No input makes the parser panic: arbitrary text, and valid packs with a slice cut out or
    /// a character replaced.
    #[test]
    fn the_pack_parser_never_panics(text in ".{0,400}", cut in 0usize..6000, len in 0usize..200, ch in any::<char>()) {
        let _ = parse_pack(&text);
        for base in [NATIONAL, BINH_DINH] {
            let start = base.char_indices().map(|(i, _)| i).find(|i| *i >= cut.min(base.len())).unwrap_or(base.len());
            let end = base.char_indices().map(|(i, _)| i).find(|i| *i >= start + len).unwrap_or(base.len());
            let mut mutated = String::from(&base[..start]);
            mutated.push(ch);
            mutated.push_str(&base[end..]);
            let _ = parse_pack(&mutated);
        }
    }
}

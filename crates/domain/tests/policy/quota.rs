use antt_domain::policy::quota::{Quota, QuotaError, VillageInput, team_quota};
use antt_domain::unit::VillageFlags;

use crate::{Packs, d};

fn village(households: u32) -> VillageInput {
    VillageInput {
        urban: false,
        households: Some(households),
        population: None,
        flags: VillageFlags::default(),
    }
}

fn q(packs: &Packs, pack: &str, v: VillageInput) -> Quota {
    let policy = packs.policy(Some(pack), false, d(2026, 6, 1));
    team_quota(&policy, &v)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .value
}

#[test]
fn bd_1_binh_dinh_bands_at_exactly_350_and_700_households() {
    let packs = Packs::load();
    let cases = [(349, 3, 3), (350, 3, 4), (700, 3, 4), (701, 3, 5)];
    for (households, base, max) in cases {
        assert_eq!(
            q(&packs, "binh-dinh-nq-03-2024", village(households)),
            Quota { base, max },
            "{households} hộ"
        );
    }
    let urban = VillageInput {
        urban: true,
        ..village(500)
    };
    assert_eq!(
        q(&packs, "binh-dinh-nq-03-2024", urban),
        Quota { base: 3, max: 4 },
        "khu phố từ 500 hộ"
    );
}

#[test]
fn gl_1_gia_lai_adds_one_member_per_full_half_threshold_up_to_seven() {
    let packs = Packs::load();
    for (households, n) in [(199, 3), (200, 4), (299, 4), (300, 5), (500, 7), (2000, 7)] {
        assert_eq!(
            q(&packs, "gia-lai-2024", village(households)),
            Quota { base: n, max: n },
            "{households} hộ"
        );
    }
    let border = VillageInput {
        flags: VillageFlags {
            border: true,
            ..Default::default()
        },
        ..village(150)
    };
    assert_eq!(
        q(&packs, "gia-lai-2024", border),
        Quota { base: 5, max: 5 },
        "thôn xã biên giới: ngưỡng 100, bước 50"
    );
}

#[test]
fn hcm_1_ho_chi_minh_city_steps_every_full_900_people() {
    let packs = Packs::load();
    let people = |n| VillageInput {
        urban: true,
        households: None,
        population: Some(n),
        flags: VillageFlags::default(),
    };
    for (pop, n) in [(2700, 3), (2701, 4), (4499, 4), (4500, 5), (5400, 6)] {
        assert_eq!(
            q(&packs, "tp-ho-chi-minh-nq-54-2025", people(pop)),
            Quota { base: n, max: n },
            "{pop} nhân khẩu"
        );
    }
}

#[test]
fn dl_1_dak_lak_raises_the_maximum_in_key_security_areas() {
    let packs = Packs::load();
    let people = |n, key| VillageInput {
        urban: false,
        households: None,
        population: Some(n),
        flags: VillageFlags {
            key_security: key,
            ..Default::default()
        },
    };
    assert_eq!(
        q(&packs, "dak-lak-2024", people(2000, false)),
        Quota { base: 3, max: 3 }
    );
    assert_eq!(
        q(&packs, "dak-lak-2024", people(2000, true)),
        Quota { base: 3, max: 5 }
    );
    assert_eq!(
        q(&packs, "dak-lak-2024", people(2001, true)),
        Quota { base: 4, max: 6 }
    );
}

#[test]
fn kt_nf_2_kon_tum_quota_is_a_policy_gap_naming_the_resolution() {
    let packs = Packs::load();
    let policy = packs.policy(Some("kon-tum-nq-24-2024"), false, d(2025, 3, 1));
    match team_quota(&policy, &village(200)) {
        Err(QuotaError::PolicyGap(g)) => {
            assert_eq!(g.missing[0].parameter, "team_size");
            assert!(g.missing[0].citation.contains("24/2024/NQ-HĐND"));
        }
        other => panic!("{other:?}"),
    }
    let demo = packs.policy(Some("kon-tum-nq-24-2024"), true, d(2025, 3, 1));
    let filled = team_quota(&demo, &village(200)).unwrap();
    assert!(filled.illustrative, "a demo figure is marked MINH HỌA");
    assert!(filled.explanation[0].text.contains("200 hộ"));
}

#[test]
fn a_village_without_its_household_count_is_told_so() {
    let packs = Packs::load();
    let policy = packs.policy(Some("binh-dinh-nq-03-2024"), false, d(2025, 3, 1));
    let v = VillageInput {
        households: None,
        ..village(0)
    };
    assert!(matches!(
        team_quota(&policy, &v),
        Err(QuotaError::MissingFact {
            fact: "households",
            ..
        })
    ));
}

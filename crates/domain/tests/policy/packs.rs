use antt_domain::policy::{PackKind, Verification, parse_pack, province_pack_for};

use crate::{KON_TUM, NATIONAL, Packs, d};

#[test]
fn every_shipped_pack_parses_and_every_value_is_cited() {
    let packs = Packs::load();
    assert_eq!(packs.all.len(), 8);
    for p in &packs.all {
        for param in &p.params {
            assert!(
                !param.citation.document.is_empty(),
                "{}:{}",
                p.id,
                param.key
            );
            assert_eq!(
                param.value.is_none(),
                param.verification == Verification::Missing,
                "{}:{}",
                p.id,
                param.key
            );
        }
    }
    let kon_tum = packs.get("kon-tum-nq-24-2024");
    assert!(
        kon_tum
            .params
            .iter()
            .all(|p| p.verification == Verification::Missing),
        "KT-NF: nothing of NQ 24/2024 is invented"
    );
    let items = kon_tum
        .params
        .iter()
        .find(|p| p.key == "provincial_items")
        .unwrap();
    assert_eq!(
        items.citation.to_string(),
        "khoản 1 Điều 4 Nghị quyết 24/2024/NQ-HĐND ngày 28/6/2024 của HĐND tỉnh Kon Tum"
    );
    assert!(
        packs
            .get("demo-kon-tum")
            .params
            .iter()
            .all(|p| p.verification == Verification::Demo)
    );
}

#[test]
fn adm_9_a_former_kon_tum_village_keeps_kon_tums_pack_after_the_merger() {
    let packs = Packs::load();
    let history_after = vec!["51".to_string(), "62".to_string()];
    let chosen = province_pack_for(&packs.all, &history_after, d(2026, 1, 1)).unwrap();
    assert_eq!(chosen.id, "kon-tum-nq-24-2024");
    let before = province_pack_for(&packs.all, &["62".to_string()], d(2025, 1, 1)).unwrap();
    assert_eq!(before.id, "kon-tum-nq-24-2024");
    assert!(
        province_pack_for(&packs.all, &["51".to_string()], d(2026, 1, 1)).is_none(),
        "no Quảng Ngãi pack yet"
    );
    // A merged province's own resolution takes over where it says it covers the former area.
    let hcm_area = vec!["79".to_string(), "74".to_string()];
    assert_eq!(
        province_pack_for(&packs.all, &hcm_area, d(2026, 2, 1))
            .unwrap()
            .id,
        "tp-ho-chi-minh-nq-54-2025"
    );
    assert!(
        province_pack_for(&packs.all, &hcm_area, d(2025, 12, 31)).is_none(),
        "not before it takes effect"
    );
    assert_eq!(packs.get("national").kind, PackKind::National);
}

#[test]
fn a_malformed_pack_is_refused_with_its_line_and_a_vietnamese_message() {
    let cases: Vec<(String, usize, &str)> = vec![
        (
            NATIONAL.replacen("money = 1800000", "money = \"nhiều\"", 1),
            19,
            "sai kiểu",
        ),
        (
            NATIONAL.replacen("key = \"age_min\"", "key = \"tuoi_toi_thieu\"", 1),
            0,
            "không được hỗ trợ",
        ),
        (
            NATIONAL.replacen("rate = \"22%\"", "rate = \"hai mươi hai\"", 1),
            0,
            "tỷ lệ không hợp lệ",
        ),
        (
            NATIONAL.replacen(
                "effective_to = \"2024-06-30\"",
                "effective_to = \"2024-13-30\"",
                1,
            ),
            0,
            "ngày không hợp lệ",
        ),
        (
            NATIONAL.replacen(
                "effective_to = \"2024-06-30\"",
                "effective_to = \"2024-07-15\"",
                1,
            ),
            0,
            "trùng thời gian",
        ),
        (
            KON_TUM.replacen(
                "verification = \"missing\"",
                "verification = \"missing\"\nmoney = 1",
                1,
            ),
            0,
            "không được có giá trị",
        ),
        (
            KON_TUM.replacen("verification = \"missing\"", "verification = \"demo\"", 1),
            0,
            "gói minh họa",
        ),
        ("[pack\nid = 1".to_string(), 1, "cú pháp"),
        (
            NATIONAL.replacen("rule = \"LCS-1\"\n", "", 1),
            0,
            "thiếu trường «rule»",
        ),
    ];
    for (text, expected_line, fragment) in cases {
        let e = parse_pack(&text).expect_err(fragment);
        assert!(e.message.contains(fragment), "{fragment}: {e}");
        assert!(e.line > 0, "{e}");
        if expected_line > 0 {
            assert_eq!(e.line, expected_line, "{e}");
        }
    }
}

#[test]
fn pack_counts_by_verification_level() {
    let packs = Packs::load();
    for p in &packs.all {
        let total: usize = p.counts().iter().map(|(_, n)| n).sum();
        assert_eq!(total, p.params.len());
    }
    let national = packs.get("national").counts();
    assert!(
        national
            .iter()
            .any(|(v, n)| *v == Verification::Missing && *n == 1),
        "{national:?}"
    );
}

/// The rules documented inside the repository (`docs/legal-rules.md`), by their anchors.
const LEGAL_RULES: &str = include_str!("../../../../docs/legal-rules.md");

#[test]
fn every_rule_id_of_a_shipped_pack_is_defined_in_the_repositorys_own_docs() {
    let packs = Packs::load();
    let mut checked = 0;
    for p in &packs.all {
        for param in &p.params {
            let anchor = format!(r#"<a id="{}"></a>"#, param.rule);
            assert!(
                LEGAL_RULES.contains(&anchor),
                "{}:{} cites {}, which docs/legal-rules.md does not define",
                p.id,
                param.key,
                param.rule
            );
            checked += 1;
        }
    }
    assert!(checked > 40, "{checked}");
}

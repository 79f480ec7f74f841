use antt_domain::policy::equipment::norms;

use crate::{Packs, d};

#[test]
fn tt14_8_support_tools_for_three_members_round_up_under_the_demo_rule() {
    let packs = Packs::load();
    let report = norms(
        &packs.policy(Some("kon-tum-nq-24-2024"), true, d(2025, 3, 1)),
        3,
    );
    assert!(report.gap.is_none(), "{:?}", report.gap);
    let qty = |name: &str| {
        report
            .items
            .iter()
            .find(|i| i.name == name)
            .map(|i| (i.min, i.max))
            .unwrap()
    };
    assert_eq!(qty("Dùi cui cao su"), (3, 3), "80 % × 3 = 2,4 → 3");
    assert_eq!(qty("Dùi cui kim loại"), (2, 2));
    assert_eq!(qty("Áo giáp chống đâm"), (1, 1));
    assert_eq!(qty("Găng tay bắt dao"), (1, 1));
    assert_eq!(qty("Bàn làm việc cá nhân"), (3, 4), "ND40-4: 3–5 members");
    assert_eq!(qty("Ghế ngồi"), (3, 3));
    assert_eq!(qty("Đèn pin"), (3, 3));
    assert!(
        report
            .items
            .iter()
            .find(|i| i.name == "Đèn pin")
            .unwrap()
            .illustrative
    );
}

#[test]
fn tt14_8_r_without_a_rounding_rule_the_tools_are_a_gap_but_the_nd40_table_still_applies() {
    let packs = Packs::load();
    let report = norms(
        &packs.policy(Some("binh-dinh-nq-03-2024"), false, d(2025, 3, 1)),
        12,
    );
    let gap = report.gap.unwrap();
    assert!(
        gap.missing
            .iter()
            .any(|m| m.parameter == "support_tool_rounding")
    );
    let desk = report
        .items
        .iter()
        .find(|i| i.name == "Bàn làm việc cá nhân")
        .unwrap();
    assert_eq!((desk.min, desk.max), (11, 13));
    let cabinet = report
        .items
        .iter()
        .find(|i| i.name == "Tủ đựng tài liệu, công cụ hỗ trợ")
        .unwrap();
    assert_eq!(
        (cabinet.min, cabinet.max),
        (6, 10),
        "the cabinet's band is 11–20"
    );
}

//! The estimate's support lines (BUD-10): the rate of each month, the rise of 1/7/2026 inside
//! the year splitting the line (FIX-1), and a gap where the pack gives no rate.

use antt_domain::budget::support_lines;
use antt_domain::money::Dong;
use antt_domain::policy::TeamRole;

use crate::Packs;

const KT: Option<&str> = Some("kon-tum-nq-24-2024");

/// BUD-10 with FIX-1: two members at 0.5 × the base salary: January–June 2026 at 1,170,000,
/// July–December at 1,265,000: 2 × (6 × 1,170,000 + 6 × 1,265,000) = 29,220,000; one leader
/// at 0.65: 6 × 1,521,000 + 6 × 1,644,500 = 18,993,000.
#[test]
fn bud_10_the_rise_of_1_july_2026_splits_the_years_support_line() {
    let packs = Packs::load();
    let (lines, illustrative, gap) = support_lines(
        2026,
        |m| packs.policy(KT, true, m.first_day()),
        &[
            (TeamRole::Leader, 1),
            (TeamRole::Deputy, 0),
            (TeamRole::Member, 2),
        ],
    );
    assert_eq!(gap, None);
    assert!(illustrative);
    assert_eq!(lines.len(), 2, "no line for a role without members");
    assert_eq!(lines[0].key, "support_leader");
    assert_eq!(lines[0].dong, Some(Dong(18_993_000)));
    assert_eq!(lines[1].dong, Some(Dong(29_220_000)));
    assert_eq!(
        lines[1].formula,
        "2 người × (6 tháng × 1.170.000 đ + 6 tháng × 1.265.000 đ)"
    );
    // Kon Tum's own pack gives no rate: no figure, and a gap.
    let (lines, _, gap) = support_lines(
        2026,
        |m| packs.policy(KT, false, m.first_day()),
        &[(TeamRole::Member, 2)],
    );
    assert_eq!(lines[0].dong, None);
    assert!(
        gap.unwrap()
            .missing
            .iter()
            .any(|m| m.parameter == "monthly_support")
    );
}

//! The year's estimate and settlement on both databases (BUD-10): lines that add up, the
//! allowances from last year's approved months, hooks without a figure, the settlement against
//! what the approved payrolls paid and the quarters transferred; a province's communes and a
//! district of 2025 restated.

use antt_domain::money::Dong;
use antt_domain::payroll::Month;
use antt_store::Store;

use crate::helpers::demo_dbs;

async fn demo(store: &Store) -> Store {
    store.clone().with_demo_packs(true)
}

#[tokio::test]
async fn bud_10_the_estimate_of_2027_and_the_settlement_of_2026_line_by_line() {
    for db in demo_dbs().await {
        let store = demo(&db.store).await;
        let kt = store.actor_named("kt.iatoi").await.unwrap();
        let ia_toi = store.unit_by_code(&kt, "23538").await.unwrap();
        let v = store.budget(&kt, ia_toi, 2027, false).await.unwrap();
        assert_eq!(v.estimate.gap, None, "{:?}", v.estimate.gap);
        assert!(v.estimate.illustrative);
        let sum = v
            .estimate
            .lines
            .iter()
            .filter_map(|l| l.dong)
            .fold(Dong(0), |a, d| a + d);
        assert_eq!(sum, v.estimate.total);
        let line = |k: &str| v.estimate.lines.iter().find(|l| l.key == k).unwrap();
        let members: u32 = v
            .headcount
            .iter()
            .filter(|h| h.role == antt_domain::policy::TeamRole::Member)
            .map(|h| h.members)
            .sum();
        // Every month of 2027 at 0.5 × 2,530,000.
        assert_eq!(
            line("support_member").dong,
            Some(Dong(i64::from(members) * 12 * 1_265_000))
        );
        // 2026's approved months (July–October) taken to twelve.
        assert!(
            line("allowances").formula.contains("4 tháng"),
            "{}",
            line("allowances").formula
        );
        for hook in ["training", "equipment", "uniforms"] {
            assert_eq!(line(hook).dong, None, "{hook}");
        }
        // The province has not said when: no date, said so.
        assert!(v.calendar.iter().all(|d| d.due.is_none()));

        // The settlement of 2026: support paid by the approved months, insurance transferred.
        let s = store.budget(&kt, ia_toi, 2026, true).await.unwrap();
        let mut paid = 0i64;
        for m in 7..=10 {
            let p = store
                .payroll(&kt, ia_toi, Month::new(2026, m).unwrap())
                .await
                .unwrap();
            paid += p
                .body
                .lines
                .iter()
                .map(|l| {
                    l.monthly_support.0
                        + l.arrears
                            .iter()
                            .filter(|a| a.item == "monthly_support")
                            .map(|a| a.diff.0)
                            .sum::<i64>()
                })
                .sum::<i64>();
        }
        let support_actual: i64 = s
            .estimate
            .lines
            .iter()
            .filter(|l| l.key.starts_with("support_"))
            .map(|l| l.actual.unwrap().0)
            .sum();
        assert_eq!(support_actual, paid);
        let bhyt = s
            .estimate
            .lines
            .iter()
            .find(|l| l.key == "bhyt_support")
            .unwrap();
        assert!(bhyt.actual.unwrap().0 > 0);
        assert_eq!(
            s.estimate.actual.unwrap(),
            s.estimate
                .lines
                .iter()
                .filter_map(|l| l.actual)
                .fold(Dong(0), |a, d| a + d)
        );

        // The province, commune by commune: the sum is the communes'.
        let admin = store.actor_named("tc.quangngai").await.unwrap();
        let qn = store.unit_by_code(&admin, "51").await.unwrap();
        let r = store
            .budget_rollup(&admin, qn, 2027, false, |_, _| {})
            .await
            .unwrap();
        assert!(r.communes.iter().any(|c| c.commune == "23538"));
        assert_eq!(r.total, r.communes.iter().fold(Dong(0), |a, c| a + c.total));
        // Ia H'Drai district as it stood in 2025.
        let ca = store.actor_named("ca.iahdrai").await.unwrap();
        let district = store.unit_by_code(&ca, "618").await.unwrap();
        let r = store
            .budget_rollup(&ca, district, 2025, false, |_, _| {})
            .await
            .unwrap();
        assert!(!r.communes.is_empty());
        assert!(r.communes.iter().any(|c| c.commune == "23538"));
        assert!(
            r.districts.is_empty(),
            "a district has no district subtotals"
        );
        // Kon Tum province as it stood in 2025: the communes under their districts of then,
        // each district's subtotal the sum of its communes, the province the sum of them all.
        let kt = store.unit_by_code(&admin, "62").await.unwrap();
        let r = store
            .budget_rollup(&admin, kt, 2025, false, |_, _| {})
            .await
            .unwrap();
        let ia_hdrai = r.districts.iter().find(|d| d.district == "618").unwrap();
        let of: Vec<_> = r
            .communes
            .iter()
            .filter(|c| c.district.as_deref() == Some("618"))
            .collect();
        assert!(of.iter().any(|c| c.commune == "23538"));
        assert_eq!(ia_hdrai.communes as usize, of.len());
        assert_eq!(ia_hdrai.total, of.iter().fold(Dong(0), |a, c| a + c.total));
        assert_eq!(
            r.total,
            r.districts.iter().fold(Dong(0), |a, d| a + d.total)
                + r.communes
                    .iter()
                    .filter(|c| c.district.is_none())
                    .fold(Dong(0), |a, c| a + c.total)
        );
        // Today's province has no districts.
        let r = store
            .budget_rollup(&admin, qn, 2027, false, |_, _| {})
            .await
            .unwrap();
        assert!(r.districts.is_empty());
        let other = store.actor_named("ca.iadal").await.unwrap();
        assert!(store.budget(&other, ia_toi, 2027, false).await.is_err());
    }
}

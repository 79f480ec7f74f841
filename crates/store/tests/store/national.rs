//! `antt demo --scale province`: made-up data of a province's size, the same from the same seed
//! on every backend, with the 2024 districts, the 1/7/2025 mergers and a team per village.

use antt_store::national::Scale;
use antt_store::{Actor, StoreError};

use crate::helpers::{d, test_dbs};

#[tokio::test]
async fn a_generated_province_has_its_history_its_teams_and_valid_people_and_is_the_same_from_the_same_seed()
 {
    let mut names = Vec::new();
    for db in test_dbs().await {
        let s = &db.store;
        let sys = Actor::system("test");
        let lines = std::sync::Mutex::new(Vec::new());
        let report = s
            .generate_demo(&sys, Scale::Province, 2026, &|l| {
                lines.lock().unwrap().push(l.to_string())
            })
            .await
            .unwrap();
        assert_eq!(report.provinces, 1);
        assert_eq!(report.communes, 98);
        assert!(report.communes_before >= 2 * 98 && report.communes_before <= 4 * 98);
        assert_eq!(report.successions, 98, "one merger per new commune");
        assert!(
            report.villages > 2000 && report.villages < 4000,
            "{}",
            report.villages
        );
        assert_eq!(report.teams, report.villages, "a team per village");
        assert_eq!(report.people, 3 * report.teams);
        assert_eq!(lines.lock().unwrap().len(), 1, "progress per province");
        // A second run is refused: the data goes into an empty database only.
        match s.generate_demo(&sys, Scale::Province, 2026, &|_| {}).await {
            Err(StoreError::Invalid(e)) => assert_eq!(e.code(), "database_not_empty"),
            other => panic!("{other:?}"),
        }
        // History: before 1/7/2025 a village sat in an old commune of a district.
        let commune = s.unit_by_code(&sys, "30050").await.unwrap();
        let now = s.unit_detail(&sys, commune, d(2026, 1, 1)).await.unwrap();
        let village = now.children.first().unwrap().clone();
        let then = s
            .unit_detail(&sys, village.id, d(2025, 6, 1))
            .await
            .unwrap();
        let levels: Vec<_> = then.path.iter().map(|u| u.level.as_str()).collect();
        assert_eq!(
            levels,
            ["province", "district", "commune"],
            "{}",
            db.backend
        );
        assert_eq!(now.successions.len(), 1, "the commune was made by a merger");
        // The commune's force: a team per village with a leader, each member's CCCD valid.
        let o = s.overview(&sys, commune, d(2026, 1, 1)).await.unwrap();
        assert_eq!(o.teams.len(), now.children.len());
        assert!(o.villages_without_team.is_empty());
        for t in &o.teams {
            assert_eq!(t.team.staffing.leaders, 1);
            // Every team of the commune was set up by the one decision, and each shows it.
            assert!(t.team.decision.is_some(), "{}: {}", db.backend, t.team.name);
            for m in &t.team.members {
                let c = antt_domain::person::Cccd::parse(&m.cccd).unwrap();
                assert!(c.check_against(m.birth_date, m.sex).is_ok(), "{}", m.cccd);
                assert!(m.full_name.ends_with("(minh họa)"), "marked as made up");
            }
        }
        let province = s.unit_by_code(&sys, "79").await.unwrap();
        let tree = s
            .unit_subtree(&sys, d(2026, 1, 1), Some(province))
            .await
            .unwrap();
        assert_eq!(tree.len(), 1);
        assert_eq!(tree[0].children.len(), 98, "no districts after 1/7/2025");
        match s.verify_audit(None).await.unwrap() {
            antt_store::audit_seal::AuditReport::Intact { .. } => {}
            other => panic!("{other:?}"),
        }
        names.push(now.current.unwrap().name);
    }
    names.dedup();
    assert_eq!(names.len(), 1, "the same seed, the same country: {names:?}");
}

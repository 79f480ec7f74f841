use antt_store::Actor;
use antt_store::units::TreeNode;

use crate::helpers::{d, demo_dbs};

fn codes(nodes: &[TreeNode]) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(n: &TreeNode, depth: usize, out: &mut Vec<String>) {
        out.push(format!("{}{}", "  ".repeat(depth), n.unit.code));
        for c in &n.children {
            walk(c, depth + 1, out);
        }
    }
    for n in nodes {
        walk(n, 0, &mut out);
    }
    out
}

#[tokio::test]
async fn the_tree_before_1_7_2025_runs_through_kon_tum_and_ia_hdrai_district() {
    for db in demo_dbs().await {
        let tree = db
            .store
            .unit_tree(&Actor::system("test"), d(2025, 6, 30))
            .await
            .unwrap();
        let lines = codes(&tree);
        let kon_tum = tree
            .iter()
            .find(|n| n.unit.code == "62")
            .expect("Kon Tum on 30/6/2025");
        assert_eq!(kon_tum.unit.name, "Tỉnh Kon Tum");
        let district = &kon_tum.children[0];
        assert_eq!(district.unit.code, "618", "{}", db.backend);
        let communes: Vec<&str> = district
            .children
            .iter()
            .map(|c| c.unit.code.as_str())
            .collect();
        assert_eq!(
            communes,
            ["23535", "23537", "23538"],
            "{}: {lines:?}",
            db.backend
        );
        let ia_dom = &district.children[1];
        assert_eq!(ia_dom.unit.name, "Xã Ia Dom");
        assert_eq!(ia_dom.children.len(), 2);
    }
}

#[tokio::test]
async fn the_tree_from_1_7_2025_has_no_district_and_ia_dom_is_inside_ia_toi() {
    for db in demo_dbs().await {
        let tree = db
            .store
            .unit_tree(&Actor::system("test"), d(2025, 7, 1))
            .await
            .unwrap();
        assert!(
            tree.iter().all(|n| n.unit.code != "62"),
            "Kon Tum is gone on 1/7/2025"
        );
        let qn = tree.iter().find(|n| n.unit.code == "51").unwrap();
        let communes: Vec<&str> = qn.children.iter().map(|c| c.unit.code.as_str()).collect();
        assert_eq!(communes, ["23535", "23538"], "{}", db.backend);
        let ia_toi = &qn.children[1];
        let villages: Vec<&str> = ia_toi
            .children
            .iter()
            .map(|c| c.unit.code.as_str())
            .collect();
        assert_eq!(
            villages,
            ["23537-01", "23537-02", "23538-01", "23538-02", "23538-03"]
        );
        assert_eq!(ia_toi.children[0].unit.name, "Thôn Minh họa 4");
    }
}

#[tokio::test]
async fn ia_dom_is_succeeded_by_ia_toi_and_rolls_up_into_it_today() {
    for db in demo_dbs().await {
        let sys = Actor::system("test");
        let ia_dom = db.store.unit_by_code(&sys, "23537").await.unwrap();
        let ia_toi = db.store.unit_by_code(&sys, "23538").await.unwrap();
        let succ = db.store.successors(&sys, ia_dom).await.unwrap();
        assert_eq!(
            succ.iter().map(|u| u.code.as_str()).collect::<Vec<_>>(),
            ["23538"]
        );
        let rollup = db.store.rollup(&sys, ia_toi).await.unwrap();
        let codes: Vec<&str> = rollup.iter().map(|u| u.code.as_str()).collect();
        for c in ["23537", "23538", "23537-01", "23538-03"] {
            assert!(codes.contains(&c), "{c} rolls up into Ia Tơi: {codes:?}");
        }
        assert!(
            !codes.contains(&"23535"),
            "Ia Đal does not roll up into Ia Tơi"
        );
        let qn = db.store.unit_by_code(&sys, "51").await.unwrap();
        let province: Vec<String> = db
            .store
            .rollup(&sys, qn)
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.code)
            .collect();
        assert!(province.contains(&"62".to_string()) && province.contains(&"618".to_string()));
    }
}

#[tokio::test]
async fn a_unit_page_shows_history_facts_and_successions() {
    for db in demo_dbs().await {
        let sys = Actor::system("test");
        let v = db.store.unit_by_code(&sys, "23537-01").await.unwrap();
        let before = db.store.unit_detail(&sys, v, d(2025, 6, 30)).await.unwrap();
        assert_eq!(
            before.current.as_ref().unwrap().name,
            "Thôn Minh họa 1 (Ia Dom)"
        );
        assert_eq!(
            before
                .path
                .iter()
                .map(|p| p.code.as_str())
                .collect::<Vec<_>>(),
            ["62", "618", "23537"]
        );
        assert_eq!(before.facts_as_of.as_ref().unwrap().households, Some(210));
        let after = db.store.unit_detail(&sys, v, d(2025, 7, 1)).await.unwrap();
        assert_eq!(
            after
                .path
                .iter()
                .map(|p| p.code.as_str())
                .collect::<Vec<_>>(),
            ["51", "23538"]
        );
        assert_eq!(after.facts_as_of.as_ref().unwrap().households, Some(226));
        assert_eq!(after.versions.len(), 2);
        assert_eq!(after.facts.len(), 2);
        assert_eq!(
            after.facts[0].valid_to,
            Some(d(2025, 6, 30)),
            "the older row closes the day before"
        );
        let ia_toi = db.store.unit_by_code(&sys, "23538").await.unwrap();
        let detail = db
            .store
            .unit_detail(&sys, ia_toi, d(2026, 1, 1))
            .await
            .unwrap();
        let merge = detail
            .successions
            .iter()
            .find(|s| s.basis.contains("1677"))
            .unwrap();
        let preds: Vec<&str> = merge.predecessors.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(preds, ["23537", "23538"]);
    }
}

#[tokio::test]
async fn search_ignores_accents_and_case() {
    for db in demo_dbs().await {
        let sys = Actor::system("test");
        let hits = db
            .store
            .search_units(&sys, d(2026, 1, 1), "ia dal", None, 50)
            .await
            .unwrap();
        assert_eq!(
            hits.iter()
                .map(|h| h.unit.code.as_str())
                .collect::<Vec<_>>(),
            ["23535"],
            "{}",
            db.backend
        );
        assert_eq!(hits[0].unit.name, "Xã Ia Đal");
        let hits = db
            .store
            .search_units(&sys, d(2026, 1, 1), "IA TƠI", None, 50)
            .await
            .unwrap();
        assert_eq!(hits.len(), 1);
        let by_code = db
            .store
            .search_units(&sys, d(2026, 1, 1), "2353", None, 50)
            .await
            .unwrap();
        assert!(by_code.iter().any(|h| h.unit.code == "23535"));
        let gone = db
            .store
            .search_units(&sys, d(2026, 1, 1), "ia dom", None, 50)
            .await
            .unwrap();
        assert!(gone.is_empty(), "Ia Dom no longer exists in 2026");
        let then = db
            .store
            .search_units(&sys, d(2025, 1, 1), "ia dom", None, 50)
            .await
            .unwrap();
        assert!(then.iter().any(|h| h.unit.code == "23537"));
    }
}

#[tokio::test]
async fn the_reach_kept_edge_by_edge_equals_the_closure_computed_whole() {
    use antt_domain::unit::{UnitId, reach};
    use antt_store::entities::{succession_link, unit, unit_reach, unit_version};
    use sea_orm::EntityTrait;
    for db in crate::helpers::demo_dbs().await {
        let conn = db.store.raw_connection();
        let units: Vec<UnitId> = unit::Entity::find()
            .all(conn)
            .await
            .unwrap()
            .into_iter()
            .map(|u| UnitId(u.id))
            .collect();
        let edges: Vec<(UnitId, UnitId)> = unit_version::Entity::find()
            .all(conn)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|v| v.parent_id.map(|p| (UnitId(v.unit_id), UnitId(p))))
            .collect();
        let links: Vec<(UnitId, UnitId)> = succession_link::Entity::find()
            .all(conn)
            .await
            .unwrap()
            .into_iter()
            .map(|l| (UnitId(l.predecessor_id), UnitId(l.successor_id)))
            .collect();
        assert!(
            !links.is_empty() && units.len() > 10,
            "the demo has history"
        );
        let mut want = reach(&units, &edges, &links);
        want.sort();
        want.dedup();
        let mut got: Vec<(UnitId, UnitId)> = unit_reach::Entity::find()
            .all(conn)
            .await
            .unwrap()
            .into_iter()
            .map(|r| (UnitId(r.ancestor_id), UnitId(r.descendant_id)))
            .collect();
        got.sort();
        assert_eq!(got, want, "{}", db.backend);
    }
}

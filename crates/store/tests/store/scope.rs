use antt_domain::unit::{VillageFacts, VillageFlags};
use antt_store::units::NewFacts;
use antt_store::{Actor, Store, StoreError};

use crate::helpers::{d, demo_dbs};

async fn login(store: &Store, user: &str) -> Actor {
    store.login(user, "antt-demo-2026").await.unwrap().0
}

#[tokio::test]
async fn commune_police_cannot_see_or_change_another_commune() {
    for db in demo_dbs().await {
        let sys = Actor::system("test");
        let ia_dal_police = login(&db.store, "ca.iadal").await;
        let ia_toi = db.store.unit_by_code(&sys, "23538").await.unwrap();
        let ia_toi_village = db.store.unit_by_code(&sys, "23538-01").await.unwrap();
        assert!(matches!(
            db.store
                .unit_detail(&ia_dal_police, ia_toi, d(2026, 1, 1))
                .await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            db.store.unit_by_code(&ia_dal_police, "23538-01").await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            db.store.rollup(&ia_dal_police, ia_toi).await,
            Err(StoreError::NotFound)
        ));
        let write = NewFacts {
            valid_from: d(2026, 1, 1),
            facts: VillageFacts {
                households: Some(1),
                population: None,
                area_centi_ha: None,
                flags: VillageFlags::default(),
            },
            source: None,
        };
        assert!(matches!(
            db.store
                .set_village_facts(&ia_dal_police, ia_toi_village, &write)
                .await,
            Err(StoreError::NotFound)
        ));
        let tree = db
            .store
            .unit_tree(&ia_dal_police, d(2026, 1, 1))
            .await
            .unwrap();
        assert_eq!(tree.len(), 1, "{}", db.backend);
        assert_eq!(tree[0].unit.code, "23535");
        assert_eq!(tree[0].children.len(), 3);
        let hits = db
            .store
            .search_units(&ia_dal_police, d(2026, 1, 1), "minh hoa", None, 100)
            .await
            .unwrap();
        assert!(
            hits.iter().all(|h| h.unit.code.starts_with("23535")),
            "{hits:?}"
        );
    }
}

#[tokio::test]
async fn the_merged_commune_sees_the_former_ia_dom_but_not_the_reverse() {
    for db in demo_dbs().await {
        let ia_toi_police = login(&db.store, "ca.iatoi").await;
        let tree = db
            .store
            .unit_tree(&ia_toi_police, d(2025, 6, 1))
            .await
            .unwrap();
        let codes: Vec<&str> = tree.iter().map(|n| n.unit.code.as_str()).collect();
        assert_eq!(
            codes,
            ["23537", "23538"],
            "before the merger Ia Tơi police see both parts"
        );
        assert!(
            db.store
                .unit_by_code(&ia_toi_police, "23535")
                .await
                .is_err()
        );
    }
}

#[tokio::test]
async fn a_district_user_sees_its_three_communes_and_the_province_user_sees_kon_tum_history() {
    for db in demo_dbs().await {
        let district = login(&db.store, "ca.iahdrai").await;
        let tree = db.store.unit_tree(&district, d(2025, 1, 1)).await.unwrap();
        assert_eq!(tree.len(), 1);
        assert_eq!(tree[0].unit.code, "618");
        assert_eq!(tree[0].children.len(), 3);
        assert!(
            db.store.unit_by_code(&district, "51").await.is_err(),
            "the district does not see the province"
        );
        let province = login(&db.store, "ca.quangngai").await;
        let old = db.store.unit_tree(&province, d(2025, 1, 1)).await.unwrap();
        let roots: Vec<&str> = old.iter().map(|n| n.unit.code.as_str()).collect();
        assert_eq!(
            roots,
            ["51", "62"],
            "Quảng Ngãi's scope covers the former Kon Tum"
        );
    }
}

#[tokio::test]
async fn a_role_without_the_grant_is_refused_before_anything_is_read() {
    for db in demo_dbs().await {
        let bhxh = login(&db.store, "bhxh.iahdrai").await;
        let sys = Actor::system("test");
        let v = db.store.unit_by_code(&sys, "23535-01").await.unwrap();
        let write = NewFacts {
            valid_from: d(2026, 1, 1),
            facts: VillageFacts {
                households: Some(1),
                population: None,
                area_centi_ha: None,
                flags: VillageFlags::default(),
            },
            source: None,
        };
        assert!(matches!(
            db.store.set_village_facts(&bhxh, v, &write).await,
            Err(StoreError::Forbidden)
        ));
        let police = login(&db.store, "ca.iadal").await;
        assert!(matches!(
            db.store.users(&police).await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            db.store.audit_entries(&police, None, None, 10).await,
            Err(StoreError::Forbidden)
        ));
    }
}

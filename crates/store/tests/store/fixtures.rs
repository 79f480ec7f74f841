//! Tests on data built by `antt_testkit::fixtures` alone, without the demo: the units and the
//! account are written through the store's use cases, and scope holds on them as on the demo's.

use antt_domain::access::Role;
use antt_store::StoreError;
use antt_testkit::Fixture;
use antt_testkit::fixtures::{FIXTURE_PASSWORD, system};

use crate::helpers::{d, test_dbs};

#[tokio::test]
async fn a_fixture_commune_is_read_by_its_own_police_and_another_fixture_commune_is_not() {
    for db in test_dbs().await {
        let before = antt_testkit::audit_count(&db.store).await;
        let f = Fixture::new(&db.store).await;
        assert_eq!(
            antt_testkit::audit_count(&db.store).await,
            before + 5,
            "{}: a province, a commune, two villages and an account, each audited once",
            db.backend
        );
        let other = f.add_commune(&db.store, "90002", "Xã Thử Hai", 1).await;
        let police = f.police.actor(&db.store).await;
        assert_eq!(police.roles(), [Role::CommunePolice]);

        // The own commune and its villages read, as of a date after the fixture's start.
        let on = d(2026, 1, 1);
        let detail = db
            .store
            .unit_detail(&police, f.commune.id, on)
            .await
            .unwrap();
        assert_eq!(detail.code, "90001", "{}", db.backend);
        assert_eq!(detail.current.unwrap().name, "Xã Thử Một");
        let villages: Vec<&str> = detail.children.iter().map(|u| u.code.as_str()).collect();
        assert_eq!(villages, ["90001-01", "90001-02"]);
        let seen_by_all = db
            .store
            .unit_detail(&system(), f.commune.id, on)
            .await
            .unwrap();
        assert_eq!(
            seen_by_all
                .path
                .iter()
                .map(|u| u.code.as_str())
                .collect::<Vec<_>>(),
            ["90"],
            "the commune sits directly under its province"
        );
        assert_eq!(
            db.store
                .unit_by_code(&police, &f.commune.villages[1].code)
                .await
                .unwrap(),
            f.commune.villages[1].id
        );
        let tree = db.store.unit_tree(&police, on).await.unwrap();
        assert_eq!(tree.len(), 1, "{}", db.backend);
        assert_eq!(tree[0].unit.code, "90001");
        assert_eq!(tree[0].children.len(), 2);

        // The other commune of the same province is out of reach, as if it did not exist.
        assert!(matches!(
            db.store.unit_detail(&police, other.id, on).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            db.store
                .unit_by_code(&police, &other.villages[0].code)
                .await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            db.store.unit_detail(&police, f.province.id, on).await,
            Err(StoreError::NotFound)
        ));

        // Nothing of the demo: the whole database is the fixture.
        let all = db.store.unit_tree(&system(), on).await.unwrap();
        assert_eq!(all.len(), 1, "{}", db.backend);
        assert_eq!(all[0].unit.code, "90");
        assert_eq!(
            all[0]
                .children
                .iter()
                .map(|c| c.unit.code.as_str())
                .collect::<Vec<_>>(),
            ["90001", "90002"]
        );
        assert!(matches!(
            db.store.login("ca.iatoi", antt_testkit::PASSWORD).await,
            Err(StoreError::BadCredentials)
        ));

        // An account of the other commune sees that one only.
        let second = f
            .add_account(&db.store, "ca.thu2", Role::CommunePolice, &[other.id])
            .await;
        assert_eq!(second.password, FIXTURE_PASSWORD);
        let second = second.actor(&db.store).await;
        assert!(db.store.unit_detail(&second, other.id, on).await.is_ok());
        assert!(matches!(
            db.store.unit_detail(&second, f.commune.id, on).await,
            Err(StoreError::NotFound)
        ));
    }
}

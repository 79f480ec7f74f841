use antt_domain::FieldErrorKind;
use antt_domain::unit::{Level, UnitKind};
use antt_store::units::{NewUnit, NewVersion};
use antt_store::{Actor, StoreError};

use crate::helpers::{d, demo_dbs};

fn version(name: &str, kind: UnitKind, parent: Option<antt_domain::unit::UnitId>) -> NewVersion {
    NewVersion {
        name: name.into(),
        kind,
        parent,
        valid_from: d(2025, 7, 1),
        valid_to: None,
        basis: None,
    }
}

fn kind_of(r: Result<impl std::fmt::Debug, StoreError>) -> FieldErrorKind {
    match r {
        Err(StoreError::Invalid(e)) => e.kind,
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[tokio::test]
async fn each_kind_of_bad_unit_is_refused_and_nothing_is_written() {
    for db in demo_dbs().await {
        let sys = Actor::system("test");
        let qn = db.store.unit_by_code(&sys, "51").await.unwrap();
        let ia_toi = db.store.unit_by_code(&sys, "23538").await.unwrap();
        let village = db.store.unit_by_code(&sys, "23538-01").await.unwrap();
        let audit_before = db
            .store
            .audit_entries(&sys, None, None, 500)
            .await
            .unwrap()
            .len();

        let bad_code = NewUnit {
            code: "2353".into(),
            level: Level::Commune,
            version: version("Xã Mới", UnitKind::Xa, Some(qn)),
        };
        assert!(matches!(
            kind_of(db.store.create_unit(&sys, &bad_code).await),
            FieldErrorKind::InvalidCode { .. }
        ));

        let duplicate = NewUnit {
            code: "23535".into(),
            level: Level::Commune,
            version: version("Xã Ia Đal", UnitKind::Xa, Some(qn)),
        };
        assert_eq!(
            kind_of(db.store.create_unit(&sys, &duplicate).await),
            FieldErrorKind::Duplicate
        );

        let too_long = NewUnit {
            code: "23999".into(),
            level: Level::Commune,
            version: version(&"Ơ".repeat(201), UnitKind::Xa, Some(qn)),
        };
        assert_eq!(
            kind_of(db.store.create_unit(&sys, &too_long).await),
            FieldErrorKind::TooLong { max: 200 }
        );

        let mut backwards = version("Xã Ngược", UnitKind::Xa, Some(qn));
        backwards.valid_to = Some(d(2025, 6, 1));
        let backwards = NewUnit {
            code: "23998".into(),
            level: Level::Commune,
            version: backwards,
        };
        assert_eq!(
            kind_of(db.store.create_unit(&sys, &backwards).await),
            FieldErrorKind::DateOrder
        );

        let wrong_kind = NewUnit {
            code: "23997".into(),
            level: Level::Commune,
            version: version("Thôn Sai", UnitKind::Thon, Some(qn)),
        };
        assert_eq!(
            kind_of(db.store.create_unit(&sys, &wrong_kind).await),
            FieldErrorKind::LevelMismatch
        );

        let mut early = version("Xã Sớm", UnitKind::Xa, Some(ia_toi));
        early.valid_from = d(2020, 1, 1);
        let early = NewUnit {
            code: "23996".into(),
            level: Level::Commune,
            version: early,
        };
        assert!(db.store.create_unit(&sys, &early).await.is_err());

        let overlap = version("Xã Ia Tơi mới", UnitKind::Xa, Some(qn));
        assert_eq!(
            kind_of(
                db.store
                    .add_unit_version(&sys, ia_toi, &overlap, false)
                    .await
            ),
            FieldErrorKind::Overlap
        );

        let mut cycle = version("Xã Ia Tơi", UnitKind::Xa, Some(village));
        cycle.valid_from = d(2026, 1, 1);
        assert_eq!(
            kind_of(db.store.add_unit_version(&sys, ia_toi, &cycle, true).await),
            FieldErrorKind::Cycle
        );

        let audit_after = db
            .store
            .audit_entries(&sys, None, None, 500)
            .await
            .unwrap()
            .len();
        assert_eq!(
            audit_before, audit_after,
            "{}: a refused write leaves no trace",
            db.backend
        );
        let detail = db
            .store
            .unit_detail(&sys, ia_toi, d(2026, 1, 1))
            .await
            .unwrap();
        assert_eq!(
            detail.versions.len(),
            2,
            "the cycle attempt did not close the open version"
        );
        assert!(db.store.unit_by_code(&sys, "23999").await.is_err());
    }
}

#[tokio::test]
async fn a_rename_closes_the_open_version_the_day_before() {
    for db in demo_dbs().await {
        let sys = Actor::system("test");
        let qn = db.store.unit_by_code(&sys, "51").await.unwrap();
        let ia_dal = db.store.unit_by_code(&sys, "23535").await.unwrap();
        let mut renamed = version("Xã Ia Đal Mới", UnitKind::Xa, Some(qn));
        renamed.valid_from = d(2026, 3, 1);
        db.store
            .add_unit_version(&sys, ia_dal, &renamed, true)
            .await
            .unwrap();
        let detail = db
            .store
            .unit_detail(&sys, ia_dal, d(2026, 2, 28))
            .await
            .unwrap();
        assert_eq!(detail.current.unwrap().name, "Xã Ia Đal");
        assert_eq!(detail.versions[1].valid_to, Some(d(2026, 2, 28)));
        let hits = db
            .store
            .search_units(&sys, d(2026, 3, 1), "ia dal moi", None, 10)
            .await
            .unwrap();
        assert_eq!(hits.len(), 1);
    }
}

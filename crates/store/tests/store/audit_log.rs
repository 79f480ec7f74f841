use antt_domain::unit::{VillageFacts, VillageFlags};
use antt_store::audit::ChainReport;
use antt_store::units::{NewFacts, Outcome};
use antt_store::{Actor, StoreError};
use sea_orm::{ConnectionTrait, Statement};

use crate::helpers::{d, demo_dbs};

fn facts(households: u32) -> NewFacts {
    NewFacts {
        valid_from: d(2026, 1, 1),
        facts: VillageFacts {
            households: Some(households),
            population: Some(900),
            area_centi_ha: None,
            flags: VillageFlags {
                border: true,
                ..Default::default()
            },
        },
        source: Some("Báo cáo thôn tháng 12/2025".into()),
    }
}

#[tokio::test]
async fn every_write_is_audited_with_before_and_after_and_a_no_op_writes_nothing() {
    for db in demo_dbs().await {
        let (police, _) = db.store.login("ca.iatoi", "antt-demo-2026").await.unwrap();
        let chair = db
            .store
            .login("ubnd.iatoi", "antt-demo-2026")
            .await
            .unwrap()
            .0;
        let v = db.store.unit_by_code(&police, "23538-01").await.unwrap();
        let before = db
            .store
            .audit_entries(&chair, None, None, 500)
            .await
            .unwrap();
        assert_eq!(
            db.store
                .set_village_facts(&police, v, &facts(320))
                .await
                .unwrap(),
            Outcome::Changed
        );
        let after = db
            .store
            .audit_entries(&chair, None, None, 500)
            .await
            .unwrap();
        assert_eq!(after.len(), before.len() + 1, "{}", db.backend);
        let row = &after[0];
        assert_eq!(row.action, "village_facts.set");
        assert!(row.actor.starts_with("ca.iatoi"));
        assert_eq!(row.before.as_ref().unwrap()[0]["households"], 305);
        assert_eq!(row.after.as_ref().unwrap()[1]["households"], 320);
        assert_eq!(row.after.as_ref().unwrap()[0]["valid_to"], "2025-12-31");

        assert_eq!(
            db.store
                .set_village_facts(&police, v, &facts(320))
                .await
                .unwrap(),
            Outcome::Unchanged
        );
        let again = db
            .store
            .audit_entries(&chair, None, None, 500)
            .await
            .unwrap();
        assert_eq!(
            again.len(),
            after.len(),
            "a write that changed nothing leaves no audit row"
        );
        assert!(matches!(
            db.store.verify_audit_chain().await.unwrap(),
            ChainReport::Intact { .. }
        ));
    }
}

#[tokio::test]
async fn the_chain_check_names_the_first_edited_row() {
    for db in demo_dbs().await {
        let conn = db.store.raw_connection();
        let backend = conn.get_database_backend();
        let ChainReport::Intact { rows } = db.store.verify_audit_chain().await.unwrap() else {
            panic!("intact")
        };
        assert!(rows > 20);
        // The database refuses edits; someone with direct access drops the guard and edits row 7.
        let update = Statement::from_string(
            backend,
            "UPDATE audit_log SET actor_label = 'kẻ gian' WHERE seq = 7",
        );
        assert!(
            conn.execute_raw(update.clone()).await.is_err(),
            "{}: the log is append-only",
            db.backend
        );
        let drop = match db.backend {
            "postgres" => "DROP TRIGGER audit_log_no_update ON audit_log",
            _ => "DROP TRIGGER audit_log_no_update",
        };
        conn.execute_raw(Statement::from_string(backend, drop))
            .await
            .unwrap();
        conn.execute_raw(update).await.unwrap();
        match db.store.verify_audit_chain().await.unwrap() {
            ChainReport::Broken {
                seq, rows_checked, ..
            } => {
                assert_eq!(seq, 7);
                assert_eq!(rows_checked, 6);
            }
            other => panic!("{}: edit not caught: {other:?}", db.backend),
        }
    }
}

#[tokio::test]
async fn concurrent_writers_keep_one_unbroken_chain() {
    for db in demo_dbs().await {
        let sys = Actor::system("test");
        let villages = [
            "23535-01", "23535-02", "23535-03", "23538-01", "23538-02", "23538-03",
        ];
        let mut tasks = Vec::new();
        for (i, code) in villages.iter().enumerate() {
            let store = db.store.clone();
            let sys = sys.clone();
            let id = store.unit_by_code(&sys, code).await.unwrap();
            tasks.push(tokio::spawn(async move {
                store
                    .set_village_facts(&sys, id, &facts(400 + i as u32))
                    .await
            }));
        }
        for t in tasks {
            assert_eq!(
                t.await.unwrap().unwrap(),
                Outcome::Changed,
                "{}",
                db.backend
            );
        }
        assert!(
            matches!(
                db.store.verify_audit_chain().await.unwrap(),
                ChainReport::Intact { .. }
            ),
            "{}",
            db.backend
        );
        let _ = StoreError::NotFound;
    }
}

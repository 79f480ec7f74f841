//! The three kinds of tampering that passed the plain hash chain, and the triggers: each tried on
//! a sealed store as someone with write access to the database but not the key would.

use antt_store::audit::row_hash;
use antt_store::audit_seal::AuditReport;
use antt_store::entities::{audit_log, audit_seal};
use antt_store::{AuditKey, Clock, Store, StoreError};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Statement,
};

use crate::helpers::{TestDb, fixed_now, sealed_demo_dbs};

async fn drop_triggers(db: &TestDb) {
    let conn = db.store.raw_connection();
    let sql: &[&str] = match db.backend {
        "postgres" => &[
            "DROP TRIGGER audit_log_no_update ON audit_log",
            "DROP TRIGGER audit_seal_no_update ON audit_seal",
        ],
        _ => &[
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
            "DROP TRIGGER audit_seal_no_update",
            "DROP TRIGGER audit_seal_no_delete",
        ],
    };
    for s in sql {
        conn.execute_raw(Statement::from_string(conn.get_database_backend(), *s))
            .await
            .unwrap();
    }
}

async fn rows(db: &TestDb) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Seq)
        .all(db.store.raw_connection())
        .await
        .unwrap()
}

fn intact(r: &AuditReport) -> bool {
    matches!(r, AuditReport::Intact { sealed: true, .. })
}

#[tokio::test]
async fn rewriting_a_row_and_recomputing_every_later_hash_breaks_the_seals() {
    let key = AuditKey::random().unwrap();
    for db in sealed_demo_dbs(&key).await {
        assert!(
            intact(&db.store.verify_audit(None).await.unwrap()),
            "{}",
            db.backend
        );
        drop_triggers(&db).await;
        // Row 7 rewritten, and every later hash recomputed with the published scheme, so the
        // plain chain holds again.
        let mut prev = None;
        for mut r in rows(&db).await.into_iter().filter(|r| r.seq >= 7) {
            if r.seq == 7 {
                r.actor_label = "kẻ gian".into();
            }
            if let Some(p) = prev.take() {
                r.prev_hash = p;
            }
            r.hash = row_hash(&r);
            prev = Some(r.hash.clone());
            let mut am = r.into_active_model();
            am.actor_label = sea_orm::ActiveValue::Set(am.actor_label.take().unwrap());
            am.prev_hash = sea_orm::ActiveValue::Set(am.prev_hash.take().unwrap());
            am.hash = sea_orm::ActiveValue::Set(am.hash.take().unwrap());
            am.update(db.store.raw_connection()).await.unwrap();
        }
        match db.store.verify_audit(None).await.unwrap() {
            AuditReport::Broken { seq, reason, .. } => {
                assert!(seq >= 7, "{}: {seq}", db.backend);
                assert!(reason.contains("niêm phong"), "{reason}");
            }
            other => panic!("{}: a recomputed chain passed: {other:?}", db.backend),
        }
    }
}

#[tokio::test]
async fn deleting_the_newest_rows_and_their_seals_is_caught_by_the_checkpoint() {
    let key = AuditKey::random().unwrap();
    for db in sealed_demo_dbs(&key).await {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("moc.log");
        let cp = db.store.audit_checkpoint(&file).await.unwrap().unwrap();
        let seals = audit_seal::Entity::find()
            .order_by_asc(audit_seal::Column::Seq)
            .all(db.store.raw_connection())
            .await
            .unwrap();
        assert!(seals.len() >= 2, "{}: one seal per write", db.backend);
        let keep = seals[seals.len() - 2].seq;
        assert_eq!(seals.last().unwrap().seq, cp.seq);
        drop_triggers(&db).await;
        // Everything after an earlier seal removed, seals too: the rest looks whole.
        let conn = db.store.raw_connection();
        audit_log::Entity::delete_many()
            .filter(audit_log::Column::Seq.gt(keep))
            .exec(conn)
            .await
            .unwrap();
        audit_seal::Entity::delete_many()
            .filter(audit_seal::Column::Seq.gt(keep))
            .exec(conn)
            .await
            .unwrap();
        assert!(
            matches!(
                db.store.verify_audit(None).await.unwrap(),
                AuditReport::Unprotected { .. }
            ),
            "without the checkpoint the cut cannot be seen (only the missing triggers)"
        );
        match db.store.verify_audit(Some(&file)).await.unwrap() {
            AuditReport::Broken { seq, reason, .. } => {
                assert_eq!(seq, cp.seq, "{}", db.backend);
                assert!(reason.contains("bị cắt"), "{reason}");
            }
            other => panic!("{}: truncation not caught: {other:?}", db.backend),
        }
    }
}

#[tokio::test]
async fn a_row_appended_outside_the_product_has_no_seal() {
    let key = AuditKey::random().unwrap();
    for db in sealed_demo_dbs(&key).await {
        let last = rows(&db).await.pop().unwrap();
        let mut forged = last.clone();
        forged.seq = last.seq + 1;
        forged.id = uuid::Uuid::now_v7();
        forged.action = "membership.create".into();
        forged.prev_hash = last.hash.clone();
        forged.hash = row_hash(&forged);
        audit_log::Entity::insert(forged.into_active_model())
            .exec_without_returning(db.store.raw_connection())
            .await
            .unwrap();
        match db.store.verify_audit(None).await.unwrap() {
            AuditReport::Broken { seq, reason, .. } => {
                assert_eq!(seq, last.seq + 1, "{}", db.backend);
                assert!(reason.contains("niêm phong"), "{reason}");
            }
            other => panic!("{}: forged row passed: {other:?}", db.backend),
        }
    }
}

#[tokio::test]
async fn removed_triggers_are_reported_and_put_back_on_the_next_start() {
    let key = AuditKey::random().unwrap();
    for db in sealed_demo_dbs(&key).await {
        drop_triggers(&db).await;
        match db.store.verify_audit(None).await.unwrap() {
            AuditReport::Unprotected {
                missing_triggers, ..
            } => assert!(missing_triggers.contains(&"audit_log_no_update".to_string())),
            other => panic!("{}: {other:?}", db.backend),
        }
        let again = Store::open_sealed(&db.url, Clock::fixed(fixed_now()), key.clone(), false)
            .await
            .unwrap();
        assert!(
            intact(&again.verify_audit(None).await.unwrap()),
            "{}",
            db.backend
        );
        let restored = again
            .audit_entries(&antt_store::Actor::system("test"), None, None, 5)
            .await
            .unwrap();
        assert_eq!(restored[0].action, "security.audit_triggers_restored");
        let conn = again.raw_connection();
        let update = Statement::from_string(
            conn.get_database_backend(),
            "UPDATE audit_log SET actor_label = 'x' WHERE seq = 1",
        );
        assert!(conn.execute_raw(update).await.is_err(), "append-only again");
    }
}

#[tokio::test]
async fn a_lost_key_is_not_silently_replaced() {
    let key = AuditKey::random().unwrap();
    for db in sealed_demo_dbs(&key).await {
        let other = AuditKey::random().unwrap();
        let r = Store::open_sealed(&db.url, Clock::fixed(fixed_now()), other.clone(), true).await;
        assert!(matches!(r, Err(StoreError::Config(_))), "{}", db.backend);
        // Opened with the wrong key anyway, verification names the seals as forged.
        let wrong = Store::open_to_inspect(&db.url, Clock::fixed(fixed_now()), Some(other))
            .await
            .unwrap();
        assert!(matches!(
            wrong.verify_audit(None).await.unwrap(),
            AuditReport::Broken { .. }
        ));
    }
}

//! A stored row that does not map to its domain record is corrupt data, answered as such (500
//! `corrupt_data`), never read as a default: an unknown sex is not "male", a round without a
//! quota is not a round of 0, an end without its reason is not an open membership.

use antt_store::{Actor, StoreError};
use sea_orm::{ConnectionTrait, Statement};

use crate::helpers::{d, demo_dbs};

async fn exec(store: &antt_store::Store, sql: &str) {
    let conn = store.raw_connection();
    conn.execute_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .unwrap();
}

fn is_corrupt<T: std::fmt::Debug>(r: Result<T, StoreError>, what: &str) {
    match r {
        Err(e @ StoreError::Corrupt { .. }) => {
            assert_eq!(e.code(), "corrupt_data", "{what}");
            assert!(e.is_internal(), "{what}: logged as an internal fault");
        }
        other => panic!("{what}: expected corrupt data, got {other:?}"),
    }
}

#[tokio::test]
async fn rows_that_break_a_records_rules_are_corrupt_not_defaults() {
    for db in demo_dbs().await {
        let sys = Actor::system("test");
        let on = d(2026, 11, 30);
        let teams = db.store.teams(&sys, None, on).await.unwrap();
        let person = teams
            .iter()
            .flat_map(|t| &t.members)
            .map(|m| m.person_id)
            .next()
            .unwrap();
        let rounds = db.store.round_statuses(&sys, None).await.unwrap();
        assert!(!rounds.is_empty(), "{}: the demo has rounds", db.backend);

        // An end date without its reason (LAW-17.3 names the reason of every stop).
        exec(
            &db.store,
            "UPDATE membership SET end_date = start_date, end_reason = NULL",
        )
        .await;
        is_corrupt(db.store.teams(&sys, None, on).await, "membership");
        is_corrupt(
            db.store.person(&sys, person).await,
            "membership of a person",
        );

        // A sex the code enum does not know.
        exec(&db.store, "UPDATE membership SET end_date = NULL").await;
        exec(&db.store, "UPDATE person SET sex = 'unknown'").await;
        is_corrupt(db.store.person(&sys, person).await, "person.sex");

        // A round with no quota (TT14-3.1: the plan sets how many are selected).
        exec(&db.store, "UPDATE selection_round SET quota = 0").await;
        is_corrupt(db.store.round_statuses(&sys, None).await, "selection_round");
    }
}

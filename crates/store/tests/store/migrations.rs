use antt_store::{Actor, Clock, DbUrl, Store};

use crate::helpers::{d, fixed_now};

#[tokio::test]
async fn migrating_twice_keeps_vietnamese_data_intact() {
    crate::helpers::log_backend("sqlite");
    let dir = tempfile::tempdir().unwrap();
    let url = DbUrl::sqlite_file(&dir.path().join("antt.db"));
    let store = Store::open(&url, Clock::fixed(fixed_now())).await.unwrap();
    store.load_demo().await.unwrap();
    drop(store);
    // Reopening runs the migrations again; nothing changes and the text survives.
    let store = Store::open(&url, Clock::fixed(fixed_now())).await.unwrap();
    assert_eq!(
        antt_store::migrations::migrate(store.raw_connection())
            .await
            .unwrap(),
        0
    );
    let sys = Actor::system("test");
    let id = store.unit_by_code(&sys, "23535").await.unwrap();
    assert_eq!(
        store
            .unit_detail(&sys, id, d(2026, 1, 1))
            .await
            .unwrap()
            .current
            .unwrap()
            .name,
        "Xã Ia Đal"
    );
    let again = store.load_demo().await.unwrap();
    assert_eq!(again.units, 0, "loading the demo twice adds nothing");
    assert!(again.users.is_empty());
}

#[tokio::test]
async fn migrations_run_on_postgres_twice_when_configured() {
    let Ok(pg) = std::env::var("ANTT_TEST_PG_URL") else {
        return;
    };
    let store = crate::helpers::pg_store(&pg).await;
    store.load_demo().await.unwrap();
    assert_eq!(
        antt_store::migrations::migrate(store.raw_connection())
            .await
            .unwrap(),
        0
    );
}

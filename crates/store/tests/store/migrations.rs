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

use antt_testkit::migration::Row;

/// What a database of the previous release holds: a commune and a village with Vietnamese names,
/// a team, a person with a Vietnamese name and a membership, and the audit row of the person.
fn previous_release_rows() -> (Vec<Row>, [uuid::Uuid; 5]) {
    use sea_orm::Value as V;
    let (commune, village, team, person, membership) = (
        uuid::Uuid::now_v7(),
        uuid::Uuid::now_v7(),
        uuid::Uuid::now_v7(),
        uuid::Uuid::now_v7(),
        uuid::Uuid::now_v7(),
    );
    let now = fixed_now();
    let u = |id: uuid::Uuid| V::from(id);
    let s = |t: &str| V::from(t.to_string());
    let none_uuid = V::Uuid(None);
    let none_date = V::ChronoDate(None);
    let rows: Vec<Row> = vec![
        (
            "unit",
            vec![
                ("id", u(commune)),
                ("code", s("99901")),
                ("level", s("commune")),
                ("created_at", V::from(now)),
            ],
        ),
        (
            "unit",
            vec![
                ("id", u(village)),
                ("code", s("99901-01")),
                ("level", s("village")),
                ("created_at", V::from(now)),
            ],
        ),
        (
            "unit_version",
            vec![
                ("id", u(uuid::Uuid::now_v7())),
                ("unit_id", u(commune)),
                ("name", s("Xã Ia Đal Thử")),
                ("name_folded", s("xa ia dal thu")),
                ("kind", s("xa")),
                ("parent_id", none_uuid.clone()),
                ("valid_from", V::from(d(2025, 7, 1))),
                ("valid_to", none_date.clone()),
                ("basis", s("Nghị quyết số 1/2025")),
            ],
        ),
        (
            "unit_version",
            vec![
                ("id", u(uuid::Uuid::now_v7())),
                ("unit_id", u(village)),
                ("name", s("Thôn Đắk Xú Thử")),
                ("name_folded", s("thon dak xu thu")),
                ("kind", s("thon")),
                ("parent_id", u(commune)),
                ("valid_from", V::from(d(2025, 7, 1))),
                ("valid_to", none_date.clone()),
                ("basis", V::String(None)),
            ],
        ),
        (
            "team",
            vec![
                ("id", u(team)),
                ("commune_id", u(commune)),
                ("name", s("Tổ bảo vệ ANTT thôn Đắk Xú Thử")),
                ("workplace", s("Nhà rông thôn")),
                ("established_on", V::from(d(2025, 8, 1))),
                ("decision_id", none_uuid.clone()),
                ("dissolved_on", none_date.clone()),
            ],
        ),
        (
            "team_village",
            vec![("team_id", u(team)), ("village_id", u(village))],
        ),
        (
            "person",
            vec![
                ("id", u(person)),
                ("commune_id", u(commune)),
                ("cccd", s("062190000777")),
                ("full_name", s("Rơ Mah H'Bia Thử")),
                ("name_folded", s("ro mah h'bia thu")),
                ("birth_date", V::from(d(1990, 2, 3))),
                ("sex", s("female")),
                ("ethnicity", s("Gia Rai")),
                ("residence", s("Thôn Đắk Xú, xã Ia Đal")),
                ("residence_since", none_date.clone()),
                ("education", s("lower_secondary")),
                ("health_certificate_on", none_date.clone()),
                ("phone", V::String(None)),
                ("prior_service", s("")),
                ("household", s("near_poor")),
                ("covered_bhxh", V::from(false)),
                ("covered_bhyt", V::from(true)),
                ("created_at", V::from(now)),
            ],
        ),
        (
            "membership",
            vec![
                ("id", u(membership)),
                ("person_id", u(person)),
                ("team_id", u(team)),
                ("role", s("leader")),
                ("origin", s("former_civil_defence")),
                ("start_date", V::from(d(2025, 8, 1))),
                ("end_date", none_date.clone()),
                ("start_decision_id", none_uuid.clone()),
                ("end_reason", V::String(None)),
                ("end_decision_id", none_uuid.clone()),
                ("over70_decision_id", none_uuid),
            ],
        ),
    ];
    (rows, [commune, village, team, person, membership])
}

/// A database made by the previous release's migrations, holding Vietnamese text and an audit
/// row, is upgraded by this build: every migration since runs once, the text reads back as it
/// was written, the codes parse, and the audit chain (sealed from now on) holds.
#[tokio::test]
async fn a_database_of_the_previous_release_upgrades_with_its_vietnamese_text_intact() {
    let previous = antt_store::migrations::latest_version() - 1;
    for old in antt_testkit::migration::previous_release_dbs(crate::helpers::STORE).await {
        assert_eq!(old.applied, previous);
        let (rows, [commune, _village, team, person, _membership]) = previous_release_rows();
        old.insert_rows(rows).await;
        // The audit row the previous release wrote for the person, chained from the genesis.
        let mut row = antt_store::entities::audit_log::Model {
            seq: 1,
            id: uuid::Uuid::now_v7(),
            at: fixed_now(),
            actor_id: None,
            actor_label: "ca.iadal (Nguyễn Thị Ánh)".into(),
            action: "person.create".into(),
            entity: "person".into(),
            entity_id: person.to_string(),
            unit_id: Some(commune),
            before_json: None,
            after_json: Some(r#"{"full_name":"Rơ Mah H'Bia Thử","cccd":"062190000777"}"#.into()),
            prev_hash: antt_store::audit::GENESIS.into(),
            hash: String::new(),
        };
        row.hash = antt_store::audit::row_hash(&row);
        old.insert_audit_row(&row).await;

        // This build opens it: the remaining migrations run, and the data reads as it was.
        let upgraded = old.open_sealed().await;
        let (store, url) = (&upgraded.store, &upgraded.url);
        assert_eq!(
            antt_store::migrations::migrate(store.raw_connection())
                .await
                .unwrap(),
            0,
            "every migration ran once"
        );
        let sys = Actor::system("test");
        let id = store.unit_by_code(&sys, "99901").await.unwrap();
        let detail = store.unit_detail(&sys, id, d(2026, 1, 1)).await.unwrap();
        assert_eq!(detail.current.unwrap().name, "Xã Ia Đal Thử");
        let t = store
            .team(&sys, antt_domain::kernel::ids::TeamId(team), d(2026, 1, 1))
            .await
            .unwrap();
        assert_eq!(t.name, "Tổ bảo vệ ANTT thôn Đắk Xú Thử");
        assert_eq!(t.villages[0].name, "Thôn Đắk Xú Thử");
        assert_eq!(t.members[0].full_name, "Rơ Mah H'Bia Thử");
        let p = store
            .person(&sys, antt_domain::kernel::ids::PersonId(person))
            .await
            .unwrap();
        assert_eq!(p.sex, antt_domain::person::Sex::Female);
        assert_eq!(
            p.household,
            antt_domain::policy::amounts::Household::NearPoor
        );
        assert_eq!(p.residence, "Thôn Đắk Xú, xã Ia Đal");
        let found = store.people(&sys, "h'bia", 10).await.unwrap();
        assert_eq!(found.len(), 1, "the folded name still finds her");
        let audit = store.audit_entries(&sys, None, None, 10).await.unwrap();
        assert_eq!(
            audit.last().unwrap().summary,
            "Lập hồ sơ Rơ Mah H'Bia Thử, CCCD 062190000777"
        );
        match store.verify_audit(None).await.unwrap() {
            antt_store::audit_seal::AuditReport::Intact { rows, sealed, .. } => {
                assert!(rows >= 1);
                assert!(sealed, "the upgraded tail is sealed");
            }
            other => panic!("{}: {other:?}", url.expose()),
        }
    }
}

use antt_domain::FieldErrorKind;
use antt_domain::access::Role;
use antt_store::users::{NewUser, UserChange};
use antt_store::{Actor, StoreError};

use crate::helpers::demo_dbs;

#[tokio::test]
async fn passwords_are_stored_as_argon2id_and_checked() {
    for db in demo_dbs().await {
        let (actor, session) = db.store.login("ca.iatoi", "antt-demo-2026").await.unwrap();
        assert_eq!(actor.roles(), [Role::CommunePolice]);
        assert_eq!(session.token.len(), 64);
        assert!(matches!(
            db.store.login("ca.iatoi", "sai-mat-khau").await,
            Err(StoreError::BadCredentials)
        ));
        assert!(matches!(
            db.store.login("khong.ton.tai", "antt-demo-2026").await,
            Err(StoreError::BadCredentials)
        ));
        let (found, csrf) = db
            .store
            .session_actor(&session.token)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.username(), "ca.iatoi");
        assert_eq!(csrf, session.csrf);
        db.store.logout(&found, &session.token, None).await.unwrap();
        assert!(
            db.store
                .session_actor(&session.token)
                .await
                .unwrap()
                .is_none()
        );
        let raw = db.store.raw_connection();
        use sea_orm::{ConnectionTrait, Statement};
        let row = raw
            .query_one_raw(Statement::from_string(
                raw.get_database_backend(),
                "SELECT password_hash FROM app_user WHERE username = 'ca.iatoi'",
            ))
            .await
            .unwrap()
            .unwrap();
        let hash: String = row.try_get("", "password_hash").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
    }
}

#[tokio::test]
async fn five_failed_logins_lock_the_account_for_fifteen_minutes() {
    for db in demo_dbs().await {
        for _ in 0..4 {
            assert!(matches!(
                db.store.login("ca.iadal", "sai").await,
                Err(StoreError::BadCredentials)
            ));
        }
        assert!(matches!(
            db.store.login("ca.iadal", "sai").await,
            Err(StoreError::Throttled { .. })
        ));
        assert!(
            matches!(
                db.store.login("ca.iadal", "antt-demo-2026").await,
                Err(StoreError::Throttled { .. })
            ),
            "even the right password waits"
        );
        db.store.clock().advance(chrono::Duration::minutes(16));
        assert!(db.store.login("ca.iadal", "antt-demo-2026").await.is_ok());
    }
}

#[tokio::test]
async fn a_provincial_administrator_manages_users_only_inside_the_province() {
    for db in demo_dbs().await {
        let sys = Actor::system("test");
        let admin = db
            .store
            .login("qt.quangngai", "antt-demo-2026")
            .await
            .unwrap()
            .0;
        let visible: Vec<String> = db
            .store
            .users(&admin)
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.username)
            .collect();
        assert!(visible.contains(&"ca.iatoi".to_string()));
        assert!(
            !visible.contains(&"admin".to_string()),
            "the national administrator is outside the province"
        );
        let ia_toi = db.store.unit_by_code(&sys, "23538").await.unwrap();
        let new = NewUser {
            username: "ca.iatoi2".into(),
            display_name: "Nguyễn Văn An".into(),
            password: "mat-khau-moi-1".into(),
            roles: vec![Role::CommunePolice],
            all_units: false,
            scope: vec![ia_toi],
        };
        let id = db.store.create_user(&admin, &new).await.unwrap();
        let national = NewUser {
            username: "qt.toanquoc".into(),
            all_units: true,
            scope: vec![],
            ..new.clone()
        };
        match db.store.create_user(&admin, &national).await {
            Err(StoreError::Invalid(e)) => assert_eq!(e.field, "scope"),
            other => panic!("{other:?}"),
        }
        let dup = NewUser {
            username: "CA.IATOI2".into(),
            ..new.clone()
        };
        match db.store.create_user(&admin, &dup).await {
            Err(StoreError::Invalid(e)) => assert_eq!(e.kind, FieldErrorKind::Duplicate),
            other => panic!("{other:?}"),
        }
        let root = db
            .store
            .users(&sys)
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.username == "admin")
            .unwrap();
        assert!(matches!(
            db.store.user(&admin, root.id).await,
            Err(StoreError::NotFound)
        ));
        let off = UserChange {
            active: Some(false),
            ..Default::default()
        };
        assert!(matches!(
            db.store.update_user(&admin, root.id, &off).await,
            Err(StoreError::NotFound)
        ));
        db.store.update_user(&admin, id, &off).await.unwrap();
        assert!(matches!(
            db.store.login("ca.iatoi2", "mat-khau-moi-1").await,
            Err(StoreError::BadCredentials)
        ));
    }
}

#[tokio::test]
async fn api_tokens_act_as_their_user_and_are_stored_hashed() {
    for db in demo_dbs().await {
        let actor = db
            .store
            .login("ca.iatoi", "antt-demo-2026")
            .await
            .unwrap()
            .0;
        let (_, secret) = db
            .store
            .create_api_token(&actor, "Đồng bộ Excel")
            .await
            .unwrap();
        assert!(secret.starts_with("antt_"));
        let via_token = db.store.token_actor(&secret).await.unwrap().unwrap();
        assert_eq!(via_token.username(), "ca.iatoi");
        assert!(db.store.token_actor("antt_sai").await.unwrap().is_none());
        assert_eq!(db.store.api_tokens(&actor).await.unwrap().len(), 1);
    }
}

//! The audit log and its seals.

pub mod audit_log {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_log")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub seq: i64,
        pub id: Uuid,
        pub at: DateTimeUtc,
        pub actor_id: Option<Uuid>,
        pub actor_label: String,
        pub action: String,
        pub entity: String,
        pub entity_id: String,
        pub unit_id: Option<Uuid>,
        #[sea_orm(column_type = "Text", nullable)]
        pub before_json: Option<String>,
        #[sea_orm(column_type = "Text", nullable)]
        pub after_json: Option<String>,
        pub prev_hash: String,
        pub hash: String,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod audit_seal {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_seal")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub seq: i64,
        pub hash: String,
        pub mac: String,
        pub sealed_at: DateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

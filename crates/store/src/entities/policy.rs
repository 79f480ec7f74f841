//! Uploaded versions of the policy packs.

pub mod policy_pack_version {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "policy_pack_version")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub pack_id: String,
        pub version: i32,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        pub sha256: String,
        pub uploaded_by: String,
        pub uploaded_at: DateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

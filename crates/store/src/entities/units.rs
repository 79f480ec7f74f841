//! Administrative units, their versions, village facts, successions and the reach.

pub mod unit {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "unit")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub code: String,
        pub level: String,
        pub created_at: DateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod unit_version {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "unit_version")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub unit_id: Uuid,
        pub name: String,
        pub name_folded: String,
        pub kind: String,
        pub parent_id: Option<Uuid>,
        pub valid_from: Date,
        pub valid_to: Option<Date>,
        pub basis: Option<String>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod village_facts {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "village_facts")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub unit_id: Uuid,
        pub valid_from: Date,
        pub valid_to: Option<Date>,
        pub households: Option<i32>,
        pub population: Option<i32>,
        pub area_centi_ha: Option<i64>,
        pub border: bool,
        pub mountainous: bool,
        pub ethnic_minority: bool,
        pub especially_difficult: bool,
        pub key_security: bool,
        pub source: Option<String>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod succession_event {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "succession_event")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub kind: String,
        pub effective_date: Date,
        pub basis: String,
        pub note: Option<String>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod succession_link {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "succession_link")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub event_id: Uuid,
        pub predecessor_id: Uuid,
        pub successor_id: Uuid,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod unit_reach {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "unit_reach")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub ancestor_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub descendant_id: Uuid,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

//! The duty log and the payrolls.

pub mod duty_shift {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "duty_shift")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub commune_id: Uuid,
        pub team_id: Uuid,
        pub on_date: Date,
        pub start_minute: i32,
        pub end_minute: i32,
        pub kind: String,
        pub hazardous: bool,
        pub mobilised_by: Option<String>,
        pub note: Option<String>,
        pub created_at: DateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod duty_presence {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "duty_presence")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub shift_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub person_id: Uuid,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod payroll {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "payroll")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub commune_id: Uuid,
        pub month: String,
        pub state: String,
        pub body: String,
        pub total: i64,
        pub checked_by: Option<String>,
        pub checked_at: Option<DateTimeUtc>,
        pub approved_by: Option<String>,
        pub approved_at: Option<DateTimeUtc>,
        pub paid_on: Option<Date>,
        pub voucher: Option<String>,
        pub updated_at: DateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

//! The duty log, the payrolls, insurance and payment details.

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

pub mod insurance_enrolment {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "insurance_enrolment")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub person_id: Uuid,
        pub bhxh_code: Option<String>,
        pub bhxh_from: Option<String>,
        pub payment_mode: String,
        pub state_months_before: i32,
        pub bhyt_card: Option<String>,
        pub updated_at: DateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod bank_account {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "bank_account")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub person_id: Uuid,
        pub account_no: String,
        pub bank: String,
        pub branch: Option<String>,
        pub updated_at: DateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod insurance_quarter {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "insurance_quarter")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub commune_id: Uuid,
        pub quarter: String,
        pub advance_total: i64,
        pub advance_body: String,
        pub advance_on: Date,
        pub advance_voucher: String,
        pub account: Option<String>,
        pub advance_by: String,
        pub actual_total: Option<i64>,
        pub actual_body: Option<String>,
        pub settled_on: Option<Date>,
        pub settle_voucher: Option<String>,
        pub settled_by: Option<String>,
        pub confirmed_by: Option<String>,
        pub confirmed_at: Option<DateTimeUtc>,
        pub updated_at: DateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod commune_payment {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "commune_payment")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub unit_id: Uuid,
        pub budget_unit_code: Option<String>,
        pub treasury_account: Option<String>,
        pub treasury: Option<String>,
        pub insurance_account: Option<String>,
        pub insurance_bank: Option<String>,
        pub updated_at: DateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod bank_layout {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "bank_layout")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub commune_id: Uuid,
        pub bank: String,
        pub columns: String,
        pub delimiter: String,
        pub header: bool,
        pub updated_at: DateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

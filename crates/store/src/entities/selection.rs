//! Selection rounds: the plan, its steps, the council and the applications.

pub mod selection_round {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "selection_round")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub commune_id: Uuid,
        pub team_id: Option<Uuid>,
        pub title: String,
        /// Village unit IDs, comma-separated.
        pub villages: String,
        pub quota: i32,
        pub documents: String,
        pub place: String,
        pub application_deadline: Date,
        pub meeting_on: Date,
        pub vote_method: Option<String>,
        pub pass_share_ppm: Option<i64>,
        pub tie_decision_id: Option<Uuid>,
        pub new_team_name: Option<String>,
        pub created_at: DateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod selection_step {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "selection_step")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub round_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub step: String,
        pub on_date: Date,
        pub decision_id: Option<Uuid>,
        pub note: Option<String>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod selection_council_member {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "selection_council_member")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub round_id: Uuid,
        pub position: i32,
        pub full_name: String,
        pub role: String,
        pub organisation: String,
        pub present: bool,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod selection_application {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "selection_application")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub round_id: Uuid,
        pub person_id: Uuid,
        pub village_id: Option<Uuid>,
        pub submitted_on: Date,
        pub received_by: String,
        pub has_form01: bool,
        pub has_cv: bool,
        pub has_health_certificate: bool,
        pub has_diploma: bool,
        pub legal_status: String,
        pub eligible: bool,
        /// The eligibility check at submission, as JSON (the reasons and their rules).
        pub eligibility: String,
        pub votes_yes: Option<i32>,
        pub tie_chosen: bool,
        pub proposed_role: Option<String>,
        pub membership_id: Option<Uuid>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

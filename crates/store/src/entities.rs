//! Table rows as sea-orm entities. Only the store sees them; the rest of the product sees domain
//! types, built from rows through their own `parse` (a failure there is corruption).

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

pub mod app_user {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "app_user")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub username: String,
        pub display_name: String,
        pub password_hash: String,
        pub roles: String,
        pub all_units: bool,
        pub active: bool,
        pub failed_logins: i32,
        pub locked_until: Option<DateTimeUtc>,
        pub created_at: DateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod user_scope {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "user_scope")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub unit_id: Uuid,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod web_session {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "web_session")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id_hash: String,
        pub user_id: Uuid,
        pub csrf_token: String,
        pub created_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod api_token {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "api_token")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub user_id: Uuid,
        pub name: String,
        pub token_hash: String,
        pub created_at: DateTimeUtc,
        pub revoked_at: Option<DateTimeUtc>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

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

pub mod decision {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "decision")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub commune_id: Uuid,
        pub number: String,
        pub signed_on: Date,
        pub signer: String,
        pub kind: String,
        pub subject: String,
        pub created_at: DateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod team {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "team")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub commune_id: Uuid,
        pub name: String,
        pub workplace: Option<String>,
        pub established_on: Date,
        pub decision_id: Option<Uuid>,
        pub dissolved_on: Option<Date>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod team_village {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "team_village")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub team_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub village_id: Uuid,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod person {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "person")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub commune_id: Uuid,
        pub cccd: String,
        pub full_name: String,
        pub name_folded: String,
        pub birth_date: Date,
        pub sex: String,
        pub ethnicity: String,
        pub residence: String,
        pub residence_since: Option<Date>,
        pub education: String,
        pub health_certificate_on: Option<Date>,
        pub phone: Option<String>,
        pub prior_service: String,
        pub household: String,
        pub covered_bhxh: bool,
        pub covered_bhyt: bool,
        pub created_at: DateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod membership {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "membership")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub person_id: Uuid,
        pub team_id: Uuid,
        pub role: String,
        pub origin: String,
        pub start_date: Date,
        pub end_date: Option<Date>,
        pub start_decision_id: Option<Uuid>,
        pub end_reason: Option<String>,
        pub end_decision_id: Option<Uuid>,
        pub over70_decision_id: Option<Uuid>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod membership_evidence {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "membership_evidence")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub membership_id: Uuid,
        pub kind: String,
        pub on_date: Date,
        pub note: Option<String>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod holiday_year {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "holiday_year")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub year: i32,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        pub source: String,
        pub updated_by: String,
        pub updated_at: DateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

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

pub mod unit_official {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "unit_official")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub unit_id: Uuid,
        pub office: String,
        pub full_name: String,
        pub valid_from: Date,
        pub valid_to: Option<Date>,
        pub created_at: DateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

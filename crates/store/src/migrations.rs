//! Numbered migrations, written once with the schema builder so SQLite and PostgreSQL get the same
//! tables. Each runs in its own transaction; none goes down. A released migration is never edited:
//! a change is a new number.

use sea_orm::sea_query::{ColumnDef, ForeignKey, Index, Table, TableCreateStatement};
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Statement, TransactionTrait};

type Migration = fn(DatabaseBackend) -> Vec<Statement>;

/// The migrations in order; the position (from 1) is the version.
const MIGRATIONS: &[(&str, Migration)] = &[
    ("units, users, sessions, audit log", m0001_foundation),
    ("policy pack versions", m0002_policy_packs),
    ("teams, people, memberships, decisions", m0003_force),
    ("announced schedules of days off", m0004_holidays),
    ("selection rounds", m0005_selection),
    ("holders of a commune's signing offices", m0006_officials),
    ("seals of the audit chain", m0007_audit_seal),
];

/// Applies every migration not yet applied. Safe to call on every start.
pub async fn migrate(db: &sea_orm::DatabaseConnection) -> Result<u32, DbErr> {
    let backend = db.get_database_backend();
    db.execute(
        Table::create()
            .table("schema_migration")
            .if_not_exists()
            .col(ColumnDef::new("version").integer().not_null().primary_key())
            .col(ColumnDef::new("name").string().not_null())
            .col(
                ColumnDef::new("applied_at")
                    .timestamp_with_time_zone()
                    .not_null(),
            ),
    )
    .await?;
    let applied = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT MAX(version) AS v FROM schema_migration",
        ))
        .await?
        .and_then(|row| row.try_get::<Option<i32>>("", "v").ok().flatten())
        .unwrap_or(0);
    let mut ran = 0;
    for (i, (name, migration)) in MIGRATIONS.iter().enumerate() {
        let version = i32::try_from(i + 1).unwrap_or(i32::MAX);
        if version <= applied {
            continue;
        }
        let txn = db.begin().await?;
        for stmt in migration(backend) {
            txn.execute_raw(stmt).await?;
        }
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            match backend {
                DatabaseBackend::Postgres => {
                    "INSERT INTO schema_migration (version, name, applied_at) VALUES ($1, $2, CURRENT_TIMESTAMP)"
                }
                _ => "INSERT INTO schema_migration (version, name, applied_at) VALUES (?, ?, CURRENT_TIMESTAMP)",
            },
            [version.into(), (*name).into()],
        ))
        .await?;
        txn.commit().await?;
        ran += 1;
    }
    Ok(ran)
}

/// The latest version this build knows.
pub fn latest_version() -> usize {
    MIGRATIONS.len()
}

fn build(backend: DatabaseBackend, tables: Vec<TableCreateStatement>) -> Vec<Statement> {
    tables.iter().map(|t| backend.build(t)).collect()
}

fn id(name: &'static str) -> ColumnDef {
    ColumnDef::new(name)
        .uuid()
        .not_null()
        .primary_key()
        .to_owned()
}

fn fk(
    from_table: &'static str,
    col: &'static str,
    to_table: &'static str,
) -> sea_orm::sea_query::ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, col)
        .to(to_table, "id")
        .to_owned()
}

fn m0001_foundation(backend: DatabaseBackend) -> Vec<Statement> {
    let tables = vec![
        Table::create()
            .table("unit")
            .col(id("id"))
            .col(
                ColumnDef::new("code")
                    .string_len(16)
                    .not_null()
                    .unique_key(),
            )
            .col(ColumnDef::new("level").string_len(16).not_null())
            .col(
                ColumnDef::new("created_at")
                    .timestamp_with_time_zone()
                    .not_null(),
            )
            .to_owned(),
        Table::create()
            .table("unit_version")
            .col(id("id"))
            .col(ColumnDef::new("unit_id").uuid().not_null())
            .col(ColumnDef::new("name").string_len(200).not_null())
            .col(ColumnDef::new("name_folded").string_len(200).not_null())
            .col(ColumnDef::new("kind").string_len(32).not_null())
            .col(ColumnDef::new("parent_id").uuid().null())
            .col(ColumnDef::new("valid_from").date().not_null())
            .col(ColumnDef::new("valid_to").date().null())
            .col(ColumnDef::new("basis").string_len(500).null())
            .foreign_key(&mut fk("unit_version", "unit_id", "unit"))
            .foreign_key(&mut fk("unit_version", "parent_id", "unit"))
            .to_owned(),
        Table::create()
            .table("village_facts")
            .col(id("id"))
            .col(ColumnDef::new("unit_id").uuid().not_null())
            .col(ColumnDef::new("valid_from").date().not_null())
            .col(ColumnDef::new("valid_to").date().null())
            .col(ColumnDef::new("households").integer().null())
            .col(ColumnDef::new("population").integer().null())
            .col(ColumnDef::new("area_centi_ha").big_integer().null())
            .col(ColumnDef::new("border").boolean().not_null())
            .col(ColumnDef::new("mountainous").boolean().not_null())
            .col(ColumnDef::new("ethnic_minority").boolean().not_null())
            .col(ColumnDef::new("especially_difficult").boolean().not_null())
            .col(ColumnDef::new("key_security").boolean().not_null())
            .col(ColumnDef::new("source").string_len(500).null())
            .foreign_key(&mut fk("village_facts", "unit_id", "unit"))
            .to_owned(),
        Table::create()
            .table("succession_event")
            .col(id("id"))
            .col(ColumnDef::new("kind").string_len(16).not_null())
            .col(ColumnDef::new("effective_date").date().not_null())
            .col(ColumnDef::new("basis").string_len(500).not_null())
            .col(ColumnDef::new("note").string_len(2000).null())
            .to_owned(),
        Table::create()
            .table("succession_link")
            .col(id("id"))
            .col(ColumnDef::new("event_id").uuid().not_null())
            .col(ColumnDef::new("predecessor_id").uuid().not_null())
            .col(ColumnDef::new("successor_id").uuid().not_null())
            .foreign_key(&mut fk("succession_link", "event_id", "succession_event"))
            .foreign_key(&mut fk("succession_link", "predecessor_id", "unit"))
            .foreign_key(&mut fk("succession_link", "successor_id", "unit"))
            .to_owned(),
        // Every unit whose data roll up into `ancestor`, at any time: descendants through every
        // version's parent, and predecessors through succession, each with their own subtree.
        Table::create()
            .table("unit_reach")
            .col(ColumnDef::new("ancestor_id").uuid().not_null())
            .col(ColumnDef::new("descendant_id").uuid().not_null())
            .primary_key(Index::create().col("ancestor_id").col("descendant_id"))
            .foreign_key(
                &mut ForeignKey::create()
                    .from("unit_reach", "ancestor_id")
                    .to("unit", "id")
                    .to_owned(),
            )
            .foreign_key(
                &mut ForeignKey::create()
                    .from("unit_reach", "descendant_id")
                    .to("unit", "id")
                    .to_owned(),
            )
            .to_owned(),
        Table::create()
            .table("app_user")
            .col(id("id"))
            .col(
                ColumnDef::new("username")
                    .string_len(64)
                    .not_null()
                    .unique_key(),
            )
            .col(ColumnDef::new("display_name").string_len(200).not_null())
            .col(ColumnDef::new("password_hash").string_len(255).not_null())
            .col(ColumnDef::new("roles").string_len(500).not_null())
            .col(ColumnDef::new("all_units").boolean().not_null())
            .col(ColumnDef::new("active").boolean().not_null())
            .col(ColumnDef::new("failed_logins").integer().not_null())
            .col(
                ColumnDef::new("locked_until")
                    .timestamp_with_time_zone()
                    .null(),
            )
            .col(
                ColumnDef::new("created_at")
                    .timestamp_with_time_zone()
                    .not_null(),
            )
            .to_owned(),
        Table::create()
            .table("user_scope")
            .col(ColumnDef::new("user_id").uuid().not_null())
            .col(ColumnDef::new("unit_id").uuid().not_null())
            .primary_key(Index::create().col("user_id").col("unit_id"))
            .foreign_key(
                &mut ForeignKey::create()
                    .from("user_scope", "user_id")
                    .to("app_user", "id")
                    .to_owned(),
            )
            .foreign_key(
                &mut ForeignKey::create()
                    .from("user_scope", "unit_id")
                    .to("unit", "id")
                    .to_owned(),
            )
            .to_owned(),
        Table::create()
            .table("web_session")
            .col(
                ColumnDef::new("id_hash")
                    .string_len(64)
                    .not_null()
                    .primary_key(),
            )
            .col(ColumnDef::new("user_id").uuid().not_null())
            .col(ColumnDef::new("csrf_token").string_len(64).not_null())
            .col(
                ColumnDef::new("created_at")
                    .timestamp_with_time_zone()
                    .not_null(),
            )
            .col(
                ColumnDef::new("expires_at")
                    .timestamp_with_time_zone()
                    .not_null(),
            )
            .foreign_key(&mut fk("web_session", "user_id", "app_user"))
            .to_owned(),
        Table::create()
            .table("api_token")
            .col(id("id"))
            .col(ColumnDef::new("user_id").uuid().not_null())
            .col(ColumnDef::new("name").string_len(200).not_null())
            .col(
                ColumnDef::new("token_hash")
                    .string_len(64)
                    .not_null()
                    .unique_key(),
            )
            .col(
                ColumnDef::new("created_at")
                    .timestamp_with_time_zone()
                    .not_null(),
            )
            .col(
                ColumnDef::new("revoked_at")
                    .timestamp_with_time_zone()
                    .null(),
            )
            .foreign_key(&mut fk("api_token", "user_id", "app_user"))
            .to_owned(),
        Table::create()
            .table("audit_log")
            .col(ColumnDef::new("seq").big_integer().not_null().primary_key())
            .col(ColumnDef::new("id").uuid().not_null().unique_key())
            .col(ColumnDef::new("at").timestamp_with_time_zone().not_null())
            .col(ColumnDef::new("actor_id").uuid().null())
            .col(ColumnDef::new("actor_label").string_len(200).not_null())
            .col(ColumnDef::new("action").string_len(64).not_null())
            .col(ColumnDef::new("entity").string_len(64).not_null())
            .col(ColumnDef::new("entity_id").string_len(64).not_null())
            .col(ColumnDef::new("unit_id").uuid().null())
            .col(ColumnDef::new("before_json").text().null())
            .col(ColumnDef::new("after_json").text().null())
            .col(ColumnDef::new("prev_hash").string_len(64).not_null())
            .col(ColumnDef::new("hash").string_len(64).not_null())
            .to_owned(),
    ];
    let mut stmts = build(backend, tables);
    let indexes = [
        Index::create()
            .name("ix_unit_version_unit")
            .table("unit_version")
            .col("unit_id")
            .to_owned(),
        Index::create()
            .name("ix_unit_version_parent")
            .table("unit_version")
            .col("parent_id")
            .to_owned(),
        Index::create()
            .name("ix_village_facts_unit")
            .table("village_facts")
            .col("unit_id")
            .to_owned(),
        Index::create()
            .name("ix_succession_link_pred")
            .table("succession_link")
            .col("predecessor_id")
            .to_owned(),
        Index::create()
            .name("ix_succession_link_succ")
            .table("succession_link")
            .col("successor_id")
            .to_owned(),
        Index::create()
            .name("ix_unit_reach_desc")
            .table("unit_reach")
            .col("descendant_id")
            .to_owned(),
        Index::create()
            .name("ix_audit_unit")
            .table("audit_log")
            .col("unit_id")
            .to_owned(),
        Index::create()
            .name("ix_api_token_user")
            .table("api_token")
            .col("user_id")
            .to_owned(),
        Index::create()
            .name("ix_web_session_user")
            .table("web_session")
            .col("user_id")
            .to_owned(),
    ];
    stmts.extend(indexes.iter().map(|i| backend.build(i)));
    stmts.extend(append_only_audit(backend));
    stmts
}

fn m0002_policy_packs(backend: DatabaseBackend) -> Vec<Statement> {
    let table = Table::create()
        .table("policy_pack_version")
        .col(id("id"))
        .col(ColumnDef::new("pack_id").string_len(100).not_null())
        .col(ColumnDef::new("version").integer().not_null())
        .col(ColumnDef::new("body").text().not_null())
        .col(ColumnDef::new("sha256").string_len(64).not_null())
        .col(ColumnDef::new("uploaded_by").string_len(200).not_null())
        .col(
            ColumnDef::new("uploaded_at")
                .timestamp_with_time_zone()
                .not_null(),
        )
        .to_owned();
    let unique = Index::create()
        .name("ux_policy_pack_version")
        .table("policy_pack_version")
        .col("pack_id")
        .col("version")
        .unique()
        .to_owned();
    vec![backend.build(&table), backend.build(&unique)]
}

fn m0003_force(backend: DatabaseBackend) -> Vec<Statement> {
    let tables = vec![
        Table::create()
            .table("decision")
            .col(id("id"))
            .col(ColumnDef::new("commune_id").uuid().not_null())
            .col(ColumnDef::new("number").string_len(64).not_null())
            .col(ColumnDef::new("signed_on").date().not_null())
            .col(ColumnDef::new("signer").string_len(200).not_null())
            .col(ColumnDef::new("kind").string_len(32).not_null())
            .col(ColumnDef::new("subject").string_len(1000).not_null())
            .col(
                ColumnDef::new("created_at")
                    .timestamp_with_time_zone()
                    .not_null(),
            )
            .foreign_key(&mut fk("decision", "commune_id", "unit"))
            .to_owned(),
        Table::create()
            .table("team")
            .col(id("id"))
            .col(ColumnDef::new("commune_id").uuid().not_null())
            .col(ColumnDef::new("name").string_len(200).not_null())
            .col(ColumnDef::new("workplace").string_len(500).null())
            .col(ColumnDef::new("established_on").date().not_null())
            .col(ColumnDef::new("decision_id").uuid().null())
            .col(ColumnDef::new("dissolved_on").date().null())
            .foreign_key(&mut fk("team", "commune_id", "unit"))
            .foreign_key(&mut fk("team", "decision_id", "decision"))
            .to_owned(),
        Table::create()
            .table("team_village")
            .col(ColumnDef::new("team_id").uuid().not_null())
            .col(ColumnDef::new("village_id").uuid().not_null())
            .primary_key(Index::create().col("team_id").col("village_id"))
            .foreign_key(&mut fk("team_village", "team_id", "team"))
            .foreign_key(&mut fk("team_village", "village_id", "unit"))
            .to_owned(),
        Table::create()
            .table("person")
            .col(id("id"))
            .col(ColumnDef::new("commune_id").uuid().not_null())
            .col(
                ColumnDef::new("cccd")
                    .string_len(12)
                    .not_null()
                    .unique_key(),
            )
            .col(ColumnDef::new("full_name").string_len(200).not_null())
            .col(ColumnDef::new("name_folded").string_len(200).not_null())
            .col(ColumnDef::new("birth_date").date().not_null())
            .col(ColumnDef::new("sex").string_len(8).not_null())
            .col(ColumnDef::new("ethnicity").string_len(32).not_null())
            .col(ColumnDef::new("residence").string_len(500).not_null())
            .col(ColumnDef::new("residence_since").date().null())
            .col(ColumnDef::new("education").string_len(32).not_null())
            .col(ColumnDef::new("health_certificate_on").date().null())
            .col(ColumnDef::new("phone").string_len(20).null())
            .col(ColumnDef::new("prior_service").string_len(200).not_null())
            .col(ColumnDef::new("household").string_len(16).not_null())
            .col(ColumnDef::new("covered_bhxh").boolean().not_null())
            .col(ColumnDef::new("covered_bhyt").boolean().not_null())
            .col(
                ColumnDef::new("created_at")
                    .timestamp_with_time_zone()
                    .not_null(),
            )
            .foreign_key(&mut fk("person", "commune_id", "unit"))
            .to_owned(),
        Table::create()
            .table("membership")
            .col(id("id"))
            .col(ColumnDef::new("person_id").uuid().not_null())
            .col(ColumnDef::new("team_id").uuid().not_null())
            .col(ColumnDef::new("role").string_len(16).not_null())
            .col(ColumnDef::new("origin").string_len(32).not_null())
            .col(ColumnDef::new("start_date").date().not_null())
            .col(ColumnDef::new("end_date").date().null())
            .col(ColumnDef::new("start_decision_id").uuid().null())
            .col(ColumnDef::new("end_reason").string_len(16).null())
            .col(ColumnDef::new("end_decision_id").uuid().null())
            .col(ColumnDef::new("over70_decision_id").uuid().null())
            .foreign_key(&mut fk("membership", "person_id", "person"))
            .foreign_key(&mut fk("membership", "team_id", "team"))
            .foreign_key(&mut fk("membership", "start_decision_id", "decision"))
            .foreign_key(&mut fk("membership", "end_decision_id", "decision"))
            .foreign_key(&mut fk("membership", "over70_decision_id", "decision"))
            .to_owned(),
        Table::create()
            .table("membership_evidence")
            .col(id("id"))
            .col(ColumnDef::new("membership_id").uuid().not_null())
            .col(ColumnDef::new("kind").string_len(32).not_null())
            .col(ColumnDef::new("on_date").date().not_null())
            .col(ColumnDef::new("note").string_len(1000).null())
            .foreign_key(&mut fk(
                "membership_evidence",
                "membership_id",
                "membership",
            ))
            .to_owned(),
    ];
    let mut stmts = build(backend, tables);
    let indexes = [
        Index::create()
            .name("ux_decision_number")
            .table("decision")
            .col("commune_id")
            .col("number")
            .unique()
            .to_owned(),
        Index::create()
            .name("ix_team_commune")
            .table("team")
            .col("commune_id")
            .to_owned(),
        Index::create()
            .name("ix_person_commune")
            .table("person")
            .col("commune_id")
            .to_owned(),
        Index::create()
            .name("ix_membership_team")
            .table("membership")
            .col("team_id")
            .to_owned(),
        Index::create()
            .name("ix_membership_person")
            .table("membership")
            .col("person_id")
            .to_owned(),
    ];
    stmts.extend(indexes.iter().map(|i| backend.build(i)));
    stmts
}

fn m0004_holidays(backend: DatabaseBackend) -> Vec<Statement> {
    let table = Table::create()
        .table("holiday_year")
        .col(ColumnDef::new("year").integer().not_null().primary_key())
        .col(ColumnDef::new("body").text().not_null())
        .col(ColumnDef::new("source").string_len(1000).not_null())
        .col(ColumnDef::new("updated_by").string_len(200).not_null())
        .col(
            ColumnDef::new("updated_at")
                .timestamp_with_time_zone()
                .not_null(),
        )
        .to_owned();
    vec![backend.build(&table)]
}

fn m0005_selection(backend: DatabaseBackend) -> Vec<Statement> {
    let tables = vec![
        Table::create()
            .table("selection_round")
            .col(id("id"))
            .col(ColumnDef::new("commune_id").uuid().not_null())
            .col(ColumnDef::new("team_id").uuid().null())
            .col(ColumnDef::new("title").string_len(300).not_null())
            .col(ColumnDef::new("villages").text().not_null())
            .col(ColumnDef::new("quota").integer().not_null())
            .col(ColumnDef::new("documents").string_len(1000).not_null())
            .col(ColumnDef::new("place").string_len(500).not_null())
            .col(ColumnDef::new("application_deadline").date().not_null())
            .col(ColumnDef::new("meeting_on").date().not_null())
            .col(ColumnDef::new("vote_method").string_len(16).null())
            .col(ColumnDef::new("pass_share_ppm").big_integer().null())
            .col(ColumnDef::new("tie_decision_id").uuid().null())
            .col(ColumnDef::new("new_team_name").string_len(200).null())
            .col(
                ColumnDef::new("created_at")
                    .timestamp_with_time_zone()
                    .not_null(),
            )
            .foreign_key(&mut fk("selection_round", "commune_id", "unit"))
            .foreign_key(&mut fk("selection_round", "team_id", "team"))
            .foreign_key(&mut fk("selection_round", "tie_decision_id", "decision"))
            .to_owned(),
        Table::create()
            .table("selection_step")
            .col(ColumnDef::new("round_id").uuid().not_null())
            .col(ColumnDef::new("step").string_len(32).not_null())
            .col(ColumnDef::new("on_date").date().not_null())
            .col(ColumnDef::new("decision_id").uuid().null())
            .col(ColumnDef::new("note").string_len(1000).null())
            .primary_key(Index::create().col("round_id").col("step"))
            .foreign_key(&mut fk("selection_step", "round_id", "selection_round"))
            .foreign_key(&mut fk("selection_step", "decision_id", "decision"))
            .to_owned(),
        Table::create()
            .table("selection_council_member")
            .col(id("id"))
            .col(ColumnDef::new("round_id").uuid().not_null())
            .col(ColumnDef::new("position").integer().not_null())
            .col(ColumnDef::new("full_name").string_len(200).not_null())
            .col(ColumnDef::new("role").string_len(16).not_null())
            .col(ColumnDef::new("organisation").string_len(300).not_null())
            .col(ColumnDef::new("present").boolean().not_null())
            .foreign_key(&mut fk(
                "selection_council_member",
                "round_id",
                "selection_round",
            ))
            .to_owned(),
        Table::create()
            .table("selection_application")
            .col(id("id"))
            .col(ColumnDef::new("round_id").uuid().not_null())
            .col(ColumnDef::new("person_id").uuid().not_null())
            .col(ColumnDef::new("village_id").uuid().null())
            .col(ColumnDef::new("submitted_on").date().not_null())
            .col(ColumnDef::new("received_by").string_len(200).not_null())
            .col(ColumnDef::new("has_form01").boolean().not_null())
            .col(ColumnDef::new("has_cv").boolean().not_null())
            .col(
                ColumnDef::new("has_health_certificate")
                    .boolean()
                    .not_null(),
            )
            .col(ColumnDef::new("has_diploma").boolean().not_null())
            .col(ColumnDef::new("legal_status").string_len(32).not_null())
            .col(ColumnDef::new("eligible").boolean().not_null())
            .col(ColumnDef::new("eligibility").text().not_null())
            .col(ColumnDef::new("votes_yes").integer().null())
            .col(ColumnDef::new("tie_chosen").boolean().not_null())
            .col(ColumnDef::new("proposed_role").string_len(16).null())
            .col(ColumnDef::new("membership_id").uuid().null())
            .foreign_key(&mut fk(
                "selection_application",
                "round_id",
                "selection_round",
            ))
            .foreign_key(&mut fk("selection_application", "person_id", "person"))
            .foreign_key(&mut fk(
                "selection_application",
                "membership_id",
                "membership",
            ))
            .to_owned(),
    ];
    let mut stmts = build(backend, tables);
    let indexes = [
        Index::create()
            .name("ix_selection_round_commune")
            .table("selection_round")
            .col("commune_id")
            .to_owned(),
        Index::create()
            .name("ux_selection_application_person")
            .table("selection_application")
            .col("round_id")
            .col("person_id")
            .unique()
            .to_owned(),
    ];
    stmts.extend(indexes.iter().map(|i| backend.build(i)));
    stmts
}

fn m0006_officials(backend: DatabaseBackend) -> Vec<Statement> {
    let table = Table::create()
        .table("unit_official")
        .col(id("id"))
        .col(ColumnDef::new("unit_id").uuid().not_null())
        .col(ColumnDef::new("office").string_len(32).not_null())
        .col(ColumnDef::new("full_name").string_len(100).not_null())
        .col(ColumnDef::new("valid_from").date().not_null())
        .col(ColumnDef::new("valid_to").date().null())
        .col(
            ColumnDef::new("created_at")
                .timestamp_with_time_zone()
                .not_null(),
        )
        .foreign_key(&mut fk("unit_official", "unit_id", "unit"))
        .to_owned();
    let index = Index::create()
        .name("ux_unit_official_term")
        .table("unit_official")
        .col("unit_id")
        .col("office")
        .col("valid_from")
        .unique()
        .to_owned();
    vec![backend.build(&table), backend.build(&index)]
}

/// The audit log refuses UPDATE and DELETE in the database itself, not only in the code.
fn append_only_audit(backend: DatabaseBackend) -> Vec<Statement> {
    let sql: &[&str] = match backend {
        DatabaseBackend::Postgres => &[
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log \
             FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
        ],
        _ => &[
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
            "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
        ],
    };
    sql.iter()
        .map(|s| Statement::from_string(backend, *s))
        .collect()
}

/// The seals of the audit chain: after each write, the HMAC (with a key kept outside the
/// database) of the newest row's hash, so rows cannot be rewritten or appended by someone who
/// can write to the database but does not hold the key. Append-only like the log itself.
fn m0007_audit_seal(backend: DatabaseBackend) -> Vec<Statement> {
    let table = Table::create()
        .table("audit_seal")
        .col(ColumnDef::new("seq").big_integer().not_null().primary_key())
        .col(ColumnDef::new("hash").string().not_null())
        .col(ColumnDef::new("mac").string().not_null())
        .col(
            ColumnDef::new("sealed_at")
                .timestamp_with_time_zone()
                .not_null(),
        )
        .to_owned();
    let mut out = vec![backend.build(&table)];
    out.extend(
        append_only_triggers(backend, "audit_seal")
            .into_iter()
            .map(|(_, sql)| Statement::from_string(backend, sql)),
    );
    out
}

/// The triggers that make `table` append-only, by name: SQLite has one per statement kind,
/// PostgreSQL one trigger (and its function) for both.
pub(crate) fn append_only_triggers(backend: DatabaseBackend, table: &str) -> Vec<(String, String)> {
    match backend {
        DatabaseBackend::Postgres => vec![
            (
                format!("{table}_append_only"),
                format!(
                    "CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN RAISE EXCEPTION '{table} is append-only'; END $$"
                ),
            ),
            (
                format!("{table}_no_update"),
                format!(
                    "CREATE TRIGGER {table}_no_update BEFORE UPDATE OR DELETE ON {table} \
                     FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
                ),
            ),
        ],
        _ => vec![
            (
                format!("{table}_no_update"),
                format!(
                    "CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} \
                     BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                ),
            ),
            (
                format!("{table}_no_delete"),
                format!(
                    "CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} \
                     BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                ),
            ),
        ],
    }
}

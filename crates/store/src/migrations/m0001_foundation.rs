//! Migration 1: foundation. Released: never edited; a change is a new number.

use sea_orm::sea_query::{ColumnDef, ForeignKey, Index, Table};
use sea_orm::{DatabaseBackend, Statement};

use super::{append_only_audit, build, fk, id};

pub(super) fn m0001_foundation(backend: DatabaseBackend) -> Vec<Statement> {
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

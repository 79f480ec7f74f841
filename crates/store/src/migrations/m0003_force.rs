//! Migration 3: force. Released: never edited; a change is a new number.

use sea_orm::sea_query::{ColumnDef, Index, Table};
use sea_orm::{DatabaseBackend, Statement};

use super::{build, fk, id};

pub(super) fn m0003_force(backend: DatabaseBackend) -> Vec<Statement> {
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

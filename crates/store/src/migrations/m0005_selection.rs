//! Migration 5: selection. Released: never edited; a change is a new number.

use sea_orm::sea_query::{ColumnDef, Index, Table};
use sea_orm::{DatabaseBackend, Statement};

use super::{build, fk, id};

pub(super) fn m0005_selection(backend: DatabaseBackend) -> Vec<Statement> {
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

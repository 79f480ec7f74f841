//! Migration 6: officials. Released: never edited; a change is a new number.

use sea_orm::sea_query::{ColumnDef, Index, Table};
use sea_orm::{DatabaseBackend, Statement};

use super::{fk, id};

pub(super) fn m0006_officials(backend: DatabaseBackend) -> Vec<Statement> {
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

//! Migration 4: holidays. Released: never edited; a change is a new number.

use sea_orm::sea_query::{ColumnDef, Table};
use sea_orm::{DatabaseBackend, Statement};

pub(super) fn m0004_holidays(backend: DatabaseBackend) -> Vec<Statement> {
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

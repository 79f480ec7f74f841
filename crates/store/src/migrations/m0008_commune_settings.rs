//! Migration 8: what a commune sets for itself where its province's pack is silent (how long a
//! health certificate is valid). Released: never edited; a change is a new number.

use sea_orm::sea_query::{ColumnDef, Table};
use sea_orm::{DatabaseBackend, Statement};

use super::fk;

pub(super) fn m0008_commune_settings(backend: DatabaseBackend) -> Vec<Statement> {
    let table = Table::create()
        .table("commune_setting")
        .col(ColumnDef::new("unit_id").uuid().not_null().primary_key())
        .col(
            ColumnDef::new("health_certificate_valid_months")
                .integer()
                .null(),
        )
        .col(
            ColumnDef::new("updated_at")
                .timestamp_with_time_zone()
                .not_null(),
        )
        .foreign_key(&mut fk("commune_setting", "unit_id", "unit"))
        .to_owned();
    vec![backend.build(&table)]
}

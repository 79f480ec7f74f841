//! Migration 2: policy packs. Released: never edited; a change is a new number.

use sea_orm::sea_query::{ColumnDef, Index, Table};
use sea_orm::{DatabaseBackend, Statement};

use super::id;

pub(super) fn m0002_policy_packs(backend: DatabaseBackend) -> Vec<Statement> {
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

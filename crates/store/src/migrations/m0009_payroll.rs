//! Migration 9: the duty log (shifts and who was there) and the monthly payrolls (the body kept
//! as approved, with who checked, approved and paid it). Released: never edited; a change is a
//! new number.

use sea_orm::sea_query::{ColumnDef, Index, Table};
use sea_orm::{DatabaseBackend, Statement};

use super::{fk, id};

pub(super) fn m0009_payroll(backend: DatabaseBackend) -> Vec<Statement> {
    let ts = |name: &'static str| {
        ColumnDef::new(name)
            .timestamp_with_time_zone()
            .not_null()
            .to_owned()
    };
    let shift = Table::create()
        .table("duty_shift")
        .col(id("id"))
        .col(ColumnDef::new("commune_id").uuid().not_null())
        .col(ColumnDef::new("team_id").uuid().not_null())
        .col(ColumnDef::new("on_date").date().not_null())
        .col(ColumnDef::new("start_minute").integer().not_null())
        .col(ColumnDef::new("end_minute").integer().not_null())
        .col(ColumnDef::new("kind").string_len(32).not_null())
        .col(ColumnDef::new("hazardous").boolean().not_null())
        .col(ColumnDef::new("mobilised_by").string_len(200).null())
        .col(ColumnDef::new("note").string_len(500).null())
        .col(ts("created_at"))
        .foreign_key(&mut fk("duty_shift", "commune_id", "unit"))
        .foreign_key(&mut fk("duty_shift", "team_id", "team"))
        .to_owned();
    let shift_index = Index::create()
        .name("ix_duty_shift_commune_date")
        .table("duty_shift")
        .col("commune_id")
        .col("on_date")
        .to_owned();
    let presence = Table::create()
        .table("duty_presence")
        .col(ColumnDef::new("shift_id").uuid().not_null())
        .col(ColumnDef::new("person_id").uuid().not_null())
        .primary_key(Index::create().col("shift_id").col("person_id"))
        .foreign_key(&mut fk("duty_presence", "shift_id", "duty_shift"))
        .foreign_key(&mut fk("duty_presence", "person_id", "person"))
        .to_owned();
    let payroll = Table::create()
        .table("payroll")
        .col(id("id"))
        .col(ColumnDef::new("commune_id").uuid().not_null())
        .col(ColumnDef::new("month").string_len(7).not_null())
        .col(ColumnDef::new("state").string_len(16).not_null())
        .col(ColumnDef::new("body").text().not_null())
        .col(ColumnDef::new("total").big_integer().not_null())
        .col(ColumnDef::new("checked_by").string_len(200).null())
        .col(
            ColumnDef::new("checked_at")
                .timestamp_with_time_zone()
                .null(),
        )
        .col(ColumnDef::new("approved_by").string_len(200).null())
        .col(
            ColumnDef::new("approved_at")
                .timestamp_with_time_zone()
                .null(),
        )
        .col(ColumnDef::new("paid_on").date().null())
        .col(ColumnDef::new("voucher").string_len(100).null())
        .col(ts("updated_at"))
        .foreign_key(&mut fk("payroll", "commune_id", "unit"))
        .to_owned();
    let payroll_index = Index::create()
        .name("ux_payroll_commune_month")
        .table("payroll")
        .col("commune_id")
        .col("month")
        .unique()
        .to_owned();
    vec![
        backend.build(&shift),
        backend.build(&shift_index),
        backend.build(&presence),
        backend.build(&payroll),
        backend.build(&payroll_index),
    ]
}

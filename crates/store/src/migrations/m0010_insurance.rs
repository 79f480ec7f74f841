//! Migration 10: members' insurance enrolment (BHXH TN and BHYT as the commune keeps them) and
//! bank accounts; a commune's quarterly insurance transfers (advance, settlement, the social
//! insurance office's confirmation); a commune's payment details and its banks' file layouts.
//! Released: never edited; a change is a new number.

use sea_orm::sea_query::{ColumnDef, Index, Table};
use sea_orm::{DatabaseBackend, Statement};

use super::{fk, id};

pub(super) fn m0010_insurance(backend: DatabaseBackend) -> Vec<Statement> {
    let ts = |name: &'static str| {
        ColumnDef::new(name)
            .timestamp_with_time_zone()
            .not_null()
            .to_owned()
    };
    let null_ts = |name: &'static str| {
        ColumnDef::new(name)
            .timestamp_with_time_zone()
            .null()
            .to_owned()
    };
    let s = |name: &'static str, len: u32| ColumnDef::new(name).string_len(len).null().to_owned();
    let enrolment = Table::create()
        .table("insurance_enrolment")
        .col(ColumnDef::new("person_id").uuid().not_null().primary_key())
        .col(s("bhxh_code", 10))
        .col(s("bhxh_from", 7))
        .col(ColumnDef::new("payment_mode").string_len(16).not_null())
        .col(ColumnDef::new("state_months_before").integer().not_null())
        .col(s("bhyt_card", 15))
        .col(ts("updated_at"))
        .foreign_key(&mut fk("insurance_enrolment", "person_id", "person"))
        .to_owned();
    let bank = Table::create()
        .table("bank_account")
        .col(ColumnDef::new("person_id").uuid().not_null().primary_key())
        .col(ColumnDef::new("account_no").string_len(30).not_null())
        .col(ColumnDef::new("bank").string_len(100).not_null())
        .col(s("branch", 100))
        .col(ts("updated_at"))
        .foreign_key(&mut fk("bank_account", "person_id", "person"))
        .to_owned();
    let quarter = Table::create()
        .table("insurance_quarter")
        .col(id("id"))
        .col(ColumnDef::new("commune_id").uuid().not_null())
        .col(ColumnDef::new("quarter").string_len(7).not_null())
        .col(ColumnDef::new("advance_total").big_integer().not_null())
        .col(ColumnDef::new("advance_body").text().not_null())
        .col(ColumnDef::new("advance_on").date().not_null())
        .col(ColumnDef::new("advance_voucher").string_len(100).not_null())
        .col(s("account", 100))
        .col(ColumnDef::new("advance_by").string_len(200).not_null())
        .col(ColumnDef::new("actual_total").big_integer().null())
        .col(ColumnDef::new("actual_body").text().null())
        .col(ColumnDef::new("settled_on").date().null())
        .col(s("settle_voucher", 100))
        .col(s("settled_by", 200))
        .col(s("confirmed_by", 200))
        .col(null_ts("confirmed_at"))
        .col(ts("updated_at"))
        .foreign_key(&mut fk("insurance_quarter", "commune_id", "unit"))
        .to_owned();
    let quarter_index = Index::create()
        .name("ux_insurance_quarter_commune_quarter")
        .table("insurance_quarter")
        .col("commune_id")
        .col("quarter")
        .unique()
        .to_owned();
    let payment = Table::create()
        .table("commune_payment")
        .col(ColumnDef::new("unit_id").uuid().not_null().primary_key())
        .col(s("budget_unit_code", 7))
        .col(s("treasury_account", 30))
        .col(s("treasury", 200))
        .col(s("insurance_account", 30))
        .col(s("insurance_bank", 200))
        .col(ts("updated_at"))
        .foreign_key(&mut fk("commune_payment", "unit_id", "unit"))
        .to_owned();
    let layout = Table::create()
        .table("bank_layout")
        .col(id("id"))
        .col(ColumnDef::new("commune_id").uuid().not_null())
        .col(ColumnDef::new("bank").string_len(100).not_null())
        .col(ColumnDef::new("columns").text().not_null())
        .col(ColumnDef::new("delimiter").string_len(1).not_null())
        .col(ColumnDef::new("header").boolean().not_null())
        .col(ts("updated_at"))
        .foreign_key(&mut fk("bank_layout", "commune_id", "unit"))
        .to_owned();
    let layout_index = Index::create()
        .name("ux_bank_layout_commune_bank")
        .table("bank_layout")
        .col("commune_id")
        .col("bank")
        .unique()
        .to_owned();
    vec![
        backend.build(&enrolment),
        backend.build(&bank),
        backend.build(&quarter),
        backend.build(&quarter_index),
        backend.build(&payment),
        backend.build(&layout),
        backend.build(&layout_index),
    ]
}

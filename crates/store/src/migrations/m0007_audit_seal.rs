//! Migration 7: audit seal. Released: never edited; a change is a new number.

use sea_orm::sea_query::{ColumnDef, Table};
use sea_orm::{DatabaseBackend, Statement};

use super::append_only_triggers;

/// The seals of the audit chain: after each write, the HMAC (with a key kept outside the
/// database) of the newest row's hash, so rows cannot be rewritten or appended by someone who
/// can write to the database but does not hold the key. Append-only like the log itself.
pub(super) fn m0007_audit_seal(backend: DatabaseBackend) -> Vec<Statement> {
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

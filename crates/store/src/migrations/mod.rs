//! Numbered migrations, written once with the schema builder so SQLite and PostgreSQL get the same
//! tables. Each runs in its own transaction; none goes down. A released migration is never edited:
//! a change is a new number.

use sea_orm::sea_query::{ColumnDef, ForeignKey, Table, TableCreateStatement};
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Statement, TransactionTrait};

mod m0001_foundation;
mod m0002_policy_packs;
mod m0003_force;
mod m0004_holidays;
mod m0005_selection;
mod m0006_officials;
mod m0007_audit_seal;
mod m0008_commune_settings;
mod m0009_payroll;
mod m0010_insurance;

type Migration = fn(DatabaseBackend) -> Vec<Statement>;

/// The migrations in order; the position (from 1) is the version.
const MIGRATIONS: &[(&str, Migration)] = &[
    (
        "units, users, sessions, audit log",
        m0001_foundation::m0001_foundation,
    ),
    (
        "policy pack versions",
        m0002_policy_packs::m0002_policy_packs,
    ),
    (
        "teams, people, memberships, decisions",
        m0003_force::m0003_force,
    ),
    (
        "announced schedules of days off",
        m0004_holidays::m0004_holidays,
    ),
    ("selection rounds", m0005_selection::m0005_selection),
    (
        "holders of a commune's signing offices",
        m0006_officials::m0006_officials,
    ),
    (
        "seals of the audit chain",
        m0007_audit_seal::m0007_audit_seal,
    ),
    (
        "a commune's own settings",
        m0008_commune_settings::m0008_commune_settings,
    ),
    (
        "duty log and monthly payrolls",
        m0009_payroll::m0009_payroll,
    ),
    (
        "insurance enrolment and quarters, bank accounts and layouts",
        m0010_insurance::m0010_insurance,
    ),
];

/// Applies every migration not yet applied. Safe to call on every start.
pub async fn migrate(db: &sea_orm::DatabaseConnection) -> Result<u32, DbErr> {
    migrate_to(db, MIGRATIONS.len()).await
}

/// Applies the migrations up to `version` (a database as an earlier release left it, for the
/// upgrade test).
pub async fn migrate_to(db: &sea_orm::DatabaseConnection, version: usize) -> Result<u32, DbErr> {
    let backend = db.get_database_backend();
    db.execute(
        Table::create()
            .table("schema_migration")
            .if_not_exists()
            .col(ColumnDef::new("version").integer().not_null().primary_key())
            .col(ColumnDef::new("name").string().not_null())
            .col(
                ColumnDef::new("applied_at")
                    .timestamp_with_time_zone()
                    .not_null(),
            ),
    )
    .await?;
    let applied = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT MAX(version) AS v FROM schema_migration",
        ))
        .await?
        .and_then(|row| row.try_get::<Option<i32>>("", "v").ok().flatten())
        .unwrap_or(0);
    let mut ran = 0;
    for (i, (name, migration)) in MIGRATIONS.iter().enumerate().take(version) {
        let version = i32::try_from(i + 1).unwrap_or(i32::MAX);
        if version <= applied {
            continue;
        }
        let txn = db.begin().await?;
        for stmt in migration(backend) {
            txn.execute_raw(stmt).await?;
        }
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            match backend {
                DatabaseBackend::Postgres => {
                    "INSERT INTO schema_migration (version, name, applied_at) VALUES ($1, $2, CURRENT_TIMESTAMP)"
                }
                _ => "INSERT INTO schema_migration (version, name, applied_at) VALUES (?, ?, CURRENT_TIMESTAMP)",
            },
            [version.into(), (*name).into()],
        ))
        .await?;
        txn.commit().await?;
        ran += 1;
    }
    Ok(ran)
}

/// The latest version this build knows.
pub fn latest_version() -> usize {
    MIGRATIONS.len()
}

fn build(backend: DatabaseBackend, tables: Vec<TableCreateStatement>) -> Vec<Statement> {
    tables.iter().map(|t| backend.build(t)).collect()
}

fn id(name: &'static str) -> ColumnDef {
    ColumnDef::new(name)
        .uuid()
        .not_null()
        .primary_key()
        .to_owned()
}

fn fk(
    from_table: &'static str,
    col: &'static str,
    to_table: &'static str,
) -> sea_orm::sea_query::ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, col)
        .to(to_table, "id")
        .to_owned()
}

/// The audit log refuses UPDATE and DELETE in the database itself, not only in the code.
fn append_only_audit(backend: DatabaseBackend) -> Vec<Statement> {
    let sql: &[&str] = match backend {
        DatabaseBackend::Postgres => &[
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log \
             FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
        ],
        _ => &[
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
            "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
        ],
    };
    sql.iter()
        .map(|s| Statement::from_string(backend, *s))
        .collect()
}

/// The triggers that make `table` append-only, by name: SQLite has one per statement kind,
/// PostgreSQL one trigger (and its function) for both.
pub(crate) fn append_only_triggers(backend: DatabaseBackend, table: &str) -> Vec<(String, String)> {
    match backend {
        DatabaseBackend::Postgres => vec![
            (
                format!("{table}_append_only"),
                format!(
                    "CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN RAISE EXCEPTION '{table} is append-only'; END $$"
                ),
            ),
            (
                format!("{table}_no_update"),
                format!(
                    "CREATE TRIGGER {table}_no_update BEFORE UPDATE OR DELETE ON {table} \
                     FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
                ),
            ),
        ],
        _ => vec![
            (
                format!("{table}_no_update"),
                format!(
                    "CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} \
                     BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                ),
            ),
            (
                format!("{table}_no_delete"),
                format!(
                    "CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} \
                     BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                ),
            ),
        ],
    }
}

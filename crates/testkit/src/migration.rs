//! A database as the previous release left it, for the upgrade test: made by the migrations up
//! to `latest - 1` (`migrations::migrate_to`), filled through the raw connection with rows of the
//! old shape, then opened by this build's code, which runs the remaining migrations.

use antt_store::entities::audit_log;
use antt_store::{AuditKey, Clock, DbUrl, Store};
use sea_orm::sea_query::Query;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

use crate::db::{log_backend, pg_database};
use crate::fixed_now;

/// One row as an older release wrote it: its table and its column values.
pub type Row = (&'static str, Vec<(&'static str, sea_orm::Value)>);

/// A database migrated to an older version, with the raw connection to write old-shape rows.
pub struct OldDb {
    pub backend: &'static str,
    pub url: DbUrl,
    /// The schema version it was migrated to.
    pub version: usize,
    /// How many migrations `migrate_to` ran (all of them up to `version`, on an empty database).
    pub applied: usize,
    raw: DatabaseConnection,
    _dir: Option<tempfile::TempDir>,
}

/// The version before this build's newest: what the previous release left.
pub fn previous_version() -> usize {
    antt_store::migrations::latest_version() - 1
}

/// Every backend this run tests (SQLite always, PostgreSQL when `ANTT_TEST_PG_URL` is set),
/// each a fresh database migrated to [`previous_version`], logged under `suite`.
pub async fn previous_release_dbs(suite: &str) -> Vec<OldDb> {
    dbs_at(suite, previous_version()).await
}

/// The same at any older `version`.
pub async fn dbs_at(suite: &str, version: usize) -> Vec<OldDb> {
    let mut urls = Vec::new();
    log_backend("sqlite", suite);
    let dir = tempfile::tempdir().unwrap();
    urls.push((
        "sqlite",
        DbUrl::sqlite_file(&dir.path().join("antt.db")),
        Some(dir),
    ));
    if let Ok(pg) = std::env::var("ANTT_TEST_PG_URL") {
        log_backend("postgres", suite);
        urls.push(("postgres", pg_database(&pg).await, None));
    }
    let mut out = Vec::new();
    for (backend, url, dir) in urls {
        let raw = Database::connect(url.expose()).await.unwrap();
        let applied = antt_store::migrations::migrate_to(&raw, version)
            .await
            .unwrap() as usize;
        out.push(OldDb {
            backend,
            url,
            version,
            applied,
            raw,
            _dir: dir,
        });
    }
    out
}

impl OldDb {
    /// The connection to the old schema, bypassing the store.
    pub fn raw(&self) -> &DatabaseConnection {
        &self.raw
    }

    /// Inserts rows as given, in order, through the raw connection.
    pub async fn insert_rows(&self, rows: Vec<Row>) {
        for (table, cols) in rows {
            let mut q = Query::insert();
            q.into_table(table)
                .columns(cols.iter().map(|(c, _)| *c))
                .values_panic(cols.into_iter().map(|(_, v)| v.into()));
            self.raw
                .execute(&q)
                .await
                .unwrap_or_else(|e| panic!("{}: insert into {table}: {e}", self.backend));
        }
    }

    /// Inserts an audit row exactly as given (its hash as computed by the caller).
    pub async fn insert_audit_row(&self, row: &audit_log::Model) {
        let mut q = Query::insert();
        q.into_table("audit_log")
            .columns([
                "seq",
                "id",
                "at",
                "actor_id",
                "actor_label",
                "action",
                "entity",
                "entity_id",
                "unit_id",
                "before_json",
                "after_json",
                "prev_hash",
                "hash",
            ])
            .values_panic([
                row.seq.into(),
                row.id.into(),
                row.at.into(),
                row.actor_id.into(),
                row.actor_label.clone().into(),
                row.action.clone().into(),
                row.entity.clone().into(),
                row.entity_id.clone().into(),
                row.unit_id.into(),
                row.before_json.clone().into(),
                row.after_json.clone().into(),
                row.prev_hash.clone().into(),
                row.hash.clone().into(),
            ]);
        self.raw.execute(&q).await.unwrap();
    }

    /// Closes the raw connection and opens the database with this build's code, sealed with a
    /// new key, as an installation does on its first start after the upgrade: the remaining
    /// migrations run then.
    pub async fn open_sealed(self) -> Upgraded {
        let OldDb {
            backend,
            url,
            raw,
            _dir,
            ..
        } = self;
        drop(raw);
        let key = AuditKey::random().unwrap();
        let store = Store::open_sealed(&url, Clock::fixed(fixed_now()), key, true)
            .await
            .unwrap_or_else(|e| panic!("{backend}: opening the old database: {e:?}"));
        Upgraded {
            store,
            backend,
            url,
            _dir,
        }
    }
}

/// The old database, opened by this build.
pub struct Upgraded {
    pub store: Store,
    pub backend: &'static str,
    pub url: DbUrl,
    _dir: Option<tempfile::TempDir>,
}

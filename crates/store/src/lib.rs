//! Persistence of ANTT Cơ sở on SQLite (embedded, the default) and PostgreSQL, under one code path.
//!
//! Every read of scoped data goes through [`Actor`]'s scope, which only this crate builds; every
//! write takes the acting [`Actor`], runs in one transaction (retried on a serialization failure)
//! and appends to the hash-chained audit log inside it.

/// One write use case's frame: with the grant already checked (`Actor::granted`), opens the
/// write transaction, runs the body with `$txn: &WriteTxn` and `$actor: &Actor`, and commits
/// (sealing the audit rows) when the body returns `Ok`; on an error nothing is written, and a
/// serialization failure runs it all again. A macro rather than a method taking an async closure:
/// the futures it makes must stay `Send` for the server, which async closures cannot yet prove.
macro_rules! write_txn {
    ($store:expr, $granted:expr, |$txn:ident, $actor:ident| $body:block) => {{
        let granted: $crate::actor::Granted<'_> = $granted;
        $store
            .retrying(|| async {
                let owned = $store.begin_write().await?;
                let done: Result<_, $crate::StoreError> = async {
                    let $txn: &$crate::WriteTxn = &owned;
                    let $actor: &$crate::Actor = granted.actor;
                    $body
                }
                .await;
                let value = done?;
                owned.commit().await?;
                Ok(value)
            })
            .await
    }};
}

mod actor;
pub mod audit;
pub mod audit_action;
mod audit_key;
pub mod audit_seal;
pub mod audit_sentence;
mod backend;
pub mod budget;
pub mod calendar;
mod clock;
pub mod entities;
mod error;
pub mod force;
pub mod import;
pub mod inbox;
pub mod insurance;
mod login_guard;
pub mod migrations;
pub mod national;
pub mod officials;
pub mod payroll;
pub mod policies;
pub mod security;
pub mod seed;
pub mod selection;
pub mod units;
pub mod users;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use sea_orm::{
    DatabaseConnection, DatabaseTransaction, DbBackend, IsolationLevel, TransactionTrait,
};
use tokio::sync::{Mutex, OwnedMutexGuard, Semaphore};

pub use actor::{Actor, Scope};
pub use audit_key::AuditKey;
pub use backend::{DbUrl, create_postgres_database};
pub use clock::Clock;
pub use error::StoreError;

/// The one handle to the database. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    clock: Clock,
    /// SQLite allows one writer at a time; writers queue here instead of failing with BUSY.
    write_lock: Option<Arc<Mutex<()>>>,
    /// Failed logins by address and by user name (in memory, counted under one lock).
    login_guard: Arc<login_guard::LoginGuard>,
    /// Password hashing runs on the blocking pool, a few at a time, so a burst of logins cannot
    /// take the async workers that serve every other request.
    hashing: Arc<Semaphore>,
    /// Seals the audit chain (HMAC); `None` leaves it unsealed (tests that do not need it).
    audit_key: Option<Arc<AuditKey>>,
    /// The parsed policy packs, with the count of uploaded versions they were parsed at.
    packs_cache: PacksCache,
    /// Demo installations let the demo packs fill the gaps of real ones (figures marked MINH HỌA).
    demo_packs: bool,
    /// A fixed set of packs in place of the shipped and uploaded ones: only the demo loader sets
    /// it, to replay months approved under an earlier release's national pack.
    packs_override: Option<Arc<policies::PackSet>>,
}

type PacksCache = Arc<std::sync::RwLock<Option<(u64, Arc<policies::PackSet>)>>>;

/// How many password hashes run at once (argon2id takes ~19 MiB and tens of ms each).
pub const HASHING_AT_ONCE: usize = 2;

/// A write transaction: for SQLite it also holds the process's write lock.
pub(crate) struct WriteTxn {
    pub(crate) txn: DatabaseTransaction,
    _guard: Option<OwnedMutexGuard<()>>,
    audit_key: Option<Arc<AuditKey>>,
    now: chrono::DateTime<chrono::Utc>,
}

impl Store {
    /// Connects and migrates, without sealing the audit chain (see [`Store::open_sealed`]).
    pub async fn open(url: &DbUrl, clock: Clock) -> Result<Store, StoreError> {
        Store::open_with(url, clock, None, true).await
    }

    /// Connects and migrates; every write transaction seals the audit chain with `key`, and the
    /// audit log's append-only triggers are put back if someone removed them. `new_key` says the
    /// key was just created: a database already sealed with another key is then refused, since
    /// its seals could never be checked again.
    pub async fn open_sealed(
        url: &DbUrl,
        clock: Clock,
        key: AuditKey,
        new_key: bool,
    ) -> Result<Store, StoreError> {
        // Checked before anything is written (and sealed) with the new key.
        let inspect = Store::open_with(url, clock.clone(), None, false).await?;
        if new_key && inspect.audit_sealed_before().await? {
            return Err(StoreError::Config(
                "tệp khóa niêm phong nhật ký bị mất: cơ sở dữ liệu này đã được niêm phong bằng một \
                 khóa khác. Khôi phục tệp khóa từ bản sao lưu (đường dẫn: audit_key)."
                    .to_string(),
            ));
        }
        drop(inspect);
        let store = Store::open_with(url, clock, Some(key), true).await?;
        store.seal_existing_tail().await?;
        Ok(store)
    }

    /// Connects for inspection (`antt audit verify`): migrates, but neither repairs triggers nor
    /// seals anything, so what verification reports is what it found.
    pub async fn open_to_inspect(
        url: &DbUrl,
        clock: Clock,
        key: Option<AuditKey>,
    ) -> Result<Store, StoreError> {
        Store::open_with(url, clock, key, false).await
    }

    async fn open_with(
        url: &DbUrl,
        clock: Clock,
        key: Option<AuditKey>,
        repair: bool,
    ) -> Result<Store, StoreError> {
        let db = backend::connect(url).await?;
        migrations::migrate(&db).await?;
        let write_lock =
            (db.get_database_backend() == DbBackend::Sqlite).then(|| Arc::new(Mutex::new(())));
        let store = Store {
            db,
            clock,
            write_lock,
            login_guard: Arc::new(login_guard::LoginGuard::default()),
            hashing: Arc::new(Semaphore::new(HASHING_AT_ONCE)),
            audit_key: key.map(Arc::new),
            packs_cache: PacksCache::default(),
            demo_packs: false,
            packs_override: None,
        };
        if repair {
            store.restore_audit_triggers().await?;
            store.seed_holidays().await?;
        }
        Ok(store)
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn backend_name(&self) -> &'static str {
        match self.db.get_database_backend() {
            DbBackend::Postgres => "postgres",
            DbBackend::Sqlite => "sqlite",
            _ => "other",
        }
    }

    /// Direct access for tests that must bypass the product's rules (to tamper with the audit
    /// log and check that verification notices). Only with the `testkit` feature, which only
    /// the test builds enable.
    #[cfg(feature = "testkit")]
    pub fn raw_connection(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Refuses with `Forbidden` unless the actor's roles grant `action`. The web layer calls it
    /// before resolving anything named in the request, so the answer never depends on whether
    /// the named entity exists; every store method checks again.
    pub fn authorize(
        &self,
        actor: &Actor,
        action: antt_domain::access::Action,
    ) -> Result<(), StoreError> {
        actor.require(action)
    }

    pub(crate) async fn begin_write(&self) -> Result<WriteTxn, StoreError> {
        let guard = match &self.write_lock {
            Some(lock) => Some(lock.clone().lock_owned().await),
            None => None,
        };
        // PostgreSQL (and the compatible distributed engines) run writes SERIALIZABLE, so two
        // writers that read the same audit tail cannot both commit; the loser gets SQLSTATE 40001
        // and `retrying` runs it again.
        let isolation = match self.db.get_database_backend() {
            DbBackend::Postgres => Some(IsolationLevel::Serializable),
            _ => None,
        };
        let txn = self.db.begin_with_config(isolation, None).await?;
        Ok(WriteTxn {
            txn,
            _guard: guard,
            audit_key: self.audit_key.clone(),
            now: self.clock.now(),
        })
    }

    /// Runs a whole write transaction again when the database reports a serialization failure
    /// or a lost race on the audit sequence.
    pub(crate) async fn retrying<T, F, Fut>(&self, mut op: F) -> Result<T, StoreError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, StoreError>>,
    {
        let mut attempt: u32 = 0;
        loop {
            match op().await {
                Err(e) if e.is_retryable() && attempt < 8 => {
                    attempt += 1;
                    tracing::debug!(attempt, "retrying write after serialization failure");
                    tokio::time::sleep(Duration::from_millis(5 * u64::from(attempt * attempt)))
                        .await;
                }
                other => return other,
            }
        }
    }
}

impl WriteTxn {
    /// Seals the audit rows this transaction appended (when the store has a key), then commits.
    pub(crate) async fn commit(self) -> Result<(), StoreError> {
        if let Some(key) = &self.audit_key {
            audit_seal::seal_tail(&self.txn, key, self.now).await?;
        }
        self.txn.commit().await?;
        Ok(())
    }

    /// Undoes everything (a dry run); dropping the transaction would too, but says less.
    pub(crate) async fn rollback(self) -> Result<(), StoreError> {
        self.txn.rollback().await?;
        Ok(())
    }
}

impl std::ops::Deref for WriteTxn {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}

/// A new entity key: UUIDv7, time-ordered so indexes stay compact.
pub(crate) fn new_id() -> uuid::Uuid {
    uuid::Uuid::now_v7()
}

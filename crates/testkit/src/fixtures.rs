//! Units and accounts built for one test, without the demo: a province, communes under it with
//! their villages, and accounts scoped to a commune with a known password. Everything is written
//! through the store's public use cases (`create_unit`, `create_user`) as the system job
//! `testkit`, so it is validated and audited like any entry.
//!
//! The codes are outside the reference data (province `90`), so a fixture can sit beside the
//! reference units or the demo too.

use antt_domain::access::Role;
use antt_domain::unit::{Level, UnitId, UnitKind};
use antt_store::units::{NewUnit, NewVersion};
use antt_store::users::NewUser;
use antt_store::{Actor, Store};
use chrono::NaiveDate;

use crate::d;

/// The password of every fixture account.
pub const FIXTURE_PASSWORD: &str = "mat-khau-thu-nghiem-1";

/// The province code of the default fixture (not a real province).
pub const PROVINCE_CODE: &str = "90";

/// The first day of every fixture unit: the two-level local government of 1/7/2025.
pub fn fixture_from() -> NaiveDate {
    d(2025, 7, 1)
}

/// The actor the fixtures write as (every right on every unit).
pub fn system() -> Actor {
    Actor::system("testkit")
}

/// A unit the fixture made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: UnitId,
    pub code: String,
    pub name: String,
}

/// A commune the fixture made, with its villages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commune {
    pub id: UnitId,
    pub code: String,
    pub name: String,
    pub villages: Vec<Unit>,
}

/// An account the fixture made, with its password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: uuid::Uuid,
    pub username: String,
    pub password: &'static str,
    pub roles: Vec<Role>,
}

impl Account {
    /// Logs in through the store, as the web's login does; the actor with the account's scope.
    pub async fn actor(&self, store: &Store) -> Actor {
        store
            .login(&self.username, self.password)
            .await
            .unwrap_or_else(|e| panic!("login {}: {e:?}", self.username))
            .0
    }
}

/// A province, one commune under it with two villages, and that commune's police officer.
#[derive(Debug, Clone)]
pub struct Fixture {
    pub province: Unit,
    pub commune: Commune,
    /// `ca.thu`, role `commune_police`, scoped to [`Fixture::commune`].
    pub police: Account,
}

impl Fixture {
    /// Province `90` (Tỉnh Thử nghiệm), commune `90001` (Xã Thử Một) with villages `90001-01`
    /// and `90001-02`, and the account `ca.thu` of the commune's police.
    pub async fn new(store: &Store) -> Fixture {
        let province = create(
            store,
            PROVINCE_CODE,
            Level::Province,
            "Tỉnh Thử nghiệm",
            UnitKind::Tinh,
            None,
        )
        .await;
        let commune = add_commune(store, province.id, "90001", "Xã Thử Một", 2).await;
        let police = add_account(
            store,
            "ca.thu",
            "Công an xã Thử Một",
            Role::CommunePolice,
            &[commune.id],
        )
        .await;
        Fixture {
            province,
            commune,
            police,
        }
    }

    /// Another commune of the fixture's province, with `villages` villages `{code}-01`, ….
    pub async fn add_commune(
        &self,
        store: &Store,
        code: &str,
        name: &str,
        villages: usize,
    ) -> Commune {
        add_commune(store, self.province.id, code, name, villages).await
    }

    /// Another account, with one role, scoped to `scope`, password [`FIXTURE_PASSWORD`].
    pub async fn add_account(
        &self,
        store: &Store,
        username: &str,
        role: Role,
        scope: &[UnitId],
    ) -> Account {
        add_account(store, username, username, role, scope).await
    }
}

/// A commune under `parent` with `villages` villages named `Thôn Thử {n}`.
pub async fn add_commune(
    store: &Store,
    parent: UnitId,
    code: &str,
    name: &str,
    villages: usize,
) -> Commune {
    let commune = create(
        store,
        code,
        Level::Commune,
        name,
        UnitKind::Xa,
        Some(parent),
    )
    .await;
    let mut made = Vec::new();
    for n in 1..=villages {
        made.push(
            create(
                store,
                &format!("{code}-{n:02}"),
                Level::Village,
                &format!("Thôn Thử {n}"),
                UnitKind::Thon,
                Some(commune.id),
            )
            .await,
        );
    }
    Commune {
        id: commune.id,
        code: commune.code,
        name: commune.name,
        villages: made,
    }
}

/// An account with one role scoped to `scope`, password [`FIXTURE_PASSWORD`].
pub async fn add_account(
    store: &Store,
    username: &str,
    display_name: &str,
    role: Role,
    scope: &[UnitId],
) -> Account {
    let id = store
        .create_user(
            &system(),
            &NewUser {
                username: username.to_string(),
                display_name: display_name.to_string(),
                password: FIXTURE_PASSWORD.to_string(),
                roles: vec![role],
                all_units: false,
                scope: scope.to_vec(),
            },
        )
        .await
        .unwrap_or_else(|e| panic!("fixture account {username}: {e:?}"));
    Account {
        id,
        username: username.to_string(),
        password: FIXTURE_PASSWORD,
        roles: vec![role],
    }
}

/// One unit with one open version from [`fixture_from`].
pub async fn create(
    store: &Store,
    code: &str,
    level: Level,
    name: &str,
    kind: UnitKind,
    parent: Option<UnitId>,
) -> Unit {
    let detail = store
        .create_unit(
            &system(),
            &NewUnit {
                code: code.to_string(),
                level,
                version: NewVersion {
                    name: name.to_string(),
                    kind,
                    parent,
                    valid_from: fixture_from(),
                    valid_to: None,
                    basis: Some("Dữ liệu thử nghiệm".to_string()),
                },
            },
        )
        .await
        .unwrap_or_else(|e| panic!("fixture unit {code}: {e:?}"));
    Unit {
        id: detail.id,
        code: detail.code,
        name: name.to_string(),
    }
}

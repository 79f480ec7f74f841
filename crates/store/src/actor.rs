//! Who is acting, and the one scope filter every scoped read and write goes through.

use antt_domain::access::{self, Action, Role};
use antt_domain::unit::UnitId;
use sea_orm::sea_query::{Expr, ExprTrait, IntoColumnRef, Query, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::StoreError;
use crate::entities::unit_reach;

/// The subtrees of the hierarchy a user may see and change. Only the store builds one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    all: bool,
    roots: Vec<UnitId>,
}

impl Scope {
    pub(crate) fn new(all: bool, roots: Vec<UnitId>) -> Scope {
        Scope { all, roots }
    }

    pub fn is_all(&self) -> bool {
        self.all
    }

    pub fn roots(&self) -> &[UnitId] {
        &self.roots
    }

    /// The condition "`col` names a unit inside this scope", ANDed into every scoped query.
    /// A unit is inside when it rolls up, at any time, into one of the roots (`unit_reach`).
    pub(crate) fn condition<C: IntoColumnRef>(&self, col: C) -> SimpleExpr {
        if self.all {
            return Expr::value(true);
        }
        if self.roots.is_empty() {
            return Expr::value(false);
        }
        let reach = Query::select()
            .column(unit_reach::Column::DescendantId)
            .from(unit_reach::Entity)
            .and_where(
                Expr::col(unit_reach::Column::AncestorId).is_in(self.roots.iter().map(|r| r.0)),
            )
            .to_owned();
        Expr::col(col).in_subquery(reach)
    }

    /// Whether one unit lies inside the scope.
    pub(crate) async fn contains<C: ConnectionTrait>(
        &self,
        db: &C,
        unit: UnitId,
    ) -> Result<bool, StoreError> {
        if self.all {
            return Ok(true);
        }
        let found = unit_reach::Entity::find()
            .filter(unit_reach::Column::DescendantId.eq(unit.0))
            .filter(unit_reach::Column::AncestorId.is_in(self.roots.iter().map(|r| r.0)))
            .one(db)
            .await?;
        Ok(found.is_some())
    }

    /// Whether `other` lies wholly inside this scope (for administrators granting scopes).
    pub(crate) async fn covers<C: ConnectionTrait>(
        &self,
        db: &C,
        other: &Scope,
    ) -> Result<bool, StoreError> {
        if self.all {
            return Ok(true);
        }
        if other.all {
            return Ok(false);
        }
        for root in &other.roots {
            if !self.contains(db, *root).await? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Who {
    User {
        id: Uuid,
        username: String,
    },
    System(&'static str),
    /// Someone not logged in, named by what they typed (a failed login).
    Visitor(String),
}

/// The acting user (or a named system job, such as the demo loader), with roles and scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    who: Who,
    display_name: String,
    roles: Vec<Role>,
    scope: Scope,
    /// Authenticated by an API token rather than a password session.
    by_token: bool,
}

impl Actor {
    pub(crate) fn user(
        id: Uuid,
        username: String,
        display_name: String,
        roles: Vec<Role>,
        scope: Scope,
    ) -> Actor {
        Actor {
            who: Who::User { id, username },
            display_name,
            roles,
            scope,
            by_token: false,
        }
    }

    /// The same actor, marked as authenticated by an API token.
    pub(crate) fn via_token(mut self) -> Actor {
        self.by_token = true;
        self
    }

    /// Whether the request was authenticated by an API token (not a password session).
    pub fn by_token(&self) -> bool {
        self.by_token
    }

    /// The operator of the command line, acting with every right on every unit: they already
    /// hold the database. The audit log names them `system:cli`. Only the `antt` binary calls
    /// this (a command run `--as` a user acts as that user instead).
    pub fn operator() -> Actor {
        Actor::job("cli")
    }

    /// A system job of the store itself (the seed, startup repairs), with every right.
    #[cfg(feature = "testkit")]
    pub fn system(job: &'static str) -> Actor {
        Actor::job(job)
    }

    pub(crate) fn job(job: &'static str) -> Actor {
        Actor {
            who: Who::System(job),
            display_name: format!("Hệ thống ({job})"),
            roles: vec![Role::Admin],
            scope: Scope::new(true, Vec::new()),
            by_token: false,
        }
    }

    /// Someone who is not logged in, for the security events of a failed login: no role, no
    /// scope, named by the user name they typed.
    pub(crate) fn visitor(typed_username: &str) -> Actor {
        let name: String = typed_username.chars().take(64).collect();
        Actor {
            who: Who::Visitor(name),
            display_name: String::new(),
            roles: Vec::new(),
            scope: Scope::new(false, Vec::new()),
            by_token: false,
        }
    }

    pub fn user_id(&self) -> Option<Uuid> {
        match &self.who {
            Who::User { id, .. } => Some(*id),
            Who::System(_) | Who::Visitor(_) => None,
        }
    }

    pub fn username(&self) -> &str {
        match &self.who {
            Who::User { username, .. } => username,
            Who::System(job) => job,
            Who::Visitor(name) => name,
        }
    }

    pub fn display_name(&self) -> &str {
        &self.display_name
    }

    /// How the audit log names this actor.
    pub fn label(&self) -> String {
        match &self.who {
            Who::User { username, .. } => format!("{username} ({})", self.display_name),
            Who::System(job) => format!("system:{job}"),
            Who::Visitor(name) => format!("chưa đăng nhập: {name:?}"),
        }
    }

    pub fn roles(&self) -> &[Role] {
        &self.roles
    }

    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    pub fn may(&self, action: Action) -> bool {
        access::allows(&self.roles, action)
    }

    /// Refuses with `Forbidden` unless the roles grant `action`. Checked before anything is
    /// loaded, so the answer never depends on whether an entity exists.
    pub(crate) fn require(&self, action: Action) -> Result<(), StoreError> {
        if self.may(action) {
            Ok(())
        } else {
            Err(StoreError::Forbidden)
        }
    }

    /// The grant of `action`, as a proof [`Store::write`] asks for: no write transaction opens
    /// without one.
    pub(crate) fn granted(&self, action: Action) -> Result<Granted<'_>, StoreError> {
        self.require(action)?;
        Ok(Granted { actor: self })
    }
}

impl Actor {
    /// The grant every signed-in user has over their own account (their tokens): no role
    /// needed, but a user, not a visitor or a job.
    pub(crate) fn own_account(&self) -> Result<Granted<'_>, StoreError> {
        self.user_id().ok_or(StoreError::Forbidden)?;
        Ok(Granted { actor: self })
    }
}

/// Proof that an actor's roles grant the action a write is about to do.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Granted<'a> {
    pub(crate) actor: &'a Actor,
}

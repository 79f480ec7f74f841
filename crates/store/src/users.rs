//! Accounts: argon2id passwords, throttled logins, browser sessions, API tokens, and the
//! management of users, which an administrator may do only inside their own scope.

use std::collections::{HashMap, HashSet};

use antt_domain::access::{Action, Role};
use antt_domain::error::{FieldError, FieldErrorKind};
use antt_domain::text;
use antt_domain::unit::UnitId;
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::audit::{self, Change};
use crate::audit_action::AuditAction;
use crate::entities::{api_token, app_user, unit_reach, user_scope, web_session};
use crate::login_guard::Finished;
use crate::security::{Address, Event, address_json};
use crate::units::UnitRef;
use crate::{Actor, Scope, Store, StoreError, new_id};

pub use crate::login_guard::{ADDRESS_FREE_FAILURES, LOCK_MINUTES, MAX_FAILED_LOGINS};

/// Spent on an unknown user name, so timing does not tell which names exist.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$k8XSvz0JbWdl3FMgHNPwrvHsOILMzpIX9IIhwGK4mCM";

fn throttled(now: DateTime<Utc>, until: DateTime<Utc>) -> StoreError {
    let secs = (until - now).num_seconds().max(1);
    StoreError::Throttled {
        minutes: (secs + 59) / 60,
        until,
    }
}
/// How long a browser session lasts.
pub const SESSION_HOURS: i64 = 12;

/// A user account as an administrator sees it (never the password hash).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub all_units: bool,
    pub active: bool,
    pub scope: Vec<UnitRef>,
    pub created_at: DateTime<Utc>,
}

/// A new account.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub roles: Vec<Role>,
    pub all_units: bool,
    pub scope: Vec<UnitId>,
}

/// Changes to an account; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserChange {
    pub display_name: Option<String>,
    pub roles: Option<Vec<Role>>,
    pub active: Option<bool>,
    pub scope: Option<Vec<UnitId>>,
    pub password: Option<String>,
}

/// A fresh browser session: the cookie value and the CSRF token for its forms.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf: String,
    pub expires_at: DateTime<Utc>,
}

/// An API token as listed (the secret itself is shown only once, at creation).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenView {
    pub id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub revoked: bool,
}

fn random_hex(bytes: usize) -> Result<String, StoreError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf)
        .map_err(|e| StoreError::Config(format!("không lấy được số ngẫu nhiên: {e}")))?;
    Ok(hex::encode(buf))
}

/// A random secret of 32 bytes in hex, for CSRF and pre-login tokens.
pub fn random_token() -> Result<String, StoreError> {
    random_hex(32)
}

fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// Hashes a password with argon2id at the crate's recommended parameters.
pub fn hash_password(password: &str) -> Result<String, StoreError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Config(format!("không băm được mật khẩu: {e}")))
}

fn verify_password(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

fn check_password(raw: &str) -> Result<String, FieldError> {
    let n = raw.chars().count();
    if n < 8 {
        return Err(FieldError::new(
            "password",
            FieldErrorKind::from(antt_domain::access::UserFault::PasswordTooShort),
        ));
    }
    if n > 128 {
        return Err(FieldError::new(
            "password",
            FieldErrorKind::TooLong { max: 128 },
        ));
    }
    Ok(raw.to_string())
}

fn check_username(raw: &str) -> Result<String, FieldError> {
    let s = raw.trim().to_lowercase();
    if s.is_empty() {
        return Err(FieldError::new("username", FieldErrorKind::Required));
    }
    if s.chars().count() > 64 {
        return Err(FieldError::new(
            "username",
            FieldErrorKind::TooLong { max: 64 },
        ));
    }
    if s.len() < 3
        || !s
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
    {
        return Err(FieldError::new(
            "username",
            FieldErrorKind::InvalidChoice {
                allowed: "3–64 ký tự a-z, 0-9, dấu chấm, gạch ngang, gạch dưới",
            },
        ));
    }
    Ok(s)
}

fn roles_to_string(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn roles_from_string(raw: &str) -> Result<Vec<Role>, StoreError> {
    raw.split(',')
        .filter(|s| !s.is_empty())
        .map(|s| Role::parse(s).map_err(|e| StoreError::corrupt("app_user.roles", e)))
        .collect()
}

impl Store {
    async fn load_actor<C: ConnectionTrait>(
        &self,
        db: &C,
        user: &app_user::Model,
    ) -> Result<Actor, StoreError> {
        let roots = user_scope::Entity::find()
            .filter(user_scope::Column::UserId.eq(user.id))
            .all(db)
            .await?
            .into_iter()
            .map(|s| UnitId(s.unit_id))
            .collect();
        Ok(Actor::user(
            user.id,
            user.username.clone(),
            user.display_name.clone(),
            roles_from_string(&user.roles)?,
            Scope::new(user.all_units, roots),
        ))
    }

    /// Checks a user name and password from the command line or a test (no client address).
    pub async fn login(
        &self,
        username: &str,
        password: &str,
    ) -> Result<(Actor, NewSession), StoreError> {
        self.login_from(username, password, None).await
    }

    /// Checks a user name and password and opens a session. Failures are counted by address and
    /// by user name ([`crate::login_guard`]); every login, failure and lockout is a security
    /// event in the audit log with the address. Known and unknown names are answered alike.
    pub async fn login_from(
        &self,
        username: &str,
        password: &str,
        address: Address,
    ) -> Result<(Actor, NewSession), StoreError> {
        let now = self.clock.now();
        let name: String = username.trim().to_lowercase().chars().take(200).collect();
        let ticket = self
            .login_guard
            .begin(&name, address, now)
            .map_err(|until| throttled(now, until))?;
        let checked = self.check_login(&name, password).await;
        let ok = matches!(&checked, Ok(Some(u)) if u.active);
        let finished = self.login_guard.finish(ticket, ok, now);
        let user = checked?;
        match (finished, user) {
            (Finished::Ok, Some(user)) => self.open_session(user, address).await,
            (finished, user) => {
                let who = user
                    .as_ref()
                    .map_or_else(|| Actor::visitor(&name), |u| self.actor_stub(u));
                let unit = match &user {
                    Some(u) => self.first_root(u.id).await?,
                    None => None,
                };
                let detail = serde_json::json!({
                    "address": address_json(address),
                    "username": name,
                    "known": user.is_some(),
                });
                let id = user
                    .as_ref()
                    .map_or_else(|| name.clone(), |u| u.id.to_string());
                self.security_event(
                    &who,
                    Event {
                        action: AuditAction::SecurityLoginFailed,
                        entity: "user",
                        entity_id: id.clone(),
                        unit,
                        detail: detail.clone(),
                    },
                )
                .await?;
                if let Finished::LockedNow(until) = finished {
                    let mut d = detail;
                    d["locked_until"] = serde_json::json!(until);
                    self.security_event(
                        &who,
                        Event {
                            action: AuditAction::SecurityLockout,
                            entity: "user",
                            entity_id: id,
                            unit,
                            detail: d,
                        },
                    )
                    .await?;
                    return Err(throttled(now, until));
                }
                Err(StoreError::BadCredentials)
            }
        }
    }

    /// The account named, if the password is right for it: `Some` only then. An unknown name
    /// spends the same time hashing, so timing does not tell which names exist.
    async fn check_login(
        &self,
        name: &str,
        password: &str,
    ) -> Result<Option<app_user::Model>, StoreError> {
        let user = if name.chars().count() <= 64 {
            app_user::Entity::find()
                .filter(app_user::Column::Username.eq(name))
                .one(&self.db)
                .await?
        } else {
            None
        };
        let hash = user
            .as_ref()
            .map_or_else(|| DUMMY_HASH.to_string(), |u| u.password_hash.clone());
        // A password longer than any we accept is wrong without hashing a megabyte.
        let right = password.len() <= 1024 && self.verify_hashed(password, &hash).await?;
        Ok(user.filter(|_| right))
    }

    async fn open_session(
        &self,
        user: app_user::Model,
        address: Address,
    ) -> Result<(Actor, NewSession), StoreError> {
        let now = self.clock.now();
        let session = NewSession {
            token: random_hex(32)?,
            csrf: random_hex(32)?,
            expires_at: now + Duration::hours(SESSION_HOURS),
        };
        let actor = self.load_actor(&self.db, &user).await?;
        self.retrying(|| async {
            let txn = self.begin_write().await?;
            web_session::Entity::insert(web_session::ActiveModel {
                id_hash: Set(sha256_hex(&session.token)),
                user_id: Set(user.id),
                csrf_token: Set(session.csrf.clone()),
                created_at: Set(now),
                expires_at: Set(session.expires_at),
            })
            .exec_without_returning(&*txn)
            .await?;
            let detail = serde_json::json!({ "address": address_json(address) });
            audit::append(
                &*txn,
                &actor,
                now,
                Change {
                    action: AuditAction::SecurityLogin,
                    entity: "user",
                    entity_id: user.id.to_string(),
                    unit: actor.scope().roots().first().copied(),
                    before: None,
                    after: Some(&detail),
                },
            )
            .await?;
            txn.commit().await
        })
        .await?;
        Ok((actor, session))
    }

    /// An actor for naming an account in a security event (its roles and scope are not loaded).
    fn actor_stub(&self, u: &app_user::Model) -> Actor {
        Actor::user(
            u.id,
            u.username.clone(),
            u.display_name.clone(),
            Vec::new(),
            Scope::new(false, Vec::new()),
        )
    }

    async fn first_root(&self, user: Uuid) -> Result<Option<UnitId>, StoreError> {
        Ok(user_scope::Entity::find()
            .filter(user_scope::Column::UserId.eq(user))
            .one(&self.db)
            .await?
            .map(|s| UnitId(s.unit_id)))
    }

    /// Verifies a password on the blocking pool, at most [`crate::HASHING_AT_ONCE`] at a time.
    pub(crate) async fn verify_hashed(
        &self,
        password: &str,
        hash: &str,
    ) -> Result<bool, StoreError> {
        let (password, hash) = (password.to_string(), hash.to_string());
        self.on_hashing_pool(move || verify_password(&password, &hash))
            .await
    }

    /// Hashes a password on the blocking pool, at most [`crate::HASHING_AT_ONCE`] at a time.
    pub(crate) async fn hash_on_pool(&self, password: &str) -> Result<String, StoreError> {
        let password = password.to_string();
        self.on_hashing_pool(move || hash_password(&password))
            .await?
    }

    async fn on_hashing_pool<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, StoreError> {
        let _permit = self
            .hashing
            .acquire()
            .await
            .map_err(|_| StoreError::Config("hàng đợi băm mật khẩu đã đóng".to_string()))?;
        tokio::task::spawn_blocking(job)
            .await
            .map_err(|e| StoreError::Config(format!("băm mật khẩu thất bại: {e}")))
    }

    /// The actor for a command-line user acting `--as` `username`: an active account, with its
    /// roles and scope. The command line's operator already holds the database, so no password
    /// is asked; what the account may not do is refused as it would be on the web.
    pub async fn actor_named(&self, username: &str) -> Result<Actor, StoreError> {
        let name = username.trim().to_lowercase();
        let user = app_user::Entity::find()
            .filter(app_user::Column::Username.eq(name))
            .one(&self.db)
            .await?
            .filter(|u| u.active)
            .ok_or(StoreError::NotFound)?;
        self.load_actor(&self.db, &user).await
    }

    /// The actor behind a session cookie, with the session's CSRF token; `None` when the session
    /// is unknown, expired, or its user was deactivated.
    pub async fn session_actor(&self, token: &str) -> Result<Option<(Actor, String)>, StoreError> {
        let Some(s) = web_session::Entity::find_by_id(sha256_hex(token))
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        if s.expires_at <= self.clock.now() {
            web_session::Entity::delete_by_id(s.id_hash)
                .exec(&self.db)
                .await?;
            return Ok(None);
        }
        let Some(user) = app_user::Entity::find_by_id(s.user_id)
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        if !user.active {
            return Ok(None);
        }
        Ok(Some((
            self.load_actor(&self.db, &user).await?,
            s.csrf_token,
        )))
    }

    /// Ends one browser session, recorded as a security event.
    pub async fn logout(
        &self,
        actor: &Actor,
        token: &str,
        address: Address,
    ) -> Result<(), StoreError> {
        let user_id = actor.user_id().ok_or(StoreError::Forbidden)?;
        self.retrying(|| async {
            let txn = self.begin_write().await?;
            web_session::Entity::delete_by_id(sha256_hex(token))
                .exec(&*txn)
                .await?;
            let detail = serde_json::json!({ "address": address_json(address) });
            audit::append(
                &*txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::SecurityLogout,
                    entity: "user",
                    entity_id: user_id.to_string(),
                    unit: actor.scope().roots().first().copied(),
                    before: None,
                    after: Some(&detail),
                },
            )
            .await?;
            txn.commit().await
        })
        .await
    }

    /// "Log out everywhere": ends every session of the acting user and revokes every API token
    /// they hold. Returns how many sessions and tokens ended.
    pub async fn logout_everywhere(
        &self,
        actor: &Actor,
        address: Address,
    ) -> Result<(u64, u64), StoreError> {
        let user_id = actor.user_id().ok_or(StoreError::Forbidden)?;
        self.retrying(|| async {
            let txn = self.begin_write().await?;
            let ended = end_sessions_and_tokens(&txn, user_id, self.clock.now()).await?;
            let detail = serde_json::json!({
                "address": address_json(address),
                "sessions": ended.0,
                "tokens": ended.1,
            });
            audit::append(
                &*txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::SecurityLogoutEverywhere,
                    entity: "user",
                    entity_id: user_id.to_string(),
                    unit: actor.scope().roots().first().copied(),
                    before: None,
                    after: Some(&detail),
                },
            )
            .await?;
            txn.commit().await?;
            Ok(ended)
        })
        .await
    }

    /// Revokes an API token: one's own, or, for an administrator, one held by a user they
    /// manage. Anyone else's token is `NotFound`. Revoking a revoked token changes nothing.
    pub async fn revoke_api_token(
        &self,
        actor: &Actor,
        token_id: Uuid,
    ) -> Result<crate::units::Outcome, StoreError> {
        let me = actor.user_id().ok_or(StoreError::Forbidden)?;
        let granted = actor.own_account()?;
        write_txn!(self, granted, |txn, actor| {
            let t = api_token::Entity::find_by_id(token_id)
                .one(&**txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            if t.user_id != me && !self.manages(&**txn, actor, t.user_id).await? {
                return Err(StoreError::NotFound);
            }
            if t.revoked_at.is_some() {
                return Ok(crate::units::Outcome::Unchanged);
            }
            let now = self.clock.now();
            api_token::Entity::update(api_token::ActiveModel {
                id: Set(t.id),
                revoked_at: Set(Some(now)),
                ..Default::default()
            })
            .exec(&**txn)
            .await?;
            let before =
                serde_json::json!({ "name": t.name, "user_id": t.user_id, "revoked": false });
            let after =
                serde_json::json!({ "name": t.name, "user_id": t.user_id, "revoked": true });
            audit::append(
                &**txn,
                actor,
                now,
                Change {
                    action: AuditAction::ApiTokenRevoke,
                    entity: "api_token",
                    entity_id: t.id.to_string(),
                    unit: self.first_root(t.user_id).await?,
                    before: Some(&before),
                    after: Some(&after),
                },
            )
            .await?;
            Ok(crate::units::Outcome::Changed)
        })
    }

    /// Whether `actor` administers the account `user` (manages users, and the account's whole
    /// scope lies inside the actor's).
    async fn manages<C: ConnectionTrait>(
        &self,
        db: &C,
        actor: &Actor,
        user: Uuid,
    ) -> Result<bool, StoreError> {
        if !actor.may(Action::ManageUsers) {
            return Ok(false);
        }
        let Some(u) = app_user::Entity::find_by_id(user).one(db).await? else {
            return Ok(false);
        };
        let roots: Vec<UnitId> = user_scope::Entity::find()
            .filter(user_scope::Column::UserId.eq(user))
            .all(db)
            .await?
            .into_iter()
            .map(|s| UnitId(s.unit_id))
            .collect();
        actor
            .scope()
            .covers(db, &Scope::new(u.all_units, roots))
            .await
    }

    /// The API tokens of a user the acting administrator manages.
    pub async fn user_api_tokens(
        &self,
        actor: &Actor,
        user: Uuid,
    ) -> Result<Vec<TokenView>, StoreError> {
        actor.require(Action::ManageUsers)?;
        if !self.manages(&self.db, actor, user).await? {
            return Err(StoreError::NotFound);
        }
        self.tokens_of(user).await
    }

    /// The actor behind an API token (`Authorization: Bearer …`).
    pub async fn token_actor(&self, token: &str) -> Result<Option<Actor>, StoreError> {
        let Some(t) = api_token::Entity::find()
            .filter(api_token::Column::TokenHash.eq(sha256_hex(token.trim())))
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        if t.revoked_at.is_some() {
            return Ok(None);
        }
        let Some(user) = app_user::Entity::find_by_id(t.user_id)
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        if !user.active {
            return Ok(None);
        }
        Ok(Some(self.load_actor(&self.db, &user).await?.via_token()))
    }

    /// Creates an API token for the acting user; the secret is returned once and stored hashed.
    pub async fn create_api_token(
        &self,
        actor: &Actor,
        name: &str,
    ) -> Result<(Uuid, String), StoreError> {
        let user_id = actor.user_id().ok_or(StoreError::Forbidden)?;
        let granted = actor.own_account()?;
        if actor.by_token() {
            // A leaked token must not be able to mint the tokens that would outlive its revocation.
            return Err(StoreError::NeedsSession);
        }
        let name = text::required("token_name", name, 200)?;
        let secret = format!("antt_{}", random_hex(32)?);
        write_txn!(self, granted, |txn, actor| {
            let id = new_id();
            api_token::Entity::insert(api_token::ActiveModel {
                id: Set(id),
                user_id: Set(user_id),
                name: Set(name.clone()),
                token_hash: Set(sha256_hex(&secret)),
                created_at: Set(self.clock.now()),
                revoked_at: Set(None),
            })
            .exec_without_returning(&**txn)
            .await?;
            let after = serde_json::json!({ "name": name, "user_id": user_id });
            audit::append(
                &**txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::ApiTokenCreate,
                    entity: "api_token",
                    entity_id: id.to_string(),
                    unit: actor.scope().roots().first().copied(),
                    before: None,
                    after: Some(&after),
                },
            )
            .await?;
            Ok((id, secret.clone()))
        })
    }

    /// The acting user's own API tokens.
    pub async fn api_tokens(&self, actor: &Actor) -> Result<Vec<TokenView>, StoreError> {
        let user_id = actor.user_id().ok_or(StoreError::Forbidden)?;
        self.tokens_of(user_id).await
    }

    async fn tokens_of(&self, user_id: Uuid) -> Result<Vec<TokenView>, StoreError> {
        Ok(api_token::Entity::find()
            .filter(api_token::Column::UserId.eq(user_id))
            .order_by_asc(api_token::Column::CreatedAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|t| TokenView {
                id: t.id,
                name: t.name,
                created_at: t.created_at,
                revoked: t.revoked_at.is_some(),
            })
            .collect())
    }

    /// Every unit id inside the actor's scope (for checking many user scopes at once).
    async fn reach_set<C: ConnectionTrait>(
        &self,
        db: &C,
        scope: &Scope,
    ) -> Result<Option<HashSet<Uuid>>, StoreError> {
        if scope.is_all() {
            return Ok(None);
        }
        let rows = unit_reach::Entity::find()
            .filter(unit_reach::Column::AncestorId.is_in(scope.roots().iter().map(|r| r.0)))
            .all(db)
            .await?;
        Ok(Some(rows.into_iter().map(|r| r.descendant_id).collect()))
    }

    /// Users the acting administrator may manage: those whose whole scope lies inside theirs.
    pub async fn users(&self, actor: &Actor) -> Result<Vec<UserView>, StoreError> {
        actor.require(Action::ManageUsers)?;
        let reach = self.reach_set(&self.db, actor.scope()).await?;
        let users = app_user::Entity::find()
            .order_by_asc(app_user::Column::Username)
            .all(&self.db)
            .await?;
        let scopes = user_scope::Entity::find().all(&self.db).await?;
        let mut by_user: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for s in scopes {
            by_user.entry(s.user_id).or_default().push(s.unit_id);
        }
        let mut out = Vec::new();
        for u in users {
            let roots = by_user.remove(&u.id).unwrap_or_default();
            if !visible_to(&reach, u.all_units, &roots) {
                continue;
            }
            out.push(self.user_view(u, roots).await?);
        }
        Ok(out)
    }

    /// One user, if the acting administrator may manage them; otherwise `NotFound`.
    pub async fn user(&self, actor: &Actor, id: Uuid) -> Result<UserView, StoreError> {
        actor.require(Action::ManageUsers)?;
        let u = app_user::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let roots: Vec<Uuid> = user_scope::Entity::find()
            .filter(user_scope::Column::UserId.eq(id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|s| s.unit_id)
            .collect();
        let reach = self.reach_set(&self.db, actor.scope()).await?;
        if !visible_to(&reach, u.all_units, &roots) {
            return Err(StoreError::NotFound);
        }
        self.user_view(u, roots).await
    }

    async fn user_view(
        &self,
        u: app_user::Model,
        roots: Vec<Uuid>,
    ) -> Result<UserView, StoreError> {
        let today = self.clock.today_vn();
        let refs = self.unit_refs(&roots, today).await?;
        Ok(UserView {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            roles: roles_from_string(&u.roles)?,
            all_units: u.all_units,
            active: u.active,
            scope: roots.iter().filter_map(|r| refs.get(r).cloned()).collect(),
            created_at: u.created_at,
        })
    }

    /// Creates an account. The new user's scope must lie inside the administrator's.
    pub async fn create_user(&self, actor: &Actor, new: &NewUser) -> Result<Uuid, StoreError> {
        let granted = actor.granted(Action::ManageUsers)?;
        let username = check_username(&new.username)?;
        let display_name = text::required("display_name", &new.display_name, 200)?;
        let password = check_password(&new.password)?;
        if new.roles.is_empty() {
            return Err(FieldError::new("roles", FieldErrorKind::Required).into());
        }
        if !new.all_units && new.scope.is_empty() {
            return Err(FieldError::new("scope", FieldErrorKind::Required).into());
        }
        let hash = self.hash_on_pool(&password).await?;
        write_txn!(self, granted, |txn, actor| {
            let wanted = Scope::new(new.all_units, new.scope.clone());
            if !actor.scope().covers(&**txn, &wanted).await? {
                return Err(FieldError::new(
                    "scope",
                    FieldErrorKind::from(antt_domain::access::UserFault::ScopeOutsideYours),
                )
                .into());
            }
            if app_user::Entity::find()
                .filter(app_user::Column::Username.eq(&username))
                .one(&**txn)
                .await?
                .is_some()
            {
                return Err(FieldError::new("username", FieldErrorKind::Duplicate).into());
            }
            let id = new_id();
            app_user::Entity::insert(app_user::ActiveModel {
                id: Set(id),
                username: Set(username.clone()),
                display_name: Set(display_name.clone()),
                password_hash: Set(hash.clone()),
                roles: Set(roles_to_string(&new.roles)),
                all_units: Set(new.all_units),
                active: Set(true),
                failed_logins: Set(0),
                locked_until: Set(None),
                created_at: Set(self.clock.now()),
            })
            .exec_without_returning(&**txn)
            .await?;
            let mut roots = new.scope.clone();
            roots.sort();
            roots.dedup();
            for r in &roots {
                user_scope::Entity::insert(user_scope::ActiveModel {
                    user_id: Set(id),
                    unit_id: Set(r.0),
                })
                .exec_without_returning(&**txn)
                .await?;
            }
            let after = user_json(
                &username,
                &display_name,
                &new.roles,
                new.all_units,
                true,
                &roots,
                false,
            );
            audit::append(
                &**txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::UserCreate,
                    entity: "user",
                    entity_id: id.to_string(),
                    unit: roots.first().copied(),
                    before: None,
                    after: Some(&after),
                },
            )
            .await?;
            Ok(id)
        })
    }

    /// Changes an account. An administrator cannot take away their own right to manage users.
    pub async fn update_user(
        &self,
        actor: &Actor,
        id: Uuid,
        change: &UserChange,
    ) -> Result<crate::units::Outcome, StoreError> {
        let granted = actor.granted(Action::ManageUsers)?;
        let display_name = change
            .display_name
            .as_deref()
            .map(|d| text::required("display_name", d, 200))
            .transpose()?;
        let password_hash = match change.password.as_deref().map(check_password).transpose()? {
            Some(p) => Some(self.hash_on_pool(&p).await?),
            None => None,
        };
        if change.roles.as_ref().is_some_and(|r| r.is_empty()) {
            return Err(FieldError::new("roles", FieldErrorKind::Required).into());
        }
        write_txn!(self, granted, |txn, actor| {
            let u = app_user::Entity::find_by_id(id)
                .one(&**txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            let old_roots: Vec<UnitId> = user_scope::Entity::find()
                .filter(user_scope::Column::UserId.eq(id))
                .all(&**txn)
                .await?
                .into_iter()
                .map(|s| UnitId(s.unit_id))
                .collect();
            if !actor
                .scope()
                .covers(&**txn, &Scope::new(u.all_units, old_roots.clone()))
                .await?
            {
                return Err(StoreError::NotFound);
            }
            let mut new_roots = change.scope.clone().unwrap_or_else(|| old_roots.clone());
            new_roots.sort();
            new_roots.dedup();
            if !u.all_units && new_roots.is_empty() {
                return Err(FieldError::new("scope", FieldErrorKind::Required).into());
            }
            if !actor
                .scope()
                .covers(&**txn, &Scope::new(u.all_units, new_roots.clone()))
                .await?
            {
                return Err(FieldError::new(
                    "scope",
                    FieldErrorKind::from(antt_domain::access::UserFault::ScopeOutsideYours),
                )
                .into());
            }
            let old_roles = roles_from_string(&u.roles)?;
            let roles = change.roles.clone().unwrap_or_else(|| old_roles.clone());
            let active = change.active.unwrap_or(u.active);
            let name = display_name
                .clone()
                .unwrap_or_else(|| u.display_name.clone());
            if actor.user_id() == Some(id)
                && (!active || !antt_domain::access::allows(&roles, Action::ManageUsers))
            {
                return Err(FieldError::new(
                    "roles",
                    FieldErrorKind::from(antt_domain::access::UserFault::CannotDemoteSelf),
                )
                .into());
            }
            let mut sorted_old = old_roots.clone();
            sorted_old.sort();
            let before = user_json(
                &u.username,
                &u.display_name,
                &old_roles,
                u.all_units,
                u.active,
                &sorted_old,
                false,
            );
            let after = user_json(
                &u.username,
                &name,
                &roles,
                u.all_units,
                active,
                &new_roots,
                password_hash.is_some(),
            );
            if before == after {
                return Ok(crate::units::Outcome::Unchanged);
            }
            let mut am = app_user::ActiveModel {
                id: Set(id),
                display_name: Set(name.clone()),
                roles: Set(roles_to_string(&roles)),
                active: Set(active),
                ..Default::default()
            };
            if let Some(h) = &password_hash {
                am.password_hash = Set(h.clone());
                am.failed_logins = Set(0);
                am.locked_until = Set(None);
            }
            app_user::Entity::update(am).exec(&**txn).await?;
            if new_roots != sorted_old {
                user_scope::Entity::delete_many()
                    .filter(user_scope::Column::UserId.eq(id))
                    .exec(&**txn)
                    .await?;
                for r in &new_roots {
                    user_scope::Entity::insert(user_scope::ActiveModel {
                        user_id: Set(id),
                        unit_id: Set(r.0),
                    })
                    .exec_without_returning(&**txn)
                    .await?;
                }
            }
            if !active || password_hash.is_some() {
                // A deactivated account or a reset password ends every open session and revokes
                // every API token at once.
                end_sessions_and_tokens(txn, id, self.clock.now()).await?;
            }
            audit::append(
                &**txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::UserUpdate,
                    entity: "user",
                    entity_id: id.to_string(),
                    unit: new_roots.first().copied(),
                    before: Some(&before),
                    after: Some(&after),
                },
            )
            .await?;
            Ok(crate::units::Outcome::Changed)
        })
    }

    /// Units as named on a date (for display of scopes).
    pub async fn unit_refs(
        &self,
        ids: &[Uuid],
        date: chrono::NaiveDate,
    ) -> Result<HashMap<Uuid, UnitRef>, StoreError> {
        self.refs_public(ids, date).await
    }
}

fn visible_to(reach: &Option<HashSet<Uuid>>, all_units: bool, roots: &[Uuid]) -> bool {
    match reach {
        None => true,
        Some(set) => !all_units && !roots.is_empty() && roots.iter().all(|r| set.contains(r)),
    }
}

fn user_json(
    username: &str,
    display_name: &str,
    roles: &[Role],
    all_units: bool,
    active: bool,
    roots: &[UnitId],
    password_changed: bool,
) -> serde_json::Value {
    let mut v = serde_json::json!({
        "username": username,
        "display_name": display_name,
        "roles": roles,
        "all_units": all_units,
        "active": active,
        "scope": roots,
    });
    if password_changed {
        v["password_changed"] = serde_json::Value::Bool(true);
    }
    v
}

/// Ends every session of a user and revokes every token they hold, inside `txn`.
async fn end_sessions_and_tokens(
    txn: &crate::WriteTxn,
    user: Uuid,
    now: DateTime<Utc>,
) -> Result<(u64, u64), StoreError> {
    let sessions = web_session::Entity::delete_many()
        .filter(web_session::Column::UserId.eq(user))
        .exec(&**txn)
        .await?
        .rows_affected;
    let tokens = api_token::Entity::update_many()
        .col_expr(
            api_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Some(now)),
        )
        .filter(api_token::Column::UserId.eq(user))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(&**txn)
        .await?
        .rows_affected;
    Ok((sessions, tokens))
}

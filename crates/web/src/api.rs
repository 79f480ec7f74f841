//! The JSON API under `/api/v1`. Handlers are thin: parse, call the store, render.

use antt_domain::access::{Action, Role};
use antt_domain::unit::{Level, SuccessionKind, UnitId, UnitKind, VillageFacts};
use antt_domain::{FieldError, FieldErrorKind, date};
use antt_store::units::{NewFacts, NewSuccession, NewUnit, NewVersion};
use antt_store::users::{NewUser, UserChange};
use antt_store::{Actor, StoreError};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Authed, ClientAddress, SESSION_COOKIE, set_cookie};
use crate::error::AppError;
use crate::input::{JsonBody, QueryParams, count_value, path_id as user_id};

type ApiResult = Result<Response, AppError>;

/// The committed OpenAPI document; a test keeps it in step with the routes.
pub const OPENAPI: &str = include_str!("../openapi.json");

#[derive(Deserialize, Default)]
pub struct ListQuery {
    date: Option<String>,
    q: Option<String>,
    level: Option<String>,
    limit: Option<String>,
    before: Option<String>,
    entity_id: Option<String>,
    root: Option<String>,
}

/// The date a request asks about, today in Vietnam when absent.
pub fn as_of(app: &AppState, raw: Option<&str>) -> Result<NaiveDate, AppError> {
    match raw.filter(|s| !s.trim().is_empty()) {
        Some(s) => Ok(date::parse("date", s)?),
        None => Ok(app.store.clock().today_vn()),
    }
}

fn limit(raw: Option<&str>, default: u64) -> Result<u64, AppError> {
    match raw {
        None => Ok(default),
        Some(s) => s
            .trim()
            .parse()
            .map_err(|_| FieldError::new("limit", FieldErrorKind::InvalidNumber).into()),
    }
}

/// A unit named in a path or body by its key (UUID) or its official code.
pub async fn resolve_unit(app: &AppState, actor: &Actor, raw: &str) -> Result<UnitId, AppError> {
    match Uuid::parse_str(raw.trim()) {
        Ok(id) => Ok(UnitId(id)),
        Err(_) => Ok(app.store.unit_by_code(actor, raw).await?),
    }
}

async fn resolve_field(
    app: &AppState,
    actor: &Actor,
    field: &'static str,
    raw: &str,
) -> Result<UnitId, AppError> {
    match resolve_unit(app, actor, raw).await {
        Err(AppError::Store(StoreError::NotFound)) => {
            Err(FieldError::new(field, FieldErrorKind::Other("unit_not_found")).into())
        }
        other => other,
    }
}

fn ok<T: serde::Serialize>(v: T) -> ApiResult {
    Ok(Json(v).into_response())
}

pub async fn not_found() -> AppError {
    AppError::Store(StoreError::NotFound)
}

pub async fn openapi_get() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

// ---- session ----------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    username: String,
    password: String,
}

fn me_json(actor: &Actor) -> serde_json::Value {
    json!({
        "username": actor.username(),
        "display_name": actor.display_name(),
        "roles": actor.roles(),
        "all_units": actor.scope().is_all(),
        "scope": actor.scope().roots(),
    })
}

pub async fn session_post(
    State(app): State<AppState>,
    ClientAddress(address): ClientAddress,
    JsonBody(body): JsonBody<LoginBody>,
) -> ApiResult {
    let (actor, session) = app
        .store
        .login_from(&body.username, &body.password, address)
        .await?;
    let cookie = set_cookie(
        SESSION_COOKIE,
        &session.token,
        antt_store::users::SESSION_HOURS * 3600,
        app.secure_cookies,
        "Lax",
    );
    Ok((
        [(header::SET_COOKIE, cookie)],
        Json(json!({ "csrf_token": session.csrf, "user": me_json(&actor) })),
    )
        .into_response())
}

pub async fn session_delete(
    State(app): State<AppState>,
    ClientAddress(address): ClientAddress,
    authed: Authed,
) -> ApiResult {
    if let Some(t) = &authed.session_token {
        app.store.logout(&authed.actor, t, address).await?;
    }
    let cookie = set_cookie(SESSION_COOKIE, "", 0, app.secure_cookies, "Lax");
    Ok(([(header::SET_COOKIE, cookie)], StatusCode::NO_CONTENT).into_response())
}

/// Log out everywhere: every session of the caller ends and every API token they hold is revoked.
pub async fn sessions_delete(
    State(app): State<AppState>,
    ClientAddress(address): ClientAddress,
    authed: Authed,
) -> ApiResult {
    let (sessions, tokens) = app.store.logout_everywhere(&authed.actor, address).await?;
    let cookie = set_cookie(SESSION_COOKIE, "", 0, app.secure_cookies, "Lax");
    Ok((
        [(header::SET_COOKIE, cookie)],
        Json(json!({ "sessions_ended": sessions, "tokens_revoked": tokens })),
    )
        .into_response())
}

pub async fn me_get(authed: Authed) -> ApiResult {
    let mut v = me_json(&authed.actor);
    v["csrf_token"] = json!(authed.csrf);
    ok(v)
}

// ---- units ------------------------------------------------------------------------------------

pub async fn units_get(
    State(app): State<AppState>,
    authed: Authed,
    QueryParams(q): QueryParams<ListQuery>,
) -> ApiResult {
    let date = as_of(&app, q.date.as_deref())?;
    let level = q.level.as_deref().map(Level::parse).transpose()?;
    let hits = app
        .store
        .search_units(
            &authed.actor,
            date,
            q.q.as_deref().unwrap_or(""),
            level,
            limit(q.limit.as_deref(), 50)?,
        )
        .await?;
    ok(json!({ "date": date, "units": hits }))
}

pub async fn units_tree_get(
    State(app): State<AppState>,
    authed: Authed,
    QueryParams(q): QueryParams<ListQuery>,
) -> ApiResult {
    let date = as_of(&app, q.date.as_deref())?;
    let root = match q.root.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(code) => Some(resolve_unit(&app, &authed.actor, code).await?),
        None => None,
    };
    ok(json!({ "date": date, "tree": app.store.unit_subtree(&authed.actor, date, root).await? }))
}

pub async fn unit_get(
    State(app): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    QueryParams(q): QueryParams<ListQuery>,
) -> ApiResult {
    let date = as_of(&app, q.date.as_deref())?;
    let id = resolve_unit(&app, &authed.actor, &id).await?;
    ok(app.store.unit_detail(&authed.actor, id, date).await?)
}

pub async fn unit_successors_get(
    State(app): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> ApiResult {
    let id = resolve_unit(&app, &authed.actor, &id).await?;
    ok(json!({ "successors": app.store.successors(&authed.actor, id).await? }))
}

pub async fn unit_rollup_get(
    State(app): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> ApiResult {
    let id = resolve_unit(&app, &authed.actor, &id).await?;
    ok(json!({ "units": app.store.rollup(&authed.actor, id).await? }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionBody {
    name: String,
    kind: String,
    #[serde(default)]
    parent: Option<String>,
    valid_from: String,
    #[serde(default)]
    valid_to: Option<String>,
    #[serde(default)]
    basis: Option<String>,
    #[serde(default)]
    close_open: Option<bool>,
}

async fn version_from(
    app: &AppState,
    actor: &Actor,
    b: &VersionBody,
) -> Result<NewVersion, AppError> {
    let parent = match b.parent.as_deref().filter(|p| !p.trim().is_empty()) {
        Some(p) => Some(resolve_field(app, actor, "parent", p).await?),
        None => None,
    };
    Ok(NewVersion {
        name: b.name.clone(),
        kind: UnitKind::parse(&b.kind)?,
        parent,
        valid_from: date::parse("valid_from", &b.valid_from)?,
        valid_to: b
            .valid_to
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| date::parse("valid_to", s))
            .transpose()?,
        basis: b.basis.clone(),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitBody {
    code: String,
    level: String,
    name: String,
    kind: String,
    #[serde(default)]
    parent: Option<String>,
    valid_from: String,
    #[serde(default)]
    valid_to: Option<String>,
    #[serde(default)]
    basis: Option<String>,
}

pub async fn units_post(
    State(app): State<AppState>,
    authed: Authed,
    JsonBody(b): JsonBody<UnitBody>,
) -> ApiResult {
    let level = Level::parse(&b.level)?;
    let v = VersionBody {
        name: b.name,
        kind: b.kind,
        parent: b.parent,
        valid_from: b.valid_from,
        valid_to: b.valid_to,
        basis: b.basis,
        close_open: None,
    };
    let version = version_from(&app, &authed.actor, &v).await?;
    let detail = app
        .store
        .create_unit(
            &authed.actor,
            &NewUnit {
                code: b.code.clone(),
                level,
                version,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(detail)).into_response())
}

pub async fn unit_versions_post(
    State(app): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<VersionBody>,
) -> ApiResult {
    app.store.authorize(&authed.actor, Action::ManageUnits)?;
    let id = resolve_unit(&app, &authed.actor, &id).await?;
    let version = version_from(&app, &authed.actor, &b).await?;
    let detail = app
        .store
        .add_unit_version(&authed.actor, id, &version, b.close_open.unwrap_or(true))
        .await?;
    Ok((StatusCode::CREATED, Json(detail)).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactsBody {
    valid_from: String,
    #[serde(default)]
    households: Option<serde_json::Value>,
    #[serde(default)]
    population: Option<serde_json::Value>,
    #[serde(default)]
    area_ha: Option<String>,
    #[serde(default)]
    flags: Vec<String>,
    #[serde(default)]
    source: Option<String>,
}

pub async fn unit_facts_put(
    State(app): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<FactsBody>,
) -> ApiResult {
    app.store
        .authorize(&authed.actor, Action::EditVillageFacts)?;
    let id = resolve_unit(&app, &authed.actor, &id).await?;
    let new = NewFacts {
        valid_from: date::parse("valid_from", &b.valid_from)?,
        facts: VillageFacts {
            households: count_value("households", &b.households)?,
            population: count_value("population", &b.population)?,
            area_centi_ha: match &b.area_ha {
                Some(a) => antt_domain::unit::parse_area_ha(a)?,
                None => None,
            },
            flags: antt_store::seed::parse_flags(&b.flags)?,
        },
        source: b.source,
    };
    let outcome = app.store.set_village_facts(&authed.actor, id, &new).await?;
    let detail = app
        .store
        .unit_detail(&authed.actor, id, new.valid_from)
        .await?;
    ok(json!({ "outcome": outcome, "facts": detail.facts }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuccessionBody {
    kind: String,
    date: String,
    basis: String,
    #[serde(default)]
    note: Option<String>,
    predecessors: Vec<String>,
    successors: Vec<String>,
}

pub async fn successions_post(
    State(app): State<AppState>,
    authed: Authed,
    JsonBody(b): JsonBody<SuccessionBody>,
) -> ApiResult {
    let mut predecessors = Vec::new();
    for p in &b.predecessors {
        predecessors.push(resolve_field(&app, &authed.actor, "predecessors", p).await?);
    }
    let mut successors = Vec::new();
    for s in &b.successors {
        successors.push(resolve_field(&app, &authed.actor, "successors", s).await?);
    }
    let id = app
        .store
        .record_succession(
            &authed.actor,
            &NewSuccession {
                kind: SuccessionKind::parse(&b.kind)?,
                effective_date: date::parse("date", &b.date)?,
                basis: b.basis,
                note: b.note,
                predecessors,
                successors,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response())
}

// ---- users ------------------------------------------------------------------------------------

pub async fn users_get(State(app): State<AppState>, authed: Authed) -> ApiResult {
    ok(json!({ "users": app.store.users(&authed.actor).await? }))
}

pub async fn user_get(
    State(app): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> ApiResult {
    ok(app.store.user(&authed.actor, user_id(&id)?).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserBody {
    username: String,
    display_name: String,
    password: String,
    roles: Vec<String>,
    #[serde(default)]
    all_units: bool,
    #[serde(default)]
    scope: Vec<String>,
}

async fn scope_units(
    app: &AppState,
    actor: &Actor,
    raw: &[String],
) -> Result<Vec<UnitId>, AppError> {
    let mut out = Vec::new();
    for r in raw.iter().filter(|r| !r.trim().is_empty()) {
        out.push(resolve_field(app, actor, "scope", r).await?);
    }
    Ok(out)
}

fn roles(raw: &[String]) -> Result<Vec<Role>, AppError> {
    Ok(raw
        .iter()
        .map(|r| Role::parse(r))
        .collect::<Result<Vec<_>, _>>()?)
}

pub async fn users_post(
    State(app): State<AppState>,
    authed: Authed,
    JsonBody(b): JsonBody<UserBody>,
) -> ApiResult {
    let new = NewUser {
        username: b.username,
        display_name: b.display_name,
        password: b.password,
        roles: roles(&b.roles)?,
        all_units: b.all_units,
        scope: scope_units(&app, &authed.actor, &b.scope).await?,
    };
    let id = app.store.create_user(&authed.actor, &new).await?;
    Ok((
        StatusCode::CREATED,
        Json(app.store.user(&authed.actor, id).await?),
    )
        .into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    roles: Option<Vec<String>>,
    #[serde(default)]
    active: Option<bool>,
    #[serde(default)]
    scope: Option<Vec<String>>,
    #[serde(default)]
    password: Option<String>,
}

pub async fn user_patch(
    State(app): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<UserPatch>,
) -> ApiResult {
    let id = user_id(&id)?;
    let change = UserChange {
        display_name: b.display_name,
        roles: b.roles.as_deref().map(roles).transpose()?,
        active: b.active,
        scope: match &b.scope {
            Some(s) => Some(scope_units(&app, &authed.actor, s).await?),
            None => None,
        },
        password: b.password,
    };
    let outcome = app.store.update_user(&authed.actor, id, &change).await?;
    ok(json!({ "outcome": outcome, "user": app.store.user(&authed.actor, id).await? }))
}

// ---- tokens and audit ---------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenBody {
    name: String,
}

pub async fn tokens_get(State(app): State<AppState>, authed: Authed) -> ApiResult {
    ok(json!({ "tokens": app.store.api_tokens(&authed.actor).await? }))
}

pub async fn tokens_post(
    State(app): State<AppState>,
    authed: Authed,
    JsonBody(b): JsonBody<TokenBody>,
) -> ApiResult {
    let (id, token) = app.store.create_api_token(&authed.actor, &b.name).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": id, "token": token })),
    )
        .into_response())
}

/// Revokes one of the caller's tokens, or, for an administrator, a token of a user they manage.
pub async fn token_delete(
    State(app): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> ApiResult {
    app.store
        .revoke_api_token(&authed.actor, user_id(&id)?)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The API tokens of a user the acting administrator manages.
pub async fn user_tokens_get(
    State(app): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> ApiResult {
    app.store.authorize(&authed.actor, Action::ManageUsers)?;
    ok(json!({ "tokens": app.store.user_api_tokens(&authed.actor, user_id(&id)?).await? }))
}

pub async fn audit_get(
    State(app): State<AppState>,
    authed: Authed,
    QueryParams(q): QueryParams<ListQuery>,
) -> ApiResult {
    let before = match q.before.as_deref() {
        Some(s) => Some(
            s.trim()
                .parse::<i64>()
                .map_err(|_| FieldError::new("before", FieldErrorKind::InvalidNumber))?,
        ),
        None => None,
    };
    let entries = app
        .store
        .audit_entries(
            &authed.actor,
            before,
            q.entity_id.as_deref(),
            limit(q.limit.as_deref(), 100)?,
        )
        .await?;
    ok(json!({ "entries": entries }))
}

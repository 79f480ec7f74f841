//! `/api/v1` for accounts: the session, the caller, users and API tokens.

use antt_domain::access::{Action, Role};
use antt_domain::unit::UnitId;
use antt_store::Actor;
use antt_store::units::Outcome;
use antt_store::users::{NewUser, UserChange};
use antt_store::users::{TokenView, UserView};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::AppState;
use crate::api::{ApiResult, ok, resolve_field};
use crate::auth::{Authed, ClientAddress, SESSION_COOKIE, set_cookie};
use crate::error::AppError;
use crate::input::{JsonBody, path_id as user_id};

// ---- session ----------------------------------------------------------------------------------

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    username: String,
    password: String,
}

/// Người dùng đã đăng nhập: tên, vai trò và phạm vi.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    /// Phạm vi là mọi đơn vị.
    pub all_units: bool,
    /// Các đơn vị gốc của phạm vi.
    pub scope: Vec<UnitId>,
    /// Mã CSRF của phiên, gửi lại trong tiêu đề X-CSRF-Token khi ghi.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csrf_token: Option<String>,
}

fn me(actor: &Actor, csrf_token: Option<String>) -> Me {
    Me {
        username: actor.username().to_string(),
        display_name: actor.display_name().to_string(),
        roles: actor.roles().to_vec(),
        all_units: actor.scope().is_all(),
        scope: actor.scope().roots().to_vec(),
        csrf_token,
    }
}

/// Đăng nhập thành công.
#[derive(Serialize, utoipa::ToSchema)]
pub struct LoggedIn {
    pub csrf_token: String,
    pub user: Me,
}

/// Đăng xuất khỏi mọi nơi.
#[derive(Serialize, utoipa::ToSchema)]
pub struct LoggedOutEverywhere {
    pub sessions_ended: u64,
    pub tokens_revoked: u64,
}

/// Người dùng trong phạm vi.
#[derive(Serialize, utoipa::ToSchema)]
pub struct UserList {
    /// Số người dùng (cả danh sách, không chia trang).
    pub total: usize,
    pub users: Vec<UserView>,
}

/// Kết quả sửa một người dùng.
#[derive(Serialize, utoipa::ToSchema)]
pub struct UserChanged {
    pub outcome: Outcome,
    pub user: UserView,
}

/// Các khóa API.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TokenList {
    pub tokens: Vec<TokenView>,
}

/// Một khóa API vừa tạo; `token` chỉ được trả một lần.
#[derive(Serialize, utoipa::ToSchema)]
pub struct NewToken {
    pub id: Uuid,
    pub token: String,
}

#[utoipa::path(post, path = "/session", tag = "users",
    summary = "Đăng nhập bằng tên và mật khẩu; đặt cookie phiên, trả mã CSRF",
    security(()), request_body = LoginBody,
    responses((status = 200, description = "Đã đăng nhập", body = LoggedIn),
        (status = 401, description = "Sai tên hoặc mật khẩu", body = crate::error::PublicError),
        (status = 403, response = crate::openapi::Forbidden),
        (status = 429, response = crate::openapi::Throttled), (status = 422, response = crate::openapi::Invalid)))]
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
        Json(LoggedIn {
            user: me(&actor, None),
            csrf_token: session.csrf,
        }),
    )
        .into_response())
}

#[utoipa::path(delete, path = "/session", tag = "users",
    summary = "Đăng xuất",
    responses((status = 204, description = "Đã đăng xuất")))]
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

// Log out everywhere: every session of the caller ends and every API token they hold is revoked.
#[utoipa::path(delete, path = "/sessions", tag = "users",
    summary = "Đăng xuất khỏi mọi nơi: kết thúc mọi phiên và thu hồi mọi khóa API của người dùng",
    responses((status = 200, description = "Số phiên đã kết thúc, số khóa đã thu hồi", body = LoggedOutEverywhere)))]
pub async fn sessions_delete(
    State(app): State<AppState>,
    ClientAddress(address): ClientAddress,
    authed: Authed,
) -> ApiResult {
    let (sessions, tokens) = app.store.logout_everywhere(&authed.actor, address).await?;
    let cookie = set_cookie(SESSION_COOKIE, "", 0, app.secure_cookies, "Lax");
    Ok((
        [(header::SET_COOKIE, cookie)],
        Json(LoggedOutEverywhere {
            sessions_ended: sessions,
            tokens_revoked: tokens,
        }),
    )
        .into_response())
}

#[utoipa::path(get, path = "/me", tag = "users",
    summary = "Người dùng hiện tại, vai trò, phạm vi và mã CSRF",
    responses((status = 200, description = "Người dùng hiện tại", body = Me)))]
pub async fn me_get(authed: Authed) -> ApiResult {
    ok(me(&authed.actor, authed.csrf.clone()))
}

// ---- users ------------------------------------------------------------------------------------

#[utoipa::path(get, path = "/users", tag = "users",
    summary = "Người dùng trong phạm vi của quản trị viên",
    responses((status = 200, description = "Người dùng", body = UserList)))]
pub async fn users_get(State(app): State<AppState>, authed: Authed) -> ApiResult {
    let users = app.store.users(&authed.actor).await?;
    ok(UserList {
        total: users.len(),
        users,
    })
}

#[utoipa::path(get, path = "/users/{id}", tag = "users",
    summary = "Một người dùng", params(("id" = Uuid, Path, description = "Khóa người dùng")),
    responses((status = 200, description = "Người dùng", body = antt_store::users::UserView), (status = 422, response = crate::openapi::Invalid)))]
pub async fn user_get(
    State(app): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> ApiResult {
    ok(app.store.user(&authed.actor, user_id(&id)?).await?)
}

#[derive(Deserialize, utoipa::ToSchema)]
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

#[utoipa::path(post, path = "/users", tag = "users",
    summary = "Tạo người dùng trong phạm vi của quản trị viên", request_body = UserBody,
    responses((status = 201, description = "Đã tạo", body = antt_store::users::UserView), (status = 422, response = crate::openapi::Invalid)))]
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

#[derive(Deserialize, utoipa::ToSchema)]
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

#[utoipa::path(patch, path = "/users/{id}", tag = "users",
    summary = "Sửa tên, vai trò, phạm vi, trạng thái, đặt lại mật khẩu",
    params(("id" = Uuid, Path, description = "Khóa người dùng")), request_body = UserPatch,
    responses((status = 200, description = "Đã sửa (hoặc không đổi gì)", body = UserChanged), (status = 422, response = crate::openapi::Invalid)))]
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
    let user = app.store.user(&authed.actor, id).await?;
    ok(UserChanged { outcome, user })
}

// ---- tokens and audit ---------------------------------------------------------------------------

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenBody {
    name: String,
}

#[utoipa::path(get, path = "/tokens", tag = "users",
    summary = "Khóa API của người dùng hiện tại",
    responses((status = 200, description = "Các khóa", body = TokenList)))]
pub async fn tokens_get(State(app): State<AppState>, authed: Authed) -> ApiResult {
    let tokens = app.store.api_tokens(&authed.actor).await?;
    ok(TokenList { tokens })
}

#[utoipa::path(post, path = "/tokens", tag = "users",
    summary = "Tạo khóa API (chỉ hiện một lần)", request_body = TokenBody,
    responses((status = 201, description = "Khóa mới; giá trị chỉ trả một lần", body = NewToken), (status = 422, response = crate::openapi::Invalid)))]
pub async fn tokens_post(
    State(app): State<AppState>,
    authed: Authed,
    JsonBody(b): JsonBody<TokenBody>,
) -> ApiResult {
    let (id, token) = app.store.create_api_token(&authed.actor, &b.name).await?;
    Ok((StatusCode::CREATED, Json(NewToken { id, token })).into_response())
}

// Revokes one of the caller's tokens, or, for an administrator, a token of a user they manage.
#[utoipa::path(delete, path = "/tokens/{id}", tag = "users",
    summary = "Thu hồi một khóa API của mình, hoặc (quản trị viên) của người dùng mình quản lý",
    params(("id" = Uuid, Path, description = "Khóa của khóa API")),
    responses((status = 204, description = "Đã thu hồi"), (status = 422, response = crate::openapi::Invalid)))]
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

// The API tokens of a user the acting administrator manages.
#[utoipa::path(get, path = "/users/{id}/tokens", tag = "users",
    summary = "Các khóa API của một người dùng trong phạm vi quản trị", params(("id" = Uuid, Path, description = "Khóa người dùng")),
    responses((status = 200, description = "Các khóa", body = TokenList), (status = 422, response = crate::openapi::Invalid)))]
pub async fn user_tokens_get(
    State(app): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> ApiResult {
    app.store.authorize(&authed.actor, Action::ManageUsers)?;
    let tokens = app
        .store
        .user_api_tokens(&authed.actor, user_id(&id)?)
        .await?;
    ok(TokenList { tokens })
}

//! Người dùng: list, create and change accounts, inside the administrator's own scope.

use antt_domain::access::Role;
use antt_store::units::Outcome;
use antt_store::users::{NewUser, UserChange, UserView};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::api::resolve_unit;
use crate::auth::{Authed, UiAuthed};
use crate::error::{AppError, PublicError, UiError};
use crate::input::FormBody;
use crate::ui::{form_error, page, vn_date};

pub async fn users_get(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
) -> Result<Response, UiError> {
    let users = app.store.users(&a.actor).await?;
    Ok(page(
        "Người dùng",
        Some(&a),
        html! {
            h1 { "Người dùng" }
            p { a.button href="/users/new" { "+ Thêm người dùng" } }
            table.users {
                thead { tr { th { "Tên đăng nhập" } th { "Họ và tên" } th { "Vai trò" } th { "Phạm vi" } th { "Trạng thái" } } }
                tbody {
                    @for u in &users {
                        tr data-username=(u.username) {
                            td { a href={ "/users/" (u.id) } { (u.username) } }
                            td { (u.display_name) }
                            td { (roles_text(&u.roles)) }
                            td { (scope_text(u)) }
                            td { @if u.active { "Đang hoạt động" } @else { span.warn { "Đã khóa" } } }
                        }
                    }
                }
            }
        },
    )
    .into_response())
}

fn roles_text(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.label_vi())
        .collect::<Vec<_>>()
        .join(", ")
}

fn scope_text(u: &UserView) -> String {
    if u.all_units {
        return "Toàn quốc".into();
    }
    u.scope
        .iter()
        .map(|s| format!("{} ({})", s.name, s.code))
        .collect::<Vec<_>>()
        .join("; ")
}

fn role_boxes(selected: &[Role]) -> Markup {
    html! {
        fieldset {
            legend { "Vai trò" }
            @for r in Role::ALL {
                label.check { input type="checkbox" name="roles" value=(r.as_str()) checked[selected.contains(&r)]; (r.label_vi()) }
            }
        }
    }
}

#[derive(Deserialize, Default)]
pub struct UserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    /// Unit codes separated by commas or spaces.
    #[serde(default)]
    scope: String,
    #[serde(default)]
    all_units: Option<String>,
    #[serde(default)]
    active: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    csrf: String,
}

/// Roles come as repeated `roles=` fields, which a struct cannot hold; read them from the pairs.
#[derive(Deserialize)]
#[serde(transparent)]
pub struct Pairs(Vec<(String, String)>);

fn split(pairs: &Pairs) -> Result<(UserForm, Vec<Role>), AppError> {
    let mut roles = Vec::new();
    let mut rest = Vec::new();
    for (k, v) in &pairs.0 {
        if k == "roles" {
            roles.push(Role::parse(v)?);
        } else {
            rest.push((k.clone(), v.clone()));
        }
    }
    let form: UserForm =
        serde_urlencoded::from_str(&serde_urlencoded::to_string(&rest).unwrap_or_default())
            .map_err(|_| AppError::Malformed {
                code: "invalid_form",
                message: "Biểu mẫu gửi lên không hợp lệ.".into(),
            })?;
    Ok((form, roles))
}

async fn scope_of(
    app: &AppState,
    a: &Authed,
    raw: &str,
) -> Result<Vec<antt_domain::unit::UnitId>, AppError> {
    let mut out = Vec::new();
    for code in raw.split([',', ' ', ';']).filter(|c| !c.trim().is_empty()) {
        match resolve_unit(app, &a.actor, code).await {
            Ok(id) => out.push(id),
            Err(AppError::Store(antt_store::StoreError::NotFound)) => {
                return Err(antt_domain::FieldError::new(
                    "scope",
                    antt_domain::FieldErrorKind::from(antt_domain::unit::UnitFault::UnitNotFound),
                )
                .into());
            }
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

fn new_form(a: &Authed, f: &UserForm, roles: &[Role], error: Option<PublicError>) -> Markup {
    html! {
        h1 { "Thêm người dùng" }
        (form_error(&error))
        form method="post" action="/users" {
            input type="hidden" name="csrf" value=(a.csrf.clone().unwrap_or_default());
            label { "Tên đăng nhập" input name="username" value=(f.username) required; }
            label { "Họ và tên" input name="display_name" value=(f.display_name) required; }
            label { "Mật khẩu (ít nhất 8 ký tự)" input type="password" name="password" autocomplete="new-password" required; }
            (role_boxes(roles))
            label { "Phạm vi: mã đơn vị, cách nhau bởi dấu phẩy (ví dụ 23538)" input name="scope" value=(f.scope); }
            @if a.actor.scope().is_all() {
                label.check { input type="checkbox" name="all_units" value="1" checked[f.all_units.is_some()]; "Toàn quốc (mọi đơn vị)" }
            }
            button type="submit" { "Tạo người dùng" }
        }
    }
}

pub async fn user_new_get(UiAuthed(a): UiAuthed) -> Result<Response, UiError> {
    if !a.actor.may(antt_domain::access::Action::ManageUsers) {
        return Err(AppError::Store(antt_store::StoreError::Forbidden).into());
    }
    Ok(page(
        "Thêm người dùng",
        Some(&a),
        new_form(&a, &UserForm::default(), &[], None),
    )
    .into_response())
}

pub async fn users_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    FormBody(pairs): FormBody<Pairs>,
) -> Result<Response, UiError> {
    let (f, roles) = split(&pairs)?;
    let result = async {
        let new = NewUser {
            username: f.username.clone(),
            display_name: f.display_name.clone(),
            password: f.password.clone(),
            roles: roles.clone(),
            all_units: f.all_units.is_some(),
            scope: scope_of(&app, &a, &f.scope).await?,
        };
        Ok::<_, AppError>(app.store.create_user(&a.actor, &new).await?)
    }
    .await;
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/users/{id}")).into_response()),
        Err(e) if e.public().status == StatusCode::UNPROCESSABLE_ENTITY => {
            let p = e.public();
            Ok((
                p.status,
                page(
                    "Thêm người dùng",
                    Some(&a),
                    new_form(&a, &f, &roles, Some(p)),
                ),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

fn edit_form(a: &Authed, u: &UserView, error: Option<PublicError>, saved: bool) -> Markup {
    let scope_codes = u
        .scope
        .iter()
        .map(|s| s.code.clone())
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        h1 { (u.display_name) " " span.code { (u.username) } }
        p { "Tạo ngày " (vn_date(antt_domain::date::today_vn(u.created_at))) }
        @if saved { div.notice { "Đã lưu." } }
        (form_error(&error))
        form method="post" action={ "/users/" (u.id) } {
            input type="hidden" name="csrf" value=(a.csrf.clone().unwrap_or_default());
            label { "Họ và tên" input name="display_name" value=(u.display_name) required; }
            (role_boxes(&u.roles))
            @if !u.all_units {
                label { "Phạm vi: mã đơn vị, cách nhau bởi dấu phẩy" input name="scope" value=(scope_codes); }
            }
            label.check { input type="checkbox" name="active" value="1" checked[u.active]; "Đang hoạt động" }
            label { "Đặt lại mật khẩu (để trống nếu không đổi)" input type="password" name="password" autocomplete="new-password"; }
            button type="submit" { "Lưu" }
        }
        p { a href={ "/audit?entity_id=" (u.id) } { "Xem nhật ký thay đổi của người dùng này" } }
    }
}

fn parse_user_id(raw: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(raw).map_err(|_| AppError::Store(antt_store::StoreError::NotFound))
}

pub async fn user_get(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    Path(id): Path<String>,
    crate::input::QueryParams(q): crate::input::QueryParams<
        std::collections::HashMap<String, String>,
    >,
) -> Result<Response, UiError> {
    let u = app.store.user(&a.actor, parse_user_id(&id)?).await?;
    Ok(page(
        &u.display_name,
        Some(&a),
        edit_form(&a, &u, None, q.contains_key("saved")),
    )
    .into_response())
}

pub async fn user_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    Path(id): Path<String>,
    FormBody(pairs): FormBody<Pairs>,
) -> Result<Response, UiError> {
    let id = parse_user_id(&id)?;
    let (f, roles) = split(&pairs)?;
    let current = app.store.user(&a.actor, id).await?;
    let result = async {
        let change = UserChange {
            display_name: Some(f.display_name.clone()),
            roles: Some(roles.clone()),
            active: Some(f.active.is_some()),
            scope: if current.all_units {
                None
            } else {
                Some(scope_of(&app, &a, &f.scope).await?)
            },
            password: Some(f.password.clone()).filter(|p| !p.is_empty()),
        };
        Ok::<_, AppError>(app.store.update_user(&a.actor, id, &change).await?)
    }
    .await;
    match result {
        Ok(Outcome::Changed | Outcome::Unchanged) => {
            Ok(Redirect::to(&format!("/users/{id}?saved=1")).into_response())
        }
        Err(e) if e.public().status == StatusCode::UNPROCESSABLE_ENTITY => {
            let p = e.public();
            Ok((
                p.status,
                page(
                    &current.display_name,
                    Some(&a),
                    edit_form(&a, &current, Some(p), false),
                ),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

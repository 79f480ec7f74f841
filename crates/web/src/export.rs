//! Downloads: the member list as XLSX, from the teams the store loads within scope.

use antt_documents::xlsx::{MemberRow, member_list};
use antt_store::force::TeamView;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;

use crate::AppState;
use crate::api::{as_of, resolve_unit};
use crate::api_force::ForceQuery;
use crate::auth::Authed;
use crate::error::AppError;
use crate::input::QueryParams;

/// The members in post on `on`, one row each, team by team.
pub fn member_rows(teams: &[TeamView], on: NaiveDate) -> Vec<MemberRow> {
    let mut rows = Vec::new();
    for t in teams {
        let villages = t
            .villages
            .iter()
            .map(|v| v.name.clone())
            .collect::<Vec<_>>()
            .join(", ");
        let mut members: Vec<_> = t
            .members
            .iter()
            .filter(|m| m.start_date <= on && m.end_date.is_none_or(|e| on <= e))
            .collect();
        members.sort_by_key(|m| (m.role as u8, m.full_name.clone()));
        for m in members {
            rows.push(MemberRow {
                team: t.name.clone(),
                villages: villages.clone(),
                full_name: m.full_name.clone(),
                birth_date: m.birth_date,
                sex: match m.sex {
                    antt_domain::person::Sex::Male => "Nam".into(),
                    antt_domain::person::Sex::Female => "Nữ".into(),
                },
                cccd: m.cccd.clone(),
                ethnicity: m.ethnicity.clone(),
                role: m.role_label.to_string(),
                origin: m.origin.label_vi().to_string(),
                start_date: m.start_date,
                phone: m.phone.clone().unwrap_or_default(),
            });
        }
    }
    rows
}

/// `danh-sach-thanh-vien-23538-2025-08-01.xlsx`
pub async fn members_xlsx(
    app: &AppState,
    a: &Authed,
    q: &ForceQuery,
) -> Result<Response, AppError> {
    let on = as_of(app, q.date.as_deref())?;
    let code =
        q.commune
            .clone()
            .filter(|c| !c.trim().is_empty())
            .ok_or(antt_domain::FieldError::new(
                "commune",
                antt_domain::FieldErrorKind::Required,
            ))?;
    let commune = resolve_unit(app, &a.actor, &code).await?;
    let detail = app.store.unit_detail(&a.actor, commune, on).await?;
    let teams = app.store.teams(&a.actor, Some(commune), on).await?;
    let name = detail
        .current
        .map(|c| c.name)
        .unwrap_or_else(|| detail.code.clone());
    let bytes = member_list(&name, on, &member_rows(&teams, on), app.use_demo_packs)
        .map_err(|e| AppError::Store(antt_store::StoreError::Config(e.to_string())))?;
    let file = format!(
        "attachment; filename=\"danh-sach-thanh-vien-{}-{on}.xlsx\"",
        detail.code
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (header::CONTENT_DISPOSITION, file),
        ],
        bytes,
    )
        .into_response())
}

pub async fn members_xlsx_get(
    State(app): State<AppState>,
    a: Authed,
    QueryParams(q): QueryParams<ForceQuery>,
) -> Result<Response, AppError> {
    members_xlsx(&app, &a, &q).await
}

pub async fn members_xlsx_page(
    State(app): State<AppState>,
    crate::auth::UiAuthed(a): crate::auth::UiAuthed,
    QueryParams(q): QueryParams<ForceQuery>,
) -> Result<Response, crate::error::UiError> {
    Ok(members_xlsx(&app, &a, &q).await?)
}

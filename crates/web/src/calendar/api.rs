//! `/api/v1/calendar`: the days off of a year and counting working days across them.

use antt_domain::access::Action;
use antt_domain::calendar::days_off;
use antt_domain::{FieldError, FieldErrorKind, date};
use antt_store::calendar::YearSchedule;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::AppState;
use crate::auth::Authed;
use crate::error::AppError;
use crate::input::{JsonBody, QueryParams};

fn year(raw: &str) -> Result<i32, AppError> {
    raw.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(|| FieldError::new("year", FieldErrorKind::InvalidNumber).into())
}

/// The days off of a year, with where each comes from.
pub async fn year_days(
    app: &AppState,
    y: i32,
) -> Result<(Vec<antt_domain::calendar::DayOff>, Option<YearSchedule>), AppError> {
    let schedules = app.store.holiday_years().await?;
    let announced = schedules.into_iter().find(|s| s.year == y);
    let a = announced.as_ref().map(YearSchedule::announcement);
    Ok((days_off(y, a.as_ref()), announced))
}

pub async fn year_get(
    State(app): State<AppState>,
    _a: Authed,
    Path(y): Path<String>,
) -> Result<Response, AppError> {
    let y = year(&y)?;
    let (days, announced) = year_days(&app, y).await?;
    Ok(Json(json!({ "year": y, "announced": announced, "days_off": days })).into_response())
}

pub async fn year_put(
    State(app): State<AppState>,
    a: Authed,
    Path(y): Path<String>,
    JsonBody(body): JsonBody<YearSchedule>,
) -> Result<Response, AppError> {
    app.store.authorize(&a.actor, Action::ManageUnits)?;
    if body.year != year(&y)? {
        return Err(FieldError::new("year", FieldErrorKind::Other("date_outside_year")).into());
    }
    let outcome = app.store.set_holiday_year(&a.actor, &body).await?;
    Ok(Json(json!({ "outcome": outcome })).into_response())
}

#[derive(Deserialize, Default)]
pub struct CountQuery {
    from: Option<String>,
    days: Option<String>,
}

pub async fn working_days_get(
    State(app): State<AppState>,
    _a: Authed,
    QueryParams(q): QueryParams<CountQuery>,
) -> Result<Response, AppError> {
    let from = date::parse("date", q.from.as_deref().unwrap_or(""))?;
    let n: u32 = q
        .days
        .as_deref()
        .unwrap_or("")
        .trim()
        .parse()
        .ok()
        .filter(|n| *n <= 365)
        .ok_or(FieldError::new("days", FieldErrorKind::InvalidNumber))?;
    let cal = app.store.work_calendar(from).await?;
    let end = cal.add_working_days(from, n);
    Ok(Json(json!({ "from": from, "working_days": n, "deadline": end, "provisional": cal.provisional_between(from, end) })).into_response())
}

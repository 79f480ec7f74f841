//! `/api/v1/calendar`: the days off of a year and counting working days across them.

use antt_domain::access::Action;
use antt_domain::calendar::DayOff;
use antt_domain::calendar::days_off;
use antt_domain::{FieldError, FieldErrorKind, date};
use antt_store::calendar::YearSchedule;
use antt_store::units::Outcome;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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

/// Các ngày nghỉ của một năm, và lịch đã công bố nếu có.
#[derive(Serialize, utoipa::ToSchema)]
pub struct YearDays {
    pub year: i32,
    pub announced: Option<YearSchedule>,
    pub days_off: Vec<DayOff>,
}

/// Kết quả nhập lịch nghỉ.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ScheduleSaved {
    pub outcome: Outcome,
}

/// Hạn sau một số ngày làm việc.
#[derive(Serialize, utoipa::ToSchema)]
pub struct WorkingDays {
    pub from: NaiveDate,
    pub working_days: u32,
    pub deadline: NaiveDate,
    /// Khoảng thời gian có ngày nghỉ dự kiến (chưa có thông báo chính thức).
    pub provisional: bool,
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

#[utoipa::path(get, path = "/calendar/{id}", tag = "calendar",
    summary = "Ngày nghỉ lễ, Tết của một năm: theo thông báo, nghỉ bù, hoặc dự kiến khi chưa có thông báo",
    params(("id" = i32, Path, description = "Năm (2000–2100)")),
    responses((status = 200, description = "Các ngày nghỉ", body = YearDays), (status = 422, response = crate::openapi::Invalid)))]
pub async fn year_get(
    State(app): State<AppState>,
    _a: Authed,
    Path(y): Path<String>,
) -> Result<Response, AppError> {
    let y = year(&y)?;
    let (days, announced) = year_days(&app, y).await?;
    Ok(Json(YearDays {
        year: y,
        announced,
        days_off: days,
    })
    .into_response())
}

#[utoipa::path(put, path = "/calendar/{id}", tag = "calendar",
    summary = "Nhập hoặc sửa lịch nghỉ đã công bố của một năm (quản trị); ghi nhật ký",
    params(("id" = i32, Path, description = "Năm (2000–2100)")), request_body = YearSchedule,
    responses((status = 200, description = "Kết quả", body = ScheduleSaved), (status = 422, response = crate::openapi::Invalid)))]
pub async fn year_put(
    State(app): State<AppState>,
    a: Authed,
    Path(y): Path<String>,
    JsonBody(body): JsonBody<YearSchedule>,
) -> Result<Response, AppError> {
    app.store.authorize(&a.actor, Action::ManageUnits)?;
    if body.year != year(&y)? {
        return Err(FieldError::new(
            "year",
            FieldErrorKind::from(antt_domain::calendar::CalendarFault::DateOutsideYear),
        )
        .into());
    }
    let outcome = app.store.set_holiday_year(&a.actor, &body).await?;
    Ok(Json(ScheduleSaved { outcome }).into_response())
}

#[derive(Deserialize, Default)]
pub struct CountQuery {
    from: Option<String>,
    days: Option<String>,
}

#[utoipa::path(get, path = "/calendar/working-days", tag = "calendar",
    summary = "Ngày hết hạn sau N ngày làm việc kể từ một ngày, và có qua ngày nghỉ dự kiến hay không",
    params(("from" = String, Query, description = "Ngày bắt đầu (dd/mm/yyyy hoặc yyyy-mm-dd)"),
        ("days" = u32, Query, description = "Số ngày làm việc (0–365)")),
    responses((status = 200, description = "Hạn", body = WorkingDays), (status = 422, response = crate::openapi::Invalid)))]
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
    Ok(Json(WorkingDays {
        from,
        working_days: n,
        deadline: end,
        provisional: cal.provisional_between(from, end),
    })
    .into_response())
}

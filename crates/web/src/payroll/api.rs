//! `/api/v1/payrolls` and `/api/v1/duty-shifts`.

use antt_domain::kernel::ids::{PersonId, TeamId};
use antt_domain::payroll::{DutyKind, Month, duty::parse_time};
use antt_store::payroll::{ArrearRow, NewShift, PayrollRollup, PayrollView, ShiftView};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use serde::Deserialize;

use crate::AppState;
use crate::api::resolve_unit;
use crate::auth::Authed;
use crate::download::FileKind;
use crate::error::AppError;
use crate::input::{JsonBody, QueryParams, required};

type ApiResult = Result<Response, AppError>;

#[derive(Deserialize, Default)]
pub struct PayrollQuery {
    pub commune: Option<String>,
    pub unit: Option<String>,
    pub month: Option<String>,
    /// `xlsx`, `pdf` or `docx` for the sheet as a file; `treasury` for Mẫu số 09 (PDF),
    /// `bank` (with `bank`) for a bank's file.
    pub format: Option<String>,
    /// The bank whose layout the file follows (format `bank`).
    pub bank: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The month asked, or the current month in Vietnam.
pub(crate) fn month_of(app: &AppState, raw: Option<&str>) -> Result<Month, AppError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Ok(Month::parse("month", s)?),
        None => Ok(Month::of(app.store.clock().today_vn())),
    }
}

#[utoipa::path(get, path = "/payrolls", tag = "payroll",
    summary = "Bảng thanh toán phụ cấp của một xã trong một tháng: đã duyệt thì đúng như khi duyệt; chưa duyệt thì tính lại từ dữ liệu và quy định hôm nay, kèm truy lĩnh, truy thu của các tháng đã duyệt; mỗi số tiền kèm cách tính và căn cứ",
    params(("commune" = String, Query, description = "Mã xã"),
        ("month" = Option<String>, Query, description = "Tháng, YYYY-MM; mặc định là tháng này"),
        ("format" = Option<String>, Query, description = "xlsx, pdf hoặc docx: bảng thanh toán để in, ký; treasury: Mẫu số 09 gửi Kho bạc (PDF); bank: tệp CSV theo mẫu của ngân hàng (tháng đã duyệt)"),
        ("bank" = Option<String>, Query, description = "Tên ngân hàng đã khai báo mẫu tệp (với format=bank)")),
    responses((status = 200, description = "Bảng thanh toán", body = PayrollView),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn payroll_get(
    State(app): State<AppState>,
    a: Authed,
    QueryParams(q): QueryParams<PayrollQuery>,
) -> ApiResult {
    let commune = resolve_unit(&app, &a.actor, required("commune", q.commune.as_deref())?).await?;
    let month = month_of(&app, q.month.as_deref())?;
    match q.format.as_deref() {
        Some(f @ ("treasury" | "bank")) => {
            super::payees_file(&app, &a, commune, month, f, q.bank.as_deref()).await
        }
        Some(f) => {
            let v = app.store.payroll(&a.actor, commune, month).await?;
            super::payroll_file(&app, &v, FileKind::parse(f)?)
        }
        None => Ok(Json(app.store.payroll(&a.actor, commune, month).await?).into_response()),
    }
}

#[utoipa::path(get, path = "/payrolls/rollup", tag = "payroll",
    summary = "Bảng thanh toán của mọi xã thuộc một đơn vị (tỉnh, huyện trước 01/7/2025) trong một tháng: mỗi xã một dòng, trạng thái, tổng, thiếu quy định; tổng cộng khớp đến từng đồng",
    params(("unit" = String, Query, description = "Mã đơn vị"),
        ("month" = Option<String>, Query, description = "Tháng, YYYY-MM")),
    responses((status = 200, description = "Tổng hợp", body = PayrollRollup)))]
pub async fn rollup_get(
    State(app): State<AppState>,
    a: Authed,
    QueryParams(q): QueryParams<PayrollQuery>,
) -> ApiResult {
    let unit = resolve_unit(&app, &a.actor, required("unit", q.unit.as_deref())?).await?;
    let month = month_of(&app, q.month.as_deref())?;
    let r = app
        .store
        .payroll_rollup(&a.actor, unit, month, |_, _| {})
        .await?;
    Ok(Json(r).into_response())
}

/// The arrears of a period.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ArrearList {
    pub from: Month,
    pub to: Month,
    pub total: antt_domain::money::Dong,
    pub arrears: Vec<ArrearRow>,
}

#[utoipa::path(get, path = "/payrolls/arrears", tag = "payroll",
    summary = "Mọi khoản truy lĩnh, truy thu trên bảng thanh toán của một xã từ tháng đến tháng (tối đa 12 tháng): tháng của khoản, số đã chi, số được hưởng, chênh lệch, lý do",
    params(("commune" = String, Query, description = "Mã xã"),
        ("from" = String, Query, description = "Từ tháng, YYYY-MM"),
        ("to" = String, Query, description = "Đến tháng, YYYY-MM")),
    responses((status = 200, description = "Các khoản truy lĩnh, truy thu", body = ArrearList),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn arrears_get(
    State(app): State<AppState>,
    a: Authed,
    QueryParams(q): QueryParams<PayrollQuery>,
) -> ApiResult {
    let commune = resolve_unit(&app, &a.actor, required("commune", q.commune.as_deref())?).await?;
    let from = Month::parse("from", required("from", q.from.as_deref())?)?;
    let to = Month::parse("to", required("to", q.to.as_deref())?)?;
    let arrears = app
        .store
        .payroll_arrears(&a.actor, commune, from, to)
        .await?;
    Ok(Json(ArrearList {
        from,
        to,
        total: antt_domain::money::Dong(arrears.iter().map(|r| r.arrear.diff.0).sum()),
        arrears,
    })
    .into_response())
}

/// A payroll to move to its next state.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PayrollAct {
    /// Mã xã.
    pub commune: String,
    /// YYYY-MM.
    pub month: String,
    /// Why it is sent back (return only).
    #[serde(default)]
    pub reason: Option<String>,
    /// The day it was paid (pay only), yyyy-mm-dd or dd/mm/yyyy.
    #[serde(default)]
    pub paid_on: Option<String>,
    /// The voucher (pay only): phiếu chi, ủy nhiệm chi.
    #[serde(default)]
    pub voucher: Option<String>,
}

async fn target(
    app: &AppState,
    a: &Authed,
    b: &PayrollAct,
) -> Result<(antt_domain::unit::UnitId, Month), AppError> {
    Ok((
        resolve_unit(app, &a.actor, &b.commune).await?,
        Month::parse("month", &b.month)?,
    ))
}

#[utoipa::path(post, path = "/payrolls/check", tag = "payroll",
    summary = "Kế toán kiểm tra bảng thanh toán: các số tiền hôm nay được giữ làm bản đã kiểm tra; từ chối khi còn thiếu quy định hoặc tháng đã duyệt",
    request_body = PayrollAct,
    responses((status = 200, description = "Bảng đã kiểm tra", body = PayrollView),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn check_post(
    State(app): State<AppState>,
    a: Authed,
    JsonBody(b): JsonBody<PayrollAct>,
) -> ApiResult {
    let (c, m) = target(&app, &a, &b).await?;
    Ok(Json(app.store.check_payroll(&a.actor, c, m).await?).into_response())
}

#[utoipa::path(post, path = "/payrolls/return", tag = "payroll",
    summary = "Kế toán trả lại bảng đã kiểm tra (chưa duyệt) để lập lại, ghi lý do",
    request_body = PayrollAct,
    responses((status = 200, description = "Bảng trở lại dự thảo", body = PayrollView),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn return_post(
    State(app): State<AppState>,
    a: Authed,
    JsonBody(b): JsonBody<PayrollAct>,
) -> ApiResult {
    let (c, m) = target(&app, &a, &b).await?;
    let reason = b.reason.as_deref().unwrap_or("");
    Ok(Json(app.store.return_payroll(&a.actor, c, m, reason).await?).into_response())
}

#[utoipa::path(post, path = "/payrolls/approve", tag = "payroll",
    summary = "Chủ tịch UBND xã duyệt bảng đã kiểm tra; bảng đã duyệt không bao giờ thay đổi. Từ chối khi tháng chưa hết, khi một tháng sau đã duyệt, khi người duyệt là người kiểm tra, hoặc khi số liệu đã đổi sau khi kiểm tra",
    request_body = PayrollAct,
    responses((status = 200, description = "Bảng đã duyệt", body = PayrollView),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn approve_post(
    State(app): State<AppState>,
    a: Authed,
    JsonBody(b): JsonBody<PayrollAct>,
) -> ApiResult {
    let (c, m) = target(&app, &a, &b).await?;
    Ok(Json(app.store.approve_payroll(&a.actor, c, m).await?).into_response())
}

#[utoipa::path(post, path = "/payrolls/pay", tag = "payroll",
    summary = "Ghi nhận đã chi trả bảng đã duyệt: ngày chi (không trước ngày duyệt, không sau hôm nay) và số chứng từ",
    request_body = PayrollAct,
    responses((status = 200, description = "Bảng đã chi trả", body = PayrollView),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn pay_post(
    State(app): State<AppState>,
    a: Authed,
    JsonBody(b): JsonBody<PayrollAct>,
) -> ApiResult {
    let (c, m) = target(&app, &a, &b).await?;
    let paid_on = antt_domain::date::parse("paid_on", required("paid_on", b.paid_on.as_deref())?)?;
    let voucher = b.voucher.as_deref().unwrap_or("");
    Ok(Json(
        app.store
            .pay_payroll(&a.actor, c, m, paid_on, voucher)
            .await?,
    )
    .into_response())
}

#[derive(Deserialize, Default)]
pub struct ShiftQuery {
    pub commune: Option<String>,
    pub team: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Shifts of a period.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ShiftList {
    pub total: usize,
    pub shifts: Vec<ShiftView>,
}

#[utoipa::path(get, path = "/duty-shifts", tag = "payroll",
    summary = "Sổ trực của một xã (hoặc một Tổ) từ ngày đến ngày, tối đa 93 ngày: các ca, giờ, số phút ban đêm, người tham gia, đã khóa hay chưa",
    params(("commune" = String, Query, description = "Mã xã"),
        ("team" = Option<String>, Query, description = "Khóa (UUID) của Tổ"),
        ("from" = String, Query, description = "Từ ngày"),
        ("to" = String, Query, description = "Đến ngày")),
    responses((status = 200, description = "Các ca", body = ShiftList),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn shifts_get(
    State(app): State<AppState>,
    a: Authed,
    QueryParams(q): QueryParams<ShiftQuery>,
) -> ApiResult {
    let commune = resolve_unit(&app, &a.actor, required("commune", q.commune.as_deref())?).await?;
    let team = q.team.as_deref().map(TeamId::parse).transpose()?;
    let from = antt_domain::date::parse("from", required("from", q.from.as_deref())?)?;
    let to = antt_domain::date::parse("to", required("to", q.to.as_deref())?)?;
    let shifts = app
        .store
        .duty_shifts(&a.actor, commune, team, from, to)
        .await?;
    Ok(Json(ShiftList {
        total: shifts.len(),
        shifts,
    })
    .into_response())
}

/// A shift to enter.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShiftBody {
    /// Khóa (UUID) của Tổ.
    pub team: String,
    /// Ngày bắt đầu ca.
    pub date: String,
    /// hh:mm.
    pub start: String,
    /// hh:mm; sớm hơn giờ bắt đầu là sang ngày hôm sau.
    pub end: String,
    /// patrol, duty, event, fire_rescue, mobilised.
    pub kind: String,
    #[serde(default)]
    pub hazardous: bool,
    #[serde(default)]
    pub mobilised_by: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// Khóa (UUID) của những người tham gia (tối đa 100).
    pub people: Vec<String>,
}

pub(crate) fn new_shift(b: &ShiftBody) -> Result<NewShift, AppError> {
    if b.people.len() > antt_store::payroll::duty::MAX_PEOPLE_PER_SHIFT {
        return Err(antt_domain::FieldError::new(
            "people",
            antt_domain::FieldErrorKind::from(antt_domain::payroll::PayrollFault::TooManyPeople),
        )
        .into());
    }
    Ok(NewShift {
        team: TeamId::parse(&b.team)?,
        date: antt_domain::date::parse("date", &b.date)?,
        start: parse_time("start", &b.start)?,
        end: parse_time("end", &b.end)?,
        kind: DutyKind::parse(&b.kind)?,
        hazardous: b.hazardous,
        mobilised_by: b.mobilised_by.clone(),
        note: b.note.clone(),
        people: b
            .people
            .iter()
            .map(|p| PersonId::parse(p))
            .collect::<Result<Vec<_>, _>>()?,
    })
}

#[utoipa::path(post, path = "/duty-shifts", tag = "payroll",
    summary = "Ghi một ca trực, tuần tra vào sổ: Tổ, ngày, giờ bắt đầu và kết thúc (ca có thể qua nửa đêm), loại, người tham gia (thành viên đang tham gia vào ngày đó); từ chối khi tháng đã duyệt bảng thanh toán",
    request_body = ShiftBody,
    responses((status = 201, description = "Ca đã ghi", body = ShiftView),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn shifts_post(
    State(app): State<AppState>,
    a: Authed,
    JsonBody(b): JsonBody<ShiftBody>,
) -> ApiResult {
    let new = new_shift(&b)?;
    let s = app.store.record_duty_shift(&a.actor, &new).await?;
    Ok((StatusCode::CREATED, Json(s)).into_response())
}

#[utoipa::path(delete, path = "/duty-shifts/{id}", tag = "payroll",
    summary = "Xóa một ca ghi nhầm (không được khi tháng đã duyệt bảng thanh toán)",
    params(("id" = String, Path, description = "Khóa (UUID) của ca")),
    responses((status = 204, description = "Đã xóa"), (status = 422, response = crate::openapi::Invalid)))]
pub async fn shift_delete(
    State(app): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> ApiResult {
    let id = uuid::Uuid::parse_str(id.trim())
        .map_err(|_| AppError::Store(antt_store::StoreError::NotFound))?;
    app.store.delete_duty_shift(&a.actor, id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

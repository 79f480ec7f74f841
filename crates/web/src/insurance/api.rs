//! `/api/v1/insurance`, `/api/v1/people/{id}/insurance`, `/api/v1/people/{id}/bank-account`,
//! `/api/v1/payment-details` and `/api/v1/bank-layouts`.

use antt_domain::insurance::quarter::{Enrolment, PaymentMode, Quarter};
use antt_domain::kernel::ids::PersonId;
use antt_domain::payroll::Month;
use antt_domain::payroll::bank::{BankAccount, BankLayout, PaymentDetails};
use antt_store::insurance::{InsuranceQuarterView, InsuranceYear};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Json, Response};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::api::resolve_unit;
use crate::auth::Authed;
use crate::download::FileKind;
use crate::error::AppError;
use crate::input::{JsonBody, QueryParams, required};

type ApiResult = Result<Response, AppError>;

#[derive(Deserialize, Default)]
pub struct QuarterQuery {
    pub commune: Option<String>,
    /// A province or a district (the roll-up).
    pub unit: Option<String>,
    pub quarter: Option<String>,
    pub year: Option<i32>,
    /// `xlsx` (the transfer and the lists), `pdf` or `docx` (the transfer for signing).
    pub format: Option<String>,
}

/// The quarter asked, or the one under way in Vietnam.
pub(crate) fn quarter_of(app: &AppState, raw: Option<&str>) -> Result<Quarter, AppError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Ok(Quarter::parse("quarter", s)?),
        None => Ok(Quarter::of(app.store.clock().today_vn())),
    }
}

#[utoipa::path(get, path = "/insurance", tag = "insurance",
    summary = "Kinh phí hỗ trợ đóng BHXH tự nguyện, BHYT của một xã trong một quý (INS-10): tạm cấp đầu quý (thành viên đang tham gia ngày đầu quý, đủ 3 tháng), thực tế từng tháng, chênh lệch phải chuyển hoặc giảm trừ, từng thành viên và tổng; tăng, giảm trong quý; mỗi số kèm cách tính. Đã quyết toán thì đúng như khi quyết toán",
    params(("commune" = String, Query, description = "Mã xã"),
        ("quarter" = Option<String>, Query, description = "Quý, YYYY-Qn; mặc định là quý này"),
        ("format" = Option<String>, Query, description = "xlsx (bảng kinh phí, danh sách D05-TS, D03-TS, tăng giảm), pdf hoặc docx (bảng kinh phí để ký)")),
    responses((status = 200, description = "Kinh phí của quý", body = InsuranceQuarterView),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn quarter_get(
    State(app): State<AppState>,
    a: Authed,
    QueryParams(q): QueryParams<QuarterQuery>,
) -> ApiResult {
    let commune = resolve_unit(&app, &a.actor, required("commune", q.commune.as_deref())?).await?;
    let quarter = quarter_of(&app, q.quarter.as_deref())?;
    let v = app
        .store
        .insurance_quarter(&a.actor, commune, quarter)
        .await?;
    match q.format.as_deref() {
        Some(f) => super::quarter_file(&app, &v, FileKind::parse(f)?),
        None => Ok(Json(v).into_response()),
    }
}

#[utoipa::path(get, path = "/insurance/rollup", tag = "insurance",
    summary = "Kinh phí bảo hiểm của mọi xã thuộc một tỉnh, huyện trong một quý (INS-13), cho cơ quan tài chính và cơ quan BHXH: trạng thái, tạm cấp, thực tế, đã chuyển, còn phải chuyển; phần tỉnh hỗ trợ BHXH TN, ngân sách hỗ trợ BHYT; tổng khớp từng đồng",
    params(("unit" = String, Query, description = "Mã tỉnh, huyện (hoặc xã)"),
        ("quarter" = Option<String>, Query, description = "Quý, YYYY-Qn; mặc định là quý này")),
    responses((status = 200, description = "Tổng hợp", body = antt_store::insurance::rollup::InsuranceRollup),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn rollup_get(
    State(app): State<AppState>,
    a: Authed,
    QueryParams(q): QueryParams<QuarterQuery>,
) -> ApiResult {
    let unit = resolve_unit(&app, &a.actor, required("unit", q.unit.as_deref())?).await?;
    let quarter = quarter_of(&app, q.quarter.as_deref())?;
    let r = app
        .store
        .insurance_rollup(&a.actor, unit, quarter, |_, _| {})
        .await?;
    Ok(Json(r).into_response())
}

#[utoipa::path(get, path = "/insurance/year", tag = "insurance",
    summary = "Quyết toán năm kinh phí bảo hiểm của một xã: bốn quý, đã chuyển, thực tế, còn phải chuyển (dương) hoặc chuyển thừa (âm)",
    params(("commune" = String, Query, description = "Mã xã"),
        ("year" = i32, Query, description = "Năm"),
        ("format" = Option<String>, Query, description = "pdf hoặc docx: bảng quyết toán năm để ký và cơ quan BHXH xác nhận")),
    responses((status = 200, description = "Năm", body = InsuranceYear),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn year_get(
    State(app): State<AppState>,
    a: Authed,
    QueryParams(q): QueryParams<QuarterQuery>,
) -> ApiResult {
    let commune = resolve_unit(&app, &a.actor, required("commune", q.commune.as_deref())?).await?;
    let year = q
        .year
        .unwrap_or_else(|| chrono::Datelike::year(&app.store.clock().today_vn()));
    let y = app.store.insurance_year(&a.actor, commune, year).await?;
    match q.format.as_deref() {
        Some(f) => super::year_file(&app, &y, FileKind::parse(f)?),
        None => Ok(Json(y).into_response()),
    }
}

/// A quarter to act on.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuarterAct {
    /// Mã xã.
    pub commune: String,
    /// YYYY-Qn.
    pub quarter: String,
    /// The day of the transfer (advance, settle), yyyy-mm-dd or dd/mm/yyyy.
    #[serde(default)]
    pub on: Option<String>,
    /// The voucher (ủy nhiệm chi) of the transfer.
    #[serde(default)]
    pub voucher: Option<String>,
    /// The collection account it went to (advance).
    #[serde(default)]
    pub account: Option<String>,
}

async fn target(
    app: &AppState,
    a: &Authed,
    b: &QuarterAct,
) -> Result<(antt_domain::unit::UnitId, Quarter), AppError> {
    Ok((
        resolve_unit(app, &a.actor, &b.commune).await?,
        Quarter::parse("quarter", &b.quarter)?,
    ))
}

#[utoipa::path(post, path = "/insurance/advance", tag = "insurance",
    summary = "Kế toán xã ghi nhận đã chuyển kinh phí tạm cấp của quý vào tài khoản chuyên thu của cơ quan BHXH: số tiền là số tính hôm nay; mỗi quý một lần; từ chối khi còn thiếu quy định",
    request_body = QuarterAct,
    responses((status = 200, description = "Quý đã tạm cấp", body = InsuranceQuarterView),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn advance_post(
    State(app): State<AppState>,
    a: Authed,
    JsonBody(b): JsonBody<QuarterAct>,
) -> ApiResult {
    let (c, q) = target(&app, &a, &b).await?;
    let on = antt_domain::date::parse("on", required("on", b.on.as_deref())?)?;
    let v = app
        .store
        .record_insurance_advance(
            &a.actor,
            c,
            q,
            on,
            b.voucher.as_deref().unwrap_or(""),
            b.account.as_deref(),
        )
        .await?;
    Ok(Json(v).into_response())
}

#[utoipa::path(post, path = "/insurance/settle", tag = "insurance",
    summary = "Kế toán xã quyết toán quý đã kết thúc: số thực tế hôm nay được giữ làm số quyết toán, chênh lệch với tạm cấp được chuyển (hoặc giảm trừ) theo chứng từ",
    request_body = QuarterAct,
    responses((status = 200, description = "Quý đã quyết toán", body = InsuranceQuarterView),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn settle_post(
    State(app): State<AppState>,
    a: Authed,
    JsonBody(b): JsonBody<QuarterAct>,
) -> ApiResult {
    let (c, q) = target(&app, &a, &b).await?;
    let on = antt_domain::date::parse("on", required("on", b.on.as_deref())?)?;
    let v = app
        .store
        .settle_insurance_quarter(&a.actor, c, q, on, b.voucher.as_deref().unwrap_or(""))
        .await?;
    Ok(Json(v).into_response())
}

#[utoipa::path(post, path = "/insurance/confirm", tag = "insurance",
    summary = "Cơ quan BHXH xác nhận quý xã đã quyết toán (đối chiếu danh sách và số tiền), trong phạm vi của mình",
    request_body = QuarterAct,
    responses((status = 200, description = "Quý đã được xác nhận", body = InsuranceQuarterView),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn confirm_post(
    State(app): State<AppState>,
    a: Authed,
    JsonBody(b): JsonBody<QuarterAct>,
) -> ApiResult {
    let (c, q) = target(&app, &a, &b).await?;
    Ok(Json(app.store.confirm_insurance_quarter(&a.actor, c, q).await?).into_response())
}

/// A member's enrolment, none when the commune has not entered one.
#[derive(Serialize, utoipa::ToSchema)]
pub struct MemberInsurance {
    pub enrolment: Option<Enrolment>,
}

/// A member's bank account, none when the commune has not entered one.
#[derive(Serialize, utoipa::ToSchema)]
pub struct MemberAccount {
    pub account: Option<BankAccount>,
}

fn person_id(raw: &str) -> Result<PersonId, AppError> {
    Ok(PersonId::parse(raw)?)
}

/// A member's enrolment as the API reads and writes it.
#[derive(Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrolmentBody {
    /// Mã số BHXH, 10 chữ số.
    #[serde(default)]
    pub bhxh_code: Option<String>,
    /// Tháng bắt đầu tham gia BHXH tự nguyện qua xã (YYYY-MM); bỏ trống: chưa đăng ký.
    #[serde(default)]
    pub bhxh_from: Option<String>,
    /// monthly, quarterly, half_yearly, yearly.
    pub payment_mode: String,
    /// Số tháng đã được Nhà nước hỗ trợ trước đó (tối đa 120).
    #[serde(default)]
    pub state_months_before: u32,
    /// Số thẻ BHYT.
    #[serde(default)]
    pub bhyt_card: Option<String>,
}

pub(crate) fn enrolment_of(b: &EnrolmentBody) -> Result<Enrolment, AppError> {
    Ok(Enrolment {
        bhxh_code: b.bhxh_code.clone(),
        bhxh_from: b
            .bhxh_from
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| Month::parse("bhxh_from", s))
            .transpose()?,
        payment_mode: PaymentMode::parse(&b.payment_mode)?,
        state_months_before: b.state_months_before,
        bhyt_card: b.bhyt_card.clone(),
    })
}

#[utoipa::path(get, path = "/people/{id}/insurance", tag = "insurance",
    summary = "Thông tin tham gia BHXH tự nguyện, BHYT của một thành viên (null khi xã chưa nhập)",
    params(("id" = String, Path, description = "Khóa (UUID) của người")),
    responses((status = 200, description = "Thông tin tham gia", body = MemberInsurance)))]
pub async fn enrolment_get(
    State(app): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> ApiResult {
    let e = app
        .store
        .insurance_enrolment(&a.actor, person_id(&id)?)
        .await?;
    Ok(Json(e).into_response())
}

#[utoipa::path(put, path = "/people/{id}/insurance", tag = "insurance",
    summary = "Nhập hoặc sửa thông tin tham gia BHXH tự nguyện, BHYT của một thành viên (INS-1): mã số BHXH, tháng bắt đầu, phương thức đóng, số tháng đã được hỗ trợ, số thẻ BHYT",
    params(("id" = String, Path, description = "Khóa (UUID) của người")),
    request_body = EnrolmentBody,
    responses((status = 200, description = "Thông tin đã lưu", body = MemberInsurance),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn enrolment_put(
    State(app): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<EnrolmentBody>,
) -> ApiResult {
    let id = person_id(&id)?;
    app.store
        .set_insurance_enrolment(&a.actor, id, &enrolment_of(&b)?)
        .await?;
    let enrolment = app.store.insurance_enrolment(&a.actor, id).await?;
    Ok(Json(MemberInsurance { enrolment }).into_response())
}

#[utoipa::path(get, path = "/people/{id}/bank-account", tag = "insurance",
    summary = "Tài khoản nhận tiền của một thành viên (null khi chưa có)",
    params(("id" = String, Path, description = "Khóa (UUID) của người")),
    responses((status = 200, description = "Tài khoản", body = MemberAccount)))]
pub async fn bank_account_get(
    State(app): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> ApiResult {
    let account = app.store.bank_account(&a.actor, person_id(&id)?).await?;
    Ok(Json(MemberAccount { account }).into_response())
}

#[utoipa::path(put, path = "/people/{id}/bank-account", tag = "insurance",
    summary = "Nhập, sửa (hoặc xóa, với null) tài khoản nhận tiền của một thành viên; nhật ký chỉ ghi 4 số cuối",
    params(("id" = String, Path, description = "Khóa (UUID) của người")),
    request_body = Option<BankAccount>,
    responses((status = 200, description = "Tài khoản đã lưu", body = MemberAccount),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn bank_account_put(
    State(app): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<Option<BankAccount>>,
) -> ApiResult {
    let id = person_id(&id)?;
    app.store.set_bank_account(&a.actor, id, b.as_ref()).await?;
    let account = app.store.bank_account(&a.actor, id).await?;
    Ok(Json(MemberAccount { account }).into_response())
}

/// The commune's payment details and its banks' layouts.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PaymentView {
    pub details: PaymentDetails,
    pub layouts: Vec<BankLayout>,
}

#[derive(Deserialize, Default)]
pub struct CommuneQuery {
    pub commune: Option<String>,
}

#[utoipa::path(get, path = "/payment-details", tag = "insurance",
    summary = "Mã đơn vị có quan hệ với ngân sách, tài khoản tại Kho bạc, tài khoản chuyên thu BHXH và mẫu tệp của các ngân hàng của một xã",
    params(("commune" = String, Query, description = "Mã xã")),
    responses((status = 200, description = "Thông tin chi trả", body = PaymentView)))]
pub async fn payment_get(
    State(app): State<AppState>,
    a: Authed,
    QueryParams(q): QueryParams<CommuneQuery>,
) -> ApiResult {
    let c = resolve_unit(&app, &a.actor, required("commune", q.commune.as_deref())?).await?;
    let (details, layouts) = app.store.payment_details(&a.actor, c).await?;
    Ok(Json(PaymentView { details, layouts }).into_response())
}

/// The commune's details to enter.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentBody {
    pub commune: String,
    #[serde(flatten)]
    pub details: PaymentDetails,
}

#[utoipa::path(put, path = "/payment-details", tag = "insurance",
    summary = "Nhập mã đơn vị có quan hệ với ngân sách (7 chữ số), tài khoản tại Kho bạc, tài khoản chuyên thu BHXH của xã",
    request_body = PaymentBody,
    responses((status = 200, description = "Thông tin chi trả", body = PaymentView),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn payment_put(
    State(app): State<AppState>,
    a: Authed,
    JsonBody(b): JsonBody<PaymentBody>,
) -> ApiResult {
    let c = resolve_unit(&app, &a.actor, &b.commune).await?;
    app.store
        .set_payment_details(&a.actor, c, &b.details)
        .await?;
    let (details, layouts) = app.store.payment_details(&a.actor, c).await?;
    Ok(Json(PaymentView { details, layouts }).into_response())
}

/// A bank's layout to enter.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LayoutBody {
    pub commune: String,
    pub bank: String,
    /// The columns in the bank's order: stt, name, name_ascii, cccd, account, bank, branch,
    /// amount, content, content_ascii.
    pub columns: Vec<String>,
    /// `,`, `;` or `\t`.
    pub delimiter: String,
    #[serde(default = "yes")]
    pub header: bool,
}

fn yes() -> bool {
    true
}

#[utoipa::path(put, path = "/bank-layouts", tag = "insurance",
    summary = "Khai báo mẫu tệp chi trả của một ngân hàng theo mẫu của chính ngân hàng đó (BNK-6: không có mẫu chung toàn quốc): các cột theo thứ tự, dấu phân cách, có dòng tiêu đề hay không",
    request_body = LayoutBody,
    responses((status = 200, description = "Thông tin chi trả", body = PaymentView),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn layout_put(
    State(app): State<AppState>,
    a: Authed,
    JsonBody(b): JsonBody<LayoutBody>,
) -> ApiResult {
    let c = resolve_unit(&app, &a.actor, &b.commune).await?;
    let layout = BankLayout {
        bank: b.bank.clone(),
        columns: BankLayout::parse_columns(&b.columns.join(","))?,
        delimiter: match b.delimiter.as_str() {
            "\\t" | "tab" => '\t',
            s => s.chars().next().unwrap_or(' '),
        },
        header: b.header,
    };
    app.store.set_bank_layout(&a.actor, c, &layout).await?;
    let (details, layouts) = app.store.payment_details(&a.actor, c).await?;
    Ok(Json(PaymentView { details, layouts }).into_response())
}

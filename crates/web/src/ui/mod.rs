//! Server-rendered Vietnamese pages. Plain HTML forms that work without JavaScript; htmx (vendored)
//! only makes the search answer as one types. Readable on a phone and an old office PC.

use antt_domain::access::Action;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use crate::auth::{Authed, UiAuthed};
use crate::error::{AppError, PublicError};

/// Whether htmx asked for a fragment rather than a whole page.
pub fn is_htmx(headers: &HeaderMap) -> bool {
    headers.get("hx-request").is_some()
}

/// The page frame: header, navigation for what the user may do, and the content.
pub fn page(title: &str, authed: Option<&Authed>, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                // htmx would add an inline <style>, which the Content-Security-Policy refuses.
                meta name="htmx-config" content=r#"{"includeIndicatorStyles":false}"#;
                title { (title) " — ANTT Cơ sở" }
                link rel="stylesheet" href="/assets/app.css";
                script src="/assets/htmx.min.js" defer {}
                script src="/assets/dates.js" defer {}
            }
            body {
                header.top {
                    a.brand href="/" { "ANTT Cơ sở" }
                    @if let Some(a) = authed {
                        nav {
                            a href="/units" { "Đơn vị hành chính" }
                            a href="/teams" { "Tổ bảo vệ ANTT" }
                            a href="/force-summary" { "Tổng hợp" }
                            a href="/people" { "Hồ sơ người" }
                            a href="/selection" { "Tuyển chọn" }
                            a href="/duty" { "Sổ trực" }
                            @if a.actor.may(Action::ViewPayroll) { a href="/payroll" { "Bảng thanh toán" } }
                            @if a.actor.may(Action::ViewInsurance) { a href="/insurance" { "Bảo hiểm" } }
                            @if a.actor.may(Action::ViewPayroll) { a href="/budget" { "Dự toán" } }
                            a href="/policy" { "Quy định" }
                            a href="/calendar" { "Lịch nghỉ" }
                            @if a.actor.may(Action::ManageUsers) { a href="/users" { "Người dùng" } }
                            @if a.actor.may(Action::ViewAudit) { a href="/audit" { "Nhật ký" } }
                            a href="/account" { "Tài khoản" }
                        }
                        form.logout method="post" action="/logout" {
                            input type="hidden" name="csrf" value=(a.csrf.clone().unwrap_or_default());
                            span.who { (a.actor.display_name()) }
                            button type="submit" { "Đăng xuất" }
                        }
                    }
                }
                main { (content) }
                footer { "Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở — Luật số 30/2023/QH15" }
            }
        }
    }
}

/// An error as a page, from the shared map.
pub fn error_page(p: &PublicError) -> Markup {
    page(
        "Lỗi",
        None,
        html! {
            section.error {
                h1 { "Không thực hiện được" }
                p { (p.message) }
                p.code { "Mã lỗi: " code { (p.error) } }
                p { a href="javascript:history.back()" { "← Quay lại" } " · " a href="/" { "Trang chủ" } }
            }
        },
    )
}

/// A red box with the message of a refused form, naming the field.
pub fn form_error(e: &Option<PublicError>) -> Markup {
    html! {
        @if let Some(p) = e {
            div.alert role="alert" data-code=(p.error) { (p.message) }
        }
    }
}

/// An optional login, for pages that change with it.
pub struct UiAuthedOpt;

impl<S: Send + Sync> axum::extract::OptionalFromRequestParts<S> for UiAuthedOpt {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _s: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Option<Authed>>()
            .cloned()
            .flatten()
            .map(|_| UiAuthedOpt))
    }
}

pub async fn not_found(authed: Option<UiAuthedOpt>) -> Response {
    let _ = authed;
    crate::error::UiError(AppError::Store(antt_store::StoreError::NotFound)).into_response()
}

/// `05/01/2026`.
/// The `<option>`s of a code enum, labelled in Vietnamese, `selected` chosen.
pub fn options<T: antt_domain::kernel::code_enum::Code + PartialEq>(selected: Option<T>) -> Markup {
    html! {
        @for k in T::all() {
            option value=(k.as_str()) selected[selected == Some(*k)] { (k.label_vi()) }
        }
    }
}

/// A date field typed day first (`dd/mm/yyyy`, or `ddmmyyyy`) whatever the browser's language: a
/// text field, because a `type="date"` field takes the browser's order (mm/dd/yyyy in English)
/// and "01122026" would become 12 January. Beside it, the date it understood in words
/// ("ngày 01 tháng 12 năm 2026"), kept current as one types by `assets/dates.js`.
pub fn date_input(name: &str, value: Option<chrono::NaiveDate>, required: bool) -> Markup {
    date_input_text(
        name,
        &value.map(vn_date).unwrap_or_default(),
        required,
        None,
    )
}

/// The same, holding what the user typed (a form sent back with an error keeps it as typed).
pub fn date_input_text(name: &str, typed: &str, required: bool, id: Option<&str>) -> Markup {
    let words = antt_domain::date::parse("date", typed)
        .map(antt_domain::date::words_vi)
        .unwrap_or_default();
    html! {
        input.date type="text" name=(name) id=[id] value=(typed) required[required]
            inputmode="numeric" autocomplete="off" placeholder="dd/mm/yyyy" maxlength="10"
            title="Ngày/tháng/năm, ví dụ 01/12/2026" data-date;
        span.date-words aria-live="polite" { (words) }
    }
}

pub fn vn_date(d: chrono::NaiveDate) -> String {
    antt_domain::date::format_vi(d)
}

/// `1.250`: a count as Vietnamese readers group digits.
/// A value for a query string: everything but unreserved ASCII percent-encoded (UTF-8).
pub fn url_encode(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn vn_number(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[allow(dead_code)]
fn _uses(_: UiAuthed) {}

#[derive(serde::Deserialize, Default)]
pub struct YearQuery {
    year: Option<String>,
}

/// Lịch nghỉ: the days off of a year, announced or computed.
pub async fn calendar_get(
    axum::extract::State(app): axum::extract::State<crate::AppState>,
    UiAuthed(a): UiAuthed,
    crate::input::QueryParams(q): crate::input::QueryParams<YearQuery>,
) -> Result<Response, crate::error::UiError> {
    use chrono::Datelike;
    let y = q
        .year
        .as_deref()
        .and_then(|s| s.parse::<i32>().ok())
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(|| app.store.clock().today_vn().year());
    let (days, announced) = crate::calendar::api::year_days(&app, y).await?;
    let kind = |k: &str| match k {
        "announced" => "Theo thông báo",
        "substitute" => "Nghỉ bù",
        "provisional" => "Dự kiến (chưa có thông báo)",
        _ => "Theo Bộ luật Lao động",
    };
    let body = html! {
        h1 { "Ngày nghỉ lễ, Tết năm " (y) }
        p { a href={ "/calendar?year=" (y - 1) } { "← " (y - 1) } " · " a href={ "/calendar?year=" (y + 1) } { (y + 1) " →" } }
        @match &announced {
            Some(s) => p.note { "Lịch đã công bố: " (s.source) },
            None => div.alert { "Chưa có lịch nghỉ công bố cho năm " (y) "; các ngày dưới đây được tính theo Bộ luật Lao động 2019 (Điều 112, Điều 111) và là dự kiến. Thời hạn tính qua những ngày này được đánh dấu dự kiến." },
        }
        table {
            thead { tr { th { "Ngày" } th { "Thứ" } th { "Ngày nghỉ" } th { "Căn cứ" } } }
            tbody { @for d in &days { tr data-kind=(d.kind) {
                td { (vn_date(d.date)) }
                td { (match d.date.weekday() { chrono::Weekday::Mon => "Thứ Hai", chrono::Weekday::Tue => "Thứ Ba", chrono::Weekday::Wed => "Thứ Tư", chrono::Weekday::Thu => "Thứ Năm", chrono::Weekday::Fri => "Thứ Sáu", chrono::Weekday::Sat => "Thứ Bảy", chrono::Weekday::Sun => "Chủ nhật" }) }
                td { (d.name) }
                td { (kind(d.kind)) }
            } } }
        }
    };
    Ok(page("Ngày nghỉ lễ, Tết", Some(&a), body).into_response())
}

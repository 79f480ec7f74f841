//! The pages: `/payroll` (a commune's month, with what each role may do next, or a province's
//! communes) and `/duty` (a team's week of shifts, entered from a phone).

use antt_domain::access::Action;
use antt_domain::money::Dong;
use antt_domain::payroll::{DutyKind, Month, PayLine, PayrollState};
use antt_store::payroll::{PayrollRollup, PayrollView};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, Duration, NaiveDate};
use maud::{Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::api::resolve_unit;
use crate::auth::{Authed, UiAuthed};
use crate::download::FileKind;
use crate::error::{AppError, PublicError, UiError};
use crate::force::pages::pick_commune;
use crate::input::{FormBody, QueryParams, pair};
use crate::ui::{date_input_text, form_error, page, vn_date};

#[derive(Deserialize, Default)]
pub struct PayrollQ {
    pub commune: Option<String>,
    pub month: Option<String>,
    pub format: Option<String>,
    pub bank: Option<String>,
}

/// What a refused action typed, to show it again.
#[derive(Default)]
struct Typed {
    action: String,
    reason: String,
    paid_on: String,
    voucher: String,
}

/// An amount in a table cell: grouped, the unit in the column's header.
fn money(d: Dong) -> String {
    antt_documents::payroll::amount(d)
}

fn month_link(commune: &str, m: Month) -> String {
    format!("/payroll?commune={commune}&month={m}")
}

/// The column of what is withheld, shown only when some line withholds (the pack says so).
const WITHHELD_HEAD: &str = "Khấu trừ BHXH, BHYT (đồng)";

fn line_row(n: usize, l: &PayLine, withheld: bool) -> Markup {
    let allowances = Dong(l.allowances.values().map(|d| d.0).sum());
    let arrears = Dong(l.arrears.iter().map(|a| a.diff.0).sum());
    html! {
        tr data-cccd=(l.cccd) {
            td data-label="STT" { (n) }
            td data-label="Họ và tên" {
                strong { (l.name) }
                details.explain {
                    summary { "Cách tính" }
                    ul {
                        @for i in &l.items {
                            li {
                                strong { (i.label) ": " (i.dong.to_string()) }
                                " (" (i.basis) ")"
                                ul { @for e in &i.explanation {
                                    li { (e.text) " " span.rule { "[" (e.rule) @if let Some(c) = &e.citation { " — " (c) } "]" } }
                                } }
                            }
                        }
                        @for a in &l.arrears {
                            li.arrear {
                                strong { (a.kind_vi()) " " (a.label.to_lowercase()) " tháng " (a.month.short_vi()) ": " (a.diff.to_string()) }
                                " — đã chi " (a.old.to_string()) ", được hưởng " (a.new.to_string()) ". " (a.cause)
                                @if !a.rules.is_empty() { " " span.rule { "[" (a.rules.join(", ")) "]" } }
                            }
                        }
                    }
                }
            }
            td data-label="Chức danh" { (l.role.label_vi()) }
            td.num data-label="Số ngày" { (l.days) }
            td.num data-label="Hỗ trợ" { (money(l.monthly_support)) }
            td.num data-label="Bồi dưỡng" { (money(allowances)) }
            td.num.(if arrears.0 < 0 { "warn" } else { "" }) data-label="Truy lĩnh / truy thu" { (money(arrears)) }
            @if withheld { td.num data-label="Khấu trừ BHXH, BHYT" { (money(l.withheld)) } }
            td.num data-label="Tổng" { strong { (money(l.total)) } }
        }
    }
}

fn sheet(v: &PayrollView) -> Markup {
    let mut teams: Vec<(&str, Vec<&PayLine>)> = Vec::new();
    for l in &v.body.lines {
        match teams.iter_mut().find(|(t, _)| *t == l.team) {
            Some((_, ls)) => ls.push(l),
            None => teams.push((&l.team, vec![l])),
        }
    }
    let mut n = 0;
    let withheld = v.body.lines.iter().any(|l| l.withheld.0 != 0);
    html! {
        @for (team, lines) in &teams {
            h2 { (team) }
            table.cards.payroll {
                thead { tr {
                    th { "STT" } th { "Họ và tên" } th { "Chức danh" } th { "Số ngày" }
                    th { "Hỗ trợ (đồng)" } th { "Bồi dưỡng (đồng)" } th { "Truy lĩnh / truy thu (đồng)" }
                    @if withheld { th { (WITHHELD_HEAD) } }
                    th { "Tổng (đồng)" }
                } }
                tbody { @for l in lines { ({ n += 1; line_row(n, l, withheld) }) } }
                @if let Some(t) = v.body.teams.iter().find(|t| t.team == *team) {
                    tfoot { tr {
                        td data-label="Cộng" { strong { "Cộng" } }
                        td data-label="Số người" { (t.members) " người" }
                        td {} td {}
                        td.num data-label="Hỗ trợ" { (money(t.monthly_support)) }
                        td.num data-label="Bồi dưỡng" { (money(t.allowances)) }
                        td.num data-label="Truy lĩnh / truy thu" { (money(t.arrears)) }
                        @if withheld { td.num data-label="Khấu trừ BHXH, BHYT" { (money(t.withheld)) } }
                        td.num data-label="Tổng" { strong { (money(t.total)) } }
                    } }
                }
            }
        }
    }
}

fn state_line(v: &PayrollView) -> Markup {
    let t = |x: Option<chrono::DateTime<chrono::Utc>>| {
        x.map(|t| {
            antt_domain::date::local_vn(t)
                .format("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_default()
    };
    html! {
        p.state data-state=(v.state.as_str()) {
            span.badge { (v.state_label) }
            @if let Some(by) = &v.checked_by { " · kiểm tra: " (by) " lúc " (t(v.checked_at)) }
            @if let Some(by) = &v.approved_by { " · duyệt: " (by) " lúc " (t(v.approved_at)) }
            @if let Some(d) = v.paid_on { " · chi trả ngày " (vn_date(d)) }
            @if let Some(c) = &v.voucher { ", chứng từ " (c) }
        }
    }
}

fn actions(a: &Authed, v: &PayrollView, typed: &Typed, error: &Option<PublicError>) -> Markup {
    let csrf = a.csrf.clone().unwrap_or_default();
    let hidden = html! {
        input type="hidden" name="csrf" value=(csrf);
        input type="hidden" name="commune" value=(v.commune);
        input type="hidden" name="month" value=(v.body.month.to_string());
    };
    let may = |x| a.actor.may(x);
    let err_for = |act: &str| {
        if typed.action == act {
            form_error(error)
        } else {
            html! {}
        }
    };
    html! {
        @if matches!(v.state, PayrollState::Draft) && may(Action::CheckPayroll) {
            form.act method="post" action="/payroll/act" {
                (hidden) input type="hidden" name="action" value="check";
                (err_for("check"))
                p { "Kiểm tra: các số tiền hôm nay được giữ làm bản đã kiểm tra để trình Chủ tịch duyệt." }
                button type="submit" disabled[v.body.gap.is_some()] { "Kiểm tra bảng thanh toán" }
            }
        }
        @if v.state == PayrollState::Checked && may(Action::ApprovePayroll) {
            form.act method="post" action="/payroll/act" {
                (hidden) input type="hidden" name="action" value="approve";
                (err_for("approve"))
                p { "Duyệt: bảng đã duyệt không bao giờ thay đổi; chênh lệch về sau được truy lĩnh, truy thu ở bảng tháng sau." }
                button type="submit" { "Duyệt bảng thanh toán" }
            }
        }
        @if v.state == PayrollState::Checked && may(Action::CheckPayroll) {
            form.act method="post" action="/payroll/act" {
                (hidden) input type="hidden" name="action" value="return";
                (err_for("return"))
                label { "Lý do trả lại để lập lại" textarea name="reason" rows="2" maxlength="500" required { (typed.reason) } }
                button type="submit" { "Trả lại" }
            }
        }
        @if v.state == PayrollState::Approved && may(Action::PayPayroll) {
            form.act method="post" action="/payroll/act" {
                (hidden) input type="hidden" name="action" value="pay";
                (err_for("pay"))
                label { "Ngày chi trả" (date_input_text("paid_on", &typed.paid_on, true, Some("paid_on"))) }
                label { "Số chứng từ (phiếu chi, ủy nhiệm chi)" input name="voucher" value=(typed.voucher) maxlength="100" required; }
                button type="submit" { "Ghi nhận đã chi trả" }
            }
        }
    }
}

fn rollup_page(r: &PayrollRollup, name: &str) -> Markup {
    let withheld = r.communes.iter().any(|c| c.withheld.0 != 0);
    html! {
        h1 { "Bảng thanh toán phụ cấp — " (name) " — " (r.month.label_vi()) }
        p.summary { (r.communes.len()) " xã, phường · " (r.members) " thành viên · tổng " (r.total.to_string()) }
        p.note { "Bằng chữ: " (r.total_in_words) }
        p { @for s in &r.states { span.badge { (s.state.label_vi()) ": " (s.communes) } " " } }
        @if r.illustrative { p.note { "MINH HỌA — có số liệu từ gói quy định giả lập." } }
        table.cards {
            thead { tr { th { "Xã, phường" } th { "Trạng thái" } th { "Thành viên" } th { "Hỗ trợ (đồng)" } th { "Bồi dưỡng (đồng)" } th { "Truy lĩnh / truy thu (đồng)" } @if withheld { th { (WITHHELD_HEAD) } } th { "Tổng (đồng)" } } }
            tbody { @for c in &r.communes {
                tr {
                    td data-label="Xã, phường" { a href=(month_link(&c.commune, r.month)) { (c.commune_name) } " " span.code { (c.commune) }
                        @if c.gap.is_some() { br; small.warn { "Thiếu quy định để tính" } } }
                    td data-label="Trạng thái" { (c.state.label_vi()) }
                    td.num data-label="Thành viên" { (c.members) }
                    td.num data-label="Hỗ trợ" { (money(c.monthly_support)) }
                    td.num data-label="Bồi dưỡng" { (money(c.allowances)) }
                    td.num data-label="Truy lĩnh / truy thu" { (money(c.arrears)) }
                    @if withheld { td.num data-label="Khấu trừ BHXH, BHYT" { (money(c.withheld)) } }
                    td.num data-label="Tổng" { (money(c.total)) }
                }
            } }
        }
    }
}

async fn render(
    app: &AppState,
    a: &Authed,
    q: &PayrollQ,
    typed: Typed,
    error: Option<PublicError>,
) -> Result<Response, UiError> {
    let month = super::api::month_of(app, q.month.as_deref())?;
    let picked = pick_commune(app, a, q.commune.as_deref()).await?;
    let Some(unit) = picked else {
        return Ok(page("Bảng thanh toán phụ cấp", Some(a), html! {
            h1 { "Bảng thanh toán phụ cấp" }
            form.filters method="get" action="/payroll" {
                label { "Mã xã (hoặc mã tỉnh để xem tổng hợp)" input name="commune" inputmode="numeric" required; }
                label { "Tháng (MM/YYYY)" input name="month" value=(month.short_vi()) maxlength="7" required; }
                button type="submit" { "Xem" }
            }
        }).into_response());
    };
    let detail = app
        .store
        .unit_detail(&a.actor, unit, month.last_day())
        .await?;
    if detail.level != antt_domain::unit::Level::Commune {
        let r = app
            .store
            .payroll_rollup(&a.actor, unit, month, |_, _| {})
            .await?;
        let name = detail.current.map(|c| c.name).unwrap_or(detail.code);
        return Ok(
            page("Bảng thanh toán phụ cấp", Some(a), rollup_page(&r, &name)).into_response(),
        );
    }
    if let Some(f @ ("treasury" | "bank")) = q.format.as_deref() {
        return Ok(super::payees_file(app, a, unit, month, f, q.bank.as_deref()).await?);
    }
    let v = app.store.payroll(&a.actor, unit, month).await?;
    if let Some(f) = q.format.as_deref() {
        return Ok(super::payroll_file(app, &v, FileKind::parse(f)?)?);
    }
    // The banks whose file layout the commune entered: a link for each.
    let banks: Vec<String> = if v.state.locked() {
        app.store
            .payment_details(&a.actor, unit)
            .await?
            .1
            .into_iter()
            .map(|l| l.bank)
            .collect()
    } else {
        Vec::new()
    };
    let file = |ext: &str| {
        format!(
            "/payroll?commune={}&month={}&format={ext}",
            v.commune, month
        )
    };
    let body = html! {
        h1 { "Bảng thanh toán phụ cấp — " (v.commune_name) }
        form.filters method="get" action="/payroll" {
            input type="hidden" name="commune" value=(v.commune);
            label { "Tháng (MM/YYYY)" input name="month" value=(month.short_vi()) maxlength="7" required; }
            button type="submit" { "Xem" }
            " " a href=(month_link(&v.commune, month.prev())) { "← Tháng trước" }
            " " a href=(month_link(&v.commune, month.next())) { "Tháng sau →" }
        }
        h2.month { "Tháng " (month.month()) " năm " (month.year()) }
        (state_line(&v))
        @if v.changed_since_check {
            div.alert role="alert" data-code="payroll_changed_since_check" {
                "Số liệu đã thay đổi sau khi kiểm tra (thành viên, sổ trực hoặc quy định): cần trả lại và kiểm tra lại trước khi duyệt."
            }
        }
        @if let Some(g) = &v.body.gap {
            div.alert role="alert" data-code="policy_gap" {
                p { "Chưa đủ số liệu quy định để tính, chưa thể kiểm tra hoặc duyệt:" }
                ul { @for m in &g.missing { li { (m.description) " — " (m.citation) } } }
            }
        }
        @if v.body.illustrative { p.note { "MINH HỌA — có số liệu từ gói quy định giả lập, không phải số tiền thật." } }
        p.summary data-total=(v.body.total.0) {
            (v.body.lines.iter().filter(|l| l.days > 0).count()) " thành viên · tổng " strong { (v.body.total.to_string()) }
        }
        p.note { "Bằng chữ: " (v.body.total_in_words) }
        p.actions {
            a.button href=(file("xlsx")) { "Tải bảng (Excel)" } " "
            a.button href=(file("pdf")) { "In bảng (PDF)" } " "
            a.button href=(file("docx")) { "Tải bảng (Word)" } " "
            a href={ "/duty?commune=" (v.commune) "&week=" (month.first_day()) } { "Sổ trực của tháng" }
        }
        @if v.state.locked() {
            p.actions {
                a.button href=(file("treasury")) { "Bảng thanh toán cho đối tượng thụ hưởng gửi Kho bạc (Mẫu số 09, PDF)" } " "
                @if banks.len() > 1 {
                    @for b in &banks {
                        a.button href={ (file("bank")) "&bank=" (serde_urlencoded::to_string([("b", b.as_str())]).unwrap_or_default().trim_start_matches("b=")) } { "Tệp chi trả qua " (b) " (CSV)" } " "
                    }
                } @else {
                    a.button href=(file("bank")) { "Tệp chi trả qua ngân hàng (CSV)" }
                }
            }
        }
        (actions(a, &v, &typed, &error))
        @if v.body.lines.is_empty() {
            p.empty { "Không có thành viên nào tham gia trong " (month.label_vi()) "." }
        } @else {
            (sheet(&v))
            p.total { strong { "Tổng cộng: " (v.body.total.to_string()) } }
        }
    };
    let status = error.as_ref().map_or(StatusCode::OK, |e| e.status);
    Ok((status, page("Bảng thanh toán phụ cấp", Some(a), body)).into_response())
}

pub async fn payroll_page(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    QueryParams(q): QueryParams<PayrollQ>,
) -> Result<Response, UiError> {
    render(&app, &a, &q, Typed::default(), None).await
}

pub async fn act_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    FormBody(f): FormBody<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    let commune = pair(&f, "commune").to_string();
    let month_raw = pair(&f, "month").to_string();
    let typed = Typed {
        action: pair(&f, "action").to_string(),
        reason: pair(&f, "reason").to_string(),
        paid_on: pair(&f, "paid_on").to_string(),
        voucher: pair(&f, "voucher").to_string(),
    };
    let result = async {
        let c = resolve_unit(&app, &a.actor, &commune).await?;
        let m = Month::parse("month", &month_raw)?;
        match typed.action.as_str() {
            "check" => app.store.check_payroll(&a.actor, c, m).await?,
            "approve" => app.store.approve_payroll(&a.actor, c, m).await?,
            "return" => {
                app.store
                    .return_payroll(&a.actor, c, m, &typed.reason)
                    .await?
            }
            "pay" => {
                let d = antt_domain::date::parse("paid_on", &typed.paid_on)?;
                app.store
                    .pay_payroll(&a.actor, c, m, d, &typed.voucher)
                    .await?
            }
            _ => {
                return Err(AppError::from(antt_domain::FieldError::new(
                    "action",
                    antt_domain::FieldErrorKind::InvalidChoice {
                        allowed: "check, approve, return, pay",
                    },
                )));
            }
        };
        Ok::<_, AppError>(m)
    }
    .await;
    match result {
        Ok(m) => Ok(Redirect::to(&month_link(&commune, m)).into_response()),
        Err(e) if e.public().status == StatusCode::UNPROCESSABLE_ENTITY => {
            let q = PayrollQ {
                commune: Some(commune),
                month: Some(month_raw),
                format: None,
                bank: None,
            };
            render(&app, &a, &q, typed, Some(e.public())).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---- the duty log --------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct DutyQ {
    pub commune: Option<String>,
    pub team: Option<String>,
    /// Any day of the week to show.
    pub week: Option<String>,
}

/// What a refused shift typed.
#[derive(Default)]
struct ShiftTyped {
    date: String,
    start: String,
    end: String,
    kind: String,
    hazardous: bool,
    mobilised_by: String,
    note: String,
    people: Vec<String>,
}

fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

const WEEKDAYS: [&str; 7] = [
    "Thứ Hai",
    "Thứ Ba",
    "Thứ Tư",
    "Thứ Năm",
    "Thứ Sáu",
    "Thứ Bảy",
    "Chủ nhật",
];

async fn duty_render(
    app: &AppState,
    a: &Authed,
    q: &DutyQ,
    typed: Option<ShiftTyped>,
    error: Option<PublicError>,
) -> Result<Response, UiError> {
    let today = app.store.clock().today_vn();
    let day = match q.week.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => antt_domain::date::parse("week", s)?,
        None => today,
    };
    let from = monday(day);
    let to = from + Duration::days(6);
    let Some(commune) = pick_commune(app, a, q.commune.as_deref()).await? else {
        return Ok(page(
            "Sổ trực",
            Some(a),
            html! {
                h1 { "Sổ trực" }
                form.filters method="get" action="/duty" {
                    label { "Mã xã" input name="commune" inputmode="numeric" required; }
                    button type="submit" { "Xem" }
                }
            },
        )
        .into_response());
    };
    let teams = app.store.teams(&a.actor, Some(commune), to).await?;
    let detail = app.store.unit_detail(&a.actor, commune, to).await?;
    let code = detail.code.clone();
    let name = detail
        .current
        .map(|c| c.name)
        .unwrap_or_else(|| code.clone());
    let team = match q.team.as_deref().filter(|t| !t.is_empty()) {
        Some(t) => teams.iter().find(|x| x.id.to_string() == t),
        None => teams.first(),
    };
    let shifts = app
        .store
        .duty_shifts(&a.actor, commune, team.map(|t| t.id), from, to)
        .await?;
    let csrf = a.csrf.clone().unwrap_or_default();
    let may = a.actor.may(Action::ManageDutyLog);
    let t = typed.unwrap_or_else(|| ShiftTyped {
        date: vn_date(today.clamp(from, to)),
        start: "22:00".into(),
        end: "02:00".into(),
        kind: DutyKind::Patrol.as_str().into(),
        ..ShiftTyped::default()
    });
    let link = |d: NaiveDate| {
        format!(
            "/duty?commune={code}&team={}&week={d}",
            team.map(|t| t.id.to_string()).unwrap_or_default()
        )
    };
    let in_post: Vec<&antt_store::force::MemberView> = team
        .map(|t| {
            t.members
                .iter()
                .filter(|m| m.start_date <= to && m.end_date.is_none_or(|e| e >= from))
                .collect()
        })
        .unwrap_or_default();
    let body = html! {
        h1 { "Sổ trực — " (name) }
        form.filters method="get" action="/duty" {
            input type="hidden" name="commune" value=(code);
            label { "Tổ" select name="team" {
                @for x in &teams { option value=(x.id.to_string()) selected[team.is_some_and(|t| t.id == x.id)] { (x.name) } }
            } }
            label { "Tuần có ngày" (date_input_text("week", &vn_date(day), true, Some("week"))) }
            button type="submit" { "Xem" }
        }
        p.week { "Tuần từ " (vn_date(from)) " đến " (vn_date(to)) " · "
            a href=(link(from - Duration::days(7))) { "← Tuần trước" } " · "
            a href=(link(from + Duration::days(7))) { "Tuần sau →" } " · "
            a href={ "/payroll?commune=" (code) "&month=" (Month::of(from)) } { "Bảng thanh toán" } }
        @if shifts.is_empty() {
            p.empty { "Chưa có ca nào trong tuần này." }
        } @else {
            table.cards.shifts {
                thead { tr { th { "Ngày" } th { "Giờ" } th { "Loại" } th { "Người tham gia" } th { "Ghi chú" } th {} } }
                tbody { @for s in &shifts {
                    tr data-shift=(s.id.to_string()) {
                        td data-label="Ngày" { (WEEKDAYS[s.date.weekday().num_days_from_monday() as usize]) " " (vn_date(s.date)) }
                        td data-label="Giờ" { (s.start) "–" (s.end)
                            @if s.night_minutes > 0 { br; small { "ban đêm " (s.night_minutes / 60) " giờ " (s.night_minutes % 60) " phút" } } }
                        td data-label="Loại" { (s.kind_label) @if s.hazardous { ", nặng nhọc, độc hại" }
                            @if let Some(m) = &s.mobilised_by { br; small { "Huy động: " (m) } } }
                        td data-label="Người tham gia" { (s.people.iter().map(|p| p.full_name.as_str()).collect::<Vec<_>>().join(", ")) }
                        td data-label="Ghi chú" { (s.note.clone().unwrap_or_default()) }
                        td { @if s.locked { span.badge { "Đã khóa (bảng tháng đã duyệt)" } }
                            @else if may {
                                form method="post" action="/duty/delete" {
                                    input type="hidden" name="csrf" value=(csrf);
                                    input type="hidden" name="commune" value=(code);
                                    input type="hidden" name="id" value=(s.id.to_string());
                                    input type="hidden" name="week" value=(from.to_string());
                                    button.link type="submit" { "Xóa" }
                                }
                            } }
                    }
                } }
            }
        }
        @if may && let Some(team) = team {
            h2 { "Ghi ca mới — " (team.name) }
            form.shift method="post" action="/duty" {
                (form_error(&error))
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="commune" value=(code);
                input type="hidden" name="team" value=(team.id.to_string());
                label { "Ngày" (date_input_text("date", &t.date, true, Some("date"))) }
                label { "Bắt đầu (giờ:phút)" input #start name="start" value=(t.start) inputmode="numeric" maxlength="5" required placeholder="22:00"; }
                label { "Kết thúc" input #end name="end" value=(t.end) inputmode="numeric" maxlength="5" required placeholder="02:00"; }
                p.hint { "Giờ kết thúc sớm hơn giờ bắt đầu là sang ngày hôm sau." }
                label { "Loại" select name="kind" {
                    @for k in DutyKind::ALL { option value=(k.as_str()) selected[t.kind == k.as_str()] { (k.label_vi()) } }
                } }
                label.check { input type="checkbox" name="hazardous" value="1" checked[t.hazardous]; " Công việc nặng nhọc, độc hại, nguy hiểm" }
                label { "Huy động bởi (khi làm nhiệm vụ ngoài địa bàn)" input name="mobilised_by" value=(t.mobilised_by) maxlength="200"; }
                label { "Ghi chú" input name="note" value=(t.note) maxlength="500"; }
                fieldset { legend { "Người tham gia" }
                    @for m in &in_post {
                        label.check { input type="checkbox" name="people" value=(m.person_id.to_string())
                            checked[t.people.is_empty() || t.people.contains(&m.person_id.to_string())];
                            " " (m.full_name) " (" (m.role_label) ")" }
                    }
                }
                button type="submit" { "Ghi vào sổ" }
            }
        }
        @if may {
            details.import {
                summary { "Nhập sổ trực từ Excel" }
                ol {
                    li { a href={ "/api/v1/duty-shifts/template?commune=" (code) } { "Tải mẫu sổ trực (Excel)" } " — mỗi dòng là một ca của một Tổ; người tham gia ghi số CCCD (hoặc họ và tên), cách nhau bằng dấu chấm phẩy." }
                    li { "Chọn tệp đã điền và bấm «Kiểm tra»: mọi dòng sai được báo theo số dòng và tên cột, chưa ghi gì." }
                    li { "Khi không còn lỗi, bấm «Nhập»: cả tệp được ghi một lần. Nhập lại cùng tệp không làm thay đổi sổ trực." }
                }
                form #import-form data-url="/api/v1/duty-shifts/import" data-kind="duty" {
                    input type="hidden" name="csrf" value=(csrf);
                    input type="hidden" name="commune" value=(code);
                    label { "Tệp sổ trực" input type="file" name="file" accept=".xlsx,.csv" required; }
                    button #import-check type="button" { "Kiểm tra" } " "
                    button #import-run type="button" { "Nhập" }
                }
                div #import-report aria-live="polite" {}
                noscript { div.alert { "Cần JavaScript để gửi tệp." } }
                script src="/assets/import.js" defer {}
            }
        }
    };
    let status = error.as_ref().map_or(StatusCode::OK, |e| e.status);
    Ok((status, page("Sổ trực", Some(a), body)).into_response())
}

pub async fn duty_page(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    QueryParams(q): QueryParams<DutyQ>,
) -> Result<Response, UiError> {
    duty_render(&app, &a, &q, None, None).await
}

pub async fn duty_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    FormBody(f): FormBody<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    let typed = ShiftTyped {
        date: pair(&f, "date").to_string(),
        start: pair(&f, "start").to_string(),
        end: pair(&f, "end").to_string(),
        kind: pair(&f, "kind").to_string(),
        hazardous: pair(&f, "hazardous") == "1",
        mobilised_by: pair(&f, "mobilised_by").to_string(),
        note: pair(&f, "note").to_string(),
        people: f
            .iter()
            .filter(|(k, _)| k == "people")
            .map(|(_, v)| v.clone())
            .take(antt_store::payroll::duty::MAX_PEOPLE_PER_SHIFT + 1)
            .collect(),
    };
    let body = super::api::ShiftBody {
        team: pair(&f, "team").to_string(),
        date: typed.date.clone(),
        start: typed.start.clone(),
        end: typed.end.clone(),
        kind: typed.kind.clone(),
        hazardous: typed.hazardous,
        mobilised_by: Some(typed.mobilised_by.clone()),
        note: Some(typed.note.clone()),
        people: typed.people.clone(),
    };
    let result = async {
        let new = super::api::new_shift(&body)?;
        Ok::<_, AppError>(app.store.record_duty_shift(&a.actor, &new).await?)
    }
    .await;
    let q = DutyQ {
        commune: Some(pair(&f, "commune").to_string()),
        team: Some(body.team.clone()),
        week: Some(typed.date.clone()),
    };
    match result {
        Ok(s) => Ok(Redirect::to(&format!(
            "/duty?commune={}&team={}&week={}",
            pair(&f, "commune"),
            s.team,
            s.date
        ))
        .into_response()),
        Err(e) if e.public().status == StatusCode::UNPROCESSABLE_ENTITY => {
            let q = DutyQ {
                week: antt_domain::date::parse("date", &typed.date)
                    .ok()
                    .map(|d| d.to_string()),
                ..q
            };
            duty_render(&app, &a, &q, Some(typed), Some(e.public())).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn duty_delete_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    FormBody(f): FormBody<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    let id = uuid::Uuid::parse_str(pair(&f, "id").trim())
        .map_err(|_| AppError::Store(antt_store::StoreError::NotFound))?;
    let commune = pair(&f, "commune").to_string();
    let week = pair(&f, "week").to_string();
    match app.store.delete_duty_shift(&a.actor, id).await {
        Ok(()) => Ok(Redirect::to(&format!("/duty?commune={commune}&week={week}")).into_response()),
        Err(e) => {
            let e = AppError::from(e);
            if e.public().status == StatusCode::UNPROCESSABLE_ENTITY {
                let q = DutyQ {
                    commune: Some(commune),
                    team: None,
                    week: Some(week),
                };
                duty_render(&app, &a, &q, None, Some(e.public())).await
            } else {
                Err(e.into())
            }
        }
    }
}

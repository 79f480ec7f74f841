//! The pages: `/insurance` (a commune's quarter, what each role may do next, the files) and
//! `/insurance/member` (a member's enrolment and bank account).

use antt_domain::access::Action;
use antt_domain::insurance::quarter::{PaymentMode, Quarter, QuarterLine};
use antt_domain::kernel::ids::PersonId;
use antt_domain::money::Dong;
use antt_domain::payroll::bank::BankAccount;
use antt_store::insurance::{InsuranceQuarterView, QuarterState};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
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
pub struct QuarterQ {
    pub commune: Option<String>,
    pub quarter: Option<String>,
    pub format: Option<String>,
}

fn money(d: Dong) -> String {
    antt_documents::payroll::amount(d)
}

fn quarter_link(commune: &str, q: Quarter) -> String {
    format!("/insurance?commune={commune}&quarter={q}")
}

/// What a refused action typed, to show it again.
#[derive(Default)]
struct Typed {
    action: String,
    on: String,
    voucher: String,
    account: String,
}

fn line_row(n: usize, l: &QuarterLine) -> Markup {
    html! {
        tr data-cccd=(l.cccd) {
            td data-label="STT" { (n) }
            td data-label="Họ và tên" {
                a href={ "/insurance/member?person=" (l.person) } { strong { (l.name) } }
                br; small { (l.team) }
                details.explain {
                    summary { "Cách tính" }
                    ul {
                        @for m in &l.months {
                            li {
                                strong { (m.month.short_vi()) } ": " (m.days) "/" (m.month.days()) " ngày"
                                @if let Some(b) = &m.bhxh { " · BHXH TN đóng " (b.contribution.to_string()) ", Nhà nước " (b.state.to_string()) ", tỉnh " (b.province.to_string()) ", tự đóng " (b.member.to_string()) }
                                @if let Some(b) = &m.bhyt { " · BHYT đóng " (b.contribution.to_string()) ", ngân sách " (b.state.to_string()) ", tự đóng " (b.member.to_string()) }
                                @for n in &m.notes { br; small.warn { (n) } }
                                ul { @for e in m.bhxh.iter().chain(m.bhyt.iter()).flat_map(|s| s.explanation.iter()) {
                                    li { (e.text) " " span.rule { "[" (e.rule) @if let Some(c) = &e.citation { " — " (c) } "]" } }
                                } }
                            }
                        }
                    }
                }
            }
            td data-label="Mã số BHXH" { (l.bhxh_code.as_deref().unwrap_or("—")) }
            td data-label="Phương thức" {
                (l.payment_mode.map(|p| p.label_vi()).unwrap_or("—"))
                @if let Some(m) = l.pay_by { br; small { "tự đóng trước hết tháng " (m.short_vi()) } }
            }
            td.num data-label="Tạm cấp" { (money(l.advance.transfer)) }
            td.num data-label="Thực tế" { (money(l.actual.transfer)) }
            td.num.(if l.difference.0 < 0 { "warn" } else { "" }) data-label="Chênh lệch" { strong { (money(l.difference)) } }
        }
    }
}

fn actions(
    a: &Authed,
    v: &InsuranceQuarterView,
    typed: &Typed,
    error: &Option<PublicError>,
) -> Markup {
    let csrf = a.csrf.clone().unwrap_or_default();
    let hidden = html! {
        input type="hidden" name="csrf" value=(csrf);
        input type="hidden" name="commune" value=(v.commune);
        input type="hidden" name="quarter" value=(v.body.quarter.to_string());
    };
    let err_for = |act: &str| {
        if typed.action == act {
            form_error(error)
        } else {
            html! {}
        }
    };
    let account = if typed.account.is_empty() {
        v.insurance_account.clone().unwrap_or_default()
    } else {
        typed.account.clone()
    };
    html! {
        @if v.state == QuarterState::Due && a.actor.may(Action::TransferInsurance) {
            form.act method="post" action="/insurance/act" {
                (hidden) input type="hidden" name="action" value="advance";
                (err_for("advance"))
                p { "Chuyển tạm cấp: " strong { (v.body.advance.transfer.to_string()) } " — số tính hôm nay cho các thành viên đang tham gia ngày " (vn_date(v.body.quarter.first_day())) ", đủ 3 tháng." }
                label { "Ngày chuyển" (date_input_text("on", &typed.on, true, Some("on"))) }
                label { "Số ủy nhiệm chi" input name="voucher" value=(typed.voucher) maxlength="100" required; }
                label { "Tài khoản chuyên thu của cơ quan BHXH" input name="account" value=(account) maxlength="100"; }
                button type="submit" disabled[v.body.gap.is_some()] { "Ghi nhận đã chuyển tạm cấp" }
            }
        }
        @if v.state == QuarterState::Advanced && a.actor.may(Action::TransferInsurance) {
            form.act method="post" action="/insurance/act" {
                (hidden) input type="hidden" name="action" value="settle";
                (err_for("settle"))
                @if v.over {
                    p { "Quyết toán quý: chênh lệch " strong { (v.body.difference.to_string()) } (if v.body.difference.0 >= 0 { " phải chuyển thêm." } else { " chuyển thừa, được giảm trừ." }) }
                } @else {
                    p { "Quý chưa kết thúc: quyết toán sau ngày " (vn_date(v.body.quarter.last_day())) "." }
                }
                label { "Ngày chuyển" (date_input_text("on", &typed.on, true, Some("on"))) }
                label { "Số chứng từ" input name="voucher" value=(typed.voucher) maxlength="100" required; }
                button type="submit" disabled[!v.over || v.body.gap.is_some()] { "Quyết toán quý" }
            }
        }
        @if v.state == QuarterState::Settled && a.actor.may(Action::ConfirmInsurance) {
            form.act method="post" action="/insurance/act" {
                (hidden) input type="hidden" name="action" value="confirm";
                (err_for("confirm"))
                p { "Xác nhận: cơ quan BHXH đã đối chiếu danh sách và số tiền của quý." }
                button type="submit" { "Xác nhận" }
            }
        }
    }
}

/// The quarter of every commune under a province or a district (INS-13).
fn rollup_page(r: &antt_store::insurance::rollup::InsuranceRollup, name: &str) -> Markup {
    let money = |d: antt_domain::money::Dong| antt_documents::payroll::amount(d);
    html! {
        h1 { "Kinh phí BHXH tự nguyện, BHYT — " (name) }
        form.filters method="get" action="/insurance" {
            input type="hidden" name="commune" value=(r.unit);
            label { "Quý (YYYY-Qn)" input name="quarter" value=(r.quarter.to_string()) maxlength="7" required; }
            button type="submit" { "Xem" }
            " " a href=(quarter_link(&r.unit, r.quarter.prev())) { "← Quý trước" }
            " " a href=(quarter_link(&r.unit, r.quarter.next())) { "Quý sau →" }
        }
        h2.month { (antt_domain::text::capitalise(&r.quarter.label_vi())) }
        p.summary { (r.communes.len()) " xã, phường · " (r.members) " người tham gia · thực tế " (r.actual.to_string())
            " · đã chuyển " (r.transferred.to_string()) " · còn phải chuyển " (r.to_settle.to_string()) }
        p.note { "Thực tế bằng chữ: " (r.actual_in_words) }
        p { @for s in &r.states { span.badge { (s.state.label_vi()) ": " (s.communes) } " " } }
        @if r.illustrative { p.note { "MINH HỌA — có số liệu từ gói quy định giả lập." } }
        table.cards {
            thead { tr { th { "Xã, phường" } th { "Trạng thái" } th { "Người" } th { "Tạm cấp (đồng)" } th { "Thực tế (đồng)" }
                th { "Đã chuyển (đồng)" } th { "Còn phải chuyển (đồng)" } th { "Tỉnh hỗ trợ BHXH TN (đồng)" } th { "Hỗ trợ BHYT (đồng)" } } }
            tbody { @for c in &r.communes {
                tr data-commune=(c.commune) {
                    td data-label="Xã, phường" { a href=(quarter_link(&c.commune, r.quarter)) { (c.commune_name) } " " span.code { (c.commune) }
                        @if c.gap.is_some() { br; small.warn { "Thiếu quy định để tính" } } }
                    td data-label="Trạng thái" { (c.state_label) }
                    td.num data-label="Người" { (c.members) }
                    td.num data-label="Tạm cấp" { (money(c.advance)) }
                    td.num data-label="Thực tế" { (money(c.actual)) }
                    td.num data-label="Đã chuyển" { (money(c.transferred)) }
                    td.num.(if c.to_settle.0 != 0 { "warn" } else { "" }) data-label="Còn phải chuyển" { (money(c.to_settle)) }
                    td.num data-label="Tỉnh hỗ trợ BHXH TN" { (money(c.bhxh_province)) }
                    td.num data-label="Hỗ trợ BHYT" { (money(c.bhyt_support)) }
                }
            } }
            tfoot { tr {
                td data-label="Tổng cộng" { strong { "Tổng cộng" } } td {}
                td.num data-label="Người" { (r.members) }
                td.num data-label="Tạm cấp" { (money(r.advance)) }
                td.num data-label="Thực tế" { strong { (money(r.actual)) } }
                td.num data-label="Đã chuyển" { (money(r.transferred)) }
                td.num data-label="Còn phải chuyển" { (money(r.to_settle)) }
                td.num data-label="Tỉnh hỗ trợ BHXH TN" { (money(r.bhxh_province)) }
                td.num data-label="Hỗ trợ BHYT" { (money(r.bhyt_support)) }
            } }
        }
        p.hint { "Phần Nhà nước hỗ trợ đóng BHXH tự nguyện (" (r.bhxh_state.to_string()) ") được ghi để đối chiếu, không tính vào khoản xã chuyển." }
    }
}

async fn render(
    app: &AppState,
    a: &Authed,
    q: &QuarterQ,
    typed: Typed,
    error: Option<PublicError>,
) -> Result<Response, UiError> {
    let quarter = super::api::quarter_of(app, q.quarter.as_deref())?;
    let Some(unit) = pick_commune(app, a, q.commune.as_deref()).await? else {
        return Ok(page("Kinh phí bảo hiểm", Some(a), html! {
            h1 { "Kinh phí BHXH tự nguyện, BHYT" }
            form.filters method="get" action="/insurance" {
                label { "Mã xã (hoặc mã tỉnh để xem tổng hợp)" input name="commune" inputmode="numeric" required; }
                label { "Quý (YYYY-Qn)" input name="quarter" value=(quarter.to_string()) maxlength="7" required; }
                button type="submit" { "Xem" }
            }
        }).into_response());
    };
    let detail = app
        .store
        .unit_detail(&a.actor, unit, quarter.last_day())
        .await?;
    if detail.level != antt_domain::unit::Level::Commune {
        let r = app
            .store
            .insurance_rollup(&a.actor, unit, quarter, |_, _| {})
            .await?;
        let name = detail.current.map(|c| c.name).unwrap_or(detail.code);
        return Ok(page("Kinh phí bảo hiểm", Some(a), rollup_page(&r, &name)).into_response());
    }
    let v = app.store.insurance_quarter(&a.actor, unit, quarter).await?;
    if let Some(f) = q.format.as_deref() {
        return Ok(super::quarter_file(app, &v, FileKind::parse(f)?)?);
    }
    let file = |ext: &str| format!("{}&format={ext}", quarter_link(&v.commune, quarter));
    let t = |x: Option<chrono::DateTime<chrono::Utc>>| {
        x.map(|t| {
            antt_domain::date::local_vn(t)
                .format("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_default()
    };
    let mut n = 0;
    let body = html! {
        h1 { "Kinh phí BHXH tự nguyện, BHYT — " (v.commune_name) }
        form.filters method="get" action="/insurance" {
            input type="hidden" name="commune" value=(v.commune);
            label { "Quý (YYYY-Qn)" input name="quarter" value=(quarter.to_string()) maxlength="7" required; }
            button type="submit" { "Xem" }
            " " a href=(quarter_link(&v.commune, quarter.prev())) { "← Quý trước" }
            " " a href=(quarter_link(&v.commune, quarter.next())) { "Quý sau →" }
        }
        h2.month { (antt_domain::text::capitalise(&quarter.label_vi())) }
        p.state data-state=(v.state.as_str()) {
            span.badge { (v.state_label) }
            @if let Some(r) = &v.advance_record { " · tạm cấp " (r.total.to_string()) " ngày " (vn_date(r.on)) ", chứng từ " (r.voucher) " (" (r.by) ")" }
            @if let Some(s) = &v.settlement { " · quyết toán ngày " (vn_date(s.on)) ", chênh lệch " (s.difference.to_string()) ", chứng từ " (s.voucher) }
            @if let Some(by) = &v.confirmed_by { " · BHXH xác nhận: " (by) " lúc " (t(v.confirmed_at)) }
        }
        @if let Some(g) = &v.body.gap {
            div.alert role="alert" data-code="policy_gap" {
                p { "Chưa đủ số liệu quy định để tính, chưa thể ghi nhận chuyển tiền:" }
                ul { @for m in &g.missing { li { (m.description) " — " (m.citation) } } }
            }
        }
        @if v.body.illustrative { p.note { "MINH HỌA — có số liệu từ gói quy định giả lập, không phải số tiền thật." } }
        p.summary data-advance=(v.body.advance.transfer.0) data-actual=(v.body.actual.transfer.0) data-difference=(v.body.difference.0) {
            "Tạm cấp " strong { (v.body.advance.transfer.to_string()) }
            " · thực tế " strong { (v.body.actual.transfer.to_string()) }
            " · chênh lệch " strong { (v.body.difference.to_string()) }
        }
        p.note { "Nhà nước hỗ trợ BHXH tự nguyện trong quý (không tính vào số xã chuyển): " (v.body.actual.bhxh_state.to_string()) "." }
        p.actions {
            a.button href=(file("xlsx")) { "Tải bảng và danh sách D05-TS, D03-TS (Excel)" } " "
            a.button href=(file("pdf")) { "In bảng kinh phí (PDF)" } " "
            a.button href=(file("docx")) { "Tải bảng kinh phí (Word)" } " "
            a.button href={ "/api/v1/insurance/year?commune=" (v.commune) "&year=" (quarter.year()) "&format=pdf" } { "In quyết toán năm " (quarter.year()) " (PDF)" } " "
            a href={ "/api/v1/insurance/year?commune=" (v.commune) "&year=" (quarter.year()) "&format=docx" } { "Quyết toán năm (Word)" }
        }
        (actions(a, &v, &typed, &error))
        @if v.body.lines.is_empty() {
            p.empty { "Không có thành viên nào trong " (quarter.label_vi()) "." }
        } @else {
            table.cards.insurance {
                thead { tr {
                    th { "STT" } th { "Họ và tên" } th { "Mã số BHXH" } th { "Phương thức" }
                    th { "Tạm cấp (đồng)" } th { "Thực tế (đồng)" } th { "Chênh lệch (đồng)" }
                } }
                tbody { @for l in &v.body.lines { ({ n += 1; line_row(n, l) }) } }
                tfoot { tr {
                    td data-label="Tổng" { strong { "Tổng cộng" } } td {} td {} td {}
                    td.num data-label="Tạm cấp" { (money(v.body.advance.transfer)) }
                    td.num data-label="Thực tế" { (money(v.body.actual.transfer)) }
                    td.num data-label="Chênh lệch" { strong { (money(v.body.difference)) } }
                } }
            }
        }
        @if !v.body.movements.is_empty() {
            h2 { "Tăng, giảm trong quý" }
            ul.movements { @for m in &v.body.movements {
                li { (m.kind.label_vi()) " " (if m.scheme == "bhxh" { "BHXH TN" } else { "BHYT" }) ": " (m.name) " từ " (vn_date(m.on)) " — " (m.reason) }
            } }
        }
        h2 { "Cách tính" }
        ul { @for e in &v.body.explanation { li { (e.text) " " span.rule { "[" (e.rule) @if let Some(c) = &e.citation { " — " (c) } "]" } } } }
    };
    let status = error.as_ref().map_or(StatusCode::OK, |e| e.status);
    Ok((status, page("Kinh phí bảo hiểm", Some(a), body)).into_response())
}

pub async fn quarter_page(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    QueryParams(q): QueryParams<QuarterQ>,
) -> Result<Response, UiError> {
    render(&app, &a, &q, Typed::default(), None).await
}

pub async fn act_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    FormBody(f): FormBody<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    let commune = pair(&f, "commune").to_string();
    let quarter_raw = pair(&f, "quarter").to_string();
    let typed = Typed {
        action: pair(&f, "action").to_string(),
        on: pair(&f, "on").to_string(),
        voucher: pair(&f, "voucher").to_string(),
        account: pair(&f, "account").to_string(),
    };
    let result = async {
        let c = resolve_unit(&app, &a.actor, &commune).await?;
        let q = Quarter::parse("quarter", &quarter_raw)?;
        match typed.action.as_str() {
            "advance" => {
                let on = antt_domain::date::parse("on", &typed.on)?;
                app.store
                    .record_insurance_advance(
                        &a.actor,
                        c,
                        q,
                        on,
                        &typed.voucher,
                        Some(&typed.account),
                    )
                    .await?
            }
            "settle" => {
                let on = antt_domain::date::parse("on", &typed.on)?;
                app.store
                    .settle_insurance_quarter(&a.actor, c, q, on, &typed.voucher)
                    .await?
            }
            "confirm" => app.store.confirm_insurance_quarter(&a.actor, c, q).await?,
            _ => {
                return Err(AppError::from(antt_domain::FieldError::new(
                    "action",
                    antt_domain::FieldErrorKind::InvalidChoice {
                        allowed: "advance, settle, confirm",
                    },
                )));
            }
        };
        Ok::<_, AppError>(q)
    }
    .await;
    match result {
        Ok(q) => Ok(Redirect::to(&quarter_link(&commune, q)).into_response()),
        Err(e) if e.public().status == StatusCode::UNPROCESSABLE_ENTITY => {
            let q = QuarterQ {
                commune: Some(commune),
                quarter: Some(quarter_raw),
                format: None,
            };
            render(&app, &a, &q, typed, Some(e.public())).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---- a member's enrolment and account ------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct MemberQ {
    pub person: Option<String>,
}

/// What a refused member form typed.
#[derive(Default)]
struct MemberTyped {
    form: String,
    bhxh_code: String,
    bhxh_from: String,
    payment_mode: String,
    state_months_before: String,
    bhyt_card: String,
    account_no: String,
    bank: String,
    branch: String,
}

async fn member_render(
    app: &AppState,
    a: &Authed,
    person: PersonId,
    typed: Option<MemberTyped>,
    error: Option<PublicError>,
) -> Result<Response, UiError> {
    let p = app.store.person(&a.actor, person).await?;
    let e = app.store.insurance_enrolment(&a.actor, person).await?;
    let acc = if a.actor.may(Action::ViewPayroll) {
        app.store.bank_account(&a.actor, person).await?
    } else {
        None
    };
    let t = typed.unwrap_or_else(|| MemberTyped {
        form: String::new(),
        bhxh_code: e
            .as_ref()
            .and_then(|e| e.bhxh_code.clone())
            .unwrap_or_default(),
        bhxh_from: e
            .as_ref()
            .and_then(|e| e.bhxh_from)
            .map(|m| m.short_vi())
            .unwrap_or_default(),
        payment_mode: e
            .as_ref()
            .map(|e| e.payment_mode.as_str().to_string())
            .unwrap_or_default(),
        state_months_before: e
            .as_ref()
            .map(|e| e.state_months_before.to_string())
            .unwrap_or_else(|| "0".into()),
        bhyt_card: e
            .as_ref()
            .and_then(|e| e.bhyt_card.clone())
            .unwrap_or_default(),
        account_no: acc
            .as_ref()
            .map(|a| a.account_no.clone())
            .unwrap_or_default(),
        bank: acc.as_ref().map(|a| a.bank.clone()).unwrap_or_default(),
        branch: acc
            .as_ref()
            .and_then(|a| a.branch.clone())
            .unwrap_or_default(),
    });
    let csrf = a.csrf.clone().unwrap_or_default();
    let err_for = |form: &str| {
        if t.form == form {
            form_error(&error)
        } else {
            html! {}
        }
    };
    let may_enrol = a.actor.may(Action::ManageInsurance);
    let may_bank = a.actor.may(Action::ManagePaymentDetails);
    let body = html! {
        h1 { "Bảo hiểm và tài khoản — " (p.full_name) }
        p { "Số CCCD " (p.cccd) " · " a href={ "/people/" (p.id) } { "Hồ sơ" } }
        h2 { "Tham gia BHXH tự nguyện, BHYT" }
        form.act method="post" action="/insurance/member" {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="person" value=(p.id);
            input type="hidden" name="form" value="enrolment";
            (err_for("enrolment"))
            fieldset disabled[!may_enrol] {
                label { "Mã số BHXH (10 chữ số)" input name="bhxh_code" value=(t.bhxh_code) inputmode="numeric" maxlength="14" autofocus[t.form == "enrolment" && error.as_ref().is_some_and(|e| e.field == Some("bhxh_code"))]; }
                label { "Tham gia BHXH tự nguyện qua xã từ tháng (MM/YYYY; bỏ trống: chưa đăng ký)" input name="bhxh_from" value=(t.bhxh_from) maxlength="7"; }
                label { "Phương thức đóng" select name="payment_mode" required {
                    option value="" { "— chọn —" }
                    @for m in PaymentMode::ALL { option value=(m.as_str()) selected[t.payment_mode == m.as_str()] { (m.label_vi()) } }
                } }
                label { "Số tháng đã được Nhà nước hỗ trợ trước đó" input name="state_months_before" value=(t.state_months_before) inputmode="numeric" maxlength="3"; }
                label { "Số thẻ BHYT" input name="bhyt_card" value=(t.bhyt_card) maxlength="20"; }
                button type="submit" { "Lưu thông tin bảo hiểm" }
            }
        }
        @if a.actor.may(Action::ViewPayroll) {
            h2 { "Tài khoản nhận tiền" }
            form.act method="post" action="/insurance/member" {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="person" value=(p.id);
                input type="hidden" name="form" value="bank";
                (err_for("bank"))
                fieldset disabled[!may_bank] {
                    label { "Số tài khoản" input name="account_no" value=(t.account_no) inputmode="numeric" maxlength="30"; }
                    label { "Ngân hàng" input name="bank" value=(t.bank) maxlength="100"; }
                    label { "Chi nhánh" input name="branch" value=(t.branch) maxlength="100"; }
                    button type="submit" { "Lưu tài khoản" }
                }
            }
        }
    };
    let status = error.as_ref().map_or(StatusCode::OK, |e| e.status);
    Ok((status, page("Bảo hiểm và tài khoản", Some(a), body)).into_response())
}

pub async fn member_page(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    QueryParams(q): QueryParams<MemberQ>,
) -> Result<Response, UiError> {
    let person = PersonId::parse(q.person.as_deref().unwrap_or("")).map_err(AppError::from)?;
    member_render(&app, &a, person, None, None).await
}

pub async fn member_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    FormBody(f): FormBody<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    let person = PersonId::parse(pair(&f, "person")).map_err(AppError::from)?;
    let t = MemberTyped {
        form: pair(&f, "form").to_string(),
        bhxh_code: pair(&f, "bhxh_code").to_string(),
        bhxh_from: pair(&f, "bhxh_from").to_string(),
        payment_mode: pair(&f, "payment_mode").to_string(),
        state_months_before: pair(&f, "state_months_before").to_string(),
        bhyt_card: pair(&f, "bhyt_card").to_string(),
        account_no: pair(&f, "account_no").to_string(),
        bank: pair(&f, "bank").to_string(),
        branch: pair(&f, "branch").to_string(),
    };
    let result = async {
        if t.form == "bank" {
            let acc = (!t.account_no.trim().is_empty() || !t.bank.trim().is_empty()).then(|| {
                BankAccount {
                    account_no: t.account_no.clone(),
                    bank: t.bank.clone(),
                    branch: Some(t.branch.clone()),
                }
            });
            app.store
                .set_bank_account(&a.actor, person, acc.as_ref())
                .await?;
        } else {
            let body = super::api::EnrolmentBody {
                bhxh_code: Some(t.bhxh_code.clone()),
                bhxh_from: Some(t.bhxh_from.clone()),
                payment_mode: t.payment_mode.clone(),
                state_months_before: t.state_months_before.trim().parse().map_err(|_| {
                    antt_domain::FieldError::new(
                        "state_months_before",
                        antt_domain::FieldErrorKind::from(
                            antt_domain::insurance::quarter::InsuranceFault::StateMonthsTooMany,
                        ),
                    )
                })?,
                bhyt_card: Some(t.bhyt_card.clone()),
            };
            app.store
                .set_insurance_enrolment(&a.actor, person, &super::api::enrolment_of(&body)?)
                .await?;
        }
        Ok::<_, AppError>(())
    }
    .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/insurance/member?person={person}")).into_response()),
        Err(e) if e.public().status == StatusCode::UNPROCESSABLE_ENTITY => {
            member_render(&app, &a, person, Some(t), Some(e.public())).await
        }
        Err(e) => Err(e.into()),
    }
}

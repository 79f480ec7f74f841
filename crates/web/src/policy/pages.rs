//! Quy định: the packs, the rules in force for a jurisdiction on a date with their citations and
//! verification badges, the gaps, and the upload of a new pack or version.

use antt_domain::access::Action;
use antt_domain::policy::{Param, RuleInForce, Value, Verification};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::api::as_of;
use crate::auth::{Authed, UiAuthed};
use crate::error::{AppError, PublicError, UiError};
use crate::input::{FormBody, QueryParams};
use crate::policy::api::upload;
use crate::ui::{form_error, page, vn_date};

#[derive(Deserialize, Default)]
pub struct DateQuery {
    date: Option<String>,
    uploaded: Option<String>,
}

/// The badge of a verification level.
pub fn badge(v: Verification) -> Markup {
    let class = match v {
        Verification::Official | Verification::Secondary => "badge ok",
        Verification::News => "badge news",
        Verification::Demo => "badge demo",
        Verification::Missing => "badge missing",
    };
    html! { span class=(class) title=(v.as_str()) { (v.label_vi()) } }
}

/// A parameter's value as a reader sees it.
pub fn value_text(p: &Param) -> String {
    match &p.value {
        None => "—".into(),
        Some(Value::Money(d)) => d.to_string(),
        Some(Value::Rate(r)) => r.percent_vi(),
        Some(Value::Count(n)) => n.to_string(),
        Some(Value::MonthDay { month, day }) => format!("ngày {day:02}/{month:02} hằng năm"),
        Some(Value::Choice(c)) => match c.as_str() {
            "up" => "làm tròn lên".into(),
            "down" => "làm tròn xuống".into(),
            "half_up" => "làm tròn đến số gần nhất".into(),
            "poverty_line" => "chuẩn nghèo khu vực nông thôn".into(),
            "base_salary" => "mức lương cơ sở".into(),
            "monthly_support" => "mức hỗ trợ hằng tháng".into(),
            other => other.into(),
        },
        Some(Value::Shares(s)) => s
            .iter()
            .map(|(k, r)| {
                let group = match k.as_str() {
                    "poor" => "hộ nghèo",
                    "near_poor" => "hộ cận nghèo",
                    "ethnic_minority" => "người DTTS",
                    "island" => "xã đảo, đặc khu",
                    _ => "đối tượng khác",
                };
                format!("{group}: {}", r.percent_vi())
            })
            .collect::<Vec<_>>()
            .join("; "),
        Some(Value::Support(list)) => list
            .iter()
            .map(|(role, a)| {
                let v = match a {
                    antt_domain::policy::SupportAmount::Fixed(d) => d.to_string(),
                    antt_domain::policy::SupportAmount::Coefficient(k) => {
                        format!("hệ số {} × lương cơ sở", k.coefficient_vi())
                    }
                    antt_domain::policy::SupportAmount::MinWagePercent(k) => {
                        format!("{} lương tối thiểu vùng", k.percent_vi())
                    }
                };
                format!("{}: {v}", role.label_vi())
            })
            .collect::<Vec<_>>()
            .join("; "),
        Some(Value::TeamSize(rows)) => format!("{} dòng tiêu chí (xem ghi chú)", rows.len()),
        Some(Value::Tools(t)) => t
            .iter()
            .map(|x| format!("{} {}", x.name, x.share.percent_vi()))
            .collect::<Vec<_>>()
            .join("; "),
        Some(Value::Equipment(e)) => e
            .iter()
            .map(|x| x.name.clone())
            .collect::<Vec<_>>()
            .join("; "),
        Some(Value::Items(i)) => i
            .iter()
            .map(|x| {
                format!(
                    "{}: {} {}/{}",
                    x.name,
                    x.quantity,
                    x.unit.to_lowercase(),
                    if x.per == "member" {
                        "người"
                    } else {
                        "Tổ"
                    }
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
    }
}

fn rules_table(rules: &[RuleInForce<'_>]) -> Markup {
    html! {
        table.rules {
            thead { tr { th { "Nội dung" } th { "Giá trị" } th { "Mã quy tắc" } th { "Căn cứ" } th { "Xác minh" } th { "Hiệu lực" } } }
            tbody {
                @for r in rules {
                    tr data-key=(r.key) {
                        td { (r.label) }
                        @match (&r.param, &r.gap) {
                            (Some(p), _) => {
                                td { (value_text(p)) @if let Some(n) = &p.note { br; span.note { (n) } } }
                                td { code { (p.rule) } }
                                td { (p.citation.to_string()) @if let Some(l) = &p.citation.link { " " a href=(l) rel="noreferrer" { "(nguồn)" } } }
                                td { (badge(p.verification)) }
                                td { (vn_date(p.effective_from)) @if let Some(t) = p.effective_to { " – " (vn_date(t)) } }
                            }
                            (None, Some(g)) => {
                                td.warn { "Chưa có số liệu" }
                                td {}
                                td { (g.citation) }
                                td { (badge(Verification::Missing)) }
                                td {}
                            }
                            (None, None) => { td {} td {} td {} td {} td {} }
                        }
                    }
                }
            }
        }
    }
}

fn upload_form(a: &Authed, error: &Option<PublicError>, text: &str) -> Markup {
    html! {
        @if a.actor.may(Action::ManagePolicies) {
            h2 { "Tải lên gói quy định hoặc phiên bản mới" }
            p.lead { "Dán nội dung tệp TOML. Gói được kiểm tra trước khi nhận; phiên bản cũ được giữ lại và mọi lần tải lên được ghi nhật ký." }
            (form_error(error))
            form method="post" action="/policy" {
                input type="hidden" name="csrf" value=(a.csrf.clone().unwrap_or_default());
                label { "Nội dung gói (TOML)" textarea name="text" rows="14" spellcheck="false" { (text) } }
                button type="submit" { "Kiểm tra và tải lên" }
            }
        }
    }
}

async fn list_page(
    app: &AppState,
    a: &Authed,
    error: Option<PublicError>,
    text: &str,
    uploaded: Option<&str>,
) -> Result<Markup, UiError> {
    let set = app.store.policy_packs().await?;
    Ok(html! {
        h1 { "Gói quy định" }
        p.lead { "Mỗi gói là các quy định của một văn bản (Luật, Nghị định, Thông tư, Nghị quyết của HĐND tỉnh), theo thời gian hiệu lực, có trích dẫn và mức độ xác minh. Thiếu số liệu thì hệ thống báo thiếu, không tự đặt số." }
        @if let Some(u) = uploaded { div.notice { "Đã nhận gói " (u) "." } }
        p { a href="/policy/gaps" { "Xem các số liệu còn thiếu →" } }
        table.packs {
            thead { tr { th { "Gói" } th { "Văn bản" } th { "Hiệu lực từ" } th { "Phiên bản" } th { "Số tham số theo mức xác minh" } } }
            tbody {
                @for (p, i) in set.packs.iter().zip(&set.info) {
                    tr data-pack=(p.id) {
                        td { a href={ "/policy/" (p.id) } { (p.title) } }
                        td { (p.document) }
                        td { (vn_date(p.effective_from)) }
                        td { (i.version) @if i.source == "uploaded" { " (tải lên)" } }
                        td { @for (v, n) in p.counts() { @if n > 0 { (badge(v)) " " (n) " " } } }
                    }
                }
            }
        }
        (upload_form(a, &error, text))
    })
}

pub async fn policies_get(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    QueryParams(q): QueryParams<DateQuery>,
) -> Result<Response, UiError> {
    let body = list_page(&app, &a, None, "", q.uploaded.as_deref()).await?;
    Ok(page("Gói quy định", Some(&a), body).into_response())
}

#[derive(Deserialize)]
pub struct UploadForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    #[allow(dead_code)]
    csrf: String,
}

pub async fn policies_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    FormBody(f): FormBody<UploadForm>,
) -> Result<Response, UiError> {
    match upload(&app, &a, &f.text).await {
        Ok((id, version, _)) => {
            Ok(Redirect::to(&format!("/policy?uploaded={id}%20v{version}")).into_response())
        }
        Err(e @ (AppError::InvalidPack(_) | AppError::Invalid(_))) => {
            let p = e.public();
            let status = p.status;
            let body = list_page(&app, &a, Some(p), &f.text, None).await?;
            Ok((status, page("Gói quy định", Some(&a), body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn policy_get(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    Path(id): Path<String>,
    QueryParams(q): QueryParams<DateQuery>,
) -> Result<Response, UiError> {
    let on = as_of(&app, q.date.as_deref())?;
    let set = app.store.policy_packs().await?;
    let pack = set
        .get(&id)
        .ok_or(AppError::Store(antt_store::StoreError::NotFound))?;
    let policy = set
        .policy_for_pack(&id, on)
        .ok_or(AppError::Store(antt_store::StoreError::NotFound))?;
    let rules = policy.rules_in_force();
    let gaps: Vec<_> = rules.iter().filter_map(|r| r.gap.clone()).collect();
    let demo = rules.iter().any(|r| {
        r.param
            .is_some_and(|p| p.verification == Verification::Demo)
    });
    let body = html! {
        nav.crumbs { a href="/policy" { "Gói quy định" } }
        h1 { (pack.title) }
        p { (pack.document) }
        @if demo { div.alert { span.badge.demo { "MINH HỌA" } " Các số liệu đánh dấu MINH HỌA là số liệu giả lập để trình diễn, không phải quy định thật." } }
        form.filters method="get" action={ "/policy/" (pack.id) } {
            label { "Quy định có hiệu lực vào ngày" (crate::ui::date_input("date", Some(on), false)) }
            button type="submit" { "Xem" }
        }
        @if !pack.in_force(on) { p.warn { "Gói này không có hiệu lực vào ngày " (vn_date(on)) "." } }
        p { "Gói trung ương luôn áp dụng bên dưới gói của tỉnh. Quy định có hiệu lực ngày " (vn_date(on)) ":" }
        (rules_table(&rules))
        h2 { "Số liệu còn thiếu" }
        @if gaps.is_empty() { p.empty { "Không thiếu số liệu nào." } } @else {
            ul.gaps { @for g in &gaps { li { strong { (g.description) } " (" code { (g.parameter) } ") — do " (g.citation) " quy định." } } }
        }
    };
    Ok(page(&pack.title, Some(&a), body).into_response())
}

pub async fn gaps_get(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    QueryParams(q): QueryParams<DateQuery>,
) -> Result<Response, UiError> {
    let on = as_of(&app, q.date.as_deref())?;
    let set = app.store.policy_packs().await?;
    let mut sections = Vec::new();
    for p in set
        .packs
        .iter()
        .filter(|p| p.kind != antt_domain::policy::PackKind::Demo && p.in_force(on))
    {
        if let Some(policy) = set.policy_for_pack(&p.id, on) {
            let gaps: Vec<_> = policy
                .rules_in_force()
                .into_iter()
                .filter_map(|r| r.gap)
                .filter(|g| g.pack.as_deref() == Some(p.id.as_str()))
                .collect();
            if !gaps.is_empty() {
                sections.push((p, gaps));
            }
        }
    }
    let body = html! {
        nav.crumbs { a href="/policy" { "Gói quy định" } }
        h1 { "Số liệu còn thiếu ngày " (vn_date(on)) }
        p.lead { "Mỗi dòng là một tham số mà văn bản quy định nhưng chưa ai nhập. Phép tính cần tham số này sẽ dừng và báo thiếu, không tự đặt số. Người giữ văn bản nhập số liệu bằng cách tải lên phiên bản mới của gói." }
        form.filters method="get" action="/policy/gaps" {
            label { "Ngày" (crate::ui::date_input("date", Some(on), false)) }
            button type="submit" { "Xem" }
        }
        @for (p, gaps) in &sections {
            h2 { a href={ "/policy/" (p.id) "?date=" (on) } { (p.title) } }
            table.gaps {
                thead { tr { th { "Tham số" } th { "Nội dung" } th { "Văn bản quy định" } } }
                tbody { @for g in gaps { tr { td { code { (g.parameter) } } td { (g.description) } td { (g.citation) } } } }
            }
        }
        @if sections.is_empty() { p.empty { "Không thiếu số liệu nào." } }
    };
    Ok(page("Số liệu còn thiếu", Some(&a), body).into_response())
}

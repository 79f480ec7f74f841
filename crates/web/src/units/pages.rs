//! Đơn vị hành chính: the tree as of a date with accent-insensitive search, a unit's page with its
//! history and succession, and the village facts form.

use antt_domain::access::Action;
use antt_domain::date;
use antt_domain::unit::{Level, VillageFacts, format_area_ha};
use antt_store::units::{FactsView, NewFacts, SearchHit, TreeNode, UnitDetail, UnitRef};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use maud::{Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::api::{as_of, resolve_unit};
use crate::auth::UiAuthed;
use crate::error::{AppError, PublicError, UiError};
use crate::input::{FormBody, QueryParams};
use crate::ui::{form_error, is_htmx, page, vn_date, vn_number};

#[derive(Deserialize, Default)]
pub struct UnitsQuery {
    date: Option<String>,
    q: Option<String>,
}

fn unit_link(u: &UnitRef, date: NaiveDate) -> Markup {
    html! { a href={ "/units/" (u.code) "?date=" (date) } { (u.name) } " " span.code { (u.code) } }
}

fn tree(nodes: &[TreeNode], date: NaiveDate) -> Markup {
    html! {
        ul.tree {
            @for n in nodes {
                li data-code=(n.unit.code) {
                    (unit_link(&n.unit, date))
                    @if !n.children.is_empty() { (tree(&n.children, date)) }
                }
            }
        }
    }
}

fn hits(list: &[SearchHit], date: NaiveDate) -> Markup {
    html! {
        @if list.is_empty() {
            p.empty { "Không có đơn vị nào khớp vào ngày " (vn_date(date)) "." }
        } @else {
            ul.hits {
                @for h in list {
                    li data-code=(h.unit.code) {
                        (unit_link(&h.unit, date))
                        @if !h.path.is_empty() {
                            span.path { " — " @for (i, p) in h.path.iter().rev().enumerate() { @if i > 0 { ", " } (p.name) } }
                        }
                    }
                }
            }
        }
    }
}

pub async fn units_get(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    headers: HeaderMap,
    QueryParams(q): QueryParams<UnitsQuery>,
) -> Result<Response, UiError> {
    let date = as_of(&app, q.date.as_deref())?;
    let query = q.q.clone().unwrap_or_default();
    let results = if query.trim().is_empty() {
        let t = app.store.unit_tree(&a.actor, date).await?;
        html! {
            @if t.is_empty() {
                p.empty { "Không có đơn vị nào có hiệu lực vào ngày " (vn_date(date)) " trong phạm vi của bạn. Dữ liệu được ghi từ 01/07/2024." }
            } @else { (tree(&t, date)) }
        }
    } else {
        hits(
            &app.store
                .search_units(&a.actor, date, &query, None, 100)
                .await?,
            date,
        )
    };
    let results = html! { div #results { (results) } };
    if is_htmx(&headers) {
        return Ok(results.into_response());
    }
    Ok(page(
        "Đơn vị hành chính",
        Some(&a),
        html! {
            h1 { "Đơn vị hành chính" }
            form.filters method="get" action="/units" hx-get="/units" hx-target="#results" hx-select="#results"
                hx-swap="outerHTML" hx-trigger="input changed delay:300ms from:#q, change from:#date" hx-push-url="true" {
                label { "Tìm theo tên hoặc mã (không cần gõ dấu)" input #q type="search" name="q" value=(query) placeholder="ví dụ: ia dal"; }
                label { "Tại ngày" (crate::ui::date_input_text("date", &crate::ui::vn_date(date), false, Some("date"))) }
                button type="submit" { "Xem" }
            }
            (results)
        },
    )
    .into_response())
}

fn facts_table(facts: &[FactsView]) -> Markup {
    html! {
        table.facts {
            thead { tr { th { "Từ ngày" } th { "Đến ngày" } th { "Số hộ" } th { "Nhân khẩu" } th { "Diện tích (ha)" } th { "Đặc điểm" } th { "Nguồn" } } }
            tbody {
                @for f in facts {
                    tr {
                        td { (vn_date(f.valid_from)) }
                        td { (f.valid_to.map(vn_date).unwrap_or_else(|| "nay".into())) }
                        td.num { (f.households.map(|n| vn_number(n.into())).unwrap_or_default()) }
                        td.num { (f.population.map(|n| vn_number(n.into())).unwrap_or_default()) }
                        td.num { (f.area_centi_ha.map(format_area_ha).unwrap_or_default()) }
                        td { (flags_text(f)) }
                        td.source {
                            @if let Some(s) = &f.source {
                                @if s.contains("MINH HỌA") { span.badge.demo { "MINH HỌA" } " " }
                                (s)
                            }
                        }
                    }
                }
            }
        }
    }
}

fn flags_text(f: &FactsView) -> String {
    let mut v = Vec::new();
    if f.flags.border {
        v.push("biên giới");
    }
    if f.flags.mountainous {
        v.push("miền núi");
    }
    if f.flags.ethnic_minority {
        v.push("vùng đồng bào DTTS");
    }
    if f.flags.especially_difficult {
        v.push("đặc biệt khó khăn");
    }
    if f.flags.key_security {
        v.push("trọng điểm ANTT");
    }
    v.join(", ")
}

fn facts_form(d: &UnitDetail, csrf: &str, error: &Option<PublicError>) -> Markup {
    let cur = d.facts_as_of.as_ref();
    let checked = |b: Option<bool>| b.unwrap_or(false);
    html! {
        form.facts-form method="post" action={ "/units/" (d.code) "/facts" } {
            h3 { "Cập nhật số liệu thôn" }
            (form_error(error))
            input type="hidden" name="csrf" value=(csrf);
            label { "Áp dụng từ ngày" (crate::ui::date_input("valid_from", Some(d.as_of), true)) }
            label { "Số hộ" input name="households" inputmode="numeric" value=(cur.and_then(|f| f.households).map(|n| n.to_string()).unwrap_or_default()); }
            label { "Số nhân khẩu" input name="population" inputmode="numeric" value=(cur.and_then(|f| f.population).map(|n| n.to_string()).unwrap_or_default()); }
            label { "Diện tích (ha)" input name="area_ha" inputmode="decimal" value=(cur.and_then(|f| f.area_centi_ha).map(format_area_ha).unwrap_or_default()); }
            fieldset {
                legend { "Đặc điểm địa bàn" }
                label.check { input type="checkbox" name="border" value="1" checked[checked(cur.map(|f| f.flags.border))]; "Xã biên giới" }
                label.check { input type="checkbox" name="mountainous" value="1" checked[checked(cur.map(|f| f.flags.mountainous))]; "Miền núi" }
                label.check { input type="checkbox" name="ethnic_minority" value="1" checked[checked(cur.map(|f| f.flags.ethnic_minority))]; "Vùng đồng bào dân tộc thiểu số" }
                label.check { input type="checkbox" name="especially_difficult" value="1" checked[checked(cur.map(|f| f.flags.especially_difficult))]; "Đặc biệt khó khăn" }
                label.check { input type="checkbox" name="key_security" value="1" checked[checked(cur.map(|f| f.flags.key_security))]; "Địa bàn trọng điểm, phức tạp về ANTT" }
            }
            label { "Nguồn số liệu" input name="source" value=(cur.and_then(|f| f.source.clone()).unwrap_or_default()) placeholder="ví dụ: Báo cáo của thôn tháng 12/2025"; }
            button type="submit" { "Lưu" }
        }
    }
}

/// The village's team quota under the rules that apply to it on the date, with the reasoning —
/// or the gap that stops it.
async fn quota_box(app: &AppState, a: &crate::auth::Authed, d: &UnitDetail) -> Markup {
    use antt_domain::policy::quota::{QuotaError, VillageInput, team_quota};
    let q = crate::policy::api::PolicyQuery {
        unit: Some(d.code.clone()),
        date: Some(d.as_of.to_string()),
        ..Default::default()
    };
    let Ok((resolved, facts)) = crate::policy::api::resolve(app, a, &q).await else {
        return html! {};
    };
    let (policy, resolution) = (resolved.policy(), resolved.resolution());
    let v = VillageInput {
        urban: facts.urban.unwrap_or(false),
        households: facts.households,
        population: facts.population,
        flags: facts.flags,
    };
    let packs = resolution
        .as_ref()
        .and_then(|r| r.province_pack.clone())
        .unwrap_or_else(|| "chưa có gói của tỉnh".into());
    html! {
        section.quota {
            h3 { "Số thành viên Tổ bảo vệ ANTT theo quy định" }
            p.note {
                "Áp dụng: gói trung ương và " a href={ "/policy/" (packs) "?date=" (d.as_of) } { (packs) }
                @if let Some(demo) = resolution.as_ref().and_then(|r| r.demo_pack.clone()) {
                    "; số liệu còn thiếu được bổ sung bằng gói minh họa " a href={ "/policy/" (demo) } { (demo) }
                }
                @if let Some(r) = &resolution { @if r.provinces.len() > 1 { " (đơn vị trước đây thuộc tỉnh mã " (r.provinces[1..].join(", ")) ")" } }
            }
            @match team_quota(&policy, &v) {
                Ok(e) => {
                    p { strong { "Tối thiểu " (e.value.base) ", tối đa " (e.value.max) " thành viên" }
                        @if e.illustrative { " " span.badge.demo { "MINH HỌA" } } }
                    ol { @for l in &e.explanation { li { (l.text) " " span.note { "[" (l.rule) "; " (l.citation.clone().unwrap_or_default()) "]" } } } }
                },
                Err(QuotaError::PolicyGap(g)) => div.alert data-code="policy_gap" { (g.message_vi()) },
                Err(QuotaError::MissingFact { message, .. } | QuotaError::NoRow { message }) => p.warn { (message) },
            }
        }
    }
}

fn unit_page(
    d: &UnitDetail,
    a: &crate::auth::Authed,
    error: Option<PublicError>,
    quota: Markup,
) -> Markup {
    let title = d
        .current
        .as_ref()
        .map(|v| v.name.clone())
        .or_else(|| d.versions.last().map(|v| v.name.clone()))
        .unwrap_or_default();
    let may_edit =
        d.level == Level::Village && a.actor.may(Action::EditVillageFacts) && d.current.is_some();
    html! {
        nav.crumbs { a href={ "/units?date=" (d.as_of) } { "Đơn vị hành chính" } @for p in &d.path { " › " (unit_link(p, d.as_of)) } }
        h1 { (title) " " span.code { (d.code) } }
        form.filters method="get" action={ "/units/" (d.code) } {
            label { "Xem tại ngày" (crate::ui::date_input("date", Some(d.as_of), false)) }
            button type="submit" { "Xem" }
        }
        @match &d.current {
            Some(v) => p.status { (d.level.label_vi()) " · " (v.kind_label) " · có hiệu lực từ " (vn_date(v.valid_from))
                @if let Some(t) = v.valid_to { " đến " (vn_date(t)) } },
            None => p.status.warn { "Đơn vị không có hiệu lực vào ngày " (vn_date(d.as_of)) "." },
        }
        h2 { "Lịch sử" }
        table.versions {
            thead { tr { th { "Từ ngày" } th { "Đến ngày" } th { "Tên" } th { "Trực thuộc" } th { "Căn cứ" } } }
            tbody {
                @for v in &d.versions {
                    tr {
                        td { (vn_date(v.valid_from)) }
                        td { (v.valid_to.map(vn_date).unwrap_or_else(|| "nay".into())) }
                        td { (v.name) }
                        td { @if let Some(p) = &v.parent { (unit_link(p, v.valid_from)) } }
                        td { (v.basis.clone().unwrap_or_default()) }
                    }
                }
            }
        }
        @if !d.successions.is_empty() {
            h2 { "Sắp xếp, kế thừa" }
            ul.successions {
                @for s in &d.successions {
                    li {
                        strong { (s.kind_label) } " ngày " (vn_date(s.effective_date)) ": "
                        @for (i, p) in s.predecessors.iter().enumerate() { @if i > 0 { ", " } (unit_link(p, s.effective_date.pred_opt().unwrap_or(s.effective_date))) }
                        " → "
                        @for (i, q) in s.successors.iter().enumerate() { @if i > 0 { ", " } (unit_link(q, s.effective_date)) }
                        br; span.basis { (s.basis) }
                        @if let Some(n) = &s.note { br; span.note { (n) } }
                    }
                }
            }
        }
        @if !d.children.is_empty() {
            h2 { "Đơn vị trực thuộc ngày " (vn_date(d.as_of)) }
            ul.children { @for c in &d.children { li { (unit_link(c, d.as_of)) } } }
        }
        @if d.level == Level::Village {
            (quota)
            h2 { "Số liệu thôn theo thời gian" }
            @if d.facts.is_empty() { p.empty { "Chưa có số liệu." } } @else { (facts_table(&d.facts)) }
            @if may_edit { (facts_form(d, &a.csrf.clone().unwrap_or_default(), &error)) }
        }
    }
}

pub async fn unit_get(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    Path(id): Path<String>,
    QueryParams(q): QueryParams<UnitsQuery>,
) -> Result<Response, UiError> {
    let date = as_of(&app, q.date.as_deref())?;
    let id = resolve_unit(&app, &a.actor, &id).await?;
    let d = app.store.unit_detail(&a.actor, id, date).await?;
    let title = d
        .current
        .as_ref()
        .map(|v| v.name.clone())
        .unwrap_or_else(|| d.code.clone());
    let quota = if d.level == Level::Village && d.current.is_some() {
        quota_box(&app, &a, &d).await
    } else {
        html! {}
    };
    Ok(page(&title, Some(&a), unit_page(&d, &a, None, quota)).into_response())
}

#[derive(Deserialize)]
pub struct FactsForm {
    valid_from: String,
    #[serde(default)]
    households: String,
    #[serde(default)]
    population: String,
    #[serde(default)]
    area_ha: String,
    #[serde(default)]
    border: Option<String>,
    #[serde(default)]
    mountainous: Option<String>,
    #[serde(default)]
    ethnic_minority: Option<String>,
    #[serde(default)]
    especially_difficult: Option<String>,
    #[serde(default)]
    key_security: Option<String>,
    #[serde(default)]
    source: String,
    #[serde(default)]
    #[allow(dead_code)]
    csrf: String,
}

fn parse_facts(f: &FactsForm) -> Result<NewFacts, AppError> {
    use antt_domain::unit::{VillageFlags, parse_area_ha, parse_count};
    Ok(NewFacts {
        valid_from: date::parse("valid_from", &f.valid_from)?,
        facts: VillageFacts {
            households: parse_count("households", &f.households)?,
            population: parse_count("population", &f.population)?,
            area_centi_ha: parse_area_ha(&f.area_ha)?,
            flags: VillageFlags {
                border: f.border.is_some(),
                mountainous: f.mountainous.is_some(),
                ethnic_minority: f.ethnic_minority.is_some(),
                especially_difficult: f.especially_difficult.is_some(),
                key_security: f.key_security.is_some(),
            },
        },
        source: Some(f.source.clone()),
    })
}

pub async fn facts_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    Path(id): Path<String>,
    FormBody(f): FormBody<FactsForm>,
) -> Result<Response, UiError> {
    app.store.authorize(&a.actor, Action::EditVillageFacts)?;
    let uid = resolve_unit(&app, &a.actor, &id).await?;
    let result = match parse_facts(&f) {
        Ok(new) => app
            .store
            .set_village_facts(&a.actor, uid, &new)
            .await
            .map(|_| new.valid_from)
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match result {
        Ok(from) => Ok(Redirect::to(&format!("/units/{id}?date={from}&saved=1")).into_response()),
        Err(e) => {
            let p = e.public();
            if !p.status.is_client_error()
                || p.status == axum::http::StatusCode::NOT_FOUND
                || p.status == axum::http::StatusCode::FORBIDDEN
            {
                return Err(UiError(e));
            }
            let date = date::parse("valid_from", &f.valid_from)
                .unwrap_or_else(|_| app.store.clock().today_vn());
            let d = app.store.unit_detail(&a.actor, uid, date).await?;
            let status = p.status;
            Ok((
                status,
                page(
                    "Lỗi nhập liệu",
                    Some(&a),
                    unit_page(&d, &a, Some(p), html! {}),
                ),
            )
                .into_response())
        }
    }
}

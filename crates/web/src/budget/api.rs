//! `/api/v1/budgets` and the `/budget` page.

use antt_domain::budget::BudgetLine;
use antt_domain::money::Dong;
use antt_store::budget::{BudgetRollup, BudgetView};
use axum::extract::State;
use axum::response::{IntoResponse, Json, Response};
use maud::html;
use serde::Deserialize;

use crate::AppState;
use crate::api::resolve_unit;
use crate::auth::{Authed, UiAuthed};
use crate::error::{AppError, UiError};
use crate::input::QueryParams;
use crate::ui::{page, vn_date};

#[derive(Deserialize, Default)]
pub struct BudgetQuery {
    /// A commune, a province or a district of 2024–2025.
    pub unit: Option<String>,
    pub commune: Option<String>,
    pub year: Option<i32>,
    /// `true`: the settlement (what was paid and transferred against each line).
    pub settle: Option<bool>,
    /// `xlsx`: the lines as a workbook.
    pub format: Option<String>,
}

/// A commune's lines, or a unit's communes.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum BudgetAnswer {
    Commune(Box<BudgetView>),
    Unit(BudgetRollup),
}

async fn answer(app: &AppState, a: &Authed, q: &BudgetQuery) -> Result<BudgetAnswer, AppError> {
    let code = q
        .unit
        .as_deref()
        .or(q.commune.as_deref())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            AppError::from(antt_domain::FieldError::new(
                "unit",
                antt_domain::FieldErrorKind::Required,
            ))
        })?;
    let unit = resolve_unit(app, &a.actor, code).await?;
    let year = q
        .year
        .unwrap_or_else(|| chrono::Datelike::year(&app.store.clock().today_vn()) + 1);
    let settle = q.settle.unwrap_or(false);
    let detail = app
        .store
        .unit_detail(&a.actor, unit, app.store.clock().today_vn())
        .await;
    let is_commune = matches!(&detail, Ok(d) if d.level == antt_domain::unit::Level::Commune)
        || matches!(&detail, Err(antt_store::StoreError::NotFound));
    if is_commune {
        Ok(BudgetAnswer::Commune(Box::new(
            app.store.budget(&a.actor, unit, year, settle).await?,
        )))
    } else {
        Ok(BudgetAnswer::Unit(
            app.store
                .budget_rollup(&a.actor, unit, year, settle, |_, _| {})
                .await?,
        ))
    }
}

#[utoipa::path(get, path = "/budgets", tag = "budget",
    summary = "Dự toán (hoặc quyết toán, settle=true) kinh phí của một xã trong một năm: từng dòng với cách tính và căn cứ — hỗ trợ hằng tháng theo chức danh và mức của từng tháng, hỗ trợ BHXH tự nguyện, BHYT theo quý, bồi dưỡng ước theo năm trước, các dòng còn chờ chức năng (huấn luyện, trang bị, trang phục); với một tỉnh hoặc huyện (2024–2025), từng xã thuộc đơn vị vào năm đó và đơn vị ngày nay kế thừa",
    params(("unit" = String, Query, description = "Mã xã, tỉnh hoặc huyện"),
        ("year" = Option<i32>, Query, description = "Năm; mặc định năm sau"),
        ("settle" = Option<bool>, Query, description = "true: quyết toán (thực hiện so với dự toán)"),
        ("format" = Option<String>, Query, description = "xlsx: các dòng của một xã")),
    responses((status = 200, description = "Dự toán", body = BudgetAnswer),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn budget_get(
    State(app): State<AppState>,
    a: Authed,
    QueryParams(q): QueryParams<BudgetQuery>,
) -> Result<Response, AppError> {
    let ans = answer(&app, &a, &q).await?;
    match (q.format.as_deref(), &ans) {
        (Some("xlsx"), BudgetAnswer::Commune(v)) => {
            let name = crate::download::download_name(
                &["du-toan", &v.commune_name, &v.estimate.year.to_string()],
                None,
                "xlsx",
            );
            Ok(crate::download::attachment(
                antt_documents::budget::budget_xlsx(&v.commune_name, v.counted_on, &v.estimate)?,
                crate::download::FileKind::Xlsx.mime(),
                &name,
            ))
        }
        (Some(_), _) => Err(AppError::Store(antt_store::StoreError::NotFound)),
        (None, _) => Ok(Json(ans).into_response()),
    }
}

fn line_row(l: &BudgetLine) -> maud::Markup {
    let m = |d: Option<Dong>| d.map_or("—".to_string(), antt_documents::payroll::amount);
    html! {
        tr data-key=(l.key) {
            td data-label="Nội dung" { strong { (l.label) } br; small { (l.formula) } " " span.rule { "[" (l.rules.join(", ")) "]" } }
            td.num data-label="Dự toán" { (m(l.dong)) }
            @if l.actual.is_some() { td.num data-label="Thực hiện" { (m(l.actual)) } }
        }
    }
}

pub async fn budget_page(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    QueryParams(q): QueryParams<BudgetQuery>,
) -> Result<Response, UiError> {
    let year = q
        .year
        .unwrap_or_else(|| chrono::Datelike::year(&app.store.clock().today_vn()) + 1);
    let form = html! {
        form.filters method="get" action="/budget" {
            label { "Mã xã, tỉnh hoặc huyện" input name="unit" value=(q.unit.clone().or(q.commune.clone()).unwrap_or_default()) inputmode="numeric" required; }
            label { "Năm" input name="year" value=(year) inputmode="numeric" maxlength="4" required; }
            label { input type="checkbox" name="settle" value="true" checked[q.settle == Some(true)]; " Quyết toán" }
            button type="submit" { "Xem" }
        }
    };
    if q.unit.is_none() && q.commune.is_none() {
        return Ok(page(
            "Dự toán kinh phí",
            Some(&a),
            html! { h1 { "Dự toán, quyết toán kinh phí" } (form) },
        )
        .into_response());
    }
    let body = match answer(&app, &a, &q).await? {
        BudgetAnswer::Commune(v) => html! {
            h1 { "Dự toán kinh phí năm " (v.estimate.year) " — " (v.commune_name) }
            (form)
            @if !v.today_units.is_empty() { p.note { "Nay thuộc: " (v.today_units.join(", ")) } }
            p { "Thành viên tính theo danh sách ngày " (vn_date(v.counted_on)) ": "
                @for h in v.headcount.iter().filter(|h| h.members > 0) { (h.role_label) " " (h.members) " · " } }
            @if v.estimate.illustrative { p.note { "MINH HỌA — có số liệu từ gói quy định giả lập." } }
            @if let Some(g) = &v.estimate.gap {
                div.alert role="alert" data-code="policy_gap" {
                    p { "Chưa đủ số liệu quy định để tính:" }
                    ul { @for m in &g.missing { li { (m.description) " — " (m.citation) } } }
                }
            }
            table.cards.budget {
                thead { tr { th { "Nội dung và cách tính" } th { "Dự toán (đồng)" } @if v.estimate.actual.is_some() { th { "Thực hiện (đồng)" } } } }
                tbody { @for l in &v.estimate.lines { (line_row(l)) } }
                tfoot { tr {
                    td { strong { "Tổng cộng" } br; small { (v.estimate.total_in_words) } }
                    td.num data-total=(v.estimate.total.0) { strong { (antt_documents::payroll::amount(v.estimate.total)) } }
                    @if let Some(x) = v.estimate.actual { td.num { strong { (antt_documents::payroll::amount(x)) } } }
                } }
            }
            h2 { "Lịch ngân sách" }
            ul { @for d in &v.calendar { li { (d.label) ": " (d.due.map(vn_date).unwrap_or_else(|| "chưa có".into())) " — " (d.note) } } }
            p.actions { a.button href={ "/api/v1/budgets?unit=" (v.commune) "&year=" (v.estimate.year) "&settle=" (q.settle.unwrap_or(false)) "&format=xlsx" } { "Tải dự toán (Excel)" } }
        },
        BudgetAnswer::Unit(r) => html! {
            h1 { "Dự toán kinh phí năm " (r.year) " — đơn vị " (r.unit) }
            (form)
            p.summary { (r.communes.len()) " xã · " (r.members) " thành viên · tổng " (r.total.to_string()) }
            p.note { "Bằng chữ: " (r.total_in_words) }
            table.cards {
                thead { tr { th { "Xã" } th { "Thành viên" } th { "Dự toán (đồng)" } th { "Nay thuộc" } } }
                tbody { @for (i, c) in r.communes.iter().enumerate() {
                    tr {
                        td data-label="Xã" { a href={ "/budget?unit=" (c.commune) "&year=" (r.year) } { (c.commune_name) } @if c.gap { br; small.warn { "Thiếu quy định để tính" } } }
                        td.num data-label="Thành viên" { (c.members) }
                        td.num data-label="Dự toán" { (antt_documents::payroll::amount(c.total)) }
                        td data-label="Nay thuộc" { (c.today_units.join(", ")) }
                    }
                    // A district's subtotal after its last commune (the hierarchy of that year).
                    @if let Some(code) = &c.district
                        && r.communes.get(i + 1).is_none_or(|n| n.district.as_ref() != Some(code))
                        && let Some(d) = r.districts.iter().find(|d| d.district == *code)
                    {
                        tr.subtotal data-district=(d.district) {
                            td data-label="Cộng" { strong { "Cộng " (d.district_name) } " (" (d.communes) " xã)" }
                            td.num data-label="Thành viên" { (d.members) }
                            td.num data-label="Dự toán" { strong { (antt_documents::payroll::amount(d.total)) } }
                            td {}
                        }
                    }
                } }
                tfoot { tr {
                    td { strong { "Tổng cộng" } }
                    td.num { (r.members) }
                    td.num { strong { (antt_documents::payroll::amount(r.total)) } }
                    td {}
                } }
            }
        },
    };
    Ok(page("Dự toán kinh phí", Some(&a), body).into_response())
}

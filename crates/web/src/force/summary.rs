//! The force of a province (or of a historical district, or of a commune) at a glance: one row
//! per commune, sortable by any figure, each row leading to the commune's teams; the same as
//! `GET /api/v1/units/{code}/force-summary` and as an Excel file.

use antt_documents::xlsx::{Cell, table};
use antt_store::force::summary::{CommuneSummary, ForceFigures, ForceSummary, SORT_KEYS};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Json, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::api::{as_of, resolve_unit};
use crate::auth::{Authed, UiAuthed};
use crate::download::{attachment, download_name};
use crate::error::{AppError, UiError};
use crate::input::QueryParams;
use crate::ui::{page, vn_date};

#[derive(Deserialize, Default)]
pub struct SummaryQuery {
    /// The unit (page only; the API has it in the path).
    pub unit: Option<String>,
    pub date: Option<String>,
    /// One of the sort keys (`name`, `teams`, `total`, `vacancies`, …, `last_change`).
    pub sort: Option<String>,
    /// `1` for descending.
    pub desc: Option<String>,
    /// `xlsx` for the Excel file.
    pub format: Option<String>,
}

async fn load(
    app: &AppState,
    a: &Authed,
    unit: &str,
    q: &SummaryQuery,
) -> Result<ForceSummary, AppError> {
    let on = as_of(app, q.date.as_deref())?;
    let id = resolve_unit(app, &a.actor, unit).await?;
    let mut s = app.store.force_summary(&a.actor, id, on).await?;
    let key = q.sort.as_deref().unwrap_or("name");
    if !s.sort(key, q.desc.as_deref() == Some("1")) {
        return Err(antt_domain::FieldError::new(
            "sort",
            antt_domain::FieldErrorKind::InvalidChoice {
                allowed: "name, teams, total, leaders, deputies, members, quota, vacancies, villages_without_team, teams_over_maximum, teams_without_leader, turning_71, rounds_overdue, last_change",
            },
        )
        .into());
    }
    Ok(s)
}

fn quota_text(f: &ForceFigures) -> String {
    match (f.quota, f.quota_max) {
        (Some(q), Some(m)) if q != m => format!("{q} (tối đa {m})"),
        (Some(q), _) => q.to_string(),
        (None, _) => "chưa xác định".to_string(),
    }
}

fn time_vn(t: chrono::DateTime<chrono::Utc>) -> String {
    antt_domain::date::local_vn(t)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// The Excel file of the summary.
fn xlsx(s: &ForceSummary) -> Result<Response, AppError> {
    let columns: Vec<(&str, f64)> = vec![
        ("STT", 5.0),
        ("Mã", 8.0),
        ("Xã, phường", 24.0),
        ("Trực thuộc", 18.0),
        ("Số Tổ", 7.0),
        ("Tổ trưởng", 8.0),
        ("Tổ phó", 8.0),
        ("Tổ viên", 8.0),
        ("Tổng số thành viên", 10.0),
        ("Định mức", 9.0),
        ("Tối đa", 8.0),
        ("Còn thiếu", 9.0),
        ("Tổ chưa có định mức", 10.0),
        ("Thôn chưa có Tổ", 9.0),
        ("Tổ vượt tối đa", 9.0),
        ("Tổ chưa có Tổ trưởng", 10.0),
        ("Sắp đủ 71 tuổi", 9.0),
        ("Đợt tuyển chọn quá hạn", 10.0),
        ("Thay đổi gần nhất", 17.0),
        ("Ghi chú", 40.0),
    ];
    let n = |x: u32| Cell::Number(f64::from(x));
    let opt = |x: Option<u32>| x.map(|v| Cell::Number(f64::from(v))).unwrap_or(Cell::Empty);
    let figures = |f: &ForceFigures| {
        vec![
            n(f.teams),
            n(f.leaders),
            n(f.deputies),
            n(f.members),
            n(f.total),
            opt(f.quota),
            opt(f.quota_max),
            n(f.vacancies),
            n(f.teams_without_quota),
            n(f.villages_without_team),
            n(f.teams_over_maximum),
            n(f.teams_without_leader),
            n(f.turning_71),
            n(f.rounds_overdue),
        ]
    };
    let rows: Vec<Vec<Cell>> = s
        .communes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut r = vec![
                Cell::Number((i + 1) as f64),
                Cell::Text(c.commune.code.clone()),
                Cell::Text(c.commune.name.clone()),
                Cell::Text(c.parent.clone().unwrap_or_default()),
            ];
            r.extend(figures(&c.figures));
            r.push(
                c.last_change
                    .map(|t| Cell::Text(time_vn(t)))
                    .unwrap_or(Cell::Empty),
            );
            r.push(Cell::Text(c.quota_problem.clone().unwrap_or_default()));
            r
        })
        .collect();
    let mut totals = vec![
        Cell::Empty,
        Cell::Empty,
        Cell::Text(format!("Cộng {} xã, phường", s.total)),
        Cell::Empty,
    ];
    totals.extend(figures(&s.totals));
    totals.push(Cell::Empty);
    totals.push(Cell::Empty);
    let mut lines = vec![format!("Tính đến ngày {}", vn_date(s.date))];
    if s.illustrative {
        lines.push("MINH HỌA — định mức theo gói quy định giả lập, không phải số liệu thật".into());
    }
    let bytes = table(
        "Tổng hợp",
        &format!(
            "TỔNG HỢP LỰC LƯỢNG THAM GIA BẢO VỆ AN NINH, TRẬT TỰ Ở CƠ SỞ — {}",
            s.unit.name.to_uppercase()
        ),
        &lines,
        &columns,
        &rows,
        Some(&totals),
    )?;
    let name = download_name(&["tong-hop-luc-luong", &s.unit.name], Some(s.date), "xlsx");
    Ok(attachment(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &name,
    ))
}

#[utoipa::path(get, path = "/units/{code}/force-summary", tag = "force",
    summary = "Tổng hợp lực lượng theo từng xã của một tỉnh (hoặc huyện trước 01/7/2025, hoặc một xã) vào một ngày: số Tổ, thành viên theo chức danh, định mức, còn thiếu, thôn chưa có Tổ, Tổ vượt tối đa hoặc chưa có Tổ trưởng, người sắp đủ 71 tuổi, đợt tuyển chọn quá hạn, thay đổi gần nhất",
    params(("code" = String, Path, description = "Mã đơn vị"),
        ("date" = Option<String>, Query, description = "Ngày xem (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định là hôm nay"),
        ("sort" = Option<String>, Query, description = "Cột sắp xếp: name (mặc định), teams, total, leaders, deputies, members, quota, vacancies, villages_without_team, teams_over_maximum, teams_without_leader, turning_71, rounds_overdue, last_change"),
        ("desc" = Option<String>, Query, description = "1: giảm dần"),
        ("format" = Option<String>, Query, description = "xlsx: tệp Excel thay cho JSON")),
    responses((status = 200, description = "Bảng tổng hợp", body = ForceSummary),
        (status = 422, response = crate::openapi::Invalid)))]
pub async fn summary_get(
    State(app): State<AppState>,
    a: Authed,
    Path(code): Path<String>,
    QueryParams(q): QueryParams<SummaryQuery>,
) -> Result<Response, AppError> {
    let s = load(&app, &a, &code, &q).await?;
    if q.format.as_deref() == Some("xlsx") {
        return xlsx(&s);
    }
    Ok(Json(s).into_response())
}

/// The link of a column header: sorts by it, the other way when it is the current sort.
fn sort_link(s: &ForceSummary, q: &SummaryQuery, key: &str) -> String {
    let current = q.sort.as_deref().unwrap_or("name");
    let desc = current == key && q.desc.as_deref() != Some("1");
    format!(
        "/force-summary?unit={}&date={}&sort={key}{}",
        s.unit.code,
        s.date,
        if desc { "&desc=1" } else { "" }
    )
}

fn arrow(q: &SummaryQuery, key: &str) -> &'static str {
    match (
        q.sort.as_deref().unwrap_or("name") == key,
        q.desc.as_deref() == Some("1"),
    ) {
        (true, false) => " ▲",
        (true, true) => " ▼",
        _ => "",
    }
}

fn row(c: &CommuneSummary, date: chrono::NaiveDate) -> Markup {
    let f = &c.figures;
    let warn = |n: u32| if n > 0 { "warn" } else { "" };
    html! {
        tr data-commune=(c.commune.code) {
            td data-label="Xã, phường" {
                a href={ "/teams?commune=" (c.commune.code) "&date=" (date) } { (c.commune.name) }
                " " span.code { (c.commune.code) }
                @if let Some(p) = &c.parent { br; small { (p) } }
            }
            td.num data-label="Số Tổ" { (f.teams) }
            td.num data-label="Tổ trưởng" { (f.leaders) }
            td.num data-label="Tổ phó" { (f.deputies) }
            td.num data-label="Tổ viên" { (f.members) }
            td.num data-label="Thành viên" { (f.total) }
            td.num data-label="Định mức" title=[c.quota_problem.as_deref()] { (quota_text(f)) }
            td.num.(warn(f.vacancies)) data-label="Còn thiếu" { (f.vacancies) }
            td.num.(warn(f.villages_without_team)) data-label="Thôn chưa có Tổ" { (f.villages_without_team) }
            td.num.(warn(f.teams_over_maximum)) data-label="Tổ vượt tối đa" { (f.teams_over_maximum) }
            td.num.(warn(f.teams_without_leader)) data-label="Tổ chưa có Tổ trưởng" { (f.teams_without_leader) }
            td.num.(warn(f.turning_71)) data-label="Sắp đủ 71 tuổi" { (f.turning_71) }
            td.num.(warn(f.rounds_overdue)) data-label="Đợt tuyển chọn quá hạn" {
                @if f.rounds_overdue > 0 {
                    a href={ "/selection?commune=" (c.commune.code) } { (f.rounds_overdue) }
                } @else { "0" }
            }
            td data-label="Thay đổi gần nhất" { @if let Some(t) = c.last_change { (time_vn(t)) } @else { "—" } }
        }
    }
}

/// `/force-summary?unit=51&date=…&sort=vacancies&desc=1`; without a unit, the user's own (or a
/// choice among them).
pub async fn summary_page(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    QueryParams(q): QueryParams<SummaryQuery>,
) -> Result<Response, UiError> {
    let today = app.store.clock().today_vn();
    let unit = match q.unit.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) => u.to_string(),
        None => {
            let roots = a.actor.scope().roots();
            if roots.len() == 1 {
                app.store.unit_detail(&a.actor, roots[0], today).await?.code
            } else {
                let mut roots_view = Vec::new();
                for r in roots.iter().take(200) {
                    let d = app.store.unit_detail(&a.actor, *r, today).await?;
                    let name = d.current.map(|v| v.name).unwrap_or_default();
                    roots_view.push((d.code, name));
                }
                return Ok(page("Tổng hợp lực lượng", Some(&a), html! {
                    h1 { "Tổng hợp lực lượng" }
                    form.filters method="get" action="/force-summary" {
                        label { "Mã đơn vị" input name="unit" inputmode="numeric" required; }
                        button type="submit" { "Xem" }
                    }
                    @if !roots_view.is_empty() {
                        p { "Đơn vị trong phạm vi của bạn:" }
                        ul { @for (code, name) in &roots_view { li { a href={ "/force-summary?unit=" (code) } { (name) } " " span.code { (code) } } } }
                    }
                })
                .into_response());
            }
        }
    };
    let s = load(&app, &a, &unit, &q).await?;
    if q.format.as_deref() == Some("xlsx") {
        return Ok(xlsx(&s)?);
    }
    let head = |key: &str, label: &str| {
        html! { th { a href=(sort_link(&s, &q, key)) { (label) (arrow(&q, key)) } } }
    };
    let sort_q = format!(
        "&sort={}{}",
        q.sort.as_deref().unwrap_or("name"),
        if q.desc.as_deref() == Some("1") {
            "&desc=1"
        } else {
            ""
        }
    );
    let t = &s.totals;
    let body = html! {
        h1 { "Tổng hợp lực lượng — " (s.unit.name) }
        form.filters method="get" action="/force-summary" {
            input type="hidden" name="unit" value=(s.unit.code);
            label { "Tính đến ngày" (crate::ui::date_input("date", Some(s.date), true)) }
            button type="submit" { "Xem" }
        }
        p.summary data-total=(s.total) {
            (s.total) " xã, phường · " (t.teams) " Tổ · " (t.total) " thành viên ("
            (t.leaders) " Tổ trưởng, " (t.deputies) " Tổ phó, " (t.members) " Tổ viên) · định mức "
            (quota_text(t)) " · còn thiếu " (t.vacancies)
        }
        @if s.illustrative { p.note { "MINH HỌA — định mức theo gói quy định giả lập, không phải số liệu thật." } }
        p.note { "Định mức theo Nghị quyết của Hội đồng nhân dân tỉnh (khoản 2 Điều 14 Luật số 30/2023/QH15); " "“sắp đủ 71 tuổi”: trong 60 ngày tới (khoản 1 Điều 13); bấm tên cột để sắp xếp, tên xã để xem các Tổ." }
        p.actions {
            a.button href={ "/force-summary?unit=" (s.unit.code) "&date=" (s.date) (sort_q) "&format=xlsx" } { "Tải bảng tổng hợp (Excel)" } " "
            a.button href={ "/teams/export.xlsx?commune=" (s.unit.code) "&date=" (s.date) } { "Danh sách mọi thành viên (Excel)" }
        }
        @if s.communes.is_empty() {
            p.empty { "Không có xã, phường nào trực thuộc đơn vị này vào ngày " (vn_date(s.date)) "." }
        } @else {
            table.cards.summary {
                thead { tr {
                    @for (key, label) in SORT_KEYS { (head(key, label)) }
                    (head("last_change", "Thay đổi gần nhất"))
                } }
                tbody { @for c in &s.communes { (row(c, s.date)) } }
                tfoot { tr {
                    td data-label="Cộng" { strong { "Cộng " (s.total) " xã, phường" } }
                    td.num data-label="Số Tổ" { (t.teams) }
                    td.num data-label="Tổ trưởng" { (t.leaders) }
                    td.num data-label="Tổ phó" { (t.deputies) }
                    td.num data-label="Tổ viên" { (t.members) }
                    td.num data-label="Thành viên" { (t.total) }
                    td.num data-label="Định mức" { (quota_text(t)) }
                    td.num data-label="Còn thiếu" { (t.vacancies) }
                    td.num data-label="Thôn chưa có Tổ" { (t.villages_without_team) }
                    td.num data-label="Tổ vượt tối đa" { (t.teams_over_maximum) }
                    td.num data-label="Tổ chưa có Tổ trưởng" { (t.teams_without_leader) }
                    td.num data-label="Sắp đủ 71 tuổi" { (t.turning_71) }
                    td.num data-label="Đợt tuyển chọn quá hạn" { (t.rounds_overdue) }
                    td {}
                } }
            }
        }
    };
    Ok(page("Tổng hợp lực lượng", Some(&a), body).into_response())
}

/// The teams page asked of a unit above a commune lands on its summary.
pub fn to_summary(code: &str, date: chrono::NaiveDate) -> Response {
    Redirect::to(&format!("/force-summary?unit={code}&date={date}")).into_response()
}

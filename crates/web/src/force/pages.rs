//! Tổ và thành viên: the commune overview (teams against their quota), a team's page, people.

use antt_domain::access::Action;
use antt_domain::force::{EndReason, TeamFlag};
use antt_domain::office::{Office, holder_on};
use antt_domain::person::Sex;
use antt_domain::policy::amounts::Household;
use antt_domain::policy::eligibility::Education;
use antt_domain::unit::UnitId;
use antt_store::force::{NewMembership, PersonView, TeamView};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::api::{as_of, resolve_unit};
use crate::auth::{Authed, UiAuthed};
use crate::error::{AppError, PublicError, UiError};
use crate::force::api::{PersonBody, person_from};
use crate::input::{FormBody, QueryParams, pair};
use crate::ui::{form_error, options, page, vn_date, vn_number};

#[derive(Deserialize, Default)]
pub struct Q {
    commune: Option<String>,
    date: Option<String>,
    q: Option<String>,
    offset: Option<String>,
}

/// The overview's warnings by kind, in the order they are shown.
const WARNING_GROUPS: &[(&str, &str)] = &[
    (
        "turning_71",
        "Sắp tròn 71 tuổi (cần quyết định để tiếp tục tham gia)",
    ),
    (
        "health_certificate_expired",
        "Giấy chứng nhận sức khỏe hết hạn",
    ),
    ("no_health_certificate", "Chưa có giấy chứng nhận sức khỏe"),
];

fn flag_vi(f: TeamFlag) -> &'static str {
    match f {
        TeamFlag::UnderStaffed => "Thiếu thành viên",
        TeamFlag::OverMaximum => "Vượt số tối đa",
        TeamFlag::NoLeader => "Chưa có Tổ trưởng",
    }
}

/// The commune the user works in: the one asked for, else their only commune root.
pub(crate) async fn pick_commune(
    app: &AppState,
    a: &Authed,
    raw: Option<&str>,
) -> Result<Option<UnitId>, AppError> {
    if let Some(c) = raw.filter(|s| !s.is_empty()) {
        return Ok(Some(resolve_unit(app, &a.actor, c).await?));
    }
    let roots = a.actor.scope().roots();
    if roots.len() == 1 {
        let today = app.store.clock().today_vn();
        let d = app.store.unit_detail(&a.actor, roots[0], today).await?;
        if d.level == antt_domain::unit::Level::Commune {
            return Ok(Some(roots[0]));
        }
    }
    Ok(None)
}

pub async fn teams_get(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    QueryParams(q): QueryParams<Q>,
) -> Result<Response, UiError> {
    teams_page(app, a, q, None, None).await
}

/// The teams page; `error` is shown beside the form named `failed` ("officials" or the others).
async fn teams_page(
    app: AppState,
    a: Authed,
    q: Q,
    error: Option<PublicError>,
    failed: Option<&'static str>,
) -> Result<Response, UiError> {
    let (officials_error, error) = if failed == Some("officials") {
        (error, None)
    } else {
        (None, error)
    };
    let on = as_of(&app, q.date.as_deref())?;
    // A code that names no commune in scope gives the chooser with the menu and a message,
    // not a bare error page.
    let (picked, unknown) = match pick_commune(&app, &a, q.commune.as_deref()).await {
        Ok(c) => (c, None),
        Err(AppError::Store(antt_store::StoreError::NotFound)) => (None, q.commune.clone()),
        Err(e) => return Err(e.into()),
    };
    let Some(commune) = picked else {
        let communes = app
            .store
            .search_units(
                &a.actor,
                on,
                "",
                Some(antt_domain::unit::Level::Commune),
                200,
            )
            .await?;
        let status = if unknown.is_some() {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        };
        return Ok((status, page("Tổ bảo vệ ANTT", Some(&a), html! {
            h1 { "Tổ bảo vệ an ninh, trật tự" }
            @if let Some(code) = &unknown {
                div.alert role="alert" data-code="commune_unknown" {
                    "Không có xã, phường mang mã «" (code) "» trong phạm vi của tài khoản. Nhập lại mã hoặc chọn trong danh sách."
                }
            }
            form.filters method="get" action="/teams" {
                label { "Mã xã" input name="commune" inputmode="numeric" value=[unknown.as_deref()] autofocus[unknown.is_some()]; }
                button type="submit" { "Xem" }
            }
            p { "Chọn xã:" }
            ul { @for c in &communes { li { a href={ "/teams?commune=" (c.unit.code) "&date=" (on) } { (c.unit.name) } " " span.code { (c.unit.code) } } } }
        })).into_response());
    };
    let detail = app.store.unit_detail(&a.actor, commune, on).await?;
    if detail.level != antt_domain::unit::Level::Commune {
        // A province or a district: its communes at a glance, each leading back here.
        return Ok(crate::force::summary::to_summary(&detail.code, on));
    }
    let (o, changes) = app.store.commune_force(&a.actor, commune, on).await?;
    let decisions = app.store.decisions(&a.actor, Some(commune)).await?;
    let terms = app.store.officials(&a.actor, commune).await?;
    let holder = |o: Office| holder_on(&terms, o, on).map(|t| t.full_name.clone());
    let chairman = holder(Office::Chairman);
    let csrf = a.csrf.clone().unwrap_or_default();
    let name = detail
        .current
        .map(|c| c.name)
        .unwrap_or(detail.code.clone());
    let body = html! {
        h1 { "Tổ bảo vệ ANTT — " (name) }
        form.filters method="get" action="/teams" {
            input type="hidden" name="commune" value=(detail.code);
            label { "Tại ngày" (crate::ui::date_input("date", Some(on), false)) }
            button type="submit" { "Xem" }
        }
        table.teams {
            thead { tr { th { "Tổ" } th { "Thôn phụ trách" } th { "Số thành viên theo quy định" } th { "Tổ trưởng / Tổ phó / Tổ viên" } th { "Cảnh báo" } } }
            tbody {
                @for s in &o.teams {
                    tr data-team=(s.team.id) {
                        td { a href={ "/teams/" (s.team.id) "?date=" (on) } { (s.team.name) } }
                        td { @for (i, v) in s.team.villages.iter().enumerate() { @if i > 0 { ", " } (v.name) } }
                        td {
                            @match (&s.quota, &s.quota_problem) {
                                (Some(q), _) => { (q.base) "–" (q.max) @if s.illustrative { " " span.badge.demo { "MINH HỌA" } } },
                                (None, Some(p)) => span.warn { (p) },
                                (None, None) => {},
                            }
                        }
                        td.num { (s.team.staffing.leaders) " / " (s.team.staffing.deputies) " / " (s.team.staffing.members) }
                        td { @for f in &s.flags { span.badge.missing { (flag_vi(*f)) } " " } }
                    }
                }
            }
        }
        @if o.teams.is_empty() { p.empty { "Chưa có Tổ nào." } }
        @if !o.villages_without_team.is_empty() {
            div.alert { "Thôn, tổ dân phố chưa có Tổ: " @for (i, v) in o.villages_without_team.iter().enumerate() { @if i > 0 { ", " } (v.name) } }
        }
        @if !o.warnings.is_empty() {
            h2 { "Cần lưu ý" }
            // Grouped by kind with a count, each group folded: a commune of 2,000 members reads
            // three lines, not 2,000, and opens the one it works on.
            @for (kind, label) in WARNING_GROUPS {
                @let group: Vec<_> = o.warnings.iter().filter(|w| w.kind == *kind).collect();
                @if !group.is_empty() {
                    details.warnings data-kind=(kind) open[group.len() <= 5] {
                        summary { (label) " (" (group.len()) ")" }
                        ul.warnings { @for w in &group { li data-kind=(w.kind) { strong { (w.full_name) } " (" (w.team) "): " (w.message) } } }
                    }
                }
            }
            @let others: Vec<_> = o.warnings.iter().filter(|w| WARNING_GROUPS.iter().all(|(k, _)| *k != w.kind)).collect();
            @if !others.is_empty() {
                details.warnings data-kind="other" open {
                    summary { "Khác (" (others.len()) ")" }
                    ul.warnings { @for w in &others { li data-kind=(w.kind) { strong { (w.full_name) } " (" (w.team) "): " (w.message) } } }
                }
            }
        }
        @if !changes.is_empty() {
            h2 { "Đề xuất điều chỉnh" }
            ul.proposals { @for c in &changes { li data-kind=(c.kind) {
                @if let Some(t) = &c.team { strong { (t) } ": " }
                (c.message) " " small.code { (c.rule) }
            } } }
        }
        @if o.health_certificate_rule_missing || o.health_certificate_validity_by_commune {
            section.health-validity {
                @if o.health_certificate_rule_missing {
                    p.note { "Thời hạn của giấy chứng nhận sức khỏe chưa được quy định trong gói quy định áp dụng, nên chưa cảnh báo giấy quá hạn. Xã có thể tự đặt thời hạn (ví dụ theo thông lệ khám sức khỏe hằng năm)." }
                } @else if let Some(m) = o.health_certificate_valid_months {
                    p.note { "Giấy chứng nhận sức khỏe: thời hạn " (m) " tháng do xã tự đặt (gói quy định của tỉnh không quy định)." }
                }
                @if a.actor.may(Action::ManageForce) {
                    form.inline method="post" action="/health-validity" {
                        input type="hidden" name="csrf" value=(csrf);
                        input type="hidden" name="commune" value=(detail.code);
                        label.inline { "Thời hạn (tháng) " input type="number" min="1" max="60" name="months" value=[o.health_certificate_valid_months.filter(|_| o.health_certificate_validity_by_commune)]; }
                        button type="submit" { "Đặt thời hạn của xã" }
                    }
                }
            }
        }
        p.actions { "Danh sách thành viên tính đến " (vn_date(on)) ": "
            a.button href={ "/teams/export.xlsx?commune=" (detail.code) "&date=" (on) } { "Excel" } " "
            a.button href={ "/teams/export.pdf?commune=" (detail.code) "&date=" (on) } { "PDF (in, ký)" } " "
            a.button href={ "/teams/export.docx?commune=" (detail.code) "&date=" (on) } { "Word" } }
        p {
            a.button href={ "/import?commune=" (detail.code) } { "Nhập danh sách từ Excel" } " "
            a.button href={ "/selection?commune=" (detail.code) } { "Tuyển chọn Tổ viên" } }
        section.officials {
            h2 { "Người ký văn bản" }
            p.note { "Tên in dưới chữ ký trên các mẫu là người giữ chức vụ vào ngày của văn bản." }
            table {
                thead { tr { th { "Chức vụ" } th { "Ngày " (vn_date(on)) } th { "Các nhiệm kỳ đã nhập" } } }
                tbody { @for o in Office::ALL { tr data-office=(o.as_str()) {
                    td { (o.label_vi()) }
                    td { @match holder(o) { Some(n) => strong { (n) }, None => span.warn { "Chưa nhập — mẫu để trống tên" } } }
                    td { @for t in terms.iter().filter(|t| t.office == o) {
                        div { (t.full_name) " — từ " (vn_date(t.from)) @if let Some(to) = t.to { " đến " (vn_date(to)) } }
                    } }
                } } }
            }
            @if a.actor.may(Action::ManageForce) {
                (form_error(&officials_error))
                details open[officials_error.is_some()] {
                    summary { "Nhập người giữ chức vụ" }
                    form.stack method="post" action="/officials" {
                        input type="hidden" name="csrf" value=(csrf);
                        input type="hidden" name="commune" value=(detail.code);
                        label { "Chức vụ" select name="office" { @for o in Office::ALL { option value=(o.as_str()) { (o.label_vi()) } } } }
                        label { "Họ và tên" input name="full_name" required maxlength="100"; }
                        label { "Nhận nhiệm vụ từ ngày" (crate::ui::date_input("from", None, true)) }
                        p.note { "Người trước thôi giữ chức vụ từ ngày này. Nhập lại cùng ngày để sửa tên." }
                        button type="submit" { "Lưu" }
                    }
                }
            }
        }
        @if a.actor.may(Action::ManageForce) {
            (form_error(&error))
            details open[error.is_some()] {
                summary { "Thành lập Tổ" }
                form.stack method="post" action="/teams" {
                    input type="hidden" name="csrf" value=(csrf);
                    input type="hidden" name="commune" value=(detail.code);
                    label { "Tên Tổ" input name="name" required; }
                    fieldset { legend { "Thôn, tổ dân phố phụ trách" }
                        @for v in &detail.children { label.inline { input type="checkbox" name="village" value=(v.code); " " (v.name) } " " }
                    }
                    label { "Ngày thành lập" (crate::ui::date_input("established_on", None, true)) }
                    label { "Quyết định thành lập" select name="decision" { option value="" { "—" } @for d in &decisions { option value=(d.id) { (d.number) " ngày " (vn_date(d.signed_on)) } } } }
                    label { "Nơi làm việc" input name="workplace"; }
                    button type="submit" { "Thành lập" }
                }
            }
            details {
                summary { "Sổ quyết định (" (decisions.len()) ")" }
                table { thead { tr { th { "Số" } th { "Ngày" } th { "Người ký" } th { "Trích yếu" } } }
                    tbody { @for d in &decisions { tr { td { (d.number) } td { (vn_date(d.signed_on)) } td { (d.signer) } td { (d.subject) } } } } }
                form.stack method="post" action="/decisions" {
                    input type="hidden" name="csrf" value=(csrf);
                    input type="hidden" name="commune" value=(detail.code);
                    label { "Số quyết định" input name="number" required placeholder="15/QĐ-UBND"; }
                    label { "Ngày ký" (crate::ui::date_input("signed_on", None, true)) }
                    label { "Người ký" input name="signer" required value=[chairman.as_deref()]; }
                    label { "Loại" select name="kind" {
                        option value="team_establishment" { "Thành lập Tổ" }
                        option value="recognition" { "Công nhận thành viên" }
                        option value="stop" { "Cho thôi tham gia" }
                        option value="over70_exception" { "Cho người trên 70 tuổi tham gia" }
                        option value="other" { "Khác" }
                    } }
                    label { "Trích yếu" input name="subject" required; }
                    button type="submit" { "Vào sổ" }
                }
            }
        }
        p { a href="/people" { "Hồ sơ người tham gia →" } " · " a href={ "/policy/gaps?date=" (on) } { "Số liệu quy định còn thiếu" } }
    };
    Ok(page("Tổ bảo vệ ANTT", Some(&a), body).into_response())
}

fn team_page(
    t: &TeamView,
    a: &Authed,
    on: chrono::NaiveDate,
    error: Option<PublicError>,
    typed: Option<&MemberForm>,
) -> Markup {
    let csrf = a.csrf.clone().unwrap_or_default();
    // A failed recognition comes back with what was typed and its message beside the form (the
    // faulty field focused, so a phone scrolls to it); other failures show above the list.
    let (error, member_error) = match typed {
        Some(_) => (None, error),
        None => (error, None),
    };
    let focus = |field: &str| {
        member_error
            .as_ref()
            .is_some_and(|e| e.field == Some(field))
    };
    let typed_role = typed.map(|f| f.role.as_str()).unwrap_or("member");
    let typed_origin = typed.map(|f| f.origin.as_str()).unwrap_or("selected");
    // The person's part is open when the CCCD found nobody, or when it was filled in.
    let new_person = typed.is_some_and(|f| f.new_person || !f.full_name.trim().is_empty());
    let pv = |get: fn(&MemberForm) -> &str| typed.map(get).filter(|s| !s.is_empty());
    html! {
        nav.crumbs { a href={ "/teams?commune=" (t.commune.code) "&date=" (on) } { "Tổ bảo vệ ANTT — " (t.commune.name) } }
        h1 { (t.name) }
        p { "Thành lập ngày " (vn_date(t.established_on))
            @if let Some(d) = &t.decision { " theo Quyết định số " (d.number) " ngày " (vn_date(d.signed_on)) " của " (d.signer) }
            @if let Some(w) = &t.workplace { ". Nơi làm việc: " (w) } }
        p { "Phụ trách: " @for (i, v) in t.villages.iter().enumerate() { @if i > 0 { ", " } a href={ "/units/" (v.code) "?date=" (on) } { (v.name) } } }
        p { "Quyết định thành lập Tổ (Mẫu 08): "
            a href={ "/api/v1/teams/" (t.id) "/forms/mau-08.docx" } { "Word (DOCX)" } " · "
            a href={ "/api/v1/teams/" (t.id) "/forms/mau-08.pdf" } { "PDF để in" } }
        @if t.members.iter().any(|m| m.origin.proposed_in_writing(m.role)) {
            p { "Đề nghị công nhận Đội trưởng, Đội phó dân phòng là Tổ trưởng, Tổ phó (TT 14/2024 Điều 4 khoản 2): "
                a href={ "/api/v1/teams/" (t.id) "/forms/de-nghi-dan-phong.docx" } { "Word (DOCX)" } " · "
                a href={ "/api/v1/teams/" (t.id) "/forms/de-nghi-dan-phong.pdf" } { "PDF để in" } }
        }
        h2 { "Thành viên" }
        (form_error(&error))
        table.members.cards {
            thead { tr { th { "Họ và tên" } th { "Chức danh" } th { "Nguồn" } th { "Từ ngày" } th { "Đến ngày" } th { "Lý do thôi" } @if a.actor.may(Action::ManageForce) { th { "" } } } }
            tbody {
                @for m in &t.members {
                    tr data-membership=(m.membership_id) {
                        td data-label="Họ và tên" { a href={ "/people/" (m.person_id) } { (m.full_name) } }
                        td data-label="Chức danh" { (m.role_label) }
                        td data-label="Nguồn" { (m.origin.label_vi()) }
                        td data-label="Từ ngày" { (vn_date(m.start_date)) }
                        td data-label="Đến ngày" { (m.end_date.map(vn_date).unwrap_or_default()) }
                        td data-label="Lý do thôi" { (m.end_reason.map(|r| r.label_vi()).unwrap_or_default()) }
                        @if a.actor.may(Action::ManageForce) {
                            td data-label="Cho thôi" { @if m.end_date.is_none() {
                                form.inline method="post" action={ "/memberships/" (m.membership_id) "/end" } {
                                    input type="hidden" name="csrf" value=(csrf);
                                    input type="hidden" name="team" value=(t.id);
                                    label.inline { "Ngày thôi " (crate::ui::date_input("end_date", None, true)) }
                                    select name="reason" aria-label="Lý do" {
                                        // A role change or a transfer is not a stop: it is done by a
                                        // decision that opens the next membership (the API's
                                        // /memberships/{id}/change), so only LAW-17.3's reasons are here.
                                        @for r in [EndReason::Voluntary, EndReason::Health, EndReason::Discipline, EndReason::Legal] {
                                            option value=(r.as_str()) { (r.label_vi()) }
                                        }
                                    }
                                    button type="submit" { "Cho thôi" }
                                }
                            } }
                        }
                    }
                }
            }
        }
        @if a.actor.may(Action::ManageForce) {
            h2 #recognise { "Công nhận thành viên" }
            form.recognise method="post" action={ "/teams/" (t.id) "/members" } {
                (form_error(&member_error))
                input type="hidden" name="csrf" value=(csrf);
                label { "Số CCCD (12 chữ số)" input name="cccd" inputmode="numeric" required
                    value=[typed.map(|f| f.cccd.as_str())] autofocus[focus("cccd")];
                    small.hint { "Người đã có hồ sơ được tìm theo số CCCD; người chưa có hồ sơ thì điền thêm phần dưới, hồ sơ và việc công nhận được ghi cùng lúc." } }
                label { "Chức danh" select name="role" autofocus[focus("role")] {
                    @for (v, l) in [("member", "Tổ viên"), ("deputy", "Tổ phó"), ("leader", "Tổ trưởng")] {
                        option value=(v) selected[typed_role == v] { (l) }
                    }
                } }
                label { "Nguồn" select name="origin" {
                    @for (v, l) in [("selected", "Tuyển chọn"),
                        ("former_civil_defence", "Kiện toàn từ Đội trưởng, Đội phó dân phòng"),
                        ("former_part_time_police", "Kiện toàn từ Công an xã bán chuyên trách"),
                        ("former_neighbourhood_guard", "Kiện toàn từ Bảo vệ dân phố")] {
                        option value=(v) selected[typed_origin == v] { (l) }
                    }
                } }
                label { "Từ ngày" (match typed {
                    Some(f) => crate::ui::date_input_text("start_date", &f.start_date, true, None),
                    None => crate::ui::date_input("start_date", Some(on), true),
                }) }
                details.new-person open[new_person] {
                    summary { "Người chưa có hồ sơ: lập hồ sơ cùng lúc" }
                    @if new_person && member_error.is_none() {
                        p.alert role="alert" data-code="person_not_found" { "Chưa có hồ sơ mang số CCCD này trong phạm vi của bạn. Điền thông tin dưới đây rồi bấm «Công nhận»: hồ sơ và việc công nhận được ghi cùng lúc." }
                    }
                    label { "Họ và tên" input name="full_name" value=[pv(|f| &f.full_name)] autofocus[focus("full_name") || (new_person && member_error.is_none())]; }
                    label { "Ngày sinh" (crate::ui::date_input_text("birth_date", pv(|f| &f.birth_date).unwrap_or(""), false, None)) }
                    label { "Giới tính" select name="sex" autofocus[focus("sex")] { (crate::ui::options::<Sex>(typed.and_then(|f| Sex::from_code(&f.sex)))) } }
                    label { "Dân tộc" input name="ethnicity" list="ethnic-groups" autocomplete="off" value=(pv(|f| &f.ethnicity).unwrap_or("Kinh")) autofocus[focus("ethnicity")]; }
                    datalist #ethnic-groups { @for g in antt_domain::force::ETHNIC_GROUPS { option value=(g) {} } }
                    label { "Nơi cư trú" input name="residence" value=[pv(|f| &f.residence)] autofocus[focus("residence")]; }
                    label { "Trình độ học vấn" select name="education" { (crate::ui::options(typed.and_then(|f| Education::from_code(&f.education)).or(Some(Education::LowerSecondary)))) } }
                    label { "Số điện thoại" input name="phone" inputmode="tel" value=[pv(|f| &f.phone)] autofocus[focus("phone")]; }
                    label { "Diện hộ" select name="household" { (crate::ui::options(typed.and_then(|f| Household::from_code(&f.household)).or(Some(Household::None)))) } }
                }
                button type="submit" { "Công nhận" }
            }
        }
    }
}

pub async fn team_get(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    Path(id): Path<String>,
    QueryParams(q): QueryParams<Q>,
) -> Result<Response, UiError> {
    let on = as_of(&app, q.date.as_deref())?;
    let tid: antt_domain::kernel::ids::TeamId = crate::input::path_id(&id)?;
    let t = app.store.team(&a.actor, tid, on).await?;
    Ok(page(&t.name.clone(), Some(&a), team_page(&t, &a, on, None, None)).into_response())
}

#[derive(Deserialize, Default)]
pub struct MemberForm {
    cccd: String,
    role: String,
    origin: String,
    start_date: String,
    // The person's record, for someone not yet on file (one step: record and recognition).
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    birth_date: String,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    ethnicity: String,
    #[serde(default)]
    residence: String,
    #[serde(default)]
    education: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    household: String,
    /// Set when the CCCD found nobody: the page shows the person's part.
    #[serde(skip)]
    new_person: bool,
    #[serde(default)]
    #[allow(dead_code)]
    csrf: String,
}

async fn re_render(
    app: &AppState,
    a: &Authed,
    tid: antt_domain::kernel::ids::TeamId,
    e: AppError,
    typed: Option<&MemberForm>,
) -> Result<Response, UiError> {
    let p = e.public();
    if p.status != StatusCode::UNPROCESSABLE_ENTITY {
        return Err(UiError(e));
    }
    let on = app.store.clock().today_vn();
    let t = app.store.team(&a.actor, tid, on).await?;
    Ok((
        p.status,
        page(
            &t.name.clone(),
            Some(a),
            team_page(&t, a, on, Some(p), typed),
        ),
    )
        .into_response())
}

pub async fn team_members_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    Path(id): Path<String>,
    FormBody(f): FormBody<MemberForm>,
) -> Result<Response, UiError> {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let tid: antt_domain::kernel::ids::TeamId = crate::input::path_id(&id)?;
    let result = async {
        let cccd = antt_domain::person::Cccd::parse(&f.cccd)?;
        let membership = |person| -> Result<NewMembership, AppError> {
            Ok(NewMembership {
                person,
                team: tid,
                role: antt_domain::policy::TeamRole::parse(&f.role)?,
                origin: antt_domain::force::Origin::parse(&f.origin)?,
                start_date: antt_domain::date::parse("start_date", &f.start_date)?,
                decision: None,
                over70_decision: None,
            })
        };
        let found = app.store.people(&a.actor, cccd.as_str(), 2).await?;
        if let Some(p) = found.into_iter().find(|p| p.cccd == cccd.as_str()) {
            app.store
                .add_membership(&a.actor, &membership(p.id)?)
                .await?;
            return Ok::<_, AppError>(Step::Done);
        }
        if f.full_name.trim().is_empty() {
            return Ok(Step::NeedsPerson);
        }
        // Not on file: the record in the team's commune and the membership, in one write.
        let today = app.store.clock().today_vn();
        let team = app.store.team(&a.actor, tid, today).await?;
        let opt = |s: &str| Some(s.to_string()).filter(|s| !s.trim().is_empty());
        let new = crate::force::api::person_from(
            &app,
            &a,
            crate::force::api::PersonBody {
                commune: team.commune.code.clone(),
                cccd: f.cccd.clone(),
                full_name: f.full_name.clone(),
                birth_date: f.birth_date.clone(),
                sex: f.sex.clone(),
                ethnicity: f.ethnicity.clone(),
                residence: f.residence.clone(),
                residence_since: None,
                education: f.education.clone(),
                health_certificate_on: None,
                phone: opt(&f.phone),
                prior_service: Vec::new(),
                household: opt(&f.household),
                covered_bhxh: false,
                covered_bhyt: false,
            },
        )
        .await?;
        let m = membership(antt_domain::kernel::ids::PersonId(uuid::Uuid::nil()))?;
        app.store.enrol(&a.actor, &new, &m).await?;
        Ok(Step::Done)
    }
    .await;
    match result {
        Ok(Step::Done) => Ok(Redirect::to(&format!("/teams/{tid}")).into_response()),
        Ok(Step::NeedsPerson) => {
            let on = app.store.clock().today_vn();
            let t = app.store.team(&a.actor, tid, on).await?;
            let typed = MemberForm {
                new_person: true,
                ..f
            };
            Ok(page(
                &t.name.clone(),
                Some(&a),
                team_page(&t, &a, on, None, Some(&typed)),
            )
            .into_response())
        }
        Err(e) => {
            let typed = MemberForm {
                new_person: f.new_person || !f.full_name.trim().is_empty(),
                ..f
            };
            re_render(&app, &a, tid, e, Some(&typed)).await
        }
    }
}

/// Where the one-step recognition stands.
enum Step {
    Done,
    /// The CCCD found nobody and no record was filled in: ask for it.
    NeedsPerson,
}

#[derive(Deserialize)]
pub struct EndForm {
    team: String,
    end_date: String,
    reason: String,
    #[serde(default)]
    #[allow(dead_code)]
    csrf: String,
}

pub async fn membership_end_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    Path(id): Path<String>,
    FormBody(f): FormBody<EndForm>,
) -> Result<Response, UiError> {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let tid: antt_domain::kernel::ids::TeamId = crate::input::path_id(&f.team)?;
    let mid: antt_domain::kernel::ids::MembershipId = crate::input::path_id(&id)?;
    let result = async {
        let end = antt_store::force::EndMembership {
            end_date: antt_domain::date::parse("end_date", &f.end_date)?,
            reason: EndReason::parse(&f.reason)?,
            decision: None,
        };
        app.store.end_membership(&a.actor, mid, &end).await?;
        Ok::<_, AppError>(())
    }
    .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/teams/{tid}")).into_response()),
        Err(e) => re_render(&app, &a, tid, e, None).await,
    }
}

fn person_row(p: &PersonView) -> Markup {
    html! {
        tr data-cccd=(p.cccd) {
            td { a href={ "/people/" (p.id) } { (p.full_name) } }
            td { code { (p.cccd) } }
            td { (vn_date(p.birth_date)) }
            td { (p.ethnicity) }
            td { @for m in p.memberships.iter().filter(|m| m.end_date.is_none()) { (m.team_name) " (" (m.role.label_vi()) ") " } }
        }
    }
}

/// The code of the user's one commune, to fill in the forms (a user of several has none).
async fn home_commune(app: &AppState, a: &Authed) -> Result<Option<String>, AppError> {
    match pick_commune(app, a, None).await {
        Ok(Some(c)) => Ok(Some(
            app.store
                .unit_detail(&a.actor, c, app.store.clock().today_vn())
                .await?
                .code,
        )),
        Ok(None) | Err(AppError::Store(antt_store::StoreError::NotFound)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// How many people a page of the list shows.
const PEOPLE_PER_PAGE: u64 = 100;

fn people_page(
    a: &Authed,
    page: &antt_store::force::PeoplePage,
    query: &str,
    error: Option<PublicError>,
    typed: Option<&PersonForm>,
    home: Option<&str>,
) -> Markup {
    let list = &page.people;
    let shown_to = page.offset + list.len() as u64;
    let link = |offset: u64| format!("/people?q={}&offset={offset}", crate::ui::url_encode(query));
    // A refused record comes back as typed, the message at the top of the form and the field
    // at fault focused (a phone scrolls to it).
    let focus = |field: &str| error.as_ref().is_some_and(|e| e.field == Some(field));
    let v = |get: fn(&PersonForm) -> &str| typed.map(get).filter(|s| !s.is_empty());
    let sex = typed.and_then(|f| Sex::from_code(&f.sex));
    let education = typed
        .and_then(|f| Education::from_code(&f.education))
        .or(Some(Education::LowerSecondary));
    let household = typed
        .and_then(|f| Household::from_code(&f.household))
        .or(Some(Household::None));
    let date = |name: &str, get: fn(&PersonForm) -> &str, required: bool| match typed {
        Some(f) => crate::ui::date_input_text(name, get(f), required, None),
        None => crate::ui::date_input(name, None, required),
    };
    html! {
        h1 { "Hồ sơ người tham gia" }
        form.filters method="get" action="/people" {
            label { "Tìm theo tên (không cần dấu) hoặc số CCCD" input type="search" name="q" value=(query); }
            button type="submit" { "Tìm" }
        }
        p.count {
            @if page.total == 0 { "Không có người nào khớp." }
            @else { "Hiển thị " (vn_number(page.offset + 1)) "–" (vn_number(shown_to)) " trong " (vn_number(page.total)) " người, xếp theo tên." }
        }
        table.people {
            thead { tr { th { "Họ và tên" } th { "Số CCCD" } th { "Ngày sinh" } th { "Dân tộc" } th { "Đang tham gia" } } }
            tbody { @for p in list { (person_row(p)) } }
        }
        @if page.offset > 0 || shown_to < page.total {
            nav.pager aria-label="Trang" {
                @if page.offset > 0 { a rel="prev" href=(link(page.offset.saturating_sub(PEOPLE_PER_PAGE))) { "← Trang trước" } " " }
                @if shown_to < page.total { a rel="next" href=(link(shown_to)) { "Trang sau →" } }
            }
        }
        @if a.actor.may(Action::ManageForce) {
            h2 #new-person { "Lập hồ sơ mới" }
            form.new-person method="post" action="/people" {
                (form_error(&error))
                input type="hidden" name="csrf" value=(a.csrf.clone().unwrap_or_default());
                label { "Xã (mã)" input name="commune" required value=[v(|f| &f.commune).or(home)] autofocus[focus("commune")]; }
                label { "Số CCCD (12 chữ số)" input name="cccd" inputmode="numeric" required value=[v(|f| &f.cccd)] autofocus[focus("cccd")]; }
                label { "Họ và tên" input name="full_name" required value=[v(|f| &f.full_name)] autofocus[focus("full_name")]; }
                label { "Ngày sinh" (date("birth_date", |f| &f.birth_date, true)) }
                label { "Giới tính" select name="sex" autofocus[focus("sex")] { (options::<Sex>(sex)) } }
                label { "Dân tộc" input name="ethnicity" list="ethnic-groups" autocomplete="off" value=(v(|f| &f.ethnicity).unwrap_or("Kinh")) required autofocus[focus("ethnicity")];
                    small.hint { "Chọn trong 54 dân tộc; gõ “Jrai”, “Bahnar”, “Xê Đăng” cũng được (lưu theo tên chính thức)." } }
                datalist #ethnic-groups { @for g in antt_domain::force::ETHNIC_GROUPS { option value=(g) {} } }
                label { "Nơi cư trú" input name="residence" required value=[v(|f| &f.residence)] autofocus[focus("residence")]; }
                label { "Cư trú từ ngày" (date("residence_since", |f| &f.residence_since, false)) }
                label { "Trình độ học vấn" select name="education" { (options(education)) } }
                label { "Ngày giấy chứng nhận sức khỏe" (date("health_certificate_on", |f| &f.health_certificate_on, false)) }
                label { "Số điện thoại" input name="phone" inputmode="tel" value=[v(|f| &f.phone)] autofocus[focus("phone")]; }
                label { "Diện hộ" select name="household" { (options(household)) } }
                button type="submit" { "Lập hồ sơ" }
            }
        }
    }
}

pub async fn people_get(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    QueryParams(q): QueryParams<Q>,
) -> Result<Response, UiError> {
    let query = q.q.clone().unwrap_or_default();
    let offset = crate::api::limit(q.offset.as_deref(), 0)?;
    let list = app
        .store
        .people_page(&a.actor, &query, offset, PEOPLE_PER_PAGE)
        .await?;
    let home = home_commune(&app, &a).await?;
    Ok(page(
        "Hồ sơ người tham gia",
        Some(&a),
        people_page(&a, &list, &query, None, None, home.as_deref()),
    )
    .into_response())
}

#[derive(Deserialize)]
pub struct PersonForm {
    commune: String,
    cccd: String,
    full_name: String,
    birth_date: String,
    sex: String,
    ethnicity: String,
    residence: String,
    #[serde(default)]
    residence_since: String,
    education: String,
    #[serde(default)]
    health_certificate_on: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    household: String,
    #[serde(default)]
    #[allow(dead_code)]
    csrf: String,
}

pub async fn people_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    FormBody(f): FormBody<PersonForm>,
) -> Result<Response, UiError> {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let opt = |s: &str| Some(s.to_string()).filter(|s| !s.trim().is_empty());
    let body = PersonBody {
        commune: f.commune.clone(),
        cccd: f.cccd.clone(),
        full_name: f.full_name.clone(),
        birth_date: f.birth_date.clone(),
        sex: f.sex.clone(),
        ethnicity: f.ethnicity.clone(),
        residence: f.residence.clone(),
        residence_since: opt(&f.residence_since),
        education: f.education.clone(),
        health_certificate_on: opt(&f.health_certificate_on),
        phone: opt(&f.phone),
        prior_service: Vec::new(),
        household: opt(&f.household),
        covered_bhxh: false,
        covered_bhyt: false,
    };
    let result = async {
        let new = person_from(&app, &a, body).await?;
        Ok::<_, AppError>(app.store.create_person(&a.actor, &new).await?)
    }
    .await;
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/people/{id}")).into_response()),
        Err(e) if e.public().status == StatusCode::UNPROCESSABLE_ENTITY => {
            let p = e.public();
            let list = app
                .store
                .people_page(&a.actor, "", 0, PEOPLE_PER_PAGE)
                .await?;
            Ok((
                p.status,
                page(
                    "Hồ sơ người tham gia",
                    Some(&a),
                    people_page(&a, &list, "", Some(p), Some(&f), None),
                ),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn person_get(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    Path(id): Path<String>,
) -> Result<Response, UiError> {
    let pid: antt_domain::kernel::ids::PersonId = crate::input::path_id(&id)?;
    person_page(&app, &a, pid, None).await
}

async fn person_page(
    app: &AppState,
    a: &Authed,
    pid: antt_domain::kernel::ids::PersonId,
    error: Option<PublicError>,
) -> Result<Response, UiError> {
    let p = app.store.person(&a.actor, pid).await?;
    let cccd = antt_domain::person::Cccd::parse(&p.cccd).ok();
    let csrf = a.csrf.clone().unwrap_or_default();
    let body = html! {
        nav.crumbs { a href="/people" { "Hồ sơ người tham gia" } }
        h1 { (p.full_name) }
        (form_error(&error))
        dl {
            dt { "Số CCCD" } dd { code { (p.cccd) } @if let Some(c) = &cccd { " (đăng ký khai sinh tại " (c.province_name()) ")" } }
            dt { "Ngày sinh" } dd { (vn_date(p.birth_date)) }
            dt { "Dân tộc" } dd { (p.ethnicity) }
            dt { "Nơi cư trú" } dd { (p.residence) @if let Some(s) = p.residence_since { " (từ " (vn_date(s)) ")" } }
            dt { "Giấy chứng nhận sức khỏe" } dd { (p.health_certificate_on.map(vn_date).unwrap_or_else(|| "chưa có".into())) }
            dt { "Số điện thoại" } dd { (p.phone.clone().unwrap_or_default()) }
        }
        h2 { "Quá trình tham gia" }
        table {
            thead { tr { th { "Tổ" } th { "Chức danh" } th { "Nguồn" } th { "Từ ngày" } th { "Quyết định" } th { "Đến ngày" } th { "Lý do" } th { "Ghi nhận vi phạm" } th { "Giấy tờ" } } }
            tbody { @for m in &p.memberships { tr {
                td { a href={ "/teams/" (m.team_id) } { (m.team_name) } }
                td { (m.role.label_vi()) } td { (m.origin.label_vi()) }
                td { (vn_date(m.start_date)) }
                td {
                    @if let Some(d) = &m.start_decision { "Công nhận: " (d.number) " ngày " (vn_date(d.signed_on)) }
                    @if let Some(d) = &m.over70_decision { @if m.start_decision.is_some() { br; } "Trên 70 tuổi: " (d.number) " ngày " (vn_date(d.signed_on)) }
                    @if let Some(d) = &m.end_decision { @if m.start_decision.is_some() || m.over70_decision.is_some() { br; } "Cho thôi: " (d.number) " ngày " (vn_date(d.signed_on)) }
                }
                td { (m.end_date.map(vn_date).unwrap_or_default()) }
                td { (m.end_reason.map(|r| r.label_vi()).unwrap_or_default()) }
                td { (m.evidence.len()) }
                td { @if m.end_reason.is_some_and(|r| r.rule().is_some()) {
                    @let base = format!("/api/v1/memberships/{}/forms", m.id);
                    "Mẫu 07: " a href={ (base) "/mau-07.docx" } { "DOCX" } " · " a href={ (base) "/mau-07.pdf" } { "PDF" } br;
                    "Mẫu 08: " a href={ (base) "/mau-08.docx" } { "DOCX" } " · " a href={ (base) "/mau-08.pdf" } { "PDF" }
                } }
            } } }
        }
        @if a.actor.may(Action::ManageForce) {
            h2 { "Cập nhật hồ sơ" }
            form.stack method="post" action={ "/people/" (p.id) } {
                input type="hidden" name="csrf" value=(csrf);
                label { "Nơi cư trú" input name="residence" value=(p.residence); }
                label { "Ngày giấy chứng nhận sức khỏe" (crate::ui::date_input("health_certificate_on", p.health_certificate_on, false)) }
                label { "Số điện thoại" input name="phone" value=(p.phone.clone().unwrap_or_default()); }
                label { "Trình độ học vấn" select name="education" {
                    (options(Some(p.education)))
                } }
                label { "Diện hộ" select name="household" {
                    (options(Some(p.household)))
                } }
                button type="submit" { "Lưu" }
            }
            h2 { "Đính chính nhân thân" }
            p.note { "Chỉ dùng khi nhập sai số CCCD, họ tên, ngày sinh hoặc giới tính. Số CCCD được kiểm tra lại với ngày sinh và giới tính; lý do được ghi vào nhật ký." }
            form.stack method="post" action={ "/people/" (p.id) "/identity" } {
                input type="hidden" name="csrf" value=(csrf);
                label { "Số CCCD" input name="cccd" value=(p.cccd) inputmode="numeric"; }
                label { "Họ và tên" input name="full_name" value=(p.full_name); }
                label { "Ngày sinh" (crate::ui::date_input("birth_date", Some(p.birth_date), false)) }
                label { "Giới tính" select name="sex" {
                    (options(Some(p.sex)))
                } }
                label { "Lý do đính chính" input name="reason" required; }
                button type="submit" { "Đính chính" }
            }
        }
    };
    Ok(page(&p.full_name.clone(), Some(a), body).into_response())
}

fn field<'a>(f: &'a [(String, String)], key: &str) -> &'a str {
    f.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

async fn person_after(
    app: &AppState,
    a: &Authed,
    pid: antt_domain::kernel::ids::PersonId,
    result: Result<(), AppError>,
) -> Result<Response, UiError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/people/{pid}")).into_response()),
        Err(e) => {
            let p = e.public();
            let status = p.status;
            Ok((status, person_page(app, a, pid, Some(p)).await?).into_response())
        }
    }
}

/// The form "Cập nhật hồ sơ": the same update as `PATCH /api/v1/people/{id}`.
pub async fn person_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    Path(id): Path<String>,
    FormBody(f): FormBody<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let pid: antt_domain::kernel::ids::PersonId = crate::input::path_id(&id)?;
    let result = async {
        let cert = field(&f, "health_certificate_on").trim();
        let change = antt_store::force::PersonChange {
            residence: Some(field(&f, "residence").to_string()),
            health_certificate_on: Some(if cert.is_empty() {
                None
            } else {
                Some(antt_domain::date::parse("health_certificate", cert)?)
            }),
            phone: Some(Some(field(&f, "phone").to_string()).filter(|p| !p.trim().is_empty())),
            education: Some(antt_domain::policy::eligibility::Education::parse(field(
                &f,
                "education",
            ))?),
            household: Some(Household::parse(field(&f, "household"))?),
            ..Default::default()
        };
        app.store.update_person(&a.actor, pid, &change).await?;
        Ok(())
    }
    .await;
    person_after(&app, &a, pid, result).await
}

/// The form "Đính chính nhân thân": the same correction as `PUT /api/v1/people/{id}/identity`.
pub async fn person_identity_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    Path(id): Path<String>,
    FormBody(f): FormBody<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let pid: antt_domain::kernel::ids::PersonId = crate::input::path_id(&id)?;
    let result = async {
        let change = antt_store::force::IdentityChange {
            cccd: Some(field(&f, "cccd").to_string()),
            full_name: Some(field(&f, "full_name").to_string()),
            birth_date: Some(antt_domain::date::parse(
                "birth_date",
                field(&f, "birth_date"),
            )?),
            sex: Some(Sex::parse(field(&f, "sex"))?),
            reason: field(&f, "reason").to_string(),
        };
        app.store.correct_identity(&a.actor, pid, &change).await?;
        Ok(())
    }
    .await;
    person_after(&app, &a, pid, result).await
}

async fn teams_after(
    app: AppState,
    a: Authed,
    commune: &str,
    form: &'static str,
    result: Result<(), AppError>,
) -> Result<Response, UiError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/teams?commune={commune}")).into_response()),
        Err(e) => {
            let p = e.public();
            let status = p.status;
            let q = Q {
                commune: Some(commune.to_string()),
                ..Q::default()
            };
            Ok((status, teams_page(app, a, q, Some(p), Some(form)).await?).into_response())
        }
    }
}

/// The form "Thành lập Tổ".
pub async fn teams_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    FormBody(f): FormBody<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let commune = pair(&f, "commune").to_string();
    let body = crate::force::api::TeamBody {
        commune: commune.clone(),
        name: pair(&f, "name").to_string(),
        villages: f
            .iter()
            .filter(|(k, _)| k == "village")
            .map(|(_, v)| v.clone())
            .collect(),
        workplace: Some(pair(&f, "workplace").to_string()),
        established_on: pair(&f, "established_on").to_string(),
        decision: Some(pair(&f, "decision").to_string()),
    };
    let result = async {
        let new = crate::force::api::team_from(&app, &a, body).await?;
        app.store.create_team(&a.actor, &new).await?;
        Ok(())
    }
    .await;
    teams_after(app, a, &commune, "teams", result).await
}

/// The form "Nhập người giữ chức vụ".
/// The commune's own validity of a health certificate, from the teams page.
pub async fn validity_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    FormBody(f): FormBody<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    let commune = pair(&f, "commune").to_string();
    let result = async {
        let c = resolve_unit(&app, &a.actor, &commune).await?;
        let raw = pair(&f, "months").trim();
        let months = if raw.is_empty() {
            None
        } else {
            Some(raw.parse::<u32>().map_err(|_| {
                antt_domain::FieldError::new("months", antt_domain::FieldErrorKind::InvalidNumber)
            })?)
        };
        app.store
            .set_health_certificate_validity(&a.actor, c, months)
            .await?;
        Ok::<_, AppError>(())
    }
    .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/teams?commune={commune}")).into_response()),
        Err(e) if e.public().status == StatusCode::UNPROCESSABLE_ENTITY => {
            let p = e.public();
            let q = Q {
                commune: Some(commune),
                date: None,
                q: None,
                offset: None,
            };
            Ok((p.status, teams_page(app, a, q, Some(p), None).await?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn officials_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    FormBody(f): FormBody<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    let commune = pair(&f, "commune").to_string();
    let body = crate::force::api::OfficialBody {
        office: pair(&f, "office").to_string(),
        full_name: pair(&f, "full_name").to_string(),
        from: pair(&f, "from").to_string(),
    };
    let result = crate::force::api::appoint(&app, &a, &commune, &body)
        .await
        .map(|_| ());
    teams_after(app, a, &commune, "officials", result).await
}

/// The form "Vào sổ quyết định".
pub async fn decisions_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    FormBody(f): FormBody<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let commune = pair(&f, "commune").to_string();
    let body = crate::force::api::DecisionBody {
        commune: commune.clone(),
        number: pair(&f, "number").to_string(),
        signed_on: pair(&f, "signed_on").to_string(),
        signer: pair(&f, "signer").to_string(),
        kind: pair(&f, "kind").to_string(),
        subject: pair(&f, "subject").to_string(),
    };
    let result = async {
        let new = crate::force::api::decision_from(&app, &a, body).await?;
        app.store.create_decision(&a.actor, &new).await?;
        Ok(())
    }
    .await;
    teams_after(app, a, &commune, "teams", result).await
}

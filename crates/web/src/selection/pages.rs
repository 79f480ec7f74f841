//! Tuyển chọn Tổ viên: the rounds of a commune and one round's page, step by step (TT 14/2024
//! Đ3–4), with the deadlines on the working-day calendar and the forms to download.

use std::collections::HashMap;

use antt_domain::access::Action;
use antt_domain::kernel::ids::DecisionId;
use antt_domain::policy::TeamRole;
use antt_domain::selection::CouncilRole;
use antt_domain::selection::{Outcome, Step};
use antt_store::selection::{RoundRecord, RoundStatus};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Authed, UiAuthed};
use crate::error::{AppError, PublicError, UiError};
use crate::input::{FormBody, QueryParams};
use crate::selection::api::{
    self as api_selection, ApplicationBody, ChecklistBody, CouncilMemberBody, RoundBody, VoteBody,
    VoteLine,
};
use crate::ui::{form_error, page, vn_date};

type Pairs = Vec<(String, String)>;

fn get<'a>(f: &'a Pairs, key: &str) -> &'a str {
    f.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

fn checked(f: &Pairs, key: &str) -> bool {
    f.iter().any(|(k, v)| k == key && !v.is_empty())
}

/// The decision chosen in a form's `decision` select, which these steps require.
fn decision_id(f: &Pairs) -> Result<DecisionId, AppError> {
    Uuid::parse_str(get(f, "decision").trim())
        .map(DecisionId)
        .map_err(|_| {
            antt_domain::FieldError::new("decision", antt_domain::FieldErrorKind::Required).into()
        })
}

/// An id from the path (a round) or a form's select (a decision): not a UUID names nothing.
fn round_id<T: From<Uuid>>(raw: &str) -> Result<T, AppError> {
    crate::input::path_id(raw)
}

#[derive(Deserialize, Default)]
pub struct Q {
    commune: Option<String>,
}

const DEFAULT_DOCUMENTS: &str = "Đơn đăng ký (Mẫu 01); sơ yếu lý lịch tự khai; giấy chứng nhận sức khỏe do cơ sở khám bệnh, chữa bệnh có thẩm quyền cấp; bằng tốt nghiệp hoặc giấy xác nhận hoàn thành chương trình trung học cơ sở (tiểu học ở vùng theo khoản 3 Điều 13 Luật 30/2023/QH15). Không thu phí.";

/// The rounds of the user's commune and the form that drafts a new plan.
pub async fn rounds_get(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    QueryParams(q): QueryParams<Q>,
) -> Result<Response, UiError> {
    rounds_page(&app, &a, q.commune.as_deref(), None, None).await
}

async fn rounds_page(
    app: &AppState,
    a: &Authed,
    commune: Option<&str>,
    error: Option<PublicError>,
    typed: Option<&Pairs>,
) -> Result<Response, UiError> {
    let today = app.store.clock().today_vn();
    let picked = crate::force::pages::pick_commune(app, a, commune).await?;
    let detail = match picked {
        Some(c) => Some(app.store.unit_detail(&a.actor, c, today).await?),
        None => None,
    };
    let Some(detail) = detail.filter(|d| d.level == antt_domain::unit::Level::Commune) else {
        // Several communes (the scope, or a province or district asked for): every round of
        // them, with its status and what is overdue.
        return cross_commune_rounds(app, a, picked).await;
    };
    let commune = detail.id;
    let teams = app.store.teams(&a.actor, Some(commune), today).await?;
    let statuses = app.store.round_statuses(&a.actor, Some(commune)).await?;
    let csrf = a.csrf.clone().unwrap_or_default();
    let name = detail
        .current
        .as_ref()
        .map(|c| c.name.clone())
        .unwrap_or_default();
    // A refused plan comes back with everything as it was typed.
    let kept = |k: &str| typed.map(|f| get(f, k).to_string());
    let villages_typed: Vec<String> = typed
        .map(|f| {
            f.iter()
                .filter(|(k, _)| k == "village")
                .map(|(_, v)| v.clone())
                .collect()
        })
        .unwrap_or_default();
    let focus = error.as_ref().and_then(|e| e.field);
    let af = |k: &str| focus == Some(k);
    let body = html! {
        h1 { "Tuyển chọn Tổ viên — " (name) }
        p.note { "Trình tự theo Điều 3, Điều 4 Thông tư số 14/2024/TT-BCA: kế hoạch → niêm yết → nhận hồ sơ → danh sách → Hội đồng xét tuyển → biên bản (Mẫu 04) → đề nghị (Mẫu 05, 06) trong 5 ngày làm việc → quyết định (Mẫu 08) trong 5 ngày làm việc." }
        (rounds_table(&statuses, false))
        @if statuses.is_empty() { p.empty { "Chưa có đợt tuyển chọn nào." } }
        @if a.actor.may(Action::ManageForce) {
            h2 #plan { "Lập kế hoạch tuyển chọn" }
            (form_error(&error))
            form.stack method="post" action="/selection" {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="commune" value=(detail.code);
                label { "Tên đợt" input name="title" required autofocus[af("title")] value=(kept("title").unwrap_or_else(|| format!("Tuyển chọn Tổ viên Tổ bảo vệ ANTT năm {}", chrono::Datelike::year(&today)))); }
                label { "Bổ sung cho Tổ đã có" select name="team" autofocus[af("team")] {
                    option value="" { "— Tổ mới (thành lập theo quyết định cuối đợt) —" }
                    @for t in teams.iter().filter(|t| t.dissolved_on.is_none()) { option value=(t.id) selected[kept("team").as_deref() == Some(t.id.to_string().as_str())] { (t.name) } }
                } }
                label { "Tên Tổ sẽ thành lập (khi là Tổ mới)" input name="team_name" autofocus[af("team_name")] value=[kept("team_name")] placeholder="Tổ bảo vệ an ninh, trật tự thôn …"; }
                fieldset { legend { "Thôn, tổ dân phố (của Tổ mới; để trống nếu bổ sung cho Tổ đã có)" }
                    @for v in &detail.children { label.inline { input type="checkbox" name="village" value=(v.code) checked[villages_typed.contains(&v.code)]; " " (v.name) } " " }
                }
                label { "Số Tổ viên cần tuyển (chỉ tiêu)" input type="number" min="1" name="quota" required autofocus[af("quota")] value=[kept("quota")]; }
                label { "Hồ sơ yêu cầu" textarea name="documents" rows="3" autofocus[af("documents")] { (kept("documents").unwrap_or_else(|| DEFAULT_DOCUMENTS.to_string())) } }
                label { "Nơi nhận hồ sơ" input name="place" required autofocus[af("place")] value=(kept("place").unwrap_or_else(|| format!("Trụ sở Công an {name}"))); }
                label { "Hạn nhận hồ sơ" (crate::ui::date_input_text("application_deadline", kept("application_deadline").as_deref().unwrap_or(""), true, None)) }
                label { "Ngày họp Hội đồng xét tuyển (dự kiến)" (crate::ui::date_input_text("meeting_on", kept("meeting_on").as_deref().unwrap_or(""), true, None)) }
                button type="submit" { "Lập kế hoạch" }
            }
        }
    };
    Ok(page("Tuyển chọn Tổ viên", Some(a), body).into_response())
}

/// The rounds as a table (cards on a phone), with the commune when several are listed.
fn rounds_table(statuses: &[RoundStatus], with_commune: bool) -> Markup {
    html! {
        table.cards.rounds {
            thead { tr {
                th { "Đợt" }
                @if with_commune { th { "Xã, phường" } }
                th { "Chỉ tiêu" } th { "Hạn nhận hồ sơ" } th { "Bước tiếp theo" } th { "Hạn" }
            } }
            tbody {
                @for s in statuses {
                    tr data-round=(s.round.id) data-overdue=(s.overdue.len()) {
                        td data-label="Đợt" { a href={ "/selection/" (s.round.id) } { (s.round.title) } }
                        @if with_commune { td data-label="Xã, phường" { a href={ "/selection?commune=" (s.round.commune.code) } { (s.round.commune.name) } } }
                        td.num data-label="Chỉ tiêu" { (s.round.quota) }
                        td data-label="Hạn nhận hồ sơ" { (vn_date(s.round.application_deadline)) }
                        td data-label="Bước tiếp theo" { @match s.next_step { Some(n) => (n.label_vi()), None => "Đã xong" } }
                        td data-label="Hạn" {
                            @if let Some(d) = s.next_step.and_then(|n| s.deadlines.iter().find(|d| d.step == n)) { (vn_date(d.due)) " " }
                            @for o in &s.overdue { span.badge.missing { "Quá hạn: " (o.label_vi()) } " " }
                        }
                    }
                }
            }
        }
    }
}

/// Every round of the communes in scope (or under `unit`), overdue first.
async fn cross_commune_rounds(
    app: &AppState,
    a: &Authed,
    unit: Option<antt_domain::unit::UnitId>,
) -> Result<Response, UiError> {
    let mut statuses = app.store.round_statuses(&a.actor, unit).await?;
    statuses.sort_by_key(|s| (s.overdue.is_empty(), s.next_step.is_none()));
    let overdue = statuses.iter().filter(|s| !s.overdue.is_empty()).count();
    let open = statuses.iter().filter(|s| s.next_step.is_some()).count();
    let body = html! {
        h1 { "Tuyển chọn Tổ viên — các xã" }
        p.summary data-total=(statuses.len()) {
            (statuses.len()) " đợt · " (open) " đang thực hiện · " (overdue) " có bước quá hạn"
        }
        form.filters method="get" action="/selection" {
            label { "Mã xã (để lập kế hoạch)" input name="commune" inputmode="numeric"; }
            button type="submit" { "Mở" }
        }
        (rounds_table(&statuses, true))
        @if statuses.is_empty() { p.empty { "Chưa có đợt tuyển chọn nào trong phạm vi này." } }
    };
    Ok(page("Tuyển chọn Tổ viên", Some(a), body).into_response())
}

pub async fn rounds_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    FormBody(f): FormBody<Pairs>,
) -> Result<Response, UiError> {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let result = async {
        let body = RoundBody {
            commune: get(&f, "commune").to_string(),
            team: opt(get(&f, "team")),
            team_name: opt(get(&f, "team_name")),
            villages: f
                .iter()
                .filter(|(k, _)| k == "village")
                .map(|(_, v)| v.clone())
                .collect(),
            title: get(&f, "title").to_string(),
            quota: get(&f, "quota").trim().parse().map_err(|_| {
                antt_domain::FieldError::new("quota", antt_domain::FieldErrorKind::InvalidNumber)
            })?,
            documents: get(&f, "documents").to_string(),
            place: get(&f, "place").to_string(),
            application_deadline: get(&f, "application_deadline").to_string(),
            meeting_on: get(&f, "meeting_on").to_string(),
        };
        let new = api_selection::round_from(&app, &a, body).await?;
        Ok::<_, AppError>(app.store.create_round(&a.actor, &new).await?)
    }
    .await;
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/selection/{id}")).into_response()),
        Err(e) => {
            let p = e.public();
            let status = p.status;
            Ok((
                status,
                rounds_page(&app, &a, Some(get(&f, "commune")), Some(p), Some(&f)).await?,
            )
                .into_response())
        }
    }
}

pub async fn round_get(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    Path(id): Path<String>,
) -> Result<Response, UiError> {
    round_page(&app, &a, round_id(&id)?, None).await
}

fn outcome_of(s: &RoundStatus, app_id: Uuid) -> Option<Outcome> {
    s.tally
        .as_ref()
        .and_then(|t| t.lines.iter().find(|l| l.candidate == app_id))
        .map(|l| l.outcome)
}

fn reasons(v: &Value) -> Vec<(bool, String, String)> {
    v["reasons"]
        .as_array()
        .map(|rs| {
            rs.iter()
                .map(|r| {
                    (
                        r["ok"].as_bool().unwrap_or(false),
                        r["rule"].as_str().unwrap_or("").to_string(),
                        r["message"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn date_input(label: &str) -> Markup {
    html! { label { (label) (crate::ui::date_input("on", None, true)) } }
}

async fn round_page(
    app: &AppState,
    a: &Authed,
    id: antt_domain::kernel::ids::RoundId,
    error: Option<PublicError>,
) -> Result<Response, UiError> {
    let s = app.store.round_status(&a.actor, id).await?;
    let decisions = app
        .store
        .decisions(&a.actor, Some(s.round.commune.id))
        .await?;
    let chairman = app
        .store
        .official_on(
            &a.actor,
            s.round.commune.id,
            antt_domain::office::Office::Chairman,
            app.store.clock().today_vn(),
        )
        .await?;
    let people = if s.round.step_on(Step::ListApproved).is_none() {
        app.store.people(&a.actor, "", 500).await?
    } else {
        Vec::new()
    };
    let r: &RoundRecord = &s.round;
    let csrf = a.csrf.clone().unwrap_or_default();
    let manage = a.actor.may(Action::ManageForce);
    let due: HashMap<Step, &antt_domain::selection::Deadline> =
        s.deadlines.iter().map(|d| (d.step, d)).collect();
    let decision_select = html! {
        label { "Quyết định" select name="decision" {
            option value="" { "— không —" }
            @for d in &decisions { option value=(d.id) { (d.number) " ngày " (vn_date(d.signed_on)) " — " (d.subject) } }
        } }
    };
    let forms_base = format!("/api/v1/selection-rounds/{}/forms", r.id);
    let body = html! {
        nav.crumbs { a href={ "/selection?commune=" (r.commune.code) } { "Tuyển chọn Tổ viên — " (r.commune.name) } }
        h1 { (r.title) }
        (form_error(&error))
        // What to do next comes first (on a phone it is the first thing under the title).
        section.next-step {
            @match s.next_step {
                Some(n) => {
                    p.next data-step=(n.as_str()) { strong { "Bước tiếp theo: " (n.label_vi()) }
                        @if let Some(d) = due.get(&n) { " — hạn " (vn_date(d.due)) @if d.overdue { " " span.badge.missing { "QUÁ HẠN" } } } }
                }
                None => { p.next { strong { "Đợt đã xong." } } }
            }
        @if manage {
                @let action = format!("/selection/{}", r.id);
                @if r.step_on(Step::PlanPosted).is_some() && r.step_on(Step::ListApproved).is_none() {
                    h2 { "Nhận hồ sơ" }
                    form.stack method="post" action={ (action) "/applications" } {
                        input type="hidden" name="csrf" value=(csrf);
                        label { "Người nộp" select name="person" required {
                            @for p in people.iter().filter(|p| p.commune == r.commune.code) { option value=(p.id) { (p.full_name) " — " (p.cccd) } }
                        } }
                        p.note { "Người chưa có hồ sơ: " a href="/people" { "thêm người" } " trước." }
                        label { "Thôn đăng ký" select name="village" { option value="" { "—" } @for v in &r.villages { option value=(v.code) { (v.name) } } } }
                        label { "Ngày nộp" (crate::ui::date_input("submitted_on", None, true)) }
                        label { "Người nhận hồ sơ" input name="received_by" required; }
                        fieldset { legend { "Hồ sơ có" }
                            label.inline { input type="checkbox" name="form01" value="1"; " Đơn (Mẫu 01)" } " "
                            label.inline { input type="checkbox" name="cv" value="1"; " Sơ yếu lý lịch" } " "
                            label.inline { input type="checkbox" name="health_certificate" value="1"; " Giấy chứng nhận sức khỏe" } " "
                            label.inline { input type="checkbox" name="diploma" value="1"; " Bằng, giấy xác nhận học vấn" }
                        }
                        label { "Tình trạng pháp lý" select name="legal_status" {
                            option value="clear" { "Không vi phạm" }
                            option value="prosecuted" { "Đang bị truy cứu trách nhiệm hình sự" }
                            option value="serving_sentence" { "Đang chấp hành án" }
                            option value="admin_measure" { "Đang bị áp dụng biện pháp xử lý hành chính" }
                            option value="unexpunged_record" { "Đã bị kết án, chưa được xóa án tích" }
                        } }
                        button type="submit" { "Nhận hồ sơ" }
                    }
                }
                @match s.next_step {
                    Some(step @ (Step::PlanApproved | Step::PlanPosted | Step::ListApproved | Step::ListPosted | Step::MinutesSigned)) => {
                        h2 { "Ghi nhận: " (step.label_vi()) }
                        form.stack method="post" action={ (action) "/steps" } {
                            input type="hidden" name="csrf" value=(csrf);
                            input type="hidden" name="step" value=(step.as_str());
                            (date_input("Ngày"))
                            (decision_select)
                            label { "Ghi chú" input name="note"; }
                            button type="submit" { "Ghi nhận" }
                        }
                    }
                    Some(Step::CouncilMet) => {
                        h2 { "Hội đồng xét tuyển họp và biểu quyết" }
                        form.stack method="post" action={ (action) "/vote" } {
                            input type="hidden" name="csrf" value=(csrf);
                            (date_input("Ngày họp"))
                            label { "Hình thức" select name="method" { option value="show_of_hands" { "Biểu quyết giơ tay" } option value="secret_ballot" { "Bỏ phiếu kín (Mẫu 02)" } } }
                            table.council {
                                thead { tr { th { "Thành viên Hội đồng" } th { "Vai trò" } th { "Chức vụ, đơn vị" } th { "Có mặt" } } }
                                tbody { @for i in 0..9 { tr {
                                    td { input name={ "m" (i) "_name" }; }
                                    td { select name={ "m" (i) "_role" } { @for k in CouncilRole::ALL { option value=(k.as_str()) selected[(i == 0 && *k == CouncilRole::Chair) || (i == 1 && *k == CouncilRole::ViceChair) || (i > 1 && *k == CouncilRole::Member)] { (k.label_vi()) } } } }
                                    td { input name={ "m" (i) "_org" }; }
                                    td { input type="checkbox" name={ "m" (i) "_present" } value="1" checked; }
                                } } }
                            }
                            h3 { "Số phiếu đồng ý" }
                            @for x in r.applications.iter().filter(|x| x.on_list) {
                                label { (x.full_name) input type="number" min="0" name={ "yes_" (x.id) } required; }
                            }
                            button type="submit" { "Ghi nhận kết quả" }
                        }
                    }
                    Some(Step::ProposalSent) => {
                        @if let Some(tie) = s.tally.as_ref().and_then(|t| t.tie.as_ref()) {
                            h2 { "Chọn người khi bằng phiếu (" (tie.places) " chỗ)" }
                            form.stack method="post" action={ (action) "/tie" } {
                                input type="hidden" name="csrf" value=(csrf);
                                (decision_select)
                                @for c in &tie.candidates { @if let Some(x) = r.applications.iter().find(|x| x.id == *c) {
                                    label.inline { input type="checkbox" name={ "chosen_" (x.id) } value="1"; " " (x.full_name) }
                                } }
                                button type="submit" { "Ghi nhận" }
                            }
                        } @else {
                            h2 { "Công an xã gửi đề nghị (Mẫu 05, 06)" }
                            form.stack method="post" action={ (action) "/proposal" } {
                                input type="hidden" name="csrf" value=(csrf);
                                (date_input("Ngày gửi"))
                                @for x in r.selected() {
                                    label { (x.full_name) select name={ "role_" (x.id) } {
                                        @for role in [TeamRole::Member, TeamRole::Leader, TeamRole::Deputy] { option value=(match role { TeamRole::Leader => "leader", TeamRole::Deputy => "deputy", TeamRole::Member => "member" }) { (role.label_vi()) } }
                                    } }
                                }
                                button type="submit" { "Ghi nhận" }
                            }
                        }
                    }
                    Some(Step::DecisionsSigned) => {
                        h2 { "Quyết định của Chủ tịch UBND xã (Mẫu 08)" }
                        form.stack.round-decision method="post" action={ (action) "/decisions" } {
                            input type="hidden" name="csrf" value=(csrf);
                            (date_input("Ngày quyết định"))
                            (decision_select)
                            fieldset.new-decision {
                                legend { "Hoặc vào sổ quyết định mới (khi chưa có trong sổ)" }
                                label { "Số quyết định" input name="new_number" placeholder="15/QĐ-UBND"; }
                                label { "Ngày ký" (crate::ui::date_input("new_signed_on", None, false)) }
                                label { "Người ký" input name="new_signer" value=[chairman.as_deref()]; }
                                small.hint { "Số, ngày ký và người ký như trên bản đã ký; quyết định được vào sổ cùng lúc với việc ghi nhận bước này." }
                            }
                            @if r.team.is_none() {
                                label { "Tên Tổ được thành lập" input name="team_name" required; }
                                label { "Nơi làm việc của Tổ" input name="workplace"; }
                            }
                            button type="submit" { "Ghi nhận" }
                        }
                    }
                    _ => {}
                }
            }
        }
        dl.facts {
            dt { "Chỉ tiêu" } dd { (r.quota) " Tổ viên" }
            dt { "Thôn, tổ dân phố" } dd { @for (i, v) in r.villages.iter().enumerate() { @if i > 0 { ", " } (v.name) } }
            @if let Some((tid, name)) = &r.team { dt { "Tổ" } dd { a href={ "/teams/" (tid) } { (name) } } }
            dt { "Hồ sơ" } dd { (r.documents) }
            dt { "Nơi nhận hồ sơ" } dd { (r.place) }
            dt { "Hạn nhận hồ sơ" } dd { (vn_date(r.application_deadline)) }
            dt { "Ngày họp dự kiến" } dd { (vn_date(r.meeting_on)) }
        }
        h2 { "Các bước" }
        table.steps.cards {
            thead { tr { th { "Bước" } th { "Căn cứ" } th { "Ngày thực hiện" } th { "Hạn" } } }
            tbody {
                @for step in Step::ALL {
                    tr data-step=(step.as_str()) {
                        td data-label="Bước" { (step.label_vi()) }
                        td data-label="Căn cứ" { code { (step.rule()) } }
                        td data-label="Ngày thực hiện" {
                            @if let Some(done) = r.step_on(step) {
                                (vn_date(done.on))
                                @if let Some(d) = &done.decision { " — QĐ " (d.number) }
                                @if let Some(n) = &done.note { br; small { (n) } }
                            }
                        }
                        td data-label="Hạn" {
                            @if let Some(d) = due.get(&step) {
                                (vn_date(d.due))
                                @if d.provisional { " " span.badge { "dự kiến" } }
                                @if d.overdue { " " span.badge.missing { "QUÁ HẠN" } }
                                @if d.late { " " span.badge.missing { "trễ hạn" } }
                                br; small { (d.explanation) }
                            }
                        }
                    }
                }
            }
        }
        @if s.deadlines.is_empty() { p.note { "Chưa tính được hạn: gói quy định chưa có thời hạn đề nghị, quyết định (ngày làm việc)." } }

        h2 { "Hồ sơ dự tuyển (" (r.applications.len()) ")" }
        table.applications.cards {
            thead { tr { th { "Họ và tên" } th { "Ngày nộp" } th { "Hồ sơ" } th { "Điều kiện (Điều 13 Luật 30/2023/QH15)" } th { "Phiếu đồng ý" } th { "Kết quả" } th { "Mẫu 01" } } }
            tbody {
                @for x in &r.applications {
                    tr data-application=(x.id) {
                        td data-label="Họ và tên" { a href={ "/people/" (x.person_id) } { (x.full_name) } br; small { (x.cccd) }
                            @if !x.prior_service.is_empty() {
                                br; span.badge title="Luật 30/2023/QH15 Điều 15 (LAW-15.3)" { "Ưu tiên: "
                                    (x.prior_service.iter().map(|s| s.label_vi()).collect::<Vec<_>>().join(", ")) }
                            } }
                        td data-label="Ngày nộp" { (vn_date(x.submitted_on)) br; small { (x.received_by) } }
                        td data-label="Hồ sơ" { @if x.missing.is_empty() { "Đủ" } @else { span.warn { "Thiếu: " (x.missing.join("; ")) } } }
                        td data-label="Điều kiện" {
                            @if x.eligible { "Đủ điều kiện" } @else { span.warn { "Chưa đủ điều kiện" } }
                            ul.reasons { @for (ok, rule, msg) in reasons(&x.eligibility) { li.ok[ok] { @if ok { "✓ " } @else { "✗ " } (msg) " " code { (rule) } } } }
                        }
                        td.num data-label="Phiếu đồng ý" { @if let Some(v) = x.votes_yes { (v) } }
                        td data-label="Kết quả" { @if let Some(o) = outcome_of(&s, x.id) { (o.label_vi()) } @else if !x.on_list { "Không có trong danh sách" } }
                        td data-label="Mẫu 01" { a href={ (forms_base) "/mau-01.docx?application=" (x.id) } { "DOCX" } " · " a href={ (forms_base) "/mau-01.pdf?application=" (x.id) } { "PDF" } }
                    }
                }
            }
        }
        @if let Some(t) = &s.tally { p.note { (t.explanation) } }
        @if let Some(e) = &s.tally_error { div.alert { (e) } }

        h2 { "Biểu mẫu" }
        ul.forms {
            @for (file, label) in [("mau-02", "Mẫu 02 — Phiếu bầu"), ("mau-04", "Mẫu 04 — Biên bản kết quả xét tuyển"), ("mau-05", "Mẫu 05 — Danh sách đề nghị công nhận Tổ viên"), ("mau-06", "Mẫu 06 — Danh sách giới thiệu Tổ trưởng, Tổ phó"), ("mau-08", "Mẫu 08 — Quyết định")] {
                li { (label) ": " a href={ (forms_base) "/" (file) ".docx" } { "Word (DOCX)" } " · " a href={ (forms_base) "/" (file) ".pdf" } { "PDF để in" } }
            }
        }

        @if !r.council.is_empty() {
            h2 { "Hội đồng xét tuyển" }
            ul { @for m in &r.council { li { (m.full_name) " — " (m.role.label_vi()) @if !m.organisation.is_empty() { ", " (m.organisation) } @if !m.present { " (vắng)" } } } }
        }
    };
    Ok(page(&r.title, Some(a), body).into_response())
}

async fn after(
    app: &AppState,
    a: &Authed,
    id: antt_domain::kernel::ids::RoundId,
    result: Result<(), AppError>,
) -> Result<Response, UiError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/selection/{id}")).into_response()),
        Err(e) => {
            let p = e.public();
            let status = p.status;
            Ok((status, round_page(app, a, id, Some(p)).await?).into_response())
        }
    }
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

pub async fn step_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    Path(id): Path<String>,
    FormBody(f): FormBody<Pairs>,
) -> Result<Response, UiError> {
    let id = round_id(&id)?;
    let result = async {
        let step = Step::parse(get(&f, "step"))?;
        let on = antt_domain::date::parse("on", get(&f, "on"))?;
        let decision = match opt(get(&f, "decision")) {
            Some(d) => Some(round_id(&d)?),
            None => None,
        };
        app.store
            .record_step(&a.actor, id, step, on, decision, opt(get(&f, "note")))
            .await?;
        Ok(())
    }
    .await;
    after(&app, &a, id, result).await
}

pub async fn applications_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    Path(id): Path<String>,
    FormBody(f): FormBody<Pairs>,
) -> Result<Response, UiError> {
    let id = round_id(&id)?;
    let body = ApplicationBody {
        person: get(&f, "person").to_string(),
        village: opt(get(&f, "village")),
        submitted_on: get(&f, "submitted_on").to_string(),
        received_by: get(&f, "received_by").to_string(),
        checklist: ChecklistBody {
            form01: checked(&f, "form01"),
            cv: checked(&f, "cv"),
            health_certificate: checked(&f, "health_certificate"),
            diploma: checked(&f, "diploma"),
        },
        legal_status: opt(get(&f, "legal_status")),
    };
    let result = api_selection::add_application(&app, &a, id, body)
        .await
        .map(|_| ());
    after(&app, &a, id, result).await
}

pub async fn vote_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    Path(id): Path<String>,
    FormBody(f): FormBody<Pairs>,
) -> Result<Response, UiError> {
    let id = round_id(&id)?;
    let council = (0..9)
        .filter(|i| !get(&f, &format!("m{i}_name")).trim().is_empty())
        .map(|i| CouncilMemberBody {
            full_name: get(&f, &format!("m{i}_name")).to_string(),
            role: get(&f, &format!("m{i}_role")).to_string(),
            organisation: get(&f, &format!("m{i}_org")).to_string(),
            present: checked(&f, &format!("m{i}_present")),
        })
        .collect();
    let mut votes = Vec::new();
    let mut bad = false;
    for (k, v) in &f {
        if let Some(app_id) = k.strip_prefix("yes_") {
            match v.trim().parse::<u32>() {
                Ok(yes) => votes.push(VoteLine {
                    application: app_id.to_string(),
                    yes,
                }),
                Err(_) => bad = true,
            }
        }
    }
    let result = if bad {
        Err(
            antt_domain::FieldError::new("votes", antt_domain::FieldErrorKind::InvalidNumber)
                .into(),
        )
    } else {
        api_selection::record_vote(
            &app,
            &a,
            id,
            VoteBody {
                met_on: get(&f, "on").to_string(),
                method: get(&f, "method").to_string(),
                council,
                votes,
            },
        )
        .await
    };
    after(&app, &a, id, result).await
}

pub async fn tie_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    Path(id): Path<String>,
    FormBody(f): FormBody<Pairs>,
) -> Result<Response, UiError> {
    let id = round_id(&id)?;
    let result = async {
        let decision = decision_id(&f)?;
        let chosen: Vec<Uuid> = f
            .iter()
            .filter_map(|(k, _)| k.strip_prefix("chosen_"))
            .filter_map(|x| Uuid::parse_str(x).ok())
            .collect();
        app.store
            .resolve_tie(&a.actor, id, decision, &chosen)
            .await?;
        Ok(())
    }
    .await;
    after(&app, &a, id, result).await
}

pub async fn proposal_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    Path(id): Path<String>,
    FormBody(f): FormBody<Pairs>,
) -> Result<Response, UiError> {
    let id = round_id(&id)?;
    let result = async {
        let on = antt_domain::date::parse("on", get(&f, "on"))?;
        let roles: Vec<(Uuid, TeamRole)> = f
            .iter()
            .filter_map(|(k, v)| {
                let app_id = Uuid::parse_str(k.strip_prefix("role_")?).ok()?;
                Some((app_id, TeamRole::from_code(v)?))
            })
            .filter(|(_, r)| *r != TeamRole::Member)
            .collect();
        app.store.send_proposal(&a.actor, id, on, &roles).await?;
        Ok(())
    }
    .await;
    after(&app, &a, id, result).await
}

pub async fn decisions_post(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    Path(id): Path<String>,
    FormBody(f): FormBody<Pairs>,
) -> Result<Response, UiError> {
    let id = round_id(&id)?;
    let result = async {
        let on = antt_domain::date::parse("on", get(&f, "on"))?;
        let team_name = opt(get(&f, "team_name"));
        let workplace = opt(get(&f, "workplace"));
        // A decision not yet in the register is entered here, with the step, in one write.
        if get(&f, "decision").trim().is_empty() && !get(&f, "new_number").trim().is_empty() {
            let r = app.store.round(&a.actor, id).await?;
            let new = api_selection::round_decision(
                &r,
                get(&f, "new_number"),
                get(&f, "new_signed_on"),
                get(&f, "new_signer"),
                team_name.as_deref(),
            )?;
            app.store
                .record_decisions_registering(&a.actor, id, on, &new, team_name, workplace)
                .await?;
            return Ok(());
        }
        let decision = decision_id(&f)?;
        app.store
            .record_decisions(&a.actor, id, on, decision, team_name, workplace)
            .await?;
        Ok(())
    }
    .await;
    after(&app, &a, id, result).await
}

/// Nhập danh sách: the template, then a check and the import of a filled file.
pub async fn import_get(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    QueryParams(q): QueryParams<Q>,
) -> Result<Response, UiError> {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let Some(commune) = crate::force::pages::pick_commune(&app, &a, q.commune.as_deref()).await?
    else {
        return Ok(Redirect::to("/teams").into_response());
    };
    let today = app.store.clock().today_vn();
    let detail = app.store.unit_detail(&a.actor, commune, today).await?;
    let name = detail
        .current
        .as_ref()
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let body = html! {
        h1 { "Nhập danh sách Tổ, thành viên — " (name) }
        ol {
            li { a href={ "/api/v1/import/roster/template?commune=" (detail.code) } { "Tải mẫu nhập (Excel)" } " — mỗi dòng là một người trong một Tổ; các cột Tên Tổ, Mã thôn, Giới tính, Dân tộc, Chức danh… chọn được trong danh sách; trang «Hướng dẫn» giải thích từng cột." }
            li { "Chọn tệp đã điền (.xlsx, hoặc .csv lưu dạng CSV UTF-8) và bấm «Kiểm tra»: mọi dòng sai được báo theo số dòng và tên cột, chưa ghi gì." }
            li { "Khi không còn lỗi, bấm «Nhập»: cả tệp được ghi trong một lần; có lỗi thì không ghi dòng nào. Nhập lại cùng tệp không làm thay đổi dữ liệu." }
        }
        form #import-form {
            input type="hidden" name="csrf" value=(a.csrf.clone().unwrap_or_default());
            input type="hidden" name="commune" value=(detail.code);
            label { "Tệp danh sách" input type="file" name="file" accept=".xlsx,.csv" required; }
            button #import-check type="button" { "Kiểm tra" } " "
            button #import-run type="button" { "Nhập" }
        }
        div #import-report aria-live="polite" {}
        noscript { div.alert { "Trang này cần JavaScript để gửi tệp; hoặc dùng lệnh: antt import roster TỆP --commune " (detail.code) } }
        script src="/assets/import.js" defer {}
    };
    Ok(page("Nhập danh sách", Some(&a), body).into_response())
}

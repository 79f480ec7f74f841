//! The home page: *Việc cần làm*, grouped by urgency, each item linking to where it is done.

use antt_domain::access::Action;
use antt_domain::inbox::{InboxItem, Urgency};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

use crate::AppState;
use crate::auth::UiAuthed;
use crate::error::UiError;
use crate::ui::{page, vn_date, vn_number};

/// Where an item is acted on.
fn link(i: &InboxItem) -> String {
    match i.target {
        "round" => format!("/selection/{}", i.target_id),
        "team" => format!("/teams/{}", i.target_id),
        "person" => format!("/people/{}", i.target_id),
        "payroll" => match i.target_id.split_once('/') {
            Some((c, m)) => format!("/payroll?commune={c}&month={m}"),
            None => "/payroll".to_string(),
        },
        "insurance" => match i.target_id.split_once('/') {
            Some((c, q)) => format!("/insurance?commune={c}&quarter={q}"),
            None => "/insurance".to_string(),
        },
        _ => format!("/units/{}", i.target_id),
    }
}

/// `/`: a user without the force's view (an administrator of accounts) lands on the units.
pub async fn home_get(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
) -> Result<Response, UiError> {
    if !a.actor.may(Action::ViewForce) {
        return Ok(Redirect::to("/units").into_response());
    }
    let on = app.store.clock().today_vn();
    let inbox = app.store.inbox(&a.actor, on).await?;
    let body = html! {
        h1 { "Việc cần làm" }
        p.count { "Ngày " (vn_date(on)) " — " (vn_number(inbox.total as u64)) " việc ở "
            (vn_number(inbox.communes as u64)) " xã, phường." }
        @if inbox.truncated {
            div.alert role="note" { "Phạm vi có nhiều xã hơn một trang việc đọc được; xem từng xã ở trang Tổ bảo vệ ANTT." }
        }
        @if inbox.items.is_empty() { p { "Không có việc nào cần làm hôm nay." } }
        @for u in Urgency::ALL {
            @let group: Vec<&InboxItem> = inbox.items.iter().filter(|i| i.urgency == *u).collect();
            @if !group.is_empty() {
                section.inbox data-urgency=(u.as_str()) {
                    h2 { (u.label_vi()) " (" (group.len()) ")" }
                    ul.inbox {
                        @for i in &group {
                            li data-kind=(i.kind.as_str()) {
                                a href=(link(i)) { (i.text) }
                                " " span.meta { (i.kind.label_vi()) " · " (i.commune_name)
                                    @if let Some(d) = i.due { " · hạn " (vn_date(d)) } }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(page("Việc cần làm", Some(&a), body).into_response())
}

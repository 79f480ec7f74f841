//! Nhật ký thay đổi: the audit log within the user's scope, newest first.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;

use crate::AppState;
use crate::auth::UiAuthed;
use crate::error::UiError;
use crate::input::QueryParams;
use crate::ui::page;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    before: Option<String>,
    entity_id: Option<String>,
}

pub async fn audit_get(
    State(app): State<AppState>,
    UiAuthed(a): UiAuthed,
    QueryParams(q): QueryParams<AuditQuery>,
) -> Result<Response, UiError> {
    let before = q.before.as_deref().and_then(|s| s.parse::<i64>().ok());
    let entries = app
        .store
        .audit_entries(&a.actor, before, q.entity_id.as_deref(), 50)
        .await?;
    Ok(page(
        "Nhật ký thay đổi",
        Some(&a),
        html! {
            h1 { "Nhật ký thay đổi" }
            p.lead { "Mọi thay đổi dữ liệu trong phạm vi của bạn: ai, lúc nào, giá trị trước và sau. Nhật ký chỉ được ghi thêm, không sửa, không xóa." }
            table.audit {
                thead { tr { th { "Số" } th { "Thời điểm (giờ Việt Nam)" } th { "Người thực hiện" } th { "Thao tác" } th { "Chi tiết" } } }
                tbody {
                    @for e in &entries {
                        tr {
                            td.num { (e.seq) }
                            td { (antt_domain::date::local_vn(e.at).format("%d/%m/%Y %H:%M:%S")) }
                            td { (e.actor) }
                            td { (e.label) }
                            td {
                                details {
                                    summary { (e.summary) }
                                    @if let Some(b) = &e.before { p { strong { "Trước: " } } pre { (serde_json::to_string_pretty(b).unwrap_or_default()) } }
                                    @if let Some(v) = &e.after { p { strong { "Sau: " } } pre { (serde_json::to_string_pretty(v).unwrap_or_default()) } }
                                }
                            }
                        }
                    }
                }
            }
            @if let Some(last) = entries.last() {
                @if entries.len() == 50 { p { a href={ "/audit?before=" (last.seq) } { "Cũ hơn →" } } }
            }
        },
    )
    .into_response())
}

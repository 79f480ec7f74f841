//! An audit row as a sentence: who the change was about (the person, the team, the decision) and
//! its dates, read from the values the row recorded. The audit page shows the sentence; the
//! values themselves stay one click away. A row of an older shape, or of an action this build
//! does not know, still reads as its label.

use antt_domain::force::{DecisionKind, EndReason, EvidenceKind};
use antt_domain::policy::TeamRole;
use antt_domain::selection::Step;
use chrono::NaiveDate;
use serde_json::Value;

use crate::audit_action::AuditAction;

/// A text value of the row, if there is one.
fn text<'a>(v: Option<&'a Value>, key: &str) -> Option<&'a str> {
    v?.get(key)?.as_str().filter(|s| !s.is_empty())
}

/// A date value of the row, written dd/mm/yyyy.
fn date(v: Option<&Value>, key: &str) -> Option<String> {
    let d = NaiveDate::parse_from_str(text(v, key)?, "%Y-%m-%d").ok()?;
    Some(d.format("%d/%m/%Y").to_string())
}

fn num(v: Option<&Value>, key: &str) -> Option<u64> {
    v?.get(key)?.as_u64()
}

/// " ngày dd/mm/yyyy", or nothing.
fn on(v: Option<&Value>, key: &str) -> String {
    date(v, key)
        .map(|d| format!(" ngày {d}"))
        .unwrap_or_default()
}

/// " from dd/mm/yyyy", or nothing.
fn from(v: Option<&Value>, key: &str) -> String {
    date(v, key)
        .map(|d| format!(" từ ngày {d}"))
        .unwrap_or_default()
}

/// The fields that differ between before and after, in Vietnamese.
fn changed_fields(before: Option<&Value>, after: Option<&Value>) -> String {
    const NAMES: &[(&str, &str)] = &[
        ("cccd", "số CCCD"),
        ("full_name", "họ tên"),
        ("birth_date", "ngày sinh"),
        ("sex", "giới tính"),
        ("residence", "nơi cư trú"),
        ("residence_since", "ngày bắt đầu cư trú"),
        ("education", "trình độ học vấn"),
        ("health_certificate_on", "giấy chứng nhận sức khỏe"),
        ("phone", "số điện thoại"),
        ("household", "diện hộ"),
        ("ethnicity", "dân tộc"),
        ("covered_bhxh", "BHXH"),
        ("covered_bhyt", "BHYT"),
        ("display_name", "tên hiển thị"),
        ("roles", "vai trò"),
        ("scope", "phạm vi"),
        ("active", "trạng thái"),
        ("password_changed", "mật khẩu"),
    ];
    let list: Vec<&str> = NAMES
        .iter()
        .filter(|(k, _)| {
            let b = before.and_then(|v| v.get(*k));
            let a = after.and_then(|v| v.get(*k));
            a.is_some() && b != a
        })
        .map(|(_, n)| *n)
        .collect();
    if list.is_empty() {
        String::new()
    } else {
        format!(": {}", list.join(", "))
    }
}

fn label_of<T>(
    raw: Option<&str>,
    parse: fn(&str) -> Option<T>,
    label: fn(T) -> &'static str,
) -> Option<&'static str> {
    raw.and_then(parse).map(label)
}

/// The sentence of one row. `action` is `None` for a code this build does not know.
pub fn describe(
    action: Option<AuditAction>,
    code: &str,
    before: Option<&Value>,
    after: Option<&Value>,
) -> String {
    use AuditAction as A;
    let Some(action) = action else {
        return code.to_string();
    };
    let a = after;
    let person = text(a, "person").or(text(a, "full_name"));
    let team = text(a, "team").or(text(a, "team_name"));
    let sentence = match action {
        A::DecisionCreate => {
            let kind = label_of(
                text(a, "kind"),
                DecisionKind::from_code,
                DecisionKind::label_vi,
            );
            Some(format!(
                "Ghi vào sổ Quyết định số {}{}{}{}",
                text(a, "number").unwrap_or("?"),
                on(a, "signed_on"),
                kind.map(|k| format!(" ({k})")).unwrap_or_default(),
                text(a, "subject")
                    .map(|s| format!(": {s}"))
                    .unwrap_or_default(),
            ))
        }
        A::TeamCreate => {
            text(a, "name").map(|n| format!("Thành lập {n}{}", from(a, "established_on")))
        }
        A::PersonCreate => person.map(|p| {
            format!(
                "Lập hồ sơ {p}{}",
                text(a, "cccd")
                    .map(|c| format!(", CCCD {c}"))
                    .unwrap_or_default()
            )
        }),
        A::PersonUpdate => Some(format!(
            "Cập nhật hồ sơ{}{}",
            person.map(|p| format!(" {p}")).unwrap_or_default(),
            changed_fields(before, after)
        )),
        A::PersonIdentity => Some(format!(
            "Đính chính nhân thân {}{}{}",
            text(before, "full_name").unwrap_or(""),
            changed_fields(before, after),
            text(a, "reason")
                .map(|r| format!(" (lý do: {r})"))
                .unwrap_or_default()
        )),
        A::MembershipCreate => person.map(|p| {
            let role = label_of(text(a, "role"), TeamRole::from_code, TeamRole::label_vi)
                .unwrap_or("thành viên");
            format!(
                "Công nhận {p} là {} của {}{}",
                role.to_lowercase(),
                team.unwrap_or("Tổ"),
                from(a, "start_date")
            )
        }),
        A::MembershipEnd => {
            let reason = label_of(
                text(a, "end_reason"),
                EndReason::from_code,
                EndReason::label_vi,
            );
            Some(format!(
                "Cho {} thôi tham gia{}{}{}",
                person.unwrap_or("thành viên"),
                team.map(|t| format!(" {t}")).unwrap_or_default(),
                from(a, "end_date"),
                reason
                    .map(|r| format!(": {}", r.to_lowercase()))
                    .unwrap_or_default()
            ))
        }
        A::MembershipChange => person.map(|p| {
            let role = label_of(text(a, "role"), TeamRole::from_code, TeamRole::label_vi)
                .unwrap_or("thành viên");
            let moved = text(a, "from_team").filter(|f| Some(*f) != team);
            format!(
                "{} {p}{} làm {} của {}{}",
                if moved.is_some() {
                    "Chuyển"
                } else {
                    "Đổi chức danh của"
                },
                moved.map(|f| format!(" từ {f}")).unwrap_or_default(),
                role.to_lowercase(),
                team.unwrap_or("Tổ"),
                from(a, "start_date")
            )
        }),
        A::MembershipEvidence => {
            let kind = label_of(
                text(a, "kind"),
                EvidenceKind::from_code,
                EvidenceKind::label_vi,
            );
            kind.map(|k| {
                format!(
                    "Ghi nhận{}: {}{}",
                    person.map(|p| format!(" với {p}")).unwrap_or_default(),
                    k.to_lowercase(),
                    on(a, "date")
                )
            })
        }
        A::SelectionCreate => text(a, "title").map(|t| {
            format!(
                "Lập kế hoạch tuyển chọn «{t}»{}",
                num(a, "quota")
                    .map(|q| format!(", chỉ tiêu {q} người"))
                    .unwrap_or_default()
            )
        }),
        A::SelectionStep => {
            let step = text(a, "step").and_then(|s| Step::ALL.iter().find(|x| x.as_str() == s));
            step.map(|s| {
                format!(
                    "Tuyển chọn{}: {}{}",
                    text(a, "round")
                        .map(|r| format!(" «{r}»"))
                        .unwrap_or_default(),
                    s.label_vi(),
                    on(a, "on")
                )
            })
        }
        A::SelectionApplication => person.map(|p| {
            format!(
                "Nhận hồ sơ đăng ký tham gia của {p}{}",
                on(a, "submitted_on")
            )
        }),
        A::SelectionVote => a
            .and_then(|v| v.get("votes"))
            .and_then(Value::as_array)
            .map(|v| {
                format!(
                    "Hội đồng tuyển chọn{} biểu quyết{}: {} người được bỏ phiếu",
                    text(a, "round")
                        .map(|r| format!(" «{r}»"))
                        .unwrap_or_default(),
                    on(a, "on"),
                    v.len()
                )
            }),
        A::SelectionTie => text(a, "decision")
            .map(|d| format!("Quyết định số {d} chọn người trong trường hợp bằng phiếu")),
        A::SelectionProposal => a
            .and_then(|v| v.get("proposed"))
            .and_then(Value::as_array)
            .map(|p| {
                format!(
                    "Đề nghị Chủ tịch UBND xã công nhận {} người{}",
                    p.len(),
                    on(a, "on")
                )
            }),
        A::SelectionDecision => a
            .and_then(|v| v.get("recognised"))
            .and_then(Value::as_array)
            .map(|r| {
                format!(
                    "Quyết định{} công nhận {} người vào {}{}",
                    text(a, "decision")
                        .map(|d| format!(" số {d}"))
                        .unwrap_or_default(),
                    r.len(),
                    team.unwrap_or("Tổ"),
                    from(a, "on")
                )
            }),
        A::ImportRoster => text(a, "source").map(|s| {
            format!(
                "Nhập danh sách từ tệp {s}{}",
                num(a, "rows")
                    .map(|n| format!(": {n} dòng"))
                    .unwrap_or_default()
            )
        }),
        A::DemoGenerate => text(a, "province").map(|p| {
            format!(
                "Sinh dữ liệu minh họa cho {p}: {} đơn vị, {} người",
                num(a, "units").unwrap_or(0),
                num(a, "people").unwrap_or(0)
            )
        }),
        A::UserCreate => text(a, "username").map(|u| {
            format!(
                "Tạo tài khoản {u}{}",
                text(a, "display_name")
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default()
            )
        }),
        A::UserUpdate => text(a, "username")
            .map(|u| format!("Sửa tài khoản {u}{}", changed_fields(before, after))),
        A::ApiTokenCreate => text(a, "name").map(|n| format!("Tạo khóa API «{n}»")),
        A::ApiTokenRevoke => text(a, "name").map(|n| format!("Thu hồi khóa API «{n}»")),
        A::PolicyPackUpload => text(a, "title").map(|t| {
            format!(
                "Tải lên bộ quy định «{t}»{}",
                num(a, "version")
                    .map(|v| format!(", phiên bản {v}"))
                    .unwrap_or_default()
            )
        }),
        A::SuccessionRecord => text(a, "basis").map(|b| {
            format!(
                "Ghi nhận sắp xếp đơn vị hành chính{} theo {b}",
                from(a, "effective_date")
            )
        }),
        A::DutyShiftRecord | A::DutyShiftDelete => {
            let (verb, s) = if action == A::DutyShiftRecord {
                ("Ghi ca trực", a)
            } else {
                ("Xóa ca trực", before)
            };
            text(s, "team").map(|t| {
                format!(
                    "{verb} {t}: {}{}",
                    text(s, "span").unwrap_or_default(),
                    num(s, "people")
                        .map(|n| format!(", {n} người"))
                        .unwrap_or_default()
                )
            })
        }
        A::PayrollCheck | A::PayrollReturn | A::PayrollApprove | A::PayrollPay => {
            text(a, "month_label").map(|m| {
                let verb = match action {
                    A::PayrollCheck => "Kiểm tra",
                    A::PayrollReturn => "Trả lại để lập lại",
                    A::PayrollApprove => "Duyệt",
                    _ => "Ghi nhận chi trả",
                };
                format!(
                    "{verb} bảng thanh toán phụ cấp {m}{}{}",
                    text(a, "total_vi")
                        .map(|t| format!(", tổng {t}"))
                        .unwrap_or_default(),
                    text(a, "voucher")
                        .map(|v| format!(", chứng từ {v}"))
                        .unwrap_or_default()
                )
            })
        }
        A::InsuranceAdvance | A::InsuranceSettle | A::InsuranceConfirm => text(a, "quarter_label")
            .map(|q| {
                let verb = match action {
                    A::InsuranceAdvance => "Chuyển kinh phí tạm cấp bảo hiểm",
                    A::InsuranceSettle => "Quyết toán kinh phí bảo hiểm",
                    _ => "Cơ quan BHXH xác nhận kinh phí bảo hiểm",
                };
                format!(
                    "{verb} {q}{}{}",
                    text(a, "total_vi")
                        .map(|t| format!(", {t}"))
                        .unwrap_or_default(),
                    text(a, "voucher")
                        .map(|v| format!(", chứng từ {v}"))
                        .unwrap_or_default()
                )
            }),
        A::InsuranceEnrolment | A::BankAccountSet => text(a, "name").map(|n| {
            let what = if action == A::BankAccountSet {
                "tài khoản ngân hàng"
            } else {
                "thông tin BHXH, BHYT"
            };
            format!("Ghi {what} của {n}")
        }),
        A::PaymentDetailsSet => Some(match text(a, "bank") {
            Some(b) => format!("Ghi mẫu tệp chi trả của ngân hàng {b}"),
            None => "Ghi tài khoản, mã đơn vị có quan hệ với ngân sách của xã".to_string(),
        }),
        A::HolidayYearSet
        | A::UnitVersion
        | A::VillageFactsSet
        | A::OfficialAppoint
        | A::CommuneSetting
        | A::SecurityLogin
        | A::SecurityLoginFailed
        | A::SecurityLockout
        | A::SecurityLogout
        | A::SecurityLogoutEverywhere
        | A::SecurityRefused
        | A::SecurityTriggersRestored => None,
    };
    sentence.unwrap_or_else(|| action.label_vi().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_recognition_reads_as_a_sentence_with_the_person_the_role_the_team_and_the_date() {
        let after = json!({ "person": "Nguyễn Văn A", "cccd": "062090000001", "team": "Tổ bảo vệ ANTT thôn 1",
            "role": "deputy", "start_date": "2025-08-01" });
        assert_eq!(
            describe(
                Some(AuditAction::MembershipCreate),
                "membership.create",
                None,
                Some(&after)
            ),
            "Công nhận Nguyễn Văn A là tổ phó của Tổ bảo vệ ANTT thôn 1 từ ngày 01/08/2025"
        );
    }

    #[test]
    fn an_update_names_the_fields_that_changed_and_an_unknown_code_shows_as_it_is() {
        let before = json!({ "phone": "0901", "residence": "Thôn 1" });
        let after = json!({ "phone": "0902", "residence": "Thôn 1" });
        assert_eq!(
            describe(
                Some(AuditAction::PersonUpdate),
                "person.update",
                Some(&before),
                Some(&after)
            ),
            "Cập nhật hồ sơ: số điện thoại"
        );
        assert_eq!(describe(None, "future.action", None, None), "future.action");
        // An older row without the values falls back to the label.
        assert_eq!(
            describe(
                Some(AuditAction::TeamCreate),
                "team.create",
                None,
                Some(&json!({}))
            ),
            AuditAction::TeamCreate.label_vi()
        );
    }
}

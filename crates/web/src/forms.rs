//! The Circular 14 forms filled from the data: a selection round's Mẫu 01, 02, 04, 05, 06 and 08,
//! and a stopped membership's Mẫu 07 and decision (Mẫu 08), as DOCX or PDF.

use antt_documents::forms::{
    self, Application, Ballot, Candidate, CandidateResult, Commune, CouncilMember, Decision,
    DecisionKind, DecisionMember, Evidence, Nominee, NomineeList, Person, SelectionMinutes, Signer,
    StopReason, StopReport, VoteMethod,
};
use antt_documents::official::Document;
use antt_documents::{docx, pdf};
use antt_domain::date::format_vi;
use antt_domain::force::EvidenceKind;
use antt_domain::office::Office;
use antt_domain::person::Sex;
use antt_domain::policy::TeamRole;
use antt_domain::selection::CouncilRole;
use antt_domain::selection::{Outcome, Step};
use antt_domain::unit::UnitId;
use antt_store::selection::{ApplicationView, RoundRecord};
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Authed;
use crate::error::AppError;
use crate::input::QueryParams;

pub use antt_documents::forms::split_kind;

/// The commune and its province on a date, as the papers name them.
pub async fn commune_of(
    app: &AppState,
    a: &Authed,
    commune: UnitId,
    on: NaiveDate,
) -> Result<Commune, AppError> {
    let d = app.store.unit_detail(&a.actor, commune, on).await?;
    let name = d
        .current
        .as_ref()
        .map(|v| v.name.clone())
        .or_else(|| d.versions.last().map(|v| v.name.clone()))
        .unwrap_or_default();
    let (kind, bare) = split_kind(&name);
    let province = app
        .store
        .province_of(&a.actor, commune, on)
        .await?
        .map(|p| split_kind(&p.name).1)
        .unwrap_or_default();
    Ok(Commune::new(&kind, &bare, &province))
}

/// Who signs for `office` on a paper of that date: the holder entered for the commune then, or a
/// blank line ("……") to sign over when none is entered.
pub async fn signer_on(
    app: &AppState,
    a: &Authed,
    commune: UnitId,
    office: Office,
    on: NaiveDate,
) -> Result<Signer, AppError> {
    Ok(Signer {
        name: app
            .store
            .official_on(&a.actor, commune, office, on)
            .await?
            .unwrap_or_default(),
        deputy: false,
    })
}

/// The signer of a decision: the one written in the register when it is entered there, else
/// the chairman in office on its date.
async fn decision_signer(
    app: &AppState,
    a: &Authed,
    commune: UnitId,
    registered: Option<String>,
    on: NaiveDate,
) -> Result<Signer, AppError> {
    match registered.filter(|s| !s.trim().is_empty()) {
        Some(name) => Ok(Signer {
            name,
            deputy: false,
        }),
        None => signer_on(app, a, commune, Office::Chairman, on).await,
    }
}

/// The local-government law a decision of that date rests on: the 2025 law from 1/7/2025, the
/// 2015 law (as amended in 2019) before.
pub fn local_government_basis(on: Option<NaiveDate>) -> Option<String> {
    let switch = NaiveDate::from_ymd_opt(2025, 7, 1)?;
    match on {
        Some(d) if d < switch => Some(
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;".into(),
        ),
        _ => None,
    }
}

fn sex_vi(s: Sex) -> String {
    s.label_vi().to_string()
}

fn person_of(a: &ApplicationView) -> Person {
    Person {
        full_name: a.full_name.clone(),
        birth_date: Some(a.birth_date),
        sex: sex_vi(a.sex),
        ethnicity: a.ethnicity.clone(),
        cccd: a.cccd.clone(),
        residence: a.residence.clone(),
        education: a.education.label_vi().to_string(),
    }
}

/// A person's record as the forms print it.
fn person_view(p: &antt_store::force::PersonView) -> Person {
    Person {
        full_name: p.full_name.clone(),
        birth_date: Some(p.birth_date),
        sex: sex_vi(p.sex),
        ethnicity: p.ethnicity.clone(),
        cccd: p.cccd.clone(),
        residence: p.residence.clone(),
        education: p.education.label_vi().to_string(),
    }
}

/// "Thôn Minh họa 2, Làng Minh họa 3": the villages a team or round covers.
fn names(villages: &[antt_store::units::UnitRef]) -> String {
    villages
        .iter()
        .map(|v| v.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn village_of(r: &RoundRecord, a: &ApplicationView) -> String {
    a.village
        .as_ref()
        .map(|v| v.name.clone())
        .unwrap_or_else(|| names(&r.villages))
}

fn step_on(r: &RoundRecord, s: Step) -> Option<NaiveDate> {
    r.step_on(s).map(|x| x.on)
}

fn team_name(r: &RoundRecord) -> String {
    r.team
        .as_ref()
        .map(|(_, n)| n.clone())
        .or_else(|| r.new_team_name.clone())
        .unwrap_or_default()
}

/// One of the round's forms. `application` picks the applicant of Mẫu 01.
pub async fn round_document(
    app: &AppState,
    a: &Authed,
    r: &RoundRecord,
    form: &str,
    application: Option<Uuid>,
) -> Result<Document, AppError> {
    let not_ready = || {
        AppError::Invalid(antt_domain::FieldError::new(
            "step",
            antt_domain::FieldErrorKind::from(antt_domain::force::ForceFault::FormNotReady),
        ))
    };
    let commune = commune_of(app, a, r.commune.id, r.meeting_on).await?;
    let on_list: Vec<&ApplicationView> = r.applications.iter().filter(|x| x.on_list).collect();
    let candidate = |x: &ApplicationView| Candidate {
        full_name: x.full_name.clone(),
        birth_year: forms::birth_year(Some(x.birth_date)),
        village: village_of(r, x),
    };
    let tally = r.tally().transpose()?;
    Ok(match form {
        "mau-01" => {
            let x = r
                .applications
                .iter()
                .find(|x| Some(x.id) == application)
                .ok_or(AppError::Store(antt_store::StoreError::NotFound))?;
            forms::form_01_application(&Application {
                commune,
                applicant: person_of(x),
                phone: x.phone.clone().unwrap_or_default(),
                village: village_of(r, x),
                date: Some(x.submitted_on),
            })
        }
        "mau-02" => forms::form_02_ballot(&Ballot {
            commune,
            candidates: on_list.iter().map(|x| candidate(x)).collect(),
        }),
        "mau-04" => {
            let t = tally.ok_or_else(not_ready)?;
            let chair = r.council.iter().find(|m| m.role == CouncilRole::Chair);
            let secretary = r.council.iter().find(|m| m.role == CouncilRole::Secretary);
            let mut notes = vec![t.explanation.clone()];
            if let Some(d) = &r.tie_decision {
                notes.push(format!(
                    "Những người bằng phiếu ở vị trí cuối chỉ tiêu được chọn theo Quyết định số {} ngày {}.",
                    d.number,
                    format_vi(d.signed_on)
                ));
            }
            forms::form_04_minutes(&SelectionMinutes {
                commune,
                number: None,
                date: step_on(r, Step::MinutesSigned).or(step_on(r, Step::CouncilMet)),
                start: None,
                end: None,
                venue: r.place.clone(),
                members: r
                    .council
                    .iter()
                    .map(|m| CouncilMember {
                        full_name: m.full_name.clone(),
                        position: m.organisation.clone(),
                        council_role: m.role.label_vi().to_string(),
                        present: m.present,
                    })
                    .collect(),
                method: r.vote_method.unwrap_or(VoteMethod::ShowOfHands),
                quota: Some(r.quota),
                results: t
                    .lines
                    .iter()
                    .filter_map(|l| {
                        let x = r.applications.iter().find(|x| x.id == l.candidate)?;
                        Some(CandidateResult {
                            candidate: candidate(x),
                            yes_votes: l.yes,
                            passed: l.outcome == Outcome::Selected,
                        })
                    })
                    .collect(),
                notes,
                chair: chair.map(|m| m.full_name.clone()).unwrap_or_default(),
                secretary: secretary.map(|m| m.full_name.clone()).unwrap_or_default(),
            })
        }
        "mau-05" | "mau-06" => {
            if tally.is_none() {
                return Err(not_ready());
            }
            let leaders_only = form == "mau-06";
            let nominees = r
                .selected()
                .into_iter()
                .filter(|x| {
                    !leaders_only
                        || matches!(x.proposed_role, Some(TeamRole::Leader | TeamRole::Deputy))
                })
                .map(|x| Nominee {
                    person: person_of(x),
                    village: village_of(r, x),
                    role: x
                        .proposed_role
                        .unwrap_or(TeamRole::Member)
                        .label_vi()
                        .to_string(),
                    note: String::new(),
                })
                .collect::<Vec<_>>();
            // A list of nobody is not a paper to sign: it waits for its people.
            if nominees.is_empty() {
                return Err(not_ready());
            }
            let date = step_on(r, Step::ProposalSent);
            let today = app.store.clock().today_vn();
            let signer = signer_on(
                app,
                a,
                r.commune.id,
                Office::PoliceChief,
                date.unwrap_or(today),
            )
            .await?;
            let list = NomineeList {
                commune,
                number: None,
                date,
                minutes_date: step_on(r, Step::MinutesSigned),
                nominees,
                signer,
                recipients: Vec::new(),
            };
            if leaders_only {
                forms::form_06_leader_list(&list)
            } else {
                forms::form_05_member_list(&list)
            }
        }
        "mau-08" => {
            // The decision names the team it sets up or adds to; without a name there is no
            // paper yet (the name is asked at the plan, or at the decision step).
            if team_name(r).trim().is_empty() {
                return Err(not_ready());
            }
            let step = r.step_on(Step::DecisionsSigned);
            let decision = step.and_then(|s| s.decision.clone());
            let date = step.map(|s| s.on);
            let signer = decision_signer(
                app,
                a,
                r.commune.id,
                decision.as_ref().map(|d| d.signer.clone()),
                date.unwrap_or(app.store.clock().today_vn()),
            )
            .await?;
            let members = r
                .selected()
                .into_iter()
                .map(|x| DecisionMember {
                    full_name: x.full_name.clone(),
                    birth_date: Some(x.birth_date),
                    cccd: x.cccd.clone(),
                    residence: x.residence.clone(),
                    role: x
                        .proposed_role
                        .unwrap_or(TeamRole::Member)
                        .label_vi()
                        .to_string(),
                })
                .collect();
            forms::form_08_decision(&Decision {
                commune,
                kind: if r.new_team_name.is_some() || r.team.is_none() {
                    DecisionKind::SetUpTeam
                } else {
                    DecisionKind::RecogniseMembers
                },
                number: decision.as_ref().map(|d| d.number.clone()),
                date,
                team: team_name(r),
                area: names(&r.villages),
                members,
                local_government_basis: local_government_basis(date),
                extra_bases: Vec::new(),
                proposal: step_on(r, Step::ProposalSent).map(|d| {
                    format!(
                        "Biên bản kết quả xét tuyển và danh sách đề nghị của Công an xã ngày {}",
                        format_vi(d)
                    )
                }),
                effective: None,
                signer,
                recipients: Vec::new(),
            })
        }
        _ => return Err(AppError::Store(antt_store::StoreError::NotFound)),
    })
}

/// Renders a document to the file the name asks for (`….docx` or `….pdf`), downloaded under a
/// name that says what it is: the form, then `about` (commune, round, team or person) and the
/// date, e.g. `mau-08-xa-ia-toi-to-bao-ve-antt-thon-1-15-07-2025.pdf`.
pub fn file_response(
    doc: &Document,
    file: &str,
    about: &[&str],
    date: Option<NaiveDate>,
) -> Result<Response, AppError> {
    let (form, ext) = split_file(file);
    let kind = crate::download::FileKind::parse(ext)?;
    let bytes = match kind {
        crate::download::FileKind::Pdf => pdf::render(doc)?,
        crate::download::FileKind::Docx => docx::render(doc)?,
        crate::download::FileKind::Xlsx => {
            return Err(AppError::Store(antt_store::StoreError::NotFound));
        }
    };
    let mut parts = vec![form];
    parts.extend_from_slice(about);
    let name = crate::download::download_name(&parts, date, kind.ext());
    Ok(crate::download::attachment(bytes, kind.mime(), &name))
}

fn split_file(file: &str) -> (&str, &str) {
    file.rsplit_once('.').unwrap_or((file, ""))
}

#[derive(Deserialize, Default)]
pub struct FormQuery {
    pub application: Option<String>,
}

// `GET /api/v1/selection-rounds/{id}/forms/{file}`: `mau-01.pdf?application=…`, `mau-02.docx`,
// `mau-04.pdf`, `mau-05.pdf`, `mau-06.pdf`, `mau-08.docx`…
#[utoipa::path(get, path = "/selection-rounds/{id}/forms/{file}", tag = "selection",
    summary = "Biểu mẫu của đợt, điền từ dữ liệu: mau-01 (?application=), mau-02, mau-04, mau-05, mau-06, mau-08; đuôi .docx hoặc .pdf",
    params(("id" = Uuid, Path, description = "Khóa của đợt tuyển chọn"), ("file" = String, Path, description = "Tên tệp: mẫu và đuôi .docx hoặc .pdf (ví dụ mau-08.pdf)"),
        ("application" = Option<Uuid>, Query, description = "Hồ sơ của người đăng ký (cho mau-01)")),
    responses((status = 200, description = "Tệp DOCX hoặc PDF", content((Vec<u8> = "application/pdf"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))), (status = 422, response = crate::openapi::Invalid)))]
pub async fn round_form_get(
    State(app): State<AppState>,
    a: Authed,
    Path((id, file)): Path<(String, String)>,
    QueryParams(q): QueryParams<FormQuery>,
) -> Result<Response, AppError> {
    let id: antt_domain::kernel::ids::RoundId = crate::input::path_id(&id)?;
    let r = app.store.round(&a.actor, id).await?;
    let application = q
        .application
        .as_deref()
        .and_then(|x| Uuid::parse_str(x.trim()).ok());
    let (form, _) = split_file(&file);
    let doc = round_document(&app, &a, &r, form, application).await?;
    file_response(&doc, &file, &[&r.commune.name, &r.title], None)
}

// `GET /api/v1/memberships/{id}/forms/{file}`: the report proposing the stop (`mau-07.pdf`)
// and the decision (`mau-08.pdf`) of an ended membership, on its legal reason (LAW-17.3).
#[utoipa::path(get, path = "/memberships/{id}/forms/{file}", tag = "force",
    summary = "Báo cáo đề nghị cho thôi tham gia (mau-07) và quyết định (mau-08) của một thành viên đã thôi tham gia theo LAW-17.3; đuôi .docx hoặc .pdf",
    params(("id" = Uuid, Path, description = "Khóa của lần tham gia"), ("file" = String, Path, description = "Tên tệp: mẫu và đuôi .docx hoặc .pdf (ví dụ mau-08.pdf)")),
    responses((status = 200, description = "Tệp DOCX hoặc PDF", content((Vec<u8> = "application/pdf"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))), (status = 422, response = crate::openapi::Invalid)))]
pub async fn membership_form_get(
    State(app): State<AppState>,
    a: Authed,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id: antt_domain::kernel::ids::MembershipId = crate::input::path_id(&id)?;
    let (person, m) = app.store.membership(&a.actor, id).await?;
    let end = m.end_date.ok_or_else(|| {
        AppError::Invalid(antt_domain::FieldError::new(
            "end_reason",
            antt_domain::FieldErrorKind::from(antt_domain::force::ForceFault::FormNotReady),
        ))
    })?;
    let reason = m
        .end_reason
        .and_then(|r| StopReason::try_from(r).ok())
        .ok_or_else(|| {
            AppError::Invalid(antt_domain::FieldError::new(
                "end_reason",
                antt_domain::FieldErrorKind::from(antt_domain::force::ForceFault::NotAStop),
            ))
        })?;
    let team = app.store.team(&a.actor, m.team_id, end).await?;
    let commune = commune_of(&app, &a, team.commune.id, end).await?;
    let p = person_view(&person);
    let (form, _) = split_file(&file);
    let signer = match form {
        "mau-07" => signer_on(&app, &a, team.commune.id, Office::PoliceChief, end).await?,
        _ => {
            let on = m.end_decision.as_ref().map(|d| d.signed_on).unwrap_or(end);
            let registered = m.end_decision.as_ref().map(|d| d.signer.clone());
            decision_signer(&app, &a, team.commune.id, registered, on).await?
        }
    };
    let doc = match form {
        "mau-07" => forms::form_07_stop_report(&StopReport {
            commune,
            number: None,
            date: Some(end),
            person: p,
            role: m.role.label_vi().to_string(),
            team: team.name.clone(),
            recognised_by: None,
            reason,
            details: String::new(),
            evidence: m
                .evidence
                .iter()
                .map(|(k, d)| Evidence {
                    date: Some(*d),
                    text: match k {
                        EvidenceKind::UnexcusedRefusal => {
                            "Từ chối thực hiện nhiệm vụ được giao, huy động không có lý do chính đáng"
                        }
                        EvidenceKind::WrittenReminder => "Bị Công an xã nhắc nhở bằng văn bản",
                    }
                    .to_string(),
                })
                .collect(),
            consulted: Vec::new(),
            signer,
            recipients: Vec::new(),
        }),
        "mau-08" => forms::form_08_decision(&Decision {
            commune,
            kind: DecisionKind::StopParticipation(reason),
            number: m.end_decision.as_ref().map(|d| d.number.clone()),
            date: m.end_decision.as_ref().map(|d| d.signed_on),
            team: team.name.clone(),
            area: names(&team.villages),
            members: vec![DecisionMember {
                full_name: person.full_name.clone(),
                birth_date: Some(person.birth_date),
                cccd: person.cccd.clone(),
                residence: person.residence.clone(),
                role: m.role.label_vi().to_string(),
            }],
            local_government_basis: local_government_basis(Some(end)),
            extra_bases: Vec::new(),
            proposal: None,
            effective: Some(end),
            signer,
            recipients: Vec::new(),
        }),
        _ => return Err(AppError::Store(antt_store::StoreError::NotFound)),
    };
    file_response(
        &doc,
        &file,
        &[&team.commune.name, &person.full_name],
        Some(end),
    )
}

// `GET /api/v1/teams/{id}/forms/{file}`: the decision setting up the team and recognising the
// members who started with it (`mau-08.docx|pdf`), for a team entered without a round.
#[utoipa::path(get, path = "/teams/{id}/forms/{file}", tag = "force",
    summary = "Giấy tờ của một Tổ, đuôi .docx hoặc .pdf: quyết định thành lập Tổ và công nhận thành viên từ ngày thành lập (mau-08), cho Tổ được nhập không qua đợt tuyển chọn; văn bản Công an xã đề nghị công nhận Đội trưởng, Đội phó dân phòng là Tổ trưởng, Tổ phó (de-nghi-dan-phong, TT 14/2024 Điều 4 khoản 2)",
    params(("id" = Uuid, Path, description = "Khóa của Tổ"), ("file" = String, Path, description = "Tên tệp: mẫu và đuôi .docx hoặc .pdf (ví dụ mau-08.pdf)")),
    responses((status = 200, description = "Tệp DOCX hoặc PDF", content((Vec<u8> = "application/pdf"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))), (status = 422, response = crate::openapi::Invalid)))]
pub async fn team_form_get(
    State(app): State<AppState>,
    a: Authed,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id: antt_domain::kernel::ids::TeamId = crate::input::path_id(&id)?;
    let (form, _) = split_file(&file);
    if form != "mau-08" && form != "de-nghi-dan-phong" {
        return Err(AppError::Store(antt_store::StoreError::NotFound));
    }
    let probe = app
        .store
        .team(&a.actor, id, app.store.clock().today_vn())
        .await?;
    let t = app.store.team(&a.actor, id, probe.established_on).await?;
    let commune = commune_of(&app, &a, t.commune.id, t.established_on).await?;
    if form == "de-nghi-dan-phong" {
        let doc = civil_defence_proposal(&app, &a, &t, commune).await?;
        return file_response(&doc, &file, &[&t.commune.name, &t.name], None);
    }
    let members = t
        .members
        .iter()
        .filter(|m| m.start_date == t.established_on)
        .map(|m| DecisionMember {
            full_name: m.full_name.clone(),
            birth_date: Some(m.birth_date),
            cccd: m.cccd.clone(),
            residence: String::new(),
            role: m.role.label_vi().to_string(),
        })
        .collect();
    let date = t
        .decision
        .as_ref()
        .map(|d| d.signed_on)
        .unwrap_or(t.established_on);
    let signer = decision_signer(
        &app,
        &a,
        t.commune.id,
        t.decision.as_ref().map(|d| d.signer.clone()),
        date,
    )
    .await?;
    let doc = forms::form_08_decision(&Decision {
        commune,
        kind: DecisionKind::SetUpTeam,
        number: t.decision.as_ref().map(|d| d.number.clone()),
        date: Some(date),
        team: t.name.clone(),
        area: names(&t.villages),
        members,
        local_government_basis: local_government_basis(Some(t.established_on)),
        extra_bases: Vec::new(),
        proposal: None,
        effective: Some(t.established_on),
        signer,
        recipients: Vec::new(),
    });
    file_response(&doc, &file, &[&t.commune.name, &t.name], Some(date))
}

/// TT14-4.2: the police's proposal to recognise the team's leader and deputy who were the
/// village's civil-defence leaders, listing those who started with the team. Undated, to be
/// dated when sent; signed by the police chief in office when the team was set up.
async fn civil_defence_proposal(
    app: &AppState,
    a: &Authed,
    t: &antt_store::force::TeamView,
    commune: forms::Commune,
) -> Result<Document, AppError> {
    let mut nominees = Vec::new();
    for m in t
        .members
        .iter()
        .filter(|m| m.origin.proposed_in_writing(m.role))
    {
        let p = app.store.person(&a.actor, m.person_id).await?;
        nominees.push(Nominee {
            person: person_view(&p),
            village: names(&t.villages),
            role: m.role.label_vi().to_string(),
            note: String::new(),
        });
    }
    if nominees.is_empty() {
        return Err(AppError::Invalid(antt_domain::FieldError::new(
            "members",
            antt_domain::FieldErrorKind::from(
                antt_domain::force::ForceFault::NoCivilDefenceLeaders,
            ),
        )));
    }
    let signer = signer_on(app, a, t.commune.id, Office::PoliceChief, t.established_on).await?;
    Ok(forms::proposal_civil_defence_leaders(&NomineeList {
        commune,
        number: None,
        date: None,
        minutes_date: None,
        nominees,
        signer,
        recipients: Vec::new(),
    }))
}

/// The papers' part of the API description.
#[derive(utoipa::OpenApi)]
#[openapi(paths(round_form_get, membership_form_get, team_form_get))]
pub struct Doc;

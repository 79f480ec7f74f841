//! `/api/v1/selection-rounds`: the selection procedure of Thông tư 14/2024/TT-BCA Điều 3–4.
//!
//! The store keeps the round within scope; the commune's policy on the date of each step gives
//! the pass share (TT14-3.9), the working-day deadlines (TT14-4.1, 4.3) and the eligibility check
//! of each application (LAW-13).

use antt_domain::access::Action;
use antt_domain::policy::TeamRole;
use antt_domain::policy::eligibility::LegalStatus;
use antt_domain::selection::{self, Deadline, Step, Tally};
use antt_domain::unit::UnitId;
use antt_domain::{FieldError, FieldErrorKind};
use antt_store::selection::{
    Checklist, CouncilMember, CouncilVote, NewApplication, NewRound, RoundRecord,
};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::AppState;
use crate::api::resolve_unit;
use crate::auth::Authed;
use crate::error::AppError;
use crate::input::{JsonBody, QueryParams, path_id};

type ApiResult = Result<Response, AppError>;

fn d(field: &'static str, raw: &str) -> Result<NaiveDate, AppError> {
    Ok(antt_domain::date::parse(field, raw)?)
}

/// An id in a body: one that is not a UUID is a bad field.
fn uuid(field: &'static str, raw: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(raw.trim())
        .map_err(|_| FieldError::new(field, FieldErrorKind::Other("not_found")).into())
}

/// The figures of the commune's policy a round needs on a date.
pub struct RoundRules {
    pub pass_share: antt_domain::money::Rate,
    pub working_days: u32,
}

/// The pass share and the deadline in working days from the policy in force on `on` for the
/// round's commune. A missing figure is a policy gap, never a default.
pub async fn round_rules(
    app: &AppState,
    a: &Authed,
    commune: UnitId,
    on: NaiveDate,
) -> Result<RoundRules, AppError> {
    let set = app.store.policy_packs().await?;
    let history = app.store.province_history(&a.actor, commune, on).await?;
    let (policy, _) = set
        .policy_for_history(&history, on, app.use_demo_packs)
        .ok_or(AppError::Store(antt_store::StoreError::NotFound))?;
    let pass_share = policy
        .rate("selection_pass_share")
        .map_err(AppError::PolicyGap)?;
    let working_days = policy
        .count("decision_deadline_working_days")
        .map_err(AppError::PolicyGap)?;
    Ok(RoundRules {
        pass_share,
        working_days,
    })
}

/// A round with what the rules say of it today.
#[derive(Serialize)]
pub struct RoundStatus {
    #[serde(flatten)]
    pub round: RoundRecord,
    pub next_step: Option<Step>,
    pub deadlines: Vec<Deadline>,
    pub overdue: Vec<Step>,
    pub tally: Option<Tally>,
    pub tally_error: Option<String>,
}

pub async fn status(
    app: &AppState,
    a: &Authed,
    round: RoundRecord,
) -> Result<RoundStatus, AppError> {
    let today = app.store.clock().today_vn();
    let calendar = app.store.work_calendar(round.meeting_on).await?;
    let working_days = match round_rules(app, a, round.commune.id, round.meeting_on).await {
        Ok(r) => r.working_days,
        Err(AppError::PolicyGap(_)) => 0,
        Err(e) => return Err(e),
    };
    let deadlines = if working_days > 0 {
        selection::deadlines(&round.done(), round.plan(), &calendar, working_days, today)
    } else {
        Vec::new()
    };
    let overdue = deadlines
        .iter()
        .filter(|d| d.overdue)
        .map(|d| d.step)
        .collect();
    let (tally, tally_error) = match round.tally() {
        Some(Ok(t)) => (Some(t), None),
        Some(Err(e)) => (None, Some(e.message_vi())),
        None => (None, None),
    };
    Ok(RoundStatus {
        next_step: round.next_step(),
        deadlines,
        overdue,
        tally,
        tally_error,
        round,
    })
}

#[derive(Deserialize, Default)]
pub struct RoundsQuery {
    pub commune: Option<String>,
}

pub async fn rounds_get(
    State(app): State<AppState>,
    a: Authed,
    QueryParams(q): QueryParams<RoundsQuery>,
) -> ApiResult {
    let commune = match q.commune.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(c) => Some(resolve_unit(&app, &a.actor, c).await?),
        None => None,
    };
    let rounds = app.store.rounds(&a.actor, commune).await?;
    let mut out = Vec::new();
    for r in rounds {
        out.push(status(&app, &a, r).await?);
    }
    Ok(Json(json!({ "rounds": out })).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundBody {
    pub commune: String,
    #[serde(default)]
    pub team: Option<String>,
    #[serde(default)]
    pub villages: Vec<String>,
    pub title: String,
    pub quota: u32,
    pub documents: String,
    pub place: String,
    pub application_deadline: String,
    pub meeting_on: String,
}

pub async fn round_from(app: &AppState, a: &Authed, b: RoundBody) -> Result<NewRound, AppError> {
    let commune = resolve_unit(app, &a.actor, &b.commune).await?;
    let mut villages = Vec::new();
    for v in &b.villages {
        villages.push(resolve_unit(app, &a.actor, v).await?);
    }
    let team = match b.team.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(t) => Some(uuid("team", t)?),
        None => None,
    };
    Ok(NewRound {
        commune,
        team,
        villages,
        title: b.title,
        quota: b.quota,
        documents: b.documents,
        place: b.place,
        application_deadline: d("application_deadline", &b.application_deadline)?,
        meeting_on: d("meeting_on", &b.meeting_on)?,
    })
}

pub async fn rounds_post(
    State(app): State<AppState>,
    a: Authed,
    JsonBody(b): JsonBody<RoundBody>,
) -> ApiResult {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let new = round_from(&app, &a, b).await?;
    let id = app.store.create_round(&a.actor, &new).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response())
}

pub async fn round_get(
    State(app): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> ApiResult {
    let r = app.store.round(&a.actor, path_id(&id)?).await?;
    Ok(Json(status(&app, &a, r).await?).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepBody {
    pub step: String,
    pub on: String,
    #[serde(default)]
    pub decision: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

pub async fn step_post(
    State(app): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<StepBody>,
) -> ApiResult {
    let step = Step::parse(&b.step)?;
    let on = d("on", &b.on)?;
    let decision = match b.decision.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(x) => Some(uuid("decision", x)?),
        None => None,
    };
    app.store
        .record_step(&a.actor, path_id(&id)?, step, on, decision, b.note)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ChecklistBody {
    #[serde(default)]
    pub form01: bool,
    #[serde(default)]
    pub cv: bool,
    #[serde(default)]
    pub health_certificate: bool,
    #[serde(default)]
    pub diploma: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationBody {
    pub person: String,
    #[serde(default)]
    pub village: Option<String>,
    pub submitted_on: String,
    pub received_by: String,
    #[serde(default)]
    pub checklist: ChecklistBody,
    #[serde(default)]
    pub legal_status: Option<String>,
}

/// Receives an application and checks the applicant against LAW-13 on the day it is submitted,
/// with the area flags of the village applied for (or of the round's villages).
pub async fn add_application(
    app: &AppState,
    a: &Authed,
    round_id: Uuid,
    b: ApplicationBody,
) -> Result<Uuid, AppError> {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let round = app.store.round(&a.actor, round_id).await?;
    let submitted_on = d("submitted_on", &b.submitted_on)?;
    let person = app
        .store
        .person(&a.actor, uuid("person", &b.person)?)
        .await?;
    let village = match b.village.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(v) => Some(resolve_unit(app, &a.actor, v).await?),
        None => None,
    };
    let legal_status = match b.legal_status.as_deref().filter(|s| !s.trim().is_empty()) {
        None => LegalStatus::Clear,
        Some(s) => LegalStatus::parse(s).ok_or(FieldError::new(
            "legal_status",
            FieldErrorKind::InvalidChoice {
                allowed: "clear, prosecuted, serving_sentence, admin_measure, unexpunged_record",
            },
        ))?,
    };
    let eligibility = app
        .store
        .check_applicant(
            &a.actor,
            &round,
            person.id,
            village,
            submitted_on,
            legal_status,
            app.use_demo_packs,
        )
        .await?
        .map_err(AppError::PolicyGap)?;
    let new = NewApplication {
        person: person.id,
        village,
        submitted_on,
        received_by: b.received_by,
        checklist: Checklist {
            form01: b.checklist.form01,
            cv: b.checklist.cv,
            health_certificate: b.checklist.health_certificate,
            diploma: b.checklist.diploma,
        },
        legal_status,
    };
    Ok(app
        .store
        .add_application(&a.actor, round_id, &new, &eligibility)
        .await?)
}

pub async fn applications_post(
    State(app): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<ApplicationBody>,
) -> ApiResult {
    let id = add_application(&app, &a, path_id(&id)?, b).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouncilMemberBody {
    pub full_name: String,
    pub role: String,
    #[serde(default)]
    pub organisation: String,
    pub present: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoteLine {
    pub application: String,
    pub yes: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoteBody {
    pub met_on: String,
    pub method: String,
    pub council: Vec<CouncilMemberBody>,
    pub votes: Vec<VoteLine>,
}

pub async fn record_vote(
    app: &AppState,
    a: &Authed,
    round_id: Uuid,
    b: VoteBody,
) -> Result<(), AppError> {
    app.store.authorize(&a.actor, Action::ManageForce)?;
    let round = app.store.round(&a.actor, round_id).await?;
    let met_on = d("on", &b.met_on)?;
    let rules = round_rules(app, a, round.commune.id, met_on).await?;
    let mut votes = Vec::new();
    for v in b.votes {
        votes.push((uuid("votes", &v.application)?, v.yes));
    }
    let vote = CouncilVote {
        met_on,
        method: b.method,
        members: b
            .council
            .into_iter()
            .map(|m| CouncilMember {
                full_name: m.full_name,
                role: m.role,
                organisation: m.organisation,
                present: m.present,
            })
            .collect(),
        votes,
    };
    app.store
        .record_vote(&a.actor, round_id, &vote, rules.pass_share)
        .await?;
    Ok(())
}

pub async fn vote_post(
    State(app): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<VoteBody>,
) -> ApiResult {
    record_vote(&app, &a, path_id(&id)?, b).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TieBody {
    pub decision: String,
    pub chosen: Vec<String>,
}

pub async fn tie_post(
    State(app): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<TieBody>,
) -> ApiResult {
    let chosen = b
        .chosen
        .iter()
        .map(|c| uuid("chosen", c))
        .collect::<Result<Vec<_>, _>>()?;
    app.store
        .resolve_tie(
            &a.actor,
            path_id(&id)?,
            uuid("decision", &b.decision)?,
            &chosen,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleLine {
    pub application: String,
    pub role: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposalBody {
    pub on: String,
    #[serde(default)]
    pub roles: Vec<RoleLine>,
}

pub async fn proposal_post(
    State(app): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<ProposalBody>,
) -> ApiResult {
    let mut roles = Vec::new();
    for r in &b.roles {
        let role = TeamRole::parse(&r.role).ok_or(FieldError::new(
            "role",
            FieldErrorKind::InvalidChoice {
                allowed: "leader, deputy, member",
            },
        ))?;
        roles.push((uuid("role", &r.application)?, role));
    }
    app.store
        .send_proposal(&a.actor, path_id(&id)?, d("on", &b.on)?, &roles)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionsBody {
    pub on: String,
    pub decision: String,
    #[serde(default)]
    pub team_name: Option<String>,
    #[serde(default)]
    pub workplace: Option<String>,
}

pub async fn decisions_post(
    State(app): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<DecisionsBody>,
) -> ApiResult {
    let team = app
        .store
        .record_decisions(
            &a.actor,
            path_id(&id)?,
            d("on", &b.on)?,
            uuid("decision", &b.decision)?,
            b.team_name,
            b.workplace,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "team": team }))).into_response())
}

//! `/api/v1/policy`: the packs, the rules in force for a pack or a unit on a date, the gaps, and
//! the computations, each figure with its explanation.

use antt_domain::access::Action;
use antt_domain::date;
use antt_domain::policy::TeamRole;
use antt_domain::policy::amounts::{Household, Person, amounts};
use antt_domain::policy::eligibility::{Applicant, AreaFlags, Education, LegalStatus, check};
use antt_domain::policy::equipment::norms;
use antt_domain::policy::quota::{QuotaError, VillageInput, team_quota};
use antt_domain::unit::{Level, VillageFlags};
use antt_domain::{FieldError, FieldErrorKind};
use antt_store::policies::{ResolvedPolicy, UploadError};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;

use crate::AppState;
use crate::api::{as_of, resolve_unit};
use crate::auth::Authed;
use crate::error::AppError;
use crate::input::{JsonBody, QueryParams};

type ApiResult = Result<Response, AppError>;

/// Every query parameter the policy endpoints read.
#[derive(Deserialize, Default, Clone)]
pub struct PolicyQuery {
    pub pack: Option<String>,
    pub unit: Option<String>,
    pub date: Option<String>,
    pub kind: Option<String>,
    pub households: Option<String>,
    pub population: Option<String>,
    pub flags: Option<String>,
    pub birth_date: Option<String>,
    pub education: Option<String>,
    pub residence_since: Option<String>,
    pub health_certificate: Option<String>,
    pub legal_status: Option<String>,
    pub role: Option<String>,
    pub household: Option<String>,
    pub ethnic_minority: Option<String>,
    pub members: Option<String>,
}

/// What the unit (if one was named) tells the computation.
#[derive(Debug, Clone, Default)]
pub struct UnitFacts {
    pub urban: Option<bool>,
    pub households: Option<u32>,
    pub population: Option<u32>,
    pub flags: VillageFlags,
}

/// Resolves `pack=` or `unit=` into a policy on the date (the store resolves it), with the unit's
/// facts when it is a village.
pub async fn resolve(
    app: &AppState,
    authed: &Authed,
    q: &PolicyQuery,
) -> Result<(ResolvedPolicy, UnitFacts), AppError> {
    let on = as_of(app, q.date.as_deref())?;
    if let Some(id) = q.pack.as_deref().filter(|s| !s.is_empty()) {
        let policy = app.store.policy_of_pack(id, on).await?;
        return Ok((policy, UnitFacts::default()));
    }
    let Some(code) = q.unit.as_deref().filter(|s| !s.is_empty()) else {
        return Err(FieldError::new("pack", FieldErrorKind::Required).into());
    };
    let unit = resolve_unit(app, &authed.actor, code).await?;
    let policy = app.store.policy(&authed.actor, unit, on).await?;
    let detail = app.store.unit_detail(&authed.actor, unit, on).await?;
    let mut facts = UnitFacts::default();
    if detail.level == Level::Village {
        facts.urban = detail.current.as_ref().map(|v| v.kind.is_urban_village());
        if let Some(f) = &detail.facts_as_of {
            facts.households = f.households;
            facts.population = f.population;
            facts.flags = f.flags;
        }
    }
    Ok((policy, facts))
}

/// The flags named in the query, added to those the village already has.
fn parse_flags(raw: Option<&str>, base: VillageFlags) -> Result<(VillageFlags, bool), AppError> {
    let (f, island) = antt_domain::unit::parse_flag_names(raw.unwrap_or("").split(','))?;
    Ok((base.or(f), island))
}

fn count(field: &'static str, raw: Option<&str>) -> Result<Option<u32>, AppError> {
    Ok(antt_domain::unit::parse_count(field, raw.unwrap_or(""))?)
}

fn opt_date(field: &'static str, raw: Option<&str>) -> Result<Option<NaiveDate>, AppError> {
    Ok(raw
        .filter(|s| !s.trim().is_empty())
        .map(|s| date::parse(field, s))
        .transpose()?)
}

fn choice<T>(
    field: &'static str,
    raw: Option<&str>,
    default: Option<&str>,
    parse: fn(&str) -> Option<T>,
    allowed: &'static str,
) -> Result<T, AppError> {
    let value = raw
        .filter(|s| !s.is_empty())
        .or(default)
        .ok_or(FieldError::new(field, FieldErrorKind::Required))?;
    parse(value)
        .ok_or_else(|| FieldError::new(field, FieldErrorKind::InvalidChoice { allowed }).into())
}

pub async fn packs_get(State(app): State<AppState>, _authed: Authed) -> ApiResult {
    let set = app.store.policy_packs().await?;
    let list: Vec<_> = set
        .packs
        .iter()
        .zip(&set.info)
        .map(|(p, i)| {
            let counts: serde_json::Map<String, serde_json::Value> =
                p.counts().into_iter().map(|(v, n)| (v.as_str().to_string(), json!(n))).collect();
            json!({ "id": p.id, "title": p.title, "kind": p.kind, "province": p.province, "document": p.document,
                    "effective_from": p.effective_from, "effective_to": p.effective_to, "version": i.version,
                    "source": i.source, "parameters": counts })
        })
        .collect();
    Ok(Json(json!({ "packs": list })).into_response())
}

pub async fn pack_get(
    State(app): State<AppState>,
    _authed: Authed,
    Path(id): Path<String>,
) -> ApiResult {
    let set = app.store.policy_packs().await?;
    let (pack, info) = set
        .packs
        .iter()
        .zip(&set.info)
        .find(|(p, _)| p.id == id)
        .ok_or(AppError::Store(antt_store::StoreError::NotFound))?;
    let text = app.store.policy_pack_text(&id).await?;
    Ok(Json(json!({ "pack": pack, "version": info, "text": text })).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadBody {
    text: String,
}

/// Validates and stores an upload; shared by the API and the page.
pub async fn upload(
    app: &AppState,
    authed: &Authed,
    text: &str,
) -> Result<(String, i32, antt_store::units::Outcome), AppError> {
    app.store.authorize(&authed.actor, Action::ManagePolicies)?;
    match app.store.upload_policy_pack(&authed.actor, text).await {
        Ok(r) => Ok(r),
        Err(UploadError::Pack(e)) => Err(AppError::InvalidPack(e)),
        Err(UploadError::Store(e)) => Err(e.into()),
    }
}

pub async fn packs_post(
    State(app): State<AppState>,
    authed: Authed,
    JsonBody(b): JsonBody<UploadBody>,
) -> ApiResult {
    let (id, version, outcome) = upload(&app, &authed, &b.text).await?;
    let status = if outcome == antt_store::units::Outcome::Changed {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(json!({ "id": id, "version": version, "outcome": outcome })),
    )
        .into_response())
}

pub async fn rules_get(
    State(app): State<AppState>,
    authed: Authed,
    QueryParams(q): QueryParams<PolicyQuery>,
) -> ApiResult {
    let (resolved, _) = resolve(&app, &authed, &q).await?;
    let (policy, resolution) = (resolved.policy(), resolved.resolution());
    Ok(Json(
        json!({ "date": policy.date, "resolution": resolution, "rules": policy.rules_in_force() }),
    )
    .into_response())
}

pub async fn gaps_get(
    State(app): State<AppState>,
    authed: Authed,
    QueryParams(q): QueryParams<PolicyQuery>,
) -> ApiResult {
    let (resolved, _) = resolve(&app, &authed, &q).await?;
    let (policy, resolution) = (resolved.policy(), resolved.resolution());
    let gaps: Vec<_> = policy
        .rules_in_force()
        .into_iter()
        .filter_map(|r| r.gap)
        .collect();
    Ok(
        Json(json!({ "date": policy.date, "resolution": resolution, "missing": gaps }))
            .into_response(),
    )
}

pub async fn quota_get(
    State(app): State<AppState>,
    authed: Authed,
    QueryParams(q): QueryParams<PolicyQuery>,
) -> ApiResult {
    let (resolved, facts) = resolve(&app, &authed, &q).await?;
    let (policy, resolution) = (resolved.policy(), resolved.resolution());
    let urban = match q.kind.as_deref() {
        Some("urban") => true,
        Some("rural") => false,
        None | Some("") => facts.urban.unwrap_or(false),
        Some(_) => {
            return Err(FieldError::new(
                "kind",
                FieldErrorKind::InvalidChoice {
                    allowed: "rural, urban",
                },
            )
            .into());
        }
    };
    let (flags, _) = parse_flags(q.flags.as_deref(), facts.flags)?;
    let v = VillageInput {
        urban,
        households: count("households", q.households.as_deref())?.or(facts.households),
        population: count("population", q.population.as_deref())?.or(facts.population),
        flags,
    };
    match team_quota(&policy, &v) {
        Ok(e) => Ok(Json(
            json!({ "date": policy.date, "resolution": resolution, "members": e.value,
                                  "explanation": e.explanation, "illustrative": e.illustrative,
                                  "note": antt_domain::policy::quota::SEVERAL_VILLAGES_NOTE }),
        )
        .into_response()),
        Err(QuotaError::PolicyGap(g)) => Err(AppError::PolicyGap(g)),
        Err(QuotaError::MissingFact { fact, .. }) => Err(FieldError::new(
            if fact == "population" {
                "population"
            } else {
                "households"
            },
            FieldErrorKind::Required,
        )
        .into()),
        Err(QuotaError::NoRow { message }) => Err(AppError::Malformed {
            code: "no_rule_row",
            message,
        }),
    }
}

pub async fn eligibility_get(
    State(app): State<AppState>,
    authed: Authed,
    QueryParams(q): QueryParams<PolicyQuery>,
) -> ApiResult {
    let (resolved, facts) = resolve(&app, &authed, &q).await?;
    let (policy, resolution) = (resolved.policy(), resolved.resolution());
    let (f, island) = parse_flags(q.flags.as_deref(), facts.flags)?;
    let a = Applicant {
        birth_date: date::parse("birth_date", q.birth_date.as_deref().unwrap_or(""))?,
        education: choice(
            "education",
            q.education.as_deref(),
            None,
            Education::from_code,
            "none, primary, lower-secondary, upper-secondary",
        )?,
        residence_since: opt_date("residence_since", q.residence_since.as_deref())?,
        health_certificate: opt_date("health_certificate", q.health_certificate.as_deref())?,
        legal_status: choice(
            "legal_status",
            q.legal_status.as_deref(),
            Some("clear"),
            LegalStatus::from_code,
            "clear, prosecuted, serving-sentence, admin-measure, unexpunged-record",
        )?,
        area: AreaFlags::of(f, island),
    };
    let e = check(&policy, &a).map_err(AppError::PolicyGap)?;
    Ok(Json(json!({ "date": policy.date, "resolution": resolution, "eligible": e.eligible, "needs_exception": e.needs_exception, "reasons": e.reasons })).into_response())
}

pub async fn amounts_get(
    State(app): State<AppState>,
    authed: Authed,
    QueryParams(q): QueryParams<PolicyQuery>,
) -> ApiResult {
    let (resolved, facts) = resolve(&app, &authed, &q).await?;
    let (policy, resolution) = (resolved.policy(), resolved.resolution());
    let (f, island) = parse_flags(q.flags.as_deref(), facts.flags)?;
    let person = Person {
        role: choice(
            "role",
            q.role.as_deref(),
            None,
            TeamRole::from_code,
            "leader, deputy, member",
        )?,
        household: choice(
            "household",
            q.household.as_deref(),
            Some("none"),
            Household::from_code,
            "poor, near-poor, none",
        )?,
        ethnic_minority: matches!(q.ethnic_minority.as_deref(), Some("1" | "true" | "on")),
        island,
        hardship_area: f.border
            || f.mountainous
            || f.especially_difficult
            || f.ethnic_minority
            || island,
    };
    let report = amounts(&policy, &person);
    // Every amount that can be computed is given; what cannot is listed with where the law sets it.
    let missing = report.gap.map(|g| g.missing).unwrap_or_default();
    if report.amounts.is_empty() && !missing.is_empty() {
        return Err(AppError::PolicyGap(antt_domain::policy::PolicyGap {
            missing,
        }));
    }
    Ok(Json(json!({ "date": policy.date, "resolution": resolution, "amounts": report.amounts, "missing": missing })).into_response())
}

pub async fn equipment_get(
    State(app): State<AppState>,
    authed: Authed,
    QueryParams(q): QueryParams<PolicyQuery>,
) -> ApiResult {
    let (resolved, _) = resolve(&app, &authed, &q).await?;
    let (policy, resolution) = (resolved.policy(), resolved.resolution());
    let members = count("members", q.members.as_deref())?
        .filter(|n| *n > 0)
        .ok_or(FieldError::new("members", FieldErrorKind::Required))?;
    let report = norms(&policy, members);
    let missing = report.gap.map(|g| g.missing).unwrap_or_default();
    if report.items.is_empty() && !missing.is_empty() {
        return Err(AppError::PolicyGap(antt_domain::policy::PolicyGap {
            missing,
        }));
    }
    Ok(Json(json!({ "date": policy.date, "resolution": resolution, "members": members, "items": report.items, "missing": missing })).into_response())
}

//! Selection rounds (Thông tư 14/2024/TT-BCA Điều 3–4): the plan, applications, the council's
//! vote, the proposal and the decisions, each step dated, checked by `domain::selection` and
//! audited in the same transaction.

use std::collections::HashMap;

use antt_domain::access::Action;
use antt_domain::error::{FieldError, FieldErrorKind};
use antt_domain::force::Origin;
use antt_domain::kernel::ids::{
    ApplicationId, DecisionId, MembershipId, PersonId, RoundId, TeamId,
};
use antt_domain::money::Rate;
use antt_domain::person::{Person, Sex};
use antt_domain::policy::TeamRole;
use antt_domain::policy::eligibility::{
    Applicant, AreaFlags, Education, Eligibility, LegalStatus, check,
};
use antt_domain::selection::{
    self, CouncilRole, Outcome, PlanDates, Round, Step, StepDone, Tally, VoteMethod,
};
use antt_domain::text;
use antt_domain::unit::{UnitId, VillageFlags};
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use uuid::Uuid;

use crate::audit::{self, Change};
use crate::audit_action::AuditAction;
use crate::entities::{
    decision, membership, person, selection_application, selection_council_member, selection_round,
    selection_step, team, unit,
};
use crate::force::{DecisionView, NewMembership};
use crate::units::UnitRef;
use crate::{Actor, Store, StoreError, new_id};

mod rows;
pub mod status;
pub use status::{RoundRules, RoundStatus};

/// A new round: the plan the commune police draft (TT14-3.1).
#[derive(Debug, Clone)]
pub struct NewRound {
    pub commune: UnitId,
    /// The team the members will join; `None` when the round sets up a new team.
    pub team: Option<TeamId>,
    /// The name of the team the round sets up, known from the plan so the papers name it.
    pub new_team_name: Option<String>,
    pub villages: Vec<UnitId>,
    pub title: String,
    pub quota: u32,
    pub documents: String,
    pub place: String,
    pub application_deadline: NaiveDate,
    pub meeting_on: NaiveDate,
}

/// The documents of an application file (TT14-3.3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Checklist {
    /// Đơn đăng ký (Mẫu 01).
    pub form01: bool,
    /// Sơ yếu lý lịch.
    pub cv: bool,
    /// Giấy chứng nhận sức khỏe.
    pub health_certificate: bool,
    /// Bằng hoặc giấy xác nhận học vấn.
    pub diploma: bool,
}

impl Checklist {
    pub fn complete(self) -> bool {
        self.form01 && self.cv && self.health_certificate && self.diploma
    }

    /// The Vietnamese names of what is missing.
    pub fn missing_vi(self) -> Vec<&'static str> {
        [
            (self.form01, "đơn đăng ký (Mẫu 01)"),
            (self.cv, "sơ yếu lý lịch"),
            (self.health_certificate, "giấy chứng nhận sức khỏe"),
            (self.diploma, "bằng hoặc giấy xác nhận trình độ học vấn"),
        ]
        .into_iter()
        .filter(|(ok, _)| !ok)
        .map(|(_, name)| name)
        .collect()
    }
}

#[derive(Debug, Clone)]
pub struct NewApplication {
    pub person: PersonId,
    pub village: Option<UnitId>,
    pub submitted_on: NaiveDate,
    pub received_by: String,
    pub checklist: Checklist,
    pub legal_status: LegalStatus,
}

/// A member of the selection council (TT14-3.6) and whether they attended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouncilMember {
    pub full_name: String,
    pub role: CouncilRole,
    pub organisation: String,
    pub present: bool,
}

/// The council meeting and its vote.
#[derive(Debug, Clone)]
pub struct CouncilVote {
    pub met_on: NaiveDate,
    /// TT14-3.8.
    pub method: VoteMethod,
    pub members: Vec<CouncilMember>,
    /// "Yes" votes per application on the approved list.
    pub votes: Vec<(Uuid, u32)>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepRecord {
    pub step: Step,
    pub label: &'static str,
    pub rule: &'static str,
    pub on: NaiveDate,
    pub decision: Option<DecisionView>,
    pub note: Option<String>,
}

/// An application with its person, checklist and the eligibility check made at submission.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationView {
    pub id: Uuid,
    pub person_id: PersonId,
    pub full_name: String,
    pub cccd: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub ethnicity: String,
    pub residence: String,
    pub education: Education,
    pub phone: Option<String>,
    /// Prior service in the police, the army or the commune police: selection priority
    /// (LAW-15.3).
    pub prior_service: Vec<antt_domain::person::PriorService>,
    pub village: Option<UnitRef>,
    pub submitted_on: NaiveDate,
    pub received_by: String,
    pub checklist: Checklist,
    pub missing: Vec<&'static str>,
    pub legal_status: String,
    pub eligible: bool,
    pub eligibility: serde_json::Value,
    /// Complete and eligible: on the list the committee approves (TT14-3.5).
    pub on_list: bool,
    pub votes_yes: Option<u32>,
    pub tie_chosen: bool,
    pub proposed_role: Option<TeamRole>,
    pub membership_id: Option<MembershipId>,
}

/// A round as stored, with what has been done.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundRecord {
    pub id: RoundId,
    pub commune: UnitRef,
    pub team: Option<(TeamId, String)>,
    pub new_team_name: Option<String>,
    pub title: String,
    pub villages: Vec<UnitRef>,
    pub quota: u32,
    pub documents: String,
    pub place: String,
    pub application_deadline: NaiveDate,
    pub meeting_on: NaiveDate,
    pub vote_method: Option<VoteMethod>,
    pub pass_share: Option<Rate>,
    pub tie_decision: Option<DecisionView>,
    pub steps: Vec<StepRecord>,
    pub council: Vec<CouncilMember>,
    pub applications: Vec<ApplicationView>,
}

impl RoundRecord {
    pub fn done(&self) -> Vec<StepDone> {
        self.steps
            .iter()
            .map(|s| StepDone {
                step: s.step,
                on: s.on,
            })
            .collect()
    }

    pub fn plan(&self) -> PlanDates {
        PlanDates {
            application_deadline: self.application_deadline,
            meeting_on: self.meeting_on,
        }
    }

    pub fn step_on(&self, step: Step) -> Option<&StepRecord> {
        self.steps.iter().find(|s| s.step == step)
    }

    /// The next step to record, if any.
    pub fn next_step(&self) -> Option<Step> {
        Step::ALL.get(self.steps.len()).copied()
    }

    /// The vote counted by the pass rule recorded with it, once the council has voted.
    pub fn tally(&self) -> Option<Result<Tally, FieldError>> {
        let share = self.pass_share?;
        let votes: Vec<(Uuid, u32)> = self
            .applications
            .iter()
            .filter_map(|a| a.votes_yes.map(|v| (a.id, v)))
            .collect();
        if votes.is_empty() {
            return None;
        }
        let chosen: Vec<Uuid> = self
            .applications
            .iter()
            .filter(|a| a.tie_chosen)
            .map(|a| a.id)
            .collect();
        let size = u32::try_from(self.council.len()).unwrap_or(u32::MAX);
        let present =
            u32::try_from(self.council.iter().filter(|m| m.present).count()).unwrap_or(u32::MAX);
        Some(selection::tally(
            size, present, &votes, self.quota, share, &chosen,
        ))
    }

    /// The applications selected by the vote (and the tie decision).
    pub fn selected(&self) -> Vec<&ApplicationView> {
        let Some(Ok(t)) = self.tally() else {
            return Vec::new();
        };
        t.lines
            .iter()
            .filter(|l| l.outcome == Outcome::Selected)
            .filter_map(|l| self.applications.iter().find(|a| a.id == l.candidate))
            .collect()
    }
}

fn ids_text(ids: &[UnitId]) -> String {
    ids.iter()
        .map(|u| u.0.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

fn parse_ids(raw: &str) -> Vec<Uuid> {
    raw.split(',')
        .filter_map(|s| Uuid::parse_str(s.trim()).ok())
        .collect()
}

fn step_error(fault: antt_domain::selection::SelectionFault) -> StoreError {
    FieldError::new("step", FieldErrorKind::from(fault)).into()
}

/// Changes one application inside the caller's transaction.
async fn update_application<C: ConnectionTrait>(
    txn: &C,
    id: Uuid,
    change: impl FnOnce(&mut selection_application::ActiveModel),
) -> Result<(), StoreError> {
    let row = selection_application::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut am = row.into_active_model();
    change(&mut am);
    am.update(txn).await?;
    Ok(())
}

impl Store {
    async fn round_row<C: ConnectionTrait>(
        &self,
        db: &C,
        actor: &Actor,
        id: RoundId,
    ) -> Result<selection_round::Model, StoreError> {
        selection_round::Entity::find_by_id(id.uuid())
            .filter(actor.scope().condition(selection_round::Column::CommuneId))
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)
    }

    async fn record_of<C: ConnectionTrait>(
        &self,
        db: &C,
        r: selection_round::Model,
    ) -> Result<RoundRecord, StoreError> {
        let round = Round::try_from(&r)?;
        let village_ids: Vec<Uuid> = round.villages().iter().map(|v| v.0).collect();
        let date = round.meeting_on();
        let mut all_ids = village_ids.clone();
        all_ids.push(r.commune_id);
        let apps = selection_application::Entity::find()
            .filter(selection_application::Column::RoundId.eq(r.id))
            .order_by_asc(selection_application::Column::SubmittedOn)
            .order_by_asc(selection_application::Column::Id)
            .all(db)
            .await?;
        all_ids.extend(apps.iter().filter_map(|a| a.village_id));
        let mut refs = self.refs(db, &all_ids, date).await?;
        let commune = refs.get(&r.commune_id).cloned().ok_or(StoreError::corrupt(
            "selection_round.commune_id",
            r.commune_id,
        ))?;
        let villages = village_ids
            .iter()
            .filter_map(|v| refs.get(v).cloned())
            .collect();
        let team = match r.team_id {
            Some(t) => team::Entity::find_by_id(t)
                .one(db)
                .await?
                .map(|t| (TeamId(t.id), t.name)),
            None => None,
        };
        let steps_rows = selection_step::Entity::find()
            .filter(selection_step::Column::RoundId.eq(r.id))
            .all(db)
            .await?;
        let mut decision_ids: Vec<Uuid> = steps_rows.iter().filter_map(|s| s.decision_id).collect();
        decision_ids.extend(r.tie_decision_id);
        let decisions: HashMap<Uuid, DecisionView> = decision::Entity::find()
            .filter(decision::Column::Id.is_in(decision_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|d| Ok((d.id, Store::decision_view(d, &commune.code)?)))
            .collect::<Result<_, StoreError>>()?;
        let mut steps = Vec::new();
        for s in steps_rows {
            let step = Step::parse(&s.step)
                .map_err(|_| StoreError::corrupt("selection_step.step", &s.step))?;
            steps.push(StepRecord {
                step,
                label: step.label_vi(),
                rule: step.rule(),
                on: s.on_date,
                decision: s.decision_id.and_then(|d| decisions.get(&d).cloned()),
                note: s.note,
            });
        }
        steps.sort_by_key(|s| s.step);
        let council = selection_council_member::Entity::find()
            .filter(selection_council_member::Column::RoundId.eq(r.id))
            .order_by_asc(selection_council_member::Column::Position)
            .all(db)
            .await?
            .into_iter()
            .map(|m| {
                Ok(CouncilMember {
                    role: crate::force::stored("selection_council_member.role", &m.role)?,
                    full_name: m.full_name,
                    organisation: m.organisation,
                    present: m.present,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        let people: HashMap<Uuid, person::Model> = person::Entity::find()
            .filter(person::Column::Id.is_in(apps.iter().map(|a| a.person_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let mut applications = Vec::new();
        for a in apps {
            let p = people.get(&a.person_id).ok_or(StoreError::corrupt(
                "selection_application.person_id",
                a.person_id,
            ))?;
            let p = Person::try_from(p)?;
            let checklist = Checklist {
                form01: a.has_form01,
                cv: a.has_cv,
                health_certificate: a.has_health_certificate,
                diploma: a.has_diploma,
            };
            applications.push(ApplicationView {
                id: a.id,
                person_id: p.id(),
                full_name: p.full_name().to_string(),
                cccd: p.cccd().as_str().to_string(),
                birth_date: p.birth_date(),
                sex: p.sex(),
                ethnicity: p.ethnicity().to_string(),
                residence: p.residence().to_string(),
                education: p.education(),
                phone: p.phone().map(str::to_string),
                prior_service: p.prior_service().to_vec(),
                village: a.village_id.and_then(|v| refs.remove(&v)),
                submitted_on: a.submitted_on,
                received_by: a.received_by,
                checklist,
                missing: checklist.missing_vi(),
                legal_status: a.legal_status,
                eligible: a.eligible,
                eligibility: serde_json::from_str(&a.eligibility)
                    .map_err(|e| StoreError::corrupt("selection_application.eligibility", e))?,
                on_list: a.eligible && checklist.complete(),
                votes_yes: a.votes_yes.and_then(|v| u32::try_from(v).ok()),
                tie_chosen: a.tie_chosen,
                proposed_role: a
                    .proposed_role
                    .as_deref()
                    .map(|r| crate::force::stored("selection_application.proposed_role", r))
                    .transpose()?,
                membership_id: a.membership_id.map(MembershipId),
            });
        }
        Ok(RoundRecord {
            id: round.id(),
            commune,
            team,
            new_team_name: round.new_team_name().map(str::to_string),
            title: round.title().to_string(),
            villages,
            quota: round.quota(),
            documents: round.documents().to_string(),
            place: round.place().to_string(),
            application_deadline: round.application_deadline(),
            meeting_on: round.meeting_on(),
            vote_method: round.vote_method(),
            pass_share: round.pass_share(),
            tie_decision: round
                .tie_decision()
                .and_then(|d| decisions.get(&d.uuid()).cloned()),
            steps,
            council,
            applications,
        })
    }

    /// Drafts a round: the plan with its quota, documents, deadline and meeting date (TT14-3.1).
    pub async fn create_round(&self, actor: &Actor, new: &NewRound) -> Result<RoundId, StoreError> {
        let granted = actor.granted(Action::ManageForce)?;
        let title = text::required("title", &new.title, 300)?;
        let documents = text::required("documents", &new.documents, 1000)?;
        let place = text::required("place", &new.place, 500)?;
        // A name only for a team to set up; a round for an existing team keeps that team's.
        let new_team_name = match new.team {
            Some(_) => None,
            None => text::optional("team_name", new.new_team_name.as_deref(), 200)?,
        };
        if new.quota == 0 || new.quota > antt_domain::selection::MAX_QUOTA {
            return Err(FieldError::new("quota", FieldErrorKind::InvalidNumber).into());
        }
        if new.meeting_on <= new.application_deadline {
            return Err(FieldError::new("meeting_on", FieldErrorKind::DateOrder).into());
        }
        if new.villages.is_empty() && new.team.is_none() {
            return Err(FieldError::new("villages", FieldErrorKind::Required).into());
        }
        write_txn!(self, granted, |txn, actor| {
            let commune = self.commune_in_scope(&**txn, actor, new.commune).await?;
            let team = match new.team {
                Some(t) => Some(
                    team::Entity::find_by_id(t)
                        .filter(team::Column::CommuneId.eq(commune.id))
                        .one(&**txn)
                        .await?
                        .ok_or(FieldError::new(
                            "team",
                            FieldErrorKind::from(antt_domain::force::ForceFault::TeamNotFound),
                        ))?,
                ),
                None => None,
            };
            let mut villages = new.villages.clone();
            if villages.is_empty()
                && let Some(t) = &team
            {
                villages = self.team_village_ids(&**txn, t.id).await?;
            }
            let refs = self
                .refs(
                    &**txn,
                    &villages.iter().map(|v| v.0).collect::<Vec<_>>(),
                    new.meeting_on,
                )
                .await?;
            for v in &villages {
                if !refs.contains_key(&v.0)
                    || !self
                        .is_under(&**txn, v.0, commune.id, new.meeting_on)
                        .await?
                {
                    return Err(FieldError::new(
                        "villages",
                        FieldErrorKind::from(antt_domain::force::ForceFault::VillageNotInCommune),
                    )
                    .into());
                }
            }
            let id = new_id();
            selection_round::Entity::insert(selection_round::ActiveModel {
                id: Set(id),
                commune_id: Set(commune.id),
                team_id: Set(team.as_ref().map(|t| t.id)),
                title: Set(title.clone()),
                villages: Set(ids_text(&villages)),
                quota: Set(i32::try_from(new.quota).unwrap_or(0)),
                documents: Set(documents.clone()),
                place: Set(place.clone()),
                application_deadline: Set(new.application_deadline),
                meeting_on: Set(new.meeting_on),
                vote_method: Set(None),
                pass_share_ppm: Set(None),
                tie_decision_id: Set(None),
                new_team_name: Set(new_team_name.clone()),
                created_at: Set(self.clock.now()),
            })
            .exec_without_returning(&**txn)
            .await?;
            let after = serde_json::json!({ "title": title, "quota": new.quota, "team": team.map(|t| t.name),
                "villages": villages, "documents": documents, "place": place,
                "application_deadline": new.application_deadline, "meeting_on": new.meeting_on });
            audit::append(
                &**txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::SelectionCreate,
                    entity: "selection_round",
                    entity_id: id.to_string(),
                    unit: Some(UnitId(commune.id)),
                    before: None,
                    after: Some(&after),
                },
            )
            .await?;
            Ok(RoundId(id))
        })
    }

    /// Rounds inside the actor's scope, of one commune when given, newest first.
    pub async fn rounds(
        &self,
        actor: &Actor,
        commune: Option<UnitId>,
    ) -> Result<Vec<RoundRecord>, StoreError> {
        actor.require(Action::ViewForce)?;
        let mut q = selection_round::Entity::find()
            .filter(actor.scope().condition(selection_round::Column::CommuneId));
        // A unit above a commune rolls up the rounds of its communes.
        if let Some(c) = commune {
            q = q.filter(self.of_unit(selection_round::Column::CommuneId, c).await?);
        }
        let mut out = Vec::new();
        for r in q
            .order_by_desc(selection_round::Column::CreatedAt)
            .all(&self.db)
            .await?
        {
            out.push(self.record_of(&self.db, r).await?);
        }
        Ok(out)
    }

    pub async fn round(&self, actor: &Actor, id: RoundId) -> Result<RoundRecord, StoreError> {
        actor.require(Action::ViewForce)?;
        let r = self.round_row(&self.db, actor, id).await?;
        self.record_of(&self.db, r).await
    }

    #[allow(clippy::too_many_arguments)]
    /// The chairman's decision of a round (Mẫu 08, TT14-4.3) is one that sets up a team or
    /// recognises members, signed after the commune police's proposal (TT14-4.1) and not after
    /// the step's date, and not already used to set up a team or recognise anyone else.
    async fn check_round_decision<C: ConnectionTrait>(
        &self,
        txn: &C,
        rec: &RoundRecord,
        d: &decision::Model,
        on: NaiveDate,
    ) -> Result<(), StoreError> {
        use antt_domain::selection::SelectionFault;
        let refuse = |f: SelectionFault| -> StoreError {
            FieldError::new("decision", FieldErrorKind::from(f)).into()
        };
        let kind =
            crate::force::stored::<antt_domain::force::DecisionKind>("decision.kind", &d.kind)?;
        if !matches!(
            kind,
            antt_domain::force::DecisionKind::TeamEstablishment
                | antt_domain::force::DecisionKind::Recognition
        ) {
            return Err(refuse(SelectionFault::DecisionWrongKind));
        }
        let used_by_team = team::Entity::find()
            .filter(team::Column::DecisionId.eq(d.id))
            .count(txn)
            .await?;
        let used_by_step = selection_step::Entity::find()
            .filter(selection_step::Column::DecisionId.eq(d.id))
            .count(txn)
            .await?;
        let used_by_member = membership::Entity::find()
            .filter(membership::Column::StartDecisionId.eq(d.id))
            .count(txn)
            .await?;
        if used_by_team + used_by_step + used_by_member > 0 {
            return Err(refuse(SelectionFault::DecisionAlreadyUsed));
        }
        if let Some(proposal) = rec.steps.iter().find(|s| s.step == Step::ProposalSent)
            && d.signed_on < proposal.on
        {
            return Err(refuse(SelectionFault::DecisionBeforeProposal));
        }
        if d.signed_on > on {
            return Err(refuse(SelectionFault::DecisionAfterStep));
        }
        Ok(())
    }

    async fn insert_step<C: ConnectionTrait>(
        &self,
        txn: &C,
        rec: &RoundRecord,
        step: Step,
        on: NaiveDate,
        decision: Option<&decision::Model>,
        note: Option<String>,
    ) -> Result<(), StoreError> {
        // A step is recorded when it has happened: never ahead of today.
        if on > self.clock.today_vn() {
            return Err(FieldError::new(
                "on",
                FieldErrorKind::from(antt_domain::kernel::fault::CommonFault::DateInFuture),
            )
            .into());
        }
        selection::check_step(&rec.done(), rec.plan(), step, on)?;
        selection_step::Entity::insert(selection_step::ActiveModel {
            round_id: Set(rec.id.uuid()),
            step: Set(step.as_str().to_string()),
            on_date: Set(on),
            decision_id: Set(decision.map(|d| d.id)),
            note: Set(note.clone()),
        })
        .exec_without_returning(txn)
        .await?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    /// The audit row of a plain step (the vote, the proposal and the decisions have their own).
    async fn audit_step<C: ConnectionTrait>(
        &self,
        txn: &C,
        actor: &Actor,
        rec: &RoundRecord,
        step: Step,
        on: NaiveDate,
        decision: Option<&decision::Model>,
        note: Option<String>,
    ) -> Result<(), StoreError> {
        let after = serde_json::json!({ "round": rec.title, "step": step.as_str(), "on": on,
            "decision": decision.map(|d| d.number.clone()), "note": note });
        audit::append(
            txn,
            actor,
            self.clock.now(),
            Change {
                action: AuditAction::SelectionStep,
                entity: "selection_round",
                entity_id: rec.id.to_string(),
                unit: Some(rec.commune.id),
                before: None,
                after: Some(&after),
            },
        )
        .await?;
        Ok(())
    }

    /// Records one of the plain steps: the plan approved and posted, the list approved and posted,
    /// the minutes signed. The vote, the proposal and the decisions have their own calls.
    pub async fn record_step(
        &self,
        actor: &Actor,
        id: RoundId,
        step: Step,
        on: NaiveDate,
        decision: Option<DecisionId>,
        note: Option<String>,
    ) -> Result<(), StoreError> {
        let granted = actor.granted(Action::ManageForce)?;
        let note = text::optional("note", note.as_deref(), 1000)?;
        if matches!(
            step,
            Step::CouncilMet | Step::ProposalSent | Step::DecisionsSigned
        ) {
            return Err(step_error(
                antt_domain::selection::SelectionFault::StepNeedsDetails,
            ));
        }
        write_txn!(self, granted, |txn, actor| {
            let row = self.round_row(&**txn, actor, id).await?;
            let commune = row.commune_id;
            let rec = self.record_of(&**txn, row).await?;
            let d = self.decision_in(&**txn, commune, decision).await?;
            selection::check_step(&rec.done(), rec.plan(), step, on)?;
            match step {
                Step::ListApproved if !rec.applications.iter().any(|a| a.on_list) => {
                    return Err(FieldError::new(
                        "step",
                        FieldErrorKind::from(
                            antt_domain::selection::SelectionFault::NoApplicantOnList,
                        ),
                    )
                    .into());
                }
                Step::MinutesSigned => {
                    if let Some(Ok(t)) = rec.tally()
                        && t.tie.is_some()
                    {
                        return Err(FieldError::new(
                            "step",
                            FieldErrorKind::from(
                                antt_domain::selection::SelectionFault::TieUnresolved,
                            ),
                        )
                        .into());
                    }
                }
                _ => {}
            }
            self.insert_step(&**txn, &rec, step, on, d.as_ref(), note.clone())
                .await?;
            self.audit_step(&**txn, actor, &rec, step, on, d.as_ref(), note.clone())
                .await?;
            Ok(())
        })
    }

    /// The LAW-13 check of a person applying to a round on a date: the policy of the commune's
    /// province then, with the area flags of the village applied for, or of all the round's
    /// villages. A missing parameter is a policy gap.
    async fn check_applicant(
        &self,
        actor: &Actor,
        round: &RoundRecord,
        new: &NewApplication,
    ) -> Result<Eligibility, StoreError> {
        let p = self.person(actor, new.person).await?;
        let on = new.submitted_on;
        let villages: Vec<UnitId> = match new.village {
            Some(v) => vec![v],
            None => round.villages.iter().map(|v| v.id).collect(),
        };
        let mut flags = VillageFlags::default();
        for v in villages {
            if let Some(f) = self.unit_detail(actor, v, on).await?.facts_as_of {
                flags = flags.or(f.flags);
            }
        }
        let policy = self.policy(actor, round.commune.id, on).await?;
        Ok(check(
            &policy.policy(),
            &Applicant {
                birth_date: p.birth_date,
                education: p.education,
                residence_since: p.residence_since,
                health_certificate: p.health_certificate_on,
                legal_status: new.legal_status,
                area: AreaFlags::of(flags, false),
            },
        )?)
    }

    /// Receives an application (TT14-3.3, TT14-3.4) between the posting of the plan and the
    /// deadline, with its checklist, and checks the applicant against LAW-13 on the day it is
    /// submitted (the verdict is the store's, never the caller's).
    pub async fn add_application(
        &self,
        actor: &Actor,
        round: RoundId,
        new: &NewApplication,
    ) -> Result<ApplicationId, StoreError> {
        let granted = actor.granted(Action::ManageForce)?;
        let received_by = text::required("received_by", &new.received_by, 200)?;
        let record = self.round(actor, round).await?;
        let eligibility = &self.check_applicant(actor, &record, new).await?;
        let check = serde_json::to_string(eligibility)
            .map_err(|e| StoreError::corrupt("eligibility", e))?;
        write_txn!(self, granted, |txn, actor| {
            let row = self.round_row(&**txn, actor, round).await?;
            let rec = self.record_of(&**txn, row.clone()).await?;
            if rec.step_on(Step::ListApproved).is_some() {
                return Err(FieldError::new(
                    "submitted_on",
                    FieldErrorKind::from(
                        antt_domain::selection::SelectionFault::ApplicationsClosed,
                    ),
                )
                .into());
            }
            let posted = rec.step_on(Step::PlanPosted).map(|s| s.on);
            if posted.is_none_or(|p| new.submitted_on < p)
                || new.submitted_on > row.application_deadline
            {
                return Err(FieldError::new(
                    "submitted_on",
                    FieldErrorKind::from(
                        antt_domain::selection::SelectionFault::ApplicationOutsideWindow,
                    ),
                )
                .into());
            }
            let p = person::Entity::find_by_id(new.person)
                .filter(person::Column::CommuneId.eq(row.commune_id))
                .one(&**txn)
                .await?
                .ok_or(FieldError::new(
                    "person",
                    FieldErrorKind::from(antt_domain::person::PersonFault::PersonNotFound),
                ))?;
            if rec.applications.iter().any(|a| a.person_id.uuid() == p.id) {
                return Err(FieldError::new(
                    "person",
                    FieldErrorKind::from(antt_domain::selection::SelectionFault::AlreadyApplied),
                )
                .into());
            }
            if let Some(v) = new.village
                && !rec.villages.iter().any(|x| x.id == v)
            {
                return Err(FieldError::new(
                    "villages",
                    FieldErrorKind::from(antt_domain::force::ForceFault::VillageNotInCommune),
                )
                .into());
            }
            let id = new_id();
            selection_application::Entity::insert(selection_application::ActiveModel {
                id: Set(id),
                round_id: Set(row.id),
                person_id: Set(p.id),
                village_id: Set(new.village.map(|v| v.0)),
                submitted_on: Set(new.submitted_on),
                received_by: Set(received_by.clone()),
                has_form01: Set(new.checklist.form01),
                has_cv: Set(new.checklist.cv),
                has_health_certificate: Set(new.checklist.health_certificate),
                has_diploma: Set(new.checklist.diploma),
                legal_status: Set(serde_json::to_value(new.legal_status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()),
                eligible: Set(eligibility.eligible),
                eligibility: Set(check.clone()),
                votes_yes: Set(None),
                tie_chosen: Set(false),
                proposed_role: Set(None),
                membership_id: Set(None),
            })
            .exec_without_returning(&**txn)
            .await?;
            let after = serde_json::json!({ "person": p.full_name, "cccd": p.cccd, "submitted_on": new.submitted_on,
                "received_by": received_by, "checklist": new.checklist, "eligible": eligibility.eligible });
            audit::append(
                &**txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::SelectionApplication,
                    entity: "selection_application",
                    entity_id: id.to_string(),
                    unit: Some(UnitId(row.commune_id)),
                    before: None,
                    after: Some(&after),
                },
            )
            .await?;
            Ok(ApplicationId(id))
        })
    }

    /// Records the council's meeting, who attended, and the "yes" votes of each candidate on the
    /// approved list, counted by the pass share of the commune's policy on the meeting's date
    /// (TT14-3.6, 3.8, 3.9).
    pub async fn record_vote(
        &self,
        actor: &Actor,
        round: RoundId,
        vote: &CouncilVote,
    ) -> Result<(), StoreError> {
        let granted = actor.granted(Action::ManageForce)?;
        let commune = self.round(actor, round).await?.commune.id;
        let pass_share = self
            .round_rules(actor, commune, vote.met_on)
            .await?
            .pass_share;
        let mut members = Vec::new();
        for m in &vote.members {
            let name = text::required("council", &m.full_name, 200)?;
            let org = text::optional("council", Some(&m.organisation), 300)?.unwrap_or_default();
            members.push(CouncilMember {
                full_name: name,
                role: m.role,
                organisation: org,
                present: m.present,
            });
        }
        if !members.iter().any(|m| m.role == CouncilRole::Chair) {
            return Err(FieldError::new(
                "council",
                FieldErrorKind::from(antt_domain::selection::SelectionFault::CouncilNeedsChair),
            )
            .into());
        }
        write_txn!(self, granted, |txn, actor| {
            let row = self.round_row(&**txn, actor, round).await?;
            let mut rec = self.record_of(&**txn, row.clone()).await?;
            let listed: Vec<Uuid> = rec
                .applications
                .iter()
                .filter(|a| a.on_list)
                .map(|a| a.id)
                .collect();
            let mut voted: Vec<Uuid> = vote.votes.iter().map(|(a, _)| *a).collect();
            voted.sort();
            voted.dedup();
            let mut expect = listed.clone();
            expect.sort();
            if voted != expect || voted.len() != vote.votes.len() {
                return Err(FieldError::new(
                    "votes",
                    FieldErrorKind::from(
                        antt_domain::selection::SelectionFault::VotesMustMatchList,
                    ),
                )
                .into());
            }
            let size = u32::try_from(members.len()).unwrap_or(u32::MAX);
            let present =
                u32::try_from(members.iter().filter(|m| m.present).count()).unwrap_or(u32::MAX);
            selection::tally(size, present, &vote.votes, rec.quota, pass_share, &[])?;
            // Check the step before writing anything.
            selection::check_step(&rec.done(), rec.plan(), Step::CouncilMet, vote.met_on)?;
            for (i, m) in members.iter().enumerate() {
                selection_council_member::Entity::insert(selection_council_member::ActiveModel {
                    id: Set(new_id()),
                    round_id: Set(row.id),
                    position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
                    full_name: Set(m.full_name.clone()),
                    role: Set(m.role.as_str().to_string()),
                    organisation: Set(m.organisation.clone()),
                    present: Set(m.present),
                })
                .exec_without_returning(&**txn)
                .await?;
            }
            for (app, yes) in &vote.votes {
                let yes = i32::try_from(*yes).unwrap_or(i32::MAX);
                update_application(&**txn, *app, |am| am.votes_yes = Set(Some(yes))).await?;
            }
            let mut rm = row.into_active_model();
            rm.vote_method = Set(Some(vote.method.as_str().to_string()));
            rm.pass_share_ppm = Set(Some(pass_share.0));
            rm.update(&**txn).await?;
            rec.steps.retain(|s| s.step != Step::CouncilMet);
            let note = format!(
                "{} — có mặt {present}/{size} thành viên; tỷ lệ trúng tuyển: trên {} số có mặt",
                vote.method.label_vi(),
                pass_share.percent_vi()
            );
            self.insert_step(
                &**txn,
                &rec,
                Step::CouncilMet,
                vote.met_on,
                None,
                Some(note),
            )
            .await?;
            let after = serde_json::json!({ "round": rec.title, "on": vote.met_on, "method": vote.method, "council": members, "votes": vote.votes.iter().map(|(a, y)| serde_json::json!({"application": a, "yes": y})).collect::<Vec<_>>(), "pass_share_ppm": pass_share.0 });
            audit::append(
                &**txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::SelectionVote,
                    entity: "selection_round",
                    entity_id: rec.id.to_string(),
                    unit: Some(rec.commune.id),
                    before: None,
                    after: Some(&after),
                },
            )
            .await?;
            Ok(())
        })
    }

    /// Records the decision that settles a tie for the last places (the circular gives no rule).
    pub async fn resolve_tie(
        &self,
        actor: &Actor,
        round: RoundId,
        decision: DecisionId,
        chosen: &[Uuid],
    ) -> Result<(), StoreError> {
        let granted = actor.granted(Action::ManageForce)?;
        write_txn!(self, granted, |txn, actor| {
            let row = self.round_row(&**txn, actor, round).await?;
            let d = self
                .decision_in(&**txn, row.commune_id, Some(decision))
                .await?;
            let rec = self.record_of(&**txn, row.clone()).await?;
            if rec.step_on(Step::CouncilMet).is_none() || rec.step_on(Step::MinutesSigned).is_some()
            {
                return Err(step_error(
                    antt_domain::selection::SelectionFault::StepOutOfOrder,
                ));
            }
            let Some(Ok(t)) = rec.tally() else {
                return Err(step_error(
                    antt_domain::selection::SelectionFault::StepOutOfOrder,
                ));
            };
            if t.tie.is_none() {
                return Err(FieldError::new(
                    "chosen",
                    FieldErrorKind::from(antt_domain::selection::SelectionFault::TieChoiceMismatch),
                )
                .into());
            }
            // The council's step stores the pass rule it voted under; a round without one is not
            // something this code writes, so it is corruption, never a made-up 50 %.
            let share = rec.pass_share.ok_or_else(|| {
                StoreError::corrupt(
                    "selection_round.pass_share",
                    "council met without a pass rule",
                )
            })?;
            let votes: Vec<(Uuid, u32)> = rec
                .applications
                .iter()
                .filter_map(|a| a.votes_yes.map(|v| (a.id, v)))
                .collect();
            selection::tally(t.council_size, t.present, &votes, rec.quota, share, chosen)?;
            for a in &rec.applications {
                if chosen.contains(&a.id) {
                    update_application(&**txn, a.id, |am| am.tie_chosen = Set(true)).await?;
                }
            }
            let mut rm = row.into_active_model();
            rm.tie_decision_id = Set(d.as_ref().map(|d| d.id));
            rm.update(&**txn).await?;
            let names: Vec<&str> = rec
                .applications
                .iter()
                .filter(|a| chosen.contains(&a.id))
                .map(|a| a.full_name.as_str())
                .collect();
            let after = serde_json::json!({ "decision": d.map(|d| d.number), "chosen": names });
            audit::append(
                &**txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::SelectionTie,
                    entity: "selection_round",
                    entity_id: rec.id.to_string(),
                    unit: Some(rec.commune.id),
                    before: None,
                    after: Some(&after),
                },
            )
            .await?;
            Ok(())
        })
    }

    /// The commune police send the minutes and the lists of forms 05 and 06 (TT14-4.1). `roles`
    /// introduces leaders and deputies among the selected; the others are proposed as members.
    pub async fn send_proposal(
        &self,
        actor: &Actor,
        round: RoundId,
        on: NaiveDate,
        roles: &[(Uuid, TeamRole)],
    ) -> Result<(), StoreError> {
        let granted = actor.granted(Action::ManageForce)?;
        write_txn!(self, granted, |txn, actor| {
            let row = self.round_row(&**txn, actor, round).await?;
            let rec = self.record_of(&**txn, row).await?;
            let selected: Vec<Uuid> = rec.selected().iter().map(|a| a.id).collect();
            if roles.iter().any(|(a, _)| !selected.contains(a)) {
                return Err(FieldError::new(
                    "role",
                    FieldErrorKind::from(antt_domain::selection::SelectionFault::RoleNotSelected),
                )
                .into());
            }
            if roles.iter().filter(|(_, r)| *r == TeamRole::Leader).count() > 1 {
                return Err(FieldError::new(
                    "role",
                    FieldErrorKind::from(antt_domain::force::ForceFault::SecondLeader),
                )
                .into());
            }
            self.insert_step(&**txn, &rec, Step::ProposalSent, on, None, None)
                .await?;
            let mut proposed = Vec::new();
            for a in rec.selected() {
                let role = roles
                    .iter()
                    .find(|(x, _)| *x == a.id)
                    .map(|(_, r)| *r)
                    .unwrap_or(TeamRole::Member);
                let role = role.as_str().to_string();
                proposed.push(serde_json::json!({
                    "application": a.id, "full_name": a.full_name, "role": role,
                }));
                update_application(&**txn, a.id, |am| am.proposed_role = Set(Some(role))).await?;
            }
            // Who was proposed as leader, deputy or member is part of the record (Mẫu 05, 06).
            let after = serde_json::json!({ "on": on, "proposed": proposed });
            audit::append(
                &**txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::SelectionProposal,
                    entity: "selection_round",
                    entity_id: rec.id.to_string(),
                    unit: Some(rec.commune.id),
                    before: None,
                    after: Some(&after),
                },
            )
            .await?;
            Ok(())
        })
    }

    /// The chairman's decision (Mẫu 08, TT14-4.3): sets up the team when the round has none, and
    /// recognises the selected with the roles proposed, from the decision's date — one transaction.
    pub async fn record_decisions(
        &self,
        actor: &Actor,
        round: RoundId,
        on: NaiveDate,
        decision: DecisionId,
        team_name: Option<String>,
        workplace: Option<String>,
    ) -> Result<TeamId, StoreError> {
        let granted = actor.granted(Action::ManageForce)?;
        let team_name = text::optional("team_name", team_name.as_deref(), 200)?;
        let workplace = text::optional("workplace", workplace.as_deref(), 500)?;
        write_txn!(self, granted, |txn, actor| {
            self.decisions_in(
                txn,
                actor,
                round,
                on,
                decision,
                team_name.clone(),
                workplace.clone(),
            )
            .await
        })
    }

    /// The same, with the chairman's decision entered in the register in the same step (its
    /// number, date and signer as on the paper): the register's row and the step are written
    /// together, or neither — a refused step leaves no decision behind.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_decisions_registering(
        &self,
        actor: &Actor,
        round: RoundId,
        on: NaiveDate,
        new: &crate::force::NewDecision,
        team_name: Option<String>,
        workplace: Option<String>,
    ) -> Result<TeamId, StoreError> {
        let granted = actor.granted(Action::ManageForce)?;
        let team_name = text::optional("team_name", team_name.as_deref(), 200)?;
        let workplace = text::optional("workplace", workplace.as_deref(), 500)?;
        write_txn!(self, granted, |txn, actor| {
            let row = self.round_row(&**txn, actor, round).await?;
            if new.commune.0 != row.commune_id {
                return Err(StoreError::NotFound);
            }
            let commune = self.commune_in_scope(&**txn, actor, new.commune).await?;
            let decision = self.insert_decision(&**txn, actor, &commune, new).await?;
            self.decisions_in(
                txn,
                actor,
                round,
                on,
                decision,
                team_name.clone(),
                workplace.clone(),
            )
            .await
        })
    }

    #[allow(clippy::too_many_arguments)]
    async fn decisions_in(
        &self,
        txn: &crate::WriteTxn,
        actor: &Actor,
        round: RoundId,
        on: NaiveDate,
        decision: DecisionId,
        team_name: Option<String>,
        workplace: Option<String>,
    ) -> Result<TeamId, StoreError> {
        let row = self.round_row(&**txn, actor, round).await?;
        let d = self
            .decision_in(&**txn, row.commune_id, Some(decision))
            .await?;
        let rec = self.record_of(&**txn, row.clone()).await?;
        if let Some(d) = &d {
            self.check_round_decision(&**txn, &rec, d, on).await?;
        }
        self.insert_step(&**txn, &rec, Step::DecisionsSigned, on, d.as_ref(), None)
            .await?;
        let team_row = match row.team_id {
            Some(t) => team::Entity::find_by_id(t)
                .one(&**txn)
                .await?
                .ok_or(StoreError::NotFound)?,
            None => {
                let Some(name) = team_name.clone().or(row.new_team_name.clone()) else {
                    return Err(FieldError::new(
                        "team_name",
                        FieldErrorKind::from(
                            antt_domain::selection::SelectionFault::RoundHasNoTeam,
                        ),
                    )
                    .into());
                };
                let commune = unit::Entity::find_by_id(row.commune_id)
                    .one(&**txn)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                let villages: Vec<UnitId> =
                    parse_ids(&row.villages).into_iter().map(UnitId).collect();
                let id = self
                    .insert_team(
                        &**txn,
                        actor,
                        &commune,
                        &name,
                        workplace.as_deref(),
                        &villages,
                        on,
                        d.clone(),
                    )
                    .await?;
                let mut rm = row.clone().into_active_model();
                rm.team_id = Set(Some(id));
                rm.new_team_name = Set(Some(name));
                rm.update(&**txn).await?;
                team::Entity::find_by_id(id)
                    .one(&**txn)
                    .await?
                    .ok_or(StoreError::NotFound)?
            }
        };
        let mut recognised = Vec::new();
        for a in rec.selected() {
            let p = person::Entity::find_by_id(a.person_id)
                .one(&**txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            let new = NewMembership {
                person: PersonId(p.id),
                team: TeamId(team_row.id),
                role: a.proposed_role.unwrap_or(TeamRole::Member),
                origin: Origin::Selected,
                start_date: on,
                decision: Some(decision),
                over70_decision: None,
            };
            let m = self
                .insert_membership(&**txn, actor, &team_row, &p, &new)
                .await?;
            update_application(&**txn, a.id, |am| am.membership_id = Set(Some(m))).await?;
            recognised.push(serde_json::json!({
                "application": a.id, "full_name": p.full_name, "membership": m,
            }));
        }
        // The links the decision made: the round to its team, each application to its membership.
        let after = serde_json::json!({
            "on": on,
            "decision": d.as_ref().map(|d| d.number.clone()),
            "team": team_row.id,
            "team_name": team_row.name,
            "recognised": recognised,
        });
        audit::append(
            &**txn,
            actor,
            self.clock.now(),
            Change {
                action: AuditAction::SelectionDecision,
                entity: "selection_round",
                entity_id: rec.id.to_string(),
                unit: Some(rec.commune.id),
                before: None,
                after: Some(&after),
            },
        )
        .await?;
        Ok(TeamId(team_row.id))
    }
}
